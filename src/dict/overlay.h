// Words added or changed on top of an immutable base dictionary (jieba's add_word, del_word, a
// user dictionary), kept apart from the base so that the base -- tens of MB, often the mapping
// of a compiled file -- is neither copied nor rebuilt: a snapshot views the base's arrays and
// carries this overlay beside them (DictionaryData::overlay).
#ifndef KWX_DICT_OVERLAY_H_
#define KWX_DICT_OVERLAY_H_

#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dict/dict_text.h"
#include "dict/filtered_map.h"

namespace kwx::internal {

struct DictionaryData;

// A trie of the overlay's words keyed by code point: node ids 0 (the root) .. node_count()-1,
// edges in an open-addressing hash table on (parent, character). Cheap to build (O(characters of
// the words)), which matters more here than the last probe's speed: it is rebuilt with every
// snapshot and probed only where a bitmap of first characters says an overlay word may start.
class OverlayTrie {
 public:
  static constexpr std::int32_t kRoot = 0;
  static constexpr std::int32_t kNone = -1;

  // The node of `word` (and of each of its prefixes, created when missing).
  std::int32_t Insert(std::u32string_view word);
  // Room for `edges` edges in all, so that inserting that many never rehashes.
  void Reserve(std::size_t edges);

  // The child of `node` for `c`, or kNone. A Bloom filter of the edges (a bit per edge, at least
  // 10 bits per edge, a few hundred KiB for 100k words) answers most misses -- nearly every probe
  // of a route walk -- without touching the slot table.
  std::int32_t Child(std::int32_t node, char32_t c) const {
    std::uint32_t value;
    return Child(node, c, &value);
  }
  // The same, and the child's value (SetValues'; 0 before) in *value: the slot that holds the
  // edge holds it too, so a walk that asks both pays one probe.
  std::int32_t Child(std::int32_t node, char32_t c, std::uint32_t* value) const {
    if (node == kRoot && c < kRootChildren) {
      if (root_children_.empty()) return kNone;
      *value = root_children_[c].value;
      return root_children_[c].child;
    }
    if (slots_.empty()) return kNone;
    const std::uint64_t h = Mix(node, c);
    const std::uint64_t bit = h >> filter_shift_;
    if (((filter_[bit / 64] >> (bit % 64)) & 1) == 0) return kNone;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(h >> 20) & mask;; i = (i + 1) & mask) {
      const Edge& e = slots_[i];
      if (e.child == kNone) return kNone;
      if (e.parent == node && e.c == c) {
        *value = e.value;
        return e.child;
      }
    }
  }
  // Gives every node but the root its value, value_of[node] (node_count() entries).
  void SetValues(std::span<const std::uint32_t> value_of);
  // Calls f(child, parent, c) for every node but the root.
  template <typename F>
  void ForEachEdge(F f) const {
    for (char32_t c = 0; c < root_children_.size(); ++c) {
      if (root_children_[c].child != kNone) f(root_children_[c].child, kRoot, c);
    }
    for (const Edge& e : slots_) {
      if (e.child != kNone) f(e.child, e.parent, e.c);
    }
  }
  // False when no overlay word starts with `c` (characters of the BMP; others are not filtered).
  // A bitmap of 8 KiB, which stays in the first-level cache: the route walk asks at every
  // position.
  bool MayStart(char32_t c) const {
    if (c >= kRootChildren) return true;
    return !first_chars_.empty() && ((first_chars_[c / 64] >> (c % 64)) & 1) != 0;
  }
  // The node of the whole word, or kNone.
  std::int32_t Find(std::u32string_view word) const;

  std::size_t node_count() const { return static_cast<std::size_t>(nodes_); }

 private:
  // The root's children for the BMP are an array (256 KiB): a route walk asks for one at every
  // character, and the slot table would make each of those a cache miss.
  static constexpr char32_t kRootChildren = 0x10000;
  struct Edge {
    std::int32_t parent;
    char32_t c;
    std::int32_t child;  // kNone: an empty slot
    std::uint32_t value;  // the child's
  };
  struct RootChild {
    std::int32_t child;
    std::uint32_t value;
  };
  // Slots use bits 20 and up of the mix, the filter its top bits.
  static std::uint64_t Mix(std::int32_t parent, char32_t c) {
    return (std::uint64_t{static_cast<std::uint32_t>(parent)} << 32 | c) * 0x9E3779B97F4A7C15ull;
  }
  static std::size_t Hash(std::int32_t parent, char32_t c) {
    return static_cast<std::size_t>(Mix(parent, c) >> 20);
  }
  void SetFilterBit(std::int32_t parent, char32_t c) {
    const std::uint64_t bit = Mix(parent, c) >> filter_shift_;
    filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
  void Grow();
  void Rehash(std::size_t slot_count);

  std::vector<Edge> slots_;  // a power of two, at most 3/4 full
  std::vector<std::uint64_t> filter_;  // 8 bits per slot (over 10 per edge)
  int filter_shift_ = 64;
  std::size_t edges_ = 0;
  std::int32_t nodes_ = 1;
  std::vector<RootChild> root_children_;  // empty until the first insert
  std::vector<std::uint64_t> first_chars_;  // a bit per BMP character: root_children_[c] is set
};

// The overlay of a snapshot: its words' frequencies and tags, in a trie of their own.
struct Overlay {
  // Per overlay node. freq_index 0: the node is only a prefix of overlay words, and the base
  // decides about the word; otherwise the overlay set the word's frequency (which may be 0, as
  // del_word does): freq_values[freq_index], log_probs[freq_index] = log(f) - log(total).
  struct Node {
    std::uint32_t freq_index = 0;
    std::uint32_t tag = kKeepTag;  // index into tags, or kKeepTag: the base's tag stands
  };
  static constexpr std::uint32_t kKeepTag = 0;

