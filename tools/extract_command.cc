// `kwx extract`: jieba.analyse.extract_tags on every line.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "common.h"
#include "kwx/batch.h"
#include "kwx/keywords.h"
#include "kwx/model.h"

namespace kwx::cli {

namespace {

struct ExtractOptions {
  CommonOptions common;
  std::int64_t top_k = 20;
  std::vector<std::string> stop_word_files;
  bool with_weight = false;
  std::string format = "text";
};

int RunExtract(const ExtractOptions& o) {
  std::string output = o.common.output;
  if (output.empty()) output = o.common.input == "-" ? "-" : TagsPathFor(o.common.input);
  auto format = ParseOutputFormat(o.format);
  if (!format.ok()) return ReportFailure(format.status());
  KeywordOptions options;
  options.top_k = o.top_k;
  options.with_weight = o.with_weight;
  Model model;
  auto load = [&]() -> StatusOr<WorkerFactory> {
    auto loaded = Model::Load(o.common.data, true, o.stop_word_files);
    if (!loaded.ok()) return loaded.status();
    model = std::move(loaded.value());
    if (Status s = model.extractor->Check(options); !s.ok()) return s;
    return KeywordWorkerFactory(*model.extractor, options, *format);
  };
  return RunPipeline(o.common, load, output);
}

}  // namespace

void AddExtractCommand(CLI::App* app) {
  auto options = std::make_shared<ExtractOptions>();
  CLI::App* cmd = app->add_subcommand(
      "extract", "TF-IDF keywords of every line, exactly as jieba.analyse.extract_tags");
  AddCommonOptions(cmd, &options->common);
  cmd->add_option("-o,--output", options->common.output,
                  "Output file; '-' = stdout. Default: INPUT's name without its extension plus "
                  "_tags.txt (message.txt -> message_tags.txt), or stdout for stdin. Written "
                  "under a temporary name and renamed when the run succeeded");
  cmd->add_option("-k,--topk", options->top_k,
                  "Keywords per line (jieba's topK): 0 = all, negative = all but the last |N|")
      ->capture_default_str();
  // One file per --stop-words (repeat the flag for more): taking every following argument would
  // swallow the input file in `kwx extract --stop-words stop.txt message.txt`.
  cmd->add_option("--stop-words", options->stop_word_files,
                  "Stop-word file, one word per line, added to jieba's 31 built-in English ones "
                  "(repeatable: --stop-words A --stop-words B)")
      ->allow_extra_args(false);
  cmd->add_flag("--with-weight", options->with_weight, "Print each keyword's TF-IDF weight");
  cmd->add_option("--format", options->format,
                  "text: words (word:weight) separated by spaces; jsonl: a JSON array per line; "
                  "tsv: line<TAB>word<TAB>weight rows")
      ->check(CLI::IsMember({"text", "tsv", "jsonl"}))
      ->capture_default_str();
  cmd->callback([options] { throw CommandResult{RunExtract(*options)}; });
}

}  // namespace kwx::cli
