// DbRun (src/batch/db_run.cc): rows into SQLite a chunk per transaction, and resumes that end
// with exactly the rows of an uninterrupted run. The workers here write a row per word of a line
// (its space-separated pieces), and fail on demand to interrupt a run at a chosen line.
#include "kwx/db_run.h"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "kw/rows.h"
#include "kwx/format.h"
#include "testdata/test_support.h"

namespace kwx {
namespace {

// A keyword row per space-separated word, weight = its length; fails at line `fail_at`, after a
// pause that lets the writer commit the chunks before it (so that a run stopped there has
// committed something; the tests' checks hold either way).
WorkerFactory WordRows(std::uint64_t fail_at = 0) {
  return TaskWorkerFactory([fail_at](int) {
    LineTask task;
    task.process = [fail_at](std::string_view text, const DocumentId& id, Workspace&,
                             std::string* out, const OutputFlush&) {
      if (id.line == fail_at) {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        throw std::runtime_error("stopped here");
      }
      std::vector<Keyword> words;  // views into `text`
      std::size_t start = 0;
      while (start <= text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string_view::npos) end = text.size();
        if (end > start) {
          words.emplace_back(text.substr(start, end - start), static_cast<double>(end - start) / 3);
        }
        start = end + 1;
      }
      AppendKeywords(words, OutputFormat::kRows, true, id, out);
    };
    return task;
  });
}

std::string Input(int lines) {
  std::string s;
  for (int i = 1; i <= lines; ++i) {
    s += "w" + std::to_string(i) + " x" + std::to_string(i % 7) + " yy\n";
  }
  return s;
}

// Every row of `table`, in insertion order, as text.
std::vector<std::string> Rows(const std::string& db_path, const std::string& table) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  std::vector<std::string> rows;
  std::string sql = "SELECT run_id, typeof(doc_id), doc_id, rank, word, weight FROM " + table +
                    " ORDER BY rowid";
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < 6; ++c) {
      const unsigned char* v = sqlite3_column_text(s, c);
      row += (c ? "|" : "") + std::string(v ? reinterpret_cast<const char*>(v) : "NULL");
    }
    rows.push_back(row);
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return rows;
}

