#include "seg/pos_viterbi.h"

#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "dict/hmm_model.h"
#include "gtest/gtest.h"
#include "testdata/test_support.h"

namespace kwx::internal {
namespace {

using State = std::pair<char, std::string>;  // Python's (position, tag) tuple

// A POS HMM as jieba holds it: dicts keyed by state tuples and characters.
struct Spec {
  std::map<State, double> start;
  std::map<State, std::map<State, double>> trans;  // every state has an entry, maybe empty
  std::map<State, std::map<char32_t, double>> emit;
  std::map<char32_t, std::vector<State>> tab;

  std::string Text() const {
    auto name = [](const State& s) { return std::string(1, s.first) + " " + s.second; };
    auto utf8 = [](char32_t c) {
      std::string out;
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
      return out;
    };
    auto num = [](double d) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", d);
      return std::string(buf);
    };
    std::string t;
    for (const auto& [s, p] : start) t += "state " + name(s) + " " + num(p) + "\n";
    for (const auto& [x, ys] : trans) {
      for (const auto& [y, p] : ys) t += "trans " + name(x) + " " + name(y) + " " + num(p) + "\n";
    }
    for (const auto& [s, cs] : emit) {
      if (cs.empty()) continue;
      t += "emit " + name(s) + " ";
      bool first = true;
      for (const auto& [c, p] : cs) {
        t += (first ? "" : ",") + utf8(c) + ":" + num(p);
        first = false;
      }
      t += "\n";
    }
    for (const auto& [c, states] : tab) {
      t += "char " + utf8(c);
      for (const State& s : states) t += " " + name(s);
      t += "\n";
    }
    return t;
  }
};

// posseg/viterbi.py, transcribed literally (dicts and sets, max over (prob, state) tuples).
std::vector<State> Reference(const Spec& m, const std::u32string& obs) {
  constexpr double kMinInf = -std::numeric_limits<double>::infinity();
  std::vector<State> all;
  for (const auto& [s, ys] : m.trans) all.push_back(s);
  auto states_of = [&](char32_t c) {
    auto it = m.tab.find(c);
    return it == m.tab.end() ? all : it->second;
  };
  auto emit = [&](const State& y, char32_t c) {
    auto e = m.emit.find(y);
    if (e == m.emit.end()) return kMinFloat;
    auto it = e->second.find(c);
    return it == e->second.end() ? kMinFloat : it->second;
  };
  std::vector<std::map<State, double>> V(1);
  std::vector<std::map<State, std::optional<State>>> mem(1);
  for (const State& y : states_of(obs[0])) {
    V[0][y] = m.start.at(y) + emit(y, obs[0]);
    mem[0][y] = std::nullopt;
  }
  for (std::size_t t = 1; t < obs.size(); ++t) {
    V.emplace_back();
    mem.emplace_back();
    std::vector<State> prev;
    for (const auto& [x, from] : mem[t - 1]) {
      if (!m.trans.at(x).empty()) prev.push_back(x);
    }
    std::set<State> expect;
    for (const State& x : prev) {
      for (const auto& [y, p] : m.trans.at(x)) expect.insert(y);
    }
    std::set<State> obs_states;
    for (const State& y : states_of(obs[t])) {
      if (expect.count(y)) obs_states.insert(y);
    }
    if (obs_states.empty()) {
      obs_states = expect.empty() ? std::set<State>(all.begin(), all.end()) : expect;
    }
    for (const State& y : obs_states) {
      std::optional<std::pair<double, State>> best;
      for (const State& y0 : prev) {
        auto tr = m.trans.at(y0).find(y);
        double p = (V[t - 1][y0] + (tr == m.trans.at(y0).end() ? kMinInf : tr->second)) +
                   emit(y, obs[t]);
        std::pair<double, State> cand{p, y0};
        if (!best || cand > *best) best = cand;
      }
      EXPECT_TRUE(best.has_value()) << "jieba would raise here";
      if (!best) return {};
      V[t][y] = best->first;
      mem[t][y] = best->second;
    }
  }
  std::optional<std::pair<double, State>> last;
  for (const auto& [y, from] : mem.back()) {
    std::pair<double, State> cand{V.back()[y], y};
    if (!last || cand > *last) last = cand;
  }
  std::vector<State> route(obs.size());
  State state = last->second;
  for (std::size_t i = obs.size(); i-- > 0;) {
    route[i] = state;
    if (i > 0) state = *mem[i][state];
  }
  return route;
}

std::vector<State> Decode(const PosModel& model, const std::u32string& obs,
                          std::size_t check_interval = 4096) {
  PosViterbiScratch scratch;
  scratch.check_interval = check_interval;
  std::vector<std::uint8_t> states;
  PosViterbi(model, obs.data(), obs.size(), scratch, &states);
  std::vector<State> out;
  for (std::uint8_t s : states) out.emplace_back(model.positions[s], std::string(model.Tag(s)));
  return out;
}

// Random models whose probabilities come from a handful of values, so that ties (which jieba
// breaks by the greater state tuple) are everywhere, with missing transitions and emissions
// (-inf and -3.14e100), characters in and out of char_state_tab. Half the models have positive
// values too, which the decoder does not prune (PosModel::log_probs_only).
TEST(PosViterbiTest, MatchesTheLiteralTranscriptionOnRandomModels) {
  std::mt19937 rng(20261205);
  const std::u32string alphabet = U"中国人民大学生";
  const double log_probs[] = {-1.0, -2.0, -0.5, -3.14e100, -1.5};
  const double any_values[] = {-1.0, 2.0, -0.5, -3.14e100, 0.5};
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  int models = 0, checked = 0, pruned = 0;
  for (int round = 0; round < 400; ++round) {
    const double* values = round % 2 == 0 ? log_probs : any_values;
    Spec spec;
    const char* positions = "BEMS";
    const char* tags[] = {"n", "v", "a", "nr", "x"};
    const int n_states = 2 + pick(7);
    while (static_cast<int>(spec.start.size()) < n_states) {
      spec.start[{positions[pick(4)], tags[pick(5)]}] = values[pick(5)];
    }
    for (const auto& [s, p] : spec.start) spec.trans[s];
    for (auto& [x, ys] : spec.trans) {
      for (const auto& [y, p] : spec.start) {
        if (pick(3) != 0) ys[y] = values[pick(5)];
      }
    }
    for (const auto& [s, p] : spec.start) {
      for (char32_t c : alphabet) {
        if (pick(2) == 0) spec.emit[s][c] = values[pick(5)];
      }
    }
    for (char32_t c : alphabet) {
      if (pick(2) != 0) continue;
      for (const auto& [s, p] : spec.start) {
        if (pick(2) == 0) spec.tab[c].push_back(s);
      }
      if (spec.tab[c].empty()) spec.tab.erase(c);
    }
    auto model = PosModel::Parse(spec.Text(), "random");
    if (!model.ok()) continue;  // one of the models jieba could fail on (PosModelTest)
    ++models;
    pruned += (*model)->log_probs_only;
    for (int k = 0; k < 10; ++k) {
      std::u32string obs;
      const int len = 1 + pick(k < 5 ? 8 : 60);
      for (int i = 0; i < len; ++i) obs += alphabet[static_cast<std::size_t>(pick(7))];
      SCOPED_TRACE(testing::Message() << "round " << round << ", model:\n" << spec.Text());
      const std::vector<State> want = Reference(spec, obs);
      ASSERT_EQ(Decode(**model, obs), want);
      // Deciding the prefix where the survivor paths merge changes nothing.
      ASSERT_EQ(Decode(**model, obs, 1), want);
      ASSERT_EQ(Decode(**model, obs, 3), want);
      ++checked;
    }
  }
  EXPECT_GT(models, 100);  // the generator must mostly make usable models
  EXPECT_GT(checked, 1000);
  EXPECT_GT(pruned, 50);  // both decoding loops are checked
  EXPECT_GT(models - pruned, 50);
}

// A long run of characters jieba's tables do not know (every state allowed at every position):
// with checks every few columns, the stored steps stay a few columns' worth, and the path is the
// one decoded without them.
TEST(PosViterbiTest, LongRunsKeepFewColumns) {
  auto model = PosModel::Parse(test::ReadFile(test::DataPath("pos_hmm.utf8")), "pos_hmm.utf8");
  ASSERT_TRUE(model.ok()) << model.status().message();
  std::u32string run;
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) run += static_cast<char32_t>(0x9F90 + rng() % 0x40);
  run += U"中华人民共和国";
  PosViterbiScratch whole, checked;
  whole.check_interval = run.size() + 1;
  checked.check_interval = 64;
  std::vector<std::uint8_t> a, b;
  PosViterbi(**model, run.data(), run.size(), whole, &a);
  PosViterbi(**model, run.data(), run.size(), checked, &b);
  EXPECT_EQ(a, b);
  EXPECT_EQ(whole.base, 0u);
  EXPECT_GT(checked.base, run.size() - 200);           // decided up to near the end
  EXPECT_LT(checked.steps.size(), whole.steps.size() / 10);
}

TEST(PosViterbiTest, DefaultModel) {
  auto model = PosModel::Parse(test::ReadFile(test::DataPath("pos_hmm.utf8")), "pos_hmm.utf8");
  ASSERT_TRUE(model.ok()) << model.status().message();
  // jieba.posseg.viterbi.viterbi(s, char_state_tab_P, start_P, trans_P, emit_P)[1] for these
  // (/usr/bin/python3, jieba 0.42.1).
  EXPECT_EQ(Decode(**model, U"杭研大厦"),
            (std::vector<State>{{'B', "nt"}, {'M', "nt"}, {'M', "nt"}, {'E', "nt"}}));
  EXPECT_EQ(Decode(**model, U"网易杭研"),
            (std::vector<State>{{'B', "n"}, {'E', "n"}, {'S', "j"}, {'B', "vn"}}));
  EXPECT_EQ(Decode(**model, U"后在日本"),
            (std::vector<State>{{'B', "t"}, {'E', "t"}, {'B', "ns"}, {'E', "ns"}}));
}

}  // namespace
}  // namespace kwx::internal
