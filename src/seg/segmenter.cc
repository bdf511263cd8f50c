#include "kwx/segmenter.h"

#include "access.h"
#include "dict/dictionary_data.h"
#include "seg/cut.h"
#include "workspace_data.h"

namespace kwx {

StatusOr<CutMode> ParseCutMode(std::string_view name) {
  if (name == "accurate") return CutMode::kAccurate;
  if (name == "full") return CutMode::kFull;
  if (name == "search") return CutMode::kSearch;
  return Status(StatusCode::kInvalidArgument,
                "cut mode must be 'accurate', 'full' or 'search', not '" + std::string(name) + "'");
}

namespace {

std::span<const internal::Span> CutSpans(const internal::DictionaryData& dict, CutMode mode,
                                         bool hmm, internal::WorkspaceData& ws) {
  return mode == CutMode::kSearch ? internal::CutSearch(dict, hmm, ws.text, ws.segment)
                                  : internal::CutAccurate(dict, hmm, ws.text, ws.segment);
}

}  // namespace

void Segmenter::Cut(std::string_view text, CutMode mode, bool hmm, Workspace& workspace,
                    std::vector<std::string_view>* out) const {
  internal::WorkspaceData& ws = internal::Access::Data(workspace);
  const internal::DictionaryData& dict = internal::Access::Data(*dict_);
  out->clear();
  internal::PrepareText(text, ws.text);
  if (mode == CutMode::kFull) {
    internal::CutFull(dict, ws.text, ws.segment, out);
    return;
  }
  std::span<const internal::Span> spans = CutSpans(dict, mode, hmm, ws);
  out->reserve(spans.size());
  for (const internal::Span& s : spans) out->push_back(ws.text.View(s.begin, s.end));
}

void Segmenter::Tokenize(std::string_view text, CutMode mode, bool hmm, Workspace& workspace,
                         std::vector<Token>* out) const {
  internal::WorkspaceData& ws = internal::Access::Data(workspace);
  out->clear();
  internal::PrepareText(text, ws.text);
  std::span<const internal::Span> spans =
      CutSpans(internal::Access::Data(*dict_),
               mode == CutMode::kSearch ? CutMode::kSearch : CutMode::kAccurate, hmm, ws);
  out->reserve(spans.size());
  for (const internal::Span& s : spans) {
    std::uint32_t b = ws.text.offsets[s.begin], e = ws.text.offsets[s.end];
    out->push_back({ws.text.text.substr(b, e - b), s.begin, s.end, b, e});
  }
}

}  // namespace kwx
