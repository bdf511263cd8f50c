// Per-call term frequencies for TF-IDF, keyed by views into the current text.
#ifndef KWX_KW_TERM_COUNTER_H_
#define KWX_KW_TERM_COUNTER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "util/hash.h"

namespace kwx::internal {

// Remembers first-insertion order (jieba's dict order decides ties). Words that are trie nodes
// are keyed by node id, so they need no string hashing or comparison; other words (HMM guesses,
// English) by their bytes. A word is always looked up the same way, so the two never hold the
// same word. The table is sized to the distinct words of one text (it stays in cache, unlike a
// table over all trie nodes), and clearing touches only the slots used, so a huge document
// followed by many short ones costs nothing extra.
class TermCounter {
 public:
  struct Term {
    std::string_view word;
    double count;
    std::int32_t node;  // trie node, or -1
    bool stop;          // a stop word: kept so the stop-word test runs once per distinct word
    std::string_view flag = {};  // FindOrInsertTagged's terms: the POS flag, part of the key
  };

  void Clear() {
    for (std::uint32_t slot : used_) slots_[slot] = {0, 0};
    used_.clear();
    terms_.clear();
  }

  // The term for the word at trie node `node`; inserted with count 0 if new (*is_new set).
  Term& FindOrInsertNode(std::int32_t node, std::string_view word, bool* is_new) {
    std::uint64_t h = (static_cast<std::uint64_t>(node) + 1) * 0x9E3779B97F4A7C15ull;
    return FindOrInsert(h, word, node, is_new,
                        [node](const Term& t) { return t.node == node; });
  }

  // The term for a word that is not a trie node.
  Term& FindOrInsertWord(std::string_view word, bool* is_new) {
    return FindOrInsert(HashBytes(word), word, -1, is_new,
                        [word](const Term& t) { return t.node < 0 && t.word == word; });
  }

  // The term for a (word, flag) pair, jieba's withFlag keys: pairs are equal when both the word
  // and the flag are. `node` is the word's trie node or -1. Use these terms alone in a call
  // (never mixed with the two above).
  Term& FindOrInsertTagged(std::int32_t node, std::string_view word, std::string_view flag,
                           bool* is_new) {
    std::uint64_t h = node >= 0 ? (static_cast<std::uint64_t>(node) + 1) * 0x9E3779B97F4A7C15ull
                                : HashBytes(word);
    h ^= HashBytes(flag) * 0xC2B2AE3D27D4EB4Full;
    Term& t = FindOrInsert(h, word, node, is_new, [node, word, flag](const Term& t) {
      return t.node == node && (node >= 0 || t.word == word) && t.flag == flag;
    });
    if (*is_new) t.flag = flag;
    return t;
  }

  std::vector<Term>& terms() { return terms_; }

 private:
  struct Slot {
    std::uint32_t term;  // index + 1 into terms_; 0 = empty
    std::uint32_t tag;   // high hash bits, compared before touching the term
  };

  template <typename Eq>
  Term& FindOrInsert(std::uint64_t h, std::string_view word, std::int32_t node, bool* is_new,
                     Eq eq) {
    if ((terms_.size() + 1) * 2 > slots_.size()) Grow();
    std::size_t mask = slots_.size() - 1;
    std::uint32_t tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = (h ^ (h >> 29)) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.term == 0) {
        terms_.push_back({word, 0.0, node, false});
        hashes_.resize(terms_.size());
        hashes_.back() = h;
        s = {static_cast<std::uint32_t>(terms_.size()), tag};
        used_.push_back(static_cast<std::uint32_t>(i));
        *is_new = true;
        return terms_.back();
      }
      if (s.tag == tag && eq(terms_[s.term - 1])) {
        *is_new = false;
        return terms_[s.term - 1];
      }
    }
  }

  void Grow() {
    std::size_t n = slots_.empty() ? 1024 : slots_.size() * 2;
    slots_.assign(n, {0, 0});
    used_.clear();
    for (std::size_t k = 0; k < terms_.size(); ++k) {
      std::uint64_t h = hashes_[k];
      for (std::size_t i = (h ^ (h >> 29)) & (n - 1);; i = (i + 1) & (n - 1)) {
        if (slots_[i].term == 0) {
          slots_[i] = {static_cast<std::uint32_t>(k + 1), static_cast<std::uint32_t>(h >> 32)};
          used_.push_back(static_cast<std::uint32_t>(i));
          break;
        }
      }
    }
  }

  std::vector<Term> terms_;
  std::vector<std::uint64_t> hashes_;  // per term, for Grow()
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> used_;
};

}  // namespace kwx::internal

#endif  // KWX_KW_TERM_COUNTER_H_
