#include "seg/route.h"

#include <cmath>
#include <string>
#include <vector>

#include "access.h"
#include "gtest/gtest.h"
#include "testdata/test_support.h"
#include "util/utf8.h"

namespace kwx::internal {
namespace {

struct Route {
  std::vector<double> score;
  std::vector<std::int32_t> end;
  std::vector<std::int32_t> node;
};

std::vector<char32_t> Cps(std::string_view utf8) {
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  DecodeUtf8(utf8, &cps, &offsets);
  return cps;
}

std::vector<std::uint32_t> Ids(const DictionaryData& dict, std::string_view utf8) {
  std::vector<char32_t> cps = Cps(utf8);
  std::vector<std::uint32_t> ids;
  for (char32_t c : cps) ids.push_back(dict.chars.Id(c));
  return ids;
}

Route Compute(const DictionaryData& dict, std::string_view utf8) {
  std::vector<std::uint32_t> ids = Ids(dict, utf8);
  Route r;
  r.score.assign(ids.size() + 1, 99.0);
  r.end.assign(ids.size() + 1, 99);
  r.node.assign(ids.size() + 1, 99);
  ComputeRoute(dict, ids.data(), ids.size(), r.score.data(), r.end.data(), r.node.data());
  return r;
}

std::int32_t NodeOf(const DictionaryData& dict, std::string_view word) {
  std::vector<std::uint32_t> ids = Ids(dict, word);
  return dict.Find(ids);
}

std::shared_ptr<const Dictionary> LoadCustom(const test::TempDir& dir, std::string_view text) {
  auto r = Dictionary::Load(dir.Write("dict.txt", text), dir.Write("hmm.utf8", test::kTinyHmmModel));
  EXPECT_TRUE(r.ok()) << r.status().message();
  return std::move(r).value();
}

// The custom dictionary below, fed to jieba.Tokenizer(path): total 16, and for "甲乙丙"
// calc() gives route {0: (-2.8371272433773522, 1), 1: (-1.1631508098056809, 2),
// 2: (-1.6739764335716714, 2), 3: (0, 0)}; lcut(HMM=False) == ['甲乙', '丙'].
constexpr std::string_view kTieDict = "甲乙 5\n丙 3\n甲 3\n乙丙 5\n";

TEST(RouteTest, TieGoesToTheLargerEnd) {
  // From 0: 甲 + 乙丙 = w(3) + (w(5) + 0) and 甲乙 + 丙 = w(5) + (w(3) + 0): the same double.
  test::TempDir dir;
  std::shared_ptr<const Dictionary> d = LoadCustom(dir, kTieDict);
  const DictionaryData& data = Access::Data(*d);
  Route r = Compute(data, "甲乙丙");
  double w3 = std::log(3.0) - std::log(16.0), w5 = std::log(5.0) - std::log(16.0);
  ASSERT_EQ(w3 + (w5 + 0.0), w5 + (w3 + 0.0));  // the tie is real
  EXPECT_EQ(r.end[0], 1);  // 甲乙, not 甲
  EXPECT_EQ(r.end[1], 2);
  EXPECT_EQ(r.end[2], 2);
  EXPECT_EQ(r.score[0], -2.8371272433773522);
  EXPECT_EQ(r.score[1], -1.1631508098056809);
  EXPECT_EQ(r.score[2], -1.6739764335716714);
  EXPECT_EQ(r.score[3], 0.0);
  EXPECT_EQ(r.node[0], NodeOf(data, "甲乙"));
  EXPECT_EQ(r.node[1], NodeOf(data, "乙丙"));
  EXPECT_EQ(r.node[2], NodeOf(data, "丙"));
  EXPECT_NE(r.node[0], -1);
}

TEST(RouteTest, SingleCharacterFallback) {
  // jieba: "乙丁" -> DAG {0: [0], 1: [1]}: 乙 is only a 0-frequency prefix and 丁 is unknown,
  // so each is a single-character candidate weighted log(1) - log(total);
  // route {0: (-5.545177444479562, 0), 1: (-2.772588722239781, 1)}.
  test::TempDir dir;
  std::shared_ptr<const Dictionary> d = LoadCustom(dir, kTieDict);
  Route r = Compute(Access::Data(*d), "乙丁");
  EXPECT_EQ(r.end[0], 0);
  EXPECT_EQ(r.end[1], 1);
  EXPECT_EQ(r.score[1], -2.772588722239781);
  EXPECT_EQ(r.score[0], -5.545177444479562);
  EXPECT_EQ(r.node[0], -1);  // no word: no trie node
  EXPECT_EQ(r.node[1], -1);
  // jieba: "甲乙丙丁甲" -> ends (1, 2, 2, 3, 4), scores as below.
  Route r2 = Compute(Access::Data(*d), "甲乙丙丁甲");
  EXPECT_EQ(r2.end, (std::vector<std::int32_t>{1, 2, 2, 3, 4, 0}));
  EXPECT_EQ(r2.score, (std::vector<double>{-7.283692399188805, -5.609715965617133,
                                           -6.120541589383124, -4.446565155811452,
                                           -1.6739764335716714, 0.0}));
}

TEST(RouteTest, EmptyBlock) {
  test::TempDir dir;
  std::shared_ptr<const Dictionary> d = LoadCustom(dir, kTieDict);
  Route r = Compute(Access::Data(*d), "");
  EXPECT_EQ(r.score[0], 0.0);
  EXPECT_EQ(r.end[0], 0);
  EXPECT_EQ(r.node[0], -1);
}

TEST(RouteTest, SingleCharIsNotAlwaysACandidate) {
  // Default dictionary. jieba: get_DAG("嚐试验") == {0: [1], 1: [1, 2], 2: [2]}; 嚐 alone has
  // frequency 0, so 嚐/试验 (which would score better) is not possible: ['嚐试', '验'].
  const DictionaryData& data = Access::Data(test::DefaultDictionary());
  Route r = Compute(data, "嚐试验");
  EXPECT_EQ(r.end[0], 1);
  EXPECT_EQ(r.score[0], -28.63771923993002);
  EXPECT_GT(0.0 - data.log_total + r.score[1], r.score[0]);  // what a cppjieba-style DAG picks
}

// jieba's calc() over the default dictionary: route[k] = (score, end) for k = 0..N
// (from /usr/bin/python3, jieba 0.42.1; scores are repr() and so exact).
struct RouteCase {
  const char* text;
  std::vector<double> score;
  std::vector<std::int32_t> end;
};

const RouteCase kDefaultRoutes[] = {
  {"我来到北京清华大学",
   {-32.587853155857076, -27.379629658355885, -24.22732015246924, -18.548194315526874, -20.20431518448597, -11.085007904198626, -17.53722513662092, -8.006816355818659, -8.142626068614787, 0},
   {0, 2, 2, 4, 4, 8, 6, 8, 8, 0}},
  {"一一一",
   {-16.111057129057237, -10.49097422234442, -5.620082906712817, 0},
   {1, 2, 2, 0}},
  {"嚐试验",
   {-28.63771923993002, -9.467360829223471, -11.824778400842913, 0},
   {1, 2, 2, 0}},
  {"工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
   {-215.83168453672334, -219.95829085840975, -211.3693347849764, -203.58309188910408, -198.69525217248776, -193.97243296317262, -186.77015105001698, -182.3355250690865, -176.03408763588598, -174.23711098634234, -167.81641152363525, -164.7419172802877, -156.99660051097518, -153.73587008205436, -144.24983335714347, -138.55815715589483, -132.6079327550928, -128.23843677364007, -120.26853365951534, -118.27830129790762, -109.17152342902008, -91.25997030126487, -73.34841717350965, -65.3785140593849, -68.44656699451852, -61.39370178036127, -52.32677333599135, -46.60075335504705, -52.30553190775634, -42.440207881076496, -34.06447863497599, -31.318379511535763, -22.183610767482037, -16.94445528162192, -15.880294798773903, -6.808597903781948, -7.671022073229587, 0},
   {2, 1, 2, 5, 5, 5, 7, 7, 9, 9, 11, 11, 13, 13, 14, 15, 17, 17, 19, 19, 20, 21, 22, 25, 25, 25, 26, 29, 28, 29, 31, 31, 32, 34, 34, 36, 36, 0}},
  {"石墨烯是一种由碳原子以sp2杂化轨道组成六角型呈蜂巢晶格的平面薄膜",
   {-240.30664288202942, -239.42746655600027, -228.64119651975577, -215.811047756985, -211.4880932945921, -211.911190209811, -203.929669189814, -197.2851793510277, -190.6405219388668, -188.5269241077949, -180.4722385119406, -174.38187465708464, -156.47032152932942, -138.5587684015742, -120.647215273819, -110.41306257657858, -101.36470078951422, -97.29879981482567, -91.2405296882437, -90.46046835494192, -83.26066276738328, -81.15174294941143, -71.39411495366407, -63.01135592900357, -54.20211242901083, -52.44957367293606, -41.05273323605337, -37.155469781680324, -27.59552740455166, -22.356371918691543, -20.41477692109823, -12.07382268058928, -10.328814638840807, 0},
   {1, 1, 2, 3, 5, 5, 6, 9, 9, 9, 10, 11, 12, 13, 14, 15, 17, 17, 19, 19, 21, 21, 22, 23, 25, 25, 27, 27, 28, 30, 30, 32, 32, 0}},
  {"丄丅abc中国x",
   {-113.60966742123384, -95.69811429347862, -77.78656116572341, -59.875008037968186, -41.96345491021297, -24.051901782457747, -25.51428693708916, -17.91155312775522, 0},
   {0, 1, 2, 3, 4, 6, 6, 7, 0}},
};

TEST(RouteTest, DefaultDictionaryRoutesMatchJiebaBitForBit) {
  const DictionaryData& data = Access::Data(test::DefaultDictionary());
  for (const RouteCase& c : kDefaultRoutes) {
    SCOPED_TRACE(c.text);
    Route r = Compute(data, c.text);
    ASSERT_EQ(r.score.size(), c.score.size());
    for (std::size_t k = 0; k < c.score.size(); ++k) {
      // EXPECT_EQ, not EXPECT_DOUBLE_EQ: the last bit matters (ties are decided on it).
      EXPECT_EQ(r.score[k], c.score[k]) << "k=" << k;
      if (k + 1 < c.score.size()) {
        EXPECT_EQ(r.end[k], c.end[k]) << "k=" << k;
      }
    }
  }
}

// jieba's get_DAG over the default dictionary.
struct DagCase {
  const char* text;
  std::vector<std::vector<std::uint32_t>> dag;
};

const DagCase kDefaultDags[] = {
  {"嚐试验", {{1}, {1, 2}, {2}}},
  {"我来到北京清华大学", {{0}, {1, 2}, {2}, {3, 4}, {4}, {5, 6, 8}, {6, 7}, {7, 8}, {8}}},
  {"丄丅abc中国x", {{0}, {1}, {2}, {3}, {4}, {5, 6}, {6}, {7}}},
  {"一一一", {{0, 1}, {1, 2}, {2}}},
  {"", {}},
};

TEST(RouteTest, DagMatchesJieba) {
  const DictionaryData& data = Access::Data(test::DefaultDictionary());
  std::vector<std::uint32_t> ends, start;
  for (const DagCase& c : kDefaultDags) {
    SCOPED_TRACE(c.text);
    std::vector<std::uint32_t> ids = Ids(data, c.text);
    std::vector<char32_t> cps = Cps(c.text);
    ComputeDag(data, ids.data(), cps.data(), ids.size(), &ends, &start);
    ASSERT_EQ(start.size(), ids.size() + 1);
    std::vector<std::vector<std::uint32_t>> dag;
    for (std::size_t k = 0; k < ids.size(); ++k) {
      dag.emplace_back(ends.begin() + start[k], ends.begin() + start[k + 1]);
    }
    EXPECT_EQ(dag, c.dag);
  }
}

TEST(RouteTest, DagOnCustomDictionary) {
  // jieba.Tokenizer(kTieDict).get_DAG("甲乙丙") == {0: [0, 1], 1: [2], 2: [2]}.
  test::TempDir dir;
  std::shared_ptr<const Dictionary> d = LoadCustom(dir, kTieDict);
  std::vector<std::uint32_t> ids = Ids(Access::Data(*d), "甲乙丙"), ends, start;
  std::vector<char32_t> cps = Cps("甲乙丙");
  ComputeDag(Access::Data(*d), ids.data(), cps.data(), ids.size(), &ends, &start);
  EXPECT_EQ(ends, (std::vector<std::uint32_t>{0, 1, 2, 2}));
  EXPECT_EQ(start, (std::vector<std::uint32_t>{0, 2, 3, 4}));
}

}  // namespace
}  // namespace kwx::internal