  OverlayTrie trie;
  std::vector<Node> nodes;
  std::vector<std::uint64_t> freq_values = {0};  // [0] unused
  std::vector<double> log_probs = {0.0};         // [0] unused
  std::vector<std::string> tags = {std::string()};  // [0] unused (kKeepTag)

  // What the route walk reads (ComputeRouteWithOverlay). It walks the base's trie as it would
  // without an overlay, and from the positions where the overlay may change that walk
  // (MayChangeWalk) it asks two maps at each node:
  // - reweighted: the trie nodes whose word the overlay set (added again, re-weighted, deleted),
  //   to the word's route value;
  // - branches: where an overlay word leaves the trie, BranchKey(trie node, next character) (the
  //   root for a word whose first character the trie lacks), to the overlay node there and its
  //   route value. From there the walk goes on in the overlay's trie alone, whose edges carry
  //   their children's route values (OverlayTrie::SetValues).
  // A route value indexes route_log_probs: the snapshot's log_probs for the trie's frequency
  // indexes, then log_probs[1..] of the overlay's; 0 = not a word (a prefix, a deleted word).
  struct Branch {
    std::int32_t node;
    std::uint32_t value;
  };
  FilteredMap<std::uint32_t, std::uint32_t> reweighted;
  FilteredMap<std::uint64_t, Branch> branches;
  std::vector<double> route_log_probs;
  static std::uint64_t BranchKey(std::int32_t trie_node, char32_t c) {
    return std::uint64_t{static_cast<std::uint32_t>(trie_node)} << 32 | c;
  }
  // Whether the overlay may change the walk from the first of `cps` (n >= 1 of them), or
  // jieba's FREQ.get of a word that starts there: only if it has a word of that one character,
  // or words that start with the first two. Asked once per position, of a bitmap and a filter
  // that stay in cache, so that the positions no overlay word starts at (most of a text, for a
  // dictionary of a few thousand words) take the plain walk.
  bool MayChangeWalk(const char32_t* cps, std::size_t n) const {
    const char32_t c = cps[0];
    if (c >= kBmpSize || ((one_char_words[c / 64] >> (c % 64)) & 1) != 0) return true;
    return n > 1 && first_two_chars.MayContain(std::uint64_t{c} << 32 | cps[1]);
  }
  static constexpr char32_t kBmpSize = 0x10000;
  std::vector<std::uint64_t> one_char_words = std::vector<std::uint64_t>(kBmpSize / 64, 0);
  BloomFilter first_two_chars;  // c0 << 32 | c1 of the overlay's nodes of depth two
  // Every change since the base, in order: a builder that starts from this snapshot replays them
  // on the same base, so overlays never stack.
  std::vector<DictEntry> entries;

  // Per node, whether its freq_index is set: a bit per node (50 KiB for 100k words) stays in
  // cache where `nodes` would not (IsWordAt, ComputeDag).
  std::vector<std::uint64_t> sets_bits;

  // The overlay's word at `node` set a frequency (the base does not decide).
  bool Sets(std::int32_t node) const {
    if (node == OverlayTrie::kNone) return false;
    const auto n = static_cast<std::size_t>(node);
    return (sets_bits[n / 64] >> (n % 64)) & 1;
  }
  std::uint64_t Frequency(std::int32_t node) const {
    return freq_values[nodes[static_cast<std::size_t>(node)].freq_index];
  }

  // The words of the snapshot: `root`'s, plus those the overlay made, minus those it unmade.
  // Computed on first use: it looks every overlay word up in the root's trie, which on a mapped
  // compiled file means page faults all over it -- most of the cost of loading a big user
  // dictionary, for a number few callers want.
  std::size_t WordCount(const DictionaryData& root) const;

 private:
  mutable std::once_flag word_count_once_;
  mutable std::size_t word_count_ = 0;
};

}  // namespace kwx::internal

#endif  // KWX_DICT_OVERLAY_H_
