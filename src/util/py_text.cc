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

namespace {

// The zero of every run of ten Unicode decimal digits (category Nd), Unicode 14 / Python 3.11.
constexpr char32_t kDigitZeros[] = {
    0x30,    0x660,   0x6F0,   0x7C0,   0x966,   0x9E6,   0xA66,   0xAE6,   0xB66,   0xBE6,
    0xC66,   0xCE6,   0xD66,   0xDE6,   0xE50,   0xED0,   0xF20,   0x1040,  0x1090,  0x17E0,
    0x1810,  0x1946,  0x19D0,  0x1A80,  0x1A90,  0x1B50,  0x1BB0,  0x1C40,  0x1C50,  0xA620,
    0xA8D0,  0xA900,  0xA9D0,  0xA9F0,  0xAA50,  0xABF0,  0xFF10,  0x104A0, 0x10D30, 0x11066,
    0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0,
    0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2,
    0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0};

// What Python does before parsing a number: _PyUnicode_TransformDecimalAndSpaceToASCII keeps
// characters below 127 as they are, turns other whitespace into ' ' and other decimal digits into
// '0'..'9' (anything else is invalid); the parser then strips ASCII whitespace only. So int()
// accepts "5\u3000" but not "5\x1c", although both are str.isspace().
bool NumberToAscii(std::string_view s, std::string* out) {
  out->clear();
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len;
    char32_t c = DecodeAt(s, i, &len);
    i += len;
    if (c < 0x7F) {
      out->push_back(static_cast<char>(c));
    } else if (IsPySpace(c)) {
      out->push_back(' ');
    } else {
      bool digit = false;
      for (char32_t zero : kDigitZeros) {
        if (c >= zero && c < zero + 10) {
          out->push_back(static_cast<char>('0' + (c - zero)));
          digit = true;
          break;
        }
      }
      if (!digit) return false;
    }
  }
  constexpr const char* kAsciiSpace = " \t\n\v\f\r";
  std::size_t b = out->find_first_not_of(kAsciiSpace);
  if (b == std::string::npos) {
    out->clear();
  } else {
    out->erase(0, b);
    out->erase(out->find_last_not_of(kAsciiSpace) + 1);
  }
  return true;
}

}  // namespace

bool ParsePyInt(std::string_view text, std::int64_t* out) {
  std::string s;
  if (!NumberToAscii(text, &s)) return false;
  bool neg = false;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  std::string digits;
  if (!Digits(s, &i, &digits) || i != s.size()) return false;
  std::int64_t v = 0;
  for (char c : digits) {
    if (v > (std::numeric_limits<std::int64_t>::max() - (c - '0')) / 10) return false;
    v = v * 10 + (c - '0');
  }
  *out = neg ? -v : v;
  return true;
}

bool ParsePyFloat(std::string_view text, double* out) {
  std::string s_ascii;
  if (!NumberToAscii(text, &s_ascii)) return false;
  std::string_view s = s_ascii;
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
