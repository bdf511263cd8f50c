// The default data for the fuzz targets, loaded once per process: from $KWX_DATA_DIR, or
// <binary>/../share/kwx (the build tree's share/kwx), as the CLI finds it.
#ifndef KWX_FUZZ_FUZZ_DATA_H_
#define KWX_FUZZ_FUZZ_DATA_H_

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "kwx/compiled.h"
#include "kwx/dictionary.h"
#include "kwx/dictionary_builder.h"
#include "kwx/keywords.h"
#include "kwx/pos_tagger.h"
#include "kwx/segmenter.h"
#include "kwx/textrank.h"
#include "kwx/tfidf.h"
#include "kwx/workspace.h"

namespace kwx::fuzz {

[[noreturn]] inline void Die(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "kwx fuzz: %s %.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline PosTagger MakeTagger(const Dictionary& dict) {
  auto tagger = PosTagger::Create(dict);
  if (!tagger.ok()) Die("no POS model:", tagger.status().message());
  return *tagger;
}

struct FuzzData {
  std::shared_ptr<const Dictionary> dictionary;
  std::shared_ptr<const IdfTable> idf_table;
  const Dictionary& dict;
  const IdfTable& idf;
  StopWords stop_words;
  Segmenter segmenter;
  TfidfExtractor extractor;
  PosTagger tagger;
  TfidfExtractor pos_extractor;  // with the tagger, for allowPOS
  TextRankExtractor textrank;
  Workspace workspace;

  FuzzData(std::shared_ptr<const Dictionary> d, std::shared_ptr<const IdfTable> i)
      : dictionary(std::move(d)),
        idf_table(std::move(i)),
        dict(*dictionary),
        idf(*idf_table),
        segmenter(dict),
        extractor(segmenter, idf, stop_words),
        tagger(MakeTagger(dict)),
        pos_extractor(segmenter, idf, stop_words, &tagger),
        textrank(tagger, stop_words) {}
};

inline FuzzData& Data() {
  static FuzzData* data = [] {
    auto files = DataFiles{}.Resolve();
    if (!files.ok()) Die("no data:", files.status().message());
    DictionaryBuilder builder;
    Status s = builder.AddDictFile(files->dict);
    if (s.ok()) s = builder.SetHmmModelFile(files->hmm_model);
    if (s.ok()) s = builder.SetPosModelFile(files->pos_model);
    if (!s.ok()) Die("cannot load the dictionary:", s.message());
    auto dict = builder.Build();
    if (!dict.ok()) Die("cannot load the dictionary:", dict.status().message());
    auto idf = IdfTable::Load(files->idf);
    if (!idf.ok()) Die("cannot load the IDF table:", idf.status().message());
    return new FuzzData(std::move(dict).value(), std::move(idf).value());
  }();
  return *data;
}

// The same data from the compiled file, as the CLI and the Python module load it (IDF words as
// trie nodes, indexes in the trie units, the edge filter): another code path to the same answers.
inline FuzzData& CompiledFuzzData() {
  static FuzzData* data = [] {
    auto files = DataFiles{}.Resolve();
    if (!files.ok()) Die("no data:", files.status().message());
    if (files->compiled.empty()) Die("no compiled data file (kwx.dict) in the data directory");
    auto compiled = CompiledData::Open(files->compiled);
    if (!compiled.ok()) Die("cannot open the compiled data:", compiled.status().message());
    return new FuzzData(compiled->dictionary(), compiled->idf());
  }();
  return *data;
}

// Inputs larger than this are cut (the targets are about structure, not volume).
inline constexpr std::size_t kMaxInput = 1 << 16;

}  // namespace kwx::fuzz

// Assertion that stays on in release builds and crashes (so libFuzzer records the input).
#define KWX_FUZZ_CHECK(cond, detail)                                   \
  do {                                                                 \
    if (!(cond)) ::kwx::fuzz::Die("check failed: " #cond " --", (detail)); \
  } while (0)

#endif  // KWX_FUZZ_FUZZ_DATA_H_
