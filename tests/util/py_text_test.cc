// Python str semantics used by the data-file parsers. Expected values from /usr/bin/python3 3.11.
#include "util/py_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace kwx::internal {
namespace {

TEST(SplitLinesPyTest, BreaksLikeStrSplitlines) {
  // "a\nb\r\nc\rd\x0be\x0cf\x1cg\x1dh\x1ei\x85j\u2028k\u2029l".splitlines()
  std::string s = "a\nb\r\nc\rd\x0b" "e\x0c" "f\x1cg\x1dh\x1ei\xc2\x85j\xe2\x80\xa8k\xe2\x80\xa9l";
  std::vector<std::string_view> want = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"};
  EXPECT_EQ(SplitLinesPy(s), want);
  // A final break does not start an empty line; "\x1f" is whitespace but no line break.
  EXPECT_EQ(SplitLinesPy("x\n"), std::vector<std::string_view>{"x"});
  EXPECT_EQ(SplitLinesPy("\n\n"), (std::vector<std::string_view>{"", ""}));
  EXPECT_EQ(SplitLinesPy("a\x1f" "b"), std::vector<std::string_view>{"a\x1f" "b"});
  EXPECT_TRUE(SplitLinesPy("").empty());
}

TEST(StripPyTest, StripsUnicodeWhitespace) {
  EXPECT_EQ(StripPy(" \t\xe3\x80\x80x y\xc2\xa0\x1f"), "x y");  // U+3000, U+00A0, \x1f
  EXPECT_EQ(StripPy("\xe2\x80\x8bx"), "\xe2\x80\x8bx");  // U+200B is not whitespace
  EXPECT_EQ(StripPy("   "), "");
}

TEST(ParsePyFloatTest, AcceptsWhatFloatAccepts) {
  struct Case {
    const char* text;
    double value;
  } cases[] = {{"1.5", 1.5},       {"+3.25", 3.25}, {".5", 0.5},     {"5.", 5.0},
               {"1E2", 100.0},     {"1e-3", 1e-3},  {"-0", -0.0},    {"007.5", 7.5},
               {"1_0", 10.0},      {"1e1_0", 1e10}, {" 5\t", 5.0},   {"\xc2\xa0" "5", 5.0},
               {"5\xc2\x85", 5.0}, {"\xd9\xa5", 5.0},  // U+0665 ARABIC-INDIC FIVE
               {"\xef\xbc\x95", 5.0},                  // U+FF15 FULLWIDTH FIVE
               {"13.900677652", 13.900677652}};
  for (const Case& c : cases) {
    double v = 0;
    ASSERT_TRUE(ParsePyFloat(c.text, &v)) << c.text;
    EXPECT_EQ(v, c.value) << c.text;
    EXPECT_EQ(std::signbit(v), std::signbit(c.value)) << c.text;
  }
  double v = 0;
  ASSERT_TRUE(ParsePyFloat("-Infinity", &v));
  EXPECT_TRUE(std::isinf(v) && v < 0);
  ASSERT_TRUE(ParsePyFloat("nAn", &v));
  EXPECT_TRUE(std::isnan(v));
}

TEST(ParsePyFloatTest, RejectsWhatFloatRejects) {
  for (const char* text : {"", " ", "1__0", "_1", "1_", "1._5", "0x10", "1e", "e5", "1.2.3",
                           "5\x1c", "5\x7f", "1 2", "--1", "infinityy", "\xe4\xb8\x80"}) {
    double v = 0;
    EXPECT_FALSE(ParsePyFloat(text, &v)) << text;
  }
}

TEST(ParsePyIntTest, AcceptsWhatIntAcceptsWithinInt64) {
  std::int64_t v = 0;
  ASSERT_TRUE(ParsePyInt("1_000", &v));
  EXPECT_EQ(v, 1000);
  ASSERT_TRUE(ParsePyInt(" -7\t", &v));
  EXPECT_EQ(v, -7);
  ASSERT_TRUE(ParsePyInt("5\xe3\x80\x80", &v));  // int('5\u3000') == 5
  EXPECT_EQ(v, 5);
  ASSERT_TRUE(ParsePyInt("9223372036854775807", &v));
  EXPECT_EQ(v, INT64_MAX);
  for (const char* text : {"", "1.0", "5\x1c", "9223372036854775808", "1__0", "0x1", "+"}) {
    EXPECT_FALSE(ParsePyInt(text, &v)) << text;
  }
}

}  // namespace
}  // namespace kwx::internal
