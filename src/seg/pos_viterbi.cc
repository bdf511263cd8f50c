#include "seg/pos_viterbi.h"

#include <algorithm>
#include <bit>
#include <limits>

#include "dict/hmm_model.h"

namespace kwx::internal {

namespace {

using StateSet = PosModel::StateSet;

bool Has(const StateSet& set, std::size_t s) { return (set[s / 64] >> (s % 64)) & 1; }

template <typename F>
void ForEachState(const StateSet& set, F&& f) {
  for (std::size_t w = 0; w < set.size(); ++w) {
    for (std::uint64_t bits = set[w]; bits != 0; bits &= bits - 1) {
      f(static_cast<std::uint8_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(bits))));
    }
  }
}

bool Empty(const StateSet& set) {
  return std::all_of(set.begin(), set.end(), [](std::uint64_t w) { return w == 0; });
}

// The greatest state of a non-empty set.
std::uint8_t Greatest(const StateSet& set) {
  for (std::size_t w = set.size(); w-- > 0;) {
    if (set[w] != 0) return static_cast<std::uint8_t>(w * 64 + 63 - std::countl_zero(set[w]));
  }
  return 0;
}

// The emission table of character c as a dense column over the states: set, used, then reset to
// kMinFloat (the value of every state the table does not list).
class EmitColumn {
 public:
  EmitColumn(const PosModel& model, std::vector<double>& column) : model_(model), column_(column) {
    if (column_.size() != model.state_count()) column_.assign(model.state_count(), kMinFloat);
  }
  void Set(char32_t c) {
    Range(c);
    for (std::uint32_t i = begin_; i < end_; ++i) column_[model_.emit_state[i]] = model_.emit_prob[i];
  }
  void Reset() {
    for (std::uint32_t i = begin_; i < end_; ++i) column_[model_.emit_state[i]] = kMinFloat;
  }
  double operator[](std::size_t state) const { return column_[state]; }

 private:
  void Range(char32_t c) {
    begin_ = end_ = 0;
    if (!IsHan(c)) return;
    std::size_t k = c - kHanFirst;
    begin_ = model_.emit_begin[k];
    end_ = model_.emit_begin[k + 1];
  }
  const PosModel& model_;
  std::vector<double>& column_;
  std::uint32_t begin_ = 0, end_ = 0;
};

// The states char_state_tab lists for c (empty: not in the table).
std::span<const std::uint8_t> TabStates(const PosModel& model, char32_t c) {
  if (!IsHan(c)) return {};
  std::size_t k = c - kHanFirst;
  return model.char_states.span().subspan(model.char_begin[k],
                                           model.char_begin[k + 1] - model.char_begin[k]);
}

// The state column t's `state` came from (state must be in column t >= sc.base + 1).
std::uint8_t FromOf(const PosViterbiScratch& sc, std::size_t t, std::uint8_t state) {
  auto first = sc.steps.begin() + sc.step_begin[t - sc.base];
  auto last = sc.steps.begin() + sc.step_begin[t - sc.base + 1];
  auto it = std::lower_bound(first, last, state, [](const PosViterbiScratch::Step& s, std::uint8_t v) {
    return s.state < v;
  });
  return it->from;
}

// Traces the survivor paths of column t back to the latest column c where they all pass through
// one state; then the states of columns [decided, c] are final: written, and the steps before
// column c dropped (c becomes the base: a later backtrack stops at it).
void DecidePrefix(PosViterbiScratch& sc, std::size_t t, std::vector<std::uint8_t>* states,
                  std::size_t* decided) {
  std::vector<std::uint8_t>& cur = sc.survivors;
  std::vector<std::uint8_t>& prev = sc.ancestors;
  cur.clear();
  for (std::uint32_t i = sc.step_begin[t - sc.base]; i < sc.step_begin[t - sc.base + 1]; ++i) {
    cur.push_back(sc.steps[i].state);
  }
  std::size_t c = t;
  while (cur.size() > 1 && c > sc.base) {
    prev.clear();
    for (std::uint8_t y : cur) prev.push_back(FromOf(sc, c, y));
    std::sort(prev.begin(), prev.end());
    prev.erase(std::unique(prev.begin(), prev.end()), prev.end());
    std::swap(cur, prev);
    --c;
  }
  if (cur.size() != 1 || c < *decided || c == sc.base) return;
  std::uint8_t state = cur[0];
  for (std::size_t j = c;; --j) {
    (*states)[j] = state;
    if (j == *decided) break;
    state = FromOf(sc, j, state);
  }
  *decided = c + 1;
  // Drop the columns before c; column c stays as the base (its steps are never read again).
  const std::uint32_t drop = sc.step_begin[c - sc.base];
  sc.steps.erase(sc.steps.begin(), sc.steps.begin() + drop);
  sc.step_begin.erase(sc.step_begin.begin(), sc.step_begin.begin() + static_cast<std::ptrdiff_t>(c - sc.base));
  for (std::uint32_t& b : sc.step_begin) b -= drop;
  sc.base = c;
}

}  // namespace

