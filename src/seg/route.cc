#include "seg/route.h"

#include <limits>

namespace kwx::internal {

// The trie and the overlay trie walked side by side from each position, for as long as either has
// the prefix (jieba's `frag in FREQ`, FREQ holding both). Kept apart from the plain walk so that
// the common case pays nothing for overlays.
void ComputeRouteWithOverlay(const DictionaryData& dict, const std::uint32_t* ids,
                             const char32_t* cps, std::size_t n, double* score, std::int32_t* end,
                             std::int32_t* word_node) {
  const Overlay& overlay = *dict.overlay;
  const DoubleArrayUnit* units = dict.trie.units();
  const double* log_probs = dict.log_probs.data();
  const double single_char_weight = 0.0 - dict.log_total;
  score[n] = 0.0;
  end[n] = 0;
  word_node[n] = -1;
  const std::int32_t root_base = units[DoubleArray::kRoot].base;
  for (std::size_t k = n; k-- > 0;) {
    double best = -std::numeric_limits<double>::infinity();
    std::int32_t best_end = -1;
    std::int32_t best_node = -1;
    std::int32_t node = root_base + static_cast<std::int32_t>(ids[k]);
    if (units[node].check != DoubleArray::kRoot) node = DoubleArray::kNone;
    // o's frequency index (0: the overlay leaves the word to the trie), from o's edge.
    std::uint32_t f = 0;
    std::int32_t o = overlay.trie.MayStart(cps[k])
                         ? overlay.trie.Child(OverlayTrie::kRoot, cps[k], &f)
                         : OverlayTrie::kNone;
    for (std::size_t i = k; node != DoubleArray::kNone || o != OverlayTrie::kNone;) {
      double weight = 0;
      bool word = false;
      if (o != OverlayTrie::kNone && f != 0) {
        word = overlay.freq_values[f] != 0;
        weight = overlay.log_probs[f];
      } else if (node != DoubleArray::kNone && units[node].freq_index != DoubleArrayUnit::kNotWord) {
        word = true;
        weight = log_probs[units[node].freq_index];
      }
      if (word) {
        double candidate = weight + score[i + 1];
        if (candidate >= best) {  // ties: the larger end wins
          best = candidate;
          best_end = static_cast<std::int32_t>(i);
          best_node = node;
        }
      }
      if (++i >= n) break;
      if (node != DoubleArray::kNone) {
        node = dict.edges.MayHaveChild(node, ids[i]) ? dict.trie.Child(node, ids[i])
                                                     : DoubleArray::kNone;
      }
      if (o != OverlayTrie::kNone) o = overlay.trie.Child(o, cps[i], &f);
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

void ComputeRoute(const DictionaryData& dict, const std::uint32_t* ids, std::size_t n,
                  double* score, std::int32_t* end, std::int32_t* word_node) {
  const DoubleArrayUnit* units = dict.trie.units();
  const double* log_probs = dict.log_probs.data();
  const double single_char_weight = 0.0 - dict.log_total;  // log(FREQ.get(c) or 1) - logtotal
  score[n] = 0.0;
  end[n] = 0;
  word_node[n] = -1;
  const std::int32_t root_base = units[DoubleArray::kRoot].base;
  for (std::size_t k = n; k-- > 0;) {
    double best = -std::numeric_limits<double>::infinity();
    std::int32_t best_end = -1;
    std::int32_t best_node = -1;
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
    if (best_end < 0) {
      best = single_char_weight + score[k + 1];
      best_end = static_cast<std::int32_t>(k);
    }
    score[k] = best;
    end[k] = best_end;
    word_node[k] = best_node;
  }
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
