// jieba.posseg's cut over a prepared text: words with their part-of-speech flags.
#ifndef KWX_SEG_POS_CUT_H_
#define KWX_SEG_POS_CUT_H_

#include <array>
#include <cstdint>
#include <memory>
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

// The decoded states of short Han runs, by their characters. Real text brings the same runs of
// a few unknown characters back again and again, and the POS Viterbi is most of the tagger's
// time: a hit skips it. Direct-mapped (a run that lands on a taken slot replaces it), filled
// per worker, and tied to one model: it empties itself when used with another.
class PosRunMemo {
 public:
  static constexpr std::size_t kMaxRun = 8;

  // Copies the states of the run [run, run + n) into *states when the table has them.
  bool Find(const PosModel& model, const std::shared_ptr<const PosModel>& owner, const char32_t* run,
            std::size_t n, std::vector<std::uint8_t>* states);
  void Put(const char32_t* run, std::size_t n, const std::vector<std::uint8_t>& states);

 private:
  // The table starts small (a few sentences, such as the compiled file's self-test at load
  // time, should not pay for a large one) and grows to kMaxSlots as misses pile up.
  static constexpr std::size_t kFirstSlots = 256;
  static constexpr std::size_t kMaxSlots = std::size_t{1} << 14;
  struct Slot {
    std::uint8_t length = 0;  // 0: empty
    std::array<std::uint8_t, kMaxRun> states{};
    std::array<char32_t, kMaxRun> chars{};
  };
  std::size_t SlotOf(const char32_t* run, std::size_t n) const;

  std::weak_ptr<const PosModel> model_;  // whose paths the table holds
  const PosModel* model_address_ = nullptr;
  std::size_t misses_ = 0;
  std::vector<Slot> slots_;
};

struct PosScratch {
  PosViterbiScratch viterbi;
  std::vector<std::uint8_t> states;
  std::vector<TaggedSpan> spans;
  PosRunMemo memo;
};

// posseg.POSTokenizer.cut(sentence, HMM=hmm) over the current window of `text` (the dictionary
// must have a POS model when hmm is true: DictionaryData::pos).
std::span<const TaggedSpan> CutPos(const DictionaryData& dict, bool hmm, const PreparedText& text,
                                   SegmentScratch& seg, PosScratch& pos);

// posseg's cut_blk (__cut_DAG with hmm, else __cut_DAG_NO_HMM) on the whole window as one
// block, whatever its characters: for text split into blocks by a caller's own re_han_internal.
std::span<const TaggedSpan> CutPosWholeBlock(const DictionaryData& dict, bool hmm,
                                             const PreparedText& text, SegmentScratch& seg,
                                             PosScratch& pos);

}  // namespace kwx::internal

#endif  // KWX_SEG_POS_CUT_H_
