// finalseg's Viterbi decoding of a run of Han characters into B/E/M/S states.
#ifndef KWX_SEG_VITERBI_H_
#define KWX_SEG_VITERBI_H_

#include <array>
#include <cstdint>
#include <vector>

#include "dict/hmm_model.h"

namespace kwx::internal {

struct ViterbiScratch {
  // Per character, which predecessor each state came from: bit y set for the higher letter of
  // the two states it can be reached from.
  std::vector<std::uint8_t> from;
};

// Fills states[0..n) with the best state path for the Han characters hans[0..n) (n >= 1).
//
// Exactness: V[t][y] = max over y0 in PrevStatus[y] of (V[t-1][y0] + trans[y0][y]) + emit[y](c),
// evaluated in that order; a tie goes to the higher state letter, and the final state is the
// better of E and S with S winning a tie, exactly as jieba's max() over (prob, letter) tuples.
void Viterbi(const HmmModel& model, const char32_t* hans, std::size_t n, ViterbiScratch& scratch,
             std::vector<std::uint8_t>* states);

}  // namespace kwx::internal

#endif  // KWX_SEG_VITERBI_H_
