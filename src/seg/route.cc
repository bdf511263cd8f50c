#include "seg/route.h"

#include <limits>

namespace kwx::internal {

namespace {

// The best word from k, where the overlay may change the walk (Overlay::MayChangeWalk): the trie
// walked as without an overlay, asking the overlay's two maps at each node -- whether it set the
// word there (reweighted), and whether one of its words goes on where the trie ends (branches),
// from where its own trie is walked alone. FREQ (the trie's words and prefixes and the overlay's)
// decides as in jieba. Out of line, so that the plain walk's loop keeps its registers.
[[gnu::noinline]] void BestFromWithOverlay(const DictionaryData& dict, const std::uint32_t* ids,
                                           const char32_t* cps, std::size_t n, std::size_t k,
                                           const double* score, double* best,
                                           std::int32_t* best_end, std::int32_t* best_node) {
  const Overlay& overlay = *dict.overlay;
  const DoubleArrayUnit* units = dict.trie.units();
  const double* route_log_probs = overlay.route_log_probs.data();
  auto consider = [&](std::uint32_t value, std::size_t i, std::int32_t node) {
    const double candidate = route_log_probs[value] + score[i + 1];
    if (candidate >= *best) {  // ties: the larger end wins
      *best = candidate;
      *best_end = static_cast<std::int32_t>(i);
      *best_node = node;
    }
  };
  std::size_t i = k;
  std::int32_t node = units[DoubleArray::kRoot].base + static_cast<std::int32_t>(ids[k]);
  const Overlay::Branch* branch = nullptr;
  if (ids[k] != 0 && units[node].check == DoubleArray::kRoot) {
    for (;;) {
      std::uint32_t value = units[node].freq_index;
      if (const std::uint32_t* set = overlay.reweighted.Find(static_cast<std::uint32_t>(node))) {
        value = *set;
      }
      if (value != 0) consider(value, i, node);
      if (++i >= n) break;
      if (dict.edges.MayHaveChild(node, ids[i])) {
        const std::int32_t t = units[node].base + static_cast<std::int32_t>(ids[i]);
        if (units[t].check == node) {
          node = t;
          continue;
        }
      }
      branch = overlay.branches.Find(Overlay::BranchKey(node, cps[i]));
      break;
    }
  } else {
    branch = overlay.branches.Find(Overlay::BranchKey(DoubleArray::kRoot, cps[k]));
  }
  if (branch == nullptr) return;
  // The overlay's trie alone, from its node at i.
  std::int32_t o = branch->node;
  std::uint32_t value = branch->value;
  for (;;) {
    if (value != 0) consider(value, i, DoubleArray::kNone);
    if (++i >= n) return;
    o = overlay.trie.Child(o, cps[i], &value);
    if (o == OverlayTrie::kNone) return;
  }
}

// ComputeRoute, and with kOverlay ComputeRouteWithOverlay: the plain walk from every position
// where the overlay cannot change it (most of them), BestFromWithOverlay from the others.
template <bool kOverlay>
void ComputeRouteImpl(const DictionaryData& dict, const std::uint32_t* ids, const char32_t* cps,
                      std::size_t n, double* score, std::int32_t* end, std::int32_t* word_node) {
  const DoubleArrayUnit* units = dict.trie.units();
  // With an overlay, its table: the snapshot's log_probs followed by the overlay's own.
  const double* log_probs =
      kOverlay ? dict.overlay->route_log_probs.data() : dict.log_probs.data();
  const double single_char_weight = 0.0 - dict.log_total;  // log(FREQ.get(c) or 1) - logtotal
  score[n] = 0.0;
  end[n] = 0;
  word_node[n] = -1;
  const std::int32_t root_base = units[DoubleArray::kRoot].base;
  for (std::size_t k = n; k-- > 0;) {
    double best = -std::numeric_limits<double>::infinity();
    std::int32_t best_end = -1;
    std::int32_t best_node = -1;
    if (kOverlay && dict.overlay->MayChangeWalk(cps + k, n - k)) {
      BestFromWithOverlay(dict, ids, cps, n, k, score, &best, &best_end, &best_node);
    } else {
      auto consider = [&](std::int32_t t, std::size_t i) {
        std::uint32_t freq_index = units[t].freq_index;
        if (freq_index != DoubleArrayUnit::kNotWord) {
          double candidate = log_probs[freq_index] + score[i + 1];
          if (candidate >= best) {  // ties: the larger end wins
            best = candidate;
            best_end = static_cast<std::int32_t>(i);
            best_node = t;
          }
        }
      };
      // The first probe lands in the root's children, a compact and hot part of the array; the
      // deeper ones go through the edge filter first.
      std::int32_t node = root_base + static_cast<std::int32_t>(ids[k]);
      if (units[node].check == DoubleArray::kRoot) {
        consider(node, k);
        for (std::size_t i = k + 1; i < n && dict.edges.MayHaveChild(node, ids[i]); ++i) {
          std::int32_t t = units[node].base + static_cast<std::int32_t>(ids[i]);
          if (units[t].check != node) break;
          node = t;
          consider(t, i);
        }
      }
    }
    if (best_end < 0) {
      best = single_char_weight + score[k + 1];
      best_end = static_cast<std::int32_t>(k);
    }
    score[k] = best;
    end[k] = best_end;
    word_node[k] = best_node;
  }
}

}  // namespace

void ComputeRoute(const DictionaryData& dict, const std::uint32_t* ids, std::size_t n,
                  double* score, std::int32_t* end, std::int32_t* word_node) {
  ComputeRouteImpl<false>(dict, ids, nullptr, n, score, end, word_node);
}

void ComputeRouteWithOverlay(const DictionaryData& dict, const std::uint32_t* ids,
                             const char32_t* cps, std::size_t n, double* score, std::int32_t* end,
                             std::int32_t* word_node) {
  ComputeRouteImpl<true>(dict, ids, cps, n, score, end, word_node);
}

void ComputeDag(const DictionaryData& dict, const std::uint32_t* ids, const char32_t* cps,
                std::size_t n, std::vector<std::uint32_t>* ends, std::vector<std::uint32_t>* start) {
  ends->clear();
  start->assign(n + 1, 0);
  const Overlay* overlay = dict.overlay.get();
  for (std::size_t k = 0; k < n; ++k) {
    (*start)[k] = static_cast<std::uint32_t>(ends->size());
    std::int32_t node = DoubleArray::kRoot;
    std::int32_t o = overlay != nullptr ? OverlayTrie::kRoot : OverlayTrie::kNone;
    for (std::size_t i = k; i < n; ++i) {
      if (node != DoubleArray::kNone) node = dict.trie.Child(node, ids[i]);
      if (o != OverlayTrie::kNone) o = overlay->trie.Child(o, cps[i]);
      if (node == DoubleArray::kNone && o == OverlayTrie::kNone) break;
      const bool word = overlay != nullptr && overlay->Sets(o)
                            ? overlay->Frequency(o) > 0
                            : node != DoubleArray::kNone && dict.trie.unit(node).is_word();
      if (word) ends->push_back(static_cast<std::uint32_t>(i));
    }
    if (ends->size() == (*start)[k]) ends->push_back(static_cast<std::uint32_t>(k));
  }
  (*start)[n] = static_cast<std::uint32_t>(ends->size());
}

}  // namespace kwx::internal
