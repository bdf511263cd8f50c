// TfidfExtractor: jieba.analyse.TFIDF.extract_tags.
#include "kwx/tfidf.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "access.h"
#include "dict/dictionary_data.h"
#include "kw/idf_data.h"
#include "kw/top_k.h"
#include "kwx/text.h"
#include "seg/cut.h"
#include "seg/pos_cut.h"
#include "workspace_data.h"

namespace kwx {

namespace internal {

// What the extractor derives from its data at construction, so that a token with a trie node
// needs no string hashing: its IDF and whether it is a stop word come from the node.
struct TfidfTables {
  double median_idf = 0;
  // IDF per trie slot as an index into idf_values (0: no entry): in the trie's own units when
  // the IDF table and the dictionary came from the same compiled file (idf_units), else in
  // owned_node_idf (node_idf), mapped at construction.
  std::vector<std::uint32_t> owned_node_idf;
  std::vector<double> owned_idf_values;
  const DoubleArrayUnit* idf_units = nullptr;
  const std::uint32_t* node_idf = nullptr;
  const double* idf_values = nullptr;
  // Every word of the IDF table is a trie node (Model puts them there), so a token without a
  // node takes the median IDF with no string lookup.
  bool idf_words_are_nodes = false;
  // The trie nodes of the stop words free of A-Z, as an open-addressing set (-1 = empty slot;
  // at most a quarter full): decides stop words without string hashing for tokens with a node
  // (the others are lower-cased and looked up). A few KiB that stay in cache, unlike a bit per
  // trie slot.
  std::vector<std::int32_t> stop_nodes;
  // Bit min(n, 63) is set when a stop word of n bytes, free of A-Z, has no trie node.
  std::uint64_t stop_lengths_without_node = 0;

  static std::uint64_t LengthBit(std::size_t bytes) {
    return std::uint64_t{1} << (bytes < 63 ? bytes : 63);
  }
  static std::size_t StopSlot(std::int32_t node, std::size_t slots) {
    return static_cast<std::size_t>((static_cast<std::uint64_t>(node) * 0x9E3779B97F4A7C15ull) >>
                                    40) &
           (slots - 1);
  }
  bool IsStopNode(std::int32_t node) const {
    const std::size_t mask = stop_nodes.size() - 1;
    for (std::size_t i = StopSlot(node, stop_nodes.size());; i = (i + 1) & mask) {
      if (stop_nodes[i] == node) return true;
      if (stop_nodes[i] == -1) return false;
    }
  }
  // The index into idf_values of the IDF of the word at `node` (-1: none), 0 when it has none.
  std::uint32_t IdfIndex(std::int32_t node) const {
    if (node < 0) return 0;
    return node_idf != nullptr ? node_idf[static_cast<std::size_t>(node)] : idf_units[node].idf_index;
  }
};

}  // namespace internal

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

std::unique_ptr<const internal::TfidfTables> MakeTables(const internal::DictionaryData& dict,
                                                        const IdfTable& idf,
                                                        const StopWords& stop_words) {
  auto t = std::make_unique<internal::TfidfTables>();
  t->median_idf = idf.median();
  std::vector<std::int32_t> nodes;
  internal::WordLookupScratch scratch;
  internal::Access::Data(stop_words).words.ForEach([&](std::string_view word, bool) {
    // An entry with A-Z never matches: the candidate is lower-cased before the lookup.
    if (HasUpper(word) || !IsValidUtf8(word)) return;
    std::int32_t node = dict.FindWord(word, scratch);
    if (node >= 0) {
      nodes.push_back(node);
    } else {
      t->stop_lengths_without_node |= internal::TfidfTables::LengthBit(word.size());
    }
  });
  std::size_t slots = 16;
  while (slots < nodes.size() * 4) slots *= 2;
  t->stop_nodes.assign(slots, -1);
  for (std::int32_t node : nodes) {
    std::size_t i = internal::TfidfTables::StopSlot(node, slots);
    while (t->stop_nodes[i] != -1 && t->stop_nodes[i] != node) i = (i + 1) & (slots - 1);
    t->stop_nodes[i] = node;
  }
  const internal::IdfData& idf_data = internal::Access::Data(idf);
  // Compiled with this trie (also when `dict` is a snapshot that views it): the IDF indexes are
  // in its units.
  if (idf_data.node_idf_dictionary != nullptr &&
      idf_data.node_idf_dictionary->trie.units() == dict.trie.units()) {
    t->idf_units = dict.trie.units();
    t->idf_values = idf_data.node_idf_values.data();
    t->idf_words_are_nodes = idf_data.every_word_has_node;
    return t;
  }
  internal::NodeIdf mapped = internal::MapIdfOntoTrie(dict, idf_data);
  t->owned_node_idf = std::move(mapped.index);
  t->owned_idf_values = std::move(mapped.values);
  t->node_idf = t->owned_node_idf.data();
  t->idf_values = t->owned_idf_values.data();
  t->idf_words_are_nodes = mapped.every_word_has_node;
  return t;
}

}  // namespace

