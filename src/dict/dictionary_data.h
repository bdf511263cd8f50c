// What a loaded Dictionary holds. Internal: the segmenter reads it directly. Immutable once built
// and shared (std::shared_ptr<const DictionaryData>) by the Dictionary and anything compiled
// against its trie (an IdfTable from the same compiled file).
#ifndef KWX_DICT_DICTIONARY_DATA_H_
#define KWX_DICT_DICTIONARY_DATA_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <utility>
#include <string_view>
#include <vector>

#include "dict/double_array.h"
#include "dict/hmm_model.h"
#include "dict/overlay.h"
#include "dict/pos_model.h"
#include "util/array_ref.h"
#include "util/mapped_file.h"
#include "util/string_map.h"

namespace kwx::internal {

// Code point -> dense character id (1.. in order of how many dictionary words use the
// character, so the hot part of the trie is compact); 0 for characters no word contains.
class CharMap {
 public:
  static constexpr std::size_t kBmpSize = 0x10000;
  struct Astral {
    std::uint32_t code_point;
    std::uint32_t id;
  };

  CharMap() = default;
  // `bmp` has kBmpSize entries; `astral` is sorted by code point.
  CharMap(ArrayRef<std::uint32_t> bmp, ArrayRef<Astral> astral)
      : bmp_(std::move(bmp)), astral_(std::move(astral)) {}
  // From (code point, id) pairs.
  static CharMap Build(const std::vector<std::pair<char32_t, std::uint32_t>>& ids);

  std::uint32_t Id(char32_t c) const {
    if (c < bmp_.size()) return bmp_[c];
    return AstralId(c);
  }
  std::span<const std::uint32_t> bmp() const { return bmp_.span(); }
  std::span<const Astral> astral() const { return astral_.span(); }

 private:
  std::uint32_t AstralId(char32_t c) const;

  ArrayRef<std::uint32_t> bmp_;
  ArrayRef<Astral> astral_;
};

// A one-hash Bloom filter over the trie's edges below the root: (parent node, child's character
// id) for every node of depth two or more. A route walk that fails does so at a random trie
// slot, a cache miss in a 17 MB array; this 512 KiB bitmap answers "certainly no such child"
// for most of those probes from cache (on real text it removes about 45% of the probes below
// the first character, nearly all of them failures). False positives only cost the probe.
// Every DictionaryData has one: built with the trie, or read (and size-checked) from the
// compiled file.
class EdgeFilter {
 public:
  static constexpr int kLogBits = 22;
  static constexpr std::size_t kBits = std::size_t{1} << kLogBits;

  static std::size_t Bit(std::int32_t parent, std::uint32_t child_id) {
    std::uint64_t h = (std::uint64_t{static_cast<std::uint32_t>(parent)} << 32 | child_id) *
                      0x9E3779B97F4A7C15ull;
    return static_cast<std::size_t>(h >> (64 - kLogBits));
  }
  bool MayHaveChild(std::int32_t parent, std::uint32_t child_id) const {
    std::size_t b = Bit(parent, child_id);
    return (words_[b / 64] >> (b % 64)) & 1;
  }
  // The filter of every edge of `trie` whose parent is not the root.
  static EdgeFilter Build(const DoubleArray& trie);

  EdgeFilter() = default;
  explicit EdgeFilter(ArrayRef<std::uint64_t> words) : words_(std::move(words)) {}
  std::span<const std::uint64_t> words() const { return words_.span(); }

 private:
  ArrayRef<std::uint64_t> words_;  // kBits / 64 words
};

// Which trie nodes are in jieba's FREQ: the words, the dictionary's entries of frequency 0 and
// every prefix of either (not the index-only nodes of IDF words). Computed on first use, from
// the trie's parent links (one pass), since only the user-dictionary side asks (FreqGet); the
// segmenter never does. Thread-safe.
class FreqMembers {
 public:
  bool Contains(const struct DictionaryData& dict, std::int32_t node) const;

 private:
  mutable std::once_flag once_;
  mutable std::vector<std::uint64_t> bits_;
};

// Reusable buffers for DictionaryData::FindWord.
struct WordLookupScratch {
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets, ids;
};

struct DictionaryData {
  CharMap chars;
  std::uint32_t alphabet_size = 1;
  DoubleArray trie;
  EdgeFilter edges;
  // The distinct word frequencies, indexed by DoubleArrayUnit::freq_index ([0] = 0 for
  // prefixes and free slots), and log(freq) - log(total) for each, evaluated exactly as jieba's
  // calc() does before adding the route ([0] unused). A dictionary has a few thousand distinct
  // frequencies: the logs stay in cache while the route runs.
  ArrayRef<std::uint64_t> freq_values;
  ArrayRef<double> log_probs;
  // Part-of-speech tags: per trie slot an index into the distinct tags (0 = none), tag k being
  // tag_bytes[tag_offsets[k], tag_offsets[k + 1]). Not on the hot path: looked up (and bounds
  // checked) only by Tag().
  ArrayRef<std::uint16_t> node_tags;
  ArrayRef<std::uint32_t> tag_offsets;  // distinct tags + 1 entries; [0] = [1] = 0 ("")
  ArrayRef<char> tag_bytes;
  std::uint64_t total = 0;
  double log_total = 0;
  std::size_t word_count = 0;
  HmmModel hmm;
  // jieba.posseg's HMM, shared by the snapshots of a dictionary; null when the data has none
  // (POS tagging then needs one: PosTagger::Check).
  std::shared_ptr<const PosModel> pos;
  // The trie nodes of entries with frequency 0 (a dictionary line "w 0", a deleted word once a
  // snapshot is flattened), sorted: they are in FREQ without being words. Usually empty.
  ArrayRef<std::int32_t> zero_words;
  FreqMembers freq_members;
  // finalseg's Force_Split_Words: words the HMM proposes that come out as single characters
  // instead (jieba's del_word and add_word(w, 0) put a word here). Usually empty.
  StringMap<bool> force_split;
  std::shared_ptr<const MappedFile> mapping;  // keeps a compiled file's memory alive, if viewed

