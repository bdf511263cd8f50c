// The compiled file's checksum, computed in blocks so that checking a file is one pass over its
// bytes.
#ifndef KWX_DICT_BLOCK_CHECKSUM_H_
#define KWX_DICT_BLOCK_CHECKSUM_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace kwx::internal {

inline constexpr std::size_t kChecksumBlock = std::size_t{1} << 20;

// XXH3-64 of every kChecksumBlock bytes of `data` (the last block may be shorter), then XXH3-64
// of those hashes. Detects damage, not tampering.
std::uint64_t BlockChecksum(std::string_view data);

struct BlockScan {
  std::uint64_t checksum = 0;  // BlockChecksum(data)
  bool checks_passed = true;   // every call of `check` returned true
};

// BlockChecksum(data), calling check(begin, end) for each block's byte range [begin, end) of
// `data` right after hashing it, while the block is still in cache: the file is read from
// memory once instead of once to hash it and once more to check it. (Splitting the blocks over
// two threads measured no faster: the pass is short, and a second thread costs its start and
// TLB shootdowns when the file is unmapped.)
BlockScan ScanBlocks(std::string_view data, const std::function<bool(std::size_t, std::size_t)>& check);

}  // namespace kwx::internal

#endif  // KWX_DICT_BLOCK_CHECKSUM_H_
