// jieba's `tags[:topK]` when topK is truthy, else all the tags: how many of n ranked keywords
// are kept.
#ifndef KWX_KW_TOP_K_H_
#define KWX_KW_TOP_K_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace kwx::internal {

inline std::size_t TopKCount(std::int64_t top_k, std::size_t n) {
  if (top_k > 0) return std::min<std::size_t>(n, static_cast<std::size_t>(top_k));
  if (top_k < 0) {  // all but the last |top_k|
    const std::size_t drop = static_cast<std::size_t>(-(top_k + 1)) + 1;
    return drop >= n ? 0 : n - drop;
  }
  return n;  // 0: all
}

}  // namespace kwx::internal

#endif  // KWX_KW_TOP_K_H_