  // A snapshot with changes (DictionaryBuilder from a loaded Dictionary): the arrays above view
  // `base`'s (which this keeps alive), log_probs are re-derived from the new total, and the
  // overlay holds the words added or changed. Both null for a dictionary built from files.
  std::shared_ptr<const DictionaryData> base;
  std::shared_ptr<const Overlay> overlay;

  std::uint64_t Frequency(std::int32_t node) const {
    return freq_values[trie.unit(node).freq_index];
  }
  // The trie node for the characters with these ids, or DoubleArray::kNone. Asks the edge
  // filter before every probe below the first, so most misses cost no cache miss.
  std::int32_t Find(std::span<const std::uint32_t> ids) const {
    std::int32_t node = DoubleArray::kRoot;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (ids[i] == 0 || (i > 0 && !edges.MayHaveChild(node, ids[i]))) return DoubleArray::kNone;
      node = trie.Child(node, ids[i]);
      if (node == DoubleArray::kNone) return DoubleArray::kNone;
    }
    return node;
  }
  // The trie node of a word given as well-formed UTF-8 (check it first: IsValidUtf8), or
  // DoubleArray::kNone. Allocates nothing once `scratch` is large enough.
  std::int32_t FindWord(std::string_view valid_utf8, WordLookupScratch& scratch) const;
  // The tag of the word at `node` ("" for none, or for an index a damaged file put out of range).
  std::string_view Tag(std::int32_t node) const {
    std::size_t k = node_tags[static_cast<std::size_t>(node)];
    if (k + 1 >= tag_offsets.size()) return {};
    return {tag_bytes.data() + tag_offsets[k], tag_offsets[k + 1] - tag_offsets[k]};
  }
  // jieba's `bool(FREQ.get(word))` for a word given as character ids, in the trie alone.
  bool IsWord(std::span<const std::uint32_t> ids) const {
    std::int32_t node = Find(ids);
    return node != DoubleArray::kNone && trie.unit(node).is_word();
  }
  // jieba's `bool(FREQ.get(word))` for the word with these character ids and code points (n of
  // each): the overlay decides the words it set, the trie the others.
  bool IsWordAt(const std::uint32_t* ids, const char32_t* cps, std::size_t n) const {
    if (overlay != nullptr && n > 0 && overlay->MayChangeWalk(cps, n)) {
      std::int32_t o = overlay->trie.Find({cps, n});
      if (overlay->Sets(o)) return overlay->Frequency(o) > 0;
    }
    return IsWord({ids, n});
  }
  // jieba's `FREQ.get(word)` and posseg's `word_tag_tab.get(word)` for a word as well-formed
  // UTF-8, overlay included (0 and "" when absent).
  std::uint64_t WordFrequency(std::string_view valid_utf8, WordLookupScratch& scratch) const;
  std::string_view WordTag(std::string_view valid_utf8, WordLookupScratch& scratch) const;
  // jieba's FREQ.get(word), overlay included: the word's frequency, 0 for a prefix of a word (or
  // an entry of frequency 0), nothing for a string FREQ does not hold.
  std::optional<std::uint64_t> FreqGet(std::u32string_view word) const;
};

// Calls f(node, word) for every node of the trie but the root, the word spelled out by walking up
// to the root (a child's character id is its slot minus its parent's base). Guards against the
// links of a damaged file: a node whose walk leaves the array, loops or goes too deep is skipped.
void ForEachNode(const DictionaryData& dict,
                 const std::function<void(std::int32_t node, std::u32string_view word)>& f);

// The dictionary a snapshot stands for, built from scratch (every word of its base with its
// frequency and tag, every other node of the base's trie as an index-only word, then the
// overlay's changes in order): what `kwx dict compile` writes for a dictionary with changes.
// `snapshot` must have an overlay.
std::shared_ptr<const DictionaryData> Flatten(const DictionaryData& snapshot);

}  // namespace kwx::internal

#endif  // KWX_DICT_DICTIONARY_DATA_H_
