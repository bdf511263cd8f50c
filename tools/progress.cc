#include "progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace kwx::cli {

namespace {

std::string Clock(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  return buf;
}

int TerminalWidth() {
  struct winsize ws {};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

}  // namespace

ProgressBar::ProgressBar(bool quiet) : enabled_(!quiet && ::isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() { Clear(); }

std::string ProgressBar::Render(const BatchProgress& p, int width) {
  double mb = static_cast<double>(p.bytes) / 1e6;
  double rate = p.seconds > 0 ? mb / p.seconds : 0;
  char stats[160];
  std::string text;
  if (p.total_bytes > 0) {
    double frac = std::min(1.0, static_cast<double>(p.bytes) / static_cast<double>(p.total_bytes));
    double eta = rate > 0 ? (static_cast<double>(p.total_bytes) / 1e6 - mb) / rate : 0;
    std::snprintf(stats, sizeof stats, " %5.1f%%  %.1f/%.1f MB  %llu lines  %.1f MB/s  ETA %s",
                  100 * frac, mb, static_cast<double>(p.total_bytes) / 1e6,
                  static_cast<unsigned long long>(p.lines), rate, Clock(eta).c_str());
    int bar = std::clamp(width - static_cast<int>(std::string(stats).size()) - 3, 10, 40);
    int filled = static_cast<int>(frac * bar);
    text = "[" + std::string(static_cast<std::size_t>(filled), '#') +
           std::string(static_cast<std::size_t>(bar - filled), '-') + "]" + stats;
  } else {
    std::snprintf(stats, sizeof stats, "%.1f MB  %llu lines  %.1f MB/s  %s elapsed", mb,
                  static_cast<unsigned long long>(p.lines), rate, Clock(p.seconds).c_str());
    text = stats;
  }
  if (static_cast<int>(text.size()) > width - 1) text.resize(static_cast<std::size_t>(std::max(0, width - 1)));
  return text;
}

void ProgressBar::Update(const BatchProgress& p) {
  if (!enabled_) return;
  std::string line = Render(p, TerminalWidth());
  std::fprintf(stderr, "\r%s\033[K", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Clear() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace kwx::cli
