// Keyword extraction: the data it reads (an IDF table, stop words), the options jieba's
// extract_tags and textrank take, and the interface every extractor implements. The TF-IDF
// extractor is in kwx/tfidf.h.
#ifndef KWX_KEYWORDS_H_
#define KWX_KEYWORDS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/status.h"
#include "kwx/workspace.h"

namespace kwx {

namespace internal {
struct IdfData;
struct StopWordData;
class Access;
}  // namespace internal

// An IDF table (jieba's idf.txt format) and its median, used for words not in the table.
//
// Ownership: shared, as std::shared_ptr<const IdfTable>; it owns its data. A table loaded from a
// compiled file keeps its entries inside that file's trie, so it also holds (shares) the
// Dictionary data it came with: drop the Dictionary, and the table still works. Immutable and
// thread-safe; neither copyable nor movable.
class IdfTable {
 public:
  // Every line must split into exactly `word value` (after stripping), like jieba's loader;
  // otherwise the error names the file and line.
  static StatusOr<std::shared_ptr<const IdfTable>> Load(const std::string& path);
  // A table of the given entries (a later duplicate word wins) with the given median, for words
  // not in it. None may be NaN (kInvalidArgument). jieba's TFIDF after its idf_freq dict or its
  // median_idf was changed.
  static StatusOr<std::shared_ptr<const IdfTable>> FromEntries(
      std::span<const std::pair<std::string, double>> entries, double median);

  IdfTable(const IdfTable&) = delete;
  IdfTable& operator=(const IdfTable&) = delete;
  ~IdfTable();

  std::size_t size() const;
  double median() const;
  // The word's IDF, or median() when the word is not in the table.
  double Get(std::string_view word) const;
  // Calls f(word, idf) for every entry, in no particular order.
  void ForEach(const std::function<void(std::string_view word, double idf)>& f) const;

 private:
  friend class internal::Access;
  explicit IdfTable(std::shared_ptr<const internal::IdfData> data);
  std::shared_ptr<const internal::IdfData> data_;
};

// Stop words: jieba's 31 built-in English words plus the lines of any files added. Entries are
// kept raw (no strip, no lower-casing) and looked up with the candidate lower-cased, as in jieba.
//
// Built by adding to it, then used read-only (extractors borrow it; Model shares it as
// std::shared_ptr<const StopWords>). Movable, not copyable.
class StopWords {
 public:
  StopWords();  // the 31 built-in words
  static StopWords Empty();  // no words at all, not even the built-in ones
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

 private:
  friend class internal::Access;
  std::unique_ptr<internal::StopWordData> data_;
};

// What jieba's extract_tags(sentence, topK, withWeight, allowPOS, withFlag) and textrank take
// besides the sentence, with jieba's defaults.
struct KeywordOptions {
  // jieba's topK: 0 = all keywords; k > 0 = the first k; k < 0 = all but the last |k|.
  std::int64_t top_k = 20;
  // jieba's allowPOS: when not empty, only words whose POS tag is one of these (needs the POS
  // tagger; an extractor without one refuses it in Check()).
  std::vector<std::string> allow_pos;
  // Whether the caller presents weights (extractors always compute them).
  bool with_weight = false;
  // jieba's withFlag: keywords carry their POS tag (only together with allow_pos, as in jieba).
  bool with_flag = false;
};

struct Keyword {
  Keyword() = default;
  Keyword(std::string_view w, double wt, std::string_view f = {}) : word(w), weight(wt), flag(f) {}

  std::string_view word;  // valid until the next call with the same Workspace
  double weight = 0;
  std::string_view flag;  // the POS tag with KeywordOptions::with_flag, else empty
};

// What every keyword extractor does (jieba.analyse's KeywordExtractor: TF-IDF, TextRank).
// Extractors borrow their data (a Segmenter, an IdfTable, StopWords ...), which must outlive
// them; their const methods are thread-safe with one Workspace per thread.
class KeywordExtractor {
 public:
  virtual ~KeywordExtractor() = default;

  // Ok when Extract() honours every setting of `options`; otherwise a kUnimplemented status that
  // names the setting (never a silently different answer). Check once, before a run.
  virtual Status Check(const KeywordOptions& options) const = 0;

  // The keywords of `text` into *out (cleared first): descending weight, ties in order of first
  // occurrence, as jieba. With options that Check() refuses, *out is left empty.
  virtual void Extract(std::string_view text, const KeywordOptions& options, Workspace& ws,
                       std::vector<Keyword>* out) const = 0;
};

}  // namespace kwx

#endif  // KWX_KEYWORDS_H_
