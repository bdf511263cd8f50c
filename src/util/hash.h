// A small, fast, non-cryptographic string hash for kwx's flat hash tables.
#ifndef KWX_UTIL_HASH_H_
#define KWX_UTIL_HASH_H_

#include <cstdint>
#include <cstring>
#include <string_view>

namespace kwx::internal {

// Multiply-xorshift over 8-byte words. Keys are short (words of 2-16 characters), so this beats
// std::hash's byte loop; quality is ample for open addressing with a power-of-two table.
inline std::uint64_t HashBytes(std::string_view s) {
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (s.size() * 0xC2B2AE3D27D4EB4Full);
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    h = (h ^ v) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, n);
    h = (h ^ v) * 0xC4CEB9FE1A85EC53ull;
  }
  h ^= h >> 29;
  h *= 0x94D049BB133111EBull;
  return h ^ (h >> 32);
}

}  // namespace kwx::internal

#endif  // KWX_UTIL_HASH_H_