TfidfExtractor::TfidfExtractor(const Segmenter& segmenter, const IdfTable& idf,
                               const StopWords& stop_words, const PosTagger* tagger)
    : segmenter_(&segmenter),
      tagger_(tagger),
      idf_(&idf),
      stop_words_(&stop_words),
      tables_(MakeTables(internal::Access::Data(segmenter.dictionary()), idf, stop_words)) {}
TfidfExtractor::TfidfExtractor(TfidfExtractor&&) noexcept = default;
TfidfExtractor& TfidfExtractor::operator=(TfidfExtractor&&) noexcept = default;
TfidfExtractor::~TfidfExtractor() = default;

Status TfidfExtractor::Check(const KeywordOptions& options) const {
  if (options.allow_pos.empty()) return Status::Ok();  // with_flag alone: no effect, as in jieba
  if (tagger_ == nullptr) {
    return Status(StatusCode::kUnimplemented,
                  "allowPOS (part-of-speech filtering) needs a POS tagger, and this extractor "
                  "was made without one");
  }
  if (&tagger_->dictionary() != &segmenter_->dictionary()) {
    return Status(StatusCode::kUnimplemented,
                  "allowPOS with a POS tagger over another dictionary than the extractor's "
                  "segmenter");
  }
  return Status::Ok();
}

namespace {

// Whether the term is a stop word: jieba's `w.lower() in stop_words`. A token without a node
// equals no stop word that has one, and only some lengths occur among the others: most HMM
// words need no string lookup.
bool IsStopTerm(const internal::TfidfTables& t, const StopWords& stop_words, std::string_view word,
                std::int32_t node, std::string* lower) {
  return HasUpper(word) ? IsStopWord(stop_words, word, lower)
         : node >= 0    ? t.IsStopNode(node)
         : (t.stop_lengths_without_node & internal::TfidfTables::LengthBit(word.size())) != 0 &&
               stop_words.Contains(word);
}

// Counts an occurrence of `term` (found in kw.terms, or just inserted: is_new), unless it is a
// stop word (decided once, when it is new); new terms that count join kw.order.
void CountTerm(const internal::TfidfTables& t, const StopWords& stop_words,
               internal::TermCounter::Term& term, bool is_new, std::string_view word,
               std::int32_t node, internal::KeywordScratch& kw, std::uint64_t* counted) {
  if (is_new) {
    term.stop = IsStopTerm(t, stop_words, word, node, &kw.lower);
    if (!term.stop) kw.order.push_back(static_cast<std::uint32_t>(kw.terms.terms().size() - 1));
  }
  if (!term.stop) {
    term.count += 1.0;
    ++*counted;
  }
}

}  // namespace

std::uint64_t TfidfExtractor::CountPlain(Workspace& workspace) const {
  internal::WorkspaceData& ws = internal::Access::Data(workspace);
  internal::KeywordScratch& kw = ws.keywords;
  const internal::DictionaryData& dict = internal::Access::Data(segmenter_->dictionary());
  internal::TermCounter& terms = kw.terms;
  std::uint64_t counted = 0;
  // A window at a time (a line of hundreds of MB needs one window's scratch); the terms keep
  // views into the line, which outlives the call.
  while (internal::NextWindow(ws.text)) {
    for (const internal::Span& s : internal::KeywordTokens(dict, ws.text, ws.segment)) {
      std::string_view word = ws.text.View(s.begin, s.end);
      const std::int32_t node = s.node;
      bool is_new = false;
      internal::TermCounter::Term& term = node >= 0 ? terms.FindOrInsertNode(node, word, &is_new)
                                                    : terms.FindOrInsertWord(word, &is_new);
      CountTerm(*tables_, *stop_words_, term, is_new, word, node, kw, &counted);
    }
  }
  return counted;
}

