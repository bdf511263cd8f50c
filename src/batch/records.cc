// Records into documents: JSON lines with nlohmann/json's SAX reader (no tree is built: only the
// text and ID members are kept), CSV/TSV with libcsv.
#include "kwx/records.h"

#include <csv.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "kwx/text.h"

namespace kwx {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool IsBlank(std::string_view record) {
  return record.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// A 1-based column number ("3"), or 0 when `field` is not one.
std::size_t ColumnNumber(std::string_view field) {
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), n);
  if (ec != std::errc() || end != field.data() + field.size()) return 0;
  return n;
}

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

// The 0-based column `field` names: a header name (the first one that matches), else a number.
StatusOr<std::size_t> ResolveColumn(const std::string& field, const std::vector<std::string>& header,
                                    bool has_header, const char* option) {
  if (has_header) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == field) return i;
    }
  }
  if (std::size_t n = ColumnNumber(field); n > 0) {
    if (has_header && n > header.size()) {
      return Status(StatusCode::kInvalidArgument,
                    std::string(option) + " " + field + ": the header has " +
                        std::to_string(header.size()) + " field(s)");
    }
    return n - 1;
  }
  if (!has_header) {
    return Status(StatusCode::kInvalidArgument,
                  std::string(option) + " " + Quoted(field) +
                      ": without a header, give a field by its 1-based column number");
  }
  std::string names;
  for (const std::string& name : header) names += (names.empty() ? "" : ", ") + Quoted(name);
  return Status(StatusCode::kInvalidArgument, std::string(option) + ": the header has no field " +
                                                  Quoted(field) + " (it has " + names + ")");
}

// What a JSON record's text or ID member held.
enum class Member { kMissing, kString, kInteger, kOther };

const char* KindName(Member m) {
  switch (m) {
    case Member::kMissing: return "missing";
    case Member::kString: return "a string";
    case Member::kInteger: return "an integer";
    case Member::kOther: return "not a string";
  }
  return "";
}

// Keeps the text and ID members of one top-level JSON object; a member given twice counts as
// its last value, as Python's json.loads reads it.
class JsonFields final : public nlohmann::json_sax<nlohmann::json> {
 public:
  JsonFields(const std::string& text_key, const std::string& id_key, std::string* text,
             std::string* id)
      : text_key_(text_key), id_key_(id_key), text_(text), id_(id) {}

  Member text = Member::kMissing;
  Member id = Member::kMissing;
  std::string error;

  bool null() override { return Scalar(Member::kOther); }
  bool boolean(bool) override { return Scalar(Member::kOther); }
  bool number_integer(number_integer_t v) override {
    if (depth_ == 1 && is_id_) *id_ = std::to_string(v);
    return Scalar(Member::kInteger);
  }
  bool number_unsigned(number_unsigned_t v) override {
    if (depth_ == 1 && is_id_) *id_ = std::to_string(v);
    return Scalar(Member::kInteger);
  }
  bool number_float(number_float_t, const string_t& raw) override {
    // An integer beyond 64 bits arrives here; Python reads it as an int, and so is it kept.
    const bool integer = raw.find_first_of(".eE") == std::string::npos;
    if (integer && depth_ == 1 && is_id_) *id_ = raw;
    return Scalar(integer ? Member::kInteger : Member::kOther);
  }
  bool string(string_t& v) override {
    if (depth_ == 1) {
      if (is_text_) *text_ = v;
      if (is_id_) *id_ = std::move(v);
    }
    return Scalar(Member::kString);
  }
  bool binary(binary_t&) override { return Scalar(Member::kOther); }
  bool start_object(std::size_t) override { return Open(); }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override {
    if (depth_ == 0) return NotAnObject();
    return Open();
  }
  bool end_array() override { return Close(); }
  bool key(string_t& k) override {
    if (depth_ == 1) {
      is_text_ = k == text_key_;
      is_id_ = !id_key_.empty() && k == id_key_;
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    // "[json.exception.parse_error.101] parse error at line 1, column 9: ..." -> from "column".
    std::string_view what = e.what();
    std::size_t column = what.find("column");
    error = "not valid JSON: " + std::string(column == std::string_view::npos ? what
                                                                               : what.substr(column));
    return false;
  }

 private:
  bool Scalar(Member kind) {
    if (depth_ == 0) return NotAnObject();
    if (depth_ == 1) Assign(kind);
    return true;
  }
  bool Open() {
    if (depth_ == 1) Assign(Member::kOther);
    ++depth_;
    return true;
  }
  bool Close() {
    --depth_;
    return true;
  }
  void Assign(Member kind) {
    if (is_text_) text = kind;
    if (is_id_) id = kind;
  }
  bool NotAnObject() {
    error = "a JSON lines record must be an object";
    return false;
  }

  const std::string& text_key_;
  const std::string& id_key_;
  std::string* text_;
  std::string* id_;
  int depth_ = 0;
  bool is_text_ = false;
  bool is_id_ = false;
};

// libcsv's defaults trim spaces and tabs around unquoted fields and end a row at '\r' too; Python's
// csv module keeps the spaces, and kwx's lines already lost their "\r\n" -> '\n'.
int NoSpace(unsigned char) { return 0; }
int IsNewline(unsigned char c) { return c == '\n'; }

}  // namespace

