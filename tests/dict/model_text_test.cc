#include "dict/model_text.h"

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace kwx::internal {
namespace {

TEST(ModelTextTest, ParseDoubleReadsReprBackExactly) {
  double d = 0;
  ASSERT_TRUE(ParseDouble("-3.14e+100", &d));
  EXPECT_EQ(d, -3.14e100);
  ASSERT_TRUE(ParseDouble("-4.762305214596967", &d));
  EXPECT_EQ(d, -4.762305214596967);
  ASSERT_TRUE(ParseDouble("0.1", &d));
  EXPECT_EQ(d, 0.1);
}

TEST(ModelTextTest, ParseDoubleRejectsJunk) {
  double d = 0;
  for (const char* bad : {"", "abc", "1.5x", " 1", "1 ", "1e999", "--1", "nan"}) {
    EXPECT_FALSE(ParseDouble(bad, &d)) << bad;
  }
}

TEST(ModelTextTest, SplitFieldsKeepsEmptyPieces) {
  EXPECT_EQ(SplitFields("a b  c", ' '), (std::vector<std::string_view>{"a", "b", "", "c"}));
  EXPECT_EQ(SplitFields("", ','), (std::vector<std::string_view>{""}));
  EXPECT_EQ(SplitFields("x,", ','), (std::vector<std::string_view>{"x", ""}));
}

TEST(ModelTextTest, SingleCodePoint) {
  char32_t cp = 0;
  ASSERT_TRUE(SingleCodePoint("中", &cp));
  EXPECT_EQ(cp, U'中');
  ASSERT_TRUE(SingleCodePoint("a", &cp));
  EXPECT_EQ(cp, U'a');
  EXPECT_FALSE(SingleCodePoint("", &cp));
  EXPECT_FALSE(SingleCodePoint("ab", &cp));
  EXPECT_FALSE(SingleCodePoint("中国", &cp));
  EXPECT_FALSE(SingleCodePoint("\xe4\xb8", &cp));  // truncated
  EXPECT_FALSE(SingleCodePoint("\xff", &cp));
}

TEST(ModelTextTest, ForEachModelLineSkipsCommentsAndBlanksAndTrims) {
  std::vector<std::pair<std::size_t, std::string>> seen;
  ForEachModelLine("# c\n\nfirst \t\r\n  \nsecond\nthird", [&](std::size_t n, std::string_view l) {
    seen.emplace_back(n, std::string(l));
    return true;
  });
  EXPECT_EQ(seen, (std::vector<std::pair<std::size_t, std::string>>{
                      {3, "first"}, {5, "second"}, {6, "third"}}));
  int calls = 0;
  ForEachModelLine("a\nb\nc\n", [&](std::size_t, std::string_view) { return ++calls < 2; });
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace kwx::internal
