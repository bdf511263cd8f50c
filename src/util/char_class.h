// Character classes of jieba's regular expressions, hand-written (no regex engine on the hot path).
#ifndef KWX_UTIL_CHAR_CLASS_H_
#define KWX_UTIL_CHAR_CLASS_H_

#include <array>
#include <cstdint>

namespace kwx::internal {

// jieba's "Han" range: only U+4E00..U+9FD5 (not Ext-A, not U+9FD6..U+9FFF, not Ext-B).
constexpr char32_t kHanFirst = 0x4E00;
constexpr char32_t kHanLast = 0x9FD5;
constexpr bool IsHan(char32_t c) { return c - kHanFirst <= kHanLast - kHanFirst; }  // unsigned

// ASCII classes as one table lookup: these tests run once or twice per character of input, and
// a chain of comparisons costs branches on exactly the characters (punctuation) where runs end.
enum : std::uint8_t {
  kAsciiAlnumBit = 1,
  kAsciiDigitBit = 2,
  kAsciiBlockBit = 4,
  kAsciiPosBlockBit = 8,
};
inline constexpr std::array<std::uint8_t, 128> kAsciiClass = [] {
  std::array<std::uint8_t, 128> t{};
  for (char32_t c = 0; c < 128; ++c) {
    bool digit = c >= '0' && c <= '9';
    bool alnum = digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool block = alnum || c == '+' || c == '#' || c == '&' || c == '.' || c == '_' || c == '%' ||
                 c == '-';
    bool pos_block = block && c != '%' && c != '-';
    t[c] = static_cast<std::uint8_t>((alnum ? kAsciiAlnumBit : 0) | (digit ? kAsciiDigitBit : 0) |
                                     (block ? kAsciiBlockBit : 0) |
                                     (pos_block ? kAsciiPosBlockBit : 0));
  }
  return t;
}();

// [a-zA-Z0-9]: jieba's re_eng and the core of finalseg's re_skip.
constexpr bool IsAsciiAlnum(char32_t c) { return c < 128 && (kAsciiClass[c] & kAsciiAlnumBit); }
constexpr bool IsAsciiDigit(char32_t c) { return c - U'0' <= 9u; }

// re_han_default = [\u4E00-\u9FD5a-zA-Z0-9+#&._%-]: characters that form DAG blocks.
constexpr bool IsBlockChar(char32_t c) {
  return c < 128 ? (kAsciiClass[c] & kAsciiBlockBit) != 0 : IsHan(c);
}

// posseg's re_han_internal = [\u4E00-\u9FD5a-zA-Z0-9+#&\._]: the blocks of POS tagging (no '%'
// or '-', unlike re_han_default).
constexpr bool IsPosBlockChar(char32_t c) {
  return c < 128 ? (kAsciiClass[c] & kAsciiPosBlockBit) != 0 : IsHan(c);
}

// Python's str.isspace() (and so `\s` in a str regex) for Python 3.11 / Unicode 14.
constexpr bool IsPySpace(char32_t c) {
  if (c < 0x80) return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
  if (c < 0x1680) return c == 0x85 || c == 0xA0;
  return c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

// Python's str.splitlines() boundaries (besides "\r\n", which counts as one).
constexpr bool IsPyLineBreak(char32_t c) {
  return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D ||
         c == 0x1E || c == 0x85 || c == 0x2028 || c == 0x2029;
}

}  // namespace kwx::internal

#endif  // KWX_UTIL_CHAR_CLASS_H_
