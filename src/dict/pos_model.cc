#include "dict/pos_model.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "dict/model_text.h"

namespace kwx::internal {

namespace {

bool IsPosition(std::string_view s) {
  return s == "B" || s == "E" || s == "M" || s == "S";
}

// Offsets of per-key lists: begin[k]..begin[k + 1] for k < keys, over `items` sorted by key.
template <typename T, typename Key>
std::vector<std::uint32_t> Offsets(const std::vector<T>& items, std::size_t keys, Key key) {
  std::vector<std::uint32_t> begin(keys + 1, 0);
  for (const T& item : items) ++begin[key(item) + 1];
  for (std::size_t k = 0; k < keys; ++k) begin[k + 1] += begin[k];
  return begin;
}

}  // namespace

Status PosModel::Finish(const std::string& name) {
  auto error = [&](const std::string& why) {
    return Status(StatusCode::kDataError, "invalid POS model '" + name + "': " + why);
  };
  const std::size_t n = start.size();
  if (n == 0 || n > kMaxStates) return error("needs 1 to 256 states");
  if (positions.size() != n || tag_offsets.size() != n + 1 || into_begin.size() != n + 1 ||
      char_begin.size() != kHanCount + 1 || emit_begin.size() != kHanCount + 1 ||
      into_from.size() != into_prob.size() || emit_state.size() != emit_prob.size()) {
    return error("table sizes do not match");
  }
  // A list table: offsets from 0 to the size of its items, never decreasing, and each list's
  // items (state numbers) increasing and below n.
  auto check_lists = [&](std::span<const std::uint32_t> begin,
                         std::span<const std::uint8_t> items) {
    if (begin.front() != 0 || begin.back() != items.size()) return false;
    for (std::size_t k = 0; k + 1 < begin.size(); ++k) {
      if (begin[k] > begin[k + 1]) return false;
      for (std::uint32_t i = begin[k]; i < begin[k + 1]; ++i) {
        if (items[i] >= n || (i > begin[k] && items[i - 1] >= items[i])) return false;
      }
    }
    return true;
  };
  if (tag_offsets[0] != 0 || tag_offsets[n] != tag_bytes.size() ||
      !std::is_sorted(tag_offsets.begin(), tag_offsets.end())) {
    return error("state tags out of bounds");
  }
  for (std::size_t s = 0; s < n; ++s) {
    if (!IsPosition(std::string_view(&positions[s], 1))) return error("bad state position");
    // Python's order of (position, tag) tuples, strictly increasing.
    if (s > 0 && std::make_tuple(positions[s - 1], Tag(s - 1)) >= std::make_tuple(positions[s], Tag(s))) {
      return error("states out of order");
    }
  }
  if (!check_lists(into_begin.span(), into_from.span())) return error("transitions out of bounds");
  if (!check_lists(char_begin.span(), char_states.span())) {
    return error("character states out of bounds");
  }
  if (!check_lists(emit_begin.span(), emit_state.span())) return error("emissions out of bounds");

  successors.assign(n, StateSet{});
  has_successors = StateSet{};
  std::vector<double> dense;
  if (into_dense.empty()) {
    dense.assign(n * n, -std::numeric_limits<double>::infinity());
  } else if (into_dense.size() != n * n) {
    return error("the dense transition table has the wrong size");
  }
  for (std::size_t y = 0; y < n; ++y) {
    for (std::uint32_t i = into_begin[y]; i < into_begin[y + 1]; ++i) {
      std::size_t x = into_from[i];
      if (!dense.empty()) dense[y * n + x] = into_prob[i];
      successors[x][y / 64] |= std::uint64_t{1} << (y % 64);
      has_successors[x / 64] |= std::uint64_t{1} << (x % 64);
    }
  }
  if (!dense.empty()) into_dense = ArrayRef<double>(std::move(dense));
  all_states = StateSet{};
  for (std::size_t s = 0; s < n; ++s) all_states[s / 64] |= std::uint64_t{1} << (s % 64);
  into_max.assign(n, -std::numeric_limits<double>::infinity());
  for (std::size_t y = 0; y < n; ++y) {
    for (std::uint32_t i = into_begin[y]; i < into_begin[y + 1]; ++i) {
      into_max[y] = std::max(into_max[y], into_prob[i]);
    }
  }
  auto log_probs = [](std::span<const double> values) {
    return std::all_of(values.begin(), values.end(), [](double v) { return v <= 0; });
  };
  log_probs_only = log_probs(start.span()) && log_probs(into_prob.span()) && log_probs(emit_prob.span());

  // jieba's viterbi raises ValueError (max() of nothing) when no state of a column has a
  // transition out. kwx cannot raise in the middle of a cut, so it refuses the models where that
  // can happen: a state entered by a transition must have one out (columns after the first
  // hold only such states), and every character's allowed states (all of them for a character
  // not in the table) must include one with a transition out. jieba's own tables pass.
  auto has_out = [&](std::size_t s) { return (has_successors[s / 64] >> (s % 64)) & 1; };
  bool any_out = false;
  for (std::size_t s = 0; s < n; ++s) {
    any_out = any_out || has_out(s);
    for (std::size_t w = 0; w < kBitsetWords; ++w) {
      if (successors[s][w] & ~has_successors[w]) {
        return error("state " + std::string(1, positions[s]) + " " + std::string(Tag(s)) +
                     " leads to a state with no transition out (jieba would fail on it)");
      }
    }
  }
  if (!any_out) return error("no state has a transition out (jieba would fail on 2 characters)");
  for (std::size_t c = 0; c < kHanCount; ++c) {
    bool ok = char_begin[c] == char_begin[c + 1];
    for (std::uint32_t i = char_begin[c]; i < char_begin[c + 1] && !ok; ++i) ok = has_out(char_states[i]);
    if (!ok) {
      char hex[16];
      std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(kHanFirst + c));
      return error(std::string("no state allowed for character ") + hex +
                   " has a transition out (jieba would fail on it)");
    }
  }
  return Status::Ok();
}

