// TextRankExtractor: jieba.analyse.TextRank.textrank (analyse/textrank.py), transcribed with its
// evaluation order, so that the weights are the same doubles.
#include "kwx/textrank.h"

#include <algorithm>
#include <cfloat>
#include <string>

#include "access.h"
#include "dict/dictionary_data.h"
#include "kw/top_k.h"
#include "seg/pos_cut.h"
#include "workspace_data.h"

namespace kwx {

namespace {

constexpr double kDamping = 0.85;  // UndirectWeightedGraph.d
constexpr std::size_t kSpan = 5;   // TextRank.span
constexpr int kIterations = 10;

// `w.lower() in stop_words`; posseg's words of two or more characters are made of block
// characters, of which only A-Z change under str.lower().
bool IsStop(const StopWords& stop_words, std::string_view word, std::string* lower) {
  if (std::none_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return stop_words.Contains(word);
  }
  lower->assign(word);
  for (char& c : *lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return stop_words.Contains(*lower);
}

}  // namespace

std::vector<std::string> DefaultTextRankPos() { return {"ns", "n", "vn", "v"}; }

Status TextRankExtractor::Check(const KeywordOptions&) const { return Status::Ok(); }

void TextRankExtractor::Extract(std::string_view text, const KeywordOptions& options,
                                Workspace& workspace, std::vector<Keyword>* out) const {
  out->clear();
  internal::WorkspaceData& ws = internal::Access::Data(workspace);
  internal::KeywordScratch& kw = ws.keywords;
  internal::TextRankScratch& g = kw.textrank;
  const internal::DictionaryData& dict = internal::Access::Data(tagger_->dictionary());
  const bool with_flag = options.with_flag && !options.allow_pos.empty();
  auto allowed = [&](std::string_view flag) {
    for (const std::string& p : options.allow_pos) {
      if (p == flag) return true;
    }
    return false;
  };

  // words = tuple(posseg.dt.cut(sentence)); pairfilter per word. Every token counts for the
  // span, so a line's tokens are kept across windows (one int each).
  internal::TermCounter& terms = kw.terms;
  terms.Clear();
  g.token_term.clear();
  internal::PrepareLine(text, ws.text);
  while (internal::NextWindow(ws.text)) {
    for (const internal::TaggedSpan& s :
         internal::CutPos(dict, /*hmm=*/true, ws.text, ws.segment, ws.pos)) {
      // len(wp.word.strip()) >= 2: words of two or more characters lie inside blocks (no
      // whitespace there), but "\r\n", which strips to nothing.
      std::string_view word = ws.text.View(s.begin, s.end);
      if (s.end - s.begin < 2 || word == "\r\n" || !allowed(s.flag)) {
        g.token_term.push_back(-1);
        continue;
      }
      const std::int32_t node = dict.Find({ws.segment.ids.data() + s.begin, s.end - s.begin});
      bool is_new = false;
      internal::TermCounter::Term& term =
          with_flag ? terms.FindOrInsertTagged(node, word, s.flag, &is_new)
          : node >= 0 ? terms.FindOrInsertNode(node, word, &is_new)
                      : terms.FindOrInsertWord(word, &is_new);
      if (is_new) term.stop = IsStop(*stop_words_, word, &kw.lower);
      g.token_term.push_back(term.stop ? -1
                                       : static_cast<std::int32_t>(&term - terms.terms().data()));
    }
  }

  // cm[(wp, words[j])] += 1 for the passing words j of the next span - 1 tokens.
  g.pairs.clear();
  g.pair_index.clear();
  const std::size_t n_tokens = g.token_term.size();
  for (std::size_t i = 0; i < n_tokens; ++i) {
    if (g.token_term[i] < 0) continue;
    for (std::size_t j = i + 1; j < i + kSpan && j < n_tokens; ++j) {
      if (g.token_term[j] < 0) continue;
      const auto a = static_cast<std::uint32_t>(g.token_term[i]);
      const auto b = static_cast<std::uint32_t>(g.token_term[j]);
      auto [it, added] = g.pair_index.try_emplace(std::uint64_t{a} << 32 | b,
                                                  static_cast<std::uint32_t>(g.pairs.size()));
      if (added) {
        g.pairs.push_back({a, b, 1});
      } else {
        ++g.pairs[it->second].count;
      }
    }
  }
  if (g.pairs.empty()) return;

  // g.addEdge(a, b, w) for cm's items in insertion order: a node enters the graph when it first
  // appears (start, then end), and each edge is appended to both ends' lists.
  const auto& all = terms.terms();
  g.node_of_term.assign(all.size(), -1);
  g.node_term.clear();
  auto node_of = [&](std::uint32_t term) {
    if (g.node_of_term[term] < 0) {
      g.node_of_term[term] = static_cast<std::int32_t>(g.node_term.size());
      g.node_term.push_back(term);
    }
    return static_cast<std::uint32_t>(g.node_of_term[term]);
  };
  for (const auto& p : g.pairs) {
    node_of(p.a);
    node_of(p.b);
  }
  const std::size_t n = g.node_term.size();
  g.edge_begin.assign(n + 1, 0);
  for (const auto& p : g.pairs) {
    ++g.edge_begin[node_of(p.a) + 1];
    ++g.edge_begin[node_of(p.b) + 1];
  }
  for (std::size_t k = 0; k < n; ++k) g.edge_begin[k + 1] += g.edge_begin[k];
  g.edges.resize(g.edge_begin[n]);
  {
    std::vector<std::uint32_t>& fill = g.order;  // next free slot per node
    fill.assign(g.edge_begin.begin(), g.edge_begin.end() - 1);
    for (const auto& p : g.pairs) {
      const std::uint32_t a = node_of(p.a), b = node_of(p.b);
      g.edges[fill[a]++] = {b, p.count};
      g.edges[fill[b]++] = {a, p.count};
    }
  }

  // rank(): ws = 1 / len(graph), outSum = sum of the weights (from 0.0, in list order).
  const double wsdef = 1.0 / static_cast<double>(n);
  g.ws.assign(n, wsdef);
  g.out_sum.assign(n, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    double sum = 0.0;
    for (std::uint32_t e = g.edge_begin[k]; e < g.edge_begin[k + 1]; ++e) sum += g.edges[e].weight;
    g.out_sum[k] = sum;
  }
  // sorted(graph.keys()): words in code point order (= UTF-8 byte order); pairs compare by word
  // only (pair.__lt__), and sorted() is stable, so pairs of one word stay in graph order.
  g.sorted.resize(n);
  for (std::size_t k = 0; k < n; ++k) g.sorted[k] = static_cast<std::uint32_t>(k);
  std::stable_sort(g.sorted.begin(), g.sorted.end(), [&](std::uint32_t x, std::uint32_t y) {
    return all[g.node_term[x]].word < all[g.node_term[y]].word;
  });
  const double base = 1 - kDamping;
  for (int it = 0; it < kIterations; ++it) {
    for (std::uint32_t k : g.sorted) {
      double s = 0;
      for (std::uint32_t e = g.edge_begin[k]; e < g.edge_begin[k + 1]; ++e) {
        const auto& edge = g.edges[e];
        s += static_cast<double>(edge.weight) / g.out_sum[edge.to] * g.ws[edge.to];
      }
      g.ws[k] = base + kDamping * s;
    }
  }
  double min_rank = DBL_MAX, max_rank = DBL_MIN;  // sys.float_info.max, sys.float_info.min
  for (double w : g.ws) {
    if (w < min_rank) min_rank = w;
    if (w > max_rank) max_rank = w;
  }
  for (double& w : g.ws) w = (w - min_rank / 10.0) / (max_rank - min_rank / 10.0);

  // sorted(..., reverse=True) is stable: descending weight, ties in graph order.
  g.order.resize(n);
  for (std::size_t k = 0; k < n; ++k) g.order[k] = static_cast<std::uint32_t>(k);
  std::sort(g.order.begin(), g.order.end(), [&](std::uint32_t x, std::uint32_t y) {
    if (g.ws[x] != g.ws[y]) return g.ws[x] > g.ws[y];
    return x < y;
  });
  const std::size_t keep = internal::TopKCount(options.top_k, n);
  out->reserve(keep);
  for (std::size_t i = 0; i < keep; ++i) {
    const auto& term = all[g.node_term[g.order[i]]];
    out->push_back({term.word, g.ws[g.order[i]], with_flag ? term.flag : std::string_view()});
  }
}

}  // namespace kwx
