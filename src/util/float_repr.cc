#include "util/float_repr.h"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <system_error>

namespace kwx {

// Python's repr(float) is float_repr_style 'short': the shortest digit string that round-trips
// (David Gay's dtoa, mode 0), laid out by format code 'r'. std::to_chars without a precision yields
// the same shortest (and closest, on ties) digits, so only the layout has to be reproduced here.
void AppendPythonFloat(double value, std::string* out) {
  if (std::isnan(value)) {  // Python prints every NaN, whatever its sign or payload, as "nan"
    out->append("nan");
    return;
  }
  if (std::isinf(value)) {
    out->append(value < 0 ? "-inf" : "inf");
    return;
  }
  if (std::signbit(value)) {
    out->push_back('-');
    value = -value;
  }

  // Scientific form "d[.ddd]e[+-]XXX": the shortest digits plus a base-10 exponent. 32 bytes is
  // enough for 17 digits, the point and a three-digit exponent.
  char buf[32];
  const std::to_chars_result res =
      std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  const char* const end = res.ptr;

  // Split into the digit string and the exponent.
  char digits[24];
  int ndigits = 0;
  const char* p = buf;
  for (; p < end && *p != 'e'; ++p) {
    if (*p != '.') digits[ndigits++] = *p;
  }
  int exponent = 0;
  std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), end, exponent);  // from_chars rejects a '+'

  // Python's dtoa convention: value = 0.DIGITS * 10^decpt.
  const int decpt = exponent + 1;
  if (decpt <= -4 || decpt > 16) {
    // Exponent form: "1e-05", "1.5e+16", "1e+100". At least two exponent digits.
    out->push_back(digits[0]);
    if (ndigits > 1) {
      out->push_back('.');
      out->append(digits + 1, static_cast<std::size_t>(ndigits - 1));
    }
    const int e = decpt - 1;
    out->push_back('e');
    out->push_back(e < 0 ? '-' : '+');
    const int abs_e = e < 0 ? -e : e;
    if (abs_e < 10) out->push_back('0');
    char ebuf[8];
    const std::to_chars_result eres = std::to_chars(ebuf, ebuf + sizeof(ebuf), abs_e);
    out->append(ebuf, eres.ptr);
  } else if (decpt <= 0) {
    // "0.000ddd": leading zeros after the point.
    out->append("0.");
    out->append(static_cast<std::size_t>(-decpt), '0');
    out->append(digits, static_cast<std::size_t>(ndigits));
  } else if (decpt >= ndigits) {
    // An integer value: pad with zeros and always show ".0".
    out->append(digits, static_cast<std::size_t>(ndigits));
    out->append(static_cast<std::size_t>(decpt - ndigits), '0');
    out->append(".0");
  } else {
    out->append(digits, static_cast<std::size_t>(decpt));
    out->push_back('.');
    out->append(digits + decpt, static_cast<std::size_t>(ndigits - decpt));
  }
}

namespace internal {

std::string PythonFloatRepr(double value) {
  std::string out;
  AppendPythonFloat(value, &out);
  return out;
}

}  // namespace internal
}  // namespace kwx
