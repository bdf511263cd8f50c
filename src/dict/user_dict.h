// jieba's user-dictionary side: the line format load_userdict reads, and suggest_freq. Both work
// over any FREQ (a lookup function), so that a DictionaryBuilder can answer them about the words
// it is still collecting, before they are frozen into a Dictionary.
#ifndef KWX_DICT_USER_DICT_H_
#define KWX_DICT_USER_DICT_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/status.h"

namespace kwx::internal {

// One non-blank line of a user dictionary: re_userdict = ^(.+?)( [0-9]+)?( [a-z]+)?$ matched on
// the line as load_userdict prepares it.
struct UserDictLine {
  std::string_view word;             // UTF-8, never empty (views of the file's bytes)
  std::optional<std::uint64_t> freq;  // none: add_word suggests one (suggest_freq(word))
  std::string_view tag;              // empty: none (the word keeps its tag)
  std::size_t line_no = 0;           // 1-based
};

// The lines of a user dictionary file read in binary, as jieba 0.42.1's load_userdict reads a
// file it opens itself: split after each '\n', bytes.strip() (ASCII whitespace), decoded as
// UTF-8, leading U+FEFF removed (on every line), blank lines skipped, then re_userdict. jieba
// accepts every UTF-8 line; a line that is not UTF-8 is an error naming the file (jieba's
// "dictionary file ... must be utf-8") and the line. A frequency too large for 64 bits is an
// error too (jieba's integers have no limit).
StatusOr<std::vector<UserDictLine>> ParseUserDict(std::string_view bytes, const std::string& name);
// The same, one line at a time, without collecting them: calls f(line) for each in order and
// stops at the first error (a line's, or f's). The views in `line` point into `bytes`.
Status ForEachUserDictLine(std::string_view bytes, const std::string& name,
                           const std::function<Status(const UserDictLine&)>& f);

// re_userdict on one prepared line (stripped, non-empty, UTF-8): the word, the frequency digits
// (empty: none) and the tag (empty: none).
struct UserDictFields {
  std::string_view word, freq, tag;
};
UserDictFields MatchUserDictLine(std::string_view line);

// jieba's FREQ.get(word): the frequency of a word or 0 for a prefix of one (as add_word and
// gen_pfdict store them), nothing for a string FREQ does not hold.
using FreqLookup = std::function<std::optional<std::uint64_t>(std::u32string_view word)>;

// Tokenizer.cut(sentence, HMM=False), transcribed over `freq` and `total`: re_han_default
// blocks through get_DAG, calc and __cut_DAG_NO_HMM; other text one character at a time
// ("\r\n" together). Slow (a lookup per candidate) and meant for single words: suggest_freq
// cuts the word it is asked about.
std::vector<std::u32string> CutNoHmm(std::u32string_view sentence, const FreqLookup& freq,
                                     std::uint64_t total);

// suggest_freq(word): max(int(P * total) + 1, FREQ.get(word, 1)), P the product over the words
// of cut(word, HMM=False) of FREQ.get(w, 1) / total, in jieba's order of operations.
std::uint64_t SuggestFreq(std::u32string_view word, const FreqLookup& freq, std::uint64_t total);
// suggest_freq(tuple_of_segments): min(int(P * total), FREQ.get(''.join(segments), 0)), P over
// the given segments.
std::uint64_t SuggestFreqForSegments(std::span<const std::u32string> segments,
                                     const FreqLookup& freq, std::uint64_t total);

}  // namespace kwx::internal

#endif  // KWX_DICT_USER_DICT_H_
