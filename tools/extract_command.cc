// `kwx extract`: jieba.analyse.extract_tags or textrank on every line.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "common.h"
#include "kwx/batch.h"
#include "kwx/idf_builder.h"
#include "kwx/keywords.h"
#include "kwx/model.h"
#include "kwx/pos_tagger.h"
#include "kwx/textrank.h"
#include "signals.h"

namespace kwx::cli {

namespace {

struct ExtractOptions {
  CommonOptions common;
  std::int64_t top_k = 20;
  std::vector<std::string> stop_word_files;
  bool with_weight = false;
  std::string format = "text";
  std::string allow_pos;
  CLI::Option* allow_pos_option = nullptr;  // whether --allow-pos was given (even empty)
  bool with_flag = false;
  std::string method = "tfidf";
  CLI::Option* format_option = nullptr;
  CLI::Option* output_option = nullptr;
  bool idf_from_corpus = false;
  IdfBuildOptions idf_build;
  CLI::Option* idf_min_df_option = nullptr;
  CLI::Option* idf_smooth_option = nullptr;
};

// --idf-from-corpus: the first pass over the input, `kwx idf build` of it in memory.
StatusOr<std::shared_ptr<const IdfTable>> IdfOfInput(const ExtractOptions& o, const Model& model) {
  auto records = RecordFormatOf(o.common);
  if (!records.ok()) return records.status();
  auto source = LineSource::OpenFile(o.common.input);
  if (!source.ok()) return source.status();
  auto input = OpenRecords(std::move(source.value()), *records);
  if (!input.ok()) return input.status();
  BatchOptions batch;
  batch.jobs = o.common.jobs;
  batch.strict_utf8 = o.common.strict_utf8;
  batch.cancel = &InstallCancelHandlers();
  DocumentFrequencies df;
  // extract_tags' cut: accurate, with the HMM (and the user words the model has).
  auto counted = CountDocumentFrequencies(*input->source, *model.segmenter, CutMode::kAccurate,
                                          /*hmm=*/true, batch, &df, input->layout);
  if (!counted.ok()) return counted.status();
  return df.ToIdfTable(o.idf_build);
}

// "ns,n,vn,v" -> {"ns", "n", "vn", "v"}: jieba's allowPOS tuple (items taken as they are, empty
// items dropped).
std::vector<std::string> SplitPosList(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t comma = list.find(',', start);
    std::string item = list.substr(start, comma == std::string::npos ? comma : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

int RunExtract(const ExtractOptions& o) {
  if (!o.idf_from_corpus &&
      (o.idf_min_df_option->count() > 0 || o.idf_smooth_option->count() > 0)) {
    return ReportFailure(Status(StatusCode::kInvalidArgument,
                                "--idf-min-df and --idf-smooth go with --idf-from-corpus"));
  }
  if (o.idf_from_corpus) {
    if (o.common.input == "-") {
      return ReportFailure(Status(StatusCode::kInvalidArgument,
                                  "--idf-from-corpus reads the input twice: give a file, not "
                                  "stdin"));
    }
    if (!o.common.data.idf.empty() || o.method == "textrank") {
      return ReportFailure(Status(StatusCode::kInvalidArgument,
                                  "--idf-from-corpus replaces the IDF table: not with --idf, nor "
                                  "with --method textrank (which has none)"));
    }
  }
  std::string output = o.common.output;
  if (output.empty()) output = o.common.input == "-" ? "-" : TagsPathFor(o.common.input);
  auto format = ParseOutputFormat(o.format);
  if (!format.ok()) return ReportFailure(format.status());
  if (!o.common.db.empty()) {
    if (Status s = DbExcludes(o.format_option, o.output_option); !s.ok()) return ReportFailure(s);
    format = OutputFormat::kRows;
  }
  KeywordOptions options;
  options.top_k = o.top_k;
  options.with_weight = o.with_weight;
  const bool textrank = o.method == "textrank";
  // TextRank's allowPOS defaults to jieba's ('ns', 'n', 'vn', 'v'); an explicit empty list lets
  // no word through, as allowPOS=() does in jieba.
  const bool pos_given = o.allow_pos_option != nullptr && o.allow_pos_option->count() > 0;
  options.allow_pos = textrank && !pos_given ? DefaultTextRankPos() : SplitPosList(o.allow_pos);
  options.with_flag = o.with_flag;
  Model model;
  auto load = [&](const std::shared_ptr<const RecordLayout>& records) -> StatusOr<WorkerFactory> {
    auto loaded = Model::Load(o.common.data, true, o.stop_word_files, PipelineLoadOptions());
    if (!loaded.ok()) return loaded.status();
    model = std::move(loaded.value());
    if ((textrank || !options.allow_pos.empty()) && model.tagger == nullptr) {
      return PosTagger::Create(*model.dictionary).status();  // says what is missing
    }
    if (o.idf_from_corpus) {
      auto idf = IdfOfInput(o, model);
      if (!idf.ok()) return idf.status();
      model.idf = std::move(idf.value());
      model.extractor = std::make_unique<TfidfExtractor>(*model.segmenter, *model.idf,
                                                         *model.stop_words, model.tagger.get());
    }
    const KeywordExtractor& extractor =
        textrank ? static_cast<const KeywordExtractor&>(*model.textrank) : *model.extractor;
    if (Status s = extractor.Check(options); !s.ok()) return s;
    return KeywordWorkerFactory(extractor, options, *format, records);
  };
  return RunPipeline(o.common, load, [&model] { return DataChecked(model); }, output);
}

}  // namespace

void AddExtractCommand(CLI::App* app) {
  auto options = std::make_shared<ExtractOptions>();
  CLI::App* cmd = app->add_subcommand(
      "extract", "Keywords of every line, exactly as jieba.analyse.extract_tags (TF-IDF) or "
                 "jieba.analyse.textrank");
  AddCommonOptions(cmd, &options->common);
  options->output_option = cmd->add_option("-o,--output", options->common.output,
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
  cmd->add_option("--method", options->method,
                  "tfidf: jieba.analyse.extract_tags; textrank: jieba.analyse.textrank")
      ->check(CLI::IsMember({"tfidf", "textrank"}))
      ->capture_default_str();
  options->allow_pos_option = cmd->add_option(
      "--allow-pos", options->allow_pos,
      "Only words with these part-of-speech flags, comma-separated (jieba's allowPOS, e.g. "
      "ns,n,vn,v): words and flags from jieba.posseg. Default: none for tfidf, ns,n,vn,v for "
      "textrank");
  cmd->add_flag("--with-flag", options->with_flag,
                "With --allow-pos: keywords are (word, flag) pairs, as jieba's withFlag "
                "(text word/flag, jsonl [\"word\",\"flag\"], tsv a flag column)");
  options->format_option = cmd->add_option("--format", options->format,
                  "text: words (word:weight) separated by spaces; jsonl: a JSON array per line "
                  "({\"id\":...,\"keywords\":[...]} for records); tsv: "
                  "id<TAB>rank<TAB>word<TAB>weight rows")
      ->check(CLI::IsMember({"text", "tsv", "jsonl"}))
      ->capture_default_str();
  cmd->add_flag("--idf-from-corpus", options->idf_from_corpus,
                "Two passes over INPUT: count its document frequencies (as kwx idf build INPUT "
                "does), then extract with that IDF table instead of jieba's");
  options->idf_min_df_option = cmd->add_option("--idf-min-df", options->idf_build.min_df,
                  "With --idf-from-corpus: as kwx idf build --min-df")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  options->idf_smooth_option = cmd->add_flag("--idf-smooth", options->idf_build.smooth,
                "With --idf-from-corpus: as kwx idf build --smooth");
  AddDbOptions(cmd, &options->common, "keywords");
  cmd->callback([options, cmd] {
    if (!options->common.db.empty()) {  // (stats the data files: not worth a start without --db)
      options->common.run_description = DescribeRun(*cmd, options->common,
                                                    options->stop_word_files);
    }
    throw CommandResult{RunExtract(*options)};
  });
}

}  // namespace kwx::cli
