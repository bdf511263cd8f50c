// TextRankExtractor (src/kw/textrank.cc): jieba.analyse.textrank. The fixed expectations are
// jieba 0.42.1's answers (/usr/bin/python3, weights by repr()); the random test compares with a
// literal transcription of analyse/textrank.py (dicts in insertion order, the same float
// expressions) over the tagger's words.
#include "kwx/textrank.h"

#include <algorithm>
#include <cfloat>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "access.h"
#include "gtest/gtest.h"
#include "kwx/pos_tagger.h"
#include "testdata/test_support.h"
#include "workspace_data.h"

namespace kwx {
namespace {

using Key = std::pair<std::string, std::string>;  // (word, flag); flag "" without withFlag
using Ranked = std::vector<std::pair<Key, double>>;

const char kSentence[] = "我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。";

struct Fixture {
  PosTagger tagger = *PosTagger::Create(test::DefaultPosDictionary());
  StopWords stop;
  TextRankExtractor ex{tagger, stop};
  Workspace ws;

  Ranked Run(std::string_view text, KeywordOptions o, Workspace* w = nullptr) {
    std::vector<Keyword> out = {{"stale", 1.0, {}}};
    ex.Extract(text, o, w != nullptr ? *w : ws, &out);
    Ranked r;
    for (const Keyword& k : out) r.push_back({{std::string(k.word), std::string(k.flag)}, k.weight});
    return r;
  }
};

KeywordOptions Options(std::int64_t top_k, std::vector<std::string> pos = DefaultTextRankPos(),
                       bool with_flag = false) {
  KeywordOptions o;
  o.top_k = top_k;
  o.allow_pos = std::move(pos);
  o.with_flag = with_flag;
  return o;
}

TEST(TextRankTest, MatchesJieba) {
  Fixture f;
  EXPECT_EQ(f.Run(kSentence, Options(20)),
            (Ranked{{{"手扶拖拉机", ""}, 1.0},
                    {{"专业", ""}, 0.9945084063746609},
                    {{"走上", ""}, 0.8067892493048806},
                    {{"巅峰", ""}, 0.8033741110058981},
                    {{"人生", ""}, 0.799571821269234},
                    {{"拖拉机", ""}, 0.7532920638584429},
                    {{"学院", ""}, 0.7485031088445041},
                    {{"不用", ""}, 0.5180239963100021}}));
  // One word, two flags: two nodes with equal weights, in the order they entered the graph.
  EXPECT_EQ(f.Run("吾不徒行以为之椁不可徒行也", Options(20, {"n", "v"}, true)),
            (Ranked{{{"不可", "v"}, 1.0},
                    {{"徒行", "v"}, 0.5043610130303613},
                    {{"徒行", "n"}, 0.5043610130303613}}));
  // A word next to itself: an edge from a node to itself.
  EXPECT_EQ(f.Run("中国中国中国中国", Options(20)), (Ranked{{{"中国", ""}, 1.0}}));
}

TEST(TextRankTest, OptionsTopKAndStopWords) {
  Fixture f;
  const Ranked all = f.Run(kSentence, Options(0));
  ASSERT_EQ(all.size(), 8u);
  EXPECT_EQ(f.Run(kSentence, Options(2)), Ranked(all.begin(), all.begin() + 2));
  EXPECT_EQ(f.Run(kSentence, Options(-3)), Ranked(all.begin(), all.end() - 3));
  EXPECT_TRUE(f.Run(kSentence, Options(0, {})).empty());  // allowPOS=(): no word passes
  EXPECT_TRUE(f.Run("", Options(0)).empty());
  EXPECT_TRUE(f.Run("的", Options(0)).empty());
  StopWords stop;
  stop.Add("专业");
  TextRankExtractor without(f.tagger, stop);
  std::vector<Keyword> out;
  without.Extract(kSentence, Options(0), f.ws, &out);
  ASSERT_FALSE(out.empty());
  for (const Keyword& k : out) EXPECT_NE(k.word, "专业");
  EXPECT_TRUE(f.ex.Check(Options(0)).ok());
}

// The span of 5 tokens crosses the windows a long line is cut in.
TEST(TextRankTest, WindowsGiveTheKeywordsOfTheWholeLine) {
  Fixture f;
  std::string line;
  for (int i = 0; i < 30; ++i) line += std::string(kSentence) + " 网易杭研大厦 e-mail\r\n中国人民";
  const KeywordOptions o = Options(0, {"n", "v", "vn", "ns", "nr", "eng", "x"}, true);
  const Ranked want = f.Run(line, o);
  ASSERT_GT(want.size(), 10u);
  for (std::size_t window : {std::size_t{1}, std::size_t{7}, std::size_t{100}}) {
    Workspace small;
    internal::Access::Data(small).text.window_bytes = window;
    EXPECT_EQ(f.Run(line, o, &small), want) << window;
  }
}

// analyse/textrank.py with dicts as insertion-ordered vectors, over the tagger's words.
Ranked Reference(const std::vector<TaggedWord>& words, const StopWords& stop,
                 const std::vector<std::string>& allow_pos, bool with_flag) {
  auto passes = [&](const TaggedWord& w) {
    std::string word(w.word);
    std::string stripped = word;
    if (word == "\r\n") stripped.clear();
    std::size_t chars = 0;
    for (char c : stripped) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    std::string lower = word;
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return std::find(allow_pos.begin(), allow_pos.end(), std::string(w.flag)) != allow_pos.end() &&
           chars >= 2 && !stop.Contains(lower);
  };
  auto key = [&](const TaggedWord& w) {
    return Key(std::string(w.word), with_flag ? std::string(w.flag) : std::string());
  };
  std::vector<std::pair<std::pair<Key, Key>, int>> cm;  // insertion order
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (!passes(words[i])) continue;
    for (std::size_t j = i + 1; j < i + 5; ++j) {
      if (j >= words.size()) break;
      if (!passes(words[j])) continue;
      std::pair<Key, Key> k{key(words[i]), key(words[j])};
      auto it = std::find_if(cm.begin(), cm.end(), [&](const auto& e) { return e.first == k; });
      if (it == cm.end()) {
        cm.push_back({k, 1});
      } else {
        ++it->second;
      }
    }
  }
  struct E {
    Key end;
    int w;
  };
  std::vector<std::pair<Key, std::vector<E>>> graph;  // defaultdict(list), insertion order
  auto list = [&](const Key& n) -> std::vector<E>& {
    for (auto& g : graph) {
      if (g.first == n) return g.second;
    }
    graph.push_back({n, {}});
    return graph.back().second;
  };
  for (const auto& [terms, w] : cm) {
    list(terms.first).push_back({terms.second, w});
    list(terms.second).push_back({terms.first, w});
  }
  std::map<Key, double> ws, out_sum;
  const double wsdef = 1.0 / (graph.empty() ? 1.0 : static_cast<double>(graph.size()));
  for (const auto& [n, out] : graph) {
    ws[n] = wsdef;
    double sum = 0.0;
    for (const E& e : out) sum += e.w;
    out_sum[n] = sum;
  }
  std::vector<Key> sorted;
  for (const auto& g : graph) sorted.push_back(g.first);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Key& a, const Key& b) { return a.first < b.first; });
  for (int x = 0; x < 10; ++x) {
    for (const Key& n : sorted) {
      double s = 0;
      for (const E& e : list(n)) s += e.w / out_sum[e.end] * ws[e.end];
      ws[n] = (1 - 0.85) + 0.85 * s;
    }
  }
  double min_rank = DBL_MAX, max_rank = DBL_MIN;
  for (const auto& [n, w] : ws) {
    if (w < min_rank) min_rank = w;
    if (w > max_rank) max_rank = w;
  }
  Ranked r;
  for (const auto& g : graph) {
    r.push_back({g.first, (ws[g.first] - min_rank / 10.0) / (max_rank - min_rank / 10.0)});
  }
  std::stable_sort(r.begin(), r.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return r;
}

