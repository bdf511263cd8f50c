#include "dict/user_dict.h"

#include <cmath>
#include <limits>

#include "util/char_class.h"
#include "util/utf8.h"

namespace kwx::internal {

namespace {

// bytes.strip(): Python's ASCII whitespace.
bool IsBytesSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\x0b' || c == '\x0c';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

// The start of the run of characters matching `is` that ends at `end`.
template <typename Pred>
std::size_t RunStart(std::string_view s, std::size_t end, Pred is) {
  while (end > 0 && is(s[end - 1])) --end;
  return end;
}

// __cut_DAG_NO_HMM over one re_han_default block, appending its words to *out.
void CutBlockNoHmm(std::u32string_view s, const FreqLookup& freq, double log_total,
                   std::vector<std::u32string>* out) {
  const std::size_t n = s.size();
  // get_DAG and calc together, from the end: route[k] = max over the DAG's x of
  // (log(FREQ.get(s[k..x]) or 1) - logtotal + route[x + 1], x).
  std::vector<double> score(n + 1, 0.0);
  std::vector<std::size_t> end(n + 1, 0);
  for (std::size_t k = n; k-- > 0;) {
    bool any = false;
    double best = 0;
    std::size_t best_x = k;
    auto consider = [&](std::size_t x, std::uint64_t f) {
      const double p = std::log(static_cast<double>(f == 0 ? 1 : f)) - log_total + score[x + 1];
      if (!any || p > best || (p == best && x > best_x)) {
        any = true;
        best = p;
        best_x = x;
      }
    };
    for (std::size_t i = k; i < n; ++i) {
      std::optional<std::uint64_t> f = freq(s.substr(k, i - k + 1));
      if (!f) break;                 // not in FREQ: the DAG walk stops
      if (*f != 0) consider(i, *f);  // a word
    }
    if (!any) consider(k, freq(s.substr(k, 1)).value_or(1));  // no word: the character
    score[k] = best;
    end[k] = best_x;
  }
  std::u32string buf;
  for (std::size_t x = 0; x < n;) {
    const std::size_t y = end[x] + 1;
    if (y - x == 1 && IsAsciiAlnum(s[x])) {
      buf += s[x];
    } else {
      if (!buf.empty()) out->push_back(std::move(buf));
      buf.clear();
      out->emplace_back(s.substr(x, y - x));
    }
    x = y;
  }
  if (!buf.empty()) out->push_back(std::move(buf));
}

// 1 * (f1 / total) * (f2 / total) * ..., as Python evaluates `freq *= FREQ.get(seg, 1) / ftotal`
// from freq = 1; nothing when there are no segments (freq stays the integer 1).
template <typename Segments>
std::optional<double> Product(const Segments& segments, const FreqLookup& freq, std::uint64_t total) {
  std::optional<double> p;
  const double ftotal = static_cast<double>(total);
  for (const auto& seg : segments) {
    const double f = static_cast<double>(freq(seg).value_or(1));
    p = p.value_or(1.0) * (f / ftotal);
  }
  return p;
}

// int(p * total): Python multiplies the float by the integer (converted to a float) and
// truncates; with no segments p is the integer 1 and the product is exact.
std::uint64_t Scaled(std::optional<double> p, std::uint64_t total) {
  if (!p) return total;
  const double v = std::trunc(*p * static_cast<double>(total));
  if (!(v >= 0)) return 0;
  if (v >= 18446744073709551616.0) return std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(v);
}

}  // namespace

UserDictFields MatchUserDictLine(std::string_view line) {
  // The lazy (.+?) takes the shortest word after which the rest matches ( [0-9]+)?( [a-z]+)?$:
  // the earliest start of such a rest (never 0: the word has at least one character).
  const std::size_t n = line.size();
  std::size_t best = n;
  std::size_t freq_begin = n, freq_end = n, tag_begin = n;
  auto offer = [&](std::size_t rest, std::size_t fb, std::size_t fe, std::size_t tb) {
    if (rest >= 1 && rest < best) {
      best = rest;
      freq_begin = fb;
      freq_end = fe;
      tag_begin = tb;
    }
  };
  const std::size_t lower = RunStart(line, n, IsLower);
  const bool has_tag = lower < n && lower >= 1 && line[lower - 1] == ' ';
  if (has_tag) {
    offer(lower - 1, n, n, lower);
    const std::size_t digits = RunStart(line, lower - 1, IsDigit);
    if (digits < lower - 1 && digits >= 1 && line[digits - 1] == ' ') {
      offer(digits - 1, digits, lower - 1, lower);
    }
  }
  const std::size_t digits = RunStart(line, n, IsDigit);
  if (digits < n && digits >= 1 && line[digits - 1] == ' ') offer(digits - 1, digits, n, n);
  return {line.substr(0, best), line.substr(freq_begin, freq_end - freq_begin), line.substr(tag_begin)};
}

Status ForEachUserDictLine(std::string_view bytes, const std::string& name,
                           const std::function<Status(const UserDictLine&)>& f) {
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < bytes.size();) {
    std::size_t nl = bytes.find('\n', pos);
    std::size_t next = nl == std::string_view::npos ? bytes.size() : nl + 1;
    std::string_view line = bytes.substr(pos, next - pos);
    pos = next;
    ++line_no;
    while (!line.empty() && IsBytesSpace(line.front())) line.remove_prefix(1);
    while (!line.empty() && IsBytesSpace(line.back())) line.remove_suffix(1);
    std::size_t bad = 0;
    if (!IsValidUtf8(line, &bad)) {
      return Status(StatusCode::kDataError, "dictionary file " + name + " must be utf-8 (line " +
                                                std::to_string(line_no) + " is not)");
    }
    while (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // .lstrip('\ufeff')
    if (line.empty()) continue;
    const UserDictFields fields = MatchUserDictLine(line);
    UserDictLine entry;
    entry.word = fields.word;
    entry.tag = fields.tag;
    entry.line_no = line_no;
    if (!fields.freq.empty()) {
      std::uint64_t freq = 0;
      for (char c : fields.freq) {
        const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
        if (freq > (std::numeric_limits<std::uint64_t>::max() - d) / 10) {
          return Status(StatusCode::kDataError, "dictionary file " + name + ", line " +
                                                    std::to_string(line_no) +
                                                    ": the frequency does not fit in 64 bits");
        }
        freq = freq * 10 + d;
      }
      entry.freq = freq;
    }
    if (Status s = f(entry); !s.ok()) return s;
  }
  return Status::Ok();
}

StatusOr<std::vector<UserDictLine>> ParseUserDict(std::string_view bytes, const std::string& name) {
  std::vector<UserDictLine> lines;
  Status s = ForEachUserDictLine(bytes, name, [&](const UserDictLine& line) {
    lines.push_back(line);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return lines;
}

std::vector<std::u32string> CutNoHmm(std::u32string_view sentence, const FreqLookup& freq,
                                     std::uint64_t total) {
  std::vector<std::u32string> out;
  const double log_total = std::log(static_cast<double>(total));
  for (std::size_t begin = 0; begin < sentence.size();) {
    const bool block = IsBlockChar(sentence[begin]);
    std::size_t end = begin;
    while (end < sentence.size() && IsBlockChar(sentence[end]) == block) ++end;
    std::u32string_view run = sentence.substr(begin, end - begin);
    if (block) {
      CutBlockNoHmm(run, freq, log_total, &out);
    } else {
      // re_skip_default.split: "\r\n" and each whitespace character are pieces of their own,
      // every other character comes out alone.
      for (std::size_t i = 0; i < run.size(); ++i) {
        if (run[i] == U'\r' && i + 1 < run.size() && run[i + 1] == U'\n') {
          out.emplace_back(U"\r\n");
          ++i;
        } else {
          out.emplace_back(1, run[i]);
        }
      }
    }
    begin = end;
  }
  return out;
}

std::uint64_t SuggestFreq(std::u32string_view word, const FreqLookup& freq, std::uint64_t total) {
  const std::vector<std::u32string> words = CutNoHmm(word, freq, total);
  std::uint64_t scaled = Scaled(Product(words, freq, total), total);
  if (scaled < std::numeric_limits<std::uint64_t>::max()) ++scaled;
  return std::max(scaled, freq(word).value_or(1));
}

std::uint64_t SuggestFreqForSegments(std::span<const std::u32string> segments,
                                     const FreqLookup& freq, std::uint64_t total) {
  std::u32string word;
  for (const std::u32string& s : segments) word += s;
  return std::min(Scaled(Product(segments, freq, total), total), freq(word).value_or(0));
}

}  // namespace kwx::internal
