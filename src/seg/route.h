// jieba's DAG and best route over one block, walked on the double-array trie.
#ifndef KWX_SEG_ROUTE_H_
#define KWX_SEG_ROUTE_H_

#include <cstdint>
#include <vector>

#include "dict/dictionary_data.h"

namespace kwx::internal {

// For every position k of a block of n characters (given as dictionary character ids), the end
// position (inclusive) of the word on the best route from k: jieba's calc() without materialising
// the DAG. score, end and node (the chosen word's trie node, or -1) need room for n + 1 entries.
//
// Exactness: each candidate is (log(freq) - log(total)) + score[x + 1] in doubles, the first
// term precomputed per word; the maximum keeps the later (longer) candidate on a tie, as Python's
// max() over (score, x) tuples does. When no word starts at k, the single character is the only
// candidate, with weight log(1) - log(total).
//
// For a dictionary without an overlay (the trie alone).
void ComputeRoute(const DictionaryData& dict, const std::uint32_t* ids, std::size_t n,
                  double* score, std::int32_t* end, std::int32_t* node);

// The same for a dictionary with an overlay (words added on top of its trie), which is walked
// beside the trie by code point (`cps`, the block's n code points): a word the overlay set takes
// the overlay's weight, the others the trie's; the node reported is always the trie's (or -1), so
// that a word keys its IDF and its term by its trie node whether the overlay changed it or not.
void ComputeRouteWithOverlay(const DictionaryData& dict, const std::uint32_t* ids,
                             const char32_t* cps, std::size_t n, double* score, std::int32_t* end,
                             std::int32_t* node);

// jieba's get_DAG for full mode: for each k, the ends i of the words s[k..i] with a non-zero
// frequency, or just k when there are none. ends[start[k] .. start[k+1]) are position k's.
void ComputeDag(const DictionaryData& dict, const std::uint32_t* ids, const char32_t* cps,
                std::size_t n, std::vector<std::uint32_t>* ends, std::vector<std::uint32_t>* start);

}  // namespace kwx::internal

#endif  // KWX_SEG_ROUTE_H_
