// jieba.posseg's cut over a prepared text: words with their part-of-speech flags.
#ifndef KWX_SEG_POS_CUT_H_
#define KWX_SEG_POS_CUT_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "dict/dictionary_data.h"
#include "seg/pos_viterbi.h"
#include "seg/scratch.h"

namespace kwx::internal {

// A word of the window's code points [begin, end) and its flag: a view of the dictionary's or
// the POS model's tags, or of a static "x", "m" or "eng". (Spans may overlap where posseg's
// decoder yields overlapping words; see CutHanPos in pos_cut.cc.)
struct TaggedSpan {
  std::uint32_t begin;
  std::uint32_t end;
  std::string_view flag;
};

struct PosScratch {
  PosViterbiScratch viterbi;
  std::vector<std::uint8_t> states;
  std::vector<TaggedSpan> spans;
};

// posseg.POSTokenizer.cut(sentence, HMM=hmm) over the current window of `text` (the dictionary
// must have a POS model when hmm is true: DictionaryData::pos).
std::span<const TaggedSpan> CutPos(const DictionaryData& dict, bool hmm, const PreparedText& text,
                                   SegmentScratch& seg, PosScratch& pos);

}  // namespace kwx::internal

#endif  // KWX_SEG_POS_CUT_H_
