// Documents with IDs: records of JSON lines, TSV or CSV, each one document's text and its ID.
//
// A run reads records instead of bare lines when its RecordFormat says so: the record's text field
// is the document, its ID field (or, by default, the number of the input line it starts on) goes
// into the output, so results can be joined back to the corpus whatever -j is.
//
//   jsonl  one JSON object per line (RFC 8259, parsed by nlohmann/json's SAX reader); the text is
//          a string member, the ID a string or integer member. Blank lines are not records.
//   csv    RFC 4180 as Python's csv module (dialect "excel") and pandas write it, parsed by
//   tsv    libcsv; tsv is the same with a tab between fields (dialect "excel-tab"). A quoted field
//          may span lines. The first record names the fields unless `header` is false. Blank
//          lines are not records.
#ifndef KWX_RECORDS_H_
#define KWX_RECORDS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/status.h"

namespace kwx {

enum class InputFormat { kLines, kJsonl, kTsv, kCsv };

// "lines", "jsonl", "tsv" or "csv" (the CLI's --input-format).
StatusOr<InputFormat> ParseInputFormat(std::string_view name);

struct RecordFormat {
  InputFormat format = InputFormat::kLines;
  // jsonl: a member name; tsv/csv: a header name, or a 1-based column number. Empty: "text".
  std::string text_field;
  // As text_field. Empty: the number of the input line the record starts on (1-based).
  std::string id_field;
  // tsv/csv: the first record is a header naming the fields (fields may then be given by name
  // or number); without one, fields are given by number.
  bool header = true;
  // A malformed record (not JSON, a missing field, an unterminated quote, ...) is counted and
  // reported at the end instead of stopping the run; it gives no output (an empty line in text
  // output, which has one line per record).
  bool skip_bad = false;
};

// A document's ID as the output writes it.
struct DocumentId {
  enum class Kind { kLine, kInteger, kString };
  std::uint64_t line = 0;       // the input line the record starts on (1-based)
  Kind kind = Kind::kLine;      // kLine: the ID is `line`
  std::string_view value = {};  // kInteger: its decimal digits (and sign); kString: the string
};

// Where the text and the ID of a record are, resolved against the header (immutable; shared by
// the workers of a run).
class RecordLayout {
 public:
  // `header`: the header record's fields for tsv/csv with format.header (ignored otherwise).
  // Errors: a field name the header lacks (the message lists the header), a number out of range,
  // a name without a header, an ID field for bare lines.
  static StatusOr<std::shared_ptr<const RecordLayout>> Create(
      const RecordFormat& format, const std::vector<std::string>& header);

  InputFormat format() const { return format_; }
  bool skip_bad() const { return skip_bad_; }
  // Whether output carries IDs in a JSON object ({"id":...,"keywords":...}): every record
  // format but bare lines without an ID field.
  bool keyed() const { return keyed_; }

 private:
  friend class RecordReader;
  RecordLayout() = default;
  InputFormat format_ = InputFormat::kLines;
  bool skip_bad_ = false;
  bool keyed_ = false;
  std::string text_key_;  // jsonl
  std::string id_key_;    // jsonl; empty: line numbers
  std::size_t text_column_ = 0;  // tsv/csv, 0-based
  std::size_t id_column_ = 0;
  bool has_id_ = false;
};

// Reads records into documents; one per worker thread (it keeps buffers between records).
class RecordReader {
 public:
  explicit RecordReader(std::shared_ptr<const RecordLayout> layout);
  ~RecordReader();
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  enum class Outcome { kDocument, kBlank, kBad };
  // Reads the record that starts on input line `line`. kDocument: *text and *id are set, valid
  // until the next call (the text is well-formed UTF-8 unless the input was not: invalid bytes
  // in the record were replaced by U+FFFD first, `repairs()` counts them). kBlank: no record
  // (a blank line). kBad: `error()` says why.
  Outcome Read(std::string_view record, std::uint64_t line, std::string_view* text,
               DocumentId* id);
  const std::string& error() const { return error_; }
  std::size_t repairs() const { return repairs_; }

 private:
  bool ReadJson(std::string_view record, std::string_view* text, DocumentId* id);
  bool ReadDelimited(std::string_view record, std::string_view* text, DocumentId* id);
  bool SetId(DocumentId* id);

  std::shared_ptr<const RecordLayout> layout_;
  std::string repaired_;
  std::string text_;
  std::string id_value_;
  bool id_found_ = false;
  bool id_is_integer_ = false;
  std::string error_;
  std::size_t repairs_ = 0;
  struct Csv;
  std::unique_ptr<Csv> csv_;
};

}  // namespace kwx

#endif  // KWX_RECORDS_H_
