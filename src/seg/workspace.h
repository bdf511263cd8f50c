// What a Workspace holds: every buffer the segmenter and the extractors reuse between calls.
#ifndef KWX_SEG_WORKSPACE_H_
#define KWX_SEG_WORKSPACE_H_

#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "kw/term_counter.h"

namespace kwx::internal {

// A token as a half-open range of code point indices into WorkspaceData::cps.
struct Span {
  std::uint32_t begin;
  std::uint32_t end;
  std::int32_t node = -1;  // the word's trie node when the route produced it, else -1
};

struct WorkspaceData {
  // The current text: a valid UTF-8 view (the input itself, or `repaired`), its code points and
  // the byte offset of each code point (one extra entry: the total length).
  // cps and offsets only grow (no clearing or zero-filling per call); `length` is the number of
  // code points of the current text.
  std::string repaired;
  std::string_view text;
  std::size_t length = 0;
  std::size_t replacements = 0;  // U+FFFD inserted into the current text
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;

  std::vector<std::uint32_t> ids;  // dictionary character id per code point of the current block
  std::vector<double> route_score;
  std::vector<std::int32_t> route_end;   // last code point of the best word starting here
  std::vector<std::int32_t> route_node;  // that word's trie node (-1 for an unknown character)

  std::vector<std::array<double, 4>> viterbi_prob;
  std::vector<std::array<std::uint8_t, 4>> viterbi_from;
  std::vector<std::uint8_t> viterbi_states;

  std::vector<std::uint32_t> dag_ends;   // full mode: DAG lists, flattened
  std::vector<std::uint32_t> dag_start;  // full mode: index into dag_ends per position (+1)
  std::deque<std::string> arena;         // full mode: tokens that are not substrings of the text

  std::vector<Span> spans;  // segmentation output
  bool skip_single_characters = false;  // CutAccurate's CutTokens::kMultiCharInBlocks
  TermCounter terms;        // keyword extraction
  std::vector<std::uint32_t> order;
};

// Decodes `text` into ws.cps / ws.offsets / ws.length, repairing invalid UTF-8 into ws.repaired
// first. Returns (and records in ws.replacements) the number of replacements made.
std::size_t PrepareText(std::string_view text, WorkspaceData& ws);

}  // namespace kwx::internal

#endif  // KWX_SEG_WORKSPACE_H_
