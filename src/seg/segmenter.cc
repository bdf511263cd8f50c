#include "kwx/segmenter.h"

#include "access.h"
#include "dict/dictionary_data.h"
#include "seg/cut.h"
#include "seg/cut_windows.h"
#include "workspace_data.h"

namespace kwx {

StatusOr<CutMode> ParseCutMode(std::string_view name) {
  if (name == "accurate") return CutMode::kAccurate;
  if (name == "full") return CutMode::kFull;
  if (name == "search") return CutMode::kSearch;
  return Status(StatusCode::kInvalidArgument,
                "cut mode must be 'accurate', 'full' or 'search', not '" + std::string(name) + "'");
}

void Segmenter::Cut(std::string_view text, CutMode mode, bool hmm, Workspace& workspace,
                    std::vector<std::string_view>* out) const {
  out->clear();
  internal::CutByWindow(internal::Access::Data(*dict_), text, mode, hmm,
                        internal::Access::Data(workspace), out,
                        [](std::span<const std::string_view>) {});
}

void Segmenter::Tokenize(std::string_view text, CutMode mode, bool hmm, Workspace& workspace,
                         std::vector<Token>* out) const {
  internal::WorkspaceData& ws = internal::Access::Data(workspace);
  const internal::DictionaryData& dict = internal::Access::Data(*dict_);
  out->clear();
  internal::PrepareLine(text, ws.text);
  while (internal::NextWindow(ws.text)) {
    std::span<const internal::Span> spans =
        mode == CutMode::kSearch ? internal::CutSearch(dict, hmm, ws.text, ws.segment)
                                 : internal::CutAccurate(dict, hmm, ws.text, ws.segment);
    const auto cp0 = static_cast<std::uint32_t>(ws.text.cp_begin);
    const auto byte0 = static_cast<std::uint32_t>(ws.text.byte_begin);
    for (const internal::Span& s : spans) {
      std::uint32_t b = ws.text.offsets[s.begin], e = ws.text.offsets[s.end];
      out->push_back({ws.text.text.substr(b, e - b), cp0 + s.begin, cp0 + s.end, byte0 + b,
                      byte0 + e});
    }
  }
}

void Segmenter::CutBlock(std::string_view text, CutMode mode, bool hmm, Workspace& workspace,
                         std::vector<std::string_view>* out) const {
  internal::WorkspaceData& ws = internal::Access::Data(workspace);
  out->clear();
  internal::PrepareWholeLine(text, ws.text);
  ws.segment.arena.clear();
  if (internal::NextWindow(ws.text)) {
    internal::CutWholeBlock(internal::Access::Data(*dict_), mode, hmm, ws.text, ws.segment, out);
  }
}

}  // namespace kwx
