// JSON string output matching Python's json module, for the CLI's JSON modes.
#ifndef KWX_UTIL_JSON_H_
#define KWX_UTIL_JSON_H_

#include <string>
#include <string_view>

namespace kwx::internal {

// Appends `utf8` as a quoted JSON string, byte-identical to Python's
// json.dumps(s, ensure_ascii=False) when `utf8` is well-formed UTF-8: `"` `\` and the control
// characters \b \f \n \r \t get their short escapes, the other bytes below 0x20 become \u00XX with
// lowercase hex, and everything else (0x7F, U+2028, any non-ASCII) is copied raw.
void AppendJsonString(std::string_view utf8, std::string* out);

}  // namespace kwx::internal

#endif  // KWX_UTIL_JSON_H_
