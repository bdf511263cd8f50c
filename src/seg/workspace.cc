#include "seg/workspace.h"

#include "kwx/text.h"
#include "kwx/workspace.h"
#include "util/utf8.h"

namespace kwx {

Workspace::Workspace() : data_(std::make_unique<internal::WorkspaceData>()) {}
Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;
Workspace::~Workspace() = default;

namespace internal {

std::size_t PrepareText(std::string_view text, WorkspaceData& ws) {
  std::size_t replaced = 0;
  if (IsValidUtf8(text)) {
    ws.text = text;
  } else {
    replaced = RepairUtf8(text, &ws.repaired);
    ws.text = ws.repaired;
  }
  DecodeUtf8(ws.text, &ws.cps, &ws.offsets);
  return replaced;
}

}  // namespace internal
}  // namespace kwx
