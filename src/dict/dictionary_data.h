// What a loaded Dictionary holds. Internal: the segmenter reads it directly.
#ifndef KWX_DICT_DICTIONARY_DATA_H_
#define KWX_DICT_DICTIONARY_DATA_H_

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "dict/double_array.h"
#include "dict/hmm_model.h"

namespace kwx::internal {

// Code point -> dense character id (1.. in order of how many dictionary words use the
// character, so the hot part of the trie is compact); 0 for characters no word contains.
class CharMap {
 public:
  std::uint32_t Id(char32_t c) const {
    if (c < bmp_.size()) return bmp_[c];
    auto it = astral_.find(c);
    return it == astral_.end() ? 0 : it->second;
  }
  void Set(char32_t c, std::uint32_t id) {
    if (c < 0x10000) {
      if (bmp_.empty()) bmp_.assign(0x10000, 0);
      bmp_[c] = id;
    } else {
      astral_[c] = id;
    }
  }

 private:
  std::vector<std::uint32_t> bmp_;
  std::unordered_map<char32_t, std::uint32_t> astral_;
};

struct DictionaryData {
  CharMap chars;
  std::uint32_t alphabet_size = 1;
  DoubleArray trie;
  std::vector<std::uint64_t> freq;  // per trie slot; only meaningful at word nodes
  std::uint64_t total = 0;
  double log_total = 0;
  std::size_t word_count = 0;
  HmmModel hmm;

  // The trie node for the characters with these ids, or DoubleArray::kNone.
  std::int32_t Find(std::span<const std::uint32_t> ids) const { return trie.Find(ids); }
  // jieba's `bool(FREQ.get(word))` for a word given as character ids.
  bool IsWord(std::span<const std::uint32_t> ids) const {
    std::int32_t node = trie.Find(ids);
    return node != DoubleArray::kNone && trie.unit(node).is_word();
  }
};

}  // namespace kwx::internal

#endif  // KWX_DICT_DICTIONARY_DATA_H_
