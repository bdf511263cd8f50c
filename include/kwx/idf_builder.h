// An IDF table built from your own corpus: document frequencies counted with the segmentation
// extraction uses, written in jieba's idf.txt format, so that `kwx extract --idf` (or jieba's
// TFIDF(idf_path=...)) ranks a domain's words against the domain instead of 2013's news.
#ifndef KWX_IDF_BUILDER_H_
#define KWX_IDF_BUILDER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kwx/batch.h"
#include "kwx/keywords.h"
#include "kwx/segmenter.h"
#include "kwx/status.h"

namespace kwx {

struct IdfBuildOptions {
  // idf = log((N + 1) / (df + 1)) + 1 (scikit-learn's smooth_idf) instead of log(N / df): no
  // word gets 0, and a word in every document still weighs something.
  bool smooth = false;
  // Words in fewer documents are left out of the table (extraction then gives them the table's
  // median, as jieba does for any word its table lacks): the long tail of a big corpus.
  std::uint64_t min_df = 1;
};

// How many documents each word occurs in. A document's tokens count once each however often they
// repeat; a token is a word unless it is empty or holds a whitespace character (Python's
// str.isspace(): jieba's idf.txt reader splits lines at them). Mergeable, so that workers count
// apart and add up at the end; the table is the same whatever the split.
class DocumentFrequencies {
 public:
  DocumentFrequencies();
  DocumentFrequencies(DocumentFrequencies&&) noexcept;
  DocumentFrequencies& operator=(DocumentFrequencies&&) noexcept;
  ~DocumentFrequencies();

  // One document's tokens.
  void AddDocument(std::span<const std::string_view> tokens);
  // The same in pieces: a new document, then its tokens in any number of calls.
  void BeginDocument();
  void AddTokens(std::span<const std::string_view> tokens);
  // Adds `other`'s documents and counts.
  void Merge(const DocumentFrequencies& other);

  // Every word with its count, in no particular order: what saving the counts needs.
  void ForEachWord(const std::function<void(std::string_view word, std::uint64_t documents)>& f) const;
  // Restoring saved counts: `documents` more documents, and `documents` more for `word` (a
  // token that is not a word, see above, is ignored).
  void AddDocuments(std::uint64_t documents);
  void AddToWord(std::string_view word, std::uint64_t documents);

  std::uint64_t documents() const;
  std::size_t word_count() const;
  // The documents `word` occurs in (0 if none).
  std::uint64_t Frequency(std::string_view word) const;

  // jieba's idf.txt: a line "word idf" per word with at least min_df documents, in byte order of
  // the words, the idf written as Python's repr() of the double (float() reads back the same
  // double, so jieba and kwx weigh with identical values). idf = log(N / df), natural log, N the
  // documents counted (options.smooth: see IdfBuildOptions). Empty without documents.
  std::string IdfText(const IdfBuildOptions& options) const;
  // The same table in memory: what IdfTable::Load would read from IdfText's file (the same
  // entries and doubles, the median as jieba's loader takes it). An error without any word.
  StatusOr<std::shared_ptr<const IdfTable>> ToIdfTable(const IdfBuildOptions& options) const;

 private:
  // The (word, df) pairs of the table, sorted by the words' bytes.
  std::vector<std::pair<std::string_view, std::uint64_t>> TableRows(
      const IdfBuildOptions& options) const;
  struct Data;
  std::unique_ptr<Data> data_;
};

// Counts the documents (lines, or with `records` the records: OpenRecords) of `source` with `segmenter`'s cut in `mode` (jieba's cut,
// cut_all or cut_for_search), in parallel as RunBatch does, adding them to *total. The counts
// are the same whatever options.jobs is.
StatusOr<BatchResult> CountDocumentFrequencies(LineSource& source, const Segmenter& segmenter,
                                               CutMode mode, bool hmm, const BatchOptions& options,
                                               DocumentFrequencies* total,
                                               std::shared_ptr<const RecordLayout> records = nullptr);

}  // namespace kwx

#endif  // KWX_IDF_BUILDER_H_
