#include "dict/dict_text.h"

#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace kwx::internal {
namespace {

using namespace std::string_view_literals;

// Expected behaviour was checked against jieba 0.42.1's Tokenizer.gen_pfdict (Debian's
// python3-jieba, /usr/bin/python3), fed the same bytes through io.BytesIO.

StatusOr<DictText> Parse(std::string_view text) { return ParseDictText(text, "test.dict"); }

// The parse must fail with kDataError, naming the file and the (1-based) line.
void ExpectError(std::string_view text, int line) {
  SCOPED_TRACE(testing::Message() << "input: " << testing::PrintToString(std::string(text)));
  auto r = Parse(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_NE(r.status().message().find("test.dict"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("line " + std::to_string(line)), std::string::npos)
      << r.status().message();
}

// The frequency field parses (and the line is accepted) with this value.
void ExpectFreq(std::string_view text, std::int64_t freq) {
  SCOPED_TRACE(testing::Message() << "input: " << testing::PrintToString(std::string(text)));
  auto r = Parse(text);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entries.size(), 1u);
  EXPECT_EQ(r->entries[0].freq, freq);
  EXPECT_EQ(r->total, static_cast<std::uint64_t>(freq));
}

TEST(DictTextTest, ParsesWordFrequencyAndTag) {
  auto r = Parse("中国 129470 ns\n北京 34488\nB超 3 n\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entries.size(), 3u);
  EXPECT_EQ(r->entries[0].word, U"中国");
  EXPECT_EQ(r->entries[0].freq, 129470);
  EXPECT_EQ(r->entries[0].tag, "ns");
  EXPECT_EQ(r->entries[1].word, U"北京");
  EXPECT_EQ(r->entries[1].freq, 34488);
  EXPECT_EQ(r->entries[1].tag, "");
  EXPECT_EQ(r->entries[2].word, U"B超");
  EXPECT_EQ(r->total, 129470u + 34488u + 3u);
}

TEST(DictTextTest, FieldsAfterTheTagAreIgnored) {
  // jieba: line.split(' ')[:2]; the rest of the line is never looked at.
  auto r = Parse("w 1 n extra fields\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entries.size(), 1u);
  EXPECT_EQ(r->entries[0].word, U"w");
  EXPECT_EQ(r->entries[0].freq, 1);
  EXPECT_EQ(r->entries[0].tag, "n");
}

TEST(DictTextTest, DuplicatesAreKeptAndAllCountInTotal) {
  // gen_pfdict: lfreq = {'a': 5, 'b': 2}, total 8 (every line counts).
  auto r = Parse("a 1\nb 2\na 5\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entries.size(), 3u);
  EXPECT_EQ(r->entries[0].freq, 1);
  EXPECT_EQ(r->entries[2].word, U"a");
  EXPECT_EQ(r->entries[2].freq, 5);
  EXPECT_EQ(r->total, 8u);
}

TEST(DictTextTest, ZeroFrequencyIsAccepted) {
  auto r = Parse("x 1\nab 2\nabc 0\nab 5\n");  // jieba: total 8
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entries.size(), 4u);
  EXPECT_EQ(r->entries[2].freq, 0);
  EXPECT_EQ(r->total, 8u);
}

TEST(DictTextTest, LinesAreStrippedOfAsciiWhitespace) {
  // bytes.strip(): CRLF line ends, leading and trailing blanks, tabs, \v, \f.
  auto r = Parse("a 1\r\nb 2\r\n  c 3  \t\n\x0b" "d 4\x0c\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entries.size(), 4u);
  EXPECT_EQ(r->entries[0].word, U"a");
  EXPECT_EQ(r->entries[1].freq, 2);
  EXPECT_EQ(r->entries[2].word, U"c");
  EXPECT_EQ(r->entries[3].word, U"d");
  EXPECT_EQ(r->total, 10u);
}

TEST(DictTextTest, WhitespaceInsideAWordIsKept) {
  // Only ' ' separates fields: "a\tb 3" is the word "a\tb"; "a\x0b 5" the word "a\x0b".
  auto r = Parse("a\tb 3\na\x0b 5\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entries.size(), 2u);
  EXPECT_EQ(r->entries[0].word, U"a\tb");
  EXPECT_EQ(r->entries[1].word, U"a\x0b");
  EXPECT_EQ(r->total, 8u);
}

TEST(DictTextTest, LastLineWithoutNewline) {
  auto r = Parse("a 1\nb 2");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->entries.size(), 2u);
  EXPECT_EQ(r->total, 3u);
}

TEST(DictTextTest, EmptyTextHasNoEntries) {
  auto r = Parse("");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->entries.empty());
  EXPECT_EQ(r->total, 0u);
}

TEST(DictTextTest, BlankLineIsAnErrorWithItsLineNumber) {
  // jieba: "invalid dictionary entry in ... at Line 2: " for all three.
  ExpectError("a 1\n\nb 2\n", 2);
  ExpectError("a 1\n   \nb 2", 2);
  ExpectError("a 1\n\n", 2);  // a trailing blank line too
  ExpectError("\na 1\n", 1);
  ExpectError("a 1\nb 2\nc 3\r\n\r\n", 4);
}

TEST(DictTextTest, MissingOrMalformedFrequencyIsAnError) {
  ExpectError("word\n", 1);       // one field
  ExpectError("a \n", 1);         // stripped to one field
  ExpectError("a  1\n", 1);       // two spaces: int('') fails
  ExpectError("a x\n", 1);
  ExpectError("a 1.5\n", 1);
  ExpectError("a 1e3\n", 1);
  ExpectError("a 0x10\n", 1);
  ExpectError("a 5\x1c\n", 1);    // int() does not strip \x1c (checked with jieba)
  ExpectError("ok 1\nok 2\nbad\n", 3);
}

TEST(DictTextTest, NegativeFrequencyIsRejected) {
  // jieba accepts "a -3" and then fails with "math domain error" while segmenting; kwx refuses
  // the file up front (a documented, deliberate difference).
  ExpectError("a -3\n", 1);
  ExpectError("a 1\nb -1\n", 2);
}

TEST(DictTextTest, InvalidUtf8IsAnError) {
  ExpectError("\xff 1\n", 1);
  ExpectError("a 1\n\xe4\xb8 2\n", 2);      // truncated sequence
  ExpectError("a 1\nb 2\n\xed\xa0\x80 3\n", 3);  // a surrogate
}

TEST(DictTextTest, PythonIntForms) {
  // Python's int(): underscores between digits, a sign, trailing ASCII blanks inside the field.
  ExpectFreq("a 1_000\n", 1000);
  ExpectFreq("a 1_2_3\n", 123);
  ExpectFreq("a +5\n", 5);
  ExpectFreq("a -0\n", 0);
  ExpectFreq("a 007\n", 7);
  ExpectFreq("a 5\t n\n", 5);  // field "5\t": int() strips it
  ExpectFreq("a 5\t\n", 5);
  ExpectError("a 1__0\n", 1);
  ExpectError("a _1\n", 1);
  ExpectError("a 1_\n", 1);
  ExpectError("a +\n", 1);
  ExpectError("a +-1\n", 1);
}

TEST(DictTextTest, TagIsTheThirdField) {
  auto r = Parse("a 1 nr\nb 2\nc 3 \n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->entries.size(), 3u);
  EXPECT_EQ(r->entries[0].tag, "nr");
  EXPECT_EQ(r->entries[1].tag, "");
  EXPECT_EQ(r->entries[2].tag, "");  // the trailing blank is stripped
}

TEST(DictTextTest, ErrorMessageQuotesTheLine) {
  auto r = Parse("a 1\nbad line here\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("bad line here"), std::string::npos) << r.status().message();
}

// Python's int() strips Unicode whitespace and reads any Unicode decimal digit:
// int('1\u3000') == 1, int('\uff15') == 5. Frequencies beyond int64 are a documented kwx limit
// (jieba would accept 99999999999999999999): they are refused with a clear error.
TEST(DictTextTest, PythonIntAcceptsUnicodeDigitsAndBlanks) {
  ExpectFreq("a 1\xe3\x80\x80\n", 1);           // "1" + U+3000
  ExpectFreq("a \xef\xbc\x95\n", 5);            // U+FF15 FULLWIDTH DIGIT FIVE
  auto r = Parse("a 99999999999999999999\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("64 bits"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace kwx::internal
