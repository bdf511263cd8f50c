// The character-tagging HMM of jieba's finalseg (states B, E, M, S), used for words that are not
// in the dictionary.
#ifndef KWX_DICT_HMM_MODEL_H_
#define KWX_DICT_HMM_MODEL_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/status.h"
#include "util/array_ref.h"
#include "util/char_class.h"

namespace kwx::internal {

// State indices in letter order, so that "ties go to the higher state letter" (Python compares
// (prob, letter) tuples) is "ties go to the higher index".
enum HmmState : int { kB = 0, kE = 1, kM = 2, kS = 3 };
constexpr int kHmmStates = 4;

// jieba's MIN_FLOAT: the log-probability of anything missing from the tables.
constexpr double kMinFloat = -3.14e100;

struct HmmModel {
  std::array<double, kHmmStates> start{};
  std::array<std::array<double, kHmmStates>, kHmmStates> trans{};  // trans[from][to]
  // Emission log-probabilities of the Han characters (the only ones finalseg feeds to Viterbi),
  // indexed by code point - kHanFirst; kMinFloat where jieba's table has no entry.
  ArrayRef<std::array<double, kHmmStates>> emit_han;

  const std::array<double, kHmmStates>& Emit(char32_t han) const { return emit_han[han - kHanFirst]; }

  HmmModel Clone() const {
    HmmModel copy;
    copy.start = start;
    copy.trans = trans;
    copy.emit_han = emit_han.Clone();
    return copy;
  }

  // Parses the cppjieba hmm_model.utf8 layout: '#' lines and blank lines ignored; then one line
  // of 4 start probabilities, 4 lines of 4 transition probabilities, and 4 emission lines
  // `char:logprob,char:logprob,...`, all in state order B E M S. `name` is used in errors.
  static StatusOr<HmmModel> Parse(std::string_view text, const std::string& name);
};

}  // namespace kwx::internal

#endif  // KWX_DICT_HMM_MODEL_H_
