// The segmentation model: jieba's word dictionary (dict.txt) and its HMM tables (finalseg), loaded
// once and shared, read-only, by every thread.
#ifndef KWX_DICTIONARY_H_
#define KWX_DICTIONARY_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "kwx/status.h"

namespace kwx {

namespace internal {
struct DictionaryData;
}

// Where the data files are. Empty fields mean "the default file in the data directory".
//
//   dict       jieba dict.txt format: `word freq [tag]` per line            (default: dict.txt)
//   hmm_model  HMM tables in the cppjieba hmm_model.utf8 text layout        (default: hmm_model.utf8)
//   idf        jieba idf.txt format: `word idf` per line (keywords only)    (default: idf.txt)
//   compiled   all of the above in kwx's compiled format (`kwx dict compile`)  (default:
//              kwx.dict, if the data directory has one)
//
// Callers (the CLI) load the compiled file when it is set and neither `dict` nor `hmm_model` was
// given explicitly; an explicit `idf` replaces the compiled file's IDF table.
//
// The default data directory is found, in this order: `data_dir` if set; the environment
// variable KWX_DATA_DIR; `<directory of the running binary>/../share/kwx`; the directory the
// project was installed to (KWX_INSTALL_DATA_DIR at build time).
struct DataFiles {
  std::string data_dir;
  std::string dict;
  std::string hmm_model;
  std::string idf;
  std::string compiled;

  // Fills the empty fields from the data directory (`compiled` only if kwx.dict exists there).
  // Fails when no data directory is found.
  StatusOr<DataFiles> Resolve() const;
};

// An immutable word dictionary plus HMM model.
//
// Thread-safety: a loaded Dictionary is never modified; any number of threads may use one const
// Dictionary at once (each with its own Workspace). It is move-only: copying would duplicate tens
// of MiB for nothing, so share it by reference or pointer instead.
class Dictionary {
 public:
  // Loads dict.txt-format and hmm_model-format files. Errors name the file and the line.
  static StatusOr<Dictionary> Load(const std::string& dict_path, const std::string& hmm_model_path);
  // The same, and also puts `index_only_words` into the trie as nodes without a frequency: the
  // segmentation is unchanged (a 0-frequency node is a prefix, as in jieba's FREQ), but every
  // one of those words then has a trie node. Model::LoadText passes the IDF table's words, so
  // that the extractor finds any token's IDF through its node and knows that a token without a
  // node has none, with no string hashing. Invalid UTF-8 entries are skipped.
  static StatusOr<Dictionary> Load(const std::string& dict_path, const std::string& hmm_model_path,
                                   std::span<const std::string_view> index_only_words);

  Dictionary(Dictionary&&) noexcept;
  Dictionary& operator=(Dictionary&&) noexcept;
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;
  ~Dictionary();

  // Sum of the frequencies of all dictionary lines, duplicates included (jieba's `total`).
  std::uint64_t total_frequency() const;
  // Number of distinct words with a non-zero frequency.
  std::size_t word_count() const;
  // jieba's `FREQ.get(word)`: the word's frequency, 0 for a prefix or an unknown word.
  std::uint64_t Frequency(std::string_view word) const;
  // The word's part-of-speech tag from the dictionary (the third field of its last line, as
  // jieba.posseg's word_tag_tab keeps it), "" when the line has none or the word is not in the
  // dictionary. Valid as long as the Dictionary.
  std::string_view Tag(std::string_view word) const;

  const internal::DictionaryData& data() const { return *data_; }

 private:
  explicit Dictionary(std::unique_ptr<internal::DictionaryData> data);
  friend class CompiledData;
  std::unique_ptr<internal::DictionaryData> data_;
};

}  // namespace kwx

#endif  // KWX_DICTIONARY_H_
