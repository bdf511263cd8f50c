#include "signals.h"

#include <csignal>

namespace kwx::cli {

namespace {

// A signal handler can only reach static storage; these two are the CLI's only globals, and the
// library never sees them except as the `cancel` pointer of BatchOptions.
std::atomic<bool> g_cancel{false};
std::atomic<int> g_signal{0};

extern "C" void OnSignal(int sig) {
  g_signal.store(sig, std::memory_order_relaxed);
  g_cancel.store(true, std::memory_order_relaxed);
}

}  // namespace

const std::atomic<bool>& InstallCancelHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a closed stdout becomes a write error (EPIPE), not a kill
  return g_cancel;
}

int CancelSignal() { return g_signal.load(std::memory_order_relaxed); }

}  // namespace kwx::cli
