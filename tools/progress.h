// A one-line progress display on stderr for long runs.
#ifndef KWX_TOOLS_PROGRESS_H_
#define KWX_TOOLS_PROGRESS_H_

#include <string>

#include "kwx/batch.h"

namespace kwx::cli {

// Draws `[#####-----]  45.2%  3.2/7.0 MB  261 lines  48.1 MB/s  ETA 0:00:01` (or, when the
// total is unknown, the part without bar and ETA), redrawn in place with '\r'.
class ProgressBar {
 public:
  // Enabled only if stderr is a terminal and `quiet` is false.
  explicit ProgressBar(bool quiet);
  ~ProgressBar();  // clears the line if anything was drawn

  bool enabled() const { return enabled_; }
  void Update(const BatchProgress& p);
  void Clear();

  // The text of one update, for tests and for Update.
  static std::string Render(const BatchProgress& p, int width);

 private:
  bool enabled_;
  bool drawn_ = false;
};

}  // namespace kwx::cli

#endif  // KWX_TOOLS_PROGRESS_H_
