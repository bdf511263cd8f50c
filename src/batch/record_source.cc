// OpenRecords: the input lines regrouped into records. A CSV/TSV field in quotes may hold line
// breaks, so a record can span lines; the chunks the pipeline hands to workers must end between
// records, not inside one. libcsv follows the quoting here (the reader thread) only to find where
// records end; the workers parse each record again for its fields.
#include <csv.h>

#include "kwx/batch.h"

namespace kwx {

namespace {

// A record still open after this many bytes (a quote that is never closed) is cut at the end of
// the line that crossed it and handed on as it is; the worker then reports it malformed. This
// keeps one stray quote from reading a whole corpus into memory.
constexpr std::size_t kMaxOpenRecordBytes = 64 << 20;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// libcsv grows a field's buffer by this much at a time (128 bytes by default: a multi-megabyte
// quoted field would be thousands of reallocations).
constexpr std::size_t kCsvBlockBytes = 64 << 10;

int NoSpace(unsigned char) { return 0; }
int IsNewline(unsigned char c) { return c == '\n'; }

// A libcsv parser configured as RecordReader's: strict quoting, no trimming, '\n' ends a row.
class CsvParser {
 public:
  explicit CsvParser(char delimiter) : delimiter_(delimiter) { Init(); }
  ~CsvParser() { csv_free(&parser_); }
  CsvParser(const CsvParser&) = delete;
  CsvParser& operator=(const CsvParser&) = delete;

  void Reset() {
    csv_free(&parser_);
    Init();
  }
  // Feeds bytes; returns false on malformed quoting.
  bool Feed(std::string_view bytes, void (*on_field)(void*, std::size_t, void*),
            void (*on_row)(int, void*), void* data) {
    return csv_parse(&parser_, bytes.data(), bytes.size(), on_field, on_row, data) ==
           bytes.size();
  }

 private:
  void Init() {
    csv_init(&parser_, CSV_STRICT);
    csv_set_blk_size(&parser_, kCsvBlockBytes);
    csv_set_delim(&parser_, static_cast<unsigned char>(delimiter_));
    csv_set_space_func(&parser_, NoSpace);
    csv_set_term_func(&parser_, IsNewline);
  }
  csv_parser parser_;
  char delimiter_;
};

// Lines regrouped into the records of CSV/TSV.
class DelimitedRecordSource final : public LineSource {
 public:
  DelimitedRecordSource(std::unique_ptr<LineSource> lines, char delimiter)
      : lines_(std::move(lines)), boundaries_(delimiter), delimiter_(delimiter) {}

  // Reads the first record and splits it into the header's field names.
  Status ReadHeader(std::vector<std::string>* header) {
    std::string record;
    std::uint64_t line = 0;
    Status status;
    if (!NextRecord(&record, &line, &status)) {
      if (!status.ok()) return status;
      return Status(StatusCode::kInvalidArgument,
                    "'" + name() + "' has no header line (the first record names the fields; "
                    "without one, use --no-header and give fields by number)");
    }
    if (record.substr(0, kBom.size()) == kBom) record.erase(0, kBom.size());
    CsvParser parser(delimiter_);
    struct Fields {
      std::vector<std::string>* names;
      bool ended = false;
      bool failed = false;
    } fields{header};
    auto on_field = [](void* bytes, std::size_t size, void* data) {
      try {  // nothing may unwind through libcsv's C frames
        static_cast<Fields*>(data)->names->emplace_back(static_cast<const char*>(bytes),
                                                        bytes == nullptr ? 0 : size);
      } catch (...) {
        static_cast<Fields*>(data)->ended = false;
        static_cast<Fields*>(data)->failed = true;
      }
    };
    auto on_row = [](int, void* data) { static_cast<Fields*>(data)->ended = true; };
    record.push_back('\n');
    if (!parser.Feed(record, on_field, on_row, &fields) || !fields.ended || fields.failed) {
      return Status(StatusCode::kInvalidArgument,
                    "'" + name() + "' line " + std::to_string(line) +
                        ": the header has malformed quoting");
    }
    return Status::Ok();
  }

