// DictionaryBuilder: files and single words in order, jieba's add_word/del_word semantics, index-only
// words, and independent snapshots.
#include "kwx/dictionary_builder.h"

#include <cmath>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "access.h"
#include "dict/dictionary_data.h"
#include "gtest/gtest.h"
#include "kwx/compiled.h"
#include "kwx/model.h"
#include "kwx/segmenter.h"
#include "kwx/tfidf.h"
#include "kwx/workspace.h"
#include "util/utf8.h"
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
  for (std::string_view s : {"他来到了网易杭研大厦", "我是拖拉机学院手扶拖拉机专业的",
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
  ASSERT_TRUE(indexed_builder.AddIndexOnlyWords(extra).ok());
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

// ------------------------------------------------------------- changes on top of a loaded base

// jieba's default dictionary from the text files, and the same from the compiled file.
std::shared_ptr<const Dictionary> TextBase() { return test::DefaultDictionaryPtr(); }

std::shared_ptr<const Dictionary> CompiledBase() {
  static const std::shared_ptr<const Dictionary> dict = [] {
    DataFiles files;
    files.data_dir = KWX_TEST_DATA_DIR;
    auto loaded = LoadData(files, /*with_idf=*/false);
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    return loaded->dictionary;
  }();
  return dict;
}

// One change, replayed on any builder.
struct Change {
  enum Kind { kAdd, kRemove } kind;
  std::string word;
  std::int64_t freq = 0;
  std::string tag;
};

void Apply(const std::vector<Change>& changes, DictionaryBuilder* builder) {
  for (const Change& c : changes) {
    Status s = c.kind == Change::kAdd ? builder->AddWord(c.word, c.freq, c.tag)
                                      : builder->RemoveWord(c.word);
    ASSERT_TRUE(s.ok()) << s.message();
  }
}

// The same changes on jieba's dictionary built from scratch.
std::shared_ptr<const Dictionary> FromScratch(const std::vector<Change>& changes,
                                              const std::vector<std::string>& files = {}) {
  DictionaryBuilder builder;
  EXPECT_TRUE(builder.AddDictFile(DataPath("dict.txt")).ok());
  EXPECT_TRUE(builder.SetHmmModelFile(DataPath("hmm_model.utf8")).ok());
  for (const std::string& f : files) EXPECT_TRUE(builder.AddDictFile(f).ok());
  Apply(changes, &builder);
  auto built = builder.Build();
  EXPECT_TRUE(built.ok()) << built.status().message();
  return built.ok() ? *built : nullptr;
}

std::shared_ptr<const Dictionary> OnBase(std::shared_ptr<const Dictionary> base,
                                         const std::vector<Change>& changes,
                                         const std::vector<std::string>& files = {}) {
  DictionaryBuilder builder(std::move(base));
  for (const std::string& f : files) EXPECT_TRUE(builder.AddDictFile(f).ok());
  Apply(changes, &builder);
  auto built = builder.Build();
  EXPECT_TRUE(built.ok()) << built.status().message();
  return built.ok() ? *built : nullptr;
}

// Everything a dictionary decides, compared between two: the cut in every mode with and without
// the HMM, tokenize, the TF-IDF keywords with their weights, and each word's frequency and tag.
void ExpectSameAnswers(const Dictionary& want, const Dictionary& got,
                       const std::vector<std::string>& texts,
                       const std::vector<std::string>& words) {
  EXPECT_EQ(got.total_frequency(), want.total_frequency());
  EXPECT_EQ(got.word_count(), want.word_count());
  for (const std::string& w : words) {
    EXPECT_EQ(got.Frequency(w), want.Frequency(w)) << w;
    EXPECT_EQ(got.Tag(w), want.Tag(w)) << w;
  }
  Segmenter a(want), b(got);
  StopWords stop;
  TfidfExtractor ka(a, test::DefaultIdf(), stop), kb(b, test::DefaultIdf(), stop);
  Workspace wa, wb;
  for (const std::string& text : texts) {
    SCOPED_TRACE(text.substr(0, 120));
    for (CutMode mode : {CutMode::kAccurate, CutMode::kSearch, CutMode::kFull}) {
      for (bool hmm : {true, false}) {
        std::vector<std::string_view> x, y;
        a.Cut(text, mode, hmm, wa, &x);
        b.Cut(text, mode, hmm, wb, &y);
        ASSERT_EQ(std::vector<std::string>(x.begin(), x.end()),
                  std::vector<std::string>(y.begin(), y.end()))
            << "mode " << static_cast<int>(mode) << " hmm " << hmm;
      }
    }
    std::vector<Token> ta, tb;
    a.Tokenize(text, CutMode::kSearch, true, wa, &ta);
    b.Tokenize(text, CutMode::kSearch, true, wb, &tb);
    ASSERT_EQ(ta.size(), tb.size());
    for (std::size_t i = 0; i < ta.size(); ++i) {
      EXPECT_EQ(ta[i].word, tb[i].word);
      EXPECT_EQ(ta[i].start, tb[i].start);
    }
    std::vector<Keyword> ea, eb;
    ka.Extract(text, test::TopK(0), wa, &ea);
    kb.Extract(text, test::TopK(0), wb, &eb);
    ASSERT_EQ(ea.size(), eb.size());
    for (std::size_t i = 0; i < ea.size(); ++i) {
      EXPECT_EQ(ea[i].word, eb[i].word);
      EXPECT_EQ(ea[i].weight, eb[i].weight);  // bit-identical
    }
  }
}

// The words the changes touch, plus their prefixes and some neighbours.
std::vector<std::string> WordsOf(const std::vector<Change>& changes) {
  std::vector<std::string> words = {"中国", "清华大学", "的", "拖拉机", "中华人民共和", "杭研"};
  for (const Change& c : changes) {
    words.push_back(c.word);
    std::vector<char32_t> cps;
    std::vector<std::uint32_t> offsets;
    internal::DecodeUtf8(c.word, &cps, &offsets);
    for (std::size_t k = 1; k < cps.size(); ++k) words.push_back(c.word.substr(0, offsets[k]));
  }
  return words;
}

// Sentences made of the changed words and their neighbourhoods, and real text.
std::vector<std::string> TextsFor(const std::vector<Change>& changes) {
  std::vector<std::string> texts = {
      "我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。",
      "他来到了网易杭研大厦，小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
      "我们中出了一个叛徒 Google Inc. 的 C++ 团队 3.14% e-mail 𠀀𠀁 龘龘龘",
      "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作"};
  std::string all;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    all += changes[i].word;
    all += i % 3 == 0 ? "的" : i % 3 == 1 ? "，在" : "";
    if (i % 7 == 6) {
      texts.push_back(all);
      all.clear();
    }
  }
  texts.push_back(all);
  std::ifstream in(std::string(KWX_TEST_SRC_DIR) + "/../../samples/message.txt");
  std::string line;
  while (std::getline(in, line)) texts.push_back(line);
  return texts;
}

// Words that exercise every case: new words (also beyond the base trie and with characters the
// base does not know), existing words with new frequencies, prefixes of existing words, words
// removed, a frequency set twice, tags given and kept, the empty word.
const std::vector<Change>& CornerChanges() {
  static const std::vector<Change> changes = {
      {Change::kAdd, "杭研", 30, "nz"},          // an HMM word becomes a dictionary word
      {Change::kAdd, "网易杭研", 5, ""},
      {Change::kAdd, "拖拉机学院", 2000, "nt"},   // extends a word
      {Change::kAdd, "清华大学", 1, ""},          // an existing word, much rarer now, tag kept
      {Change::kAdd, "中华人民共和", 50000, "ns"},  // a prefix that was not a word
      {Change::kAdd, "手扶", 0, ""},             // unmade by a frequency of 0 (no force split)
      {Change::kRemove, "叛徒", 0, ""},          // del_word: a dictionary word
      {Change::kRemove, "中出", 0, ""},          // del_word: an HMM guess
      {Change::kAdd, "龘龘", 7, "x"},            // characters the base has no id for
      {Change::kAdd, "𠀀𠀁𠀂", 3, ""},
      {Change::kAdd, "CEO", 100, "eng"},         // ASCII inside a block
      {Change::kAdd, "c++", 10, ""},
      {Change::kAdd, "拖拉机学院", 20, ""},       // set again: the last one wins, the total adds up
      {Change::kAdd, "", 11, ""},
      {Change::kAdd, "工信处", 8, "nt"},
      {Change::kAdd, "女干事", 9, "n"},
      {Change::kAdd, "交代24口", 4, ""},
      {Change::kAdd, "人生巅峰", 30000000, ""},  // total +50%: every log(freq) - log(total) moves
      {Change::kAdd, "的", 3, ""},               // words of one character: re-weighted,
      {Change::kAdd, "乄", 9, ""},               // new,
      {Change::kAdd, "𠀁", 2, ""},               // beyond the BMP,
      {Change::kRemove, "在", 0, ""},            // removed
  };
  return changes;
}

TEST(DictionaryBuilderOnBaseTest, GivesWhatAFullBuildGives) {
  const std::vector<Change>& changes = CornerChanges();
  std::shared_ptr<const Dictionary> want = FromScratch(changes);
  ASSERT_NE(want, nullptr);
  for (const auto& base : {TextBase(), CompiledBase()}) {
    std::shared_ptr<const Dictionary> got = OnBase(base, changes);
    ASSERT_NE(got, nullptr);
    EXPECT_NE(internal::Access::Data(*got).overlay, nullptr);
    ExpectSameAnswers(*want, *got, TextsFor(changes), WordsOf(changes));
  }
  // The base is untouched.
  EXPECT_EQ(TextBase()->total_frequency(), 60101967u);
  EXPECT_EQ(TextBase()->Frequency("杭研"), 0u);
}

// Lines of a dict.txt-format file on a base are the base's file with those lines appended.
TEST(DictionaryBuilderOnBaseTest, DictFileLinesAsIfAppendedToTheBase) {
  TempDir dir;
  const std::string extra = dir.Write("extra.txt", "杭研 30 nz\n清华大学 5\n龘龘 7 x\n手扶 0 v\n");
  std::shared_ptr<const Dictionary> want = FromScratch({}, {extra});
  std::shared_ptr<const Dictionary> got = OnBase(CompiledBase(), {}, {extra});
  ASSERT_NE(want, nullptr);
  ASSERT_NE(got, nullptr);
  ExpectSameAnswers(*want, *got, TextsFor(CornerChanges()),
                    {"杭研", "清华大学", "龘龘", "手扶", "中国"});
  EXPECT_EQ(got->Tag("清华大学"), "");  // a line without a tag sets none, as in dict.txt
}

// A snapshot built on a snapshot: its changes and the new ones on the same base, never a stack
// of overlays; the earlier snapshot is unchanged.
TEST(DictionaryBuilderOnBaseTest, SnapshotsOfSnapshotsReplayOnTheSameBase) {
  const std::vector<Change>& all = CornerChanges();
  const std::size_t half = all.size() / 2;
  std::vector<Change> first(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(half));
  std::vector<Change> second(all.begin() + static_cast<std::ptrdiff_t>(half), all.end());
  std::shared_ptr<const Dictionary> one = OnBase(CompiledBase(), first);
  std::shared_ptr<const Dictionary> two = OnBase(one, second);
  ASSERT_NE(one, nullptr);
  ASSERT_NE(two, nullptr);
  EXPECT_EQ(internal::Access::Data(*two).base, internal::Access::Shared(*CompiledBase()));
  EXPECT_EQ(internal::Access::Data(*two).overlay->entries.size(), all.size() - 1);  // not ""
  ExpectSameAnswers(*FromScratch(all), *two, TextsFor(all), WordsOf(all));
  ExpectSameAnswers(*FromScratch(first), *one, TextsFor(all), WordsOf(all));
}

// Random sequences of add_word / del_word, checked against the full build after each step.
TEST(DictionaryBuilderOnBaseTest, RandomChangesMatchTheFullBuild) {
  std::vector<std::string> dict_words;
  {
    std::ifstream in(DataPath("dict.txt"));
    std::string line;
    for (int n = 0; std::getline(in, line); ++n) {
      if (n % 97 == 0) dict_words.push_back(line.substr(0, line.find(' ')));
    }
  }
  ASSERT_GT(dict_words.size(), 3000u);
  std::mt19937 rng(20261204);
  auto pick = [&] { return dict_words[rng() % dict_words.size()]; };
  const std::int64_t freqs[] = {0, 1, 3, 100, 10000, 3000000};
  const char* const tags[] = {"", "", "n", "nz", "x"};
  const char* const rare[] = {"龘", "𠀀", "乄", "x", "9"};
  std::vector<Change> changes;
  std::shared_ptr<const Dictionary> snapshot = CompiledBase();
  for (int step = 0; step < 4; ++step) {
    std::vector<Change> batch;
    for (int i = 0; i < 40; ++i) {
      std::string word;
      switch (rng() % 5) {
        case 0: word = pick(); break;                            // an existing word
        case 1: word = pick() + pick(); break;                   // usually new, beyond the trie
        case 2: {                                                // a prefix of a word
          std::string w = pick();
          std::vector<char32_t> cps;
          std::vector<std::uint32_t> offsets;
          internal::DecodeUtf8(w, &cps, &offsets);
          word = w.substr(0, offsets[cps.size() > 1 ? cps.size() - 1 : 1]);
          break;
        }
        case 3: word = pick() + rare[rng() % std::size(rare)]; break;
        default: word = rare[rng() % std::size(rare)] + pick(); break;
      }
      if (rng() % 6 == 0) {
        batch.push_back({Change::kRemove, word, 0, ""});
      } else {
        batch.push_back({Change::kAdd, word, freqs[rng() % std::size(freqs)],
                         tags[rng() % std::size(tags)]});
      }
    }
    changes.insert(changes.end(), batch.begin(), batch.end());
    snapshot = OnBase(snapshot, batch);  // one more snapshot on the last one
    ASSERT_NE(snapshot, nullptr);
    SCOPED_TRACE("step " + std::to_string(step));
    ExpectSameAnswers(*FromScratch(changes), *snapshot, TextsFor(changes), WordsOf(changes));
  }
}

TEST(DictionaryBuilderOnBaseTest, NoChangesGivesTheBaseItself) {
  DictionaryBuilder builder(CompiledBase());
  auto built = builder.Build();
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(*built, CompiledBase());
  EXPECT_EQ(builder.AddIndexOnlyWords(std::vector<std::string_view>{"a"}).code(),
            StatusCode::kInvalidArgument);
}

// The snapshot keeps the base's data alive: drop every other handle on it.
TEST(DictionaryBuilderOnBaseTest, TheSnapshotOutlivesItsBase) {
  TempDir dir;
  std::shared_ptr<const Dictionary> snapshot;
  {
    DictionaryBuilder from_files = TinyBuilder(dir, "甲 4 n\n乙 6 v\n");
    auto base = from_files.Build();
    ASSERT_TRUE(base.ok());
    DictionaryBuilder on_base(*base);
    ASSERT_TRUE(on_base.AddWord("甲乙", 10, "nz").ok());
    auto built = on_base.Build();
    ASSERT_TRUE(built.ok());
    snapshot = *built;
  }
  EXPECT_EQ(snapshot->total_frequency(), 20u);
  EXPECT_EQ(snapshot->Frequency("甲"), 4u);
  EXPECT_EQ(snapshot->Tag("乙"), "v");
  EXPECT_EQ(snapshot->Tag("甲乙"), "nz");
  EXPECT_EQ(Cut(*snapshot, "甲乙乙"), (std::vector<std::string>{"甲乙", "乙"}));
}

// A snapshot compiles to the dictionary it stands for.
TEST(DictionaryBuilderOnBaseTest, CompilesToTheDictionaryItStandsFor) {
  const std::vector<Change>& changes = CornerChanges();
  std::shared_ptr<const Dictionary> snapshot = OnBase(CompiledBase(), changes);
  ASSERT_NE(snapshot, nullptr);
  TempDir dir;
  const std::string path = dir.path() + "/user.dict";
  ASSERT_TRUE(CompiledData::Compile(*snapshot, test::DefaultIdf(), path).ok());
  auto compiled = CompiledData::Open(path);  // the self-test runs here
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  EXPECT_EQ(internal::Access::Data(*compiled->dictionary()).overlay, nullptr);
  ExpectSameAnswers(*snapshot, *compiled->dictionary(), TextsFor(changes), WordsOf(changes));
  EXPECT_EQ(compiled->dictionary()->Frequency("杭研"), 30u);
}

}  // namespace
}  // namespace kwx
