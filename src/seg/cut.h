// The segmentation modes over a prepared text, producing Spans: the internal token API of the
// segmenter and the keyword extractors.
#ifndef KWX_SEG_CUT_H_
#define KWX_SEG_CUT_H_

#include <span>
#include <string_view>
#include <vector>

#include "dict/dictionary_data.h"
#include "kwx/segmenter.h"
#include "seg/scratch.h"

namespace kwx::internal {

// Grows the per-code-point buffers of `seg` to the window (they never shrink: a warm workspace
// allocates nothing). Every cut calls it first.
void SizeBuffers(const PreparedText& text, SegmentScratch& seg);

// Fills seg.ids over the window's code points [begin, end) (one block) and computes jieba's best
// route there (seg.route_end / route_node / route_score, from `begin` on).
void RouteRange(const DictionaryData& dict, const PreparedText& text, SegmentScratch& seg,
                std::size_t begin, std::size_t end);

// Each function works on the current window of `text` (PreparedText, NextWindow): spans are in
// the window's code points.
//
// jieba's cut() in accurate mode (hmm: __cut_DAG, else __cut_DAG_NO_HMM). The spans tile the
// window; a span's node is set for the words the route chose.
std::span<const Span> CutAccurate(const DictionaryData& dict, bool hmm, const PreparedText& text,
                                  SegmentScratch& seg);

// jieba's cut_for_search: for every accurate word, its dictionary 2-grams and 3-grams first.
std::span<const Span> CutSearch(const DictionaryData& dict, bool hmm, const PreparedText& text,
                                SegmentScratch& seg);

// The tokens keyword extraction counts: jieba's extract_tags keeps the tokens of cut(sentence)
// (HMM on) that strip to two or more characters, which are exactly the accurate tokens of two or
// more characters inside blocks (outside blocks the only longer token, "\r\n", strips to "").
// Most tokens are single characters, so the cut skips them instead of producing them. Every
// span's node is the word's trie node, also for words the HMM found (so one word is always one
// node), or -1 when the word is not in the trie.
std::span<const Span> KeywordTokens(const DictionaryData& dict, const PreparedText& text,
                                    SegmentScratch& seg);

// jieba's cut(cut_all=True) of the window. Tokens may be empty strings and (rarely) not
// substrings of the text, so this produces views: into text.text or into seg.arena, which the
// caller clears once per call (not per window). Appends to *out.
void CutFull(const DictionaryData& dict, const PreparedText& text, SegmentScratch& seg,
             std::vector<std::string_view>* out);

// jieba's cut_block on the whole window as one block, whatever its characters: __cut_all in
// full mode, else __cut_DAG (hmm) or __cut_DAG_NO_HMM. For text split into blocks by a caller's
// own re_han_default. Appends to *out (views as CutFull's).
void CutWholeBlock(const DictionaryData& dict, CutMode mode, bool hmm, const PreparedText& text,
                   SegmentScratch& seg, std::vector<std::string_view>* out);

}  // namespace kwx::internal

#endif  // KWX_SEG_CUT_H_
