#include "seg/viterbi.h"

namespace kwx::internal {

namespace {

// jieba's PrevStatus: the two states each state can be reached from, as (lower, higher) letter.
constexpr std::array<std::array<std::uint8_t, 2>, kHmmStates> kPrev = {{
    {kE, kS},  // B <- E, S
    {kB, kM},  // E <- B, M
    {kB, kM},  // M <- M, B
    {kE, kS},  // S <- S, E
}};

}  // namespace

void Viterbi(const HmmModel& model, const char32_t* hans, std::size_t n, ViterbiScratch& scratch,
             std::vector<std::uint8_t>* states) {
  scratch.prob.resize(n);
  scratch.from.resize(n);
  const auto& e0 = model.Emit(hans[0]);
  for (int y = 0; y < kHmmStates; ++y) scratch.prob[0][y] = model.start[y] + e0[y];
  for (std::size_t t = 1; t < n; ++t) {
    const auto& em = model.Emit(hans[t]);
    const auto& prev = scratch.prob[t - 1];
    for (int y = 0; y < kHmmStates; ++y) {
      std::uint8_t lo = kPrev[y][0], hi = kPrev[y][1];
      double p_lo = prev[lo] + model.trans[lo][y] + em[y];
      double p_hi = prev[hi] + model.trans[hi][y] + em[y];
      if (p_hi >= p_lo) {
        scratch.prob[t][y] = p_hi;
        scratch.from[t][y] = hi;
      } else {
        scratch.prob[t][y] = p_lo;
        scratch.from[t][y] = lo;
      }
    }
  }
  const auto& last = scratch.prob[n - 1];
  std::uint8_t state = last[kS] >= last[kE] ? kS : kE;
  states->resize(n);
  for (std::size_t t = n; t-- > 0;) {
    (*states)[t] = state;
    if (t > 0) state = scratch.from[t][state];
  }
}

}  // namespace kwx::internal
