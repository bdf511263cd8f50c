// A double-array trie over dense character ids, with each node carrying the word's precomputed
// route weight. This is the structure the DAG walk spends most of its time in.
#ifndef KWX_DICT_DOUBLE_ARRAY_H_
#define KWX_DICT_DOUBLE_ARRAY_H_

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "util/array_ref.h"

namespace kwx::internal {

// One slot. A node `s` has its child for character id `c` (c >= 1) at `base(s) + c`, valid when
// that slot's `check` is `s`. 16 bytes, so a probe touches one cache line.
struct DoubleArrayUnit {
  std::int32_t base = 0;
  std::int32_t check = -1;  // parent node; -1 = free slot
  // log(freq) - log(total) for a word with non-zero frequency; kNotWord for a prefix-only node.
  double log_prob = kNotWord;

  static constexpr double kNotWord = std::numeric_limits<double>::infinity();
  bool is_word() const { return log_prob != kNotWord; }
};

class DoubleArray {
 public:
  static constexpr std::int32_t kRoot = 0;
  static constexpr std::int32_t kNone = -1;

  // A key to insert: its character ids (each >= 1) and the value its last node gets.
  struct Entry {
    std::span<const std::uint32_t> ids;
    double log_prob;  // kNotWord for a key that is only a prefix (freq 0)
  };

  DoubleArray() = default;

  // Builds from entries sorted by ids (lexicographically), without duplicates. Every prefix of a
  // key becomes a node; prefixes that are not keys themselves get kNotWord.
  // `alphabet_size` is one more than the largest character id.
  static DoubleArray Build(std::span<const Entry> sorted_entries, std::uint32_t alphabet_size);

  // Uses units in place (a compiled dictionary). The caller has validated them (Validate()).
  static DoubleArray View(std::span<const DoubleArrayUnit> units, std::size_t node_count);

  // Checks that every probe from every node stays inside the array for character ids below
  // `alphabet_size`, so that a damaged compiled file cannot make a lookup read out of bounds.
  static bool Validate(std::span<const DoubleArrayUnit> units, std::uint32_t alphabet_size);

  // The child of `node` for character id `c`, or kNone. Character id 0 (unknown) has no child.
  std::int32_t Child(std::int32_t node, std::uint32_t c) const {
    std::int32_t t = units_[static_cast<std::size_t>(node)].base + static_cast<std::int32_t>(c);
    return units_[static_cast<std::size_t>(t)].check == node ? t : kNone;
  }
  const DoubleArrayUnit& unit(std::int32_t node) const {
    return units_[static_cast<std::size_t>(node)];
  }
  const DoubleArrayUnit* units() const { return units_.data(); }
  std::span<const DoubleArrayUnit> unit_span() const { return units_.span(); }

  // Walks the whole key; kNone if it is not a node (word or prefix).
  std::int32_t Find(std::span<const std::uint32_t> ids) const;

  std::size_t size() const { return units_.size(); }
  std::size_t node_count() const { return node_count_; }

 private:
  ArrayRef<DoubleArrayUnit> units_;
  std::size_t node_count_ = 0;
};

}  // namespace kwx::internal

#endif  // KWX_DICT_DOUBLE_ARRAY_H_
