// The segmentation modes over a prepared text (src/seg/cut.cc): spans, trie nodes, block
// splitting, and custom dictionaries that reach corners the default one cannot.
#include "seg/cut.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "access.h"
#include "kwx/workspace.h"
#include "seg/scratch.h"
#include "workspace_data.h"
#include "testdata/test_support.h"
#include "util/char_class.h"

namespace kwx::internal {
namespace {

using Strings = std::vector<std::string>;

// Loads a custom dictionary with jieba's own HMM (finalseg always uses the default tables).
std::shared_ptr<const Dictionary> LoadCustom(const test::TempDir& dir, std::string_view text) {
  auto r = Dictionary::Load(dir.Write("dict.txt", text), test::DataPath("hmm_model.utf8"));
  EXPECT_TRUE(r.ok()) << r.status().message();
  return std::move(r).value();
}

const DictionaryData& DefaultData() { return Access::Data(test::DefaultDictionary()); }

std::string SpanText(const PreparedText& text, const Span& s) {
  return std::string(text.View(s.begin, s.end));
}

Strings SpanTexts(const PreparedText& text, std::span<const Span> spans) {
  Strings out;
  for (const Span& s : spans) out.push_back(SpanText(text, s));
  return out;
}

enum class Mode { kAccurate, kNoHmm, kSearch, kFull };

Strings Cut(const DictionaryData& dict, std::string_view text, Mode mode, Workspace& workspace) {
  WorkspaceData& ws = Access::Data(workspace);
  PrepareLine(text, ws.text);
  if (!NextWindow(ws.text)) return {};
  switch (mode) {
    case Mode::kAccurate:
      return SpanTexts(ws.text, CutAccurate(dict, true, ws.text, ws.segment));
    case Mode::kNoHmm:
      return SpanTexts(ws.text, CutAccurate(dict, false, ws.text, ws.segment));
    case Mode::kSearch:
      return SpanTexts(ws.text, CutSearch(dict, true, ws.text, ws.segment));
    case Mode::kFull: {
      std::vector<std::string_view> out;
      CutFull(dict, ws.text, ws.segment, &out);
      return Strings(out.begin(), out.end());
    }
  }
  return {};
}

Strings Cut(const DictionaryData& dict, std::string_view text, Mode mode) {
  Workspace ws;
  return Cut(dict, text, mode, ws);
}

TEST(CutTest, SpansTileTheTextAndCarryTrieNodes) {
  const DictionaryData& dict = DefaultData();
  PreparedText ws;
  SegmentScratch seg;
  // jieba.lcut: ['他', '来到', '了', '网易', '杭研', '大厦', '，', ' ', 'x']
  PrepareLine("他来到了网易杭研大厦， x", ws);
  ASSERT_TRUE(NextWindow(ws));
  std::span<const Span> spans = CutAccurate(dict, true, ws, seg);
  EXPECT_EQ(SpanTexts(ws, spans), (Strings{"他", "来到", "了", "网易", "杭研", "大厦", "，", " ", "x"}));
  std::uint32_t pos = 0;
  for (const Span& s : spans) {
    EXPECT_EQ(s.begin, pos);
    EXPECT_LT(s.begin, s.end);
    pos = s.end;
    std::u32string word(ws.cps.begin() + s.begin, ws.cps.begin() + s.end);
    if (s.node >= 0) {  // a route word: its node is the word's trie node, and a word
      std::vector<std::uint32_t> ids;
      for (char32_t c : word) ids.push_back(dict.chars.Id(c));
      EXPECT_EQ(dict.Find(ids), s.node) << SpanText(ws, s);
      EXPECT_TRUE(dict.trie.unit(s.node).is_word());
    }
  }
  EXPECT_EQ(pos, ws.length);
  EXPECT_GE(spans[1].node, 0);   // 来到: from the route
  EXPECT_EQ(spans[4].node, -1);  // 杭研: from the HMM
}

// What extraction cuts: exactly the accurate tokens of two or more characters inside blocks, in
// order, whatever the path that produced them (route, HMM buffer, a buffer that is a word,
// ASCII, "\r\n", invalid UTF-8), each with its word's trie node (HMM words included).
TEST(CutTest, KeywordTokensAreTheLongAccurateTokensInBlocks) {
  const DictionaryData& dict = DefaultData();
  PreparedText a, b;
  SegmentScratch all_seg, long_seg;
  for (std::string_view text :
       {"他来到了网易杭研大厦， x", "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
        "Google Inc. 的 C++ 团队\r\n3.14% e-mail", "中国\r\n中国\r\r", "\xff中国人\xfe龘龘",
        "我们中出了一个叛徒", "a", ""}) {
    PrepareLine(text, a);
    if (!NextWindow(a)) continue;
    std::span<const Span> all = CutAccurate(dict, true, a, all_seg);
    std::vector<Span> want;
    for (const Span& sp : all) {
      bool in_block = true;
      for (std::uint32_t k = sp.begin; k < sp.end; ++k) in_block &= IsBlockChar(a.cps[k]);
      if (sp.end - sp.begin >= 2 && in_block) want.push_back(sp);
    }
    PrepareLine(text, b);
    ASSERT_TRUE(NextWindow(b));
    std::span<const Span> got = KeywordTokens(dict, b, long_seg);
    ASSERT_EQ(got.size(), want.size()) << text;
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got[i].begin, want[i].begin) << text;
      EXPECT_EQ(got[i].end, want[i].end) << text;
      std::vector<std::uint32_t> ids;
      for (std::uint32_t k = want[i].begin; k < want[i].end; ++k) ids.push_back(dict.chars.Id(b.cps[k]));
      EXPECT_EQ(got[i].node, want[i].node >= 0 ? want[i].node : dict.Find(ids)) << text;
    }
    // The same scratch then cuts everything again.
    EXPECT_EQ(CutAccurate(dict, true, b, long_seg).size(), all.size()) << text;
  }
}

