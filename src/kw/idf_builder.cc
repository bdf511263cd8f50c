#include "kwx/idf_builder.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "access.h"
#include "kwx/text.h"
#include "seg/cut_windows.h"
#include "util/char_class.h"
#include "util/string_map.h"

namespace kwx {

namespace {

// A token jieba's idf.txt reader would read back as the same word: not empty, and no character
// it splits lines or fields at (Python whitespace covers both: ' ', and str.splitlines()'s).
// Asked for every occurrence of a token that is not counted (a space between English words is
// one of the commonest tokens), so it decodes in place, with a fast path for ASCII.
bool IsIdfWord(std::string_view token) {
  if (token.empty()) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(token.data());
  const auto* end = p + token.size();
  while (p < end) {
    char32_t c = *p;
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
    // Tokens are valid UTF-8 (the cut repairs lines); a cut-short sequence just ends the loop.
    for (int k = 1; k < length && p + k < end; ++k) c = (c << 6) | (p[k] & 0x3F);
    if (internal::IsPySpace(c)) return false;
    p += length;
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

StatusOr<BatchResult> CountDocumentFrequencies(LineSource& source, const Segmenter& segmenter,
                                               CutMode mode, bool hmm, const BatchOptions& options,
                                               DocumentFrequencies* total,
                                               std::shared_ptr<const RecordLayout> records) {
  std::mutex total_mutex;
  DocumentFrequencies counted;  // what the workers gathered, added to *total only on success
  WorkerFactory factory = TaskWorkerFactory([&](int) {
    auto own = std::make_shared<DocumentFrequencies>();
    LineTask task;
    task.process = [&segmenter, mode, hmm, own, tokens = std::vector<std::string_view>()](
                       std::string_view line, const DocumentId&, Workspace& ws, std::string*,
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
  }, std::move(records));
  auto result = RunBatch(source, factory, [](std::string_view) { return Status::Ok(); }, options);
  if (result.ok()) total->Merge(counted);
  return result;
}

}  // namespace kwx