TEST(TextRankTest, MatchesALiteralTranscriptionOnRandomText) {
  Fixture f;
  f.stop.Add("工作");
  TextRankExtractor ex(f.tagger, f.stop);
  const char* pieces[] = {"中国", "北京", "人民", "工作", "学习", "研究", "网易", "杭研", "大厦",
                          "徒行", "不可", "发展", "经济", "建设", "，", "。", " ", "的", "和",
                          "Python", "linux", "3.14", "中国人民", "研究生", "吾不徒行"};
  std::mt19937 rng(1205);
  const std::vector<std::vector<std::string>> pos_lists = {
      DefaultTextRankPos(), {"n", "nr", "ns", "v", "vn", "eng", "x", "m"}, {"ns"}};
  int compared = 0;
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) text += pieces[rng() % std::size(pieces)];
    std::vector<TaggedWord> words;
    f.tagger.Cut(text, true, f.ws, &words);
    const std::vector<TaggedWord> copy = words;  // views into `text` (valid UTF-8, no repair)
    for (const auto& pos : pos_lists) {
      for (bool with_flag : {false, true}) {
        const Ranked want = Reference(copy, f.stop, pos, with_flag);
        std::vector<Keyword> out;
        Workspace ws;
        ex.Extract(text, Options(0, pos, with_flag), ws, &out);
        Ranked got;
        for (const Keyword& k : out) got.push_back({{std::string(k.word), std::string(k.flag)}, k.weight});
        ASSERT_EQ(got, want) << text;
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 1800);
}

}  // namespace
}  // namespace kwx
