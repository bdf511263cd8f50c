// An immutable-after-build map from strings to values: keys live in one buffer, lookups take a
// string_view and never allocate. Used for the IDF table and the stop words.
#ifndef KWX_UTIL_STRING_MAP_H_
#define KWX_UTIL_STRING_MAP_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/hash.h"

namespace kwx::internal {

template <typename V>
class StringMap {
 public:
  // Inserts or overwrites (the later value wins, like a Python dict). Returns true if new.
  bool Put(std::string_view key, const V& value) {
    if ((entries_.size() + 1) * 2 > slots_.size()) Rehash(slots_.empty() ? 64 : slots_.size() * 2);
    std::uint64_t h = HashBytes(key);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.entry == 0) {
        entries_.push_back({static_cast<std::uint32_t>(keys_.size()),
                            static_cast<std::uint32_t>(key.size()), h, value});
        keys_.append(key);
        s = {static_cast<std::uint32_t>(entries_.size()), Tag(h)};
        return true;
      }
      Entry& e = entries_[s.entry - 1];
      if (s.tag == Tag(h) && Key(e) == key) {
        e.value = value;
        return false;
      }
    }
  }

  const V* Find(std::string_view key) const {
    if (slots_.empty()) return nullptr;
    std::uint64_t h = HashBytes(key);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.entry == 0) return nullptr;
      // The tag keeps misses (most lookups of words outside the table) away from the entries.
      if (s.tag != Tag(h)) continue;
      const Entry& e = entries_[s.entry - 1];
      if (Key(e) == key) return &e.value;
    }
  }

  std::size_t size() const { return entries_.size(); }

  // Values in first-insertion order.
  template <typename F>
  void ForEach(F&& f) const {
    for (const Entry& e : entries_) f(Key(e), e.value);
  }

 private:
  struct Slot {
    std::uint32_t entry;  // index + 1 into entries_; 0 = empty
    std::uint32_t tag;    // high bits of the key's hash
  };
  static std::uint32_t Tag(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 32); }

  struct Entry {
    std::uint32_t offset;
    std::uint32_t length;
    std::uint64_t hash;
    V value;
  };

  std::string_view Key(const Entry& e) const {
    return std::string_view(keys_).substr(e.offset, e.length);
  }

  void Rehash(std::size_t n) {
    slots_.assign(n, Slot{0, 0});
    for (std::size_t k = 0; k < entries_.size(); ++k) {
      for (std::size_t i = entries_[k].hash & (n - 1);; i = (i + 1) & (n - 1)) {
        if (slots_[i].entry == 0) {
          slots_[i] = {static_cast<std::uint32_t>(k + 1), Tag(entries_[k].hash)};
          break;
        }
      }
    }
  }

  std::string keys_;
  std::vector<Entry> entries_;
  std::vector<Slot> slots_;
};

}  // namespace kwx::internal

#endif  // KWX_UTIL_STRING_MAP_H_
