#include "kwx/pos_tagger.h"

#include "access.h"
#include "dict/dictionary_data.h"
#include "seg/cut_windows.h"
#include "workspace_data.h"

namespace kwx {

StatusOr<PosTagger> PosTagger::Create(const Dictionary& dictionary) {
  if (!dictionary.has_pos_model()) {
    return Status(StatusCode::kNotFound,
                  "part-of-speech tagging needs jieba.posseg's HMM tables, and this dictionary "
                  "has none: load data with pos_hmm.utf8 (the default data has it; "
                  "--pos-model FILE / DataFiles::pos_model), or compile them into kwx.dict");
  }
  return PosTagger(dictionary);
}

void PosTagger::Cut(std::string_view text, bool hmm, Workspace& ws,
                    std::vector<TaggedWord>* out) const {
  out->clear();
  internal::CutPosByWindow(internal::Access::Data(*dict_), text, hmm, internal::Access::Data(ws),
                           out, [](std::span<const TaggedWord>) {});
}

void PosTagger::CutBlock(std::string_view text, bool hmm, Workspace& workspace,
                         std::vector<TaggedWord>* out) const {
  internal::WorkspaceData& ws = internal::Access::Data(workspace);
  out->clear();
  internal::PrepareWholeLine(text, ws.text);
  if (internal::NextWindow(ws.text)) {
    for (const internal::TaggedSpan& s : internal::CutPosWholeBlock(
             internal::Access::Data(*dict_), hmm, ws.text, ws.segment, ws.pos)) {
      out->push_back({ws.text.View(s.begin, s.end), s.flag});
    }
  }
}

}  // namespace kwx
