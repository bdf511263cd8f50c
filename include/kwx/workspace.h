// Per-thread scratch memory for segmentation and keyword extraction.
#ifndef KWX_WORKSPACE_H_
#define KWX_WORKSPACE_H_

#include <cstddef>
#include <memory>

namespace kwx {

namespace internal {
struct WorkspaceData;
class Access;
}  // namespace internal

// Buffers reused from one call to the next, so the hot path allocates nothing once warm (once
// the buffers have grown to the largest input seen).
//
// Not thread-safe: give every thread its own Workspace (kwx keeps no hidden thread-locals). The
// string_views that Segmenter and the extractors return point into the input or into the
// Workspace and stay valid until the next call that uses the same Workspace. Owns everything it
// holds; movable, not copyable.
class Workspace {
 public:
  Workspace();
  Workspace(Workspace&&) noexcept;
  Workspace& operator=(Workspace&&) noexcept;
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;
  ~Workspace();

  // How many U+FFFD replacements the last call made to its (invalid UTF-8) input; 0 if it was
  // valid. Lets a caller count repaired inputs without validating them a second time.
  std::size_t last_replacements() const;

 private:
  friend class internal::Access;
  std::unique_ptr<internal::WorkspaceData> data_;
};

}  // namespace kwx

#endif  // KWX_WORKSPACE_H_
