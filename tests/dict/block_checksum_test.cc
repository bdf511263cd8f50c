// The compiled file's block checksum and the one-pass scan that checks blocks as it hashes them.
#include "dict/block_checksum.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#define XXH_INLINE_ALL  // as src/dict/block_checksum.cc uses it: no link dependency
#include <xxhash.h>

namespace kwx::internal {
namespace {

std::string Bytes(std::size_t n) {
  std::string s(n, '\0');
  std::uint32_t x = 12345;
  for (char& c : s) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 24);
  }
  return s;
}

TEST(BlockChecksumTest, IsXxh3OfTheBlockHashes) {
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, kChecksumBlock - 1, kChecksumBlock,
                        kChecksumBlock + 1, 3 * kChecksumBlock + 17}) {
    std::string data = Bytes(n);
    std::vector<std::uint64_t> hashes;
    for (std::size_t at = 0; at < n; at += kChecksumBlock) {
      std::string_view block = std::string_view(data).substr(at, kChecksumBlock);
      hashes.push_back(XXH3_64bits(block.data(), block.size()));
    }
    EXPECT_EQ(BlockChecksum(data), XXH3_64bits(hashes.data(), hashes.size() * 8)) << n;
  }
}

TEST(BlockChecksumTest, ChangesWithAnyByte) {
  std::string data = Bytes(2 * kChecksumBlock + 100);
  const std::uint64_t good = BlockChecksum(data);
  for (std::size_t pos : {std::size_t{0}, kChecksumBlock - 1, kChecksumBlock, data.size() - 1}) {
    std::string bad = data;
    bad[pos] = static_cast<char>(bad[pos] ^ 1);
    EXPECT_NE(BlockChecksum(bad), good) << pos;
  }
  EXPECT_NE(BlockChecksum(std::string_view(data).substr(0, data.size() - 1)), good);
}

TEST(BlockChecksumTest, ScanChecksEveryBlockOnceInOrderAndHashesTheSame) {
  std::string data = Bytes(3 * kChecksumBlock + 5);
  std::vector<std::pair<std::size_t, std::size_t>> seen;
  BlockScan scan = ScanBlocks(data, [&](std::size_t begin, std::size_t end) {
    seen.emplace_back(begin, end);
    return true;
  });
  EXPECT_EQ(scan.checksum, BlockChecksum(data));
  EXPECT_TRUE(scan.checks_passed);
  ASSERT_EQ(seen.size(), 4u);
  for (std::size_t b = 0; b < seen.size(); ++b) {
    EXPECT_EQ(seen[b].first, b * kChecksumBlock);
    EXPECT_EQ(seen[b].second, std::min(data.size(), (b + 1) * kChecksumBlock));
  }
}

TEST(BlockChecksumTest, ScanReportsAFailedCheckButStillHashesEverything) {
  std::string data = Bytes(2 * kChecksumBlock + 5);
  int calls = 0;
  BlockScan scan = ScanBlocks(data, [&](std::size_t begin, std::size_t) {
    ++calls;
    return begin != kChecksumBlock;  // the middle block fails
  });
  EXPECT_FALSE(scan.checks_passed);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(scan.checksum, BlockChecksum(data));
  EXPECT_TRUE(ScanBlocks("", [](std::size_t, std::size_t) { return false; }).checks_passed);
}

}  // namespace
}  // namespace kwx::internal
