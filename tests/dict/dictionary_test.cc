#include "kwx/dictionary.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "access.h"
#include "dict/dictionary_data.h"
#include "kwx/segmenter.h"
#include "kwx/workspace.h"
#include "gtest/gtest.h"
#include "testdata/test_support.h"

namespace kwx {
namespace {

using test::DataPath;
using test::TempDir;

StatusOr<std::shared_ptr<const Dictionary>> LoadCustom(const TempDir& dir, std::string_view dict_text) {
  return Dictionary::Load(dir.Write("dict.txt", dict_text), dir.Write("hmm.utf8", test::kTinyHmmModel));
}

TEST(DictionaryTest, DefaultData) {
  auto t0 = std::chrono::steady_clock::now();
  auto r = Dictionary::Load(DataPath("dict.txt"), DataPath("hmm_model.utf8"));
  auto t1 = std::chrono::steady_clock::now();
  ASSERT_TRUE(r.ok()) << r.status().message();
  std::printf("default dictionary loaded in %.3f s\n",
              std::chrono::duration<double>(t1 - t0).count());
  const Dictionary& d = **r;
  // jieba.dt.total, jieba.dt.FREQ (/usr/bin/python3, jieba 0.42.1): 60101967 in all, 498113
  // entries of which 349045 have a non-zero frequency.
  EXPECT_EQ(d.total_frequency(), 60101967u);
  EXPECT_EQ(d.word_count(), 349045u);
  EXPECT_EQ(internal::Access::Data(d).log_total, std::log(60101967.0));
  EXPECT_EQ(d.Frequency("B超"), 3u);  // the one duplicated line: "B超 3 n" twice
  EXPECT_EQ(d.Frequency("中国"), 129470u);
  EXPECT_EQ(d.Frequency("中华人民共和国"), 9989u);
  EXPECT_EQ(d.Frequency("的"), 318825u);
  EXPECT_EQ(d.Frequency("拖拉机"), 438u);
  EXPECT_EQ(d.Frequency("清华大学"), 922u);
  // Prefixes are in FREQ with 0; unknown words are absent: both read as 0.
  EXPECT_EQ(d.Frequency("中华人民共和"), 0u);
  EXPECT_EQ(d.Frequency("B"), 0u);
  EXPECT_EQ(d.Frequency("不存在的词xx"), 0u);
  EXPECT_EQ(d.Frequency(""), 0u);
  EXPECT_EQ(d.Frequency("\xff\xfe"), 0u);  // not UTF-8
  EXPECT_EQ(d.Frequency("中国\xff"), 0u);
  // jieba.posseg.dt.word_tag_tab (/usr/bin/python3, jieba 0.42.1).
  EXPECT_EQ(d.Tag("中国"), "ns");
  EXPECT_EQ(d.Tag("清华大学"), "nt");
  EXPECT_EQ(d.Tag("拖拉机"), "n");
  EXPECT_EQ(d.Tag("B超"), "n");
  EXPECT_EQ(d.Tag("的"), "uj");
  EXPECT_EQ(d.Tag("中华人民共和"), "");  // a prefix
  EXPECT_EQ(d.Tag("不存在的词xx"), "");
  EXPECT_EQ(d.Tag("\xff"), "");
}

// Every word's tag is the third field of its last line in dict.txt, as jieba.posseg reads it
// (349,045 words, 55 distinct tags).
TEST(DictionaryTest, EveryWordHasTheTagOfItsLastLine) {
  auto r = Dictionary::Load(DataPath("dict.txt"), DataPath("hmm_model.utf8"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  std::ifstream in(DataPath("dict.txt"));
  std::unordered_map<std::string, std::string> last_tag;
  std::string line;
  while (std::getline(in, line)) {
    std::size_t a = line.find(' '), b = line.find(' ', a + 1);
    last_tag[line.substr(0, a)] = b == std::string::npos ? "" : line.substr(b + 1);
  }
  ASSERT_EQ(last_tag.size(), 349045u);
  std::size_t wrong = 0;
  std::unordered_map<std::string_view, int> distinct;
  for (const auto& [word, tag] : last_tag) {
    std::string_view got = (*r)->Tag(word);
    if (got != tag && ++wrong < 5) ADD_FAILURE() << word << ": " << got << " vs " << tag;
    distinct[got] = 1;
  }
  EXPECT_EQ(wrong, 0u);
  EXPECT_EQ(distinct.size(), 55u);
}

TEST(DictionaryTest, TagsOfCustomDictionaries) {
  TempDir dir;
  // The last line of a word decides, with or without a tag.
  auto r = LoadCustom(dir, "a 3 n\nb 2 v\na 5 nz\nc 1\nb 4\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)->Tag("a"), "nz");
  EXPECT_EQ((*r)->Tag("b"), "");
  EXPECT_EQ((*r)->Tag("c"), "");
}

// The route walk stops where the edge filter says "no such child": a missing edge would cut
// words short. Every edge below the root must pass, and most absent ones should not.
TEST(DictionaryTest, EdgeFilterLetsEveryEdgeThrough) {
  auto r = Dictionary::Load(DataPath("dict.txt"), DataPath("hmm_model.utf8"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  const internal::DictionaryData& d = internal::Access::Data(**r);
  const internal::DoubleArrayUnit* units = d.trie.units();
  std::size_t edges = 0, absent = 0, absent_passing = 0;
  for (std::size_t t = 0; t < d.trie.size(); ++t) {
    std::int32_t parent = units[t].check;
    if (parent <= 0) continue;
    auto c = static_cast<std::uint32_t>(static_cast<std::int64_t>(t) - units[parent].base);
    ++edges;
    ASSERT_TRUE(d.edges.MayHaveChild(parent, c)) << "node " << t;
    // A sibling id that is not a child of this parent.
    std::uint32_t other = c + 1 < d.alphabet_size ? c + 1 : 1;
    if (d.trie.Child(parent, other) == internal::DoubleArray::kNone) {
      ++absent;
      absent_passing += d.edges.MayHaveChild(parent, other);
    }
  }
  EXPECT_GT(edges, 300000u);
  EXPECT_GT(absent, 100000u);
  EXPECT_LT(absent_passing, absent / 5);  // ~11% filled with jieba's dictionary
}

TEST(DictionaryTest, CustomDictionaryFromATempFile) {
  TempDir dir;
  // jieba's gen_pfdict on the same text: {'x': 1, 'ab': 5, 'a': 0, 'abc': 0}, total 8.
  auto r = LoadCustom(dir, "x 1\nab 2\nabc 0\nab 5\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)->total_frequency(), 8u);
  EXPECT_EQ((*r)->word_count(), 2u);
  EXPECT_EQ((*r)->Frequency("x"), 1u);
  EXPECT_EQ((*r)->Frequency("ab"), 5u);  // the last line for a word wins
  EXPECT_EQ((*r)->Frequency("a"), 0u);   // prefix
  EXPECT_EQ((*r)->Frequency("abc"), 0u);
  EXPECT_EQ((*r)->Frequency("b"), 0u);   // unknown
}

TEST(DictionaryTest, LaterZeroFrequencyLineUnmakesAWord) {
  TempDir dir;
  // jieba: lfreq['甲乙'] = 0 after the second line; total 7 still counts both.
  auto r = LoadCustom(dir, "甲乙 5\n甲 2\n甲乙 0\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)->total_frequency(), 7u);
  EXPECT_EQ((*r)->word_count(), 1u);
  EXPECT_EQ((*r)->Frequency("甲乙"), 0u);
  EXPECT_EQ((*r)->Frequency("甲"), 2u);
  const auto& data = internal::Access::Data(**r);
  std::vector<std::uint32_t> ids = {data.chars.Id(U'甲'), data.chars.Id(U'乙')};
  EXPECT_FALSE(data.IsWord(ids));
  EXPECT_NE(data.Find(ids), internal::DoubleArray::kNone);  // still in FREQ, as a 0 entry
}

TEST(DictionaryTest, TrieWeightsAreLogFreqMinusLogTotal) {
  TempDir dir;
  auto r = LoadCustom(dir, "a 3\nbc 7\nb 0\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  const auto& data = internal::Access::Data(**r);
  double log_total = std::log(10.0);
  EXPECT_EQ(data.log_total, log_total);
  auto node_of = [&](std::u32string_view w) {
    std::vector<std::uint32_t> ids;
    for (char32_t c : w) ids.push_back(data.chars.Id(c));
    return data.Find(ids);
  };
  ASSERT_NE(node_of(U"a"), -1);
  auto log_prob = [&](std::u32string_view w) { return data.log_probs[data.trie.unit(node_of(w)).freq_index]; };
  EXPECT_EQ(log_prob(U"a"), std::log(3.0) - log_total);
  EXPECT_EQ(log_prob(U"bc"), std::log(7.0) - log_total);
  EXPECT_EQ(data.Frequency(node_of(U"bc")), 7u);
  EXPECT_FALSE(data.trie.unit(node_of(U"b")).is_word());
  EXPECT_EQ(data.chars.Id(U'z'), 0u);  // a character no word uses
}

TEST(DictionaryTest, MissingDictionaryFileIsNamed) {
  TempDir dir;
  std::string missing = dir.path() + "/no-such-dict.txt";
  auto r = Dictionary::Load(missing, DataPath("hmm_model.utf8"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find(missing), std::string::npos) << r.status().message();
}

TEST(DictionaryTest, MissingHmmFileIsNamed) {
  TempDir dir;
  std::string missing = dir.path() + "/no-such-model.utf8";
  auto r = Dictionary::Load(dir.Write("dict.txt", "a 1\n"), missing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find(missing), std::string::npos) << r.status().message();
}

TEST(DictionaryTest, DirectoryAsDictionaryIsAnIoError) {
  TempDir dir;
  auto r = Dictionary::Load(dir.path(), DataPath("hmm_model.utf8"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
  EXPECT_NE(r.status().message().find(dir.path()), std::string::npos) << r.status().message();
}

TEST(DictionaryTest, MalformedDictionaryNamesFileAndLine) {
  TempDir dir;
  std::string path = dir.Write("bad.txt", "a 1\nb two\n");
  auto r = Dictionary::Load(path, dir.Write("hmm.utf8", test::kTinyHmmModel));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_NE(r.status().message().find(path), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("line 2"), std::string::npos) << r.status().message();
}

TEST(DictionaryTest, MalformedHmmNamesFile) {
  TempDir dir;
  std::string hmm = dir.Write("hmm.utf8", "-1 -2 -3\n");
  auto r = Dictionary::Load(dir.Write("dict.txt", "a 1\n"), hmm);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_NE(r.status().message().find(hmm), std::string::npos) << r.status().message();
}

TEST(DictionaryTest, AllZeroFrequenciesAreRefused) {
  // jieba would fail later with log(0) ("math domain error"); kwx refuses at load.
  TempDir dir;
  auto empty = LoadCustom(dir, "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kDataError);
  auto zeros = LoadCustom(dir, "a 0\nb 0\n");
  ASSERT_FALSE(zeros.ok());
  EXPECT_EQ(zeros.status().code(), StatusCode::kDataError);
}

}  // namespace
}  // namespace kwx
