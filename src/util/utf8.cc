#include "util/utf8.h"

#include <cstring>

namespace kwx {
namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

// True if the 8 bytes at `p` are all ASCII. memcpy keeps the unaligned load well-defined; compilers
// turn it into a single mov.
inline bool AllAscii8(const unsigned char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  return (word & kHighBits) == 0;
}

// Skips a run of ASCII bytes starting at `p`, 8 at a time while possible. Returns the first
// non-ASCII byte (or `end`).
inline const unsigned char* SkipAscii(const unsigned char* p, const unsigned char* end) {
  while (end - p >= 8 && AllAscii8(p)) p += 8;
  while (p < end && *p < 0x80) ++p;
  return p;
}

// Examines the sequence starting at `p` (p < end, *p >= 0x80). Returns its length if it is a
// well-formed multi-byte sequence. Otherwise returns 0 and sets *bad_len to the length of the
// maximal subpart (Unicode 3.9, Table 3-7): the lead byte plus the continuation bytes that were
// still acceptable before the first one that was not, or before the end of the input. This is the
// unit Python's 'replace' error handler turns into one U+FFFD.
inline std::size_t CheckSequence(const unsigned char* p, const unsigned char* end,
                                 std::size_t* bad_len) {
  const unsigned lead = p[0];
  std::size_t trail;
  // The second byte's range is narrower after E0, ED, F0 and F4: that is what excludes overlongs,
  // surrogates and values above U+10FFFF.
  unsigned lo = 0x80;
  unsigned hi = 0xBF;
  if (lead < 0xC2) {  // stray continuation byte, or C0/C1 (always overlong)
    *bad_len = 1;
    return 0;
  } else if (lead < 0xE0) {
    trail = 1;
  } else if (lead < 0xF0) {
    trail = 2;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead < 0xF5) {
    trail = 3;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    *bad_len = 1;
    return 0;
  }
  const std::size_t avail = static_cast<std::size_t>(end - p) - 1;
  if (avail == 0 || p[1] < lo || p[1] > hi) {
    *bad_len = 1;
    return 0;
  }
  for (std::size_t i = 2; i <= trail; ++i) {
    if (i > avail || (p[i] & 0xC0) != 0x80) {
      *bad_len = i;
      return 0;
    }
  }
  return trail + 1;
}

}  // namespace

bool IsValidUtf8(std::string_view bytes, std::size_t* first_bad) {
  const auto* const begin = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* const end = begin + bytes.size();
  const unsigned char* p = begin;
  while (true) {
    p = SkipAscii(p, end);
    if (p == end) return true;
    std::size_t bad_len;
    const std::size_t len = CheckSequence(p, end, &bad_len);
    if (len == 0) {
      if (first_bad != nullptr) *first_bad = static_cast<std::size_t>(p - begin);
      return false;
    }
    p += len;
  }
}

std::size_t RepairUtf8(std::string_view bytes, std::string* out) {
  out->clear();
  const auto* const begin = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* const end = begin + bytes.size();
  const unsigned char* p = begin;
  const unsigned char* run = begin;  // start of the well-formed bytes not yet copied
  std::size_t replacements = 0;
  while (true) {
    p = SkipAscii(p, end);
    if (p == end) break;
    std::size_t bad_len;
    const std::size_t len = CheckSequence(p, end, &bad_len);
    if (len != 0) {
      p += len;
      continue;
    }
    if (replacements == 0) out->reserve(bytes.size() + 16);
    out->append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p - run));
    out->append(kReplacement, 3);
    ++replacements;
    p += bad_len;
    run = p;
  }
  // Copy the tail in one go; for the common all-valid input this is the only copy.
  out->append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(end - run));
  return replacements;
}

