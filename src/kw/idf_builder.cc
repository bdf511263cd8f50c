#include "kwx/idf_builder.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "access.h"
#include "kwx/text.h"
#include "seg/cut.h"
#include "seg/cut_windows.h"
#include "util/char_class.h"
#include "util/string_map.h"

namespace kwx {

namespace {

// A token jieba's idf.txt reader would read back as the same word: not empty, and no character
// it splits lines or fields at (Python whitespace covers both: ' ', and str.splitlines()'s).
// Asked for every occurrence of a token that is not counted (a space between English words is
// one of the commonest tokens), so it decodes in place, with a fast path for ASCII.
// The code point at *p (a token's bytes, well-formed UTF-8: the cut repairs lines; a cut-short
// sequence just ends at `end`), moving *p past it. Decoded in place: tokens are short.
char32_t NextCodePoint(const unsigned char** p, const unsigned char* end) {
  char32_t c = **p;
  int length = 1;
  if (c >= 0xF0) {
    c &= 0x07;
    length = 4;
  } else if (c >= 0xE0) {
    c &= 0x0F;
    length = 3;
  } else if (c >= 0xC0) {
    c &= 0x1F;
    length = 2;
  }
  for (int k = 1; k < length && *p + k < end; ++k) c = (c << 6) | ((*p)[k] & 0x3F);
  *p += length;
  return c;
}

bool IsIdfWord(std::string_view token) {
  if (token.empty()) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(token.data());
  const auto* end = p + token.size();
  while (p < end) {
    if (internal::IsPySpace(NextCodePoint(&p, end))) return false;
  }
  return true;
}

}  // namespace

struct DocumentFrequencies::Data {
  struct Count {
    std::uint64_t documents = 0;
    std::uint64_t last_document = 0;  // the document that last counted the word (1-based)
  };
  std::uint64_t documents = 0;
  // Open addressing with the words in one buffer: a lookup per token costs a hash and, for a
  // word seen before, one probe, with no allocation.
  internal::StringMap<Count> counts;
};

DocumentFrequencies::DocumentFrequencies() : data_(std::make_unique<Data>()) {}
DocumentFrequencies::DocumentFrequencies(DocumentFrequencies&&) noexcept = default;
DocumentFrequencies& DocumentFrequencies::operator=(DocumentFrequencies&&) noexcept = default;
DocumentFrequencies::~DocumentFrequencies() = default;

void DocumentFrequencies::BeginDocument() { ++data_->documents; }

void DocumentFrequencies::AddTokens(std::span<const std::string_view> tokens) {
  // One lookup per token: a word counts for the current document the first time it is seen in
  // it (its stamp), with no per-document set to fill and clear.
  const std::uint64_t document = data_->documents;
  for (std::string_view token : tokens) {
    Data::Count* count = data_->counts.FindMutable(token);
    if (count == nullptr) {
      if (IsIdfWord(token)) data_->counts.Put(token, Data::Count{1, document});
    } else if (count->last_document != document) {
      count->last_document = document;
      ++count->documents;
    }
  }
}

void DocumentFrequencies::AddDocument(std::span<const std::string_view> tokens) {
  BeginDocument();
  AddTokens(tokens);
}

void DocumentFrequencies::Merge(const DocumentFrequencies& other) {
  if (&other == this) {  // every count twice (the loop below would insert while iterating)
    data_->documents *= 2;
    std::vector<std::string_view> words;
    data_->counts.ForEach([&](std::string_view w, const Data::Count&) { words.push_back(w); });
    for (std::string_view w : words) data_->counts.FindMutable(w)->documents *= 2;
    return;
  }
  data_->documents += other.data_->documents;
  other.data_->counts.ForEach([&](std::string_view word, const Data::Count& count) {
    // last_document 0: no document of this object has counted it (its stamps only grow).
    Data::Count* mine = data_->counts.FindMutable(word);
    if (mine == nullptr) {
      data_->counts.Put(word, Data::Count{count.documents, 0});
    } else {
      mine->documents += count.documents;
    }
  });
}

void DocumentFrequencies::ForEachWord(
    const std::function<void(std::string_view, std::uint64_t)>& f) const {
  data_->counts.ForEach([&](std::string_view word, const Data::Count& count) { f(word, count.documents); });
}

void DocumentFrequencies::AddDocuments(std::uint64_t documents) { data_->documents += documents; }

void DocumentFrequencies::AddToWord(std::string_view word, std::uint64_t documents) {
  if (documents == 0 || !IsIdfWord(word)) return;
  Data::Count* count = data_->counts.FindMutable(word);
  if (count == nullptr) {
    data_->counts.Put(word, Data::Count{documents, 0});
  } else {
    count->documents += documents;
  }
}

std::uint64_t DocumentFrequencies::documents() const { return data_->documents; }
std::size_t DocumentFrequencies::word_count() const { return data_->counts.size(); }

std::uint64_t DocumentFrequencies::Frequency(std::string_view word) const {
  const Data::Count* count = data_->counts.Find(word);
  return count == nullptr ? 0 : count->documents;
}

namespace {

// Python's math.log(N / df) (or the smoothed form) on the same doubles: N and df are exact
// below 2^53, the division is correctly rounded in both, and both call the C library's log.
double IdfOf(std::uint64_t documents, std::uint64_t df, const IdfBuildOptions& options) {
  const double n = static_cast<double>(documents);
  const double d = static_cast<double>(df);
  return options.smooth ? std::log((n + 1) / (d + 1)) + 1 : std::log(n / d);
}

}  // namespace

std::vector<std::pair<std::string_view, std::uint64_t>> DocumentFrequencies::TableRows(
    const IdfBuildOptions& options) const {
  std::vector<std::pair<std::string_view, std::uint64_t>> rows;
  rows.reserve(data_->counts.size());
  data_->counts.ForEach([&](std::string_view word, const Data::Count& count) {
    if (count.documents >= std::max<std::uint64_t>(options.min_df, 1)) {
      rows.emplace_back(word, count.documents);
    }
  });
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::string DocumentFrequencies::IdfText(const IdfBuildOptions& options) const {
  std::string out;
  for (const auto& [word, df] : TableRows(options)) {
    out.append(word);
    out.push_back(' ');
    AppendPythonFloat(IdfOf(data_->documents, df, options), &out);
    out.push_back('\n');
  }
  return out;
}

StatusOr<std::shared_ptr<const IdfTable>> DocumentFrequencies::ToIdfTable(
    const IdfBuildOptions& options) const {
  std::vector<std::pair<std::string, double>> entries;
  std::vector<double> values;
  for (const auto& [word, df] : TableRows(options)) {
    entries.emplace_back(std::string(word), IdfOf(data_->documents, df, options));
    values.push_back(entries.back().second);
  }
  if (entries.empty()) {
    return Status(StatusCode::kInvalidArgument,
                  "the corpus gave no words for an IDF table (no documents, or none with "
                  "--min-df of them)");
  }
  const std::size_t mid = values.size() / 2;  // sorted(values)[len // 2], as IdfTable::Load
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  return IdfTable::FromEntries(entries, values[mid]);
}

namespace {

// A worker's counts of the accurate cut, keyed by trie node where the token has one: the route
// hands its words' nodes over, so most tokens cost an array index instead of hashing their bytes
// and comparing them in a big table (half of idf build's time). A string is in the trie (as a
// word or a prefix) or not, so every occurrence of it takes the same key: the route's node, the
// trie walk's for other tokens (the HMM's words, runs outside blocks), or else the string in
// DocumentFrequencies. Added to it, as strings, at the end.
class NodeCounter {
 public:
  explicit NodeCounter(const internal::DictionaryData& dict) : dict_(dict) { Grow(1 << 12); }

  void Document(std::string_view line, Workspace& workspace, DocumentFrequencies& strings) {
    internal::WorkspaceData& ws = internal::Access::Data(workspace);
    strings.BeginDocument();
    const std::uint64_t document = strings.documents();
    internal::PrepareLine(line, ws.text);
    ws.segment.arena.clear();
    while (internal::NextWindow(ws.text)) {
      for (const internal::Span& s : internal::CutAccurate(dict_, /*hmm=*/hmm, ws.text, ws.segment)) {
        const std::string_view token = ws.text.View(s.begin, s.end);
        char32_t single = kNotSingle;
        const std::int32_t node = s.node >= 0 ? s.node : NodeOf(token, &single);
        std::int64_t key = node;
        if (node < 0) {
          if (single == kNotSingle) {
            strings.AddTokens(std::span<const std::string_view>(&token, 1));
            continue;
          }
          key = -2 - static_cast<std::int64_t>(single);  // a character in no word
        }
        Count& count = Find(key, token);
        if (count.last_document != document) {
          count.last_document = document;
          ++count.documents;
        }
      }
    }
  }

  // Moves the node counts into `strings` (whose documents they were counted in).
  void AddTo(DocumentFrequencies& strings) const {
    for (const Count& c : table_) {
      if (c.key != kEmpty && c.word) {
        strings.AddToWord(std::string_view(words_).substr(c.offset, c.length), c.documents);
      }
    }
  }

  bool hmm = true;

 private:
  static constexpr char32_t kNotSingle = 0xFFFFFFFF;
  static constexpr std::int64_t kEmpty = std::numeric_limits<std::int64_t>::min();

  // The count of `key` (a trie node, or -2 - a code point), added (for `token`) if new. Open
  // addressing on integer keys, at most half full: a vocabulary's worth of entries, hot words in
  // cache. (A dense array per trie node touched a page per word of millions of nodes, and each
  // first write to a zero page cost a TLB shootdown across the cores.)
  struct Count {
    std::int64_t key = kEmpty;
    std::uint64_t documents = 0;
    std::uint64_t last_document = 0;
    std::uint32_t offset = 0, length = 0;  // the token in words_
    bool word = false;                     // IsIdfWord
  };
  static std::size_t SlotOf(std::int64_t key, std::size_t mask) {
    return static_cast<std::size_t>((static_cast<std::uint64_t>(key) * 0x9E3779B97F4A7C15ull) >>
                                    32) & mask;
  }
  Count& Find(std::int64_t key, std::string_view token) {
    const std::size_t mask = table_.size() - 1;
    for (std::size_t i = SlotOf(key, mask);; i = (i + 1) & mask) {
      Count& c = table_[i];
      if (c.key == key) return c;
      if (c.key != kEmpty) continue;
      if (2 * (used_ + 1) > table_.size()) {
        Grow(table_.size() * 2);
        return Find(key, token);
      }
      ++used_;
      c.key = key;
      c.offset = static_cast<std::uint32_t>(words_.size());
      c.length = static_cast<std::uint32_t>(token.size());
      c.word = IsIdfWord(token);
      words_.append(token);
      return c;
    }
  }
  void Grow(std::size_t slots) {
    std::vector<Count> old = std::move(table_);
    table_.assign(slots, Count());
    const std::size_t mask = slots - 1;
    for (const Count& c : old) {
      if (c.key == kEmpty) continue;
      std::size_t i = SlotOf(c.key, mask);
      while (table_[i].key != kEmpty) i = (i + 1) & mask;
      table_[i] = c;
    }
  }

  // The trie node of `token` (well-formed UTF-8), or kNone: DictionaryData::Find on the fly, so
  // that a token whose first character is in no word (punctuation, most digits) costs one
  // decode and one lookup. *single is the token's character when it is one.
  std::int32_t NodeOf(std::string_view token, char32_t* single) const {
    std::int32_t node = internal::DoubleArray::kRoot;
    const auto* p = reinterpret_cast<const unsigned char*>(token.data());
    const auto* end = p + token.size();
    for (bool first = true; p < end; first = false) {
      const char32_t c = NextCodePoint(&p, end);
      if (first && p >= end) *single = c;
      const std::uint32_t id = dict_.chars.Id(c);
      if (id == 0 || (!first && !dict_.edges.MayHaveChild(node, id))) {
        return internal::DoubleArray::kNone;
      }
      node = dict_.trie.Child(node, id);
      if (node == internal::DoubleArray::kNone) return node;
    }
    return node;
  }

  const internal::DictionaryData& dict_;
  std::vector<Count> table_;
  std::size_t used_ = 0;
  std::string words_;
};

}  // namespace

StatusOr<BatchResult> CountDocumentFrequencies(LineSource& source, const Segmenter& segmenter,
                                               CutMode mode, bool hmm, const BatchOptions& options,
                                               DocumentFrequencies* total,
                                               std::shared_ptr<const RecordLayout> records) {
  std::mutex total_mutex;
  DocumentFrequencies counted;  // what the workers gathered, added to *total only on success
  const internal::DictionaryData& dict = internal::Access::Data(segmenter.dictionary());
  WorkerFactory factory = TaskWorkerFactory([&](int) {
    auto own = std::make_shared<DocumentFrequencies>();
    // The accurate cut (what extraction uses) is counted by trie node; the others by string.
    auto nodes = mode == CutMode::kAccurate ? std::make_shared<NodeCounter>(dict) : nullptr;
    LineTask task;
    if (nodes != nullptr) {
      nodes->hmm = hmm;
      task.process = [own, nodes](std::string_view line, const DocumentId&, Workspace& ws,
                                  std::string*, const OutputFlush&) {
        nodes->Document(line, ws, *own);
      };
    } else {
      task.process = [&dict, mode, hmm, own, tokens = std::vector<std::string_view>()](
                         std::string_view line, const DocumentId&, Workspace& ws, std::string*,
                         const OutputFlush&) mutable {
        // A window of a long line at a time (the views stay valid for the whole line), so
        // that a line of hundreds of MB keeps one window's tokens, not the line's.
        own->BeginDocument();
        tokens.clear();
        internal::CutByWindow(dict, line, mode, hmm, internal::Access::Data(ws), &tokens,
                              [&](std::span<const std::string_view> window) {
                                own->AddTokens(window);
                                tokens.clear();
                              });
      };
    }
    task.finish = [own, nodes, &total_mutex, &counted] {
      if (nodes != nullptr) nodes->AddTo(*own);
      std::lock_guard<std::mutex> lock(total_mutex);
      counted.Merge(*own);
      return Status::Ok();
    };
    return task;
  }, std::move(records));
  auto result = RunBatch(source, factory, [](std::string_view) { return Status::Ok(); }, options);
  if (result.ok()) total->Merge(counted);
  return result;
}

}  // namespace kwx
