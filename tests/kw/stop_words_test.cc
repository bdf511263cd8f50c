// StopWords (src/kw/stop_words.cc): jieba's KeywordExtractor.STOP_WORDS and set_stop_words().
// The lower-casing of candidates is the extractor's job (see tfidf_test.cc); StopWords itself is
// a raw set. Expected sets come from jieba 0.42.1 (/usr/bin/python3).
#include <string>

#include "gtest/gtest.h"
#include "kwx/keywords.h"
#include "testdata/test_support.h"

namespace kwx {
namespace {

TEST(StopWordsTest, BuiltInEnglishWords) {
  StopWords sw;
  // jieba's STOP_WORDS: 32 literals with "that" twice, 31 distinct.
  EXPECT_EQ(sw.size(), 31u);
  for (const char* w : {"the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are",
                        "by", "be", "as", "on", "with", "can", "if", "from", "which", "you", "it",
                        "this", "then", "at", "have", "all", "not", "one", "has", "or"}) {
    EXPECT_TRUE(sw.Contains(w)) << w;
  }
  EXPECT_FALSE(sw.Contains("The"));  // raw lookup
  EXPECT_FALSE(sw.Contains("a"));
  EXPECT_FALSE(sw.Contains(""));
  EXPECT_FALSE(sw.Contains("the "));
  EXPECT_FALSE(sw.Contains("的"));
}

TEST(StopWordsTest, AddKeepsWordsRaw) {
  StopWords sw;
  sw.Add("DATA");
  sw.Add(" x ");
  sw.Add("的");
  sw.Add("the");  // already there
  EXPECT_EQ(sw.size(), 34u);
  EXPECT_TRUE(sw.Contains("DATA"));
  EXPECT_FALSE(sw.Contains("data"));
  EXPECT_TRUE(sw.Contains(" x "));
  EXPECT_FALSE(sw.Contains("x"));
  EXPECT_TRUE(sw.Contains("的"));
}

TEST(StopWordsTest, FileLinesAreSplitAsStrSplitlinesAndAddedRaw) {
  test::TempDir dir;
  // Every str.splitlines() separator, a BOM, an upper-case entry and a trailing blank.
  // jieba's set_stop_words on these bytes adds exactly:
  // ['DATA', 'alpha', 'beta', 'delta', 'epsilon', 'eta', 'gamma', 'theta ', 'zeta', '小明',
  //  '网易', '\ufeffab']
  std::string path = dir.Write(
      "stop.txt",
      "\xef\xbb\xbf" "ab\n网易\r\nDATA\r小明\x0b" "alpha\x0c" "beta\x1cgamma\x1d" "delta\x1e"
      "epsilon\xc2\x85zeta\xe2\x80\xa8" "eta\xe2\x80\xa9theta \n");
  StopWords sw;
  ASSERT_TRUE(sw.AddFile(path).ok());
  EXPECT_EQ(sw.size(), 31u + 12u);
  for (const char* w : {"DATA", "alpha", "beta", "delta", "epsilon", "eta", "gamma", "theta ",
                        "zeta", "小明", "网易", "\xef\xbb\xbf" "ab"}) {
    EXPECT_TRUE(sw.Contains(w)) << w;
  }
  EXPECT_FALSE(sw.Contains("ab"));     // the BOM spoils the first entry
  EXPECT_FALSE(sw.Contains("theta"));  // no strip
  EXPECT_FALSE(sw.Contains("data"));   // no lower-casing
  EXPECT_FALSE(sw.Contains(""));       // no empty line in this file
}

TEST(StopWordsTest, EmptyLinesAddTheEmptyString) {
  test::TempDir dir;
  // "a\n\nb\r\n\r\n".splitlines() == ['a', '', 'b', '']
  StopWords sw;
  ASSERT_TRUE(sw.AddFile(dir.Write("s.txt", "a\n\nb\r\n\r\n")).ok());
  EXPECT_TRUE(sw.Contains(""));
  EXPECT_TRUE(sw.Contains("a"));
  EXPECT_TRUE(sw.Contains("b"));
  EXPECT_EQ(sw.size(), 34u);
}

TEST(StopWordsTest, AddingAgainAddsMore) {
  test::TempDir dir;
  StopWords sw;
  ASSERT_TRUE(sw.AddFile(dir.Write("one.txt", "一\n")).ok());
  ASSERT_TRUE(sw.AddFile(dir.Write("two.txt", "二\n一\n")).ok());
  EXPECT_TRUE(sw.Contains("一"));
  EXPECT_TRUE(sw.Contains("二"));
  EXPECT_EQ(sw.size(), 33u);
  ASSERT_TRUE(sw.AddFile(dir.Write("empty.txt", "")).ok());
  EXPECT_EQ(sw.size(), 33u);
}

TEST(StopWordsTest, MissingFileIsNamed) {
  test::TempDir dir;
  std::string path = dir.path() + "/absent.txt";
  StopWords sw;
  Status s = sw.AddFile(path);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
  EXPECT_EQ(sw.size(), 31u);
}

TEST(StopWordsTest, InvalidUtf8IsRefused) {
  // jieba: UnicodeDecodeError from .decode('utf-8').
  test::TempDir dir;
  std::string path = dir.Write("bad.txt", "ok\n\xff\xfe\n");
  StopWords sw;
  Status s = sw.AddFile(path);
  EXPECT_EQ(s.code(), StatusCode::kDataError);
  EXPECT_NE(s.message().find(path), std::string::npos) << s.message();
}

TEST(StopWordsTest, MoveKeepsTheWords) {
  StopWords a;
  a.Add("x");
  StopWords b = std::move(a);
  EXPECT_TRUE(b.Contains("x"));
  EXPECT_TRUE(b.Contains("the"));
}

// A changed Python stop_words set may have lost built-in words: Empty() starts from nothing.
TEST(StopWordsTest, EmptyHasNoWordsNotEvenTheBuiltInOnes) {
  StopWords sw = StopWords::Empty();
  EXPECT_EQ(sw.size(), 0u);
  EXPECT_FALSE(sw.Contains("the"));
  sw.Add("的");
  sw.Add("");
  EXPECT_EQ(sw.size(), 2u);
  EXPECT_TRUE(sw.Contains("的"));
  EXPECT_TRUE(sw.Contains(""));
  EXPECT_FALSE(sw.Contains("of"));
}

}  // namespace
}  // namespace kwx