StatusOr<InputFormat> ParseInputFormat(std::string_view name) {
  if (name == "lines") return InputFormat::kLines;
  if (name == "jsonl") return InputFormat::kJsonl;
  if (name == "tsv") return InputFormat::kTsv;
  if (name == "csv") return InputFormat::kCsv;
  return Status(StatusCode::kInvalidArgument,
                "unknown input format '" + std::string(name) + "' (lines, jsonl, tsv or csv)");
}

StatusOr<std::shared_ptr<const RecordLayout>> RecordLayout::Create(
    const RecordFormat& format, const std::vector<std::string>& header) {
  std::shared_ptr<RecordLayout> layout(new RecordLayout());
  layout->format_ = format.format;
  layout->skip_bad_ = format.skip_bad;
  const std::string text_field = format.text_field.empty() ? "text" : format.text_field;
  switch (format.format) {
    case InputFormat::kLines:
      if (!format.id_field.empty() || !format.text_field.empty()) {
        return Status(StatusCode::kInvalidArgument,
                      "--text-field and --id-field need --input-format jsonl, tsv or csv (a bare "
                      "line is the text and its number the ID)");
      }
      break;
    case InputFormat::kJsonl:
      layout->keyed_ = true;
      layout->text_key_ = text_field;
      layout->id_key_ = format.id_field;
      layout->has_id_ = !format.id_field.empty();
      break;
    case InputFormat::kTsv:
    case InputFormat::kCsv: {
      layout->keyed_ = true;
      auto text = ResolveColumn(text_field, header, format.header, "--text-field");
      if (!text.ok()) return text.status();
      layout->text_column_ = *text;
      if (!format.id_field.empty()) {
        auto id = ResolveColumn(format.id_field, header, format.header, "--id-field");
        if (!id.ok()) return id.status();
        layout->id_column_ = *id;
        layout->has_id_ = true;
      }
      break;
    }
  }
  if (format.skip_bad && format.format == InputFormat::kLines) {
    return Status(StatusCode::kInvalidArgument,
                  "--skip-bad needs --input-format jsonl, tsv or csv (every line is a document)");
  }
  return std::shared_ptr<const RecordLayout>(std::move(layout));
}

// A libcsv parser and the fields of the record it read.
struct RecordReader::Csv {
  explicit Csv(char delimiter) : delimiter(delimiter) { Init(); }
  ~Csv() { csv_free(&parser); }
  void Init() {
    csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
    csv_set_blk_size(&parser, 64 << 10);  // (128 bytes at a time by default)
    csv_set_delim(&parser, static_cast<unsigned char>(delimiter));
    csv_set_space_func(&parser, NoSpace);
    csv_set_term_func(&parser, IsNewline);
  }
  void Reset() {
    csv_free(&parser);
    Init();
  }

  // Fields of interest are copied; the others only counted. Nothing may unwind through
  // libcsv's C frames: a failed copy is remembered instead.
  static void OnField(void* bytes, std::size_t size, void* self) {
    auto* csv = static_cast<Csv*>(self);
    if (csv->rows == 0) {
      std::string_view field(static_cast<const char*>(bytes), bytes == nullptr ? 0 : size);
      try {
        if (csv->fields == csv->text_column) csv->text->assign(field);
        if (csv->want_id && csv->fields == csv->id_column) csv->id->assign(field);
      } catch (...) {
        csv->out_of_memory = true;
      }
    }
    ++csv->fields;
  }
  static void OnRow(int, void* self) { ++static_cast<Csv*>(self)->rows; }

