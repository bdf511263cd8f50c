// The segmentation modes over a prepared text (WorkspaceData::cps), producing Spans.
#ifndef KWX_SEG_CUT_H_
#define KWX_SEG_CUT_H_

#include <string_view>
#include <vector>

#include "dict/dictionary_data.h"
#include "seg/workspace.h"

namespace kwx::internal {

// What CutAccurate puts into ws.spans.
enum class CutTokens {
  kAll,  // every token: the spans tile the text
  // Only the tokens of two or more characters inside blocks: all that TF-IDF keeps (it drops a
  // token that strips to fewer than two characters, and outside blocks the only longer token,
  // "\r\n", strips to ""). Most tokens are single characters, so this saves most of the spans.
  kMultiCharInBlocks,
};

// jieba's cut() in accurate mode (hmm: __cut_DAG, else __cut_DAG_NO_HMM) over ws.cps; fills
// ws.spans. Every span is a substring.
void CutAccurate(const DictionaryData& dict, bool hmm, WorkspaceData& ws,
                 CutTokens tokens = CutTokens::kAll);

// jieba's cut_for_search: for every accurate word, its dictionary 2-grams and 3-grams first.
void CutSearch(const DictionaryData& dict, bool hmm, WorkspaceData& ws);

// jieba's cut(cut_all=True). Tokens may be empty strings and (rarely) not substrings of the
// text, so this produces views: into ws.text or into ws.arena.
void CutFull(const DictionaryData& dict, WorkspaceData& ws, std::vector<std::string_view>* out);

}  // namespace kwx::internal

#endif  // KWX_SEG_CUT_H_
