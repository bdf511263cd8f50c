// Small read-only hash maps for the route walk over a dictionary with an overlay: it asks one at
// nearly every character, and nearly every key it asks for is absent, so each has a Bloom filter
// in front that answers most questions from cache without touching the slots.
#ifndef KWX_DICT_FILTERED_MAP_H_
#define KWX_DICT_FILTERED_MAP_H_

#include <bit>
#include <cstdint>
#include <span>
#include <vector>

namespace kwx::internal {

// A one-hash Bloom filter of 64-bit keys, 16 bits per key (a false positive for about one absent
// key in 16): a few hundred bytes to a few hundred KiB.
class BloomFilter {
 public:
  BloomFilter() = default;
  explicit BloomFilter(std::size_t key_count) {
    std::size_t bits = 128;
    while (bits < 16 * key_count) bits *= 2;
    words_.assign(bits / 64, 0);
    shift_ = 64 - std::countr_zero(bits);
  }
  static std::uint64_t Mix(std::uint64_t key) { return key * 0x9E3779B97F4A7C15ull; }

  void Add(std::uint64_t key) {
    const std::uint64_t bit = Mix(key) >> shift_;
    words_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
  // False when `key` was certainly not added.
  bool MayContain(std::uint64_t key) const {
    const std::uint64_t bit = Mix(key) >> shift_;
    return ((words_[bit / 64] >> (bit % 64)) & 1) != 0;
  }

 private:
  std::vector<std::uint64_t> words_ = std::vector<std::uint64_t>(2, 0);  // a power of two
  int shift_ = 57;  // 64 - log2(bits): the filter uses the top bits of Mix
};

// A map from distinct unsigned keys (not all ones) to values, built once: a BloomFilter, then
// linear probing in slots at most half full (from bit 20 of the same mix, so slot and filter bit
// are independent for any size that fits in memory). A 32-bit key and value make 8-byte slots:
// twice as many in the cache as 64-bit keys'.
template <typename Key, typename Value>
class FilteredMap {
 public:
  struct Item {
    Key key;
    Value value;
  };

  FilteredMap() = default;
  explicit FilteredMap(std::span<const Item> items) : filter_(items.size()) {
    std::size_t slot_count = 2;
    while (slot_count < 2 * items.size()) slot_count *= 2;
    slots_.assign(slot_count, Item{kEmpty, Value{}});
    mask_ = slot_count - 1;
    for (const Item& item : items) {
      filter_.Add(item.key);
      std::size_t i = Slot(item.key);
      while (slots_[i].key != kEmpty) i = (i + 1) & mask_;
      slots_[i] = item;
    }
  }

  // The value of `key`, or null.
  const Value* Find(Key key) const {
    if (!filter_.MayContain(key)) return nullptr;
    for (std::size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (slots_[i].key == key) return &slots_[i].value;
      if (slots_[i].key == kEmpty) return nullptr;
    }
  }

 private:
  static constexpr Key kEmpty = ~Key{0};
  std::size_t Slot(Key key) const {
    return static_cast<std::size_t>(BloomFilter::Mix(key) >> 20) & mask_;
  }

  BloomFilter filter_;
  std::vector<Item> slots_ = std::vector<Item>(1, Item{kEmpty, Value{}});  // a power of two
  std::size_t mask_ = 0;
};

}  // namespace kwx::internal

#endif  // KWX_DICT_FILTERED_MAP_H_
