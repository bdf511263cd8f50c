// A double-array trie over dense character ids, with each node carrying two small value indexes
// (the word's frequency class and its IDF entry). This is the structure the DAG walk spends most
// of its time in.
#ifndef KWX_DICT_DOUBLE_ARRAY_H_
#define KWX_DICT_DOUBLE_ARRAY_H_

#include <cstdint>
#include <span>
#include <vector>

#include "util/array_ref.h"

namespace kwx::internal {

// One slot. A node `s` has its child for character id `c` (c >= 1) at `base(s) + c`, valid when
// that slot's `check` is `s`. 16 bytes, so a probe touches one cache line, and that line also
// holds what the extractor needs next for the token (its IDF), instead of a second miss in a
// separate per-slot array.
struct DoubleArrayUnit {
  std::int32_t base = 0;
  std::int32_t check = -1;  // parent node; -1 = free slot
  // The word's frequency as an index into the dictionary's tables of distinct frequencies and
  // their logs; kNotWord (0) for a prefix-only node or a free slot.
  std::uint32_t freq_index = kNotWord;
  // The word's IDF as an index into the values of the IDF table compiled with the trie; 0 = no
  // entry (or no such table).
  std::uint32_t idf_index = 0;

  static constexpr std::uint32_t kNotWord = 0;
  bool is_word() const { return freq_index != kNotWord; }
};

class DoubleArray {
 public:
  static constexpr std::int32_t kRoot = 0;
  static constexpr std::int32_t kNone = -1;

  // A key to insert: its character ids (each >= 1) and the values its last node gets.
  struct Entry {
    std::span<const std::uint32_t> ids;
    std::uint32_t freq_index;  // kNotWord for a key that is only a prefix (freq 0)
    std::uint32_t idf_index = 0;
  };

  DoubleArray() = default;

  // Builds from entries sorted by ids (lexicographically), without duplicates. Every prefix of a
  // key becomes a node; prefixes that are not keys themselves get kNotWord and no IDF.
  // `alphabet_size` is one more than the largest character id.
  static DoubleArray Build(std::span<const Entry> sorted_entries, std::uint32_t alphabet_size);

  // Uses units in place (a compiled dictionary). The caller has validated them (Validate()).
  static DoubleArray View(std::span<const DoubleArrayUnit> units, std::size_t node_count);

  // Checks that every probe from every node stays inside the array for character ids below
  // `alphabet_size` and that every value index is below its table's size, so that a damaged
  // compiled file cannot make a lookup read out of bounds. One pass over the units.
  static bool Validate(std::span<const DoubleArrayUnit> units, std::uint32_t alphabet_size,
                       std::size_t freq_count, std::size_t idf_count);
  // Validate() in parts, so that a large array can be checked piece by piece (and on several
  // threads): the whole-array conditions, then the per-unit bounds of any slice of it.
  static bool ValidateShape(std::span<const DoubleArrayUnit> units, std::uint32_t alphabet_size,
                            std::size_t freq_count, std::size_t idf_count);
  static bool ValidateSlice(std::span<const DoubleArrayUnit> slice, std::size_t array_size,
                            std::uint32_t alphabet_size, std::size_t freq_count,
                            std::size_t idf_count);

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