namespace internal {

std::size_t CountCodePoints(std::string_view valid) {
  const auto* p = reinterpret_cast<const unsigned char*>(valid.data());
  const auto* const end = p + valid.size();
  std::size_t count = 0;
  // Count the bytes that are not continuation bytes (10xxxxxx), 8 at a time: a byte is a
  // continuation byte iff bit 7 is set and bit 6 is clear.
  while (end - p >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    const std::uint64_t continuation = (word & ~(word << 1)) & kHighBits;
    // Sum the one-bits with a multiply: without -mpopcnt (not in the x86-64 baseline)
    // __builtin_popcountll is a slow library call.
    count += 8 - static_cast<std::size_t>(((continuation >> 7) * 0x0101010101010101ULL) >> 56);
    p += 8;
  }
  for (; p < end; ++p) count += (*p & 0xC0) != 0x80;
  return count;
}

namespace {

// The decoding loop, instantiated with and without offset output so that callers that do not want
// offsets pay neither an allocation nor a per-character branch. `o` is ignored when !kOffsets.
// Returns the number of code points written. The `c_end` checks only matter for ill-formed input,
// where the count and the walk can disagree; they keep that case memory-safe.
template <bool kOffsets>
std::size_t DecodeLoop(std::string_view valid, char32_t* c, char32_t* const c_end,
                       std::uint32_t* o) {
  const auto* const begin = reinterpret_cast<const unsigned char*>(valid.data());
  const auto* const end = begin + valid.size();
  const unsigned char* p = begin;
  char32_t* const c_begin = c;
  while (p < end) {
    if (end - p >= 8 && c_end - c >= 8 && AllAscii8(p)) {
      const auto base = static_cast<std::uint32_t>(p - begin);
      for (int k = 0; k < 8; ++k) {
        c[k] = p[k];
        if constexpr (kOffsets) o[k] = base + static_cast<std::uint32_t>(k);
      }
      c += 8;
      if constexpr (kOffsets) o += 8;
      p += 8;
      continue;
    }
    if (c == c_end) break;
    if constexpr (kOffsets) *o++ = static_cast<std::uint32_t>(p - begin);
    const unsigned lead = *p;
    const auto left = static_cast<std::size_t>(end - p);
    if (lead < 0x80) {
      *c++ = lead;
      p += 1;
    } else if (left < 2) {  // truncated sequence: ill-formed input only
      *c++ = 0xFFFD;
      p += 1;
    } else if (lead < 0xE0 || left < 3) {
      *c++ = ((lead & 0x1Fu) << 6) | (p[1] & 0x3Fu);
      p += 2;
    } else if (lead < 0xF0 || left < 4) {
      *c++ = ((lead & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
      p += 3;
    } else {
      *c++ = ((lead & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) |
             (p[3] & 0x3Fu);
      p += 4;
    }
  }
  if constexpr (kOffsets) *o = static_cast<std::uint32_t>(p - begin);
  return static_cast<std::size_t>(c - c_begin);
}

}  // namespace

void DecodeUtf8(std::string_view valid, std::vector<char32_t>* cps,
                std::vector<std::uint32_t>* byte_offsets) {
  // Sizing exactly (one counting pass) instead of to valid.size() keeps memory at one slot per code
  // point, a third of the bytes for CJK text; the counting pass is cheap next to the decode.
  const std::size_t count = CountCodePoints(valid);
  cps->clear();
  cps->resize(count);
  std::size_t written;
  if (byte_offsets != nullptr) {
    byte_offsets->clear();
    byte_offsets->resize(count + 1);
    written = DecodeLoop<true>(valid, cps->data(), cps->data() + count, byte_offsets->data());
    if (written != count) byte_offsets->resize(written + 1);  // ill-formed input only
  } else {
    written = DecodeLoop<false>(valid, cps->data(), cps->data() + count, nullptr);
  }
  if (written != count) cps->resize(written);
}

void AppendUtf8(char32_t cp, std::string* out) {
  char buf[4];
  std::size_t n;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
    return;
  } else if (cp < 0x800) {
    buf[0] = static_cast<char>(0xC0 | (cp >> 6));
    buf[1] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    buf[0] = static_cast<char>(0xE0 | (cp >> 12));
    buf[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 3;
  } else if (cp <= 0x10FFFF) {
    buf[0] = static_cast<char>(0xF0 | (cp >> 18));
    buf[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 4;
  } else {
    out->append(kReplacement, 3);
    return;
  }
  out->append(buf, n);
}

}  // namespace internal
}  // namespace kwx
