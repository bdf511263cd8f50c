#include "seg/viterbi.h"

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "testdata/test_support.h"
#include "util/utf8.h"

namespace kwx::internal {
namespace {

const HmmModel& DefaultModel() {
  static const HmmModel* model = [] {
    std::ifstream in(test::DataPath("hmm_model.utf8"), std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto r = HmmModel::Parse(text, "hmm_model.utf8");
    if (!r.ok()) {
      ADD_FAILURE() << r.status().message();
      std::abort();
    }
    return new HmmModel(std::move(r).value());
  }();
  return *model;
}

std::string States(const HmmModel& model, std::string_view utf8) {
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  DecodeUtf8(utf8, &cps, &offsets);
  ViterbiScratch scratch;
  std::vector<std::uint8_t> states;
  Viterbi(model, cps.data(), cps.size(), scratch, &states);
  std::string out;
  for (std::uint8_t s : states) out.push_back("BEMS"[s]);
  return out;
}

// jieba.finalseg.viterbi(s, 'BMES', start_P, trans_P, emit_P)[1], joined (/usr/bin/python3,
// jieba 0.42.1). The comment gives finalseg.cut(s) and the path probability.
struct ViterbiCase {
  const char* text;
  const char* states;
};

const ViterbiCase kCases[] = {
    {"杭研", "BE"},                                              // ['杭研'] -17.796222868894255
    {"小明硕士毕业于中国科学院计算所", "BEBEBMEBEBMEBES"},      // -101.63238958952303
    {"他来到了网易杭研大厦", "BESSBESBME"},                      // -70.592869290264
    {"一专", "BE"},                                              // -14.31707445877679
    {"的的的的的的", "SSSSSS"},                                  // -18.23563914460593
    {"丠乨乷乼乽", "SSSSS"},  // characters only in the S table: -90.2045161306289
    // Characters missing from every emission table: every path is about -3.14e100 per
    // character, the small terms vanish, and the ties decide (higher state letter; S at the end).
    {"丄", "S"},                                                 // -3.14e+100
    {"丄丅丏両丣", "SSSSS"},                                     // -1.57e+101
    {"丄中", "SS"},
    {"中丄丅国", "SSSS"},                                        // -6.28e+100
    {"中国人民丄丅丏両丣丩丮丯", "BMESSSSSSSSS"},                // -2.5120000000000002e+101
};

TEST(ViterbiTest, StatesMatchJieba) {
  const HmmModel& model = DefaultModel();
  for (const ViterbiCase& c : kCases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(States(model, c.text), c.states);
  }
}

TEST(ViterbiTest, ScratchIsReusable) {
  // A long call then a short one with the same scratch: no stale state leaks through.
  const HmmModel& model = DefaultModel();
  std::vector<char32_t> long_text;
  for (int i = 0; i < 500; ++i) long_text.push_back(U'丄');
  ViterbiScratch scratch;
  std::vector<std::uint8_t> states;
  Viterbi(model, long_text.data(), long_text.size(), scratch, &states);
  EXPECT_EQ(states.size(), 500u);
  std::u32string short_text = U"杭研";
  Viterbi(model, short_text.data(), short_text.size(), scratch, &states);
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0], kB);
  EXPECT_EQ(states[1], kE);
}

// A hand-made model: start all 0, every transition -1 (so every path is allowed), emissions
// -1 unless given. Results of jieba.finalseg.viterbi on the same tables (/usr/bin/python3).
std::string TieModel(const char* b, const char* e, const char* m, const char* s) {
  std::string text = "0 0 0 0\n-1 -1 -1 -1\n-1 -1 -1 -1\n-1 -1 -1 -1\n-1 -1 -1 -1\n";
  for (const char* line : {b, e, m, s}) text += std::string(line) + "\n";
  return text;
}

TEST(ViterbiTest, TiesOnTinyModels) {
  {
    // Everything equal: each step keeps the higher letter (B<-S, E<-M, M<-M, S<-S) and the end
    // takes S over E. jieba: ['S', 'S', 'S'] and, for an unknown character, ['S'].
    auto r = HmmModel::Parse(TieModel("一:-1", "一:-1", "一:-1", "一:-1"), "ties");
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(States(*r, "一一一"), "SSS");
    EXPECT_EQ(States(*r, "丄"), "S");
  }
  {
    // The last character favours E; E comes from the tie of B and M -> M, and M from M.
    // jieba: ['M', 'M', 'E'].
    auto r = HmmModel::Parse(TieModel("一:-1,丁:-5", "一:-1,丁:-1", "一:-1,丁:-5", "一:-1,丁:-5"),
                             "ties");
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(States(*r, "一一丁"), "MME");
  }
  {
    // jieba: ['B', 'E', 'S'].
    auto r = HmmModel::Parse(TieModel("一:-1,丁:-1", "一:-1,丁:-3", "一:-1,丁:-5", "一:-1,丁:-5"),
                             "ties");
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(States(*r, "丁一一"), "BES");
  }
}

}  // namespace
}  // namespace kwx::internal
