#include <algorithm>
#include <cmath>
#include <limits>

#include "dict/dictionary_data.h"
#include "kw/idf_data.h"
#include "kwx/keywords.h"
#include "seg/cut.h"
#include "seg/workspace.h"
#include "util/char_class.h"
#include "kwx/text.h"
#include "util/utf8.h"

namespace kwx {

namespace {

// jieba tests `w.lower() in stop_words`. Tokens that reach this test are made of block
// characters (Han U+4E00..U+9FD5, ASCII) or whitespace, and of those only A-Z change under
// str.lower(), so ASCII lower-casing is exact here.
bool HasUpper(std::string_view word) {
  return std::any_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool IsStopWord(const StopWords& stop_words, std::string_view word, std::string* scratch) {
  if (!HasUpper(word)) return stop_words.Contains(word);
  scratch->assign(word);
  for (char& c : *scratch) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return stop_words.Contains(*scratch);
}

}  // namespace

KeywordExtractor::KeywordExtractor(const Segmenter& segmenter, const IdfTable& idf,
                                   const StopWords& stop_words)
    : segmenter_(&segmenter), idf_(&idf), stop_words_(&stop_words), median_idf_(idf.median()) {
  const internal::DictionaryData& dict = segmenter.dictionary().data();
  std::vector<std::int32_t> nodes;
  internal::WordLookupScratch scratch;
  stop_words.data().words.ForEach([&](std::string_view word, bool) {
    // An entry with A-Z never matches: the candidate is lower-cased before the lookup.
    if (HasUpper(word) || !IsValidUtf8(word)) return;
    std::int32_t node = dict.FindWord(word, scratch);
    if (node >= 0) {
      nodes.push_back(node);
    } else {
      stop_lengths_without_node_ |= LengthBit(word.size());
    }
  });
  std::size_t slots = 16;
  while (slots < nodes.size() * 4) slots *= 2;
  stop_nodes_.assign(slots, -1);
  for (std::int32_t node : nodes) {
    std::size_t i = StopSlot(node, slots);
    while (stop_nodes_[i] != -1 && stop_nodes_[i] != node) i = (i + 1) & (slots - 1);
    stop_nodes_[i] = node;
  }
  const internal::IdfData& idf_data = idf.data();
  if (idf_data.node_idf_dictionary == &dict) {
    idf_units_ = dict.trie.units();
    idf_values_ = idf_data.node_idf_values.data();
    idf_words_are_nodes_ = idf_data.every_word_has_node;
    return;
  }
  internal::NodeIdf mapped = internal::MapIdfOntoTrie(dict, idf_data);
  owned_node_idf_ = std::move(mapped.index);
  owned_idf_values_ = std::move(mapped.values);
  node_idf_ = owned_node_idf_.data();
  idf_values_ = owned_idf_values_.data();
  idf_words_are_nodes_ = mapped.every_word_has_node;
}

std::size_t KeywordExtractor::StopSlot(std::int32_t node, std::size_t slots) {
  return static_cast<std::size_t>((static_cast<std::uint64_t>(node) * 0x9E3779B97F4A7C15ull) >> 40) &
         (slots - 1);
}

bool KeywordExtractor::IsStopNode(std::int32_t node) const {
  const std::size_t mask = stop_nodes_.size() - 1;
  for (std::size_t i = StopSlot(node, stop_nodes_.size());; i = (i + 1) & mask) {
    if (stop_nodes_[i] == node) return true;
    if (stop_nodes_[i] == -1) return false;
  }
}

void KeywordExtractor::Extract(std::string_view text, std::int64_t top_k, Workspace& workspace,
                               std::vector<Keyword>* out) const {
  internal::WorkspaceData& ws = workspace.data();
  out->clear();
  internal::PrepareText(text, ws);
  const internal::DictionaryData& dict = segmenter_->dictionary().data();
  // jieba drops a token when len(w.strip()) < 2: only the tokens of two or more characters
  // inside blocks can pass (see CutTokens), and those are all the cut produces here.
  internal::CutAccurate(dict, /*hmm=*/true, ws, internal::CutTokens::kMultiCharInBlocks);

  // freq[w] += 1.0 in first-occurrence order.
  internal::TermCounter& terms = ws.terms;
  terms.Clear();
  std::string lower;
  // The terms that are not stop words, in first-occurrence order, and how many tokens they
  // count. jieba's total = sum(freq.values()) adds whole numbers far below 2**53 in doubles,
  // which is exact in any order, so the token count is that sum.
  std::vector<std::uint32_t>& order = ws.order;
  order.clear();
  std::uint64_t counted = 0;
  for (const internal::Span& s : ws.spans) {
    std::string_view word =
        ws.text.substr(ws.offsets[s.begin], ws.offsets[s.end] - ws.offsets[s.begin]);
    // Every token that gets here lies inside a block, so ws.ids covers it. Words from the HMM
    // may still be dictionary words: look them up so that one word is always one term.
    std::int32_t node = s.node >= 0 ? s.node : dict.Find({ws.ids.data() + s.begin, s.end - s.begin});
    bool is_new = false;
    internal::TermCounter::Term& term =
        node >= 0 ? terms.FindOrInsertNode(node, word, &is_new) : terms.FindOrInsertWord(word, &is_new);
    if (is_new) {
      // A token without a node equals no stop word that has one, and only some lengths occur
      // among the others: most HMM words need no string lookup.
      term.stop = HasUpper(word) ? IsStopWord(*stop_words_, word, &lower)
                  : node >= 0    ? IsStopNode(node)
                  : (stop_lengths_without_node_ & LengthBit(word.size())) != 0 &&
                        stop_words_->Contains(word);
      if (!term.stop) order.push_back(static_cast<std::uint32_t>(terms.terms().size() - 1));
    }
    if (!term.stop) {
      term.count += 1.0;
      ++counted;
    }
  }
  auto& all = terms.terms();
  const auto total = static_cast<double>(counted);
  // freq[k] *= idf.get(k, median) / total: the division first, exactly as written in jieba.
  for (std::uint32_t i : order) {
    std::uint32_t k = all[i].node < 0       ? 0
                      : node_idf_ != nullptr ? node_idf_[static_cast<std::size_t>(all[i].node)]
                                             : idf_units_[all[i].node].idf_index;
    double idf = k != 0                                           ? idf_values_[k]
                 : all[i].node >= 0 || idf_words_are_nodes_ ? median_idf_
                                                              : idf_->Get(all[i].word);
    all[i].count = all[i].count * (idf / total);
  }

  // sorted(..., reverse=True) is stable: descending weight, ties in first-occurrence order. With
  // (weight desc, position asc) as a total order, a partial sort gives the same first k.
  auto before = [&](std::uint32_t a, std::uint32_t b) {
    if (all[a].count != all[b].count) return all[a].count > all[b].count;
    return a < b;
  };
  std::size_t n = order.size();
  std::size_t keep = n;
  if (top_k > 0) {
    keep = std::min<std::size_t>(n, static_cast<std::size_t>(top_k));
  } else if (top_k < 0) {
    std::size_t drop = static_cast<std::size_t>(-(top_k + 1)) + 1;
    keep = drop >= n ? 0 : n - drop;
  }
  if (keep < n && keep > 0) {
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                      before);
  } else if (keep > 0) {
    std::sort(order.begin(), order.end(), before);
  }
  out->reserve(keep);
  for (std::size_t i = 0; i < keep; ++i) out->push_back({all[order[i]].word, all[order[i]].count});
}

}  // namespace kwx