  bool Next(std::size_t target_bytes, Chunk* chunk, Status* status) override {
    chunk->storage.clear();
    chunk->lines.clear();
    chunk->line_numbers.clear();
    chunk->contiguous = false;
    ends_.clear();
    std::uint64_t line = 0;
    while (chunk->storage.size() < target_bytes) {
      if (!NextRecord(&chunk->storage, &line, status)) {
        if (!status->ok()) return false;
        break;
      }
      ends_.push_back(chunk->storage.size());
      chunk->line_numbers.push_back(line);
    }
    std::size_t start = 0;
    for (std::size_t end : ends_) {
      chunk->lines.emplace_back(chunk->storage.data() + start, end - start);
      start = end;
    }
    chunk->bytes = consumed_bytes_;
    consumed_bytes_ = 0;
    return !chunk->lines.empty();
  }

  std::uint64_t size_hint() const override { return lines_->size_hint(); }
  void set_cancel(const std::atomic<bool>* cancel) override { lines_->set_cancel(cancel); }
  const std::string& name() const override { return lines_->name(); }

 private:
  // Appends the next record to *out and sets *line to the line it starts on. False at the end
  // of the input or on a read error (*status).
  bool NextRecord(std::string* out, std::uint64_t* line, Status* status) {
    const std::size_t start = out->size();
    bool open = false;  // a record has begun
    for (;;) {
      if (next_ == current_.lines.size()) {
        if (done_ || !lines_->Next(kReadBytes, &current_, status)) {
          if (!status->ok()) return false;  // a read error is the run's, not a short record
          done_ = true;
          if (!open) return false;
          boundaries_.Reset();  // unterminated: the worker reports it
          return true;
        }
        next_ = 0;
        consumed_bytes_ += current_.bytes;
      }
      std::string_view text = current_.lines[next_++];
      // Excel's byte-order mark is not data (RecordReader drops it from line 1 too): fed to the
      // parser, it would make a quoted first field look like a quote inside an unquoted one.
      if (++line_number_ == 1 && text.substr(0, kBom.size()) == kBom) {
        text.remove_prefix(kBom.size());
      }
      if (!open) {
        if (text.empty()) continue;  // a blank line between records
        open = true;
        *line = line_number_;
      } else {
        out->push_back('\n');
      }
      out->append(text);
      row_ended_ = false;
      const bool parsed = boundaries_.Feed(text, nullptr, OnRow, this) &&
                          boundaries_.Feed("\n", nullptr, OnRow, this);
      if (!parsed || (!row_ended_ && out->size() - start > kMaxOpenRecordBytes)) {
        boundaries_.Reset();  // malformed: the worker reports it; go on from the next line
        return true;
      }
      if (row_ended_) return true;
    }
  }

  static void OnRow(int, void* self) { static_cast<DelimitedRecordSource*>(self)->row_ended_ = true; }

  static constexpr std::size_t kReadBytes = 1 << 18;

  std::unique_ptr<LineSource> lines_;
  CsvParser boundaries_;
  char delimiter_;
  Chunk current_;
  std::size_t next_ = 0;
  bool done_ = false;
  bool row_ended_ = false;
  std::uint64_t line_number_ = 0;
  std::uint64_t consumed_bytes_ = 0;
  std::vector<std::size_t> ends_;
};

}  // namespace

StatusOr<RecordInput> OpenRecords(std::unique_ptr<LineSource> lines, const RecordFormat& format) {
  std::vector<std::string> header;
  std::unique_ptr<LineSource> source;
  if (format.format == InputFormat::kTsv || format.format == InputFormat::kCsv) {
    auto records = std::make_unique<DelimitedRecordSource>(
        std::move(lines), format.format == InputFormat::kTsv ? '\t' : ',');
    if (format.header) {
      if (Status s = records->ReadHeader(&header); !s.ok()) return s;
    }
    source = std::move(records);
  } else {
    source = std::move(lines);
  }
  auto layout = RecordLayout::Create(format, header);
  if (!layout.ok()) {  // named with the input: idf build reads several
    return Status(layout.status().code(), "'" + source->name() + "': " + layout.status().message());
  }
  RecordInput input;
  input.source = std::move(source);
  if (format.format != InputFormat::kLines) input.layout = std::move(layout.value());
  return input;
}

}  // namespace kwx
