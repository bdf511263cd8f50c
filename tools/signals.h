// SIGINT / SIGTERM turn into a cancellation flag the batch pipeline polls, so that an interrupted
// run stops its threads, removes its temporary output and exits non-zero.
#ifndef KWX_TOOLS_SIGNALS_H_
#define KWX_TOOLS_SIGNALS_H_

#include <atomic>

namespace kwx::cli {

// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>& InstallCancelHandlers();

// The signal that set the flag (SIGINT, SIGTERM), or 0.
int CancelSignal();

}  // namespace kwx::cli

#endif  // KWX_TOOLS_SIGNALS_H_
