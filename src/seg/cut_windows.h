// A whole line cut a window at a time (PreparedText): what Segmenter::Cut, PosTagger::Cut and the
// batch's token workers share, so that a line of hundreds of MB needs the scratch of one window, and the worker
// writes a window's tokens out before cutting the next.
#ifndef KWX_SEG_CUT_WINDOWS_H_
#define KWX_SEG_CUT_WINDOWS_H_

#include <span>
#include <string_view>
#include <vector>

#include "dict/dictionary_data.h"
#include "kwx/pos_tagger.h"
#include "kwx/segmenter.h"
#include "seg/cut.h"
#include "seg/pos_cut.h"
#include "workspace_data.h"

namespace kwx::internal {

// Cuts `text` in `mode`, appends each window's tokens to *tokens and then calls
// on_window(window's tokens), in order (the callback may clear *tokens: a worker that writes them
// out keeps one window's worth). The views point into the line (the input, or its repaired copy)
// or the workspace's arena, and stay valid until the next call with `ws`.
template <typename F>
void CutByWindow(const DictionaryData& dict, std::string_view text, CutMode mode, bool hmm,
                 WorkspaceData& ws, std::vector<std::string_view>* tokens, F&& on_window) {
  PrepareLine(text, ws.text);
  ws.segment.arena.clear();
  while (NextWindow(ws.text)) {
    const std::size_t first = tokens->size();
    if (mode == CutMode::kFull) {
      CutFull(dict, ws.text, ws.segment, tokens);
    } else {
      std::span<const Span> spans = mode == CutMode::kSearch
                                        ? CutSearch(dict, hmm, ws.text, ws.segment)
                                        : CutAccurate(dict, hmm, ws.text, ws.segment);
      for (const Span& s : spans) tokens->push_back(ws.text.View(s.begin, s.end));
    }
    on_window(std::span<const std::string_view>(tokens->data() + first, tokens->size() - first));
  }
}

// The same for posseg's cut: appends each window's words and flags to *words, then calls
// on_window(window's words). Windows split the line between whole blocks of the plain cut
// (re_han_default's), which are also boundaries of posseg's (re_han_internal's blocks are runs of
// a subset of its characters, and "\r\n", the one two-character word outside blocks, is never
// split: neither character is a block character). The dictionary must have a POS model when hmm
// is true.
template <typename F>
void CutPosByWindow(const DictionaryData& dict, std::string_view text, bool hmm, WorkspaceData& ws,
                    std::vector<TaggedWord>* words, F&& on_window) {
  PrepareLine(text, ws.text);
  while (NextWindow(ws.text)) {
    const std::size_t first = words->size();
    for (const TaggedSpan& s : CutPos(dict, hmm, ws.text, ws.segment, ws.pos)) {
      words->push_back({ws.text.View(s.begin, s.end), s.flag});
    }
    on_window(std::span<const TaggedWord>(words->data() + first, words->size() - first));
  }
}

}  // namespace kwx::internal

#endif  // KWX_SEG_CUT_WINDOWS_H_
