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
      std::uint32_t s = slots_[i];
      if (s == 0) {
        entries_.push_back({static_cast<std::uint32_t>(keys_.size()),
                            static_cast<std::uint32_t>(key.size()), h, value});
        keys_.append(key);
        slots_[i] = static_cast<std::uint32_t>(entries_.size());
        return true;
      }
      Entry& e = entries_[s - 1];
      if (e.hash == h && Key(e) == key) {
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
      std::uint32_t s = slots_[i];
      if (s == 0) return nullptr;
      const Entry& e = entries_[s - 1];
      if (e.hash == h && Key(e) == key) return &e.value;
    }
  }

  std::size_t size() const { return entries_.size(); }

  // Values in first-insertion order.
  template <typename F>
  void ForEach(F&& f) const {
    for (const Entry& e : entries_) f(Key(e), e.value);
  }

 private:
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
    slots_.assign(n, 0);
    for (std::size_t k = 0; k < entries_.size(); ++k) {
      for (std::size_t i = entries_[k].hash & (n - 1);; i = (i + 1) & (n - 1)) {
        if (slots_[i] == 0) {
          slots_[i] = static_cast<std::uint32_t>(k + 1);
          break;
        }
      }
    }
  }

  std::string keys_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> slots_;
};

}  // namespace kwx::internal

#endif  // KWX_UTIL_STRING_MAP_H_
