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
  std::string input_format = "lines";  // --input-format; parsed into records.format
  bool no_header = false;
  RecordFormat records;
  std::string db;     // --db: rows into this SQLite file instead of an output file
  std::string table;  // --table
  CLI::Option* table_option = nullptr;
  bool resume = false;
  bool table_holds_tokens = false;  // kwx cut: token rows (DbOptions::tokens)
  std::string run_description;  // DescribeRun's, for DbOptions::description
  bool verbose = false;
  bool quiet = false;
  int jobs = 0;
};

// Adds INPUT, -o, -j, --data-dir, --dict, --hmm-model, --idf, --strict-utf8, -v, -q, and the
// record options (AddRecordOptions).
void AddCommonOptions(CLI::App* app, CommonOptions* options);
// Adds --input-format, --text-field, --id-field, --no-header, --skip-bad.
void AddRecordOptions(CLI::App* app, CommonOptions* options);
// Adds --db, --table (default `default_table`), --resume.
void AddDbOptions(CLI::App* app, CommonOptions* options, const std::string& default_table);
// An error when --format or -o was given with --db (rows have one layout and go to the database).
Status DbExcludes(const CLI::Option* format, const CLI::Option* output);
// What decides a --db run's rows besides its input: the command's options as CLI11 writes them
// (all of them, defaults included, but -j, -q, -v, --resume, --db and the input) and each data
// file's path, size and modification time. A run resumes only under the same description.
std::string DescribeRun(const CLI::App& command, const CommonOptions& options,
                        const std::vector<std::string>& more_files = {});
// options->records with its format parsed from --input-format and --no-header applied.
StatusOr<RecordFormat> RecordFormatOf(const CommonOptions& options);
// Reports repaired and skipped lines of a run over `input_name` on stderr.
void ReportRepairs(const BatchResult& result, const std::string& input_name);

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
// `load` gets the records' layout (null for bare lines) for the workers it makes.
using PipelineLoad =
    std::function<StatusOr<WorkerFactory>(const std::shared_ptr<const RecordLayout>& records)>;
// With options.db set, the rows go into that database instead (DbRun; `load` must then make
// workers that write OutputFormat::kRows), and output_path is unused.
int RunPipeline(const CommonOptions& options, const PipelineLoad& load,
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
