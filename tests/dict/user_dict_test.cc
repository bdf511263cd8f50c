// jieba's user dictionaries: load_userdict's line format, suggest_freq, FREQ.get (Lookup), and the
// DictionaryBuilder methods on top of them.
#include "dict/user_dict.h"

#include <random>
#include <string>
#include <vector>

#include "access.h"
#include "dict/dictionary_data.h"
#include "gtest/gtest.h"
#include "kwx/dictionary_builder.h"
#include "kwx/model.h"
#include "kwx/segmenter.h"
#include "kwx/workspace.h"
#include "testdata/test_support.h"
#include "util/utf8.h"

namespace kwx::internal {
namespace {

using test::DataPath;
using test::TempDir;

std::u32string U32(std::string_view s) {
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  DecodeUtf8(s, &cps, &offsets);
  return std::u32string(cps.begin(), cps.end());
}

std::string Utf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) AppendUtf8(c, &out);
  return out;
}

// re_userdict = ^(.+?)( [0-9]+)?( [a-z]+)?$ -- the expected groups worked out by hand from
// Python's regex semantics (the lazy word is as short as the rest allows).
TEST(UserDictTest, MatchesLikeJiebasRegex) {
  struct Case {
    std::string line, word, freq, tag;
  };
  const Case cases[] = {
      {"云计算 5", "云计算", "5", ""},
      {"李小福 2 nr", "李小福", "2", "nr"},
      {"台中", "台中", "", ""},
      {"凱特琳 nz", "凱特琳", "", "nz"},
      {"Edu Trust认证 2000", "Edu Trust认证", "2000", ""},
      {"a b c", "a b", "", "c"},         // the shortest word the rest allows
      {"a 1 2", "a 1", "2", ""},
      {"x 12abc", "x 12abc", "", ""},    // no space before the tag: all word
      {"w 10 N", "w 10 N", "", ""},      // [a-z] only
      {"w  5", "w ", "5", ""},           // the word keeps a space
      {" 12", " 12", "", ""},            // the word needs a character: all of it
      {"1", "1", "", ""},
      {"ab 007 x", "ab", "007", "x"},
      {"ab 1 2 x", "ab 1", "2", "x"},
      {"C++ 3 eng", "C++", "3", "eng"},
      {"词 ３", "词 ３", "", ""},          // a full-width digit is no [0-9]
  };
  for (const Case& c : cases) {
    UserDictFields f = MatchUserDictLine(c.line);
    EXPECT_EQ(f.word, c.word) << c.line;
    EXPECT_EQ(f.freq, c.freq) << c.line;
    EXPECT_EQ(f.tag, c.tag) << c.line;
  }
}

TEST(UserDictTest, ReadsFilesAsJiebaDoes) {
  // BOM on the first line (and any line), CRLF, blank and whitespace-only lines, a line ending
  // without a newline.
  auto lines = ParseUserDict("\xEF\xBB\xBF云计算 5\r\n\n  \t\n李小福 2 nr\r\n\xEF\xBB\xBF台中\n  好用 300  ", "u.txt");
  ASSERT_TRUE(lines.ok()) << lines.status().message();
  ASSERT_EQ(lines->size(), 4u);
  EXPECT_EQ((*lines)[0].word, "云计算");
  EXPECT_EQ((*lines)[0].freq, 5u);
  EXPECT_EQ((*lines)[1].tag, "nr");
  EXPECT_EQ((*lines)[1].line_no, 4u);
  EXPECT_EQ((*lines)[2].word, "台中");
  EXPECT_FALSE((*lines)[2].freq.has_value());
  EXPECT_EQ((*lines)[3].word, "好用");
  EXPECT_EQ((*lines)[3].freq, 300u);
}

TEST(UserDictTest, RefusesWhatItCannotRead) {
  auto bad = ParseUserDict("好 1\n坏 \xff 2\n", "bad.txt");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("dictionary file bad.txt must be utf-8"), std::string::npos);
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos);
  auto big = ParseUserDict("大 99999999999999999999\n", "big.txt");
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("line 1"), std::string::npos);
}

// FREQ.get over the default dictionary with IDF words as index-only nodes: words, prefixes (0),
// and neither (nothing) -- an index-only node is not in FREQ. (Values from jieba.get_FREQ.)
TEST(UserDictTest, LookupSeparatesPrefixesFromIndexOnlyNodes) {
  DataFiles files;
  files.dict = DataPath("dict.txt");
  files.hmm_model = DataPath("hmm_model.utf8");
  files.idf = DataPath("idf.txt");
  auto loaded = LoadTextData(files, /*with_idf=*/true);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const Dictionary& d = *loaded->dictionary;
  const Dictionary& plain = test::DefaultDictionary();  // the same words, no index-only nodes
  EXPECT_EQ(d.Lookup("中国"), std::optional<std::uint64_t>(129470));
  EXPECT_EQ(d.Lookup("清华"), std::optional<std::uint64_t>(1057));
  EXPECT_EQ(d.Lookup("清华大"), std::optional<std::uint64_t>(0));  // a prefix of 清华大学
  EXPECT_EQ(d.Lookup("杭研"), std::nullopt);
  int index_only = 0;
  std::size_t checked = 0;
  WordLookupScratch scratch;
  loaded->idf->ForEach([&](std::string_view w, double) {
    if (!IsValidUtf8(w)) return;
    const bool has_node = Access::Data(d).FindWord(w, scratch) >= 0;
    // Every IDF word has a node; one the dictionary does not hold must still be out of FREQ.
    if (has_node && !plain.Lookup(w).has_value()) ++index_only;
    if (checked++ % 7 == 0) {
      EXPECT_EQ(d.Lookup(w), plain.Lookup(w)) << w;
    }
  });
  EXPECT_GT(index_only, 1000);
}

