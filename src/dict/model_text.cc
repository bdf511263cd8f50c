#include "dict/model_text.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "kwx/text.h"

namespace kwx::internal {

bool ParseDouble(std::string_view field, double* out) {
  // strtod would skip leading blanks; a NaN would make every comparison of the decoders false.
  if (field.empty() || field[0] == ' ' || field[0] == '\t') return false;
  std::string s(field);
  char* end = nullptr;
  errno = 0;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && errno != ERANGE && !std::isnan(*out);
}

std::vector<std::string_view> SplitFields(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

bool SingleCodePoint(std::string_view s, char32_t* cp) {
  if (s.empty() || !IsValidUtf8(s)) return false;
  auto b = static_cast<unsigned char>(s[0]);
  std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  if (len != s.size()) return false;
  char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t i = 1; i < len; ++i) c = (c << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  *cp = c;
  return true;
}

}  // namespace kwx::internal
