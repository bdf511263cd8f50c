// UTF-8 helpers used on the hot path. The public checks (IsValidUtf8, RepairUtf8) are declared in
// include/kwx/text.h; this header adds the decoding primitives the segmenter needs.
#ifndef KWX_UTIL_UTF8_H_
#define KWX_UTIL_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/text.h"

namespace kwx::internal {

// Decodes `valid` (which must already be well-formed UTF-8, e.g. checked by IsValidUtf8 or produced
// by RepairUtf8) into code points. Both vectors are cleared first. `cps` receives one entry per code
// point; `byte_offsets` (may be null) receives cps->size() + 1 entries: the byte offset at which each
// code point starts, then valid.size(). The vectors are sized once and filled through raw pointers,
// so reusing them across calls allocates nothing once they are large enough.
// Ill-formed input gives unspecified code points but never reads or writes out of bounds.
void DecodeUtf8(std::string_view valid, std::vector<char32_t>* cps,
                std::vector<std::uint32_t>* byte_offsets);

// Number of code points in well-formed UTF-8 (counts the bytes that are not continuation bytes).
std::size_t CountCodePoints(std::string_view valid);

// Appends the UTF-8 encoding of `cp`. Surrogates and values above U+10FFFF are not scalar values
// and are appended as U+FFFD, so the output is always well-formed.
void AppendUtf8(char32_t cp, std::string* out);

}  // namespace kwx::internal

#endif  // KWX_UTIL_UTF8_H_
