// `kwx extract`: jieba.analyse.extract_tags on every line.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "common.h"
#include "kwx/format.h"
#include "kwx/keywords.h"

namespace kwx::cli {

namespace {

struct ExtractOptions {
  CommonOptions common;
  std::int64_t top_k = 20;
  std::vector<std::string> stop_word_files;
  bool with_weight = false;
  std::string format = "text";
};

OutputFormat ParseFormat(const std::string& name) {
  return name == "jsonl" ? OutputFormat::kJsonl : name == "tsv" ? OutputFormat::kTsv : OutputFormat::kText;
}

int RunExtract(const ExtractOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  auto files = o.common.data.Resolve();
  if (!files.ok()) {
    PrintError(files.status().message());
    return kExitError;
  }
  auto dict = Dictionary::Load(files->dict, files->hmm_model);
  if (!dict.ok()) {
    PrintError(dict.status().message());
    return kExitError;
  }
  auto idf = IdfTable::Load(files->idf);
  if (!idf.ok()) {
    PrintError(idf.status().message());
    return kExitError;
  }
  StopWords stop_words;
  for (const std::string& path : o.stop_word_files) {
    if (Status s = stop_words.AddFile(path); !s.ok()) {
      PrintError(s.message());
      return kExitError;
    }
  }
  Segmenter segmenter(*dict);
  KeywordExtractor extractor(segmenter, *idf, stop_words);
  if (o.common.verbose) std::fprintf(stderr, "kwx: data loaded in %.3f s\n", SecondsSince(start));
  Workspace ws;
  std::vector<Keyword> keywords;
  const OutputFormat format = ParseFormat(o.format);
  return RunLines(o.common, [&](std::string_view line, std::uint64_t number, std::string* out) {
    extractor.Extract(line, o.top_k, ws, &keywords);
    AppendKeywords(keywords, format, o.with_weight, number, out);
    return ws.last_replacements();
  });
}

}  // namespace

void AddExtractCommand(CLI::App* app) {
  auto options = std::make_shared<ExtractOptions>();
  CLI::App* cmd = app->add_subcommand(
      "extract", "TF-IDF keywords of every line, exactly as jieba.analyse.extract_tags");
  AddCommonOptions(cmd, &options->common);
  cmd->add_option("-k,--topk", options->top_k,
                  "Keywords per line (jieba's topK): 0 = all, negative = all but the last |N|")
      ->default_val(20);
  cmd->add_option("--stop-words", options->stop_word_files,
                  "Stop-word file, one word per line, added to jieba's 31 built-in English ones "
                  "(repeatable)");
  cmd->add_flag("--with-weight", options->with_weight, "Print each keyword's TF-IDF weight");
  cmd->add_option("--format", options->format,
                  "text: words (word:weight) separated by spaces; jsonl: a JSON array per line; "
                  "tsv: line<TAB>word<TAB>weight rows")
      ->check(CLI::IsMember({"text", "tsv", "jsonl"}))
      ->capture_default_str();
  cmd->callback([options] { throw CommandResult(RunExtract(*options)); });
}

}  // namespace kwx::cli
