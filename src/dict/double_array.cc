#include "dict/double_array.h"

#include <algorithm>
#include <cassert>
#include <cstdint>

namespace kwx::internal {

namespace {

// Builds the array depth-first over ranges of the sorted keys (the darts approach). Free slots
// are found through a "next free slot at or after i" forest with path compression, so a search
// never walks over long runs of used slots.
class Builder {
 public:
  Builder(std::span<const DoubleArray::Entry> entries, std::uint32_t alphabet_size)
      : entries_(entries), alphabet_size_(alphabet_size) {}

  std::vector<DoubleArrayUnit> Run(std::size_t* node_count) {
    Grow(static_cast<std::size_t>(alphabet_size_) * 2 + 1024);
    units_[0].check = -2;  // the root: never anybody's child
    MarkUsed(0);
    nodes_ = 1;
    Place(DoubleArray::kRoot, 0, entries_.size(), 0);
    // Every probe is base + c with c < alphabet_size: pad so that it stays in bounds.
    std::size_t last = 0;
    for (std::size_t i = units_.size(); i-- > 0;) {
      if (units_[i].check != -1) {
        last = i;
        break;
      }
    }
    std::size_t max_base = 0;
    for (const auto& u : units_) max_base = std::max(max_base, static_cast<std::size_t>(u.base));
    units_.resize(std::max(last + 1, max_base + alphabet_size_ + 1));
    *node_count = nodes_;
    return std::move(units_);
  }

 private:
  std::uint32_t IdAt(std::size_t entry, std::size_t depth) const {
    return entries_[entry].ids[depth];
  }

  // Keys [lo, hi) share their first `depth` ids and end at or below `node`.
  void Place(std::int32_t node, std::size_t lo, std::size_t hi, std::size_t depth) {
    // A key that ends exactly here sorts first.
    if (lo < hi && entries_[lo].ids.size() == depth) {
      units_[static_cast<std::size_t>(node)].freq_index = entries_[lo].freq_index;
      units_[static_cast<std::size_t>(node)].idf_index = entries_[lo].idf_index;
      ++lo;
    }
    if (lo == hi) return;
    // Distinct next characters and their key ranges.
    std::vector<std::pair<std::uint32_t, std::size_t>> kids;  // (char id, first entry)
    for (std::size_t i = lo; i < hi; ++i) {
      std::uint32_t c = IdAt(i, depth);
      if (kids.empty() || kids.back().first != c) kids.emplace_back(c, i);
    }
    std::int32_t base = FindBase(kids);
    units_[static_cast<std::size_t>(node)].base = base;
    for (const auto& [c, first] : kids) {
      std::size_t t = static_cast<std::size_t>(base) + c;
      units_[t].check = node;
      units_[t].base = 0;
      MarkUsed(t);
      ++nodes_;
    }
    for (std::size_t k = 0; k < kids.size(); ++k) {
      std::size_t end = k + 1 < kids.size() ? kids[k + 1].second : hi;
      Place(base + static_cast<std::int32_t>(kids[k].first), kids[k].second, end, depth + 1);
    }
  }

  std::int32_t FindBase(const std::vector<std::pair<std::uint32_t, std::size_t>>& kids) {
    std::uint32_t c0 = kids.front().first;
    std::size_t p = NextFree(std::max<std::size_t>(open_begin_, c0 + 1));
    for (;; p = NextFree(p + 1)) {
      std::size_t base = p - c0;
      Grow(base + kids.back().first + 1);
      bool fits = true;
      for (std::size_t k = 1; k < kids.size(); ++k) {
        if (units_[base + kids[k].first].check != -1) {
          fits = false;
          break;
        }
      }
      if (fits) {
        // Slots far behind the frontier are closed for good: searching through their few
        // remaining holes made the build quadratic (seconds instead of milliseconds).
        frontier_ = std::max(frontier_, base + kids.back().first + 1);
        if (frontier_ > kOpenWindow) open_begin_ = std::max(open_begin_, frontier_ - kOpenWindow);
        return static_cast<std::int32_t>(base);
      }
    }
  }

  void Grow(std::size_t size) {
    if (size <= units_.size()) return;
    std::size_t old = units_.size();
    std::size_t n = std::max(size, old + old / 2);
    units_.resize(n);
    next_free_.resize(n + 1);
    for (std::size_t i = old; i <= n; ++i) next_free_[i] = static_cast<std::uint32_t>(i);
  }

