// Text helpers shared by the library, the CLI and the bindings.
#ifndef KWX_TEXT_H_
#define KWX_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace kwx {

// True if `bytes` is well-formed UTF-8 (no surrogates, no overlongs, nothing above U+10FFFF).
// On false, *first_bad (if given) is the byte offset of the first ill-formed sequence.
bool IsValidUtf8(std::string_view bytes, std::size_t* first_bad = nullptr);

// Replaces every maximal ill-formed subsequence by U+FFFD, exactly like Python's
// bytes.decode('utf-8', 'replace'). Returns the number of replacements made. `out` is overwritten.
std::size_t RepairUtf8(std::string_view bytes, std::string* out);

// Appends the shortest decimal form that reads back to `value`, laid out like Python's repr(float):
// "0.9195975002230768", "1e-05", "1.5e+16", "12.0", "inf", "nan".
void AppendPythonFloat(double value, std::string* out);

}  // namespace kwx

#endif  // KWX_TEXT_H_
