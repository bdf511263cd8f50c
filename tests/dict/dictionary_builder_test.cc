// DictionaryBuilder: files and single words in order, jieba's add_word/del_word semantics, index-only
// words, and independent snapshots.
#include "kwx/dictionary_builder.h"

#include <cmath>
#include <string>
#include <vector>

#include "access.h"
#include "dict/dictionary_data.h"
#include "gtest/gtest.h"
#include "kwx/segmenter.h"
#include "kwx/workspace.h"
#include "testdata/test_support.h"

namespace kwx {
namespace {

using test::DataPath;
using test::TempDir;

std::vector<std::string> Cut(const Dictionary& dict, std::string_view text, bool hmm = true) {
  Segmenter segmenter(dict);
  Workspace ws;
  std::vector<std::string_view> words;
  segmenter.Cut(text, CutMode::kAccurate, hmm, ws, &words);
  return std::vector<std::string>(words.begin(), words.end());
}

DictionaryBuilder TinyBuilder(const TempDir& dir, std::string_view dict_text) {
  DictionaryBuilder builder;
  EXPECT_TRUE(builder.AddDictFile(dir.Write("dict.txt", dict_text)).ok());
  EXPECT_TRUE(builder.SetHmmModelFile(dir.Write("hmm.utf8", test::kTinyHmmModel)).ok());
  return builder;
}

// jieba 0.42.1: add_word sets FREQ[word], adds freq to total (even when it replaces an earlier
// frequency), adds missing prefixes with 0, and records the tag only when one is given.
TEST(DictionaryBuilderTest, AddWordHasJiebaSemantics) {
  TempDir dir;
  DictionaryBuilder builder = TinyBuilder(dir, "甲 2 n\n乙 3 v\n");
  ASSERT_TRUE(builder.AddWord("甲乙", 5, "nz").ok());
  ASSERT_TRUE(builder.AddWord("甲乙", 7).ok());       // no tag: keeps "nz"
  ASSERT_TRUE(builder.AddWord("丙丁戊", 1, "x").ok());
  ASSERT_TRUE(builder.AddWord("甲", 4).ok());          // an existing word, no tag: keeps "n"
  auto built = builder.Build();
  ASSERT_TRUE(built.ok()) << built.status().message();
  const Dictionary& d = **built;
  EXPECT_EQ(d.total_frequency(), 2u + 3 + 5 + 7 + 1 + 4);
  EXPECT_EQ(d.word_count(), 4u);  // 甲 乙 甲乙 丙丁戊
  EXPECT_EQ(d.Frequency("甲乙"), 7u);
  EXPECT_EQ(d.Frequency("甲"), 4u);
  EXPECT_EQ(d.Frequency("丙丁"), 0u);  // a prefix: a node without frequency
  EXPECT_EQ(d.Tag("甲乙"), "nz");
  EXPECT_EQ(d.Tag("甲"), "n");
  EXPECT_EQ(d.Tag("丙丁戊"), "x");
  const internal::DictionaryData& data = internal::Access::Data(d);
  std::vector<std::uint32_t> prefix = {data.chars.Id(U'丙'), data.chars.Id(U'丁')};
  EXPECT_NE(data.Find(prefix), internal::DoubleArray::kNone);
  EXPECT_EQ(data.log_total, std::log(22.0));
  EXPECT_EQ(Cut(d, "甲乙丙丁戊乙"), (std::vector<std::string>{"甲乙", "丙丁戊", "乙"}));
}

// Adding words one by one gives the dictionary that the same lines appended to the file give.
TEST(DictionaryBuilderTest, AddWordEqualsAppendedLines) {
  TempDir dir;
  DictionaryBuilder by_words;
  ASSERT_TRUE(by_words.AddDictFile(DataPath("dict.txt")).ok());
  ASSERT_TRUE(by_words.SetHmmModelFile(DataPath("hmm_model.utf8")).ok());
  const std::vector<std::pair<std::string, int>> added = {
      {"杭研", 30}, {"网易杭研", 0}, {"清华大学", 1}, {"拖拉机学院", 200}, {"中", 1}};
  std::string extra;
  for (const auto& [w, f] : added) {
    ASSERT_TRUE(by_words.AddWord(w, f).ok());
    extra += w + " " + std::to_string(f) + "\n";
  }
  DictionaryBuilder by_file;
  ASSERT_TRUE(by_file.AddDictFile(DataPath("dict.txt")).ok());
  ASSERT_TRUE(by_file.AddDictFile(dir.Write("user.txt", extra)).ok());
  ASSERT_TRUE(by_file.SetHmmModelFile(DataPath("hmm_model.utf8")).ok());
  auto a = by_words.Build();
  auto b = by_file.Build();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*a)->total_frequency(), 60101967u + 30 + 0 + 1 + 200 + 1);
  EXPECT_EQ((*a)->total_frequency(), (*b)->total_frequency());
  EXPECT_EQ((*a)->word_count(), (*b)->word_count());
  for (const std::string& s : {"他来到了网易杭研大厦", "我是拖拉机学院手扶拖拉机专业的",
                               "小明硕士毕业于中国科学院计算所，后在日本京都大学深造"}) {
    EXPECT_EQ(Cut(**a, s), Cut(**b, s)) << s;
  }
  EXPECT_EQ(Cut(**a, "他来到了网易杭研大厦"),
            (std::vector<std::string>{"他", "来到", "了", "网易", "杭研", "大厦"}));
}

