// Helpers shared by the unit tests of tests/dict, tests/seg and tests/kw: the default data (loaded
// once per test process) and scratch files in a private temporary directory.
#ifndef KWX_TESTS_TESTDATA_TEST_SUPPORT_H_
#define KWX_TESTS_TESTDATA_TEST_SUPPORT_H_

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "kwx/dictionary.h"
#include "kwx/dictionary_builder.h"
#include "kwx/keywords.h"
#include "kwx/tfidf.h"
#include "kwx/segmenter.h"

namespace kwx::test {

// A file of the build's share/kwx directory (jieba's dict.txt, idf.txt, hmm_model.utf8).
inline std::string DataPath(std::string_view file) {
  return std::string(KWX_TEST_DATA_DIR) + "/" + std::string(file);
}

// jieba's default dictionary and HMM, loaded on first use and kept for the rest of the process.
inline const std::shared_ptr<const Dictionary>& DefaultDictionaryPtr() {
  static const std::shared_ptr<const Dictionary> dict = [] {
    auto loaded = Dictionary::Load(DataPath("dict.txt"), DataPath("hmm_model.utf8"));
    if (!loaded.ok()) {
      std::fprintf(stderr, "cannot load the default data: %s\n", loaded.status().message().c_str());
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return dict;
}
inline const Dictionary& DefaultDictionary() { return *DefaultDictionaryPtr(); }

// The same with jieba.posseg's HMM (pos_hmm.utf8), for part-of-speech tagging.
inline const std::shared_ptr<const Dictionary>& DefaultPosDictionaryPtr() {
  static const std::shared_ptr<const Dictionary> dict = [] {
    DictionaryBuilder builder;
    Status s = builder.AddDictFile(DataPath("dict.txt"));
    if (s.ok()) s = builder.SetHmmModelFile(DataPath("hmm_model.utf8"));
    if (s.ok()) s = builder.SetPosModelFile(DataPath("pos_hmm.utf8"));
    auto built = s.ok() ? builder.Build() : StatusOr<std::shared_ptr<const Dictionary>>(s);
    if (!built.ok()) {
      std::fprintf(stderr, "cannot load the default data: %s\n", built.status().message().c_str());
      std::abort();
    }
    return std::move(built).value();
  }();
  return dict;
}
inline const Dictionary& DefaultPosDictionary() { return *DefaultPosDictionaryPtr(); }

// jieba's default idf.txt.
inline const std::shared_ptr<const IdfTable>& DefaultIdfPtr() {
  static const std::shared_ptr<const IdfTable> idf = [] {
    auto loaded = IdfTable::Load(DataPath("idf.txt"));
    if (!loaded.ok()) {
      std::fprintf(stderr, "cannot load idf.txt: %s\n", loaded.status().message().c_str());
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return idf;
}
inline const IdfTable& DefaultIdf() { return *DefaultIdfPtr(); }

// KeywordOptions with jieba's defaults but for topK.
inline KeywordOptions TopK(std::int64_t top_k) {
  KeywordOptions options;
  options.top_k = top_k;
  return options;
}

// The whole content of a file ("" if it cannot be read).
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The names in a directory, sorted.
inline std::vector<std::string> DirEntries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A fresh directory under the test temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "kwx-test-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (::mkdtemp(buf.data()) == nullptr) {
      std::perror("mkdtemp");
      std::abort();
    }
    path_ = buf.data();
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }

  const std::string& path() const { return path_; }

  // Writes `bytes` (exactly) to `name` in the directory and returns the file's path.
  std::string Write(const std::string& name, std::string_view bytes) const {
    std::string file = path_ + "/" + name;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", file.c_str());
      std::abort();
    }
    return file;
  }

 private:
  std::string path_;
};

// A minimal valid HMM model (cppjieba layout) for dictionaries whose tests never reach the HMM.
inline constexpr std::string_view kTinyHmmModel =
    "-0.26 -3.14e+100 -3.14e+100 -1.46\n"
    "-3.14e+100 -0.51 -0.91 -3.14e+100\n"
    "-0.58 -3.14e+100 -3.14e+100 -0.80\n"
    "-3.14e+100 -0.33 -1.26 -3.14e+100\n"
    "-0.72 -3.14e+100 -3.14e+100 -0.66\n"
    "\xe4\xb8\x80:-3.6\n"   // 一
    "\xe4\xb8\x80:-6.0\n"
    "\xe4\xb8\x80:-4.4\n"
    "\xe4\xb8\x80:-4.9\n";

inline std::vector<std::string> ToStrings(const std::vector<std::string_view>& views) {
  return std::vector<std::string>(views.begin(), views.end());
}

}  // namespace kwx::test

#endif  // KWX_TESTS_TESTDATA_TEST_SUPPORT_H_
