// posseg's Viterbi decoding of a run of Han characters into (position, tag) states.
#ifndef KWX_SEG_POS_VITERBI_H_
#define KWX_SEG_POS_VITERBI_H_

#include <array>
#include <cstdint>
#include <vector>

#include "dict/pos_model.h"

namespace kwx::internal {

struct PosViterbiScratch {
  std::vector<double> prev, cur;     // V[t-1] and V[t], indexed by state
  std::vector<double> emit;          // the current character's emissions, indexed by state
  // The previous column's states that have successors, with their V[t-1].
  struct From {
    double score;
    std::uint8_t state;
  };
  std::array<From, PosModel::kMaxStates> from{};
  // Per character t, the states of mem_path[t] with the state each came from:
  // steps[step_begin[t], step_begin[t + 1]), in increasing state order.
  struct Step {
    std::uint8_t state, from;
  };
  // Columns before `base` are decided (see PosViterbi) and no longer stored: column t's steps
  // are steps[step_begin[t - base], step_begin[t - base + 1]).
  std::vector<Step> steps;
  std::vector<std::uint32_t> step_begin;
  std::size_t base = 0;
  std::vector<std::uint8_t> survivors, ancestors;  // the convergence check's state sets
  // Columns between convergence checks (tests make it small).
  std::size_t check_interval = 4096;
};

// Fills states[0..n) with jieba.posseg.viterbi's best state path for the Han characters
// hans[0..n) (n >= 1).
//
// Exactness, transcribed from posseg/viterbi.py: the states of a column are
// char_state_tab[c] (all states for a character not in it) intersected with the successors of
// the previous column's states that have successors, or those successors if the intersection is
// empty; V[t][y] = max over y0 of ((V[t-1][y0] + trans[y0][y]) + emit[y][c]), a missing
// transition counting as -inf and a missing emission as -3.14e100, evaluated in that order and
// compared as (prob, state) tuples, so that a tie goes to the greater state; the last state is
// the max of (V[n-1][y], y).
//
// Memory: every `check_interval` columns, the survivor paths of the current column are traced
// back; where they all pass through one state, everything before is decided (every later path
// extends one of them), written to *states, and its steps dropped. So a run of millions of
// unknown characters keeps the steps of a few thousand columns, not 500 bytes per character
// (the paths of jieba's tables merge within a few dozen columns). Results are unchanged.
void PosViterbi(const PosModel& model, const char32_t* hans, std::size_t n,
                PosViterbiScratch& scratch, std::vector<std::uint8_t>* states);

}  // namespace kwx::internal

#endif  // KWX_SEG_POS_VITERBI_H_
