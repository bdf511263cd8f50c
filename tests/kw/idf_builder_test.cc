// Document frequencies and the idf.txt they make.
#include "kwx/idf_builder.h"

#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "kwx/dictionary_builder.h"
#include "kwx/segmenter.h"
#include "kwx/workspace.h"
#include "testdata/test_support.h"

namespace kwx {
namespace {

void Add(DocumentFrequencies* df, std::vector<std::string_view> tokens) { df->AddDocument(tokens); }

TEST(DocumentFrequenciesTest, AWordCountsOncePerDocument) {
  DocumentFrequencies df;
  Add(&df, {"北京", "大学", "北京", "北京"});
  Add(&df, {"大学"});
  Add(&df, {});
  Add(&df, {"北京", "清华"});
  EXPECT_EQ(df.documents(), 4u);
  EXPECT_EQ(df.Frequency("北京"), 2u);
  EXPECT_EQ(df.Frequency("大学"), 2u);
  EXPECT_EQ(df.Frequency("清华"), 1u);
  EXPECT_EQ(df.Frequency("天津"), 0u);
  EXPECT_EQ(df.word_count(), 3u);
}

TEST(DocumentFrequenciesTest, TokensWithWhitespaceAreNotWords) {
  // jieba's idf.txt reader splits at ' ' and at str.splitlines()'s breaks: such a token could not
  // be read back as itself.
  DocumentFrequencies df;
  Add(&df, {" ", "\t", "\u3000", "a b", "x\u2028y", "", "\u0085", "ok", "C++"});
  EXPECT_EQ(df.word_count(), 2u);
  EXPECT_EQ(df.Frequency("ok"), 1u);
  EXPECT_EQ(df.Frequency("C++"), 1u);
  EXPECT_EQ(df.Frequency(" "), 0u);
  EXPECT_EQ(df.Frequency("a b"), 0u);
}

TEST(DocumentFrequenciesTest, IdfTextIsJiebasFormatWithPythonsDoubles) {
  DocumentFrequencies df;
  Add(&df, {"b", "a"});
  Add(&df, {"a", "c"});
  Add(&df, {"a", "c"});
  Add(&df, {"a"});
  // log(N / df), sorted by the words' bytes, Python's repr() of each double (from
  // /usr/bin/python3: repr(math.log(4)), repr(math.log(4/2))).
  EXPECT_EQ(df.IdfText({}), "a 0.0\nb 1.3862943611198906\nc 0.6931471805599453\n");
  IdfBuildOptions min2;
  min2.min_df = 2;
  EXPECT_EQ(df.IdfText(min2), "a 0.0\nc 0.6931471805599453\n");
  IdfBuildOptions smooth;
  smooth.smooth = true;  // log((N + 1) / (df + 1)) + 1: math.log(5/5)+1, math.log(5/2)+1, ...
  EXPECT_EQ(df.IdfText(smooth), "a 1.0\nb 1.916290731874155\nc 1.5108256237659907\n");
  EXPECT_EQ(DocumentFrequencies().IdfText({}), "");
}

TEST(DocumentFrequenciesTest, MergingGivesWhatCountingAllAtOnceGives) {
  const std::vector<std::vector<std::string_view>> docs = {
      {"x", "y", "x"}, {"y"}, {"z", "x"}, {"y", "z"}, {"x"}};
  DocumentFrequencies all;
  for (const auto& d : docs) Add(&all, d);
  for (std::size_t split = 0; split <= docs.size(); ++split) {
    DocumentFrequencies first, second;
    for (std::size_t i = 0; i < docs.size(); ++i) Add(i < split ? &first : &second, docs[i]);
    first.Merge(second);
    // Counting goes on correctly after a merge.
    DocumentFrequencies more = std::move(first);
    Add(&more, {"x", "w", "x"});
    DocumentFrequencies expected;
    for (const auto& d : docs) Add(&expected, d);
    Add(&expected, {"x", "w", "x"});
    EXPECT_EQ(more.IdfText({}), expected.IdfText({})) << split;
    EXPECT_EQ(more.Frequency("x"), 4u);
  }
  EXPECT_EQ(all.Frequency("x"), 3u);
}

TEST(DocumentFrequenciesTest, SavedCountsRestoreTheSameTable) {
  DocumentFrequencies df;
  Add(&df, {"x", "y"});
  Add(&df, {"x"});
  DocumentFrequencies restored;
  restored.AddDocuments(df.documents());
  df.ForEachWord([&](std::string_view w, std::uint64_t n) { restored.AddToWord(w, n); });
  restored.AddToWord("a b", 5);  // not a word: ignored
  restored.AddToWord("z", 0);    // nothing to add
  EXPECT_EQ(restored.IdfText({}), df.IdfText({}));
  EXPECT_EQ(restored.word_count(), 2u);
  // Merging with itself doubles every count.
  restored.Merge(restored);
  EXPECT_EQ(restored.documents(), 4u);
  EXPECT_EQ(restored.Frequency("x"), 4u);
  EXPECT_EQ(restored.IdfText({}), df.IdfText({}));  // N and every df doubled: the same ratios
}

// The counts of `corpus` by CountDocumentFrequencies equal Segmenter::Cut's tokens added line by
// line, with and without the HMM, on any number of threads.
void ExpectCountsOfCut(const Segmenter& seg, CutMode mode, const std::vector<std::string>& lines,
                       int repeat) {
  std::string corpus;
  for (int r = 0; r < repeat; ++r) {
    for (const std::string& l : lines) corpus.append(l).append("\n");
  }
  for (bool hmm : {true, false}) {
    DocumentFrequencies expected;
    Workspace ws;
    std::vector<std::string_view> tokens;
    for (int r = 0; r < repeat; ++r) {
      for (const std::string& l : lines) {
        seg.Cut(l, mode, hmm, ws, &tokens);
        expected.AddDocument(tokens);
      }
    }
    for (int jobs : {1, 2, 4}) {
      auto source = LineSource::FromBytes(corpus);
      BatchOptions options;
      options.jobs = jobs;
      options.chunk_bytes = 200;  // many chunks
      DocumentFrequencies counted;
      auto result = CountDocumentFrequencies(*source, seg, mode, hmm, options, &counted);
      ASSERT_TRUE(result.ok()) << result.status().message();
      EXPECT_EQ(counted.documents(), lines.size() * static_cast<std::size_t>(repeat));
      EXPECT_EQ(counted.IdfText({}), expected.IdfText({})) << jobs << " " << hmm;
    }
  }
}

// Accurate counts are keyed by trie node where a token has one (the route's, or the trie walk's
// for the HMM's words and tokens outside blocks), else by the string: one key per word, also
// with user words in an overlay (not in the base trie, or changing it).
TEST(DocumentFrequenciesTest, NodeKeyedCountsAreTheCutsCounts) {
  const std::vector<std::string> lines = {
      "我来到北京清华大学", "他来到了网易杭研大厦", "杭研 杭研杭研", "小明硕士毕业于中国科学院计算所",
      "The UTF-8 e-mail 3.14% C++ 程序设计语言 CEO ceo", "，。！  \t\r", "工信处女干事每月经过下属科室",
      "石墨烯和区块链", "区块链石墨烯"};
  ExpectCountsOfCut(Segmenter(test::DefaultDictionary()), CutMode::kAccurate, lines, 20);
  DictionaryBuilder builder(test::DefaultDictionaryPtr());
  ASSERT_TRUE(builder.AddWord("石墨烯", 100000).ok());   // a new word
  ASSERT_TRUE(builder.AddWord("杭研", 50000).ok());      // an HMM word made a dictionary word
  ASSERT_TRUE(builder.AddWord("清华大学", 0).ok());      // a word removed
  ASSERT_TRUE(builder.AddWord("区块", 0).ok());
  auto dict = builder.Build();
  ASSERT_TRUE(dict.ok()) << dict.status().message();
  ExpectCountsOfCut(Segmenter(*dict.value()), CutMode::kAccurate, lines, 20);
}

TEST(DocumentFrequenciesTest, CountingACorpusIsTheSameOnAnyNumberOfThreads) {
  const std::vector<std::string> lines = {
      "我来到北京清华大学", "他来到了网易杭研大厦", "", "小明硕士毕业于中国科学院计算所",
      "The UTF-8 e-mail 3.14% C++ 程序设计语言", "我来到北京  清华大学\t北京"};
  const Segmenter seg(test::DefaultDictionary());
  for (CutMode mode : {CutMode::kAccurate, CutMode::kFull, CutMode::kSearch}) {
    ExpectCountsOfCut(seg, mode, lines, 50);
  }
}

}  // namespace
}  // namespace kwx
