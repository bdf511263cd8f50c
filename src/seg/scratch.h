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

// The text of the current call, decoded a window at a time. A window is a run of whole blocks
// and non-block runs (re_han_default's pieces, which every cut mode treats independently) of at
// least `window_bytes` bytes, or the rest of the line: a line of normal length is one window, and
// a line of hundreds of MB is cut and decoded in windows, so that the per-character scratch is
// the window's, not the line's. (One block, a run of block characters with no space or
// punctuation, is never cut: it is one window however long.)
//
// The window's code points, the byte offset of each within the window (one extra entry: its
// length), and where it starts in the line. cps and offsets only grow (no clearing or
// zero-filling per call); `length` is the number of code points of the current window.
struct PreparedText {
  static constexpr std::size_t kWindowBytes = 256 << 10;
  std::size_t window_bytes = kWindowBytes;  // tests make it small

  std::string repaired;
  std::string_view line;         // the whole line, well-formed: the input itself or `repaired`
  std::size_t replacements = 0;  // U+FFFD inserted into the line
  std::string_view text;         // the current window's bytes (a view of `line`)
  std::size_t byte_begin = 0;    // where the window starts in the line, in bytes
  std::size_t cp_begin = 0;      // and in code points
  std::size_t length = 0;
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  bool validated = false;        // the whole line is known to be well-formed

  // The bytes of the window's code points [begin, end).
  std::string_view View(std::size_t begin, std::size_t end) const {
    return text.substr(offsets[begin], offsets[end] - offsets[begin]);
  }
};

// Starts a line: repairs it first if it is not UTF-8 (as bytes.decode('utf-8', 'replace')) and
// records the number of replacements; the windows come from NextWindow().
void PrepareLine(std::string_view text, PreparedText& out);
// The same for a line that must be one window whatever its length (a block of a caller's own).
void PrepareWholeLine(std::string_view text, PreparedText& out);
// Decodes the next window into `out`; false when the line has no more (an empty line has none).
bool NextWindow(PreparedText& out);

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
