#include "seg/scratch.h"

#include "kwx/text.h"
#include "util/char_class.h"

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

// A valid line's code point at byte `pos`, and its length in bytes.
char32_t CodePointAt(std::string_view line, std::size_t pos, std::size_t* length) {
  const auto* p = reinterpret_cast<const unsigned char*>(line.data()) + pos;
  const unsigned b = p[0];
  if (b < 0x80) {
    *length = 1;
    return b;
  }
  if (b < 0xE0) {
    *length = 2;
    return ((b & 0x1F) << 6) | (p[1] & 0x3F);
  }
  if (b < 0xF0) {
    *length = 3;
    return ((b & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
  }
  *length = 4;
  return ((b & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

// The end of the window of a valid line that starts at `begin`: the first run boundary (a change
// between block and non-block characters) at or after begin + window_bytes.
std::size_t WindowEnd(std::string_view line, std::size_t begin, std::size_t window_bytes) {
  if (line.size() - begin <= window_bytes) return line.size();
  std::size_t pos = begin + window_bytes;
  while ((static_cast<unsigned char>(line[pos]) & 0xC0) == 0x80) --pos;  // a character's start
  std::size_t len = 0;
  if (pos <= begin) {  // a window smaller than its first character: that character
    CodePointAt(line, begin, &len);
    pos = begin + len;
  }
  // The character before `pos` decides which run we are in.
  std::size_t prev = pos - 1;
  while ((static_cast<unsigned char>(line[prev]) & 0xC0) == 0x80) --prev;
  const bool block = IsBlockChar(CodePointAt(line, prev, &len));
  while (pos < line.size()) {
    const char32_t c = CodePointAt(line, pos, &len);
    if (IsBlockChar(c) != block) break;
    pos += len;
  }
  return pos;
}

}  // namespace

void PrepareLine(std::string_view text, PreparedText& out) {
  out.line = text;
  out.replacements = 0;
  out.text = {};
  out.byte_begin = out.cp_begin = out.length = 0;
  // A line of one window is validated while it is decoded; a longer one is checked first, so
  // that every window boundary falls between whole characters of the final text.
  out.validated = text.size() > out.window_bytes && IsValidUtf8(text);
  if (text.size() > out.window_bytes && !out.validated) {
    out.replacements = RepairUtf8(text, &out.repaired);
    out.line = out.repaired;
    out.validated = true;
  }
}

void PrepareWholeLine(std::string_view text, PreparedText& out) {
  const std::size_t window_bytes = out.window_bytes;
  out.window_bytes = static_cast<std::size_t>(-1);  // not validated up front: one window
  PrepareLine(text, out);
  out.window_bytes = window_bytes;
}

bool NextWindow(PreparedText& out) {
  const std::size_t begin = out.byte_begin + out.text.size();
  if (begin >= out.line.size()) return false;
  out.cp_begin += out.length;
  out.byte_begin = begin;
  if (out.validated) {
    out.text = out.line.substr(begin, WindowEnd(out.line, begin, out.window_bytes) - begin);
    DecodeIfValid(out.text, out);
    return true;
  }
  // The whole line in one window, validated while it is decoded.
  out.text = out.line;
  if (!DecodeIfValid(out.text, out)) {
    out.replacements = RepairUtf8(out.line, &out.repaired);
    out.line = out.text = out.repaired;
    DecodeIfValid(out.text, out);
  }
  out.validated = true;
  return true;
}

}  // namespace kwx::internal
