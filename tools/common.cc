#include "common.h"

#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <sstream>

#include "kwx/db_run.h"

#include "progress.h"
#include "signals.h"

namespace kwx::cli {

void AddCommonOptions(CLI::App* app, CommonOptions* o) {
  app->add_option("input", o->input, "Input file, one document per line ('-' or absent: stdin)");
  app->add_option("-j,--jobs", o->jobs, "Worker threads (0 = all cores; at most 256, and no more "
                                        "than the input keeps busy); the output is the same for "
                                        "every value")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app->add_option("--data-dir", o->data.data_dir,
                  "Directory with dict.txt, hmm_model.utf8 and idf.txt (default: $KWX_DATA_DIR, "
                  "then <binary>/../share/kwx, then the install directory)");
  app->add_option("--dict", o->data.dict, "Dictionary in jieba's dict.txt format");
  app->add_option("--hmm-model", o->data.hmm_model,
                  "HMM tables for unknown words (cppjieba hmm_model.utf8 layout)");
  app->add_option("--idf", o->data.idf,
                  "IDF table in jieba's idf.txt format (used by extract; accepted everywhere)");
  app->add_option("--pos-model", o->data.pos_model,
                  "jieba.posseg's HMM tables for part-of-speech tagging (kwx's pos_hmm.utf8 "
                  "text form)");
  app->add_option("--user-dict", o->data.user_dicts,
                  "User dictionary in jieba's load_userdict format ('word [freq] [tag]' per line); "
                  "repeatable, applied in order")
      ->allow_extra_args(false);
  app->add_flag("--strict-utf8", o->strict_utf8,
                "Stop with exit code 3 at the first invalid UTF-8 instead of replacing it "
                "with U+FFFD");
  AddRecordOptions(app, o);
  app->add_flag("-q,--quiet", o->quiet, "No progress bar (it is shown only on a terminal anyway)");
  app->add_flag("-v,--verbose", o->verbose,
                "Report load time, lines, bytes and throughput on stderr");
}

void AddRecordOptions(CLI::App* app, CommonOptions* o) {
  app->add_option("--input-format", o->input_format,
                  "lines: every line is a document; jsonl: a JSON object per line; csv, tsv: "
                  "records as Python's csv module writes them (quoted fields may span lines), "
                  "the first one a header")
      ->check(CLI::IsMember({"lines", "jsonl", "tsv", "csv"}))
      ->capture_default_str();
  app->add_option("--text-field", o->records.text_field,
                  "The document's field: a JSON member, a header name or a 1-based column number "
                  "(default: text)");
  app->add_option("--id-field", o->records.id_field,
                  "The document's ID, written with its keywords (default: the line number the "
                  "record starts on)");
  app->add_flag("--no-header", o->no_header,
                "csv/tsv: the first record is data; fields are given by column number");
  app->add_flag("--skip-bad", o->records.skip_bad,
                "Count a malformed record, report it at the end and go on (no output for it; an "
                "empty line in text output) instead of stopping");
}

void AddDbOptions(CLI::App* app, CommonOptions* o, const std::string& default_table) {
  o->table = default_table;
  app->add_option("--db", o->db,
                  "Write rows into this SQLite database (created if missing) instead of an output "
                  "file: a transaction per chunk, so a crash loses no committed document");
  o->table_option =
      app->add_option("--table", o->table, "The --db table for the rows")->capture_default_str();
  app->add_flag("--resume", o->resume,
                "With --db: continue this input's unfinished run after its last committed "
                "document (or start it); refused if the input or the options changed");
}

Status DbExcludes(const CLI::Option* format, const CLI::Option* output) {
  if (format != nullptr && format->count() > 0) {
    return Status(StatusCode::kInvalidArgument, "--format does not apply to --db (rows have "
                                                "one layout: see the README)");
  }
  if (output != nullptr && output->count() > 0) {
    return Status(StatusCode::kInvalidArgument, "-o and --db: choose one output");
  }
  return Status::Ok();
}

namespace {

// "path size mtime_ns", or "path missing".
std::string FileFingerprint(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return path + " missing";
  return path + " " + std::to_string(st.st_size) + " " +
         std::to_string(static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL +
                        st.st_mtim.tv_nsec);
}

}  // namespace

std::string DescribeRun(const CLI::App& command, const CommonOptions& options,
                        const std::vector<std::string>& more_files) {
  std::istringstream config(command.config_to_str(/*default_also=*/true, false));
  std::string description = std::string("kwx ") + KWX_VERSION + " " + command.get_name();
  for (std::string line; std::getline(config, line);) {
    const std::string key = line.substr(0, line.find('='));
    if (key == "jobs" || key == "quiet" || key == "verbose" || key == "resume" || key == "db" ||
        key == "input" || line.empty()) {
      continue;
    }
    description += "; " + line;
  }
  auto data = options.data.Resolve();
  if (data.ok()) {
    for (const std::string* path : {&data->compiled, &data->dict, &data->hmm_model, &data->idf,
                                    &data->pos_model}) {
      if (!path->empty()) description += "; data " + FileFingerprint(*path);
    }
    for (const std::string& path : data->user_dicts) description += "; data " + FileFingerprint(path);
  }
  for (const std::string& path : more_files) description += "; file " + FileFingerprint(path);
  return description;
}

StatusOr<RecordFormat> RecordFormatOf(const CommonOptions& options) {
  auto format = ParseInputFormat(options.input_format);
  if (!format.ok()) return format.status();
  RecordFormat records = options.records;
  records.format = *format;
  records.header = !options.no_header;
  if (options.no_header && *format != InputFormat::kTsv && *format != InputFormat::kCsv) {
    return Status(StatusCode::kInvalidArgument, "--no-header needs --input-format csv or tsv");
  }
  return records;
}

void ReportRepairs(const BatchResult& result, const std::string& input_name) {
  if (result.repaired_lines > 0) {
    std::fprintf(stderr,
                 "kwx: repaired invalid UTF-8 (replaced by U+FFFD) in %llu line(s) of '%s', the "
                 "first at line %llu\n",
                 static_cast<unsigned long long>(result.repaired_lines), input_name.c_str(),
                 static_cast<unsigned long long>(result.first_repaired_line));
  }
  if (result.skipped_lines > 0) {
    std::fprintf(stderr,
                 "kwx: skipped %llu malformed record(s) of '%s'; the first, at line %llu: %s\n",
                 static_cast<unsigned long long>(result.skipped_lines), input_name.c_str(),
                 static_cast<unsigned long long>(result.first_skipped_line),
                 result.first_skip_reason.c_str());
  }
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void PrintError(std::string_view message) {
  std::fprintf(stderr, "kwx: %.*s\n", static_cast<int>(message.size()), message.data());
}

std::string TagsPathFor(const std::string& input) {
  std::size_t slash = input.rfind('/');
  std::size_t name = slash == std::string::npos ? 0 : slash + 1;
  std::size_t dot = input.rfind('.');
  // A dot that starts the name (".profile") is not an extension.
  std::size_t stem_end = (dot != std::string::npos && dot > name) ? dot : input.size();
  return input.substr(0, stem_end) + "_tags.txt";
}

int ReportFailure(const Status& s) {
  if (s.code() == StatusCode::kCancelled) {
    int sig = CancelSignal();
    PrintError("interrupted; no output written");
    return 128 + (sig > 0 ? sig : 2);
  }
  PrintError(s.message());
  return s.code() == StatusCode::kInvalidUtf8 ? kExitInvalidUtf8 : kExitError;
}

LoadOptions PipelineLoadOptions() {
  LoadOptions options;
  options.checksum_in_background = true;
  return options;
}

Status DataChecked(const Model& model) {
  return model.checksum_verdict ? model.checksum_verdict() : Status::Ok();
}

namespace {

// Runs `load` for the run's records (reporting its time with -v); a load error is reported as
// the data's checksum verdict when that failed, a damaged file being the likelier cause.
StatusOr<WorkerFactory> LoadWorkers(const CommonOptions& options, const PipelineLoad& load,
                                    const std::shared_ptr<const RecordLayout>& records,
                                    const std::function<Status()>& checksum_verdict) {
  const auto load_start = std::chrono::steady_clock::now();
  auto workers = load(records);
  if (!workers.ok()) {
    Status verdict = checksum_verdict();
    return verdict.ok() ? workers.status() : verdict;
  }
  if (options.verbose) {
    std::fprintf(stderr, "kwx: data loaded in %.3f s\n", SecondsSince(load_start));
  }
  return workers;
}

// The batch options of a CLI run: -j, --strict-utf8, Ctrl-C, the progress bar, and nothing
// written before the data's checksum is known good.
BatchOptions PipelineBatchOptions(const CommonOptions& options, const std::atomic<bool>& cancel,
                                  ProgressBar& bar, const std::function<Status()>& checksum_verdict) {
  BatchOptions batch;
  batch.jobs = options.jobs;
  batch.strict_utf8 = options.strict_utf8;
  batch.cancel = &cancel;
  if (bar.enabled()) batch.progress = [&bar](const BatchProgress& p) { bar.Update(p); };
  batch.before_first_write = checksum_verdict;
  return batch;
}

// RunPipeline into a database.
int RunDbPipeline(const CommonOptions& options, const RecordFormat& records,
                  const PipelineLoad& load, const std::function<Status()>& checksum_verdict,
                  const std::atomic<bool>& cancel) {
  DbOptions db;
  db.path = options.db;
  db.table = options.table;
  db.tokens = options.table_holds_tokens;
  db.resume = options.resume;
  db.description = options.run_description;
  auto run = DbRun::Open(options.input, records, db);
  if (!run.ok()) return ReportFailure(run.status());
  if (run->complete()) {
    if (!options.quiet) {
      std::fprintf(stderr, "kwx: run %lld of '%s' in '%s' is already complete\n",
                   static_cast<long long>(run->run_id()), run->input_name().c_str(),
                   options.db.c_str());
    }
    return kExitOk;
  }
  if (options.verbose && run->documents_done() > 0) {
    std::fprintf(stderr, "kwx: resuming run %lld after %llu documents\n",
                 static_cast<long long>(run->run_id()),
                 static_cast<unsigned long long>(run->documents_done()));
  }
  auto workers = LoadWorkers(options, load, run->records(), checksum_verdict);
  if (!workers.ok()) return ReportFailure(workers.status());
  ProgressBar bar(options.quiet);
  auto result = run->Run(*workers, PipelineBatchOptions(options, cancel, bar, checksum_verdict));
  bar.Clear();
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kCancelled) {
      int sig = CancelSignal();
      PrintError("interrupted; the documents committed so far stay in the database (continue "
                 "with --resume)");
      return 128 + (sig > 0 ? sig : 2);
    }
    return ReportFailure(result.status());
  }
  if (options.verbose) {
    std::fprintf(stderr, "kwx: %llu documents, %llu bytes in %.3f s into run %lld of '%s'\n",
                 static_cast<unsigned long long>(result->lines),
                 static_cast<unsigned long long>(result->bytes), result->seconds,
                 static_cast<long long>(run->run_id()), options.db.c_str());
  }
  ReportRepairs(*result, run->input_name());
  return kExitOk;
}

}  // namespace

