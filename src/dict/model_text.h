// Field parsing shared by the text forms of the HMM tables (hmm_model.utf8, pos_hmm.utf8).
#ifndef KWX_DICT_MODEL_TEXT_H_
#define KWX_DICT_MODEL_TEXT_H_

#include <string_view>
#include <vector>

namespace kwx::internal {

// A whole field as a double, with strtod, which is correctly rounded in glibc: the decimal
// repr() of a Python float reads back to the same bits. Fails on junk, an empty field or
// overflow, leading blanks, NaN.
bool ParseDouble(std::string_view field, double* out);

// `s` split at every `sep` (empty pieces kept).
std::vector<std::string_view> SplitFields(std::string_view s, char sep);

// The code point of a string that must be exactly one well-formed UTF-8 code point.
bool SingleCodePoint(std::string_view s, char32_t* cp);

// Calls f(line_number, line) for each line of `text` that is neither blank nor a '#' comment,
// with trailing '\r', ' ' and '\t' removed; stops early when f returns false.
template <typename F>
void ForEachModelLine(std::string_view text, F&& f) {
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    if (line.empty() || line[0] == '#') continue;
    if (!f(line_no, line)) return;
  }
}

}  // namespace kwx::internal

#endif  // KWX_DICT_MODEL_TEXT_H_