StatusOr<std::shared_ptr<const PosModel>> PosModel::Parse(std::string_view text,
                                                          const std::string& name) {
  using StateKey = std::pair<char, std::string>;
  struct Trans {
    std::uint8_t from, to;
    double prob;
  };
  struct CharItem {  // an emission (prob) or a char_state_tab entry
    std::uint32_t han;
    std::uint8_t state;
    double prob;
  };
  std::vector<std::pair<StateKey, double>> states;
  std::map<StateKey, std::uint8_t> number;  // filled once the first non-state line comes
  std::vector<Trans> trans;
  std::vector<CharItem> emits, tab;
  Status status = Status::Ok();
  auto fail = [&](std::size_t line_no, const std::string& why) {
    status = Status(StatusCode::kDataError, "invalid POS model '" + name + "' at line " +
                                                std::to_string(line_no) + ": " + why);
    return false;
  };
  // Numbers the states in tuple order, after the last `state` line.
  auto number_states = [&](std::size_t line_no) {
    if (!number.empty()) return true;
    if (states.empty()) return fail(line_no, "no `state` line before the tables");
    if (states.size() > kMaxStates) return fail(line_no, "more than 256 states");
    std::sort(states.begin(), states.end());
    for (std::size_t s = 0; s < states.size(); ++s) {
      if (s > 0 && states[s - 1].first == states[s].first) {
        return fail(line_no, "state " + std::string(1, states[s].first.first) + " " +
                                 states[s].first.second + " defined twice");
      }
      number[states[s].first] = static_cast<std::uint8_t>(s);
    }
    return true;
  };
  auto state_of = [&](std::string_view pos, std::string_view tag, std::uint8_t* out) {
    if (pos.size() != 1) return false;
    auto it = number.find({pos[0], std::string(tag)});
    if (it == number.end()) return false;
    *out = it->second;
    return true;
  };
  auto han_of = [&](std::string_view field, std::uint32_t* han, bool* is_han) {
    char32_t cp = 0;
    if (!SingleCodePoint(field, &cp)) return false;
    *is_han = IsHan(cp);
    *han = static_cast<std::uint32_t>(cp - kHanFirst);
    return true;
  };

  ForEachModelLine(text, [&](std::size_t line_no, std::string_view line) {
    std::vector<std::string_view> f = SplitFields(line, ' ');
    const std::string_view kind = f[0];
    if (kind == "state") {
      double p = 0;
      if (f.size() != 4 || !IsPosition(f[1]) || f[2].empty() || !ParseDouble(f[3], &p)) {
        return fail(line_no, "expected `state POS TAG LOGPROB`");
      }
      if (!number.empty()) return fail(line_no, "a `state` line after the tables");
      states.push_back({{f[1][0], std::string(f[2])}, p});
      return true;
    }
    if (!number_states(line_no)) return false;
    if (kind == "trans") {
      Trans t{};
      if (f.size() != 6 || !state_of(f[1], f[2], &t.from) || !state_of(f[3], f[4], &t.to) ||
          !ParseDouble(f[5], &t.prob)) {
        return fail(line_no, "expected `trans POS TAG POS TAG LOGPROB` with defined states");
      }
      trans.push_back(t);
      return true;
    }
    if (kind == "emit") {
      std::uint8_t state = 0;
      if (f.size() != 4 || !state_of(f[1], f[2], &state)) {
        return fail(line_no, "expected `emit POS TAG c:LOGPROB,...` with a defined state");
      }
      for (std::string_view item : SplitFields(f[3], ',')) {
        std::size_t colon = item.rfind(':');
        std::uint32_t han = 0;
        bool is_han = false;
        double p = 0;
        if (colon == std::string_view::npos || !han_of(item.substr(0, colon), &han, &is_han) ||
            !ParseDouble(item.substr(colon + 1), &p)) {
          return fail(line_no, "bad emission '" + std::string(item.substr(0, 40)) + "'");
        }
        // posseg decodes only Han runs: other characters' emissions cannot matter.
        if (is_han) emits.push_back({han, state, p});
      }
      return true;
    }
    if (kind == "char") {
      std::uint32_t han = 0;
      bool is_han = false;
      if (f.size() < 4 || f.size() % 2 != 0 || !han_of(f[1], &han, &is_han)) {
        return fail(line_no, "expected `char c POS TAG [POS TAG ...]`");
      }
      for (std::size_t i = 2; i + 1 < f.size(); i += 2) {
        std::uint8_t state = 0;
        if (!state_of(f[i], f[i + 1], &state)) return fail(line_no, "undefined state");
        if (is_han) tab.push_back({han, state, 0});
      }
      return true;
    }
    return fail(line_no, "unknown line kind '" + std::string(kind.substr(0, 20)) + "'");
  });
  if (!status.ok()) return status;
  if (!number_states(0)) return status;

  const std::size_t n = states.size();
  auto model = std::make_shared<PosModel>();
  std::vector<char> positions;
  std::vector<std::uint32_t> tag_offsets{0};
  std::vector<char> tag_bytes;
  std::vector<double> start;
  for (const auto& [key, p] : states) {
    positions.push_back(key.first);
    tag_bytes.insert(tag_bytes.end(), key.second.begin(), key.second.end());
    tag_offsets.push_back(static_cast<std::uint32_t>(tag_bytes.size()));
    start.push_back(p);
  }
  // Lists sorted by key, then state; a repeated (key, state) is an error (jieba's tables are
  // dicts: each key once).
  std::sort(trans.begin(), trans.end(),
            [](const Trans& a, const Trans& b) { return std::tie(a.to, a.from) < std::tie(b.to, b.from); });
  for (std::size_t i = 1; i < trans.size(); ++i) {
    if (trans[i].to == trans[i - 1].to && trans[i].from == trans[i - 1].from) {
      return Status(StatusCode::kDataError, "invalid POS model '" + name + "': a transition is given twice");
    }
  }
  auto by_han = [](const CharItem& a, const CharItem& b) {
    return std::tie(a.han, a.state) < std::tie(b.han, b.state);
  };
  std::sort(emits.begin(), emits.end(), by_han);
  std::sort(tab.begin(), tab.end(), by_han);
  auto same = [](const CharItem& a, const CharItem& b) { return a.han == b.han && a.state == b.state; };
  if (std::adjacent_find(emits.begin(), emits.end(), same) != emits.end() ||
      std::adjacent_find(tab.begin(), tab.end(), same) != tab.end()) {
    return Status(StatusCode::kDataError,
                  "invalid POS model '" + name + "': a character's state is given twice");
  }
  std::vector<std::uint8_t> into_from, char_states, emit_state;
  std::vector<double> into_prob, emit_prob;
  for (const Trans& t : trans) {
    into_from.push_back(t.from);
    into_prob.push_back(t.prob);
  }
  for (const CharItem& e : emits) {
    emit_state.push_back(e.state);
    emit_prob.push_back(e.prob);
  }
  for (const CharItem& c : tab) char_states.push_back(c.state);
  model->into_begin = ArrayRef<std::uint32_t>(Offsets(trans, n, [](const Trans& t) { return t.to; }));
  model->char_begin =
      ArrayRef<std::uint32_t>(Offsets(tab, kHanCount, [](const CharItem& c) { return c.han; }));
  model->emit_begin =
      ArrayRef<std::uint32_t>(Offsets(emits, kHanCount, [](const CharItem& c) { return c.han; }));
  model->positions = ArrayRef<char>(std::move(positions));
  model->tag_offsets = ArrayRef<std::uint32_t>(std::move(tag_offsets));
  model->tag_bytes = ArrayRef<char>(std::move(tag_bytes));
  model->start = ArrayRef<double>(std::move(start));
  model->into_from = ArrayRef<std::uint8_t>(std::move(into_from));
  model->into_prob = ArrayRef<double>(std::move(into_prob));
  model->char_states = ArrayRef<std::uint8_t>(std::move(char_states));
  model->emit_state = ArrayRef<std::uint8_t>(std::move(emit_state));
  model->emit_prob = ArrayRef<double>(std::move(emit_prob));
  if (Status s = model->Finish(name); !s.ok()) return s;
  return std::shared_ptr<const PosModel>(std::move(model));
}

}  // namespace kwx::internal
