#include "util/py_text.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "util/char_class.h"

namespace kwx::internal {

namespace {

// Decodes the code point starting at s[i] (valid UTF-8) and its length in bytes.
char32_t DecodeAt(std::string_view s, std::size_t i, std::size_t* len) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    *len = 1;
    return b;
  }
  std::size_t n = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  char32_t c = n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < n && i + k < s.size(); ++k) {
    c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  *len = n;
  return c;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

// digits (_? digit)*, starting at s[*i]; appends the digits to *out. False if no digit.
bool Digits(std::string_view s, std::size_t* i, std::string* out) {
  std::size_t start = *i;
  while (*i < s.size()) {
    char c = s[*i];
    if (c >= '0' && c <= '9') {
      out->push_back(c);
      ++*i;
    } else if (c == '_' && *i > start && *i + 1 < s.size() && s[*i + 1] >= '0' &&
               s[*i + 1] <= '9') {
      ++*i;
    } else {
      break;
    }
  }
  return *i > start;
}

}  // namespace

std::vector<std::string_view> SplitLinesPy(std::string_view s) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len;
    char32_t c = DecodeAt(s, i, &len);
    if (!IsPyLineBreak(c)) {
      i += len;
      continue;
    }
    lines.push_back(s.substr(start, i - start));
    i += (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ? 2 : len;
    start = i;
  }
  if (start < s.size()) lines.push_back(s.substr(start));
  return lines;
}

std::string_view StripPy(std::string_view s) {
  std::size_t b = 0;
  while (b < s.size()) {
    std::size_t len;
    if (!IsPySpace(DecodeAt(s, b, &len))) break;
    b += len;
  }
  std::size_t e = s.size();
  while (e > b) {
    std::size_t k = e - 1;  // back up to the lead byte
    while (k > b && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
    std::size_t len;
    if (!IsPySpace(DecodeAt(s, k, &len))) break;
    e = k;
  }
  return s.substr(b, e - b);
}

bool ParsePyFloat(std::string_view s, double* out) {
  std::string clean;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean.push_back(s[i++]);
  std::string_view rest = s.substr(i);
  if (EqualsIgnoreCase(rest, "inf") || EqualsIgnoreCase(rest, "infinity")) {
    *out = clean == "-" ? -std::numeric_limits<double>::infinity()
                        : std::numeric_limits<double>::infinity();
    return true;
  }
  if (EqualsIgnoreCase(rest, "nan")) {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  bool int_part = Digits(s, &i, &clean);
  bool frac_part = false;
  if (i < s.size() && s[i] == '.') {
    clean.push_back(s[i++]);
    frac_part = Digits(s, &i, &clean);
  }
  if (!int_part && !frac_part) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    clean.push_back(s[i++]);
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean.push_back(s[i++]);
    if (!Digits(s, &i, &clean)) return false;
  }
  if (i != s.size()) return false;
  errno = 0;
  // Overflow gives +-inf and underflow a denormal or zero, as in Python; ERANGE is fine.
  *out = std::strtod(clean.c_str(), nullptr);
  return true;
}

}  // namespace kwx::internal
