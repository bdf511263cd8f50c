#include "dict/double_array.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "gtest/gtest.h"

namespace kwx::internal {
namespace {

using Key = std::vector<std::uint32_t>;
constexpr std::uint32_t kNotWord = DoubleArrayUnit::kNotWord;

// The IDF index the fixtures give a key with this freq_index (any function would do).
std::uint32_t IdfOf(std::uint32_t freq_index) { return freq_index * 3 + 1; }

// Owns the keys that the spans of DoubleArray::Entry point into, and builds the trie from them.
struct TrieFixture {
  std::map<Key, std::uint32_t> keys;  // -> freq_index; sorted, unique: what Build() requires
  DoubleArray trie;

  void Build(std::uint32_t alphabet_size) {
    std::vector<DoubleArray::Entry> entries;
    for (const auto& [k, v] : keys) entries.push_back({std::span<const std::uint32_t>(k), v, IdfOf(v)});
    trie = DoubleArray::Build(entries, alphabet_size);
  }
  std::int32_t Find(const Key& k) const { return trie.Find(k); }
};

// The number of distinct prefixes (the empty one, the root, included) of a key set: the number
// of nodes a trie of the keys has.
std::size_t CountPrefixes(const std::map<Key, std::uint32_t>& keys) {
  std::set<Key> prefixes{Key{}};
  for (const auto& [k, v] : keys) {
    for (std::size_t n = 1; n <= k.size(); ++n) prefixes.insert(Key(k.begin(), k.begin() + n));
  }
  return prefixes.size();
}

TEST(DoubleArrayTest, EmptyTrieHasOnlyTheRoot) {
  TrieFixture f;
  f.Build(4);
  EXPECT_EQ(f.trie.node_count(), 1u);
  EXPECT_EQ(f.Find({}), DoubleArray::kRoot);
  EXPECT_FALSE(f.trie.unit(DoubleArray::kRoot).is_word());
  for (std::uint32_t c = 0; c < 4; ++c) {
    EXPECT_EQ(f.trie.Child(DoubleArray::kRoot, c), DoubleArray::kNone) << c;
    EXPECT_EQ(f.Find({c}), DoubleArray::kNone) << c;
  }
}

TEST(DoubleArrayTest, SingleKey) {
  TrieFixture f;
  f.keys[{5}] = 5;
  f.Build(6);
  EXPECT_EQ(f.trie.node_count(), 2u);
  std::int32_t node = f.Find({5});
  ASSERT_NE(node, DoubleArray::kNone);
  EXPECT_NE(node, DoubleArray::kRoot);
  EXPECT_EQ(f.trie.Child(DoubleArray::kRoot, 5), node);
  EXPECT_TRUE(f.trie.unit(node).is_word());
  EXPECT_EQ(f.trie.unit(node).freq_index, 5u);
  for (std::uint32_t c = 0; c < 6; ++c) {
    if (c != 5) {
      EXPECT_EQ(f.trie.Child(DoubleArray::kRoot, c), DoubleArray::kNone) << c;
    }
    EXPECT_EQ(f.trie.Child(node, c), DoubleArray::kNone) << c;  // a leaf has no children
  }
  EXPECT_EQ(f.Find({5, 5}), DoubleArray::kNone);
  EXPECT_EQ(f.Find({4}), DoubleArray::kNone);
}

TEST(DoubleArrayTest, PrefixOnlyNodesAreNotWords) {
  // One key of three ids: its two proper prefixes become nodes that are not words.
  TrieFixture f;
  f.keys[{1, 2, 3}] = 7;
  f.Build(4);
  EXPECT_EQ(f.trie.node_count(), 4u);
  std::int32_t n1 = f.Find({1}), n12 = f.Find({1, 2}), n123 = f.Find({1, 2, 3});
  ASSERT_NE(n1, DoubleArray::kNone);
  ASSERT_NE(n12, DoubleArray::kNone);
  ASSERT_NE(n123, DoubleArray::kNone);
  EXPECT_FALSE(f.trie.unit(n1).is_word());
  EXPECT_EQ(f.trie.unit(n1).freq_index, kNotWord);
  EXPECT_FALSE(f.trie.unit(n12).is_word());
  EXPECT_TRUE(f.trie.unit(n123).is_word());
  EXPECT_EQ(f.trie.unit(n123).freq_index, 7u);
  EXPECT_EQ(f.trie.Child(n1, 2), n12);
  EXPECT_EQ(f.trie.Child(n12, 3), n123);
  EXPECT_EQ(f.Find({2}), DoubleArray::kNone);
  EXPECT_EQ(f.Find({1, 3}), DoubleArray::kNone);
  EXPECT_EQ(f.Find({1, 2, 3, 1}), DoubleArray::kNone);
}

TEST(DoubleArrayTest, KeysThatArePrefixesOfOtherKeys) {
  // As Dictionary builds it: a word, a 0-frequency entry (kNotWord) and longer words.
  TrieFixture f;
  f.keys[{1}] = 1;
  f.keys[{1, 2}] = kNotWord;
  f.keys[{1, 2, 3}] = 3;
  f.keys[{1, 3}] = 4;
  f.keys[{2}] = 5;
  f.Build(4);
  EXPECT_EQ(f.trie.node_count(), 6u);
  EXPECT_EQ(f.trie.unit(f.Find({1})).freq_index, 1u);
  EXPECT_FALSE(f.trie.unit(f.Find({1, 2})).is_word());
  EXPECT_EQ(f.trie.unit(f.Find({1, 2, 3})).freq_index, 3u);
  EXPECT_EQ(f.trie.unit(f.Find({1, 3})).freq_index, 4u);
  EXPECT_EQ(f.trie.unit(f.Find({2})).freq_index, 5u);
  EXPECT_EQ(f.Find({2, 1}), DoubleArray::kNone);
  EXPECT_EQ(f.Find({3}), DoubleArray::kNone);
}

TEST(DoubleArrayTest, IdZeroNeverHasAChild) {
  // Id 0 is "a character no dictionary word uses".
  TrieFixture f;
  f.keys[{1}] = 1;
  f.keys[{1, 1}] = 2;
  f.Build(2);
  EXPECT_EQ(f.trie.Child(DoubleArray::kRoot, 0), DoubleArray::kNone);
  EXPECT_EQ(f.trie.Child(f.Find({1}), 0), DoubleArray::kNone);
  EXPECT_EQ(f.Find({0}), DoubleArray::kNone);
  EXPECT_EQ(f.Find({1, 0}), DoubleArray::kNone);
  EXPECT_EQ(f.Find({0, 1}), DoubleArray::kNone);
}

TEST(DoubleArrayTest, KeysSharingLongPrefixes) {
  // jieba's longest word has 16 characters; go a bit beyond, with many keys branching off one
  // long shared stem at every depth.
  TrieFixture f;
  Key stem;
  for (std::uint32_t i = 0; i < 20; ++i) stem.push_back(1 + i % 7);
  for (std::size_t depth = 1; depth <= stem.size(); ++depth) {
    Key k(stem.begin(), stem.begin() + static_cast<std::ptrdiff_t>(depth));
    f.keys[k] = depth % 3 == 0 ? kNotWord : static_cast<std::uint32_t>(depth);
    for (std::uint32_t c = 8; c < 12; ++c) {  // siblings off the stem at this depth
      Key sib = k;
      sib.back() = c;
      f.keys[sib] = static_cast<std::uint32_t>(100 + depth * 16 + c);
    }
  }
  f.Build(12);
  EXPECT_EQ(f.trie.node_count(), CountPrefixes(f.keys));
  for (const auto& [k, v] : f.keys) {
    std::int32_t node = f.Find(k);
    ASSERT_NE(node, DoubleArray::kNone);
    EXPECT_EQ(f.trie.unit(node).freq_index, v);
  }
  Key longer = stem;
  longer.push_back(1);
  EXPECT_EQ(f.Find(longer), DoubleArray::kNone);
}

TEST(DoubleArrayTest, LargeAlphabet) {
  // Ids spread over 30000 characters (jieba's dictionary uses about 20000), with a root that
  // has thousands of children and some long keys.
  constexpr std::uint32_t kAlphabet = 30000;
  TrieFixture f;
  for (std::uint32_t c = 1; c < kAlphabet; c += 3) f.keys[{c}] = c;
  for (std::uint32_t c = 2; c < kAlphabet; c += 997) {
    f.keys[{c, kAlphabet - 1, c}] = 50000;
    f.keys[{kAlphabet - 1, c}] = 50001;
  }
  f.Build(kAlphabet);
  EXPECT_EQ(f.trie.node_count(), CountPrefixes(f.keys));
  for (const auto& [k, v] : f.keys) {
    std::int32_t node = f.Find(k);
    ASSERT_NE(node, DoubleArray::kNone);
    EXPECT_EQ(f.trie.unit(node).freq_index, v);
  }
  EXPECT_EQ(f.Find({kAlphabet - 3}), DoubleArray::kNone);  // not 1 mod 3
  EXPECT_EQ(f.Find({2, kAlphabet - 2}), DoubleArray::kNone);
}

// Random key sets checked against std::map: every key is found with its value, every prefix is a
// node, nothing else is, and Child() walks agree with Find().
void CheckRandomKeySet(std::uint32_t seed, std::uint32_t alphabet, std::size_t count,
                       std::size_t max_len) {
  SCOPED_TRACE(testing::Message() << "seed " << seed << " alphabet " << alphabet);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::uint32_t> id(1, alphabet - 1);
  std::uniform_int_distribution<std::size_t> len(1, max_len);
  // Skewed choice of the first ids, so that keys share prefixes as words do.
  std::uniform_int_distribution<std::uint32_t> hot(1, std::min<std::uint32_t>(alphabet - 1, 8));
  TrieFixture f;
  while (f.keys.size() < count) {
    Key k(len(rng));
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = (i < 2 && rng() % 2 == 0) ? hot(rng) : id(rng);
    f.keys[k] = rng() % 5 == 0 ? kNotWord : 1 + static_cast<std::uint32_t>(rng() % 100000);
  }
  f.Build(alphabet);

  std::set<Key> prefixes{Key{}};
  for (const auto& [k, v] : f.keys) {
    for (std::size_t n = 1; n <= k.size(); ++n) prefixes.insert(Key(k.begin(), k.begin() + n));
  }
  EXPECT_EQ(f.trie.node_count(), prefixes.size());

  std::set<std::int32_t> nodes;
  for (const Key& p : prefixes) {
    std::int32_t node = f.Find(p);
    ASSERT_NE(node, DoubleArray::kNone);
    EXPECT_TRUE(nodes.insert(node).second) << "two prefixes share a node";
    auto it = f.keys.find(p);
    std::uint32_t expected = it == f.keys.end() ? kNotWord : it->second;
    EXPECT_EQ(f.trie.unit(node).freq_index, expected);
    EXPECT_EQ(f.trie.unit(node).idf_index, it == f.keys.end() ? 0 : IdfOf(expected));
    // Child() from the root gives the same node as Find().
    std::int32_t walk = DoubleArray::kRoot;
    for (std::uint32_t c : p) walk = f.trie.Child(walk, c);
    EXPECT_EQ(walk, node);
  }
  // Random probes: a node exactly when the probe is a prefix of some key.
  for (int i = 0; i < 20000; ++i) {
    Key probe(len(rng));
    for (std::size_t j = 0; j < probe.size(); ++j) {
      probe[j] = (j < 2 && rng() % 2 == 0) ? hot(rng) : id(rng);
    }
    bool is_prefix = prefixes.count(probe) != 0;
    EXPECT_EQ(f.Find(probe) != DoubleArray::kNone, is_prefix);
  }
  // Every probe slot stays inside the array: the largest base plus any id is addressable.
  for (std::int32_t node : nodes) {
    EXPECT_LE(static_cast<std::size_t>(f.trie.unit(node).base) + alphabet - 1, f.trie.size() - 1);
  }
}

TEST(DoubleArrayTest, ValidateChecksEveryBoundOfEveryUnit) {
  TrieFixture f;
  f.keys[{1}] = 1;
  f.keys[{1, 2}] = 2;
  f.keys[{2}] = 3;
  f.Build(3);
  std::vector<DoubleArrayUnit> units(f.trie.unit_span().begin(), f.trie.unit_span().end());
  // freq_index up to 3, idf_index up to IdfOf(3) = 10.
  EXPECT_TRUE(DoubleArray::Validate(units, 3, 4, 11));
  EXPECT_FALSE(DoubleArray::Validate(units, 3, 3, 11));   // a frequency index out of range
  EXPECT_FALSE(DoubleArray::Validate(units, 3, 4, 10));   // an IDF index out of range
  EXPECT_FALSE(DoubleArray::Validate(units, static_cast<std::uint32_t>(units.size()) + 1, 4, 11));
  EXPECT_FALSE(DoubleArray::Validate({}, 3, 4, 11));
  auto damaged = [&](auto change) {
    std::vector<DoubleArrayUnit> copy = units;
    change(copy.back());
    return DoubleArray::Validate(copy, 3, 4, 11);
  };
  EXPECT_TRUE(damaged([](DoubleArrayUnit&) {}));
  EXPECT_FALSE(damaged([](DoubleArrayUnit& u) { u.base = -1; }));
  EXPECT_FALSE(damaged([&](DoubleArrayUnit& u) { u.base = static_cast<std::int32_t>(units.size()) - 2; }));
  EXPECT_FALSE(damaged([](DoubleArrayUnit& u) { u.check = -3; }));
  EXPECT_FALSE(damaged([&](DoubleArrayUnit& u) { u.check = static_cast<std::int32_t>(units.size()); }));
  EXPECT_FALSE(damaged([](DoubleArrayUnit& u) { u.freq_index = 0xFFFFFFFFu; }));
  EXPECT_FALSE(damaged([](DoubleArrayUnit& u) { u.idf_index = 11; }));
  units[0].check = 0;  // the root must be marked as the root
  EXPECT_FALSE(DoubleArray::Validate(units, 3, 4, 11));
}

TEST(DoubleArrayTest, RandomKeySetsMatchStdMap) {
  CheckRandomKeySet(1, 4, 200, 8);        // tiny alphabet: deep, bushy
  CheckRandomKeySet(2, 40, 5000, 6);
  CheckRandomKeySet(3, 3000, 20000, 4);   // wide and shallow, like the Han dictionary
  CheckRandomKeySet(4, 70000, 3000, 16);  // ids beyond the BMP-sized range
}

}  // namespace
}  // namespace kwx::internal
