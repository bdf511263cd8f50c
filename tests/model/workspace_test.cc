// Workspace (src/workspace.cc): once warm, the hot path allocates nothing. Counted by replacing
// the global operator new in this test binary; only the calling thread's allocations between
// the markers count.
#include "kwx/workspace.h"

#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "kwx/model.h"
#include "kwx/segmenter.h"
#include "kwx/tfidf.h"
#include "testdata/test_support.h"

namespace {

thread_local bool counting = false;
thread_local long allocations = 0;

void* Allocate(std::size_t n) {
  if (counting) ++allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t n) { return Allocate(n); }
void* operator new[](std::size_t n) { return Allocate(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return Allocate(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace kwx {
namespace {

// Allocations `f` makes on this thread.
template <typename F>
long AllocationsOf(F&& f) {
  allocations = 0;
  counting = true;
  f();
  counting = false;
  return allocations;
}

// Han text with dictionary words and words only the HMM finds, English, digits, punctuation,
// upper case (the stop-word test lower-cases), "\r\n", invalid UTF-8 (repaired into the
// workspace), and in full mode both joined and split ASCII runs.
const std::vector<std::string> kTexts = {
    "我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。",
    "他来到了网易杭研大厦，小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "Google Inc. 的 C++ 团队\r\n3.14% e-mail THE Of AND 龘龘龘龘 喫茶店 𠀀",
    "\xe4\xb8\xad\xff\xe5\x9b\xbd\xe4\xb8 invalid UTF-8 in the middle",
    "",
};

class WorkspaceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    DataFiles files;
    files.data_dir = KWX_TEST_DATA_DIR;
    auto loaded = Model::Load(files, /*with_keywords=*/true);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    model_ = new Model(std::move(loaded).value());
  }
  static void TearDownTestSuite() {
    delete model_;
    model_ = nullptr;
  }
  static Model* model_;
};
Model* WorkspaceTest::model_ = nullptr;

TEST_F(WorkspaceTest, AWarmWorkspaceAllocatesNothing) {
  const Segmenter& segmenter = *model_->segmenter;
  const KeywordExtractor& extractor = *model_->extractor;
  Workspace ws;
  std::vector<std::string_view> words;
  std::vector<Token> tokens;
  std::vector<Keyword> keywords;
  KeywordOptions top;
  top.top_k = 10;
  auto every_call = [&](const std::string& text) {
    for (CutMode mode : {CutMode::kAccurate, CutMode::kSearch, CutMode::kFull}) {
      for (bool hmm : {true, false}) segmenter.Cut(text, mode, hmm, ws, &words);
    }
    segmenter.Tokenize(text, CutMode::kAccurate, true, ws, &tokens);
    segmenter.Tokenize(text, CutMode::kSearch, true, ws, &tokens);
    extractor.Extract(text, top, ws, &keywords);
  };
  // Warm up: the buffers grow to the largest text.
  for (const std::string& text : kTexts) every_call(text);
  ASSERT_GT(AllocationsOf([&] { every_call(kTexts[0] + kTexts[1]); }), 0)
      << "a longer text must grow the buffers (or the counter counts nothing)";
  for (const std::string& text : kTexts) {
    EXPECT_EQ(AllocationsOf([&] { every_call(text); }), 0) << text;
  }
  // Each call on its own, so that a failure says which one allocates.
  const std::string& text = kTexts[2];
  for (CutMode mode : {CutMode::kAccurate, CutMode::kSearch, CutMode::kFull}) {
    EXPECT_EQ(AllocationsOf([&] { segmenter.Cut(text, mode, true, ws, &words); }), 0)
        << static_cast<int>(mode);
  }
  EXPECT_EQ(AllocationsOf([&] { extractor.Extract(text, top, ws, &keywords); }), 0);
  EXPECT_FALSE(keywords.empty());
}

TEST_F(WorkspaceTest, RepairsAreCountedPerCall) {
  Workspace ws;
  std::vector<std::string_view> words;
  model_->segmenter->Cut(kTexts[3], CutMode::kAccurate, true, ws, &words);
  EXPECT_EQ(ws.last_replacements(), 2u);  // \xff, and the cut-off \xe4\xb8
  model_->segmenter->Cut(kTexts[0], CutMode::kAccurate, true, ws, &words);
  EXPECT_EQ(ws.last_replacements(), 0u);
  Workspace moved = std::move(ws);
  model_->segmenter->Cut(kTexts[3], CutMode::kFull, true, moved, &words);
  EXPECT_EQ(moved.last_replacements(), 2u);
}

}  // namespace
}  // namespace kwx
