#include "dict/dict_text.h"

#include <limits>

#include "kwx/text.h"
#include "util/py_text.h"
#include "util/utf8.h"

namespace kwx::internal {

namespace {

bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string_view StripAscii(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

StatusOr<DictText> ParseDictText(std::string_view text, const std::string& name) {
  DictText dict;
  std::size_t pos = 0;
  std::size_t line_no = 0;
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view raw = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    std::string_view line = StripAscii(raw);
    auto bad = [&](const char* why) {
      return Status(StatusCode::kDataError, "invalid dictionary entry in '" + name + "' at line " +
                                                std::to_string(line_no) + " (" + why + "): " +
                                                std::string(line.substr(0, 80)));
    };
    if (!IsValidUtf8(line)) return bad("not UTF-8");
    std::size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return bad("expected 'word freq [tag]'");
    std::string_view word = line.substr(0, sp);
    std::string_view rest = line.substr(sp + 1);
    std::size_t sp2 = rest.find(' ');
    std::string_view freq_field = rest.substr(0, sp2);
    DictEntry entry;
    if (!ParsePyInt(freq_field, &entry.freq)) {
      return bad("frequency is not an integer that fits in 64 bits");
    }
    if (entry.freq < 0) return bad("negative frequency");
    if (word.empty()) return bad("empty word");
    if (sp2 != std::string_view::npos) {
      std::string_view tag = rest.substr(sp2 + 1);
      entry.tag = std::string(tag.substr(0, tag.find(' ')));
    }
    DecodeUtf8(word, &cps, &offsets);
    entry.word.assign(cps.begin(), cps.end());
    if (dict.total > std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(entry.freq)) {
      return bad("frequency total overflows");
    }
    dict.total += static_cast<std::uint64_t>(entry.freq);
    dict.entries.push_back(std::move(entry));
  }
  return dict;
}

}  // namespace kwx::internal
