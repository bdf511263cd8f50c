// Loading everything a job needs from the data files, the way the CLI and the Python package do
// it: the compiled file when there is one, else the text files.
#ifndef KWX_MODEL_H_
#define KWX_MODEL_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kwx/dictionary.h"
#include "kwx/keywords.h"
#include "kwx/pos_tagger.h"
#include "kwx/segmenter.h"
#include "kwx/status.h"
#include "kwx/textrank.h"
#include "kwx/tfidf.h"

namespace kwx {

// The shared data of a job.
struct LoadedData {
  std::shared_ptr<const Dictionary> dictionary;
  std::shared_ptr<const IdfTable> idf;  // null unless asked for
  // The compiled file's checksum verdict when LoadOptions::checksum_in_background left it
  // running: OK, or the error of a damaged file; waits for it. Empty: nothing is pending.
  std::function<Status()> checksum_verdict;
};

struct LoadOptions {
  // CompiledData::OpenOptions::checksum_in_background: the caller then asks checksum_verdict
  // before it lets any result out.
  bool checksum_in_background = false;
};

// Resolves `data` (DataFiles::Resolve) and loads the compiled file (`data.compiled`, or kwx.dict
// in the data directory) unless `data.dict` or `data.hmm_model` is set; an explicit `data.idf`
// replaces only its IDF table. Without a compiled file, loads the text files (LoadTextData).
StatusOr<LoadedData> LoadData(const DataFiles& data, bool with_idf,
                              const LoadOptions& options = {});
// Always the text files (what `kwx dict compile` compiles). With the IDF table, its words become
// index-only trie nodes (DictionaryBuilder::AddIndexOnlyWords), so the extractor needs no string
// lookups.
StatusOr<LoadedData> LoadTextData(const DataFiles& data, bool with_idf);

// The data, a segmenter over it, a POS tagger when the data has the posseg HMM and, when loaded
// for keywords, the stop words, a TF-IDF extractor (which uses the tagger for allowPOS) and a
// TextRank extractor (when there is a tagger): loaded once, immutable, shared by every thread. The Model owns (shares) the data;
// the segmenter and the extractor borrow it and each other from stable heap addresses, so a
// Model can be moved but not copied.
struct Model {
  std::shared_ptr<const Dictionary> dictionary;
  std::shared_ptr<const IdfTable> idf;  // null when loaded for segmentation only
  std::shared_ptr<const StopWords> stop_words;
  std::unique_ptr<Segmenter> segmenter;
  std::unique_ptr<PosTagger> tagger;          // null when the data has no posseg HMM
  std::unique_ptr<TfidfExtractor> extractor;  // null when loaded for segmentation only
  std::unique_ptr<TextRankExtractor> textrank;  // null without keywords or without the tagger
  std::function<Status()> checksum_verdict;      // LoadedData's

  // LoadData, then the built-in stop words plus `stop_word_files`, and the extractor.
  static StatusOr<Model> Load(const DataFiles& data, bool with_keywords,
                              const std::vector<std::string>& stop_word_files = {},
                              const LoadOptions& options = {});
  // The same from the text files (LoadTextData).
  static StatusOr<Model> LoadText(const DataFiles& data, bool with_keywords,
                                  const std::vector<std::string>& stop_word_files = {});
};

}  // namespace kwx

#endif  // KWX_MODEL_H_