// suggest_freq's cut: the transcription over a FREQ lookup gives what the segmenter gives with
// HMM=False, on random text made of dictionary words, rare characters, ASCII and spaces.
TEST(UserDictTest, CutNoHmmIsTheSegmentersCut) {
  const Dictionary& d = test::DefaultDictionary();
  FreqLookup freq = [&](std::u32string_view w) { return d.Lookup(Utf8(w)); };
  Segmenter segmenter(d);
  Workspace ws;
  std::mt19937 rng(5);
  const std::vector<std::string> pieces = {"中国", "清华大学", "的", "研究生", "命与", "龘", "a", "B2",
                                           "iPhone", " ", "\r\n", "。", "3.5", "%", "-", "人民",
                                           "北京", "大学生", "化学", "元素", "Ω", "\t"};
  for (int i = 0; i < 500; ++i) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    std::vector<std::string_view> want;
    segmenter.Cut(text, CutMode::kAccurate, /*hmm=*/false, ws, &want);
    std::vector<std::string> got;
    for (const std::u32string& w : CutNoHmm(U32(text), freq, d.total_frequency())) got.push_back(Utf8(w));
    ASSERT_EQ(got, std::vector<std::string>(want.begin(), want.end())) << text;
  }
}

// jieba 0.42.1's suggest_freq on its default dictionary (values from /usr/bin/python3 with
// python3-jieba: jieba.suggest_freq(...)).
TEST(UserDictTest, SuggestFreqOnTheDefaultDictionary) {
  const Dictionary& d = test::DefaultDictionary();
  FreqLookup freq = [&](std::u32string_view w) { return d.Lookup(Utf8(w)); };
  const std::uint64_t total = d.total_frequency();
  // A word that comes out whole already: int(f / total * total) + 1.
  EXPECT_EQ(SuggestFreq(U"中国", freq, total), 129471u);
  EXPECT_EQ(SuggestFreq(U"网易杭研", freq, total), 1u);
  EXPECT_EQ(SuggestFreq(U"iPhone手机", freq, total), 1u);
  // Segments: min(int(P * total), FREQ.get(word, 0)).
  const std::vector<std::u32string> segs = {U"中", U"将"};
  EXPECT_EQ(SuggestFreqForSegments(segs, freq, total), 494u);
  const std::vector<std::u32string> unknown = {U"今天", U"天气"};
  EXPECT_EQ(SuggestFreqForSegments(unknown, freq, total), 0u);
  // No segments: the integer 1 times total, exactly.
  EXPECT_EQ(SuggestFreqForSegments({}, freq, total), 0u);
  EXPECT_EQ(SuggestFreq(U"", freq, total), total + 1);
}

TEST(UserDictTest, BuilderLoadsUserDictionariesAllOrNothing) {
  TempDir dir;
  DictionaryBuilder builder(test::DefaultDictionaryPtr());
  const std::uint64_t total = builder.total_frequency();
  const std::string bad = dir.Write("bad.txt", "杭研 30 nz\n坏\xff\n");
  Status s = builder.AddUserDictFile(bad);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("line 2"), std::string::npos) << s.message();
  EXPECT_EQ(builder.total_frequency(), total);
  EXPECT_EQ(builder.Lookup("杭研"), std::nullopt);
  EXPECT_FALSE(builder.AddUserDictFile(dir.path() + "/missing.txt").ok());

  const std::string good = dir.Write("good.txt", "杭研 30 nz\n网易杭研大厦\n杭研 0\n");
  ASSERT_TRUE(builder.AddUserDictFile(good).ok());
  EXPECT_EQ(builder.Lookup("杭研"), std::optional<std::uint64_t>(0));
  EXPECT_EQ(builder.Lookup("网易杭研大"), std::optional<std::uint64_t>(0));  // a prefix of an added word
  const std::optional<std::uint64_t> suggested = builder.Lookup("网易杭研大厦");
  ASSERT_TRUE(suggested.has_value());
  EXPECT_GT(*suggested, 0u);
  EXPECT_EQ(builder.total_frequency(), total + 30 + *suggested);
  auto built = builder.Build();
  ASSERT_TRUE(built.ok());
  EXPECT_EQ((*built)->Lookup("网易杭研大厦"), suggested);
  EXPECT_EQ((*built)->Lookup("杭研"), std::optional<std::uint64_t>(0));
  EXPECT_EQ((*built)->Tag("杭研"), "nz");
  // A suggestion on the builder equals one on the snapshot it builds.
  DictionaryBuilder again(*built);
  for (std::string_view w : {"网易杭研", "杭研大厦", "中国人民", "iPhone手机", "清华大学生"}) {
    EXPECT_EQ(*builder.SuggestFreq(w), *again.SuggestFreq(w)) << w;
  }
  DictionaryBuilder scratch;
  EXPECT_FALSE(scratch.AddUserDict("词 1\n", "u").ok());  // needs a base
  EXPECT_FALSE(scratch.SuggestFreq("词").ok());
}

}  // namespace
}  // namespace kwx::internal
