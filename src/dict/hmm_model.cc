#include "dict/hmm_model.h"

#include <cerrno>
#include <cstdlib>
#include <string>

#include "kwx/text.h"

namespace kwx::internal {

namespace {

// Parses a whole field as a double with strtod, which is correctly rounded in glibc: the
// decimal repr() of a Python float reads back to the same bits.
bool ParseDouble(std::string_view field, double* out) {
  if (field.empty()) return false;
  std::string s(field);
  char* end = nullptr;
  errno = 0;
  *out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && errno != ERANGE;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

// Decodes a string that must be exactly one UTF-8 code point.
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

}  // namespace

StatusOr<HmmModel> HmmModel::Parse(std::string_view text, const std::string& name) {
  HmmModel model;
  std::vector<std::array<double, kHmmStates>> emit(kHanLast - kHanFirst + 1,
                                                    {kMinFloat, kMinFloat, kMinFloat, kMinFloat});
  int row = 0;  // 0: start, 1..4: trans, 5..8: emit
  std::size_t line_no = 0;
  std::size_t pos = 0;
  auto error = [&](const std::string& why) {
    return Status(StatusCode::kDataError,
                  "invalid HMM model '" + name + "' at line " + std::to_string(line_no) + ": " + why);
  };
  while (pos < text.size() && row < 9) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    if (line.empty() || line[0] == '#') continue;
    if (row <= 4) {
      auto fields = Split(line, ' ');
      if (fields.size() != kHmmStates) return error("expected 4 numbers");
      auto& dst = row == 0 ? model.start : model.trans[static_cast<std::size_t>(row - 1)];
      for (int j = 0; j < kHmmStates; ++j) {
        if (!ParseDouble(fields[static_cast<std::size_t>(j)], &dst[static_cast<std::size_t>(j)])) {
          return error("not a number: '" + std::string(fields[static_cast<std::size_t>(j)]) + "'");
        }
      }
    } else {
      int state = row - 5;
      for (std::string_view item : Split(line, ',')) {
        std::size_t colon = item.rfind(':');
        char32_t cp = 0;
        double p = 0;
        if (colon == std::string_view::npos || !SingleCodePoint(item.substr(0, colon), &cp) ||
            !ParseDouble(item.substr(colon + 1), &p)) {
          return error("bad emission entry '" + std::string(item.substr(0, 40)) + "'");
        }
        // finalseg only ever asks for Han characters; the others cannot influence a result.
        if (IsHan(cp)) emit[cp - kHanFirst][static_cast<std::size_t>(state)] = p;
      }
    }
    ++row;
  }
  if (row < 9) {
    ++line_no;
    return error("unexpected end of file (need start, 4 transition and 4 emission lines)");
  }
  model.emit_han = ArrayRef<std::array<double, kHmmStates>>(std::move(emit));
  return model;
}

}  // namespace kwx::internal
