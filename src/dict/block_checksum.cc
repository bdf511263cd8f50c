#include "dict/block_checksum.h"

#include <algorithm>
#include <vector>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace kwx::internal {

namespace {

std::size_t BlockCount(std::string_view data) {
  return (data.size() + kChecksumBlock - 1) / kChecksumBlock;
}

std::uint64_t HashBlock(std::string_view data, std::size_t block) {
  std::string_view piece = data.substr(block * kChecksumBlock, kChecksumBlock);
  return XXH3_64bits(piece.data(), piece.size());
}

std::uint64_t Combine(const std::vector<std::uint64_t>& hashes) {
  return XXH3_64bits(hashes.data(), hashes.size() * sizeof(std::uint64_t));
}

}  // namespace

std::uint64_t BlockChecksum(std::string_view data) {
  std::vector<std::uint64_t> hashes(BlockCount(data));
  for (std::size_t b = 0; b < hashes.size(); ++b) hashes[b] = HashBlock(data, b);
  return Combine(hashes);
}

BlockScan ScanBlocks(std::string_view data, const std::function<bool(std::size_t, std::size_t)>& check) {
  std::vector<std::uint64_t> hashes(BlockCount(data));
  BlockScan result;
  for (std::size_t b = 0; b < hashes.size(); ++b) {
    hashes[b] = HashBlock(data, b);
    std::size_t begin = b * kChecksumBlock;
    if (!check(begin, std::min(begin + kChecksumBlock, data.size()))) result.checks_passed = false;
  }
  result.checksum = Combine(hashes);
  return result;
}

}  // namespace kwx::internal
