// Making a Dictionary: collect words (from dict.txt-format files and one by one), then freeze them
// into an immutable Dictionary, as RE2::Set does Add() then Compile().
#ifndef KWX_DICTIONARY_BUILDER_H_
#define KWX_DICTIONARY_BUILDER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/dictionary.h"
#include "kwx/status.h"

namespace kwx {

namespace internal {
struct DictEntry;
}  // namespace internal

// Words and an HMM model in, one immutable Dictionary out. The changes have jieba's semantics,
// applied in the order they were made:
//
//   AddDictFile(f)       every line of f as jieba's gen_pfdict reads dict.txt
//   AddWord(w, f, tag)   jieba's add_word(w, f, tag) with an explicit frequency
//   RemoveWord(w)        jieba's del_word(w)
//   AddUserDict*(f)      jieba's load_userdict(f) (on a base)
//
// Each line or added word sets the word's frequency (the last one wins) and adds its frequency
// to `total` (jieba never subtracts: replacing a word's frequency still adds the new one); every
// prefix of a word is a node of the trie, with frequency 0 unless it is a word itself.
// AddWord(w, 0), and so RemoveWord(w), also makes the HMM stop proposing w as a word, as in
// jieba (finalseg's force-split words).
//
// Two ways to start:
//
//   DictionaryBuilder()       from nothing: add dictionary files (and words), set an HMM model.
//   DictionaryBuilder(base)   from a loaded Dictionary: the changes are applied on top of it.
//                             Build() then neither copies nor rebuilds the base (tens of MB,
//                             often the mapping of a compiled file): the new Dictionary views
//                             the base's trie, keeps the changed and added words in a small
//                             overlay of its own, and re-derives the log(freq) - log(total) of
//                             the base's distinct frequencies from the new total. It shares the
//                             base (which stays alive and unchanged), and gives the same answers
//                             as a dictionary built from scratch with the same changes. Building
//                             on such a snapshot applies its changes and the new ones on the
//                             same base, so overlays never pile up.
//
// The builder owns what it collected (and shares the base); each Dictionary it builds owns (or,
// on a base, shares) its data and outlives the builder.
//
// Not thread-safe; Build() leaves the builder as it was, so it can go on collecting and build
// again (each Dictionary built is a separate immutable snapshot: threads working with an earlier
// one are unaffected).
class DictionaryBuilder {
 public:
  DictionaryBuilder();
  explicit DictionaryBuilder(std::shared_ptr<const Dictionary> base);
  DictionaryBuilder(DictionaryBuilder&&) noexcept;
  DictionaryBuilder& operator=(DictionaryBuilder&&) noexcept;
  DictionaryBuilder(const DictionaryBuilder&) = delete;
  DictionaryBuilder& operator=(const DictionaryBuilder&) = delete;
  ~DictionaryBuilder();

  // Every line of a dict.txt-format file (`word freq [tag]`), in order, as if appended to the
  // dictionary file (on a base: to the base's). A bad line is an error naming the file and the
  // line, and then nothing of the file is added.
  Status AddDictFile(const std::string& path);
  // The HMM tables for unknown words (cppjieba hmm_model.utf8 layout). Required before Build()
  // without a base; with one, replaces the base's.
  Status SetHmmModelFile(const std::string& path);
  // jieba.posseg's HMM tables in kwx's text form (data/jieba_posseg_to_text.py writes them as
  // pos_hmm.utf8). Optional: without them the Dictionary cuts but cannot tag parts of speech
  // (PosTagger::Create fails). On a base, replaces the base's.
  Status SetPosModelFile(const std::string& path);

  // jieba's add_word(word, freq, tag): `tag` empty keeps the word's tag. The word must be UTF-8;
  // an empty word only adds `freq` to the total (as in jieba, where it can never be matched).
  // Frequencies must be >= 0 (jieba would accept a negative one and then fail in the middle of
  // segmentation with a math domain error).
  Status AddWord(std::string_view word, std::int64_t freq, std::string_view tag = {});
  // jieba's add_word(word, None, tag): the frequency is SuggestFreq(word) on the words so far.
  // Needs a base.
  Status AddWordWithSuggestedFreq(std::string_view word, std::string_view tag = {});
  // jieba's del_word(word).
  Status RemoveWord(std::string_view word);

  // jieba's load_userdict(path) (a file it opens in binary): `word [freq] [tag]` per line, read
  // with jieba's re_userdict, each line an add_word (a line without a frequency gets
  // suggest_freq(word) on everything before it, earlier lines included). Needs a base. Unlike
  // jieba, all or nothing: a line that is not UTF-8 is an error naming the file and the line,
  // and then nothing of the file is added.
  Status AddUserDictFile(const std::string& path);
  // The same for the bytes of such a file; `name` is used in errors.
  Status AddUserDict(std::string_view bytes, const std::string& name);

  // jieba's suggest_freq(word) and suggest_freq(tuple(segments)) with tune=False, on the base
  // and everything added so far (the word is cut without the HMM by the words so far). Needs a
  // base; kInvalidArgument for text that is not UTF-8. AddWord(word, *result) is tune=True.
  StatusOr<std::int64_t> SuggestFreq(std::string_view word) const;
  StatusOr<std::int64_t> SuggestFreqForSegments(std::span<const std::string_view> segments) const;

  // jieba's `total` and FREQ.get(word) on the base and everything added so far. Needs a base.
  std::uint64_t total_frequency() const;
  std::optional<std::uint64_t> Lookup(std::string_view word) const;

  // Words that become trie nodes without being words (frequency 0, like a prefix): segmentation
  // is unchanged, but each of them then has a node, so that a keyword extractor finds a token's
  // IDF through its node and knows that a token without a node is none of these words. Model
  // passes the IDF table's words. Invalid UTF-8 or empty entries are skipped. Only without a
  // base (a base's trie is not rebuilt): kInvalidArgument otherwise.
  Status AddIndexOnlyWords(std::span<const std::string_view> words);

  // The Dictionary of everything added so far. Fails when no HMM model was set, no word has a
  // non-zero frequency, or the words have more distinct POS tags than the format holds. On a
  // base without changes, the base itself.
  StatusOr<std::shared_ptr<const Dictionary>> Build() const&;
  // The same from a builder that is done: on a base, the changes move into the Dictionary
  // instead of being copied (the builder is left empty).
  StatusOr<std::shared_ptr<const Dictionary>> Build() &&;

 private:
  struct Data;
  // FREQ on the base plus what was added (see Data::added_freq).
  std::function<std::optional<std::uint64_t>(std::u32string_view)> FreqView() const;
  void RecordAdded(std::u32string_view word, std::uint64_t freq) const;
  StatusOr<std::shared_ptr<const Dictionary>> BuildFrom(std::vector<internal::DictEntry> changes) const;
  std::unique_ptr<Data> data_;
};

}  // namespace kwx

#endif  // KWX_DICTIONARY_BUILDER_H_
