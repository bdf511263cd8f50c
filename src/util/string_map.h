// A map from strings to values: keys live in one buffer, lookups take a string_view and never
// allocate. Built with Put(), or viewed in place over the sections of a compiled file. Used for
// the IDF table and the stop words.
#ifndef KWX_UTIL_STRING_MAP_H_
#define KWX_UTIL_STRING_MAP_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/hash.h"

namespace kwx::internal {

template <typename V>
class StringMap {
 public:
  struct Slot {
    std::uint32_t entry;  // index + 1 into the entries; 0 = empty
    std::uint32_t tag;    // high bits of the key's hash
  };
  struct Entry {
    std::uint32_t offset;  // of the key in the key buffer
    std::uint32_t length;
    std::uint64_t hash;
    V value;
  };

  StringMap() = default;
  // A moved std::string may move its characters (short-string buffer), so a built map re-points
  // its views after a move.
  StringMap(StringMap&& other) noexcept { *this = std::move(other); }
  StringMap& operator=(StringMap&& other) noexcept {
    viewed_ = other.viewed_;
    keys_ = std::move(other.keys_);
    entries_ = std::move(other.entries_);
    slots_ = std::move(other.slots_);
    if (viewed_) {
      keys_view_ = other.keys_view_;
      entries_view_ = other.entries_view_;
      slots_view_ = other.slots_view_;
    } else {
      keys_view_ = keys_;
      entries_view_ = entries_;
      slots_view_ = slots_;
    }
    return *this;
  }
  StringMap(const StringMap&) = delete;
  StringMap& operator=(const StringMap&) = delete;

  // A map over memory it does not own (validated by the caller: every entry's key inside `keys`,
  // every slot's entry index in range, a power-of-two slot count). Put() is not allowed on it.
  static StringMap View(std::string_view keys, std::span<const Entry> entries,
                        std::span<const Slot> slots) {
    StringMap m;
    m.viewed_ = true;
    m.keys_view_ = keys;
    m.entries_view_ = entries;
    m.slots_view_ = slots;
    return m;
  }

  // Inserts or overwrites (the later value wins, like a Python dict). Returns true if new.
  bool Put(std::string_view key, const V& value) {
    if ((entries_.size() + 1) * 2 > slots_.size()) Rehash(slots_.empty() ? 64 : slots_.size() * 2);
    std::uint64_t h = HashBytes(key);
    std::size_t mask = slots_.size() - 1;
    bool added = false;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.entry == 0) {
        entries_.push_back({static_cast<std::uint32_t>(keys_.size()),
                            static_cast<std::uint32_t>(key.size()), h, value});
        keys_.append(key);
        s = {static_cast<std::uint32_t>(entries_.size()), Tag(h)};
        added = true;
        break;
      }
      Entry& e = entries_[s.entry - 1];
      if (s.tag == Tag(h) && std::string_view(keys_).substr(e.offset, e.length) == key) {
        e.value = value;
        break;
      }
    }
    keys_view_ = keys_;
    entries_view_ = entries_;
    slots_view_ = slots_;
    return added;
  }

  const V* Find(std::string_view key) const {
    if (slots_view_.empty()) return nullptr;
    std::uint64_t h = HashBytes(key);
    std::size_t mask = slots_view_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_view_[i];
      if (s.entry == 0) return nullptr;
      // The tag keeps misses (most lookups of words outside the table) away from the entries.
      if (s.tag != Tag(h)) continue;
      const Entry& e = entries_view_[s.entry - 1];
      if (Key(e) == key) return &e.value;
    }
  }

  // Find() for changing the value in place, in a map built with Put() (whose entries it owns;
  // never on a view of a compiled file's sections).
  V* FindMutable(std::string_view key) { return const_cast<V*>(Find(key)); }

  std::size_t size() const { return entries_view_.size(); }

  // Keys and values in first-insertion order.
  template <typename F>
  void ForEach(F&& f) const {
    for (const Entry& e : entries_view_) f(Key(e), e.value);
  }

  std::string_view keys() const { return keys_view_; }
  std::span<const Entry> entries() const { return entries_view_; }
  std::span<const Slot> slots() const { return slots_view_; }

 private:
  static std::uint32_t Tag(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 32); }
  std::string_view Key(const Entry& e) const { return keys_view_.substr(e.offset, e.length); }

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

  // Built maps own their storage; the views point into it (or into mapped memory).
  bool viewed_ = false;
  std::string keys_;
  std::vector<Entry> entries_;
  std::vector<Slot> slots_;
  std::string_view keys_view_;
  std::span<const Entry> entries_view_;
  std::span<const Slot> slots_view_;
};

}  // namespace kwx::internal

#endif  // KWX_UTIL_STRING_MAP_H_
