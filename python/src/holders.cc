#include "holders.h"

#include "kwx/dictionary_builder.h"
#include "kwx/model.h"

namespace kwx::python {

ScratchPool::Lease ScratchPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_.empty()) {
      auto scratch = std::move(free_.back());
      free_.pop_back();
      return Lease(*this, std::move(scratch));
    }
  }
  return Lease(*this, std::make_unique<Scratch>());
}

void ScratchPool::Return(std::unique_ptr<Scratch> scratch) {
  std::lock_guard<std::mutex> lock(mu_);
  // Bounded, so that a burst of threads does not pin their buffers forever.
  if (free_.size() < 16) free_.push_back(std::move(scratch));
}

StatusOr<LoadedPair> LoadDefaultData(const DataFiles& files) {
  // The compiled file's checksum runs on a thread of its own while this one bounds-checks the
  // trie and runs the self-test; its verdict is in before anything is returned (about 2 ms off
  // the first call of a process).
  LoadOptions options;
  options.checksum_in_background = true;
  auto loaded = LoadData(files, /*with_idf=*/true, options);
  if (!loaded.ok()) return loaded.status();
  if (loaded->checksum_verdict) {
    if (Status s = loaded->checksum_verdict(); !s.ok()) return s;
  }
  LoadedPair pair;
  pair.dictionary = std::make_shared<DictionaryHolder>(std::move(loaded->dictionary));
  pair.idf = std::make_shared<IdfHolder>(IdfHolder{std::move(loaded->idf)});
  return pair;
}

StatusOr<std::shared_ptr<DictionaryHolder>> LoadDictionary(const std::string& dict_path,
                                                           const std::string& hmm_model_path,
                                                           const std::string& pos_model_path) {
  DictionaryBuilder builder;
  if (Status s = builder.AddDictFile(dict_path); !s.ok()) return s;
  if (Status s = builder.SetHmmModelFile(hmm_model_path); !s.ok()) return s;
  if (!pos_model_path.empty()) {
    if (Status s = builder.SetPosModelFile(pos_model_path); !s.ok()) return s;
  }
  auto dictionary = builder.Build();
  if (!dictionary.ok()) return dictionary.status();
  return std::make_shared<DictionaryHolder>(std::move(dictionary.value()));
}

StatusOr<std::shared_ptr<IdfHolder>> LoadIdf(const std::string& path) {
  auto idf = IdfTable::Load(path);
  if (!idf.ok()) return idf.status();
  return std::make_shared<IdfHolder>(IdfHolder{std::move(idf.value())});
}

StatusOr<std::shared_ptr<StopWordsHolder>> LoadStopWords(const std::vector<std::string>& paths) {
  auto holder = std::make_shared<StopWordsHolder>();
  for (const std::string& path : paths) {
    if (Status s = holder->stop_words.AddFile(path); !s.ok()) return s;
  }
  return holder;
}

}  // namespace kwx::python
