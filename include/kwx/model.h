// Loading everything a job needs from the data files, the way the CLI (and the bindings) do it:
// the compiled file when there is one, else the text files.
#ifndef KWX_MODEL_H_
#define KWX_MODEL_H_

#include <memory>
#include <string>
#include <vector>

#include "kwx/dictionary.h"
#include "kwx/keywords.h"
#include "kwx/segmenter.h"
#include "kwx/status.h"

namespace kwx {

// A dictionary, a segmenter over it and, when loaded for keywords, the IDF table, the stop words
// and an extractor: loaded once, immutable, shared by every thread. Move-only (the parts refer
// to each other through stable heap addresses).
struct Model {
  std::unique_ptr<Dictionary> dictionary;
  std::unique_ptr<IdfTable> idf;  // null when loaded for segmentation only
  std::unique_ptr<StopWords> stop_words;
  std::unique_ptr<Segmenter> segmenter;
  std::unique_ptr<KeywordExtractor> extractor;  // null when loaded for segmentation only

  // Loads the compiled file (`data.compiled`, or kwx.dict in the data directory) unless
  // `data.dict` or `data.hmm_model` is set; an explicit `data.idf` replaces only its IDF table.
  // Without a compiled file, loads the text files. `stop_word_files` are added to the built-in
  // stop words.
  static StatusOr<Model> Load(const DataFiles& data, bool with_keywords,
                              const std::vector<std::string>& stop_word_files = {});
  // Always the text files (what `kwx dict compile` compiles).
  static StatusOr<Model> LoadText(const DataFiles& data, bool with_keywords,
                                  const std::vector<std::string>& stop_word_files = {});
};

}  // namespace kwx

#endif  // KWX_MODEL_H_
