// `kwx idf build`: an IDF table in jieba's idf.txt format from your own corpus.
#include <cstdio>

#include "commands.h"
#include "common.h"
#include "kwx/idf_builder.h"
#include "signals.h"
#include "util/output_file.h"

namespace kwx::cli {

namespace {

struct IdfOptions {
  std::vector<std::string> corpora;
  std::string output;
  std::string mode = "accurate";
  bool no_hmm = false;
  IdfBuildOptions build;
  CommonOptions common;  // data files, -j, --strict-utf8, -v, -q (no input: `corpora`)
};

int RunBuild(const IdfOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  auto mode = ParseCutMode(o.mode);
  if (!mode.ok()) return ReportFailure(mode.status());
  const std::atomic<bool>& cancel = InstallCancelHandlers();
  // Every corpus opens before the data loads, so that a typo in a path fails at once.
  auto records = RecordFormatOf(o.common);
  if (!records.ok()) return ReportFailure(records.status());
  if (!records->id_field.empty()) {
    return ReportFailure(Status(StatusCode::kInvalidArgument,
                                "--id-field: an IDF table has no use for IDs (idf build counts "
                                "the texts)"));
  }
  std::vector<RecordInput> sources;
  for (const std::string& path : o.corpora) {
    auto source = LineSource::OpenFile(path);
    if (!source.ok()) return ReportFailure(source.status());
    auto input = OpenRecords(std::move(source.value()), *records);
    if (!input.ok()) return ReportFailure(input.status());
    sources.push_back(std::move(input.value()));
  }
  auto out = internal::OutputFile::Open(o.output);
  if (!out.ok()) return ReportFailure(out.status());
  auto model = Model::Load(o.common.data, /*with_keywords=*/false, {}, PipelineLoadOptions());
  if (!model.ok()) return ReportFailure(model.status());
  BatchOptions batch;
  batch.jobs = o.common.jobs;
  batch.strict_utf8 = o.common.strict_utf8;
  batch.cancel = &cancel;
  DocumentFrequencies df;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    auto result = CountDocumentFrequencies(*sources[i].source, *model->segmenter, *mode,
                                           !o.no_hmm, batch, &df, sources[i].layout);
    if (!result.ok()) {
      Status verdict = DataChecked(*model);  // a damaged file is the likelier cause
      return ReportFailure(verdict.ok() ? result.status() : verdict);
    }
    ReportRepairs(*result, sources[i].source->name());
  }
  if (Status verdict = DataChecked(*model); !verdict.ok()) return ReportFailure(verdict);
  if (Status s = out->Write(df.IdfText(o.build)); !s.ok()) return ReportFailure(s);
  if (Status s = out->Commit(); !s.ok()) return ReportFailure(s);
  if (o.common.verbose) {
    std::fprintf(stderr, "kwx: %llu documents, %zu words in %.3f s\n",
                 static_cast<unsigned long long>(df.documents()), df.word_count(),
                 SecondsSince(start));
  }
  return kExitOk;
}

}  // namespace

void AddIdfCommand(CLI::App* app) {
  auto o = std::make_shared<IdfOptions>();
  CLI::App* idf = app->add_subcommand("idf", "Build IDF tables");
  idf->require_subcommand(1);
  CLI::App* build = idf->add_subcommand(
      "build",
      "Document frequencies over your corpora (a document = a line or a record; each word once "
      "per document) "
      "with the segmentation extraction uses, written as jieba's idf.txt: 'word idf' per line, "
      "idf = ln(N / df), sorted by word");
  build->add_option("corpus", o->corpora, "Corpus files, one document per line ('-': stdin)")
      ->required();
  build->add_option("-o,--output", o->output,
                    "The idf.txt to write (under a temporary name, renamed when the run "
                    "succeeded; '-' = stdout)")
      ->required();
  build->add_option("--mode", o->mode,
                    "How documents are cut, as for kwx cut: accurate (jieba.cut, what "
                    "extract_tags uses), full or search")
      ->capture_default_str();
  build->add_flag("--no-hmm", o->no_hmm, "Cut without the HMM for unknown words (jieba's HMM=False)");
  build->add_option("--min-df", o->build.min_df,
                    "Leave out words in fewer documents (extraction gives them the table's median)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  build->add_flag("--smooth", o->build.smooth,
                  "idf = ln((N + 1) / (df + 1)) + 1 (scikit-learn's smooth_idf) instead of ln(N / df)");
  build->add_option("-j,--jobs", o->common.jobs,
                    "Worker threads (0 = all cores); the table is the same for every value")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  build->add_option("--data-dir", o->common.data.data_dir,
                    "Directory with the data files (as for kwx cut)");
  build->add_option("--dict", o->common.data.dict, "Dictionary in jieba's dict.txt format");
  build->add_option("--hmm-model", o->common.data.hmm_model, "HMM tables for unknown words");
  build->add_option("--user-dict", o->common.data.user_dicts,
                    "User dictionary in jieba's load_userdict format; repeatable, applied in order")
      ->allow_extra_args(false);
  build->add_flag("--strict-utf8", o->common.strict_utf8,
                  "Stop with exit code 3 at the first invalid UTF-8 instead of replacing it");
  AddRecordOptions(build, &o->common);
  build->add_flag("-q,--quiet", o->common.quiet, "(accepted for symmetry; there is no progress bar)");
  build->add_flag("-v,--verbose", o->common.verbose, "Report documents, words and time on stderr");
  build->callback([o] { throw CommandResult{RunBuild(*o)}; });
}

}  // namespace kwx::cli
