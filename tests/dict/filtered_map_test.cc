#include "dict/filtered_map.h"

#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace kwx::internal {
namespace {

TEST(BloomFilterTest, NeverForgetsAKeyAndRejectsMostOthers) {
  std::mt19937_64 rng(7);
  std::vector<std::uint64_t> keys(5000);
  for (std::uint64_t& k : keys) k = rng();
  BloomFilter filter(keys.size());
  for (std::uint64_t k : keys) filter.Add(k);
  for (std::uint64_t k : keys) EXPECT_TRUE(filter.MayContain(k));
  int false_positives = 0;
  for (int i = 0; i < 100000; ++i) false_positives += filter.MayContain(rng()) ? 1 : 0;
  // 16 bits per key, one hash: about 1 - exp(-1/16) = 6%.
  EXPECT_LT(false_positives, 10000);
}

TEST(BloomFilterTest, AnEmptyFilterContainsNothing) {
  BloomFilter filter;
  for (std::uint64_t k : {0ull, 1ull, ~0ull, 0x123456789ull}) EXPECT_FALSE(filter.MayContain(k));
  BloomFilter sized(0);
  EXPECT_FALSE(sized.MayContain(42));
}

TEST(FilteredMapTest, FindsEveryKeyAndNothingElse) {
  for (std::size_t n : {0u, 1u, 2u, 3u, 100u, 20000u}) {
    SCOPED_TRACE(n);
    std::mt19937_64 rng(n);
    std::map<std::uint64_t, std::uint32_t> want;
    // Keys that share their high or low halves, as trie nodes and characters do.
    while (want.size() < n) {
      const std::uint64_t key = (rng() % 64) << 32 | (rng() % 5000);
      want.emplace(key, static_cast<std::uint32_t>(rng()));
    }
    std::vector<FilteredMap<std::uint64_t, std::uint32_t>::Item> items;
    for (const auto& [k, v] : want) items.push_back({k, v});
    FilteredMap<std::uint64_t, std::uint32_t> map(items);
    for (const auto& [k, v] : want) {
      const std::uint32_t* got = map.Find(k);
      ASSERT_NE(got, nullptr) << k;
      EXPECT_EQ(*got, v);
    }
    for (int i = 0; i < 20000; ++i) {
      const std::uint64_t key = (rng() % 128) << 32 | (rng() % 10000);
      EXPECT_EQ(map.Find(key) != nullptr, want.count(key) == 1) << key;
    }
  }
}

TEST(FilteredMapTest, ThirtyTwoBitKeys) {
  std::vector<FilteredMap<std::uint32_t, std::uint32_t>::Item> items;
  for (std::uint32_t node = 0; node < 3000; node += 3) items.push_back({node, node * 7});
  FilteredMap<std::uint32_t, std::uint32_t> map(items);
  for (std::uint32_t node = 0; node < 4000; ++node) {
    const std::uint32_t* got = map.Find(node);
    if (node % 3 == 0 && node < 3000) {
      ASSERT_NE(got, nullptr) << node;
      EXPECT_EQ(*got, node * 7);
    } else {
      EXPECT_EQ(got, nullptr) << node;
    }
  }
}

TEST(FilteredMapTest, ADefaultMapIsEmpty) {
  FilteredMap<std::uint64_t, std::uint32_t> map;
  EXPECT_EQ(map.Find(0), nullptr);
  EXPECT_EQ(map.Find(~std::uint64_t{0} - 1), nullptr);
}

}  // namespace
}  // namespace kwx::internal
