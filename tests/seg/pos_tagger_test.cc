// The public PosTagger on jieba's default data: creation, results (checked against
// jieba.posseg.lcut with /usr/bin/python3), workspaces, windows and repaired input.
#include "kwx/pos_tagger.h"

#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "access.h"
#include "gtest/gtest.h"
#include "testdata/test_support.h"
#include "workspace_data.h"

namespace kwx {
namespace {

using Tagged = std::vector<std::pair<std::string, std::string>>;

Tagged Cut(const PosTagger& tagger, std::string_view text, bool hmm, Workspace& ws) {
  std::vector<TaggedWord> words;
  tagger.Cut(text, hmm, ws, &words);
  Tagged out;
  for (const TaggedWord& w : words) out.emplace_back(std::string(w.word), std::string(w.flag));
  return out;
}

PosTagger DefaultTagger() {
  auto tagger = PosTagger::Create(test::DefaultPosDictionary());
  EXPECT_TRUE(tagger.ok()) << tagger.status().message();
  return *tagger;
}

TEST(PosTaggerTest, NeedsAPosModel) {
  auto tagger = PosTagger::Create(test::DefaultDictionary());  // dict.txt + HMM only
  ASSERT_FALSE(tagger.ok());
  EXPECT_EQ(tagger.status().code(), StatusCode::kNotFound);
  EXPECT_NE(tagger.status().message().find("pos_hmm.utf8"), std::string::npos);
  EXPECT_FALSE(test::DefaultDictionary().has_pos_model());
  EXPECT_TRUE(test::DefaultPosDictionary().has_pos_model());
}

TEST(PosTaggerTest, MatchesJieba) {
  PosTagger tagger = DefaultTagger();
  Workspace ws;
  EXPECT_EQ(Cut(tagger, "我爱北京天安门", true, ws),
            (Tagged{{"我", "r"}, {"爱", "v"}, {"北京", "ns"}, {"天安门", "ns"}}));
  EXPECT_EQ(Cut(tagger, "他来到了网易杭研大厦", true, ws),
            (Tagged{{"他", "r"}, {"来到", "v"}, {"了", "ul"}, {"网易", "n"}, {"杭", "j"},
                    {"研", "vn"}, {"大厦", "n"}}));
  EXPECT_EQ(Cut(tagger, "他来到了网易杭研大厦", false, ws),
            (Tagged{{"他", "r"}, {"来到", "v"}, {"了", "ul"}, {"网易", "n"}, {"杭", "nr"},
                    {"研", "vn"}, {"大厦", "n"}}));
  EXPECT_EQ(Cut(tagger, "e-mail 3.14% C++", true, ws),
            (Tagged{{"e", "x"}, {"-", "x"}, {"mail", "eng"}, {" ", "x"}, {"3.14", "m"},
                    {"%", "x"}, {" ", "x"}, {"C++", "nz"}}));
  EXPECT_EQ(Cut(tagger, "e-mail 3.14% C++", false, ws),
            (Tagged{{"e", "eng"}, {"-", "x"}, {"mail", "eng"}, {" ", "x"}, {"3", "eng"},
                    {".", "x"}, {"14", "eng"}, {"%", "x"}, {" ", "x"}, {"C++", "nz"}}));
  EXPECT_EQ(Cut(tagger, "\r\n\t\u3000", true, ws), (Tagged{{"\r\n", "x"}, {"\t", "x"}, {"\u3000", "x"}}));
  EXPECT_EQ(Cut(tagger, "", true, ws), Tagged{});
}

TEST(PosTaggerTest, RepairsInvalidUtf8LikePython) {
  PosTagger tagger = DefaultTagger();
  Workspace ws;
  // b'ab\xff'.decode('utf-8', 'replace'): the U+FFFD is outside posseg's blocks.
  EXPECT_EQ(Cut(tagger, "ab\xff", true, ws), (Tagged{{"ab", "eng"}, {"\xef\xbf\xbd", "x"}}));
  EXPECT_EQ(ws.last_replacements(), 1u);
}

// A long line is cut a window at a time; the windows must not change a word or a flag.
TEST(PosTaggerTest, WindowsDoNotChangeTheResult) {
  PosTagger tagger = DefaultTagger();
  std::string line;
  for (int i = 0; i < 50; ++i) {
    line += "他来到了网易杭研大厦，e-mail 3.14% C++\r\n小明硕士毕业于中国科学院计算所 ";
  }
  Workspace whole, windowed;
  internal::Access::Data(windowed).text.window_bytes = 64;
  for (bool hmm : {true, false}) {
    Tagged a = Cut(tagger, line, hmm, whole), b = Cut(tagger, line, hmm, windowed);
    EXPECT_EQ(a, b);
    std::string joined;
    for (const auto& [w, f] : a) joined += w;
    EXPECT_EQ(joined, line);
  }
}

TEST(PosTaggerTest, ThreadsWithTheirOwnWorkspaces) {
  PosTagger tagger = DefaultTagger();
  Workspace ws;
  const Tagged expected = Cut(tagger, "小明硕士毕业于中国科学院计算所，后在日本京都大学深造", true, ws);
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Workspace own;
      for (int i = 0; i < 200; ++i) {
        ok[t] += Cut(tagger, "小明硕士毕业于中国科学院计算所，后在日本京都大学深造", true, own) == expected;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(ok[t], 200);
}

// CutBlock: posseg's __cut_DAG / __cut_DAG_NO_HMM on the whole text as one block, whatever its
// characters (jieba 0.42.1's answers, called on jieba.posseg.dt directly): __cut_detail keeps a
// run of other characters together as one "x" ("%、").
TEST(PosTaggerTest, CutBlockTakesTheWholeTextAsOneBlock) {
  PosTagger tagger = DefaultTagger();
  Workspace ws;
  internal::Access::Data(ws).text.window_bytes = 4;  // a block is never split into windows
  auto cut_block = [&](std::string_view text, bool hmm) {
    std::vector<TaggedWord> words{{"stale", "x"}};
    tagger.CutBlock(text, hmm, ws, &words);
    Tagged out;
    for (const TaggedWord& w : words) out.emplace_back(std::string(w.word), std::string(w.flag));
    return out;
  };
  const std::string mixed = "北京 大学，C++ 与e-mail 3.14%、abc def";
  EXPECT_EQ(cut_block(mixed, true),
            (Tagged{{"北京", "ns"}, {" ", "x"}, {"大学", "n"}, {"，", "x"}, {"C++", "nz"},
                    {" ", "x"}, {"与", "p"}, {"e", "eng"}, {"-", "x"}, {"mail", "eng"},
                    {" ", "x"}, {"3.14", "m"}, {"%、", "x"}, {"abc", "eng"}, {" ", "x"},
                    {"def", "eng"}}));
  EXPECT_EQ(cut_block("中 国人民银行。。的 的", false),
            (Tagged{{"中", "f"}, {" ", "x"}, {"国", "n"}, {"人民银行", "nt"}, {"。", "x"},
                    {"。", "x"}, {"的", "uj"}, {" ", "x"}, {"的", "uj"}}));
  EXPECT_EQ(cut_block("ab c 12", true),
            (Tagged{{"ab", "eng"}, {" ", "x"}, {"c", "eng"}, {" ", "x"}, {"12", "m"}}));
  EXPECT_EQ(cut_block("", true), Tagged{});
}

}  // namespace
}  // namespace kwx
