// OpenRecords (src/batch/record_source.cc): lines regrouped into CSV/TSV records for the
// pipeline. A chunk never ends inside a record, whatever its target size; each record keeps the
// number of the line it starts on; blank lines between records go; the header is read at open.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "kwx/batch.h"

namespace kwx {
namespace {

struct Record {
  std::string text;
  std::uint64_t line;
  bool operator==(const Record& o) const { return text == o.text && line == o.line; }
};

struct Drained {
  std::vector<Record> records;
  std::uint64_t bytes = 0;
  Status status;
};

Drained Drain(LineSource& source, std::size_t target) {
  Drained d;
  LineSource::Chunk chunk;
  while (source.Next(target, &chunk, &d.status)) {
    EXPECT_EQ(chunk.lines.size(), chunk.line_numbers.size());
    for (std::size_t i = 0; i < chunk.lines.size(); ++i) {
      d.records.push_back({std::string(chunk.lines[i]), chunk.line_numbers[i]});
    }
    d.bytes += chunk.bytes;
  }
  return d;
}

RecordFormat Csv(bool header = true) {
  RecordFormat f;
  f.format = InputFormat::kCsv;
  f.header = header;
  if (!header) f.text_field = "1";
  return f;
}

TEST(RecordSourceTest, QuotedLineBreaksStayInOneRecord) {
  const std::string input =
      "\xEF\xBB\xBFid,text\r\n"
      "1,\"two\r\nlines\"\r\n"
      "\r\n"
      "2,plain\n"
      "3,\"a \"\"quote\"\" and\n\n a blank line\"\n"
      "4,last without a line end";
  for (std::size_t target : {1u, 7u, 1u << 18}) {
    auto opened = OpenRecords(LineSource::FromBytes(input), Csv());
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    ASSERT_NE(opened->layout, nullptr);
    Drained d = Drain(*opened->source, target);
    ASSERT_TRUE(d.status.ok());
    const std::vector<Record> expected = {
        {"1,\"two\nlines\"", 2},  // "\r\n" -> '\n', as for every line
        {"2,plain", 5},
        {"3,\"a \"\"quote\"\" and\n\n a blank line\"", 6},
        {"4,last without a line end", 9},
    };
    EXPECT_EQ(d.records, expected) << target;
    EXPECT_EQ(d.bytes, input.size()) << target;  // progress accounts for every byte
  }
}

TEST(RecordSourceTest, TheHeaderNamesTheFields) {
  auto opened = OpenRecords(LineSource::FromBytes("\xEF\xBB\xBF" "body,\"the id\"\nx,7\n"),
                            [] {
                              RecordFormat f = Csv();
                              f.text_field = "body";
                              f.id_field = "the id";
                              return f;
                            }());
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  RecordReader reader(opened->layout);
  Drained d = Drain(*opened->source, 100);
  ASSERT_EQ(d.records.size(), 1u);
  std::string_view text;
  DocumentId id;
  ASSERT_EQ(reader.Read(d.records[0].text, d.records[0].line, &text, &id),
            RecordReader::Outcome::kDocument);
  EXPECT_EQ(text, "x");
  EXPECT_EQ(id.value, "7");

  // Errors at open: a missing field, no header at all, a header with broken quoting.
  RecordFormat f = Csv();
  f.text_field = "nope";
  auto missing = OpenRecords(LineSource::FromBytes("a,b\n1,2\n"), f);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("'a', 'b'"), std::string::npos);
  auto empty = OpenRecords(LineSource::FromBytes("\n\n"), Csv());
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("no header"), std::string::npos);
  auto broken = OpenRecords(LineSource::FromBytes("\"text\"x\n1\n"), Csv());
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("line 1: the header"), std::string::npos);
}

TEST(RecordSourceTest, MalformedRecordsEndAtTheirLine) {
  // Text after a closing quote: the record ends at its line (the worker reports it) and the
  // next line is a record again. A quote never closed runs to the end of the input.
  auto opened = OpenRecords(LineSource::FromBytes("\"a\"b\nc\n\"d\ne\n"), Csv(false));
  ASSERT_TRUE(opened.ok());
  Drained d = Drain(*opened->source, 3);
  const std::vector<Record> expected = {{"\"a\"b", 1}, {"c", 2}, {"\"d\ne", 3}};
  EXPECT_EQ(d.records, expected);
}

// Lines, then a read error (EIO on a disk, say).
class FailingSource final : public LineSource {
 public:
  bool Next(std::size_t, Chunk* chunk, Status* status) override {
    chunk->storage.clear();
    chunk->lines.clear();
    if (calls_++ == 0) {
      chunk->lines = {"1,\"open", "still open"};
      chunk->bytes = 20;
      return true;
    }
    *status = Status(StatusCode::kIoError, "read failed");
    return false;
  }
  const std::string& name() const override { return name_; }

 private:
  int calls_ = 0;
  std::string name_ = "failing";
};

TEST(RecordSourceTest, AReadErrorInsideARecordIsTheRunsError) {
  auto opened = OpenRecords(std::make_unique<FailingSource>(), Csv(false));
  ASSERT_TRUE(opened.ok());
  Drained d = Drain(*opened->source, 1 << 20);
  EXPECT_EQ(d.status.code(), StatusCode::kIoError);  // not a short record and a clean end
  EXPECT_TRUE(d.records.empty());
}

TEST(RecordSourceTest, AByteOrderMarkBeforeAQuotedFirstRecordWithoutHeader) {
  auto opened = OpenRecords(LineSource::FromBytes("\xEF\xBB\xBF\"a\nb\",1\nc,2\n"), Csv(false));
  ASSERT_TRUE(opened.ok());
  Drained d = Drain(*opened->source, 1 << 20);
  const std::vector<Record> expected = {{"\"a\nb\",1", 1}, {"c,2", 3}};
  EXPECT_EQ(d.records, expected);
}

TEST(RecordSourceTest, JsonLinesAndBareLinesPassAsTheyAre) {
  RecordFormat f;
  f.format = InputFormat::kJsonl;
  auto opened = OpenRecords(LineSource::FromBytes("{\"text\":\"a\"}\n\n{}\n"), f);
  ASSERT_TRUE(opened.ok());
  ASSERT_NE(opened->layout, nullptr);
  EXPECT_TRUE(opened->layout->keyed());
  LineSource::Chunk chunk;
  Status status;
  ASSERT_TRUE(opened->source->Next(100, &chunk, &status));
  EXPECT_EQ(chunk.lines.size(), 3u);
  EXPECT_TRUE(chunk.line_numbers.empty());  // consecutive lines
  auto lines = OpenRecords(LineSource::FromBytes("a\n"), RecordFormat());
  ASSERT_TRUE(lines.ok());
  EXPECT_EQ(lines->layout, nullptr);
}

}  // namespace
}  // namespace kwx