// jieba: del_word(w) = add_word(w, 0), and finalseg then never yields w: the HMM's guess comes
// out as single characters (checked with /usr/bin/python3, jieba 0.42.1).
TEST(DictionaryBuilderTest, RemoveWordSplitsTheHmmGuessToo) {
  DictionaryBuilder builder;
  ASSERT_TRUE(builder.AddDictFile(DataPath("dict.txt")).ok());
  ASSERT_TRUE(builder.SetHmmModelFile(DataPath("hmm_model.utf8")).ok());
  auto before = builder.Build();
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(Cut(**before, "我们中出了一个叛徒"),
            (std::vector<std::string>{"我们", "中出", "了", "一个", "叛徒"}));
  EXPECT_EQ(Cut(**before, "他来到了网易杭研大厦"),
            (std::vector<std::string>{"他", "来到", "了", "网易", "杭研", "大厦"}));
  ASSERT_TRUE(builder.RemoveWord("中出").ok());
  ASSERT_TRUE(builder.RemoveWord("杭研").ok());
  auto after = builder.Build();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)->total_frequency(), 60101967u);  // a frequency of 0 adds nothing
  EXPECT_EQ((*after)->Frequency("中出"), 0u);
  EXPECT_EQ(Cut(**after, "我们中出了一个叛徒"),
            (std::vector<std::string>{"我们", "中", "出", "了", "一个", "叛徒"}));
  EXPECT_EQ(Cut(**after, "他来到了网易杭研大厦"),
            (std::vector<std::string>{"他", "来到", "了", "网易", "杭", "研", "大厦"}));
  // The earlier snapshot is unchanged.
  EXPECT_EQ(Cut(**before, "他来到了网易杭研大厦")[4], "杭研");
}

TEST(DictionaryBuilderTest, EmptyWordOnlyAddsToTheTotal) {
  TempDir dir;
  DictionaryBuilder builder = TinyBuilder(dir, "a 3\n");
  ASSERT_TRUE(builder.AddWord("", 7).ok());
  auto d = builder.Build();
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)->total_frequency(), 10u);
  EXPECT_EQ((*d)->word_count(), 1u);
  EXPECT_EQ((*d)->Frequency(""), 0u);
}