TEST(CutTest, SearchAddsDictionaryGramsBeforeTheWord) {
  const DictionaryData& dict = DefaultData();
  // jieba.lcut_for_search('中国科学院') == ['中国', '科学', '学院', '科学院', '中国科学院']
  EXPECT_EQ(Cut(dict, "中国科学院", Mode::kSearch),
            (Strings{"中国", "科学", "学院", "科学院", "中国科学院"}));
  // Three characters: 2-grams only. lcut_for_search('拖拉机') == ['拖拉', '拖拉机']
  EXPECT_EQ(Cut(dict, "拖拉机", Mode::kSearch), (Strings{"拖拉", "拖拉机"}));
}

TEST(CutTest, WorkspaceReuseAcrossCalls) {
  const DictionaryData& dict = DefaultData();
  Workspace ws;
  std::string big;
  for (int i = 0; i < 200; ++i) big += "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作。";
  for (Mode m : {Mode::kAccurate, Mode::kNoHmm, Mode::kSearch, Mode::kFull}) {
    Strings big_tokens = Cut(dict, big, m, ws);
    EXPECT_GT(big_tokens.size(), 1000u);
    Strings small = Cut(dict, "我来到北京清华大学", m, ws);
    EXPECT_EQ(small, Cut(dict, "我来到北京清华大学", m)) << static_cast<int>(m);
    EXPECT_TRUE(Cut(dict, "", m, ws).empty());
  }
}

// Custom dictionaries, each checked with jieba.Tokenizer(path) and the default finalseg
// (/usr/bin/python3, jieba 0.42.1): lcut(s), lcut(s, HMM=False), lcut(s, cut_all=True).
struct CustomCase {
  const char* text;
  Strings accurate, no_hmm, full;
};

