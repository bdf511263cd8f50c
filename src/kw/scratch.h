// Keyword extraction's share of a Workspace.
#ifndef KWX_KW_SCRATCH_H_
#define KWX_KW_SCRATCH_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "kw/term_counter.h"

namespace kwx::internal {

// TextRank's graph for one text (kw/textrank.cc).
struct TextRankScratch {
  std::vector<std::int32_t> token_term;  // per posseg token: its term, or -1 (fails the filter)
  struct Pair {
    std::uint32_t a, b;  // terms
    std::uint32_t count;
  };
  std::vector<Pair> pairs;                              // cm, in insertion order
  std::unordered_map<std::uint64_t, std::uint32_t> pair_index;  // (a, b) -> index into pairs
  std::vector<std::int32_t> node_of_term;               // graph node of a term, or -1
  std::vector<std::uint32_t> node_term;                 // term of a graph node (graph order)
  struct Edge {
    std::uint32_t to;
    std::uint32_t weight;
  };
  std::vector<std::uint32_t> edge_begin;  // per node, into edges (+1 entry)
  std::vector<Edge> edges;                // each node's list in jieba's append order
  std::vector<double> ws, out_sum;
  std::vector<std::uint32_t> sorted, order;
};

struct KeywordScratch {
  TermCounter terms;
  std::vector<std::uint32_t> order;  // the counted terms, in first-occurrence order, then sorted
  std::string lower;                 // a token lower-cased for the stop-word test
  TextRankScratch textrank;
};

}  // namespace kwx::internal

#endif  // KWX_KW_SCRATCH_H_
