// TF-IDF keyword extraction with exactly the results of jieba.analyse.extract_tags (0.42.1).
#ifndef KWX_TFIDF_H_
#define KWX_TFIDF_H_

#include <memory>
#include <string_view>
#include <vector>

#include "kwx/keywords.h"
#include "kwx/segmenter.h"
#include "kwx/status.h"
#include "kwx/workspace.h"

namespace kwx {

namespace internal {
struct TfidfTables;
}

// jieba.analyse.TFIDF.extract_tags.
//
// Borrows the segmenter (and through it the Dictionary), the IDF table and the stop words: all
// must outlive the extractor. Passing a temporary does not compile. Const methods are
// thread-safe with one Workspace per thread. Movable, not copyable.
//
// Construction maps the stop words (and, for an IDF table that was not compiled with this
// dictionary, the IDF table) onto the dictionary's trie (a few tens of ms for a text IDF table),
// so that dictionary words need no string hashing per token: create one extractor and share it
// between threads rather than one per call.
class TfidfExtractor final : public KeywordExtractor {
 public:
  TfidfExtractor(const Segmenter& segmenter, const IdfTable& idf, const StopWords& stop_words);
  // Borrowed references must not bind to temporaries.
  TfidfExtractor(const Segmenter&&, const IdfTable&, const StopWords&) = delete;
  TfidfExtractor(const Segmenter&, const IdfTable&&, const StopWords&) = delete;
  TfidfExtractor(const Segmenter&, const IdfTable&, const StopWords&&) = delete;
  TfidfExtractor(TfidfExtractor&&) noexcept;
  TfidfExtractor& operator=(TfidfExtractor&&) noexcept;
  TfidfExtractor(const TfidfExtractor&) = delete;
  TfidfExtractor& operator=(const TfidfExtractor&) = delete;
  ~TfidfExtractor() override;

  // allow_pos and with_flag need POS tagging, which kwx does not have yet: kUnimplemented.
  Status Check(const KeywordOptions& options) const override;
  void Extract(std::string_view text, const KeywordOptions& options, Workspace& ws,
               std::vector<Keyword>* out) const override;

  const Segmenter& segmenter() const { return *segmenter_; }

 private:
  const Segmenter* segmenter_;
  const IdfTable* idf_;
  const StopWords* stop_words_;
  std::unique_ptr<const internal::TfidfTables> tables_;
};

}  // namespace kwx

#endif  // KWX_TFIDF_H_
