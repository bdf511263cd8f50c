// LoadData and Model: the compiled file when possible, else the text files.
#include "kwx/model.h"

#include <sys/stat.h>

#include "kwx/compiled.h"
#include "kwx/dictionary_builder.h"

namespace kwx {

namespace {

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

StatusOr<Model> Finish(LoadedData data, bool with_keywords,
                       const std::vector<std::string>& stop_word_files) {
  Model model;
  model.dictionary = std::move(data.dictionary);
  model.idf = std::move(data.idf);
  model.checksum_verdict = std::move(data.checksum_verdict);
  model.segmenter = std::make_unique<Segmenter>(*model.dictionary);
  if (auto tagger = PosTagger::Create(*model.dictionary); tagger.ok()) {
    model.tagger = std::make_unique<PosTagger>(*tagger);
  }
  if (!with_keywords) return model;
  auto stop_words = std::make_shared<StopWords>();
  for (const std::string& path : stop_word_files) {
    if (Status s = stop_words->AddFile(path); !s.ok()) return s;
  }
  model.stop_words = std::move(stop_words);
  model.extractor =
      std::make_unique<TfidfExtractor>(*model.segmenter, *model.idf, *model.stop_words,
                                       model.tagger.get());
  if (model.tagger != nullptr) {
    model.textrank = std::make_unique<TextRankExtractor>(*model.tagger, *model.stop_words);
  }
  return model;
}

// The user dictionaries of `data`, in order, on top of *dictionary (a new snapshot that shares
// it; nothing is copied or rebuilt).
Status ApplyUserDicts(const DataFiles& data, std::shared_ptr<const Dictionary>* dictionary) {
  if (data.user_dicts.empty()) return Status::Ok();
  DictionaryBuilder builder(*dictionary);
  for (const std::string& path : data.user_dicts) {
    if (Status s = builder.AddUserDictFile(path); !s.ok()) return s;
  }
  auto built = std::move(builder).Build();
  if (!built.ok()) return built.status();
  *dictionary = std::move(built.value());
  return Status::Ok();
}

}  // namespace

StatusOr<LoadedData> LoadTextData(const DataFiles& data, bool with_idf) {
  auto files = data.Resolve();
  if (!files.ok()) return files.status();
  LoadedData loaded;
  DictionaryBuilder builder;
  if (with_idf) {
    auto idf = IdfTable::Load(files->idf);
    if (!idf.ok()) return idf.status();
    loaded.idf = std::move(idf.value());
    std::vector<std::string_view> idf_words;
    idf_words.reserve(loaded.idf->size());
    loaded.idf->ForEach([&](std::string_view w, double) { idf_words.push_back(w); });
    if (Status s = builder.AddIndexOnlyWords(idf_words); !s.ok()) return s;
  }
  if (Status s = builder.AddDictFile(files->dict); !s.ok()) return s;
  if (Status s = builder.SetHmmModelFile(files->hmm_model); !s.ok()) return s;
  // The POS tables are optional where they are the default: a data directory without them
  // still segments and extracts (tagging then reports that they are missing).
  if (!data.pos_model.empty() || (!files->pos_model.empty() && FileExists(files->pos_model))) {
    if (Status s = builder.SetPosModelFile(files->pos_model); !s.ok()) return s;
  }
  auto dictionary = builder.Build();
  if (!dictionary.ok()) return dictionary.status();
  loaded.dictionary = std::move(dictionary.value());
  if (Status s = ApplyUserDicts(data, &loaded.dictionary); !s.ok()) return s;
  return loaded;
}

StatusOr<LoadedData> LoadData(const DataFiles& data, bool with_idf, const LoadOptions& options) {
  const bool text_dictionary =
      !data.dict.empty() || !data.hmm_model.empty() || !data.pos_model.empty();
  auto files = data.Resolve();
  if (!files.ok()) return files.status();
  if (text_dictionary || files->compiled.empty()) return LoadTextData(data, with_idf);
  CompiledData::OpenOptions open;
  open.checksum_in_background = options.checksum_in_background;
  auto compiled = CompiledData::Open(files->compiled, open);
  if (!compiled.ok()) return compiled.status();
  LoadedData loaded;
  loaded.dictionary = compiled->dictionary();
  if (options.checksum_in_background) {
    loaded.checksum_verdict = [compiled = *compiled] { return compiled.Checked(); };
  }
  if (Status s = ApplyUserDicts(data, &loaded.dictionary); !s.ok()) {
    Status verdict = compiled->Checked();  // a damaged file is the likelier cause
    return verdict.ok() ? s : verdict;
  }
  if (!with_idf) return loaded;
  if (data.idf.empty()) {
    loaded.idf = compiled->idf();
    return loaded;
  }
  auto idf = IdfTable::Load(files->idf);
  if (!idf.ok()) return idf.status();
  loaded.idf = std::move(idf.value());
  return loaded;
}

StatusOr<Model> Model::Load(const DataFiles& data, bool with_keywords,
                            const std::vector<std::string>& stop_word_files,
                            const LoadOptions& options) {
  auto loaded = LoadData(data, with_keywords, options);
  if (!loaded.ok()) return loaded.status();
  return Finish(std::move(loaded.value()), with_keywords, stop_word_files);
}

StatusOr<Model> Model::LoadText(const DataFiles& data, bool with_keywords,
                                const std::vector<std::string>& stop_word_files) {
  auto loaded = LoadTextData(data, with_keywords);
  if (!loaded.ok()) return loaded.status();
  return Finish(std::move(loaded.value()), with_keywords, stop_word_files);
}

}  // namespace kwx
