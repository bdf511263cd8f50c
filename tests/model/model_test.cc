// Model::Load: compiled data when the data directory has it, text files otherwise.
#include "kwx/model.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

#include "testdata/test_support.h"

namespace kwx {
namespace {

constexpr const char* kSentence =
    "我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。";

std::vector<Keyword> Top(const Model& m, int k) {
  Workspace ws;
  std::vector<Keyword> out;
  m.extractor->Extract(kSentence, test::TopK(k), ws, &out);
  return out;
}

TEST(ModelTest, CompiledAndTextDataGiveTheSameKeywords) {
  DataFiles dir;
  dir.data_dir = KWX_TEST_DATA_DIR;  // the build's share/kwx, which has kwx.dict
  auto compiled = Model::Load(dir, /*with_keywords=*/true);
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  auto text = Model::LoadText(dir, /*with_keywords=*/true);
  ASSERT_TRUE(text.ok()) << text.status().message();
  auto a = Top(*compiled, 5), b = Top(*text, 5);
  ASSERT_EQ(a.size(), 5u);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].word, b[i].word);
    EXPECT_EQ(a[i].weight, b[i].weight);
  }
  // jieba: ('CEO', 0.9195975002230768) first.
  EXPECT_EQ(a[0].word, "CEO");
  EXPECT_EQ(a[0].weight, 0.9195975002230768);
}

TEST(ModelTest, ExplicitIdfReplacesTheCompiledOne) {
  test::TempDir tmp;
  DataFiles files;
  files.data_dir = KWX_TEST_DATA_DIR;
  files.idf = tmp.Write("idf.txt", "拖拉机 100.0\n");
  auto m = Model::Load(files, true);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->idf->size(), 1u);
  EXPECT_EQ(Top(*m, 1)[0].word, "拖拉机");
}

TEST(ModelTest, SegmentationOnlyHasNoExtractor) {
  DataFiles dir;
  dir.data_dir = KWX_TEST_DATA_DIR;
  auto m = Model::Load(dir, /*with_keywords=*/false);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->extractor, nullptr);
  EXPECT_EQ(m->idf, nullptr);
  ASSERT_NE(m->segmenter, nullptr);
}

TEST(ModelTest, ErrorsNameTheFile) {
  test::TempDir tmp;
  DataFiles files;
  files.data_dir = tmp.path();  // empty: no kwx.dict, no idf.txt, no dict.txt
  auto m = Model::Load(files, true);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find(tmp.path() + "/idf.txt"), std::string::npos)
      << m.status().message();
  std::filesystem::copy_file(std::string(KWX_TEST_DATA_DIR) + "/idf.txt", tmp.path() + "/idf.txt");
  m = Model::Load(files, true);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find(tmp.path() + "/dict.txt"), std::string::npos)
      << m.status().message();
  files.data_dir = KWX_TEST_DATA_DIR;
  auto bad_stop = Model::Load(files, true, {tmp.path() + "/missing-stop.txt"});
  ASSERT_FALSE(bad_stop.ok());
  EXPECT_NE(bad_stop.status().message().find("missing-stop.txt"), std::string::npos);
}

// LoadData is what Model::Load and the Python package load: the compiled file's two parts,
// which outlive the Model that shared them.
TEST(ModelTest, LoadDataSharesThePartsWithTheModel) {
  DataFiles dir;
  dir.data_dir = KWX_TEST_DATA_DIR;
  auto data = LoadData(dir, /*with_idf=*/true);
  ASSERT_TRUE(data.ok()) << data.status().message();
  ASSERT_NE(data->idf, nullptr);
  auto no_idf = LoadData(dir, /*with_idf=*/false);
  ASSERT_TRUE(no_idf.ok());
  EXPECT_EQ(no_idf->idf, nullptr);
  std::shared_ptr<const IdfTable> idf;
  std::shared_ptr<const Dictionary> dictionary;
  {
    auto m = Model::Load(dir, true);
    ASSERT_TRUE(m.ok());
    Model moved = std::move(m.value());
    idf = moved.idf;
    dictionary = moved.dictionary;
    EXPECT_EQ(Top(moved, 1)[0].word, "CEO");
  }
  EXPECT_EQ(idf->Get("拖拉机"), data->idf->Get("拖拉机"));
  EXPECT_EQ(dictionary->Frequency("拖拉机"), 438u);
}

}  // namespace
}  // namespace kwx