  csv_parser parser;
  char delimiter;
  std::size_t text_column = 0, id_column = 0;
  bool want_id = false;
  std::string* text = nullptr;
  std::string* id = nullptr;
  std::size_t fields = 0;
  std::size_t rows = 0;
  bool out_of_memory = false;
};

RecordReader::RecordReader(std::shared_ptr<const RecordLayout> layout) : layout_(std::move(layout)) {
  const InputFormat f = layout_->format_;
  if (f == InputFormat::kTsv || f == InputFormat::kCsv) {
    csv_ = std::make_unique<Csv>(f == InputFormat::kTsv ? '\t' : ',');
    csv_->text_column = layout_->text_column_;
    csv_->id_column = layout_->id_column_;
    csv_->want_id = layout_->has_id_;
    csv_->text = &text_;
    csv_->id = &id_value_;
  }
}

RecordReader::~RecordReader() = default;

RecordReader::Outcome RecordReader::Read(std::string_view record, std::uint64_t line,
                                         std::string_view* text, DocumentId* id) {
  repairs_ = 0;
  error_.clear();
  if (line == 1 && record.substr(0, kBom.size()) == kBom) record.remove_prefix(kBom.size());
  if (!IsValidUtf8(record)) {
    repairs_ = RepairUtf8(record, &repaired_);
    record = repaired_;
  }
  *id = DocumentId{line, DocumentId::Kind::kLine, {}};
  if (layout_->format_ == InputFormat::kLines) {
    *text = record;
    return Outcome::kDocument;
  }
  if (IsBlank(record) && (layout_->format_ == InputFormat::kJsonl || record.empty())) {
    return Outcome::kBlank;
  }
  const bool read = layout_->format_ == InputFormat::kJsonl ? ReadJson(record, text, id)
                                                            : ReadDelimited(record, text, id);
  return read ? Outcome::kDocument : Outcome::kBad;
}

bool RecordReader::ReadJson(std::string_view record, std::string_view* text, DocumentId* id) {
  JsonFields fields(layout_->text_key_, layout_->id_key_, &text_, &id_value_);
  if (!nlohmann::json::sax_parse(record.begin(), record.end(), &fields)) {
    error_ = fields.error.empty() ? "not valid JSON" : fields.error;
    return false;
  }
  if (fields.text != Member::kString) {
    error_ = "the text member " + Quoted(layout_->text_key_) + " is " + KindName(fields.text);
    return false;
  }
  *text = text_;
  if (!layout_->has_id_) return true;
  if (fields.id != Member::kString && fields.id != Member::kInteger) {
    error_ = "the ID member " + Quoted(layout_->id_key_) + " is " +
             (fields.id == Member::kMissing ? "missing" : "neither a string nor an integer");
    return false;
  }
  id_is_integer_ = fields.id == Member::kInteger;
  return SetId(id);
}

bool RecordReader::ReadDelimited(std::string_view record, std::string_view* text,
                                 DocumentId* id) {
  Csv& csv = *csv_;
  csv.fields = csv.rows = 0;
  csv.out_of_memory = false;
  const bool parsed =
      csv_parse(&csv.parser, record.data(), record.size(), Csv::OnField, Csv::OnRow, &csv) ==
          record.size() &&
      csv_fini(&csv.parser, Csv::OnField, Csv::OnRow, &csv) == 0;
  if (!parsed) {
    csv.Reset();
    error_ = "malformed quoting (a quote inside an unquoted field, text after a closing quote, "
             "or a quoted field that never ends)";
    return false;
  }
  if (csv.out_of_memory) {
    error_ = "no memory for its fields";
    return false;
  }
  if (csv.rows > 1) {
    error_ = "holds more than one row";
    return false;
  }
  const std::size_t needed = std::max(layout_->text_column_,
                                      layout_->has_id_ ? layout_->id_column_ : 0) + 1;
  if (csv.fields < needed) {
    error_ = "has " + std::to_string(csv.fields) + " field(s), fewer than the " +
             std::to_string(needed) + " the text and ID fields need";
    return false;
  }
  *text = text_;
  if (!layout_->has_id_) return true;
  id_is_integer_ = false;
  return SetId(id);
}

bool RecordReader::SetId(DocumentId* id) {
  if (id_value_.find_first_of("\t\r\n") != std::string::npos) {
    error_ = "the ID holds a tab or a line break (TSV output and joins could not keep it)";
    return false;
  }
  id->kind = id_is_integer_ ? DocumentId::Kind::kInteger : DocumentId::Kind::kString;
  id->value = id_value_;
  return true;
}

}  // namespace kwx
