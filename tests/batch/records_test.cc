// RecordLayout and RecordReader (src/batch/records.cc): a record into a document's text and ID,
// as Python's json.loads and csv module read them, and the refusals that name why.
#include "kwx/records.h"

#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace kwx {
namespace {

using Outcome = RecordReader::Outcome;

std::shared_ptr<const RecordLayout> Layout(InputFormat format, std::string text_field,
                                           std::string id_field,
                                           const std::vector<std::string>& header = {}) {
  RecordFormat f;
  f.format = format;
  f.text_field = std::move(text_field);
  f.id_field = std::move(id_field);
  auto layout = RecordLayout::Create(f, header);
  EXPECT_TRUE(layout.ok()) << layout.status().message();
  return layout.ok() ? *layout : nullptr;
}

struct Read {
  Outcome outcome = Outcome::kBad;
  std::string text = {};
  DocumentId::Kind kind = DocumentId::Kind::kLine;
  std::string id = {};
  std::string error = {};
  std::size_t repairs = 0;
};

Read ReadOne(RecordReader& reader, std::string_view record, std::uint64_t line = 5) {
  std::string_view text;
  DocumentId id;
  Read r{reader.Read(record, line, &text, &id)};
  if (r.outcome == Outcome::kDocument) {
    r.text = std::string(text);
    r.kind = id.kind;
    r.id = id.kind == DocumentId::Kind::kLine ? std::to_string(id.line) : std::string(id.value);
  }
  r.error = reader.error();
  r.repairs = reader.repairs();
  return r;
}

TEST(RecordLayoutTest, FieldsResolveAgainstTheHeader) {
  RecordFormat f;
  f.format = InputFormat::kCsv;
  f.text_field = "body";
  f.id_field = "2";
  EXPECT_TRUE(RecordLayout::Create(f, {"id", "body"}).ok());
  auto missing = RecordLayout::Create(f, {"id", "text"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "--text-field: the header has no field 'body' (it has 'id', 'text')");
  f.text_field = "3";
  auto beyond = RecordLayout::Create(f, {"id", "text"});
  ASSERT_FALSE(beyond.ok());
  EXPECT_NE(beyond.status().message().find("the header has 2 field(s)"), std::string::npos);
  f.header = false;
  f.text_field = "body";
  auto no_header = RecordLayout::Create(f, {});
  ASSERT_FALSE(no_header.ok());
  EXPECT_NE(no_header.status().message().find("column number"), std::string::npos);
  f.text_field = "7";
  EXPECT_TRUE(RecordLayout::Create(f, {}).ok());
  // Bare lines have no fields; skipping needs records.
  RecordFormat lines;
  lines.id_field = "id";
  EXPECT_FALSE(RecordLayout::Create(lines, {}).ok());
  lines.id_field.clear();
  lines.skip_bad = true;
  EXPECT_FALSE(RecordLayout::Create(lines, {}).ok());
  EXPECT_FALSE(ParseInputFormat("xml").ok());
  EXPECT_EQ(*ParseInputFormat("tsv"), InputFormat::kTsv);
}

TEST(RecordReaderTest, JsonMembersAsPythonReadsThem) {
  RecordReader reader(Layout(InputFormat::kJsonl, "body", "doc"));
  Read r = ReadOne(reader, R"({"doc": 7, "x": {"body": "nested"}, "body": "a\nb\u4e2d"})");
  ASSERT_EQ(r.outcome, Outcome::kDocument) << r.error;
  EXPECT_EQ(r.text, "a\nb中");
  EXPECT_EQ(r.kind, DocumentId::Kind::kInteger);
  EXPECT_EQ(r.id, "7");
  // A member given twice counts as its last value (json.loads keeps the last).
  r = ReadOne(reader, R"({"body": "first", "doc": "x", "body": "last", "doc": -3})");
  EXPECT_EQ(r.text, "last");
  EXPECT_EQ(r.id, "-3");
  r = ReadOne(reader, R"({"body": "t", "doc": "名字"})");
  EXPECT_EQ(r.kind, DocumentId::Kind::kString);
  EXPECT_EQ(r.id, "名字");
  r = ReadOne(reader, R"({"body": "t", "doc": 18446744073709551615})");
  EXPECT_EQ(r.id, "18446744073709551615");
  r = ReadOne(reader, R"({"body": "t", "doc": -184467440737095516150})");  // beyond 64 bits
  EXPECT_EQ(r.kind, DocumentId::Kind::kInteger);
  EXPECT_EQ(r.id, "-184467440737095516150");
  // Without an ID field, the ID is the line number.
  RecordReader plain(Layout(InputFormat::kJsonl, "", ""));
  r = ReadOne(plain, R"({"text": "abc"})", 9);
  EXPECT_EQ(r.kind, DocumentId::Kind::kLine);
  EXPECT_EQ(r.id, "9");
  EXPECT_EQ(r.text, "abc");
}

TEST(RecordReaderTest, BadJsonRecordsSayWhy) {
  RecordReader reader(Layout(InputFormat::kJsonl, "text", "id"));
  auto error = [&](std::string_view record) {
    Read r = ReadOne(reader, record);
    EXPECT_EQ(r.outcome, Outcome::kBad) << record;
    return r.error;
  };
  EXPECT_EQ(error(R"(["text"])"), "a JSON lines record must be an object");
  EXPECT_EQ(error(R"("text")"), "a JSON lines record must be an object");
  EXPECT_EQ(error(R"({"id": 1})"), "the text member 'text' is missing");
  EXPECT_EQ(error(R"({"id": 1, "text": null})"), "the text member 'text' is not a string");
  EXPECT_EQ(error(R"({"id": 1, "text": ["a"]})"), "the text member 'text' is not a string");
  EXPECT_EQ(error(R"({"text": "a"})"), "the ID member 'id' is missing");
  EXPECT_EQ(error(R"({"text": "a", "id": 1.5})"),
            "the ID member 'id' is neither a string nor an integer");
  EXPECT_EQ(error(R"({"text": "a", "id": "x\ty"})"),
            "the ID holds a tab or a line break (TSV output and joins could not keep it)");
  EXPECT_EQ(error(R"({"text": "a", "id": 1} {})").substr(0, 16), "not valid JSON: ");
  EXPECT_EQ(error(R"({"text": "a", "id": 1)").substr(0, 16), "not valid JSON: ");
  EXPECT_EQ(error(R"({"text": "\ud800", "id": 1})").substr(0, 16), "not valid JSON: ");
  EXPECT_EQ(error("{\"text\": \"a\tb\", \"id\": 1}").substr(0, 16), "not valid JSON: ");
  // Deep nesting is no recursion in the SAX reader.
  std::string deep = R"({"text": "a", "id": 1, "x": )" + std::string(100000, '[') +
                     std::string(100000, ']') + "}";
  EXPECT_EQ(ReadOne(reader, deep).outcome, Outcome::kDocument);
}

TEST(RecordReaderTest, BlankLinesBomAndInvalidUtf8) {
  RecordReader reader(Layout(InputFormat::kJsonl, "", ""));
  EXPECT_EQ(ReadOne(reader, "").outcome, Outcome::kBlank);
  EXPECT_EQ(ReadOne(reader, " \t ").outcome, Outcome::kBlank);
  // A byte-order mark (as Excel and Notepad write it) is dropped; nlohmann/json also passes over
  // one at the start of a later line, which no JSON text can begin with anyway.
  EXPECT_EQ(ReadOne(reader, "\xEF\xBB\xBF{\"text\": \"a\"}", 1).outcome, Outcome::kDocument);
  EXPECT_EQ(ReadOne(reader, "\xEF\xBB\xBF{\"text\": \"a\"}", 2).outcome, Outcome::kDocument);
  // Invalid UTF-8 is replaced (and counted) before parsing, as for bare lines.
  Read r = ReadOne(reader, "{\"text\": \"a\xff\xfe\"}");
  ASSERT_EQ(r.outcome, Outcome::kDocument) << r.error;
  EXPECT_EQ(r.text, "a\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(r.repairs, 2u);
  EXPECT_EQ(ReadOne(reader, "{\"text\": \"a\"}").repairs, 0u);
}

TEST(RecordReaderTest, CsvFieldsAsPythonsCsvModule) {
  RecordReader reader(Layout(InputFormat::kCsv, "body", "id", {"id", "x", "body"}));
  Read r = ReadOne(reader, R"(17, y ,"say ""hi"", then
go")");
  ASSERT_EQ(r.outcome, Outcome::kDocument) << r.error;
  EXPECT_EQ(r.text, "say \"hi\", then\ngo");
  EXPECT_EQ(r.kind, DocumentId::Kind::kString);  // CSV has no types
  EXPECT_EQ(r.id, "17");
  r = ReadOne(reader, " a , b , c ");  // spaces are data, as in Python's csv
  EXPECT_EQ(r.text, " c ");
  EXPECT_EQ(r.id, " a ");
  r = ReadOne(reader, "a,b,");  // an empty last field
  ASSERT_EQ(r.outcome, Outcome::kDocument) << r.error;
  EXPECT_EQ(r.text, "");
  EXPECT_EQ(ReadOne(reader, "").outcome, Outcome::kBlank);
  EXPECT_EQ(ReadOne(reader, "a,b").error,
            "has 2 field(s), fewer than the 3 the text and ID fields need");
  EXPECT_EQ(ReadOne(reader, R"(a,b,"c)").outcome, Outcome::kBad);      // never closed
  EXPECT_EQ(ReadOne(reader, R"(a,b,"c"d)").outcome, Outcome::kBad);    // text after the quote
  EXPECT_EQ(ReadOne(reader, "a,b,c\nd,e,f").error, "holds more than one row");
  // The reader recovers after a bad record.
  EXPECT_EQ(ReadOne(reader, "1,2,3").text, "3");

  RecordReader tabs(Layout(InputFormat::kTsv, "2", "", {"a", "b"}));
  r = ReadOne(tabs, "x, y\t\"q\t\"");
  ASSERT_EQ(r.outcome, Outcome::kDocument) << r.error;
  EXPECT_EQ(r.text, "q\t");
  EXPECT_EQ(r.id, "5");  // the line number
}

}  // namespace
}  // namespace kwx
