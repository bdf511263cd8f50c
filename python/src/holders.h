// The C++ objects behind the Python package: loaded data and extractors, shared between the
// Python objects that use them by reference counting, and per-call scratch space.
//
// No Python types here: python/src/module.cc binds these, convert.cc and batch.cc turn their
// results into Python objects.
#ifndef KWX_PYTHON_HOLDERS_H_
#define KWX_PYTHON_HOLDERS_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/dictionary.h"
#include "kwx/dictionary_builder.h"
#include "kwx/keywords.h"
#include "kwx/pos_tagger.h"
#include "kwx/segmenter.h"
#include "kwx/status.h"
#include "kwx/textrank.h"
#include "kwx/tfidf.h"
#include "kwx/workspace.h"

namespace kwx::python {

// What one call needs besides its input: a Workspace and result vectors, reused across calls.
struct Scratch {
  Workspace ws;
  std::vector<std::string_view> words;
  std::vector<Token> tokens;
  std::vector<Keyword> keywords;
  std::vector<TaggedWord> tagged;
};

// Scratch objects for any number of concurrent calls. A call may release the GIL, so two Python
// threads can be inside the same object at once and one shared Workspace would not do; a pool
// keeps the buffers warm across calls instead of allocating a Workspace per call.
class ScratchPool {
 public:
  class Lease {
   public:
    Lease(ScratchPool& pool, std::unique_ptr<Scratch> scratch)
        : pool_(pool), scratch_(std::move(scratch)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (keep_) pool_.Return(std::move(scratch_));
    }
    Scratch& operator*() { return *scratch_; }
    Scratch* operator->() { return scratch_.get(); }
    // Buffers grow to the largest input seen (tens of bytes per input byte); after a very long
    // text, free them rather than keep hundreds of MB in the pool for the life of the process.
    void FreeIfLarger(std::size_t input_bytes, std::size_t limit = 1 << 20) {
      if (input_bytes > limit) keep_ = false;
    }

   private:
    ScratchPool& pool_;
    std::unique_ptr<Scratch> scratch_;
    bool keep_ = true;
  };

  Lease Acquire();

 private:
  void Return(std::unique_ptr<Scratch> scratch);

  std::mutex mu_;
  std::vector<std::unique_ptr<Scratch>> free_;
};

// A loaded dictionary (word frequencies and HMM tables), which it shares, a segmenter over it
// and, when the data has jieba.posseg's HMM, a part-of-speech tagger.
class DictionaryHolder {
 public:
  explicit DictionaryHolder(std::shared_ptr<const Dictionary> dictionary)
      : dictionary_(std::move(dictionary)), segmenter_(*dictionary_) {
    if (auto tagger = PosTagger::Create(*dictionary_); tagger.ok()) tagger_.emplace(*tagger);
  }

  const Dictionary& dictionary() const { return *dictionary_; }
  const std::shared_ptr<const Dictionary>& shared_dictionary() const { return dictionary_; }
  const Segmenter& segmenter() const { return segmenter_; }
  // The tagger, or null.
  const PosTagger* tagger_or_null() const { return tagger_ ? &*tagger_ : nullptr; }
  // The tagger, or the error that says why there is none.
  StatusOr<const PosTagger*> tagger() const {
    if (tagger_) return &*tagger_;
    return PosTagger::Create(*dictionary_).status();
  }
  ScratchPool& pool() { return pool_; }
  // Made by a BuilderHolder (a Tokenizer's changes), not loaded from files: not worth caching.
  bool is_snapshot() const { return is_snapshot_; }
  void set_snapshot() { is_snapshot_ = true; }

 private:
  bool is_snapshot_ = false;
  std::shared_ptr<const Dictionary> dictionary_;
  Segmenter segmenter_;
  std::optional<PosTagger> tagger_;
  ScratchPool pool_;
};

// jieba's add_word, del_word, load_userdict and suggest_freq on a Tokenizer: the changes collect
// in a DictionaryBuilder on the Tokenizer's loaded dictionary, and Build() freezes them into a
// new snapshot only when something reads the words (so a loop of add_word costs no rebuilds).
class BuilderHolder {
 public:
  explicit BuilderHolder(const std::shared_ptr<DictionaryHolder>& base)
      : builder_(base->shared_dictionary()) {}
  DictionaryBuilder& builder() { return builder_; }
  StatusOr<std::shared_ptr<DictionaryHolder>> Build() const {
    auto built = builder_.Build();
    if (!built.ok()) return built.status();
    auto holder = std::make_shared<DictionaryHolder>(std::move(built.value()));
    holder->set_snapshot();
    return holder;
  }