std::string RunStatus(const std::string& db_path) {
  sqlite3* db = nullptr;
  sqlite3_open(db_path.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT status, documents FROM runs ORDER BY run_id DESC LIMIT 1", -1, &s,
                     nullptr);
  std::string out = "none";
  if (sqlite3_step(s) == SQLITE_ROW) {
    out = std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) + " " +
          std::to_string(sqlite3_column_int64(s, 1));
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

DbOptions Options(const std::string& path, bool resume) {
  DbOptions o;
  o.path = path;
  o.table = "keywords";
  o.resume = resume;
  o.description = "test";
  return o;
}

BatchOptions Small(int jobs) {
  BatchOptions b;
  b.jobs = jobs;
  b.chunk_bytes = 40;  // chunks as small as the source cuts them: many commits
  return b;
}

TEST(DbRunTest, InterruptedRunsResumeToTheUninterruptedRows) {
  test::TempDir dir;
  // Bigger than a file source's read (256 KiB), which is a chunk of its own whatever its size.
  const std::string input = dir.Write("in.txt", Input(30000));
  const std::string reference = dir.path() + "/ref.sqlite";
  {
    auto run = DbRun::Open(input, RecordFormat(), Options(reference, false));
    ASSERT_TRUE(run.ok()) << run.status().message();
    auto result = run->Run(WordRows(), Small(1));
    ASSERT_TRUE(result.ok()) << result.status().message();
    EXPECT_EQ(result->lines, 30000u);
  }
  const std::vector<std::string> want = Rows(reference, "keywords");
  ASSERT_EQ(want.size(), 90000u);
  EXPECT_EQ(want[0], "1|integer|1|1|w1|0.666666666666667");
  EXPECT_EQ(RunStatus(reference), "complete 30000");

  const std::string db = dir.path() + "/t.sqlite";
  for (std::uint64_t fail_at : {1u, 5700u, 5800u, 20000u, 30000u}) {
    auto run = DbRun::Open(input, RecordFormat(), Options(db, /*resume=*/true));
    ASSERT_TRUE(run.ok()) << run.status().message();
    const std::uint64_t before = run->documents_done();
    auto result = run->Run(WordRows(fail_at), Small(fail_at % 2 ? 1 : 3));
    ASSERT_FALSE(result.ok());
    const std::string status = RunStatus(db);
    if (status == "none") {  // nothing committed yet: no run recorded
      EXPECT_EQ(before, 0u);
      EXPECT_TRUE(Rows(db, "keywords").empty());
      continue;
    }
    EXPECT_EQ(status.substr(0, 12), "interrupted ") << fail_at;
    const std::uint64_t done = std::stoull(status.substr(12));
    EXPECT_GE(done, before);
    EXPECT_LT(done, fail_at);  // what failed was not committed
    // The rows are exactly the first `done` documents' rows.
    EXPECT_EQ(Rows(db, "keywords"),
              std::vector<std::string>(want.begin(), want.begin() + static_cast<long>(3 * done)));
  }
  // Interrupted again at its first new document: the chunks it passed over must not move the
  // recorded progress back (a later resume would write their rows twice).
  {
    const std::string before = RunStatus(db);
    ASSERT_NE(before, "none");
    const std::uint64_t done = std::stoull(before.substr(12));
    auto run = DbRun::Open(input, RecordFormat(), Options(db, true));
    ASSERT_TRUE(run.ok()) << run.status().message();
    ASSERT_FALSE(run->Run(WordRows(done + 1), Small(1)).ok());
    EXPECT_EQ(RunStatus(db), before);
    EXPECT_EQ(Rows(db, "keywords").size(), 3 * done);
  }
  {
    auto run = DbRun::Open(input, RecordFormat(), Options(db, true));
    ASSERT_TRUE(run.ok()) << run.status().message();
    ASSERT_TRUE(run->Run(WordRows(), Small(2)).ok());
  }  // closed: the database's lock goes with it
  EXPECT_EQ(Rows(db, "keywords"), want);
  EXPECT_EQ(RunStatus(db), "complete 30000");
  // Once complete, a resume has nothing to do.
  auto again = DbRun::Open(input, RecordFormat(), Options(db, true));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->complete());
  ASSERT_TRUE(again->Run(WordRows(), Small(1)).ok());
  EXPECT_EQ(Rows(db, "keywords"), want);
}

TEST(DbRunTest, RefusesToRunTwiceOrUnderChangedInputOrOptions) {
  test::TempDir dir;
  const std::string input = dir.Write("in.txt", Input(30000));
  const std::string db = dir.path() + "/t.sqlite";
  {
    auto run = DbRun::Open(input, RecordFormat(), Options(db, false));
    ASSERT_TRUE(run.ok());
    ASSERT_FALSE(run->Run(WordRows(25000), Small(1)).ok());
  }
  ASSERT_NE(RunStatus(db), "none");  // something was committed
  auto again = DbRun::Open(input, RecordFormat(), Options(db, false));
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("is unfinished"), std::string::npos);
  DbOptions changed = Options(db, true);
  changed.description = "other";
  auto other = DbRun::Open(input, RecordFormat(), changed);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("the options or the data files changed"),
            std::string::npos);
  {
    std::ofstream(input, std::ios::app) << "more\n";
  }
  auto grown = DbRun::Open(input, RecordFormat(), Options(db, true));
  ASSERT_FALSE(grown.ok());
  EXPECT_NE(grown.status().message().find("the input changed"), std::string::npos);
  // Another table is another run; a bad table name or stdin with resume is refused.
  DbOptions tokens = Options(db, false);
  tokens.table = "more_keywords";
  EXPECT_TRUE(DbRun::Open(input, RecordFormat(), tokens).ok());
  tokens.table = "runs";
  EXPECT_FALSE(DbRun::Open(input, RecordFormat(), tokens).ok());
  tokens.table = "x; DROP TABLE runs";
  EXPECT_FALSE(DbRun::Open(input, RecordFormat(), tokens).ok());
  EXPECT_FALSE(DbRun::Open("-", RecordFormat(), Options(db, true)).ok());
  // A table of another shape is not written into.
  DbOptions shape = Options(db, false);
  shape.table = "keywords";
  shape.tokens = true;
  auto wrong = DbRun::Open(dir.Write("other.txt", "a\n"), RecordFormat(), shape);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("has columns"), std::string::npos);
}

