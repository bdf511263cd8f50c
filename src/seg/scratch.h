// Segmentation's share of a Workspace: the decoded text and the buffers the cut reuses.
#ifndef KWX_SEG_SCRATCH_H_
#define KWX_SEG_SCRATCH_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "seg/viterbi.h"

namespace kwx::internal {

// The text of the current call, decoded once: a valid UTF-8 view (the input itself, or
// `repaired`), its code points and the byte offset of each code point (one extra entry: the total
// length). cps and offsets only grow (no clearing or zero-filling per call); `length` is the
// number of code points of the current text.
struct PreparedText {
  std::string repaired;
  std::string_view text;
  std::size_t length = 0;
  std::size_t replacements = 0;  // U+FFFD inserted into the current text
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;

  // The bytes of code points [begin, end).
  std::string_view View(std::size_t begin, std::size_t end) const {
    return text.substr(offsets[begin], offsets[end] - offsets[begin]);
  }
};

// Decodes `text` into `out`, repairing invalid UTF-8 into out.repaired first. Returns (and records
// in out.replacements) the number of replacements made.
std::size_t PrepareText(std::string_view text, PreparedText& out);

// A token as a half-open range of code point indices into PreparedText::cps.
struct Span {
  std::uint32_t begin;
  std::uint32_t end;
  std::int32_t node = -1;  // the word's trie node when known, else -1
};

struct SegmentScratch {
  std::vector<std::uint32_t> ids;  // dictionary character id per code point of the current block
  std::vector<double> route_score;
  std::vector<std::int32_t> route_end;   // last code point of the best word starting here
  std::vector<std::int32_t> route_node;  // that word's trie node (-1 for an unknown character)

  ViterbiScratch viterbi;
  std::vector<std::uint8_t> viterbi_states;

  std::vector<std::uint32_t> dag_ends;   // full mode: DAG lists, flattened
  std::vector<std::uint32_t> dag_start;  // full mode: index into dag_ends per position (+1)
  std::vector<Span> eng_pieces;          // full mode: the pieces of jieba's eng_buf
  // Full mode: tokens that are not substrings of the text. Reserved to the text's size before
  // the cut (they are joined pieces of it, never longer in total), so it never reallocates
  // while views into it are handed out.
  std::string arena;

  std::vector<Span> spans;     // the output of the accurate and search cuts
  std::vector<Span> accurate;  // search mode: the accurate words it expands
};

}  // namespace kwx::internal

#endif  // KWX_SEG_SCRATCH_H_
