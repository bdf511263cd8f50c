// `kwx bench`: the classic experiment. Extract the keywords of every line of a file serially,
// then with the parallel pipeline, check that both outputs are identical, and report the times.
#include <cinttypes>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "common.h"
#include "kwx/batch.h"
#include "util/file.h"
#include "util/json.h"

namespace kwx::cli {

namespace {

struct BenchOptions {
  DataFiles data;
  std::string input;
  std::int64_t top_k = 20;
  std::vector<std::string> stop_word_files;
  int jobs = 0;
  int repeat = 1;
  bool json = false;
  std::string lang = "en";
};

// FNV-1a over the output stream, so outputs cut into different pieces compare equal.
struct StreamDigest {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  std::uint64_t bytes = 0;
  void Add(std::string_view s) {
    for (unsigned char c : s) hash = (hash ^ c) * 0x100000001b3ull;
    bytes += s.size();
  }
  bool operator==(const StreamDigest&) const = default;
};

// One thread, no pipeline: a plain loop over the lines, as the Python script's serial run.
StreamDigest RunSerial(std::string_view bytes, const WorkerFactory& factory, double* seconds) {
  auto start = std::chrono::steady_clock::now();
  auto source = LineSource::FromBytes(bytes);
  std::unique_ptr<LineWorker> worker = factory(0);
  LineSource::Chunk chunk;
  Status status;
  std::string out;
  StreamDigest digest;
  std::uint64_t number = 0;
  while (source->Next(1 << 20, &chunk, &status)) {
    for (std::string_view line : chunk.lines) {
      out.clear();
      worker->ProcessLine(line, ++number, &out);
      digest.Add(out);
    }
  }
  *seconds = SecondsSince(start);
  return digest;
}

StatusOr<StreamDigest> RunParallel(std::string_view bytes, const WorkerFactory& factory, int jobs,
                                   double* seconds) {
  auto source = LineSource::FromBytes(bytes);
  StreamDigest digest;
  BatchOptions options;
  options.jobs = jobs;
  auto result = RunBatch(*source, factory, [&](std::string_view out) {
    digest.Add(out);
    return Status::Ok();
  }, options);
  if (!result.ok()) return result.status();
  *seconds = result->seconds;
  return digest;
}

int RunBench(const BenchOptions& o) {
  auto text = internal::ReadWholeFile(o.input, "input");  // first: a bad path fails at once
  if (!text.ok()) {
    PrintError(text.status().message());
    return kExitError;
  }
  auto start = std::chrono::steady_clock::now();
  auto model = Model::Load(o.data, true, o.stop_word_files);
  if (!model.ok()) {
    PrintError(model.status().message());
    return kExitError;
  }
  double load_seconds = SecondsSince(start);
  std::uint64_t lines = 0;
  for (char c : *text) lines += c == '\n';
  if (!text->empty() && text->back() != '\n') ++lines;

  const int jobs = ResolveJobs(o.jobs);
  KeywordOptions options;
  options.top_k = o.top_k;
  WorkerFactory factory = KeywordWorkerFactory(*model->extractor, options, OutputFormat::kText);
  double serial = 1e300, parallel = 1e300;
  StreamDigest serial_digest, parallel_digest;
  for (int r = 0; r < std::max(1, o.repeat); ++r) {
    double s = 0, p = 0;
    serial_digest = RunSerial(*text, factory, &s);
    auto d = RunParallel(*text, factory, jobs, &p);
    if (!d.ok()) {
      PrintError(d.status().message());
      return kExitError;
    }
    parallel_digest = *d;
    serial = std::min(serial, s);
    parallel = std::min(parallel, p);
    if (!(serial_digest == parallel_digest)) break;
  }
  const bool identical = serial_digest == parallel_digest;
  const double mb = static_cast<double>(text->size()) / 1e6;
  if (o.json) {
    std::string file;
    internal::AppendJsonString(o.input, &file);
    std::printf(
        "{\"file\":%s,\"bytes\":%zu,\"lines\":%" PRIu64 ",\"topk\":%" PRId64
        ",\"jobs\":%d,\"repeat\":%d,\"load_seconds\":%.6f,\"serial_seconds\":%.6f,"
        "\"parallel_seconds\":%.6f,\"speedup\":%.4f,\"serial_mbps\":%.3f,\"parallel_mbps\":%.3f,"
        "\"identical\":%s}\n",
        file.c_str(), text->size(), lines, o.top_k, jobs, std::max(1, o.repeat), load_seconds,
        serial, parallel, serial / parallel, mb / serial, mb / parallel, identical ? "true" : "false");
  } else if (o.lang == "zh") {
    std::printf("文件：%s（%.1f MB，%" PRIu64 " 行），每行前 %" PRId64 " 个关键词\n", o.input.c_str(),
                mb, lines, o.top_k);
    std::printf("串行处理花费时间：%.3f 秒（%.1f MB/s）\n", serial, mb / serial);
    std::printf("并行处理花费时间：%.3f 秒（%.1f MB/s，%d 个线程）\n", parallel, mb / parallel, jobs);
    std::printf("加速比：%.2f 倍；两次结果%s\n", serial / parallel, identical ? "完全一致" : "不一致！");
  } else {
    std::printf("file: %s (%.1f MB, %" PRIu64 " lines), top %" PRId64 " keywords per line\n",
                o.input.c_str(), mb, lines, o.top_k);
    std::printf("serial:   %.3f s  (%.1f MB/s)\n", serial, mb / serial);
    std::printf("parallel: %.3f s  (%.1f MB/s, %d threads)\n", parallel, mb / parallel, jobs);
    std::printf("speedup:  %.2fx; outputs %s\n", serial / parallel,
                identical ? "identical" : "DIFFER");
  }
  if (!identical) {
    PrintError("the serial and parallel outputs differ");
    return kExitError;
  }
  return kExitOk;
}

}  // namespace

void AddBenchCommand(CLI::App* app) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App* cmd = app->add_subcommand(
      "bench", "Extract keywords serially, then in parallel; check the outputs are identical and "
               "report both times and the speedup");
  cmd->add_option("input", o->input, "Input file, one document per line")->required();
  cmd->add_option("-k,--topk", o->top_k, "Keywords per line (jieba's topK)")->capture_default_str();
  cmd->add_option("--stop-words", o->stop_word_files, "Stop-word file (repeatable)")
      ->allow_extra_args(false);  // one file per flag, so that the input is not taken for one
  cmd->add_option("-j,--jobs", o->jobs, "Threads for the parallel run (0 = all cores)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--repeat", o->repeat, "Run both N times and keep the fastest of each")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--json", o->json, "Print one JSON object instead of text");
  cmd->add_option("--lang", o->lang, "Language of the text report")
      ->check(CLI::IsMember({"en", "zh"}))
      ->capture_default_str();
  cmd->add_option("--data-dir", o->data.data_dir, "Data directory (see kwx extract --help)");
  cmd->add_option("--dict", o->data.dict, "Dictionary in jieba's dict.txt format");
  cmd->add_option("--user-dict", o->data.user_dicts, "User dictionary (jieba's load_userdict format; repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--hmm-model", o->data.hmm_model, "HMM tables (cppjieba layout)");
  cmd->add_option("--idf", o->data.idf, "IDF table in jieba's idf.txt format");
  cmd->callback([o] { throw CommandResult{RunBench(*o)}; });
}

}  // namespace kwx::cli
