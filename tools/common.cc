#include "common.h"

#include <cstdio>
#include <memory>

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
  app->add_flag("-q,--quiet", o->quiet, "No progress bar (it is shown only on a terminal anyway)");
  app->add_flag("-v,--verbose", o->verbose,
                "Report load time, lines, bytes and throughput on stderr");
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

int RunPipeline(const CommonOptions& options, const std::function<StatusOr<WorkerFactory>()>& load,
                const std::function<Status()>& checksum_verdict, const std::string& output_path) {
  const std::atomic<bool>& cancel = InstallCancelHandlers();
  auto run = FileRun::Open(options.input, output_path);
  if (!run.ok()) return ReportFailure(run.status());
  const auto load_start = std::chrono::steady_clock::now();
  auto workers = load();
  if (!workers.ok()) {
    Status verdict = checksum_verdict();  // a damaged file is the likelier cause
    return ReportFailure(verdict.ok() ? workers.status() : verdict);
  }
  if (options.verbose) {
    std::fprintf(stderr, "kwx: data loaded in %.3f s\n", SecondsSince(load_start));
  }
  ProgressBar bar(options.quiet);
  BatchOptions batch;
  batch.jobs = options.jobs;
  batch.strict_utf8 = options.strict_utf8;
  batch.cancel = &cancel;
  if (bar.enabled()) batch.progress = [&bar](const BatchProgress& p) { bar.Update(p); };
  batch.before_first_write = checksum_verdict;
  auto result = run->Run(*workers, batch);
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
  if (result->repaired_lines > 0) {
    std::fprintf(stderr,
                 "kwx: repaired invalid UTF-8 (replaced by U+FFFD) in %llu line(s) of '%s', the "
                 "first at line %llu\n",
                 static_cast<unsigned long long>(result->repaired_lines), run->input_name().c_str(),
                 static_cast<unsigned long long>(result->first_repaired_line));
  }
  return kExitOk;
}

}  // namespace kwx::cli
