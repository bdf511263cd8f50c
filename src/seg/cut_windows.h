// A whole line cut a window at a time (PreparedText): what Segmenter::Cut and the batch's token
// worker share, so that a line of hundreds of MB needs the scratch of one window, and the worker
// writes a window's tokens out before cutting the next.
#ifndef KWX_SEG_CUT_WINDOWS_H_
#define KWX_SEG_CUT_WINDOWS_H_

#include <span>
#include <string_view>
#include <vector>

#include "dict/dictionary_data.h"
#include "kwx/segmenter.h"
#include "seg/cut.h"
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

}  // namespace kwx::internal

#endif  // KWX_SEG_CUT_WINDOWS_H_
