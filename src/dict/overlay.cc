#include "dict/overlay.h"

#include <bit>

#include "dict/dictionary_data.h"

namespace kwx::internal {

void OverlayTrie::Grow() { Rehash(slots_.empty() ? 64 : slots_.size() * 2); }

void OverlayTrie::Reserve(std::size_t edges) {
  std::size_t want = 64;
  while (want * 3 < 4 * edges) want *= 2;  // at most 3/4 full
  if (want > slots_.size()) Rehash(want);
}

void OverlayTrie::Rehash(std::size_t slot_count) {
  std::vector<Edge> old = std::move(slots_);
  slots_.assign(slot_count, Edge{0, 0, kNone, 0});
  const std::size_t filter_bits = slot_count * 8;  // slot_count is a power of two >= 64
  filter_.assign(filter_bits / 64, 0);
  filter_shift_ = 64 - std::countr_zero(filter_bits);
  const std::size_t mask = slots_.size() - 1;
  for (const Edge& e : old) {
    if (e.child == kNone) continue;
    std::size_t i = Hash(e.parent, e.c) & mask;
    while (slots_[i].child != kNone) i = (i + 1) & mask;
    slots_[i] = e;
    SetFilterBit(e.parent, e.c);
  }
}

std::int32_t OverlayTrie::Insert(std::u32string_view word) {
  std::int32_t node = kRoot;
  for (char32_t c : word) {
    std::int32_t child = Child(node, c);
    if (child == kNone && node == kRoot && c < kRootChildren) {
      if (root_children_.empty()) {
        root_children_.assign(kRootChildren, RootChild{kNone, 0});
        first_chars_.assign(kRootChildren / 64, 0);
      }
      child = root_children_[c].child = nodes_++;
      first_chars_[c / 64] |= std::uint64_t{1} << (c % 64);
    } else if (child == kNone) {
      if ((edges_ + 1) * 4 > slots_.size() * 3) Grow();
      const std::size_t mask = slots_.size() - 1;
      std::size_t i = Hash(node, c) & mask;
      while (slots_[i].child != kNone) i = (i + 1) & mask;
      child = nodes_++;
      slots_[i] = Edge{node, c, child, 0};
      SetFilterBit(node, c);
      ++edges_;
    }
    node = child;
  }
  return node;
}

void OverlayTrie::SetValues(std::span<const std::uint32_t> value_of) {
  for (RootChild& r : root_children_) {
    if (r.child != kNone) r.value = value_of[static_cast<std::size_t>(r.child)];
  }
  for (Edge& e : slots_) {
    if (e.child != kNone) e.value = value_of[static_cast<std::size_t>(e.child)];
  }
}

std::size_t Overlay::WordCount(const DictionaryData& root) const {
  std::call_once(word_count_once_, [&] {
    std::vector<bool> counted(nodes.size());
    std::size_t count = root.word_count;
    std::vector<std::uint32_t> ids;
    for (const DictEntry& e : entries) {
      const std::int32_t o = trie.Find(e.word);
      if (o == OverlayTrie::kNone || counted[static_cast<std::size_t>(o)]) continue;
      counted[static_cast<std::size_t>(o)] = true;  // the last entry of a word decides: Frequency
      ids.clear();
      for (char32_t c : e.word) ids.push_back(root.chars.Id(c));
      const std::int32_t r = root.Find(ids);
      const bool was = r >= 0 && root.trie.unit(r).is_word();
      const bool is = Frequency(o) > 0;
      count = count + (is ? 1 : 0) - (was ? 1 : 0);
    }
    word_count_ = count;
  });
  return word_count_;
}

std::int32_t OverlayTrie::Find(std::u32string_view word) const {
  std::int32_t node = kRoot;
  for (char32_t c : word) {
    node = Child(node, c);
    if (node == kNone) return kNone;
  }
  return node;
}

}  // namespace kwx::internal