 private:
  DictionaryBuilder builder_;
};

struct IdfHolder {
  std::shared_ptr<const IdfTable> idf;
};

struct StopWordsHolder {
  StopWords stop_words;
};

// A keyword extractor and the scratch its calls use (TFIDF and TextRank behind one interface).
class KeywordHolder {
 public:
  virtual ~KeywordHolder() = default;
  virtual const KeywordExtractor& extractor() const = 0;
  ScratchPool& pool() { return pool_; }

 private:
  ScratchPool pool_;
};

// jieba's TFIDF over one dictionary, IDF table and stop-word set, which it keeps alive (the
// extractor borrows them); allowPOS tags with the dictionary's tagger.
class ExtractorHolder final : public KeywordHolder {
 public:
  ExtractorHolder(std::shared_ptr<DictionaryHolder> dictionary, std::shared_ptr<IdfHolder> idf,
                  std::shared_ptr<StopWordsHolder> stop_words)
      : dictionary_(std::move(dictionary)),
        idf_(std::move(idf)),
        stop_words_(std::move(stop_words)),
        extractor_(dictionary_->segmenter(), *idf_->idf, stop_words_->stop_words,
                   dictionary_->tagger_or_null()) {}

  const KeywordExtractor& extractor() const override { return extractor_; }

 private:
  std::shared_ptr<DictionaryHolder> dictionary_;
  std::shared_ptr<IdfHolder> idf_;
  std::shared_ptr<StopWordsHolder> stop_words_;
  TfidfExtractor extractor_;
};

// jieba's TextRank over a dictionary with the posseg HMM and a stop-word set.
class TextRankHolder final : public KeywordHolder {
 public:
  // The dictionary must have a tagger (Make checks).
  static StatusOr<std::shared_ptr<TextRankHolder>> Make(std::shared_ptr<DictionaryHolder> dictionary,
                                                        std::shared_ptr<StopWordsHolder> stop_words) {
    auto tagger = dictionary->tagger();
    if (!tagger.ok()) return tagger.status();
    return std::shared_ptr<TextRankHolder>(
        new TextRankHolder(std::move(dictionary), std::move(stop_words), **tagger));
  }
  const KeywordExtractor& extractor() const override { return extractor_; }

 private:
  TextRankHolder(std::shared_ptr<DictionaryHolder> dictionary,
                 std::shared_ptr<StopWordsHolder> stop_words, const PosTagger& tagger)
      : dictionary_(std::move(dictionary)),
        stop_words_(std::move(stop_words)),
        extractor_(tagger, stop_words_->stop_words) {}

  std::shared_ptr<DictionaryHolder> dictionary_;
  std::shared_ptr<StopWordsHolder> stop_words_;
  TextRankExtractor extractor_;
};

// Loaders; errors come back as Status (module.cc raises them as Python exceptions).
struct LoadedPair {
  std::shared_ptr<DictionaryHolder> dictionary;
  std::shared_ptr<IdfHolder> idf;
};
// The default data of `files` (kwx::LoadData: the compiled file when there is an up-to-date one,
// else the text files), with its IDF table.
StatusOr<LoadedPair> LoadDefaultData(const DataFiles& files);
// A dict.txt-format file with the HMM tables and, unless `pos_model_path` is empty, posseg's.
StatusOr<std::shared_ptr<DictionaryHolder>> LoadDictionary(const std::string& dict_path,
                                                           const std::string& hmm_model_path,
                                                           const std::string& pos_model_path);
StatusOr<std::shared_ptr<IdfHolder>> LoadIdf(const std::string& path);
// The 31 built-in stop words plus every line of each file, in order.
StatusOr<std::shared_ptr<StopWordsHolder>> LoadStopWords(const std::vector<std::string>& paths);

}  // namespace kwx::python

#endif  // KWX_PYTHON_HOLDERS_H_
