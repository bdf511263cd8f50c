// What the kwx subcommands share: data-file options, loading, the line loop, exit codes.
#ifndef KWX_TOOLS_COMMON_H_
#define KWX_TOOLS_COMMON_H_

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "kwx/dictionary.h"
#include "kwx/status.h"

namespace kwx::cli {

// Documented exit codes (README "Exit codes").
enum ExitCode : int {
  kExitOk = 0,
  kExitError = 1,        // unreadable input, unwritable output, bad data file
  kExitUsage = 2,        // bad command line
  kExitInvalidUtf8 = 3,  // --strict-utf8 and the input is not UTF-8
};

struct CommonOptions {
  DataFiles data;
  std::string input = "-";
  std::string output = "-";
  bool strict_utf8 = false;
  bool verbose = false;
};

// Seconds since `start` on the monotonic clock, for --verbose.
double SecondsSince(std::chrono::steady_clock::time_point start);

// Adds INPUT, -o, --data-dir, --dict, --hmm-model, --idf and --strict-utf8 to a subcommand.
void AddCommonOptions(CLI::App* app, CommonOptions* options);

// Prints "kwx: <message>" to stderr.
void PrintError(std::string_view message);

// Reads INPUT line by line and calls `process(line, line_number, out)` for each line; `process`
// appends the line's output and returns how many invalid UTF-8 sequences it replaced (the
// library repairs them itself). With --strict-utf8 the line is validated first and the run
// stops at the first invalid one. OUTPUT appears only if everything succeeded. Reports repairs
// on stderr. Returns an exit code.
int RunLines(const CommonOptions& options,
             const std::function<std::size_t(std::string_view, std::uint64_t, std::string*)>& process);

}  // namespace kwx::cli

#endif  // KWX_TOOLS_COMMON_H_
