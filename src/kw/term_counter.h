// Per-call term frequencies for TF-IDF, keyed by views into the current text.
#ifndef KWX_KW_TERM_COUNTER_H_
#define KWX_KW_TERM_COUNTER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "util/hash.h"

namespace kwx::internal {

// Remembers first-insertion order (jieba's dict order decides ties). Words that are trie nodes
// are found by node id in a flat array, without hashing; other words (HMM guesses, English)
// go through an open-addressing string table. A word is always looked up the same way, so the
// two never hold the same word. Clearing touches only what was used, so a huge document
// followed by many short ones costs nothing extra.
class TermCounter {
 public:
  struct Term {
    std::string_view word;
    std::uint64_t hash;
    double count;
    std::int32_t node;  // trie node, or -1
    bool stop;  // a stop word: kept only so the stop-word test runs once per distinct word
  };

  void Clear() {
    for (std::uint32_t slot : used_) slots_[slot] = 0;
    used_.clear();
    for (const Term& t : terms_) {
      if (t.node >= 0) node_slots_[static_cast<std::size_t>(t.node)] = 0;
    }
    terms_.clear();
  }

  // The term for the word at trie node `node` (0 <= node < node_count).
  Term& FindOrInsertNode(std::int32_t node, std::size_t node_count, std::string_view word,
                         bool* is_new) {
    if (node_slots_.size() < node_count) node_slots_.resize(node_count, 0);
    std::uint32_t& slot = node_slots_[static_cast<std::size_t>(node)];
    *is_new = slot == 0;
    if (*is_new) {
      terms_.push_back({word, 0, 0.0, node, false});
      slot = static_cast<std::uint32_t>(terms_.size());
    }
    return terms_[slot - 1];
  }

  // The term for `word`, inserted with count 0 if new (then *is_new is set).
  Term& FindOrInsert(std::string_view word, bool* is_new) {
    if ((terms_.size() + 1) * 2 > slots_.size()) Grow();
    std::uint64_t h = HashBytes(word);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      std::uint32_t s = slots_[i];
      if (s == 0) {
        terms_.push_back({word, h, 0.0, -1, false});
        slots_[i] = static_cast<std::uint32_t>(terms_.size());
        used_.push_back(static_cast<std::uint32_t>(i));
        *is_new = true;
        return terms_.back();
      }
      Term& t = terms_[s - 1];
      if (t.hash == h && t.word == word) {
        *is_new = false;
        return t;
      }
    }
  }

  std::vector<Term>& terms() { return terms_; }

 private:
  void Grow() {
    std::size_t n = slots_.empty() ? 256 : slots_.size() * 2;
    slots_.assign(n, 0);
    used_.clear();
    for (std::size_t k = 0; k < terms_.size(); ++k) {
      for (std::size_t i = terms_[k].hash & (n - 1);; i = (i + 1) & (n - 1)) {
        if (slots_[i] == 0) {
          slots_[i] = static_cast<std::uint32_t>(k + 1);
          used_.push_back(static_cast<std::uint32_t>(i));
          break;
        }
      }
    }
  }

  std::vector<Term> terms_;
  std::vector<std::uint32_t> slots_;
  std::vector<std::uint32_t> used_;
  std::vector<std::uint32_t> node_slots_;  // term index + 1 per trie node, 0 = none
};

}  // namespace kwx::internal

#endif  // KWX_KW_TERM_COUNTER_H_
