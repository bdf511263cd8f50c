// TF-IDF keyword extraction with exactly the results of jieba.analyse.extract_tags (0.42.1).
#ifndef KWX_KEYWORDS_H_
#define KWX_KEYWORDS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/segmenter.h"
#include "kwx/status.h"
#include "kwx/workspace.h"

namespace kwx {

namespace internal {
struct IdfData;
struct DoubleArrayUnit;
struct StopWordData;
}  // namespace internal

// An IDF table (jieba's idf.txt format) and its median, used for words not in the table.
// Immutable and shareable across threads once loaded; move-only.
class IdfTable {
 public:
  // Every line must split into exactly `word value` (after stripping), like jieba's loader;
  // otherwise the error names the file and line.
  static StatusOr<IdfTable> Load(const std::string& path);

  IdfTable(IdfTable&&) noexcept;
  IdfTable& operator=(IdfTable&&) noexcept;
  IdfTable(const IdfTable&) = delete;
  IdfTable& operator=(const IdfTable&) = delete;
  ~IdfTable();

  std::size_t size() const;
  double median() const;
  // The word's IDF, or median() when the word is not in the table.
  double Get(std::string_view word) const;

  const internal::IdfData& data() const { return *data_; }

 private:
  explicit IdfTable(std::unique_ptr<internal::IdfData> data);
  friend class CompiledData;
  std::unique_ptr<internal::IdfData> data_;
};

// Stop words: jieba's 31 built-in English words plus the lines of any files added. Entries are
// kept raw (no strip, no lower-casing) and looked up with the candidate lower-cased, as in jieba.
class StopWords {
 public:
  StopWords();  // the 31 built-in words
  StopWords(StopWords&&) noexcept;
  StopWords& operator=(StopWords&&) noexcept;
  StopWords(const StopWords&) = delete;
  StopWords& operator=(const StopWords&) = delete;
  ~StopWords();

  // Adds every line of the file (split as Python's str.splitlines()). The file must be UTF-8.
  Status AddFile(const std::string& path);
  void Add(std::string_view word);
  bool Contains(std::string_view word) const;
  std::size_t size() const;

  const internal::StopWordData& data() const { return *data_; }

 private:
  std::unique_ptr<internal::StopWordData> data_;
};

struct Keyword {
  std::string_view word;  // valid until the next call with the same Workspace
  double weight = 0;
};

// jieba.analyse.extract_tags. Borrows the segmenter, the IDF table and the stop words, all of
// which must outlive it. Const methods are thread-safe with one Workspace per thread.
//
// Construction maps the IDF table onto the dictionary's trie (a few tens of ms for the default
// data), so that dictionary words need no string hashing per token. Create one extractor and
// share it between threads rather than one per call.
class KeywordExtractor {
 public:
  KeywordExtractor(const Segmenter& segmenter, const IdfTable& idf, const StopWords& stop_words);
  KeywordExtractor(const Segmenter&&, const IdfTable&, const StopWords&) = delete;
  KeywordExtractor(KeywordExtractor&&) noexcept = default;
  KeywordExtractor& operator=(KeywordExtractor&&) noexcept = default;
  KeywordExtractor(const KeywordExtractor&) = delete;
  KeywordExtractor& operator=(const KeywordExtractor&) = delete;

  // top_k as jieba's topK: 0 = all keywords; k > 0 = the first k; k < 0 = all but the last |k|.
  // Keywords are in descending weight, ties in order of first occurrence.
  void Extract(std::string_view text, std::int64_t top_k, Workspace& ws,
               std::vector<Keyword>* out) const;

  const Segmenter& segmenter() const { return *segmenter_; }

 private:
  const Segmenter* segmenter_;
  const IdfTable* idf_;
  const StopWords* stop_words_;
  double median_idf_;  // idf_->median(), read per term
  // IDF per trie slot as an index into idf_values_ (0: no entry): in the trie's own units when
  // the IDF table and the dictionary came from the same compiled file (idf_units_), else in
  // owned_node_idf_ (node_idf_), mapped at construction.
  std::vector<std::uint32_t> owned_node_idf_;
  std::vector<double> owned_idf_values_;
  const internal::DoubleArrayUnit* idf_units_ = nullptr;
  const std::uint32_t* node_idf_ = nullptr;
  const double* idf_values_ = nullptr;
  // Every word of the IDF table is a trie node (Model puts them there), so a token without a
  // node takes the median IDF with no string lookup.
  bool idf_words_are_nodes_ = false;
  // The trie nodes of the stop words free of A-Z, as an open-addressing set (-1 = empty slot;
  // at most a quarter full): decides stop words without string hashing for tokens with a node
  // (the others are lower-cased and looked up). A few KiB that stay in cache, unlike a bit per
  // trie slot.
  std::vector<std::int32_t> stop_nodes_;
  // Bit min(n, 63) is set when a stop word of n bytes, free of A-Z, has no trie node.
  std::uint64_t stop_lengths_without_node_ = 0;
  static std::uint64_t LengthBit(std::size_t bytes) {
    return std::uint64_t{1} << (bytes < 63 ? bytes : 63);
  }
  static std::size_t StopSlot(std::int32_t node, std::size_t slots);
  bool IsStopNode(std::int32_t node) const;
};

}  // namespace kwx

#endif  // KWX_KEYWORDS_H_
