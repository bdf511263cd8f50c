// Model::Load: the compiled file when possible, else the text files.
#include "kwx/model.h"

#include "kwx/compiled.h"
#include "kw/idf_data.h"

namespace kwx {

namespace {

Status Finish(Model& model, bool with_keywords,
              const std::vector<std::string>& stop_word_files) {
  model.segmenter = std::make_unique<Segmenter>(*model.dictionary);
  if (!with_keywords) return Status::Ok();
  model.stop_words = std::make_unique<StopWords>();
  for (const std::string& path : stop_word_files) {
    if (Status s = model.stop_words->AddFile(path); !s.ok()) return s;
  }
  model.extractor =
      std::make_unique<KeywordExtractor>(*model.segmenter, *model.idf, *model.stop_words);
  return Status::Ok();
}

}  // namespace

StatusOr<Model> Model::LoadText(const DataFiles& data, bool with_keywords,
                                const std::vector<std::string>& stop_word_files) {
  auto files = data.Resolve();
  if (!files.ok()) return files.status();
  Model model;
  // The IDF words go into the trie too (see Dictionary::Load), so the extractor needs no
  // string lookups.
  std::vector<std::string_view> idf_words;
  if (with_keywords) {
    auto idf = IdfTable::Load(files->idf);
    if (!idf.ok()) return idf.status();
    model.idf = std::make_unique<IdfTable>(std::move(idf.value()));
    idf_words.reserve(model.idf->size());
    model.idf->data().idf.ForEach([&](std::string_view w, double) { idf_words.push_back(w); });
  }
  auto dict = Dictionary::Load(files->dict, files->hmm_model, idf_words);
  if (!dict.ok()) return dict.status();
  model.dictionary = std::make_unique<Dictionary>(std::move(dict.value()));
  if (Status s = Finish(model, with_keywords, stop_word_files); !s.ok()) return s;
  return model;
}

StatusOr<Model> Model::Load(const DataFiles& data, bool with_keywords,
                            const std::vector<std::string>& stop_word_files) {
  const bool text_dictionary = !data.dict.empty() || !data.hmm_model.empty();
  const bool text_idf = !data.idf.empty();
  auto files = data.Resolve();
  if (!files.ok()) return files.status();
  if (text_dictionary || files->compiled.empty()) {
    return LoadText(data, with_keywords, stop_word_files);
  }
  auto compiled = CompiledData::Open(files->compiled);
  if (!compiled.ok()) return compiled.status();
  Model model;
  model.dictionary = compiled->TakeDictionary();
  model.idf = compiled->TakeIdf();
  if (with_keywords && text_idf) {
    auto idf = IdfTable::Load(files->idf);
    if (!idf.ok()) return idf.status();
    model.idf = std::make_unique<IdfTable>(std::move(idf.value()));
  }
  if (!with_keywords) model.idf.reset();
  if (Status s = Finish(model, with_keywords, stop_word_files); !s.ok()) return s;
  return model;
}

}  // namespace kwx
