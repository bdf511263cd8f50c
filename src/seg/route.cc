#include "seg/route.h"

#include <limits>

namespace kwx::internal {

void ComputeRoute(const DictionaryData& dict, const std::uint32_t* ids, std::size_t n,
                  double* score, std::int32_t* end, std::int32_t* word_node) {
  const DoubleArrayUnit* units = dict.trie.units();
  const double* log_probs = dict.log_probs.data();
  const double single_char_weight = 0.0 - dict.log_total;  // log(FREQ.get(c) or 1) - logtotal
  score[n] = 0.0;
  end[n] = 0;
  word_node[n] = -1;
  for (std::size_t k = n; k-- > 0;) {
    double best = -std::numeric_limits<double>::infinity();
    std::int32_t best_end = -1;
    std::int32_t best_node = -1;
    std::int32_t node = DoubleArray::kRoot;
    // Walks that would end at the second character mostly end here, without the probe.
    const std::size_t stop = k + 1 < n && !dict.pairs.MayStartKey(ids[k], ids[k + 1]) ? k + 1 : n;
    for (std::size_t i = k; i < stop; ++i) {
      std::int32_t t = units[node].base + static_cast<std::int32_t>(ids[i]);
      if (units[t].check != node) break;
      node = t;
      std::uint32_t freq_index = units[t].freq_index;
      if (freq_index != DoubleArrayUnit::kNotWord) {
        double candidate = log_probs[freq_index] + score[i + 1];
        if (candidate >= best) {  // ties: the larger end wins
          best = candidate;
          best_end = static_cast<std::int32_t>(i);
          best_node = t;
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

void ComputeDag(const DictionaryData& dict, const std::uint32_t* ids, std::size_t n,
                std::vector<std::uint32_t>* ends, std::vector<std::uint32_t>* start) {
  ends->clear();
  start->assign(n + 1, 0);
  for (std::size_t k = 0; k < n; ++k) {
    (*start)[k] = static_cast<std::uint32_t>(ends->size());
    std::int32_t node = DoubleArray::kRoot;
    for (std::size_t i = k; i < n; ++i) {
      node = dict.trie.Child(node, ids[i]);
      if (node == DoubleArray::kNone) break;
      if (dict.trie.unit(node).is_word()) ends->push_back(static_cast<std::uint32_t>(i));
    }
    if (ends->size() == (*start)[k]) ends->push_back(static_cast<std::uint32_t>(k));
  }
  (*start)[n] = static_cast<std::uint32_t>(ends->size());
}

}  // namespace kwx::internal
