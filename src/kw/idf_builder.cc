#include "kwx/idf_builder.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "access.h"
#include "kwx/text.h"
#include "seg/cut_windows.h"
#include "util/char_class.h"
#include "util/hash.h"
#include "util/utf8.h"

namespace kwx {

namespace {

// A token jieba's idf.txt reader would read back as the same word: not empty, and no character
// it splits lines or fields at (Python whitespace covers both: ' ', and str.splitlines()'s).
// Asked once per distinct token (a word's later occurrences find it counted).
bool IsIdfWord(std::string_view token) {
  if (token.empty()) return false;
  std::vector<char32_t> cps;
  internal::DecodeUtf8(token, &cps, nullptr);  // tokens are valid UTF-8 (the cut repairs lines)
  return std::none_of(cps.begin(), cps.end(), [](char32_t c) { return internal::IsPySpace(c); });
}

struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const {
    return static_cast<std::size_t>(internal::HashBytes(s));
  }
};

}  // namespace

struct DocumentFrequencies::Data {
  struct Count {
    std::uint64_t documents = 0;
    std::uint64_t last_document = 0;  // the document that last counted the word (1-based)
  };
  std::uint64_t documents = 0;
  std::unordered_map<std::string, Count, TransparentHash, std::equal_to<>> counts;
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
    auto it = data_->counts.find(token);
    if (it == data_->counts.end()) {
      if (!IsIdfWord(token)) continue;
      data_->counts.emplace(std::string(token), Data::Count{1, document});
    } else if (it->second.last_document != document) {
      it->second.last_document = document;
      ++it->second.documents;
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
    for (auto& [word, count] : data_->counts) count.documents *= 2;
    return;
  }
  data_->documents += other.data_->documents;
  for (const auto& [word, count] : other.data_->counts) {
    // last_document 0: no document of this object has counted it (its stamps restart above).
    auto [it, added] = data_->counts.try_emplace(word, Data::Count{0, 0});
    it->second.documents += count.documents;
  }
}

void DocumentFrequencies::ForEachWord(
    const std::function<void(std::string_view, std::uint64_t)>& f) const {
  for (const auto& [word, count] : data_->counts) f(word, count.documents);
}

void DocumentFrequencies::AddDocuments(std::uint64_t documents) { data_->documents += documents; }

void DocumentFrequencies::AddToWord(std::string_view word, std::uint64_t documents) {
  if (documents == 0 || !IsIdfWord(word)) return;
  auto it = data_->counts.find(word);
  if (it == data_->counts.end()) it = data_->counts.emplace(std::string(word), Data::Count{0, 0}).first;
  it->second.documents += documents;
}

std::uint64_t DocumentFrequencies::documents() const { return data_->documents; }
std::size_t DocumentFrequencies::word_count() const { return data_->counts.size(); }

std::uint64_t DocumentFrequencies::Frequency(std::string_view word) const {
  auto it = data_->counts.find(word);
  return it == data_->counts.end() ? 0 : it->second.documents;
}

std::string DocumentFrequencies::IdfText(const IdfBuildOptions& options) const {
  const double n = static_cast<double>(data_->documents);
  std::vector<std::pair<std::string_view, std::uint64_t>> rows;
  rows.reserve(data_->counts.size());
  for (const auto& [word, count] : data_->counts) {
    if (count.documents >= std::max<std::uint64_t>(options.min_df, 1)) {
      rows.emplace_back(word, count.documents);
    }
  }
  std::sort(rows.begin(), rows.end());
  std::string out;
  for (const auto& [word, df] : rows) {
    const double d = static_cast<double>(df);
    // Python's math.log(N / df) (or the smoothed form) on the same doubles: N and df are exact
    // below 2^53, the division is correctly rounded in both, and both call the C library's log.
    const double idf = options.smooth ? std::log((n + 1) / (d + 1)) + 1 : std::log(n / d);
    out.append(word);
    out.push_back(' ');
    AppendPythonFloat(idf, &out);
    out.push_back('\n');
  }
  return out;
}

StatusOr<BatchResult> CountDocumentFrequencies(LineSource& source, const Segmenter& segmenter,
                                               CutMode mode, bool hmm, const BatchOptions& options,
                                               DocumentFrequencies* total) {
  std::mutex total_mutex;
  DocumentFrequencies counted;  // what the workers gathered, added to *total only on success
  WorkerFactory factory = TaskWorkerFactory([&](int) {
    auto own = std::make_shared<DocumentFrequencies>();
    LineTask task;
    task.process = [&segmenter, mode, hmm, own, tokens = std::vector<std::string_view>()](
                       std::string_view line, std::uint64_t, Workspace& ws, std::string*,
                       const OutputFlush&) mutable {
      // A window of a long line at a time (the views stay valid for the whole line), so that a
      // line of hundreds of MB keeps one window's tokens, not the line's.
      own->BeginDocument();
      tokens.clear();
      internal::CutByWindow(internal::Access::Data(segmenter.dictionary()), line, mode, hmm,
                            internal::Access::Data(ws), &tokens,
                            [&](std::span<const std::string_view> window) {
                              own->AddTokens(window);
                              tokens.clear();
                            });
    };
    task.finish = [own, &total_mutex, &counted] {
      std::lock_guard<std::mutex> lock(total_mutex);
      counted.Merge(*own);
      return Status::Ok();
    };
    return task;
  });
  auto result = RunBatch(source, factory, [](std::string_view) { return Status::Ok(); }, options);
  if (result.ok()) total->Merge(counted);
  return result;
}

}  // namespace kwx
