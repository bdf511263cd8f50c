// TF-IDF keyword extraction with exactly the results of jieba.analyse.extract_tags (0.42.1).
#ifndef KWX_TFIDF_H_
#define KWX_TFIDF_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "kwx/keywords.h"
#include "kwx/pos_tagger.h"
#include "kwx/segmenter.h"
#include "kwx/status.h"
#include "kwx/workspace.h"

namespace kwx {

namespace internal {
struct TfidfTables;
}

// jieba.analyse.TFIDF.extract_tags.
//
// Borrows the segmenter (and through it the Dictionary), the IDF table, the stop words and the
// optional POS tagger (for allowPOS; over the segmenter's Dictionary): all must outlive the
// extractor. Passing a temporary does not compile. Const methods are
// thread-safe with one Workspace per thread. Movable, not copyable.
//
// Construction maps the stop words (and, for an IDF table that was not compiled with this
// dictionary, the IDF table) onto the dictionary's trie (a few tens of ms for a text IDF table),
// so that dictionary words need no string hashing per token: create one extractor and share it
// between threads rather than one per call.
class TfidfExtractor final : public KeywordExtractor {
 public:
  TfidfExtractor(const Segmenter& segmenter, const IdfTable& idf, const StopWords& stop_words,
                 const PosTagger* tagger = nullptr);
  // Borrowed references must not bind to temporaries.
  TfidfExtractor(const Segmenter&&, const IdfTable&, const StopWords&) = delete;
  TfidfExtractor(const Segmenter&, const IdfTable&&, const StopWords&) = delete;
  TfidfExtractor(const Segmenter&, const IdfTable&, const StopWords&&) = delete;
  TfidfExtractor(TfidfExtractor&&) noexcept;
  TfidfExtractor& operator=(TfidfExtractor&&) noexcept;
  TfidfExtractor(const TfidfExtractor&) = delete;
  TfidfExtractor& operator=(const TfidfExtractor&) = delete;
  ~TfidfExtractor() override;

  // allow_pos needs the tagger, over the segmenter's Dictionary: kUnimplemented otherwise.
  // with_flag without allow_pos is accepted and, as in jieba, changes nothing.
  Status Check(const KeywordOptions& options) const override;
  void Extract(std::string_view text, const KeywordOptions& options, Workspace& ws,
               std::vector<Keyword>* out) const override;

  const Segmenter& segmenter() const { return *segmenter_; }

 private:
  // The terms of one text and how many tokens they count, plain (jieba.dt.cut) or tagged
  // (jieba.posseg.dt.cut with allowPOS), into the workspace's keyword scratch.
  std::uint64_t CountPlain(Workspace& ws) const;
  std::uint64_t CountTagged(const KeywordOptions& options, Workspace& ws) const;

  const Segmenter* segmenter_;
  const PosTagger* tagger_;
  const IdfTable* idf_;
  const StopWords* stop_words_;
  std::unique_ptr<const internal::TfidfTables> tables_;
};

}  // namespace kwx

#endif  // KWX_TFIDF_H_