TEST(DictionaryBuilderTest, BadWordsAreRefusedAndLeaveNoTrace) {
  TempDir dir;
  DictionaryBuilder builder = TinyBuilder(dir, "a 3\n");
  EXPECT_EQ(builder.AddWord("b", -1).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(builder.AddWord("\xff", 1).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(builder.AddWord("b", 1, "\xfe").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(builder.RemoveWord("\xff").code(), StatusCode::kInvalidArgument);
  // A bad line anywhere in a file adds nothing of the file.
  Status bad = builder.AddDictFile(dir.Write("bad.txt", "c 1\nd x\n"));
  EXPECT_EQ(bad.code(), StatusCode::kDataError);
  EXPECT_NE(bad.message().find("line 2"), std::string::npos) << bad.message();
  auto d = builder.Build();
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)->total_frequency(), 3u);
  EXPECT_EQ((*d)->Frequency("b"), 0u);
  EXPECT_EQ((*d)->Frequency("c"), 0u);
}

TEST(DictionaryBuilderTest, BuildNeedsAnHmmModelAndAWord) {
  TempDir dir;
  DictionaryBuilder no_hmm;
  ASSERT_TRUE(no_hmm.AddDictFile(dir.Write("d.txt", "a 1\n")).ok());
  EXPECT_EQ(no_hmm.Build().status().code(), StatusCode::kInvalidArgument);
  DictionaryBuilder zeros = TinyBuilder(dir, "a 0\n");
  auto r = zeros.Build();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_NE(r.status().message().find("dict.txt"), std::string::npos) << r.status().message();
}

// Build() freezes a snapshot; the builder can go on, and the snapshots stay independent.
TEST(DictionaryBuilderTest, EachBuildIsAnIndependentSnapshot) {
  TempDir dir;
  DictionaryBuilder builder = TinyBuilder(dir, "甲 4\n乙 6\n");
  auto first = builder.Build();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(builder.AddWord("甲乙", 10).ok());
  auto second = builder.Build();
  ASSERT_TRUE(second.ok());
  DictionaryBuilder moved = std::move(builder);
  auto third = moved.Build();
  ASSERT_TRUE(third.ok());
  EXPECT_EQ((*first)->total_frequency(), 10u);
  EXPECT_EQ((*first)->Frequency("甲乙"), 0u);
  EXPECT_EQ((*second)->total_frequency(), 20u);
  EXPECT_EQ((*second)->Frequency("甲乙"), 10u);
  EXPECT_EQ((*third)->Frequency("甲乙"), 10u);
  std::shared_ptr<const Dictionary> kept = *second;
  second = Status(StatusCode::kCancelled, "dropped");
  EXPECT_EQ(kept->Frequency("乙"), 6u);  // the shared pointer keeps the data
}

TEST(DictionaryBuilderTest, IndexOnlyWordsBecomeNodesWithoutChangingTheSegmentation) {
  TempDir dir;
  std::string dict_text = "中国 10\n人民 8\n中 3\n国 3\n人 4\n民 2\n";
  DictionaryBuilder plain_builder = TinyBuilder(dir, dict_text);
  DictionaryBuilder indexed_builder = TinyBuilder(dir, dict_text);
  // "中国" is also a dictionary word (its frequency must survive), "国人民" only extends paths,
  // "鑫鑫" brings characters the dictionary does not have, and invalid UTF-8 is skipped.
  std::vector<std::string_view> extra = {"中国", "国人民", "鑫鑫", "\xff"};
  indexed_builder.AddIndexOnlyWords(extra);
  auto plain = plain_builder.Build();
  auto indexed = indexed_builder.Build();
  ASSERT_TRUE(plain.ok() && indexed.ok());
  EXPECT_EQ((*indexed)->total_frequency(), (*plain)->total_frequency());
  EXPECT_EQ((*indexed)->word_count(), (*plain)->word_count());
  EXPECT_EQ((*indexed)->Frequency("中国"), 10u);
  EXPECT_EQ((*indexed)->Frequency("国人民"), 0u);
  EXPECT_EQ((*indexed)->Frequency("鑫鑫"), 0u);
  const internal::DictionaryData& d = internal::Access::Data(**indexed);
  const internal::DictionaryData& p = internal::Access::Data(**plain);
  auto node_of = [&](std::u32string_view w) {
    std::vector<std::uint32_t> ids;
    for (char32_t c : w) ids.push_back(d.chars.Id(c));
    return d.trie.Find(ids);
  };
  EXPECT_GE(node_of(U"国人民"), 0);
  EXPECT_GE(node_of(U"鑫鑫"), 0);
  EXPECT_FALSE(d.trie.unit(node_of(U"鑫鑫")).is_word());
  EXPECT_EQ(node_of(U"人民中"), internal::DoubleArray::kNone);
  // The dictionary's own characters keep their ids: the new ones come after them.
  EXPECT_EQ(d.chars.Id(U'中'), p.chars.Id(U'中'));
  EXPECT_GT(d.chars.Id(U'鑫'), p.chars.Id(U'民'));
  // Index-only words have no tag.
  EXPECT_EQ((*indexed)->Tag("鑫鑫"), "");

  Segmenter a(**plain), b(**indexed);
  Workspace ws;
  for (CutMode mode : {CutMode::kAccurate, CutMode::kFull, CutMode::kSearch}) {
    for (bool hmm : {true, false}) {
      std::vector<std::string_view> x, y;
      std::string text = "中国人民鑫鑫国人民中国人";
      a.Cut(text, mode, hmm, ws, &x);
      std::vector<std::string> xs(x.begin(), x.end());
      b.Cut(text, mode, hmm, ws, &y);
      EXPECT_EQ(xs, std::vector<std::string>(y.begin(), y.end()));
    }
  }
}

}  // namespace
}  // namespace kwx