// extract_tags with allowPOS: the words of posseg's cut whose flag is allowed, keyed by the word
// (the flags of one word merge) or, with withFlag, by the (word, flag) pair.
std::uint64_t TfidfExtractor::CountTagged(const KeywordOptions& options,
                                          Workspace& workspace) const {
  internal::WorkspaceData& ws = internal::Access::Data(workspace);
  internal::KeywordScratch& kw = ws.keywords;
  const internal::DictionaryData& dict = internal::Access::Data(segmenter_->dictionary());
  internal::TermCounter& terms = kw.terms;
  auto allowed = [&](std::string_view flag) {
    for (const std::string& p : options.allow_pos) {
      if (p == flag) return true;
    }
    return false;
  };
  std::uint64_t counted = 0;
  while (internal::NextWindow(ws.text)) {
    for (const internal::TaggedSpan& s :
         internal::CutPos(dict, /*hmm=*/true, ws.text, ws.segment, ws.pos)) {
      // len(w.strip()) < 2: every posseg word of two or more characters lies inside a block
      // (no whitespace there) but "\r\n", which strips to nothing.
      if (s.end - s.begin < 2 || !allowed(s.flag)) continue;
      std::string_view word = ws.text.View(s.begin, s.end);
      if (word == "\r\n") continue;
      // Inside a block, so CutPos mapped its characters: one word is always one node.
      const std::int32_t node = dict.Find({ws.segment.ids.data() + s.begin, s.end - s.begin});
      bool is_new = false;
      internal::TermCounter::Term& term =
          options.with_flag ? terms.FindOrInsertTagged(node, word, s.flag, &is_new)
          : node >= 0       ? terms.FindOrInsertNode(node, word, &is_new)
                            : terms.FindOrInsertWord(word, &is_new);
      CountTerm(*tables_, *stop_words_, term, is_new, word, node, kw, &counted);
    }
  }
  return counted;
}

void TfidfExtractor::Extract(std::string_view text, const KeywordOptions& options,
                             Workspace& workspace, std::vector<Keyword>* out) const {
  out->clear();
  const bool tagged = !options.allow_pos.empty();
  if (tagged && !Check(options).ok()) return;  // refused by Check()
  internal::WorkspaceData& ws = internal::Access::Data(workspace);
  internal::KeywordScratch& kw = ws.keywords;
  const internal::TfidfTables& t = *tables_;
  internal::PrepareLine(text, ws.text);
  // freq[w] += 1.0 in first-occurrence order: the terms that are not stop words, in
  // first-occurrence order (kw.order), and how many tokens they count. jieba's
  // total = sum(freq.values()) adds whole numbers far below 2**53 in doubles, which is exact in
  // any order, so the token count is that sum.
  internal::TermCounter& terms = kw.terms;
  terms.Clear();
  std::vector<std::uint32_t>& order = kw.order;
  order.clear();
  const std::uint64_t counted = tagged ? CountTagged(options, workspace) : CountPlain(workspace);
  auto& all = terms.terms();
  const auto total = static_cast<double>(counted);
  // freq[k] *= idf.get(k, median) / total: the division first, exactly as written in jieba.
  for (std::uint32_t i : order) {
    const std::uint32_t k = t.IdfIndex(all[i].node);
    double idf = k != 0                                         ? t.idf_values[k]
                 : all[i].node >= 0 || t.idf_words_are_nodes ? t.median_idf
                                                               : idf_->Get(all[i].word);
    all[i].count = all[i].count * (idf / total);
  }

  // sorted(..., reverse=True) is stable: descending weight, ties in first-occurrence order. With
  // (weight desc, position asc) as a total order, a partial sort gives the same first k.
  auto before = [&](std::uint32_t a, std::uint32_t b) {
    if (all[a].count != all[b].count) return all[a].count > all[b].count;
    return a < b;
  };
  const std::size_t n = order.size();
  const std::size_t keep = internal::TopKCount(options.top_k, n);
  if (keep < n && keep > 0) {
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                      before);
  } else if (keep > 0) {
    std::sort(order.begin(), order.end(), before);
  }
  out->reserve(keep);
  const bool with_flag = tagged && options.with_flag;
  for (std::size_t i = 0; i < keep; ++i) {
    const internal::TermCounter::Term& term = all[order[i]];
    out->push_back({term.word, term.count, with_flag ? term.flag : std::string_view()});
  }
}

}  // namespace kwx
