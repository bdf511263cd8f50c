// `kwx cut`: jieba.lcut / lcut(cut_all=True) / lcut_for_search on every line.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "common.h"
#include "kwx/batch.h"
#include "kwx/model.h"
#include "kwx/segmenter.h"

namespace kwx::cli {

namespace {

struct CutOptions {
  CommonOptions common;
  std::string mode = "accurate";
  bool no_hmm = false;
  std::string format = "text";
  std::string delimiter = " / ";
};

int RunCut(const CutOptions& o) {
  TokenOutput out;
  auto mode = ParseCutMode(o.mode);
  if (!mode.ok()) return ReportFailure(mode.status());
  auto format = ParseOutputFormat(o.format);
  if (!format.ok()) return ReportFailure(format.status());
  out.mode = *mode;
  out.hmm = !o.no_hmm;
  out.format = *format;
  out.delimiter = o.delimiter;
  Model model;
  auto load = [&]() -> StatusOr<WorkerFactory> {
    auto loaded = Model::Load(o.common.data, /*with_keywords=*/false);
    if (!loaded.ok()) return loaded.status();
    model = std::move(loaded.value());
    return TokenWorkerFactory(*model.segmenter, out);
  };
  return RunPipeline(o.common, load, o.common.output.empty() ? "-" : o.common.output);
}

}  // namespace

void AddCutCommand(CLI::App* app) {
  auto options = std::make_shared<CutOptions>();
  CLI::App* cmd = app->add_subcommand("cut", "Segment every line into words, exactly as jieba");
  AddCommonOptions(cmd, &options->common);
  cmd->add_option("-o,--output", options->common.output,
                  "Output file ('-' or absent: stdout); written under a temporary name and "
                  "renamed when the run succeeded");
  cmd->add_option("--mode", options->mode,
                  "accurate: jieba.cut; full: cut_all=True; search: cut_for_search")
      ->check(CLI::IsMember({"accurate", "full", "search"}))
      ->capture_default_str();
  cmd->add_flag("--no-hmm", options->no_hmm,
                "Do not guess unknown words with the HMM (jieba's HMM=False)");
  cmd->add_option("--format", options->format, "text: tokens joined by the delimiter; jsonl: a "
                                               "JSON array of tokens per line")
      ->check(CLI::IsMember({"text", "jsonl"}))
      ->capture_default_str();
  cmd->add_option("-d,--delimiter", options->delimiter,
                  "Token separator for --format text (' / ' as python -m jieba)")
      ->capture_default_str();
  cmd->callback([options] { throw CommandResult{RunCut(*options)}; });
}

}  // namespace kwx::cli