void CheckCustom(std::string_view dict_text, const std::vector<CustomCase>& cases) {
  test::TempDir dir;
  std::shared_ptr<const Dictionary> d = LoadCustom(dir, dict_text);
  for (const CustomCase& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(Cut(Access::Data(*d), c.text, Mode::kAccurate), c.accurate);
    EXPECT_EQ(Cut(Access::Data(*d), c.text, Mode::kNoHmm), c.no_hmm);
    EXPECT_EQ(Cut(Access::Data(*d), c.text, Mode::kFull), c.full);
  }
}

TEST(CutTest, BufferThatIsAPrefixOrUnknownGoesToTheHmm) {
  // 北京 and 北京大 are 0-frequency prefixes of 北京大学; 丁丁 and 丁大丁 are not in FREQ.
  CheckCustom("来到 5\n北京大学 9\n丁 1\n大 2\n",
              {
                  {"我来到北京", {"我", "来到", "北京"}, {"我", "来到", "北", "京"}, {"我", "来到", "北", "京"}},
                  {"北京大", {"北京大"}, {"北", "京", "大"}, {"北", "京", "大"}},
                  {"来来到丁丁", {"来", "来到", "丁丁"}, {"来", "来到", "丁", "丁"}, {"来", "来到", "丁", "丁"}},
                  {"hello来到world 3.14%x", {"hello", "来到", "world", " ", "3.14%", "x"}, {"hello", "来到", "world", " ", "3", ".", "14", "%", "x"}, {"hello", "来到", "world", "", " ", "", "3", ".", "14", "%", "x"}},
                  {"丁大丁", {"丁大丁"}, {"丁", "大", "丁"}, {"丁", "大", "丁"}},
              });
}

TEST(CutTest, BufferThatIsAWordIsSplitIntoCharacters) {
  // 丁大 is a word (freq 1) but 丁 + 大 scores better; the buffer 丁大 has a frequency, so its
  // characters come out one by one, HMM or not. 丁大丁大 is not in FREQ: the HMM joins it.
  CheckCustom("丁大 1\n丁 100\n大 100\n",
              {
                  {"丁大", {"丁", "大"}, {"丁", "大"}, {"丁大"}},
                  {"丁大丁大", {"丁大丁大"}, {"丁", "大", "丁", "大"}, {"丁大", "丁大"}},
                  {"大丁", {"大丁"}, {"大", "丁"}, {"大", "丁"}},
              });
}

TEST(CutTest, FullModeEnglishBufferNeedNotBeContiguous) {
  // __cut_all's eng_buf collects single-candidate pieces that start with [a-zA-Z0-9] and keeps
  // collecting across positions covered by multi-candidate words, so it can join pieces that
  // are not adjacent: "abxyc1" is not a substring of "axyzbxyc1". The default dictionary has no
  // ASCII-only multi-candidate word to show this.
  CheckCustom("xy 1\nxyz 1\n",
              {
                  {"axyzb", {"a", "xyz", "b"}, {"a", "xyz", "b"}, {"xy", "xyz", "ab"}},
                  {"axyzbxyc1", {"a", "xyz", "b", "xy", "c1"}, {"a", "xyz", "b", "xy", "c1"}, {"xy", "xyz", "abxyc1"}},
                  {"xyxyz", {"xy", "xyz"}, {"xy", "xyz"}, {"xy", "xyz", "xy"}},
              });
}

TEST(CutTest, RouteTiesOnACustomDictionary) {
  // jieba.Tokenizer("甲乙 5\n丙 3\n甲 3\n乙丙 5\n"): the route tie goes to 甲乙.
  CheckCustom("甲乙 5\n丙 3\n甲 3\n乙丙 5\n",
              {
                  {"甲乙丙", {"甲乙", "丙"}, {"甲乙", "丙"}, {"甲乙", "乙丙"}},
                  {"甲乙丙丁甲", {"甲乙", "丙丁甲"}, {"甲乙", "丙", "丁", "甲"}, {"甲乙", "乙丙", "丁", "甲"}},
              });
}

}  // namespace
}  // namespace kwx::internal
