#include "kw/idf_data.h"
#include "kwx/keywords.h"
#include "kwx/text.h"
#include "util/file.h"
#include "util/py_text.h"

namespace kwx {

namespace {

// jieba's KeywordExtractor.STOP_WORDS.
constexpr const char* kBuiltinStopWords[] = {
    "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are",
    "by", "be", "as", "on", "with", "can", "if", "from", "which", "you", "it",
    "this", "then", "at", "have", "all", "not", "one", "has", "or"};

}  // namespace

StopWords::StopWords() : data_(std::make_unique<internal::StopWordData>()) {
  for (const char* w : kBuiltinStopWords) Add(w);
}
StopWords StopWords::Empty() {
  StopWords empty;
  empty.data_ = std::make_unique<internal::StopWordData>();
  return empty;
}
StopWords::StopWords(StopWords&&) noexcept = default;
StopWords& StopWords::operator=(StopWords&&) noexcept = default;
StopWords::~StopWords() = default;

// As set_stop_words: the whole file decoded (strict UTF-8), split by str.splitlines(), every
// line added as it is (no strip, no lower-casing, a BOM stays part of the first entry).
Status StopWords::AddFile(const std::string& path) {
  auto bytes = internal::ReadWholeFile(path, "stop-word file");
  if (!bytes.ok()) return bytes.status();
  std::size_t bad = 0;
  if (!IsValidUtf8(*bytes, &bad)) {
    return Status(StatusCode::kDataError, "invalid stop-word file '" + path +
                                              "': not UTF-8 (byte offset " + std::to_string(bad) +
                                              ")");
  }
  for (std::string_view line : internal::SplitLinesPy(*bytes)) Add(line);
  return Status::Ok();
}

void StopWords::Add(std::string_view word) { data_->words.Put(word, true); }
bool StopWords::Contains(std::string_view word) const {
  return data_->words.Find(word) != nullptr;
}
std::size_t StopWords::size() const { return data_->words.size(); }

}  // namespace kwx
