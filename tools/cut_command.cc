// `kwx cut`: jieba.lcut / lcut(cut_all=True) / lcut_for_search / posseg.lcut on every line.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "common.h"
#include "kwx/batch.h"
#include "kwx/model.h"
#include "kwx/pos_tagger.h"
#include "kwx/segmenter.h"

namespace kwx::cli {

namespace {

struct CutOptions {
  CommonOptions common;
  std::string mode = "accurate";
  bool no_hmm = false;
  std::string format = "text";
  std::string delimiter = " / ";
  bool pos = false;
  std::string pos_delimiter = "_";
  CLI::Option* format_option = nullptr;
  CLI::Option* output_option = nullptr;
};

int RunCut(const CutOptions& o) {
  TokenOutput out;
  auto mode = ParseCutMode(o.mode);
  if (!mode.ok()) return ReportFailure(mode.status());
  auto format = ParseOutputFormat(o.format);
  if (!format.ok()) return ReportFailure(format.status());
  if (!o.common.db.empty()) {
    if (Status s = DbExcludes(o.format_option, o.output_option); !s.ok()) return ReportFailure(s);
    format = OutputFormat::kRows;
  }
  out.mode = *mode;
  out.hmm = !o.no_hmm;
  out.format = *format;
  out.delimiter = o.delimiter;
  out.pos_delimiter = o.pos_delimiter;
  if (o.pos && out.mode != CutMode::kAccurate) {
    // python -m jieba ignores --cut-all with POS tagging; kwx does not ignore an option.
    return ReportFailure(Status(StatusCode::kInvalidArgument,
                                "--pos tags the accurate cut only (jieba.posseg has no full or "
                                "search mode); drop --mode " + o.mode));
  }
  Model model;
  std::optional<PosTagger> tagger;
  auto load = [&](const std::shared_ptr<const RecordLayout>& records) -> StatusOr<WorkerFactory> {
    auto loaded = Model::Load(o.common.data, /*with_keywords=*/false, {}, PipelineLoadOptions());
    if (!loaded.ok()) return loaded.status();
    model = std::move(loaded.value());
    if (!o.pos) return TokenWorkerFactory(*model.segmenter, out, records);
    auto made = PosTagger::Create(*model.dictionary);
    if (!made.ok()) return made.status();
    tagger.emplace(*made);
    return TaggedWorkerFactory(*tagger, out, records);
  };
  return RunPipeline(o.common, load, [&model] { return DataChecked(model); },
                     o.common.output.empty() ? "-" : o.common.output);
}

}  // namespace

void AddCutCommand(CLI::App* app) {
  auto options = std::make_shared<CutOptions>();
  CLI::App* cmd = app->add_subcommand("cut", "Segment every line into words, exactly as jieba");
  AddCommonOptions(cmd, &options->common);
  options->output_option = cmd->add_option("-o,--output", options->common.output,
                  "Output file ('-' or absent: stdout); written under a temporary name and "
                  "renamed when the run succeeded");
  cmd->add_option("--mode", options->mode,
                  "accurate: jieba.cut; full: cut_all=True; search: cut_for_search")
      ->check(CLI::IsMember({"accurate", "full", "search"}))
      ->capture_default_str();
  cmd->add_flag("--no-hmm", options->no_hmm,
                "Do not guess unknown words with the HMM (jieba's HMM=False)");
  options->format_option = cmd->add_option("--format", options->format, "text: tokens joined by the delimiter; jsonl: a "
                                               "JSON array of tokens per line ({\"id\":...,"
                                               "\"tokens\":[...]} for records)")
      ->check(CLI::IsMember({"text", "jsonl"}))
      ->capture_default_str();
  cmd->add_option("-d,--delimiter", options->delimiter,
                  "Token separator for --format text (' / ' as python -m jieba)")
      ->capture_default_str();
  cmd->add_flag("-p,--pos", options->pos,
                "Tag parts of speech (jieba.posseg.cut): text tokens are word_flag, as "
                "python -m jieba -p writes them; jsonl: [[word,flag],...]");
  cmd->add_option("--pos-delimiter", options->pos_delimiter,
                  "With --pos and --format text: between a word and its flag")
      ->capture_default_str();
  AddDbOptions(cmd, &options->common, "tokens");
  options->common.table_holds_tokens = true;
  cmd->callback([options, cmd] {
    if (!options->common.db.empty()) {
      options->common.run_description = DescribeRun(*cmd, options->common);
    }
    throw CommandResult{RunCut(*options)};
  });
}

}  // namespace kwx::cli
