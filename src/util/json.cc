#include "util/json.h"

#include <array>
#include <cstddef>

namespace kwx::internal {
namespace {

// For each byte: 0 = copy as is, 'u' = \u00XX, anything else = the letter after the backslash.
// Built at compile time so the scan is a single table lookup per byte and there is no mutable
// global state.
constexpr std::array<char, 256> MakeEscapeTable() {
  std::array<char, 256> table{};
  for (std::size_t c = 0; c < 0x20; ++c) table[c] = 'u';
  table['"'] = '"';
  table['\\'] = '\\';
  table['\b'] = 'b';
  table['\f'] = 'f';
  table['\n'] = 'n';
  table['\r'] = 'r';
  table['\t'] = 't';
  return table;
}
constexpr std::array<char, 256> kEscape = MakeEscapeTable();

}  // namespace

void AppendJsonString(std::string_view utf8, std::string* out) {
  out->reserve(out->size() + utf8.size() + 2);
  out->push_back('"');
  const char* p = utf8.data();
  const char* const end = p + utf8.size();
  while (p < end) {
    // Copy the longest run that needs no escaping in one append; text rarely has any escapes.
    const char* run = p;
    while (p < end && kEscape[static_cast<unsigned char>(*p)] == 0) ++p;
    out->append(run, static_cast<std::size_t>(p - run));
    if (p == end) break;
    const char kind = kEscape[static_cast<unsigned char>(*p)];
    if (kind == 'u') {
      static constexpr char kHex[] = "0123456789abcdef";  // Python writes lowercase hex digits
      const auto byte = static_cast<unsigned char>(*p);
      const char escaped[6] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xF]};
      out->append(escaped, sizeof(escaped));
    } else {
      const char escaped[2] = {'\\', kind};
      out->append(escaped, sizeof(escaped));
    }
    ++p;
  }
  out->push_back('"');
}

}  // namespace kwx::internal
