#include "seg/scratch.h"

#include "kwx/text.h"

namespace kwx::internal {

namespace {

// Validates and decodes in one pass (the hot path sees mostly valid text). Returns false at the
// first ill-formed sequence (Unicode Table 3-7: no overlongs, surrogates or values > U+10FFFF).
bool DecodeIfValid(std::string_view text, PreparedText& out) {
  const std::size_t n = text.size();
  if (out.cps.size() < n + 1) {
    out.cps.resize(n + 1);
    out.offsets.resize(n + 1);
  }
  const auto* const begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = begin + n;
  const unsigned char* p = begin;
  char32_t* c = out.cps.data();
  std::uint32_t* o = out.offsets.data();
  auto cont = [](unsigned char b) { return (b & 0xC0) == 0x80; };
  while (p < end) {
    const unsigned b = *p;
    *o++ = static_cast<std::uint32_t>(p - begin);
    if (b < 0x80) {
      *c++ = b;
      ++p;
      continue;
    }
    const std::ptrdiff_t left = end - p;
    if (b >= 0xE0 && b < 0xF0) {  // three bytes: all of the BMP's CJK
      if (left < 3 || !cont(p[2])) return false;
      const unsigned b1 = p[1];
      if (b1 < (b == 0xE0 ? 0xA0u : 0x80u) || b1 > (b == 0xED ? 0x9Fu : 0xBFu)) return false;
      *c++ = ((b & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (p[2] & 0x3F);
      p += 3;
    } else if (b >= 0xC2 && b < 0xE0) {
      if (left < 2 || !cont(p[1])) return false;
      *c++ = ((b & 0x1F) << 6) | (p[1] & 0x3F);
      p += 2;
    } else if (b >= 0xF0 && b < 0xF5) {
      if (left < 4 || !cont(p[2]) || !cont(p[3])) return false;
      const unsigned b1 = p[1];
      if (b1 < (b == 0xF0 ? 0x90u : 0x80u) || b1 > (b == 0xF4 ? 0x8Fu : 0xBFu)) return false;
      *c++ = ((b & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
      p += 4;
    } else {
      return false;
    }
  }
  *o = static_cast<std::uint32_t>(n);
  out.length = static_cast<std::size_t>(c - out.cps.data());
  return true;
}

}  // namespace

std::size_t PrepareText(std::string_view text, PreparedText& out) {
  out.text = text;
  out.replacements = 0;
  if (!DecodeIfValid(text, out)) {
    out.replacements = RepairUtf8(text, &out.repaired);
    out.text = out.repaired;
    DecodeIfValid(out.text, out);
  }
  return out.replacements;
}

}  // namespace kwx::internal