void PosViterbi(const PosModel& model, const char32_t* hans, std::size_t n,
                PosViterbiScratch& sc, std::vector<std::uint8_t>* states) {
  constexpr double kMinInf = -std::numeric_limits<double>::infinity();
  const std::size_t ns = model.state_count();
  sc.prev.resize(ns);
  sc.cur.resize(ns);
  sc.steps.clear();
  sc.step_begin.assign(1, 0);
  sc.base = 0;
  states->resize(n);
  std::size_t decided = 0;  // (*states)[0, decided) are final
  std::size_t next_check = sc.check_interval;
  EmitColumn emit(model, sc.emit);

  // Column 0: every state char_state_tab allows (or all), V = start + emit.
  StateSet column{};
  emit.Set(hans[0]);
  std::span<const std::uint8_t> tab = TabStates(model, hans[0]);
  auto start_state = [&](std::uint8_t y) {
    sc.prev[y] = model.start[y] + emit[y];
    column[y / 64] |= std::uint64_t{1} << (y % 64);
    sc.steps.push_back({y, 0});
  };
  if (tab.empty()) {
    for (std::size_t y = 0; y < ns; ++y) start_state(static_cast<std::uint8_t>(y));
  } else {
    for (std::uint8_t y : tab) start_state(y);
  }
  emit.Reset();
  sc.step_begin.push_back(static_cast<std::uint32_t>(sc.steps.size()));

  for (std::size_t t = 1; t < n; ++t) {
    StateSet prev_states{}, expect{};
    for (std::size_t w = 0; w < prev_states.size(); ++w) prev_states[w] = column[w] & model.has_successors[w];
    ForEachState(prev_states, [&](std::uint8_t x) {
      for (std::size_t w = 0; w < expect.size(); ++w) expect[w] |= model.successors[x][w];
    });
    StateSet obs{};
    tab = TabStates(model, hans[t]);
    if (tab.empty()) {
      obs = expect;
    } else {
      for (std::uint8_t y : tab) {
        if (Has(expect, y)) obs[y / 64] |= std::uint64_t{1} << (y % 64);
      }
    }
    if (Empty(obs)) obs = Empty(expect) ? model.all_states : expect;

    // The predecessors and their V[t-1], packed in increasing state order.
    std::size_t np = 0;
    ForEachState(prev_states, [&](std::uint8_t x) {
      sc.from[np++] = {sc.prev[x], x};
    });
    emit.Set(hans[t]);
    if (model.log_probs_only) {
      // Best first: once even the best transition into y cannot lift a predecessor to the best
      // score so far, no later (lower) predecessor can reach it either, because rounded addition
      // never decreases when an operand grows, and no score is NaN. The (prob, state) maximum
      // does not depend on the order it is taken in.
      std::sort(sc.from.begin(), sc.from.begin() + static_cast<std::ptrdiff_t>(np),
                [](const PosViterbiScratch::From& a, const PosViterbiScratch::From& b) {
                  return a.score > b.score;
                });
      const std::uint8_t greatest_prev = np > 0 ? Greatest(prev_states) : 0;
      ForEachState(obs, [&](std::uint8_t y) {
        const double e = emit[y];
        double best = kMinInf;
        std::uint8_t best_from = 0;
        if (model.into_begin[y + 1] - model.into_begin[y] <= np) {
          // Few ways in (a word's middle or end comes only from its own tag's B or M): try
          // those; every other predecessor scores -inf, and when all do, the greatest wins.
          bool found = false;
          for (std::uint32_t i = model.into_begin[y]; i < model.into_begin[y + 1]; ++i) {
            const std::uint8_t y0 = model.into_from[i];
            if (!Has(prev_states, y0)) continue;
            const double p = (sc.prev[y0] + model.into_prob[i]) + e;
            if (!found || p > best || (p == best && y0 > best_from)) {
              found = true;
              best = p;
              best_from = y0;
            }
          }
          if (!found || best == kMinInf) {
            best = kMinInf;
            best_from = greatest_prev;
          }
          sc.cur[y] = best;
          sc.steps.push_back({y, best_from});
          return;
        }
        const double* row = model.into_dense.data() + std::size_t{y} * ns;
        const double top = model.into_max[y];
        for (std::size_t k = 0; k < np; ++k) {
          const PosViterbiScratch::From& f = sc.from[k];
          if (k > 0 && (f.score + top) + e < best) break;
          const double p = (f.score + row[f.state]) + e;
          if (k == 0 || p > best || (p == best && f.state > best_from)) {
            best = p;
            best_from = f.state;
          }
        }
        sc.cur[y] = best;
        sc.steps.push_back({y, best_from});
      });
    } else {
      ForEachState(obs, [&](std::uint8_t y) {
        // max((V[t-1][y0] + trans_p[y0].get(y, -inf) + emit, y0) for y0 in prev_states): over
        // increasing y0 a candidate wins when it is greater or equal, written as Python
        // compares ("p > best or p == best", which NaN fails there too).
        const double* row = model.into_dense.data() + std::size_t{y} * ns;
        const double e = emit[y];
        double best = kMinInf;
        std::uint8_t best_from = 0;
        for (std::size_t k = 0; k < np; ++k) {
          const PosViterbiScratch::From& f = sc.from[k];
          const double p = (f.score + row[f.state]) + e;
          if (k == 0 || p > best || p == best) {
            best = p;
            best_from = f.state;
          }
        }
        sc.cur[y] = best;
        sc.steps.push_back({y, best_from});
      });
    }
    emit.Reset();
    sc.step_begin.push_back(static_cast<std::uint32_t>(sc.steps.size()));
    std::swap(sc.prev, sc.cur);
    column = obs;
    if (t >= next_check) {
      DecidePrefix(sc, t, states, &decided);
      // Paths that do not merge (never seen with jieba's tables) are checked less and less
      // often, so the checks stay linear in total.
      next_check = t + std::max(sc.check_interval, t - sc.base);
    }
  }

  bool found = false;
  double best = 0;
  std::uint8_t state = 0;
  ForEachState(column, [&](std::uint8_t y) {
    if (!found || sc.prev[y] >= best) {  // increasing y: a tie goes to the later one
      found = true;
      best = sc.prev[y];
      state = y;
    }
  });
  for (std::size_t t = n; t-- > decided;) {
    (*states)[t] = state;
    if (t == decided) break;
    state = FromOf(sc, t, state);  // the path's state is always in its column
  }
}

}  // namespace kwx::internal
