// IdfTable (src/kw/idf_table.cc): jieba's IDFLoader. Expected values come from jieba 0.42.1's
// IDFLoader(path) on the same bytes (Debian's python3-jieba, /usr/bin/python3).
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "kwx/keywords.h"
#include "testdata/test_support.h"

namespace kwx {
namespace {

StatusOr<std::shared_ptr<const IdfTable>> LoadText(const test::TempDir& dir, std::string_view text) {
  return IdfTable::Load(dir.Write("idf.txt", text));
}

// Loading must fail with kDataError naming the file and, if line > 0, the line.
void ExpectError(std::string_view text, int line) {
  SCOPED_TRACE(testing::Message() << "input: " << testing::PrintToString(std::string(text)));
  test::TempDir dir;
  auto r = LoadText(dir, text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_NE(r.status().message().find(dir.path() + "/idf.txt"), std::string::npos)
      << r.status().message();
  if (line > 0) {
    EXPECT_NE(r.status().message().find("line " + std::to_string(line)), std::string::npos)
        << r.status().message();
  }
}

TEST(IdfTableTest, DefaultFile) {
  const IdfTable& idf = test::DefaultIdf();
  // jieba: len(idf_freq) == 270132, median_idf == 11.9547675029.
  EXPECT_EQ(idf.size(), 270132u);
  EXPECT_EQ(idf.median(), 11.9547675029);
  EXPECT_EQ(idf.Get("升职"), 10.8561552143);
  EXPECT_EQ(idf.Get("拖拉机"), 8.43684584695);
  EXPECT_EQ(idf.Get("的"), 0.88474202619);  // the smallest value
  EXPECT_EQ(idf.Get("中国"), 3.02732068666);
  EXPECT_EQ(idf.Get("CEO"), 11.9547675029);  // absent: the median
  EXPECT_EQ(idf.Get(""), 11.9547675029);
}

TEST(IdfTableTest, MedianIsSortedValuesAtHalfTheLength) {
  test::TempDir dir;
  // jieba: {'a': 1.5, 'b': 2.0, 'c': 3.0}, median 2.0.
  auto r = LoadText(dir, "a 1.5\nb 2\nc 3\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)->size(), 3u);
  EXPECT_EQ((*r)->median(), 2.0);
  EXPECT_EQ((*r)->Get("a"), 1.5);
  EXPECT_EQ((*r)->Get("zzz"), 2.0);
  // Even count: sorted([4, 1, 3, 2])[2] == 3.
  auto even = LoadText(dir, "w 4\nx 1\ny 3\nz 2\n");
  ASSERT_TRUE(even.ok()) << even.status().message();
  EXPECT_EQ((*even)->median(), 3.0);
  // One entry.
  auto one = LoadText(dir, "only 7.25");
  ASSERT_TRUE(one.ok()) << one.status().message();
  EXPECT_EQ((*one)->median(), 7.25);
}

TEST(IdfTableTest, DuplicatesKeepTheLastValueAndCountOnce) {
  test::TempDir dir;
  // jieba: {'a': 3.0, 'b': 2.0}, median sorted([3, 2])[1] == 3.0.
  auto r = LoadText(dir, "a 1\nb 2\na 3\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)->size(), 2u);
  EXPECT_EQ((*r)->Get("a"), 3.0);
  EXPECT_EQ((*r)->median(), 3.0);
}

TEST(IdfTableTest, PythonFloatForms) {
  test::TempDir dir;
  // jieba: {'a': 10.0, 'b': 0.001, 'c': inf, 'd': -inf, 'e': inf, 'f': 150.0, 'g': 0.5,
  // 'h': 5.0}, median 10.0.
  auto r = LoadText(dir, "a 1_0\nb 1e-3\nc inf\nd -inf\ne Infinity\nf +1.5E+2\ng .5\nh 5.\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)->Get("a"), 10.0);
  EXPECT_EQ((*r)->Get("b"), 0.001);
  EXPECT_EQ((*r)->Get("c"), std::numeric_limits<double>::infinity());
  EXPECT_EQ((*r)->Get("d"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ((*r)->Get("e"), std::numeric_limits<double>::infinity());
  EXPECT_EQ((*r)->Get("f"), 150.0);
  EXPECT_EQ((*r)->Get("g"), 0.5);
  EXPECT_EQ((*r)->Get("h"), 5.0);
  EXPECT_EQ((*r)->median(), 10.0);
  auto more = LoadText(dir, "a INF\nb -0\nc 1E5\nd 0.1\n");
  ASSERT_TRUE(more.ok()) << more.status().message();
  EXPECT_EQ((*more)->Get("a"), std::numeric_limits<double>::infinity());
  EXPECT_EQ((*more)->Get("b"), 0.0);
  EXPECT_TRUE(std::signbit((*more)->Get("b")));
  EXPECT_EQ((*more)->Get("c"), 100000.0);
  EXPECT_EQ((*more)->Get("d"), 0.1);
}

TEST(IdfTableTest, LinesAreSplitAsStrSplitlinesAndStripped) {
  test::TempDir dir;
  // Every str.splitlines() separator; jieba reads 11 entries, median 6.0.
  auto r = LoadText(dir,
                    "a 1\r\nb 2\rc 3\x0b" "d 4\x0c" "e 5\x1c" "f 6\x1dg 7\x1eh 8\xc2\x85i 9"
                    "\xe2\x80\xa8j 10\xe2\x80\xa9k 11\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)->size(), 11u);
  EXPECT_EQ((*r)->median(), 6.0);
  EXPECT_EQ((*r)->Get("k"), 11.0);
  // strip(): leading/trailing blanks, Unicode ones included.
  auto s = LoadText(dir, "  a 1  \nb 2\xe3\x80\x80\n\x1f" "c 3\x1f\n");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ((*s)->Get("a"), 1.0);
  EXPECT_EQ((*s)->Get("b"), 2.0);
  EXPECT_EQ((*s)->Get("c"), 3.0);
}

TEST(IdfTableTest, BomIsPartOfTheFirstWord) {
  test::TempDir dir;
  // jieba: {'\ufeffa': 1.0}.
  auto r = LoadText(dir, "\xef\xbb\xbf" "a 1\nb 2\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)->Get("\xef\xbb\xbf" "a"), 1.0);
  EXPECT_EQ((*r)->Get("a"), (*r)->median());
}

TEST(IdfTableTest, BlankLineIsAnError) {
  ExpectError("a 1\n\nb 2\n", 2);  // jieba: not enough values to unpack
  ExpectError("a 1\n\n", 2);
  ExpectError("a 1\n   \n", 2);
}

TEST(IdfTableTest, WrongNumberOfFieldsIsAnError) {
  ExpectError("a 1 2\n", 1);   // too many values to unpack
  ExpectError("a\t1\n", 1);    // split(' ') only: one field
  ExpectError("ok 1\na  1\n", 2);  // two spaces: three fields
  ExpectError("word\n", 1);
}

TEST(IdfTableTest, NonNumbersAreErrors) {
  ExpectError("a x\n", 1);  // could not convert string to float
  ExpectError("a 1__0\n", 1);
  ExpectError("a 0x10\n", 1);
  ExpectError("a 1e\n", 1);
  ExpectError("a 1,5\n", 1);
  ExpectError("a 1\nb _1\n", 2);
  ExpectError("a 1\nb 1_\n", 2);
  ExpectError("a 1\nb nanx\n", 2);
}

TEST(IdfTableTest, NanIsRefused) {
  // jieba accepts NaN and then sorts keywords in an order that depends on its sort's internals;
  // kwx refuses the file.
  ExpectError("a 1\nb nan\n", 2);
  ExpectError("a NaN\n", 1);
  ExpectError("a -nan\n", 1);
}

TEST(IdfTableTest, EmptyFileIsAnError) {
  ExpectError("", 0);  // jieba: IndexError (sorted([])[0])
}

TEST(IdfTableTest, InvalidUtf8IsAnError) {
  ExpectError("a 1\n\xff 2\n", 0);
}

TEST(IdfTableTest, MissingFileIsNamed) {
  test::TempDir dir;
  std::string path = dir.path() + "/absent-idf.txt";
  auto r = IdfTable::Load(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find(path), std::string::npos) << r.status().message();
}

// jieba accepts these, kwx does not: float() strips whitespace inside the value field and reads
// Unicode digits. Python: IDFLoader on b"a \t1\n" gives {'a': 1.0}; on "a \uff15\n" {'a': 5.0}.
// Kept disabled to document the difference; see the report.
TEST(IdfTableTest, PythonFloatStripsTheFieldAndReadsUnicodeDigits) {
  test::TempDir dir;
  auto tab = LoadText(dir, "a \t1\n");
  ASSERT_TRUE(tab.ok()) << tab.status().message();
  EXPECT_EQ((*tab)->Get("a"), 1.0);
  auto fullwidth = LoadText(dir, "a \xef\xbc\x95\n");
  ASSERT_TRUE(fullwidth.ok()) << fullwidth.status().message();
  EXPECT_EQ((*fullwidth)->Get("a"), 5.0);
}

// TFIDF.idf_freq changed in Python: the entries as given, the median as given (not recomputed,
// as jieba keeps median_idf when idf_freq changes), a later duplicate winning.
TEST(IdfTableTest, FromEntriesKeepsTheGivenMedian) {
  const std::vector<std::pair<std::string, double>> entries = {
      {"北京", 2.5}, {"", 1.0}, {"abc", -0.0}, {"北京", 7.25}, {"inf", 1e308 * 10}};
  auto table = IdfTable::FromEntries(entries, 3.0);
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ((*table)->size(), 4u);
  EXPECT_EQ((*table)->median(), 3.0);
  EXPECT_EQ((*table)->Get("北京"), 7.25);
  EXPECT_EQ((*table)->Get(""), 1.0);
  EXPECT_TRUE(std::signbit((*table)->Get("abc")));
  EXPECT_TRUE(std::isinf((*table)->Get("inf")));
  EXPECT_EQ((*table)->Get("missing"), 3.0);

  auto empty = IdfTable::FromEntries({}, -1.5);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ((*empty)->size(), 0u);
  EXPECT_EQ((*empty)->Get("北京"), -1.5);
}

TEST(IdfTableTest, FromEntriesRefusesNan) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<std::pair<std::string, double>> entries = {{"北京", nan}};
  auto table = IdfTable::FromEntries(entries, 1.0);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(table.status().message().find("北京"), std::string::npos);
  EXPECT_FALSE(IdfTable::FromEntries({}, nan).ok());
}

}  // namespace
}  // namespace kwx