  // The first free slot at or after i (may be units_.size(), which Grow() then makes real).
  std::size_t NextFree(std::size_t i) {
    Grow(i + 1);
    std::size_t root = i;
    while (next_free_[root] != root) root = next_free_[root];
    while (next_free_[i] != root) {  // path compression
      std::size_t next = next_free_[i];
      next_free_[i] = static_cast<std::uint32_t>(root);
      i = next;
    }
    return root;
  }

  void MarkUsed(std::size_t i) {
    Grow(i + 2);
    next_free_[i] = static_cast<std::uint32_t>(i + 1);
  }

  std::span<const DoubleArray::Entry> entries_;
  std::uint32_t alphabet_size_;
  std::vector<DoubleArrayUnit> units_;
  std::vector<std::uint32_t> next_free_;
  std::size_t nodes_ = 0;
  static constexpr std::size_t kOpenWindow = 1 << 14;
  std::size_t open_begin_ = 1;  // no base search looks at slots before this
  std::size_t frontier_ = 0;    // one past the highest slot used so far
};

}  // namespace

DoubleArray DoubleArray::Build(std::span<const Entry> sorted_entries, std::uint32_t alphabet_size) {
  DoubleArray da;
  Builder builder(sorted_entries, alphabet_size);
  da.units_ = ArrayRef<DoubleArrayUnit>(builder.Run(&da.node_count_));
  return da;
}

DoubleArray DoubleArray::View(std::span<const DoubleArrayUnit> units, std::size_t node_count) {
  DoubleArray da;
  da.units_ = ArrayRef<DoubleArrayUnit>::View(units);
  da.node_count_ = node_count;
  return da;
}

bool DoubleArray::Validate(std::span<const DoubleArrayUnit> units, std::uint32_t alphabet_size,
                           std::size_t freq_count, std::size_t idf_count) {
  return ValidateShape(units, alphabet_size, freq_count, idf_count) &&
         ValidateSlice(units, units.size(), alphabet_size, freq_count, idf_count);
}

bool DoubleArray::ValidateShape(std::span<const DoubleArrayUnit> units, std::uint32_t alphabet_size,
                                std::size_t freq_count, std::size_t idf_count) {
  const std::size_t n = units.size();
  return n > 0 && n < INT32_MAX && alphabet_size > 0 && alphabet_size <= n &&
         units[0].check == -2 && freq_count > 0 && idf_count > 0;
}

bool DoubleArray::ValidateSlice(std::span<const DoubleArrayUnit> slice, std::size_t array_size,
                                std::uint32_t alphabet_size, std::size_t freq_count,
                                std::size_t idf_count) {
  const std::size_t n = array_size;
  if (n == 0 || n >= INT32_MAX || alphabet_size == 0 || alphabet_size > n) return false;
  // Unsigned compares fold "not negative" into "below the limit". Counting the failures instead
  // of returning at the first lets the loop vectorize: it runs over a million units per start.
  const auto base_limit = static_cast<std::uint32_t>(n - alphabet_size + 1);
  const auto check_limit = static_cast<std::uint32_t>(n + 2);
  const auto freq_limit = static_cast<std::uint32_t>(std::min<std::size_t>(freq_count, UINT32_MAX));
  const auto idf_limit = static_cast<std::uint32_t>(std::min<std::size_t>(idf_count, UINT32_MAX));
  std::uint32_t bad = 0;
  for (const DoubleArrayUnit& u : slice) {
    bad |= static_cast<std::uint32_t>(u.base) >= base_limit;
    bad |= static_cast<std::uint32_t>(u.check) + 2 >= check_limit;  // -2..n-1
    bad |= u.freq_index >= freq_limit;
    bad |= u.idf_index >= idf_limit;
  }
  return bad == 0;
}

std::int32_t DoubleArray::Find(std::span<const std::uint32_t> ids) const {
  std::int32_t node = kRoot;
  for (std::uint32_t c : ids) {
    if (c == 0) return kNone;
    node = Child(node, c);
    if (node == kNone) return kNone;
  }
  return node;
}

}  // namespace kwx::internal
