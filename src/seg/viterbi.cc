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
  // Only the previous column of probabilities is needed; the choices are kept for the way back,
  // one bit per state (set: the higher letter of kPrev[y]), one byte per character.
  scratch.from.resize(n);
  std::array<double, kHmmStates> prev, cur;
  const auto& e0 = model.Emit(hans[0]);
  for (int y = 0; y < kHmmStates; ++y) prev[y] = model.start[y] + e0[y];
  for (std::size_t t = 1; t < n; ++t) {
    const auto& em = model.Emit(hans[t]);
    std::uint8_t from = 0;
    for (int y = 0; y < kHmmStates; ++y) {
      std::uint8_t lo = kPrev[y][0], hi = kPrev[y][1];
      double p_lo = prev[lo] + model.trans[lo][y] + em[y];
      double p_hi = prev[hi] + model.trans[hi][y] + em[y];
      if (p_hi >= p_lo) {
        cur[y] = p_hi;
        from |= static_cast<std::uint8_t>(1u << y);
      } else {
        cur[y] = p_lo;
      }
    }
    prev = cur;
    scratch.from[t] = from;
  }
  std::uint8_t state = prev[kS] >= prev[kE] ? kS : kE;
  states->resize(n);
  for (std::size_t t = n; t-- > 0;) {
    (*states)[t] = state;
    if (t > 0) state = kPrev[state][(scratch.from[t] >> state) & 1];
  }
}

}  // namespace kwx::internal
