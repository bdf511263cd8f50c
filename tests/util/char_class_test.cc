// The character classes of jieba's regular expressions, checked over every code point against
// plain restatements of the regexes (re_han_default, re_eng, \d, \s) and Python's str.isspace().
#include "util/char_class.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>

namespace kwx::internal {
namespace {

bool InSet(char32_t c, std::u32string_view set) { return set.find(c) != std::u32string_view::npos; }

// [\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]
bool ReferenceBlock(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FD5) || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') ||
         (c >= U'0' && c <= U'9') || InSet(c, U"+#&._%-");
}

// Python 3.11: ''.join(c for c in map(chr, range(0x110000)) if c.isspace())
constexpr std::u32string_view kPySpaces =
    U"\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    U"\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

TEST(CharClassTest, EveryCodePoint) {
  for (char32_t c = 0; c < 0x110000; ++c) {
    ASSERT_EQ(IsHan(c), c >= 0x4E00 && c <= 0x9FD5) << std::hex << static_cast<std::uint32_t>(c);
    ASSERT_EQ(IsBlockChar(c), ReferenceBlock(c)) << std::hex << static_cast<std::uint32_t>(c);
    ASSERT_EQ(IsAsciiDigit(c), c >= U'0' && c <= U'9') << std::hex << static_cast<std::uint32_t>(c);
    ASSERT_EQ(IsAsciiAlnum(c), IsAsciiDigit(c) || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'))
        << std::hex << static_cast<std::uint32_t>(c);
    ASSERT_EQ(IsPySpace(c), InSet(c, kPySpaces)) << std::hex << static_cast<std::uint32_t>(c);
  }
}

TEST(CharClassTest, ValuesBeyondUnicodeAreInNoClass) {
  // 0x4DFF: below the Han range (IsHan subtracts); the others are not scalar values.
  for (char32_t c : {char32_t{0x4DFF}, char32_t{0x110000}, char32_t{0xFFFFFFFF}, char32_t{0x80000000}}) {
    EXPECT_FALSE(IsHan(c));
    EXPECT_FALSE(IsBlockChar(c));
    EXPECT_FALSE(IsAsciiAlnum(c));
    EXPECT_FALSE(IsAsciiDigit(c));
    EXPECT_FALSE(IsPySpace(c));
  }
}

}  // namespace
}  // namespace kwx::internal