// A run is recorded with its first commit: one that never ran (its workers could not be made)
// leaves nothing behind, and one that committed nothing is taken over, whatever its options.
TEST(DbRunTest, ARunThatCommittedNothingIsNotInTheWay) {
  test::TempDir dir;
  const std::string input = dir.Write("in.txt", Input(10));
  const std::string db = dir.path() + "/t.sqlite";
  {
    auto never_ran = DbRun::Open(input, RecordFormat(), Options(db, false));
    ASSERT_TRUE(never_ran.ok());
  }
  EXPECT_EQ(RunStatus(db), "none");
  {
    auto failed_at_once = DbRun::Open(input, RecordFormat(), Options(db, false));
    ASSERT_TRUE(failed_at_once.ok());
    ASSERT_FALSE(failed_at_once->Run(WordRows(1), Small(1)).ok());
  }
  EXPECT_EQ(RunStatus(db), "none");
  // A row left by a run that died before its first commit (or by an older kwx), with other
  // options: taken over (its ID kept), not refused.
  char* real = ::realpath(input.c_str(), nullptr);
  const std::string sql =
      "INSERT INTO runs (run_id, output_table, input, input_size, input_mtime_ns, description, "
      "status, documents, started, updated) VALUES (5, 'keywords', '" + std::string(real) +
      "', 0, 0, 'old', 'running', 0, '', '')";
  std::free(real);
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(handle);
  DbOptions other = Options(db, false);
  other.description = "new";
  {
    auto run = DbRun::Open(input, RecordFormat(), other);
    ASSERT_TRUE(run.ok()) << run.status().message();
    ASSERT_TRUE(run->Run(WordRows(), Small(1)).ok());
    EXPECT_EQ(run->run_id(), 5);
  }
  EXPECT_EQ(RunStatus(db), "complete 10");
  EXPECT_EQ(Rows(db, "keywords").size(), 30u);
}

TEST(DbRunTest, OneWriterAtATime) {
  test::TempDir dir;
  const std::string input = dir.Write("in.txt", Input(5));
  const std::string db = dir.path() + "/t.sqlite";
  auto first = DbRun::Open(input, RecordFormat(), Options(db, false));
  ASSERT_TRUE(first.ok());
  DbOptions other = Options(db, false);
  other.table = "other";
  auto second = DbRun::Open(input, RecordFormat(), other);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("another kwx run"), std::string::npos);
}

TEST(DbRunTest, RecordIdsKeepTheirType) {
  test::TempDir dir;
  const std::string input = dir.Write(
      "in.jsonl", "{\"id\": 7, \"text\": \"a b\"}\n{\"id\": \"007\", \"text\": \"c\"}\n"
                  "{\"id\": 99999999999999999999, \"text\": \"d\"}\n");
  const std::string db = dir.path() + "/t.sqlite";
  RecordFormat records;
  records.format = InputFormat::kJsonl;
  records.id_field = "id";
  auto run = DbRun::Open(input, records, Options(db, false));
  ASSERT_TRUE(run.ok()) << run.status().message();
  auto factory = TaskWorkerFactory(
      [](int) {
        LineTask task;
        task.process = [](std::string_view text, const DocumentId& id, Workspace&,
                          std::string* out, const OutputFlush&) {
          AppendKeywords({Keyword(text, 1.5)}, OutputFormat::kRows, true, id, out);
        };
        return task;
      },
      run->records());
  auto result = run->Run(factory, Small(1));
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(Rows(db, "keywords"),
            (std::vector<std::string>{"1|integer|7|1|a b|1.5", "1|text|007|1|c|1.5",
                                      "1|text|99999999999999999999|1|d|1.5"}));
}

}  // namespace
}  // namespace kwx
