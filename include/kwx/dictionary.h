// The segmentation model: jieba's word dictionary (dict.txt) and its HMM tables (finalseg), loaded
// once and shared, read-only, by every thread.
#ifndef KWX_DICTIONARY_H_
#define KWX_DICTIONARY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/status.h"

namespace kwx {

namespace internal {
struct DictionaryData;
class Access;
}  // namespace internal

// Where the data files are. Empty fields mean "the default file in the data directory".
//
//   dict       jieba dict.txt format: `word freq [tag]` per line            (default: dict.txt)
//   hmm_model  HMM tables in the cppjieba hmm_model.utf8 text layout        (default: hmm_model.utf8)
//   idf        jieba idf.txt format: `word idf` per line (keywords only)    (default: idf.txt)
//   pos_model  jieba.posseg's HMM tables in kwx's text form, for part-of-speech tagging
//              (default: pos_hmm.utf8, loaded when it exists; an explicit one must exist)
//   compiled   all of the above in kwx's compiled format (`kwx dict compile`)  (default:
//              kwx.dict, if the data directory has one and no text file there is newer)
//
// Callers (LoadData, the CLI, the Python package) load the compiled file when it is set and
// none of `dict`, `hmm_model` and `pos_model` was given explicitly; an explicit `idf` replaces the compiled
// file's IDF table.
//
// The data directory is found, in this order: `data_dir` if set; the environment variable
// KWX_DATA_DIR; each of `search_dirs` (a caller's own places, e.g. the Python package's); the
// directory `<directory of the running binary>/../share/kwx`; the directory the project was
// installed to (KWX_INSTALL_DATA_DIR at build time). The first that exists is used.
struct DataFiles {
  std::string data_dir;
  std::string dict;
  std::string hmm_model;
  std::string idf;
  std::string pos_model;
  std::string compiled;
  std::vector<std::string> search_dirs;
  // User dictionaries (jieba's load_userdict format), applied in order on top of the dictionary
  // by LoadData and LoadTextData (DictionaryBuilder::AddUserDictFile on the loaded dictionary).
  std::vector<std::string> user_dicts;

  // Fills the empty fields from the data directory (`compiled` only if kwx.dict exists there
  // and is not older than a text file beside it). Fails when no data directory is found.
  StatusOr<DataFiles> Resolve() const;
};

// An immutable word dictionary plus HMM model.
//
// Ownership: a Dictionary is shared, as std::shared_ptr<const Dictionary>, by whatever reads it
// (an IdfTable compiled with it, the Python objects, a Model); it owns its data (heap memory, or
// the mapping of a compiled file), so the data lives exactly as long as the last holder.
// Segmenters and extractors borrow it: keep the shared_ptr alive while they are in use.
//
// Thread-safety: a Dictionary is never modified; any number of threads may use one at once
// (each with its own Workspace). It is neither copyable nor movable: share the pointer. To change
// words, make a new Dictionary with a DictionaryBuilder (kwx/dictionary_builder.h).
class Dictionary {
 public:
  // Loads a dict.txt-format file and an hmm_model-format file (DictionaryBuilder with those two
  // files). Errors name the file and the line.
  static StatusOr<std::shared_ptr<const Dictionary>> Load(const std::string& dict_path,
                                                          const std::string& hmm_model_path);

  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;
  ~Dictionary();

  // jieba's `total`: the sum of the frequencies of all dictionary lines and added words,
  // duplicates included.
  std::uint64_t total_frequency() const;
  // Number of distinct words with a non-zero frequency.
  std::size_t word_count() const;
  // Whether it carries jieba.posseg's HMM (needed to tag parts of speech: PosTagger).
  bool has_pos_model() const;
  // jieba's `FREQ.get(word)`: the word's frequency, 0 for a prefix or an unknown word.
  std::uint64_t Frequency(std::string_view word) const;
  // jieba's `FREQ.get(word)` exactly: the frequency of a word, 0 for a string FREQ holds with 0
  // (a prefix of a word, a deleted word), nothing for a string it does not hold.
  std::optional<std::uint64_t> Lookup(std::string_view word) const;
  // The word's part-of-speech tag from the dictionary (the third field of its last line, as
  // jieba.posseg's word_tag_tab keeps it), "" when the line has none or the word is not in the
  // dictionary. Valid as long as the Dictionary.
  std::string_view Tag(std::string_view word) const;

 private:
  friend class internal::Access;
  explicit Dictionary(std::shared_ptr<const internal::DictionaryData> data);
  std::shared_ptr<const internal::DictionaryData> data_;
};

}  // namespace kwx

#endif  // KWX_DICTIONARY_H_
