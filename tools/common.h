// What the kwx subcommands share: data-file options, the batch run, exit codes.
#ifndef KWX_TOOLS_COMMON_H_
#define KWX_TOOLS_COMMON_H_

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "kwx/batch.h"
#include "kwx/dictionary.h"
#include "kwx/model.h"
#include "kwx/status.h"

namespace kwx::cli {

// Documented exit codes (README "Exit codes").
enum ExitCode : int {
  kExitOk = 0,
  kExitError = 1,        // unreadable input, unwritable output, bad data file
  kExitUsage = 2,        // bad command line
  kExitInvalidUtf8 = 3,  // --strict-utf8 and the input is not UTF-8
  // 128 + signal number when interrupted (130 for SIGINT, 143 for SIGTERM).
};

struct CommonOptions {
  DataFiles data;
  std::string input = "-";
  std::string output;  // empty: the subcommand's default
  bool strict_utf8 = false;
  bool verbose = false;
  bool quiet = false;
  int jobs = 0;
};

// Adds INPUT, -o, -j, --data-dir, --dict, --hmm-model, --idf, --strict-utf8, -v, -q.
void AddCommonOptions(CLI::App* app, CommonOptions* options);

// Seconds since `start` on the monotonic clock, for --verbose.
double SecondsSince(std::chrono::steady_clock::time_point start);

// Prints "kwx: <message>" to stderr.
void PrintError(std::string_view message);

// `message.txt` -> `message_tags.txt`: the input's name without its last extension, plus
// `_tags.txt`, in the same directory (as the classic Python script names its output).
std::string TagsPathFor(const std::string& input);

// Runs a FileRun from options.input to `output_path` ("-" = stdout) with the given workers: one
// output line per input line, in order, on options.jobs threads; the output file appears only if
// everything succeeded (also on SIGINT/SIGTERM, which exit 128 + signal). Reports repairs, and
// with --verbose throughput, on stderr. Returns an exit code.
//
// `load` runs after the input and output were opened, so that a typo in a path fails at once
// instead of after the data has loaded; it returns the worker factory (or a load error).
// `checksum_verdict` (after `load`) is the data's checksum verdict, which the load may have left
// running (LoadOptions::checksum_in_background): nothing is written before it is OK, and the
// run fails without output when it is not.
int RunPipeline(const CommonOptions& options, const std::function<StatusOr<WorkerFactory>()>& load,
                const std::function<Status()>& checksum_verdict, const std::string& output_path);

// The load options of the commands that run a pipeline: the checksum in the background, since
// RunPipeline waits for its verdict.
LoadOptions PipelineLoadOptions();
// model.checksum_verdict(), or OK when nothing is pending (text data, or before a load).
Status DataChecked(const Model& model);

// The exit code and message for a failed Status (kwx: <message> on stderr).
int ReportFailure(const Status& status);

}  // namespace kwx::cli

#endif  // KWX_TOOLS_COMMON_H_
