// TextRank keyword extraction with exactly the results of jieba.analyse.textrank (0.42.1).
#ifndef KWX_TEXTRANK_H_
#define KWX_TEXTRANK_H_

#include <string_view>
#include <vector>

#include "kwx/keywords.h"
#include "kwx/pos_tagger.h"
#include "kwx/status.h"
#include "kwx/workspace.h"

namespace kwx {

// jieba.analyse.TextRank.textrank: the words of jieba.posseg's cut that pass the pair filter
// (flag in allowPOS, at least two characters after strip(), not a stop word) become nodes; each
// pair of passing words at most 4 tokens apart (span 5, every token counted) adds 1 to their
// co-occurrence count; the counts are the weights of an undirected graph, ranked with 10
// in-place iterations of ws[n] = (1 - 0.85) + 0.85 * sum(w / outSum[m] * ws[m]) over the nodes in
// sorted order, then scaled as (w - min/10) / (max - min/10). Keywords in descending weight, ties
// in the order the nodes entered the graph: the same keywords, order and doubles as jieba.
//
// KeywordOptions: allow_pos is jieba's allowPOS (empty: no word passes, so no keyword; jieba's
// default is {"ns", "n", "vn", "v"}: DefaultTextRankPos()); with_flag makes the nodes
// (word, flag) pairs, as jieba's withFlag (sorted by word only, as jieba's pair compares).
//
// Borrows the tagger (and its Dictionary) and the stop words, which must outlive it. Const
// methods are thread-safe with one Workspace per thread.
class TextRankExtractor final : public KeywordExtractor {
 public:
  TextRankExtractor(const PosTagger& tagger, const StopWords& stop_words)
      : tagger_(&tagger), stop_words_(&stop_words) {}
  TextRankExtractor(const PosTagger&&, const StopWords&) = delete;
  TextRankExtractor(const PosTagger&, const StopWords&&) = delete;

  Status Check(const KeywordOptions& options) const override;
  void Extract(std::string_view text, const KeywordOptions& options, Workspace& ws,
               std::vector<Keyword>* out) const override;

 private:
  const PosTagger* tagger_;
  const StopWords* stop_words_;
};

// jieba's default allowPOS for textrank: ('ns', 'n', 'vn', 'v').
std::vector<std::string> DefaultTextRankPos();

}  // namespace kwx

#endif  // KWX_TEXTRANK_H_
