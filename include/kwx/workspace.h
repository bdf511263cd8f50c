// Per-thread scratch memory for segmentation and keyword extraction.
#ifndef KWX_WORKSPACE_H_
#define KWX_WORKSPACE_H_

#include <memory>

namespace kwx {

namespace internal {
struct WorkspaceData;
}

// Buffers reused from one call to the next, so the hot path allocates nothing once warm.
//
// Not thread-safe: give every thread its own Workspace (kwx keeps no hidden thread-locals). The
// string_views that Segmenter and KeywordExtractor return point into the input or into the
// Workspace and stay valid until the next call that uses the same Workspace.
class Workspace {
 public:
  Workspace();
  Workspace(Workspace&&) noexcept;
  Workspace& operator=(Workspace&&) noexcept;
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;
  ~Workspace();

  internal::WorkspaceData& data() { return *data_; }

 private:
  std::unique_ptr<internal::WorkspaceData> data_;
};

}  // namespace kwx

#endif  // KWX_WORKSPACE_H_