int RunPipeline(const CommonOptions& options, const PipelineLoad& load,
                const std::function<Status()>& checksum_verdict, const std::string& output_path) {
  const std::atomic<bool>& cancel = InstallCancelHandlers();
  auto records = RecordFormatOf(options);
  if (!records.ok()) return ReportFailure(records.status());
  if (!options.db.empty()) return RunDbPipeline(options, *records, load, checksum_verdict, cancel);
  if (options.resume || (options.table_option != nullptr && options.table_option->count() > 0)) {
    return ReportFailure(Status(StatusCode::kInvalidArgument, "--resume and --table need --db"));
  }
  auto run = FileRun::Open(options.input, output_path, *records);
  if (!run.ok()) return ReportFailure(run.status());
  auto workers = LoadWorkers(options, load, run->records(), checksum_verdict);
  if (!workers.ok()) return ReportFailure(workers.status());
  ProgressBar bar(options.quiet);
  auto result = run->Run(*workers, PipelineBatchOptions(options, cancel, bar, checksum_verdict));
  bar.Clear();
  if (result.ok()) {
    if (Status s = checksum_verdict(); !s.ok()) result = s;  // an input with no output line
  }
  if (result.ok()) {
    if (Status s = run->Commit(); !s.ok()) result = s;
  }
  if (!result.ok()) return ReportFailure(result.status());
  if (options.verbose) {
    std::fprintf(stderr, "kwx: %llu lines, %llu bytes in %.3f s (%.1f MB/s) on %d thread(s)\n",
                 static_cast<unsigned long long>(result->lines),
                 static_cast<unsigned long long>(result->bytes), result->seconds,
                 static_cast<double>(result->bytes) / 1e6 / result->seconds, result->jobs);
  }
  ReportRepairs(*result, run->input_name());
  return kExitOk;
}

}  // namespace kwx::cli
