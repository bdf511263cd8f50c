#include "kwx/workspace.h"

#include "workspace_data.h"

namespace kwx {

Workspace::Workspace() : data_(std::make_unique<internal::WorkspaceData>()) {}
Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;
Workspace::~Workspace() = default;
std::size_t Workspace::last_replacements() const { return data_->text.replacements; }

}  // namespace kwx
