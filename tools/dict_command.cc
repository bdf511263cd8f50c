// `kwx dict compile`: text data -> one compiled, mmap-able file.
#include <cstdio>

#include "commands.h"
#include "common.h"
#include "kwx/compiled.h"

namespace kwx::cli {

namespace {

struct DictOptions {
  DataFiles data;
  std::string output;
  std::string verify;
};

int RunCompile(const DictOptions& o) {
  auto start = std::chrono::steady_clock::now();
  DataFiles text = o.data;
  text.compiled.clear();
  auto model = Model::LoadText(text, /*with_keywords=*/true);
  if (!model.ok()) {
    PrintError(model.status().message());
    return kExitError;
  }
  if (Status s = CompiledData::Compile(*model->dictionary, *model->idf, o.output); !s.ok()) {
    PrintError(s.message());
    return kExitError;
  }
  auto check = CompiledData::Open(o.output);  // the self-test runs here
  if (!check.ok()) {
    PrintError(check.status().message());
    return kExitError;
  }
  std::fprintf(stderr, "kwx: compiled %zu words, %zu IDF entries into '%s' in %.3f s\n",
               model->dictionary->word_count(), model->idf->size(), o.output.c_str(),
               SecondsSince(start));
  return kExitOk;
}

int RunVerify(const DictOptions& o) {
  auto start = std::chrono::steady_clock::now();
  auto data = CompiledData::Open(o.verify);
  if (!data.ok()) {
    PrintError(data.status().message());
    return kExitError;
  }
  std::printf("%s: ok (%zu words, total frequency %llu, %zu IDF entries, median IDF %.10g; "
              "checksum and self-test passed in %.3f s)\n",
              o.verify.c_str(), data->dictionary()->word_count(),
              static_cast<unsigned long long>(data->dictionary()->total_frequency()),
              data->idf()->size(), data->idf()->median(), SecondsSince(start));
  return kExitOk;
}

}  // namespace

void AddDictCommand(CLI::App* app) {
  auto o = std::make_shared<DictOptions>();
  CLI::App* dict = app->add_subcommand("dict", "Work with data files");
  dict->require_subcommand(1);
  CLI::App* compile = dict->add_subcommand(
      "compile", "Compile dict.txt + hmm_model.utf8 + idf.txt (+ pos_hmm.utf8) into one mmap-able file (kwx.dict)");
  compile->add_option("-o,--output", o->output, "The compiled file to write")->required();
  compile->add_option("--data-dir", o->data.data_dir, "Directory with the text data files");
  compile->add_option("--dict", o->data.dict, "Dictionary in jieba's dict.txt format");
  compile->add_option("--hmm-model", o->data.hmm_model, "HMM tables (cppjieba layout)");
  compile->add_option("--idf", o->data.idf, "IDF table in jieba's idf.txt format");
  compile->add_option("--user-dict", o->data.user_dicts,
                      "User dictionary in jieba's load_userdict format, baked into the compiled "
                      "file (repeatable, applied in order)")
      ->allow_extra_args(false);
  compile->add_option("--pos-model", o->data.pos_model,
                      "jieba.posseg's HMM tables (pos_hmm.utf8; default: the data directory's, "
                      "if it has one)");
  compile->callback([o] { throw CommandResult{RunCompile(*o)}; });
  CLI::App* verify = dict->add_subcommand(
      "verify", "Check a compiled file: format, checksum, bounds and its self-test");
  verify->add_option("file", o->verify, "The compiled file")->required();
  verify->callback([o] { throw CommandResult{RunVerify(*o)}; });
}

}  // namespace kwx::cli
