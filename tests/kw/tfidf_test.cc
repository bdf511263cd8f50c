// TfidfExtractor (src/kw/tfidf.cc): jieba.analyse.extract_tags. Every expected list below is
// jieba 0.42.1's answer (Debian's python3-jieba, /usr/bin/python3), from a fresh
// jieba.analyse.tfidf.TFIDF() (plus set_stop_words / set_idf_path where said), with
// withWeight=True and weights printed by repr(), so they are compared exactly.
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "access.h"
#include "gtest/gtest.h"
#include "workspace_data.h"
#include "kwx/keywords.h"
#include "kwx/pos_tagger.h"
#include "kwx/tfidf.h"
#include "testdata/test_support.h"

namespace kwx {
namespace {

using Weighted = std::vector<std::pair<std::string, double>>;
using Words = std::vector<std::string>;

Weighted Extract(const KeywordExtractor& ex, std::string_view text, std::int64_t top_k,
                 Workspace& ws) {
  std::vector<Keyword> out = {{"stale", 1.0, {}}};  // cleared first
  ex.Extract(text, test::TopK(top_k), ws, &out);
  Weighted r;
  for (const Keyword& k : out) r.emplace_back(std::string(k.word), k.weight);
  return r;
}

Words WordsOf(const Weighted& w) {
  Words r;
  for (const auto& p : w) r.push_back(p.first);
  return r;
}

// The default data, the built-in stop words.
struct DefaultExtractor {
  Segmenter seg{test::DefaultDictionary()};
  StopWords stop;
  TfidfExtractor ex{seg, test::DefaultIdf(), stop};
  Workspace ws;
  Weighted operator()(std::string_view text, std::int64_t top_k) {
    return Extract(ex, text, top_k, ws);
  }
};

const char kSentence[] = "我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。";

TEST(TfidfTest, CheckedValueFromJiebaParity) {
  // JIEBA-PARITY.md section 4.
  DefaultExtractor ex;
  Weighted top5 = ex(kSentence, 5);
  ASSERT_EQ(top5.size(), 5u);
  EXPECT_EQ(top5[0], (std::pair<std::string, double>{"CEO", 0.9195975002230768}));
  EXPECT_EQ(top5[1], (std::pair<std::string, double>{"升职", 0.8350888626384615}));
  // extract_tags(s, 0, withWeight=True)
  EXPECT_EQ(ex(kSentence, 0), (Weighted{{"CEO", 0.9195975002230768}, {"升职", 0.8350888626384615}, {"加薪", 0.8186600856923077}, {"手扶拖拉机", 0.7699121041461539}, {"巅峰", 0.73030449267}, {"拖拉机", 0.6489881420730769}, {"当上", 0.6439421972661539}, {"多久", 0.5734582948146154}, {"走上", 0.5355687052276923}, {"人生", 0.5267658925184615}, {"学院", 0.5005230278361539}, {"专业", 0.4763973428753846}, {"不用", 0.46222869174230774}}));
}

TEST(TfidfTest, TopK) {
  DefaultExtractor ex;
  const Weighted all = ex(kSentence, 0);
  ASSERT_EQ(all.size(), 13u);
  // topK > 0: the first k (all of them when k >= 13).
  EXPECT_EQ(WordsOf(ex(kSentence, 3)), (Words{"CEO", "升职", "加薪"}));
  EXPECT_EQ(ex(kSentence, 13), all);
  EXPECT_EQ(ex(kSentence, 14), all);
  EXPECT_EQ(ex(kSentence, 100), all);
  // topK < 0: tags[:topK], all but the last |k|.
  EXPECT_EQ(WordsOf(ex(kSentence, -3)), (Words{"CEO", "升职", "加薪", "手扶拖拉机", "巅峰", "拖拉机", "当上", "多久", "走上", "人生"}));
  EXPECT_EQ(WordsOf(ex(kSentence, -12)), (Words{"CEO"}));
  EXPECT_TRUE(ex(kSentence, -13).empty());
  EXPECT_TRUE(ex(kSentence, -100).empty());
  EXPECT_TRUE(ex(kSentence, std::numeric_limits<std::int64_t>::min()).empty());
  EXPECT_EQ(ex(kSentence, std::numeric_limits<std::int64_t>::max()), all);
  // Every prefix length gives the prefix of the full ranking.
  for (std::int64_t k = 1; k <= 13; ++k) {
    EXPECT_EQ(ex(kSentence, k), Weighted(all.begin(), all.begin() + k)) << k;
    EXPECT_EQ(ex(kSentence, k - 13), Weighted(all.begin(), all.begin() + k)) << k;  // 0 = all
  }
}

TEST(TfidfTest, TiesKeepFirstOccurrenceOrder) {
  DefaultExtractor ex;
  // Eight words absent from idf.txt, once each: all weigh median / 8.
  const char s2[] = "alpha beta gamma delta epsilon zeta eta theta";
  const Weighted all = ex(s2, 0);
  EXPECT_EQ(all, (Weighted{{"alpha", 1.4943459378625}, {"beta", 1.4943459378625}, {"gamma", 1.4943459378625}, {"delta", 1.4943459378625}, {"epsilon", 1.4943459378625}, {"zeta", 1.4943459378625}, {"eta", 1.4943459378625}, {"theta", 1.4943459378625}}));
  EXPECT_EQ(ex(s2, 3), (Weighted{{"alpha", 1.4943459378625}, {"beta", 1.4943459378625}, {"gamma", 1.4943459378625}}));  // the tie straddles rank 3/4
  EXPECT_EQ(WordsOf(ex(s2, -5)), (Words{"alpha", "beta", "gamma"}));
  for (std::int64_t k = 1; k <= 8; ++k) {
    EXPECT_EQ(ex(s2, k), Weighted(all.begin(), all.begin() + k)) << k;
  }
  // Built-in stop words are matched lower-cased ("THE", "The"); one-character tokens and blanks
  // are dropped; ab / Ab / AB are three words with one weight.
  EXPECT_EQ(ex("杭研 网易 小明 杭研 the THE The of 的 a ab Ab AB", 0), (Weighted{{"杭研", 3.4156478579714284}, {"ab", 1.7078239289857142}, {"Ab", 1.7078239289857142}, {"AB", 1.7078239289857142}, {"小明", 1.589726989957143}, {"网易", 1.2205844824714285}}));
}

TEST(TfidfTest, NothingToExtractAndInvalidUtf8) {
  DefaultExtractor ex;
  for (const char* s : {"", "   ", "的了是", "the of and THE", "\r\n\r\n", "a b c"}) {
    EXPECT_TRUE(ex(s, 0).empty()) << s;
    EXPECT_TRUE(ex(s, 5).empty()) << s;
  }
  // extract_tags(raw.decode('utf-8', 'replace'), 0, withWeight=True)
  EXPECT_EQ(ex("\xe6\x9d\xad\xe7\xa0\x94\xff\xe7\xbd\x91\xe6\x98\x93\xe6\x9d\xad\xe7\xa0\x94\xc0\xe5\xb0\x8f\xe6\x98\x8e\xe4", 0), (Weighted{{"杭研", 5.97738375145}, {"小明", 2.782022232425}, {"网易", 2.136022844325}}));
}

TEST(TfidfTest, StopWordFileEntriesAreRawAndLookupIsLowerCased) {
  test::TempDir dir;
  Segmenter seg(test::DefaultDictionary());
  StopWords stop;
  // set_stop_words on this file adds ['\ufeffab', '网易', 'DATA', '小明', 'alpha', 'beta',
  // 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta ']: the BOM spoils 'ab', 'DATA' can never
  // match (candidates are lower-cased), and 'theta ' keeps its blank.
  ASSERT_TRUE(stop.AddFile(dir.Write("stop.txt", "\xef\xbb\xbf" "ab\n网易\r\nDATA\r小明\x0b" "alpha\x0c" "beta\x1cgamma\x1d" "delta\x1e" "epsilon\xc2\x85zeta\xe2\x80\xa8" "eta\xe2\x80\xa9theta \n")).ok());
  TfidfExtractor ex(seg, test::DefaultIdf(), stop);
  Workspace ws;
  EXPECT_EQ(Extract(ex, "ab Ab 网易 小明 杭研 data DATA Data alpha beta gamma delta epsilon zeta eta theta theta ", 0, ws), (Weighted{{"theta", 2.988691875725}, {"ab", 1.4943459378625}, {"Ab", 1.4943459378625}, {"杭研", 1.4943459378625}, {"data", 1.4943459378625}, {"DATA", 1.4943459378625}, {"Data", 1.4943459378625}}));
  // The same text with only the built-in stop words.
  DefaultExtractor plain;
  EXPECT_EQ(plain("ab Ab 网易 小明 杭研 data DATA Data alpha beta gamma delta epsilon zeta eta theta theta ", 0), (Weighted{{"theta", 1.406443235635294}, {"ab", 0.703221617817647}, {"Ab", 0.703221617817647}, {"杭研", 0.703221617817647}, {"data", 0.703221617817647}, {"DATA", 0.703221617817647}, {"Data", 0.703221617817647}, {"alpha", 0.703221617817647}, {"beta", 0.703221617817647}, {"gamma", 0.703221617817647}, {"delta", 0.703221617817647}, {"epsilon", 0.703221617817647}, {"zeta", 0.703221617817647}, {"eta", 0.703221617817647}, {"小明", 0.6545934664529413}, {"网易", 0.5025936104294118}}));
}

TEST(TfidfTest, CustomIdfFileReplacesTheTable) {
  test::TempDir dir;
  // set_idf_path: {'杭研': 1.0, '网易': 2.0, '小明': 3.0, 'ab': 10.0}, median 3.0 for the rest.
  auto idf = IdfTable::Load(dir.Write("idf.txt", "杭研 1.0\n网易 2.0\n小明 3.0\nab 1_0\n"));
  ASSERT_TRUE(idf.ok()) << idf.status().message();
  EXPECT_EQ((*idf)->median(), 3.0);
  Segmenter seg(test::DefaultDictionary());
  StopWords stop;
  TfidfExtractor ex(seg, **idf, stop);
  Workspace ws;
  EXPECT_EQ(Extract(ex, "杭研 网易 小明 杭研 the THE The of 的 a ab Ab AB", 0, ws), (Weighted{{"ab", 1.4285714285714286}, {"小明", 0.42857142857142855}, {"Ab", 0.42857142857142855}, {"AB", 0.42857142857142855}, {"杭研", 0.2857142857142857}, {"网易", 0.2857142857142857}}));
}

TEST(TfidfTest, ThreadsShareOneExtractor) {
  DefaultExtractor base;
  const Weighted expected = base(kSentence, 0);
  const Weighted expected2 = base("杭研 网易 小明 杭研 the THE The of 的 a ab Ab AB", 0);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(3, 0);
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      Workspace ws;
      for (int i = 0; i < 50; ++i) {
        if (Extract(base.ex, kSentence, 0, ws) != expected) ++mismatches[static_cast<std::size_t>(t)];
        if (Extract(base.ex, "杭研 网易 小明 杭研 the THE The of 的 a ab Ab AB", 0, ws) != expected2) ++mismatches[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches, std::vector<int>(3, 0));
}

// The extractor borrows: a temporary in any position would dangle, so it does not compile.
static_assert(std::is_constructible_v<TfidfExtractor, const Segmenter&, const IdfTable&,
                                      const StopWords&>);
static_assert(!std::is_constructible_v<TfidfExtractor, const Segmenter&, const IdfTable&, StopWords&&>);
static_assert(!std::is_constructible_v<TfidfExtractor, const Segmenter&, const IdfTable&&,
                                       const StopWords&>);
static_assert(!std::is_constructible_v<TfidfExtractor, Segmenter&&, const IdfTable&, const StopWords&>);
static_assert(!std::is_constructible_v<TfidfExtractor, Segmenter&&, const IdfTable&, StopWords&&>);
static_assert(!std::is_constructible_v<Segmenter, Dictionary&&>);
static_assert(!std::is_copy_constructible_v<TfidfExtractor>);
// The data objects are shared, never copied.
static_assert(!std::is_copy_constructible_v<IdfTable> && !std::is_move_constructible_v<IdfTable>);
static_assert(!std::is_copy_constructible_v<Dictionary> && !std::is_move_constructible_v<Dictionary>);

// allowPOS and withFlag need the POS tagger: refused by name, never ignored.
// With the default data and jieba.posseg's HMM, and a tagger for allowPOS.
struct PosExtractor {
  Segmenter seg{test::DefaultPosDictionary()};
  PosTagger tagger = *PosTagger::Create(test::DefaultPosDictionary());
  StopWords stop;
  TfidfExtractor ex{seg, test::DefaultIdf(), stop, &tagger};
  Workspace ws;
};

using Tagged = std::vector<std::pair<std::pair<std::string, std::string>, double>>;

Tagged ExtractTagged(const KeywordExtractor& ex, std::string_view text, KeywordOptions options,
                     Workspace& ws) {
  std::vector<Keyword> out;
  ex.Extract(text, options, ws, &out);
  Tagged r;
  for (const Keyword& k : out) r.push_back({{std::string(k.word), std::string(k.flag)}, k.weight});
  return r;
}

TEST(TfidfTest, AllowPosAndWithFlag) {
  PosExtractor e;
  KeywordOptions o = test::TopK(20);
  o.allow_pos = {"n", "v", "vn", "eng"};
  ASSERT_TRUE(e.ex.Check(o).ok());
  EXPECT_EQ(ExtractTagged(e.ex, kSentence, o, e.ws),
            (Tagged{{{"CEO", ""}, 1.19547675029}, {{"升职", ""}, 1.0856155214299998},
                    {{"手扶拖拉机", ""}, 1.00088573539}, {{"巅峰", ""}, 0.949395840471},
                    {{"拖拉机", ""}, 0.843684584695}, {{"走上", ""}, 0.696239316796},
                    {{"人生", ""}, 0.684795660274}, {{"学院", ""}, 0.6506799361869999},
                    {{"专业", ""}, 0.619316545738}, {{"不用", ""}, 0.600897299265}}));
  // One word with two flags: one keyword without withFlag, two with it.
  const char* text = "吾不徒行以为之椁，不可徒行也。吾不徒行以为之椁";
  o.allow_pos = {"n", "v"};
  EXPECT_EQ(ExtractTagged(e.ex, text, o, e.ws),
            (Tagged{{{"徒行", ""}, 8.966075627175}, {{"不可", ""}, 1.369833696555}}));
  o.with_flag = true;
  EXPECT_EQ(ExtractTagged(e.ex, text, o, e.ws),
            (Tagged{{{"徒行", "v"}, 5.97738375145},
                    {{"徒行", "n"}, 2.988691875725},
                    {{"不可", "v"}, 1.369833696555}}));
  // withFlag without allowPOS changes nothing, as in jieba.
  KeywordOptions flag_only = test::TopK(20);
  flag_only.with_flag = true;
  EXPECT_TRUE(e.ex.Check(flag_only).ok());
  EXPECT_EQ(ExtractTagged(e.ex, kSentence, flag_only, e.ws),
            ExtractTagged(e.ex, kSentence, test::TopK(20), e.ws));
}

TEST(TfidfTest, AllowPosNeedsATaggerOverTheSameDictionary) {
  DefaultExtractor base;  // made without a tagger
  KeywordOptions pos;
  pos.allow_pos = {"ns", "n"};
  Status s = base.ex.Check(pos);
  EXPECT_EQ(s.code(), StatusCode::kUnimplemented);
  EXPECT_NE(s.message().find("allowPOS"), std::string::npos) << s.message();
  // Called anyway, Extract gives nothing rather than keywords that ignore the filter.
  std::vector<Keyword> out = {{"stale", 1.0, {}}};
  base.ex.Extract(kSentence, pos, base.ws, &out);
  EXPECT_TRUE(out.empty());
  // A tagger over another Dictionary than the segmenter's.
  PosTagger other = *PosTagger::Create(test::DefaultPosDictionary());
  TfidfExtractor mixed(base.seg, test::DefaultIdf(), base.stop, &other);
  EXPECT_EQ(mixed.Check(pos).code(), StatusCode::kUnimplemented);
}

// A long line is extracted a window at a time: the same keywords and weights as in one piece.
TEST(TfidfTest, WindowsGiveTheKeywordsOfTheWholeLine) {
  DefaultExtractor base;
  std::string line;
  for (int i = 0; i < 20; ++i) {
    line += kSentence;
    line += " 杭研 网易 小明 the THE 的 a ab Ab AB\r\n\xff 龘龘龘 e-mail 3.14% ";
  }
  const Weighted want = Extract(base.ex, line, 0, base.ws);
  ASSERT_GT(want.size(), 10u);
  for (std::size_t window : {std::size_t{1}, std::size_t{9}, std::size_t{200}}) {
    Workspace small;
    internal::Access::Data(small).text.window_bytes = window;
    EXPECT_EQ(Extract(base.ex, line, 0, small), want) << window;
    EXPECT_EQ(Extract(base.ex, line, 5, small), Weighted(want.begin(), want.begin() + 5)) << window;
  }
  // The same with allowPOS, on the tagger's words.
  PosExtractor e;
  KeywordOptions o = test::TopK(0);
  o.allow_pos = {"n", "v", "vn", "eng", "nr", "x"};
  o.with_flag = true;
  const Tagged tagged = ExtractTagged(e.ex, line, o, e.ws);
  ASSERT_GT(tagged.size(), 10u);
  for (std::size_t window : {std::size_t{1}, std::size_t{9}, std::size_t{200}}) {
    Workspace small;
    internal::Access::Data(small).text.window_bytes = window;
    EXPECT_EQ(ExtractTagged(e.ex, line, o, small), tagged) << window;
  }
}

}  // namespace
}  // namespace kwx
