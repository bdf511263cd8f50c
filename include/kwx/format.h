// Output line layouts shared by the CLI, the batch pipeline and the bindings.
#ifndef KWX_FORMAT_H_
#define KWX_FORMAT_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/keywords.h"
#include "kwx/pos_tagger.h"
#include "kwx/records.h"
#include "kwx/status.h"

namespace kwx {

enum class OutputFormat {
  kText,   // keywords (or word:weight) separated by one space; tokens joined by a delimiter
  kTsv,    // keywords only: one `id<TAB>rank<TAB>word<TAB>weight` row per keyword (none if none)
  kJsonl,  // one JSON array per line, as json.dumps(x, ensure_ascii=False, separators=(',',':')),
           // or for documents with IDs one {"id":...,"keywords":[...]} object per line
  kRows,   // binary rows for a database writer in the same process (DbRun), not a file format
};

// "text", "tsv" or "jsonl" (the CLI's --format, the Python package's format=).
StatusOr<OutputFormat> ParseOutputFormat(std::string_view name);

// Appends the output for one document's keywords, newline included (none for an empty kTsv
// result). kTsv rows start with the ID (the line number for bare lines) and the keyword's 1-based
// rank. Weights are written in the shortest form that reads back exactly, as Python's
// repr(float). With `with_flag` (extract_tags' withFlag), each keyword is its word and POS flag:
// `word/flag` in kText (str() of jieba's pair), ["word","flag"] in kJsonl, and a flag column after
// the word in kTsv. With `keyed` (documents with IDs, RecordLayout::keyed), kJsonl writes
// {"id":ID,"keywords":ARRAY}; the ID is a JSON number for line numbers and integer IDs.
void AppendKeywords(const std::vector<Keyword>& keywords, OutputFormat format, bool with_weight,
                    const DocumentId& id, std::string* out, bool with_flag = false,
                    bool keyed = false);

// Appends `id` as kJsonl writes it (a number, or a JSON string), and as kTsv writes it (raw).
void AppendIdJson(const DocumentId& id, std::string* out);
void AppendIdText(const DocumentId& id, std::string* out);

// Appends one input line's tokens and a newline: kText joins them with `delimiter`, kJsonl writes
// a JSON array of strings. (kTsv is not a token format and is written as kJsonl.)
void AppendTokens(const std::vector<std::string_view>& tokens, OutputFormat format,
                  std::string_view delimiter, std::string* out);

// The same written in pieces, for a line whose tokens come a window at a time: Add() any number
// of times, then End() once. Borrows `out` (and `delimiter`'s bytes) until End().
class TokenLineWriter {
 public:
  // With `keyed_id`, kJsonl writes {"id":ID,"tokens":[...]}; kRows needs it (a row per token).
  TokenLineWriter(OutputFormat format, std::string_view delimiter, std::string* out,
                  const DocumentId* keyed_id = nullptr);
  void Add(std::span<const std::string_view> tokens);
  void End();

 private:
  bool json_;
  bool keyed_;
  std::string_view delimiter_;
  std::string* out_;
  bool first_ = true;
  const DocumentId* rows_id_ = nullptr;  // kRows
  std::uint32_t position_ = 0;
};

// One input line's words with their part-of-speech flags, written in pieces as TokenLineWriter:
// kText writes each word, `pos_delimiter`, its flag (as `python -m jieba -p` does, "_" by
// default), the words joined with `delimiter`; kJsonl writes [["word","flag"],...].
class TaggedLineWriter {
 public:
  TaggedLineWriter(OutputFormat format, std::string_view delimiter, std::string_view pos_delimiter,
                   std::string* out, const DocumentId* keyed_id = nullptr);
  void Add(std::span<const TaggedWord> words);
  void End();

 private:
  bool json_;
  bool keyed_;
  std::string_view delimiter_;
  std::string_view pos_delimiter_;
  std::string* out_;
  bool first_ = true;
  const DocumentId* rows_id_ = nullptr;  // kRows
  std::uint32_t position_ = 0;
};

}  // namespace kwx

#endif  // KWX_FORMAT_H_
