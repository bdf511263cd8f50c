// Python str semantics that kwx's file formats inherit from jieba: splitlines(), strip(),
// float().
#ifndef KWX_UTIL_PY_TEXT_H_
#define KWX_UTIL_PY_TEXT_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace kwx::internal {

// Python's str.splitlines() on valid UTF-8: breaks at \n \r \r\n \v \f \x1c \x1d \x1e \x85
// U+2028 U+2029; a break at the very end does not start another (empty) line.
std::vector<std::string_view> SplitLinesPy(std::string_view utf8);

// Python's str.strip() with no argument: removes leading and trailing Unicode whitespace.
std::string_view StripPy(std::string_view utf8);

// Python's float(s): surrounding Unicode whitespace ignored, any Unicode decimal digit read as
// its ASCII digit; decimal literals with optional sign, point, exponent and digit-separating
// underscores, and inf/infinity/nan in any case. Hex and other strtod extensions are rejected,
// as Python rejects them.
bool ParsePyFloat(std::string_view s, double* out);

// Python's int(s) for values that fit in int64 (same whitespace and digit rules as above).
bool ParsePyInt(std::string_view s, std::int64_t* out);

}  // namespace kwx::internal

#endif  // KWX_UTIL_PY_TEXT_H_
