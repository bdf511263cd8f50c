#include "kwx/segmenter.h"

#include "dict/dictionary_data.h"
#include "seg/cut.h"
#include "seg/workspace.h"

namespace kwx {

namespace {

void CutSpans(const internal::DictionaryData& dict, CutMode mode, bool hmm,
              internal::WorkspaceData& ws) {
  if (mode == CutMode::kSearch) {
    internal::CutSearch(dict, hmm, ws);
  } else {
    internal::CutAccurate(dict, hmm, ws);
  }
}

}  // namespace

void Segmenter::Cut(std::string_view text, CutMode mode, bool hmm, Workspace& workspace,
                    std::vector<std::string_view>* out) const {
  internal::WorkspaceData& ws = workspace.data();
  out->clear();
  internal::PrepareText(text, ws);
  if (mode == CutMode::kFull) {
    internal::CutFull(dict_->data(), ws, out);
    return;
  }
  CutSpans(dict_->data(), mode, hmm, ws);
  out->reserve(ws.spans.size());
  for (const internal::Span& s : ws.spans) {
    out->push_back(ws.text.substr(ws.offsets[s.begin], ws.offsets[s.end] - ws.offsets[s.begin]));
  }
}

void Segmenter::Tokenize(std::string_view text, CutMode mode, bool hmm, Workspace& workspace,
                         std::vector<Token>* out) const {
  internal::WorkspaceData& ws = workspace.data();
  out->clear();
  internal::PrepareText(text, ws);
  CutSpans(dict_->data(), mode == CutMode::kSearch ? CutMode::kSearch : CutMode::kAccurate, hmm,
           ws);
  out->reserve(ws.spans.size());
  for (const internal::Span& s : ws.spans) {
    std::uint32_t b = ws.offsets[s.begin], e = ws.offsets[s.end];
    out->push_back({ws.text.substr(b, e - b), s.begin, s.end, b, e});
  }
}

}  // namespace kwx
