// The LineWorkers behind `kwx extract` and `kwx cut` (and the Python batch API).
#include "kwx/batch.h"

namespace kwx {

namespace {

class KeywordWorker : public LineWorker {
 public:
  KeywordWorker(const KeywordExtractor& extractor, const KeywordOutput& output)
      : extractor_(extractor), output_(output) {}

  std::size_t ProcessLine(std::string_view line, std::uint64_t line_number,
                          std::string* out) override {
    extractor_.Extract(line, output_.top_k, ws_, &keywords_);
    AppendKeywords(keywords_, output_.format, output_.with_weight, line_number, out);
    return ws_.last_replacements();
  }

 private:
  const KeywordExtractor& extractor_;
  const KeywordOutput output_;
  Workspace ws_;
  std::vector<Keyword> keywords_;
};

class TokenWorker : public LineWorker {
 public:
  TokenWorker(const Segmenter& segmenter, const TokenOutput& output)
      : segmenter_(segmenter), output_(output) {}

  std::size_t ProcessLine(std::string_view line, std::uint64_t, std::string* out) override {
    segmenter_.Cut(line, output_.mode, output_.hmm, ws_, &tokens_);
    AppendTokens(tokens_, output_.format, output_.delimiter, out);
    return ws_.last_replacements();
  }

 private:
  const Segmenter& segmenter_;
  const TokenOutput output_;
  Workspace ws_;
  std::vector<std::string_view> tokens_;
};

}  // namespace

WorkerFactory KeywordWorkerFactory(const KeywordExtractor& extractor, KeywordOutput output) {
  return [&extractor, output](int) { return std::make_unique<KeywordWorker>(extractor, output); };
}

WorkerFactory TokenWorkerFactory(const Segmenter& segmenter, TokenOutput output) {
  return [&segmenter, output](int) { return std::make_unique<TokenWorker>(segmenter, output); };
}

}  // namespace kwx
