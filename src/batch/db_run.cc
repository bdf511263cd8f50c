// DbRun: the batch pipeline into SQLite, one transaction per chunk, resumable (kwx/db_run.h).
#include "kwx/db_run.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <climits>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "kw/rows.h"

namespace kwx {

namespace {

constexpr int kRowsPerInsert = 64;  // 6 x 64 = 384 parameters, well under SQLite's 32766

// The UTC time as 2026-12-05T10:11:12Z.
std::string Now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool IsPlainName(const std::string& name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

class Statement {
 public:
  Statement() = default;
  Statement(Statement&& o) noexcept : stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement& operator=(Statement&& o) noexcept {
    std::swap(stmt_, o.stmt_);
    return *this;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  sqlite3_stmt* get() const { return stmt_; }
  sqlite3_stmt** out() { return &stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

struct DbRun::State {
  ~State() {
    statements.clear();
    if (db != nullptr) sqlite3_close(db);
    if (lock_fd >= 0) ::close(lock_fd);
  }

  Status Error(const std::string& what) const {
    return Status(StatusCode::kIoError, "database '" + options.path + "': " + what + ": " +
                                            (db != nullptr ? sqlite3_errmsg(db) : "no memory"));
  }
  Status Exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message != nullptr ? message : sqlite3_errmsg(db);
      sqlite3_free(message);
      return Status(StatusCode::kIoError, "database '" + options.path + "': " + text);
    }
    return Status::Ok();
  }
  StatusOr<sqlite3_stmt*> Prepare(const std::string& sql) {
    Statement s;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, s.out(), nullptr) != SQLITE_OK) {
      return Error("preparing '" + sql + "'");
    }
    statements.push_back(std::move(s));
    return statements.back().get();
  }

  Status OpenDatabase();
  Status CreateTables();
  Status FindRun();
  Status BeginRun();
  Status InsertRows(std::string_view bytes);
  void BindRow(sqlite3_stmt* s, int first, const internal::Row& row);
  Status Commit(std::uint64_t documents, const char* status);

  DbOptions options;
  std::unique_ptr<LineSource> source;
  std::shared_ptr<const RecordLayout> records;
  std::string input;  // absolute path, or <stdin>
  bool from_stdin = false;
  std::int64_t input_size = 0;
  std::int64_t input_mtime_ns = 0;
  sqlite3* db = nullptr;
  int lock_fd = -1;
  std::vector<Statement> statements;
  sqlite3_stmt* insert = nullptr;        // one row
  sqlite3_stmt* insert_many = nullptr;   // kRowsPerInsert rows
  std::int64_t run_id = 0;
  std::uint64_t documents_done = 0;
  bool complete = false;
  bool adopt = false;  // run_id is an earlier run that committed nothing: replaced by this one
  bool ran = false;
};

Status DbRun::State::OpenDatabase() {
  // NOMUTEX: the connection is used by one thread at a time (the caller's), and SQLite's
  // serialized mode would lock a mutex in every bind and step: a sixth of the writing time.
  if (sqlite3_open_v2(options.path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    return Error("cannot open");
  }
  sqlite3_busy_timeout(db, 10000);
  // One writing kwx run per database: a second one would read the same progress and write the
  // same rows again. The lock is flock() on a file of its own beside the database: closing a
  // descriptor of the database itself would drop SQLite's fcntl locks on it (POSIX drops all of
  // a process's locks on a file at any close), and the kernel drops a flock with its process,
  // however that ends. The file stays (as SQLite's -wal and -shm do): removing it would race.
  const std::string lock_path = options.path + "-kwx.lock";
  lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0) {
    return Status(StatusCode::kIoError, "cannot create the lock file '" + lock_path +
                                            "': " + std::strerror(errno));
  }
  if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    return Status(StatusCode::kIoError,
                  "database '" + options.path + "' is being written by another kwx run");
  }
  // Bigger pages for a new database: fewer B-tree cells split and WAL frames per row.
  if (Status s = Exec("PRAGMA page_size=16384"); !s.ok()) return s;
  if (Status s = Exec("PRAGMA journal_mode=WAL"); !s.ok()) return s;
  // WAL with synchronous=NORMAL never corrupts; a power loss may lose the last commits, and the
  // progress goes with them, so a resume redoes exactly those documents.
  return Exec("PRAGMA synchronous=NORMAL");
}

Status DbRun::State::CreateTables() {
  if (Status s = Exec("CREATE TABLE IF NOT EXISTS runs ("
                      "run_id INTEGER PRIMARY KEY, output_table TEXT NOT NULL, "
                      "input TEXT NOT NULL, input_size INTEGER, input_mtime_ns INTEGER, "
                      "description TEXT NOT NULL, status TEXT NOT NULL, "
                      "documents INTEGER NOT NULL DEFAULT 0, started TEXT NOT NULL, "
                      "updated TEXT NOT NULL, finished TEXT)");
      !s.ok()) {
    return s;
  }
  const char* ordinal = options.tokens ? "position" : "rank";
  // doc_id has no declared type: IDs keep theirs (7 stays an integer, "007" a string).
  std::string columns = std::string("run_id INTEGER, doc_id, ") + ordinal +
                        " INTEGER, word TEXT, flag TEXT" + (options.tokens ? "" : ", weight REAL");
  if (Status s = Exec("CREATE TABLE IF NOT EXISTS \"" + options.table + "\" (" + columns + ")");
      !s.ok()) {
    return s;
  }
  // An existing table must have exactly these columns.
  auto info = Prepare("PRAGMA table_info(\"" + options.table + "\")");
  if (!info.ok()) return info.status();
  std::string have;
  while (sqlite3_step(*info) == SQLITE_ROW) {
    have += (have.empty() ? "" : ", ");
    have += reinterpret_cast<const char*>(sqlite3_column_text(*info, 1));
  }
  const std::string want = std::string("run_id, doc_id, ") + ordinal + ", word, flag" +
                           (options.tokens ? "" : ", weight");
  if (have != want) {
    return Status(StatusCode::kInvalidArgument,
                  "database '" + options.path + "': table '" + options.table + "' has columns (" +
                      have + "), not kwx's (" + want + "); choose another --table");
  }
  const std::string tuple = options.tokens ? "(?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?)";
  const std::string insert_sql = "INSERT INTO \"" + options.table + "\" VALUES ";
  auto prepared = Prepare(insert_sql + tuple);
  if (!prepared.ok()) return prepared.status();
  insert = *prepared;
  std::string many = insert_sql;
  for (int i = 0; i < kRowsPerInsert; ++i) many += (i ? ", " : "") + tuple;
  prepared = Prepare(many);
  if (!prepared.ok()) return prepared.status();
  insert_many = *prepared;
  return Status::Ok();
}

Status DbRun::State::FindRun() {
  if (from_stdin) return Status::Ok();  // stdin is a new input every time
  auto find = Prepare(
      "SELECT run_id, input_size, input_mtime_ns, description, status, documents "
      "FROM runs WHERE output_table = ? AND input = ? ORDER BY run_id DESC LIMIT 1");
  if (!find.ok()) return find.status();
  sqlite3_bind_text(*find, 1, options.table.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(*find, 2, input.c_str(), -1, SQLITE_TRANSIENT);
  const int rc = sqlite3_step(*find);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("reading the runs");
  if (rc == SQLITE_DONE) {
    statements.pop_back();
    return Status::Ok();
  }
  // Copied out, and the statement finished: left active it would hold a read transaction
  // through the run (no WAL checkpoint could complete).
  const std::int64_t id = sqlite3_column_int64(*find, 0);
  const std::int64_t size = sqlite3_column_int64(*find, 1);
  const std::int64_t mtime = sqlite3_column_int64(*find, 2);
  const std::string description = reinterpret_cast<const char*>(sqlite3_column_text(*find, 3));
  const std::string status = reinterpret_cast<const char*>(sqlite3_column_text(*find, 4));
  const auto done = static_cast<std::uint64_t>(sqlite3_column_int64(*find, 5));
  statements.pop_back();
  const std::string where = "database '" + options.path + "': run " + std::to_string(id) +
                            " of '" + input + "' into table '" + options.table + "'";
  if (status != "complete" && done == 0) {
    // It committed nothing (it failed to start, or died before its first chunk): taken
    // over, under this run's options.
    run_id = id;
    adopt = true;
    return Status::Ok();
  }
  if (!options.resume) {
    return Status(StatusCode::kInvalidArgument,
                  where + (status == "complete"
                               ? " is already complete; choose another --table, or delete "
                                 "its rows and its line in 'runs' to run it again"
                               : " is unfinished (" + std::to_string(done) +
                                     " documents done); continue it with --resume"));
  }
  if (size != input_size || mtime != input_mtime_ns) {
    return Status(StatusCode::kInvalidArgument,
                  where + ": the input changed since (size or modification time); it cannot "
                          "be resumed");
  }
  if (description != options.description) {
    return Status(StatusCode::kInvalidArgument,
                  where + ": the options or the data files changed since; it cannot be "
                          "resumed (it ran with: " + description + ")");
  }
  run_id = id;
  documents_done = done;
  complete = status == "complete";
  return Status::Ok();
}

// Records the run (a new row, or the row of one that committed nothing), inside the open
// transaction: it exists only once the first chunk, or the end, is committed.
Status DbRun::State::BeginRun() {
  if (run_id != 0 && !adopt) return Status::Ok();  // resumed
  if (adopt) {
    auto take = Prepare("DELETE FROM runs WHERE run_id = ?");
    if (!take.ok()) return take.status();
    sqlite3_bind_int64(*take, 1, run_id);
    const int rc = sqlite3_step(*take);
    statements.pop_back();
    if (rc != SQLITE_DONE) return Error("taking over the run");
  }
  auto begin = Prepare(
      "INSERT INTO runs (run_id, output_table, input, input_size, input_mtime_ns, description, "
      "status, documents, started, updated) VALUES (?, ?, ?, ?, ?, ?, 'running', 0, ?, ?)");
  if (!begin.ok()) return begin.status();
  const std::string now = Now();
  if (adopt) {
    sqlite3_bind_int64(*begin, 1, run_id);
  } else {
    sqlite3_bind_null(*begin, 1);
  }
  sqlite3_bind_text(*begin, 2, options.table.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(*begin, 3, input.c_str(), -1, SQLITE_TRANSIENT);
  if (from_stdin) {
    sqlite3_bind_null(*begin, 4);
    sqlite3_bind_null(*begin, 5);
  } else {
    sqlite3_bind_int64(*begin, 4, input_size);
    sqlite3_bind_int64(*begin, 5, input_mtime_ns);
  }
  sqlite3_bind_text(*begin, 6, options.description.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(*begin, 7, now.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(*begin, 8, now.c_str(), -1, SQLITE_TRANSIENT);
  const int rc = sqlite3_step(*begin);
  statements.pop_back();
  if (rc != SQLITE_DONE) return Error("recording the run");
  run_id = sqlite3_last_insert_rowid(db);
  adopt = false;
  return Status::Ok();
}

void DbRun::State::BindRow(sqlite3_stmt* s, int first, const internal::Row& row) {
  sqlite3_bind_int64(s, first, run_id);
  std::int64_t integer = 0;
  switch (row.id.kind) {
    case DocumentId::Kind::kLine:
      sqlite3_bind_int64(s, first + 1, static_cast<std::int64_t>(row.id.line));
      break;
    case DocumentId::Kind::kInteger: {
      const char* end = row.id.value.data() + row.id.value.size();
      auto parsed = std::from_chars(row.id.value.data(), end, integer);
      if (parsed.ec == std::errc() && parsed.ptr == end) {
        sqlite3_bind_int64(s, first + 1, integer);
      } else {  // beyond SQLite's signed 64-bit integers: kept exactly, as text
        sqlite3_bind_text(s, first + 1, row.id.value.data(),
                          static_cast<int>(row.id.value.size()), SQLITE_STATIC);
      }
      break;
    }
    case DocumentId::Kind::kString:
      sqlite3_bind_text(s, first + 1, row.id.value.data(), static_cast<int>(row.id.value.size()),
                        SQLITE_STATIC);
      break;
  }
  sqlite3_bind_int64(s, first + 2, row.ordinal);
  sqlite3_bind_text(s, first + 3, row.word.data(), static_cast<int>(row.word.size()),
                    SQLITE_STATIC);
  if (row.flag.empty()) {
    sqlite3_bind_null(s, first + 4);
  } else {
    sqlite3_bind_text(s, first + 4, row.flag.data(), static_cast<int>(row.flag.size()),
                      SQLITE_STATIC);
  }
  if (!options.tokens) sqlite3_bind_double(s, first + 5, row.weight);
}

// The rows of a piece of output, kRowsPerInsert at a time (a statement per row costs about
// twice as much per row).
Status DbRun::State::InsertRows(std::string_view bytes) {
  internal::RowReader reader(bytes);
  internal::Row rows[kRowsPerInsert];
  const int columns = options.tokens ? 5 : 6;
  for (;;) {
    int n = 0;
    while (n < kRowsPerInsert && reader.Next(&rows[n])) ++n;
    if (n == 0) return Status::Ok();
    sqlite3_stmt* s = n == kRowsPerInsert ? insert_many : insert;
    for (int i = 0; i < n; ++i) {
      if (s == insert) {
        BindRow(s, 1, rows[i]);
        const int rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE) return Error("writing rows");
      } else {
        BindRow(s, 1 + i * columns, rows[i]);
      }
    }
    if (s == insert_many) {
      const int rc = sqlite3_step(s);
      sqlite3_reset(s);
      if (rc != SQLITE_DONE) return Error("writing rows");
    }
    if (n < kRowsPerInsert) return Status::Ok();
  }
}

// Moves the run's progress and commits the open transaction with it.
Status DbRun::State::Commit(std::uint64_t documents, const char* status) {
  auto update = Prepare("UPDATE runs SET documents = ?, status = ?, updated = ?, finished = ? "
                        "WHERE run_id = ?");
  if (!update.ok()) return update.status();
  const std::string now = Now();
  const bool finished = std::string_view(status) == "complete";
  sqlite3_bind_int64(*update, 1, static_cast<std::int64_t>(documents));
  sqlite3_bind_text(*update, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_text(*update, 3, now.c_str(), -1, SQLITE_TRANSIENT);
  if (finished) {
    sqlite3_bind_text(*update, 4, now.c_str(), -1, SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_null(*update, 4);
  }
  sqlite3_bind_int64(*update, 5, run_id);
  const int rc = sqlite3_step(*update);
  statements.pop_back();  // one statement per commit: do not pile them up
  if (rc != SQLITE_DONE) return Error("recording progress");
  return Exec("COMMIT");
}

DbRun::DbRun(std::unique_ptr<State> state) : state_(std::move(state)) {}
DbRun::DbRun(DbRun&&) noexcept = default;
DbRun& DbRun::operator=(DbRun&&) noexcept = default;
DbRun::~DbRun() = default;

StatusOr<DbRun> DbRun::Open(const std::string& input, const RecordFormat& records,
                            const DbOptions& db) {
  auto state = std::make_unique<State>();
  state->options = db;
  if (!IsPlainName(db.table) || db.table == "runs") {
    return Status(StatusCode::kInvalidArgument,
                  "table name '" + db.table + "': use letters, digits and '_' (not starting with "
                  "a digit), and not 'runs' (kwx's table of runs)");
  }
  state->from_stdin = input == "-";
  if (state->from_stdin) {
    if (db.resume) {
      return Status(StatusCode::kInvalidArgument,
                    "--resume needs an input file: stdin cannot be read again from its start");
    }
    state->input = "<stdin>";
  } else {
    char* real = ::realpath(input.c_str(), nullptr);
    struct stat st;
    if (real == nullptr || ::stat(real, &st) != 0) {
      std::free(real);
      return Status(StatusCode::kNotFound, "cannot open '" + input + "'");
    }
    state->input = real;
    std::free(real);
    state->input_size = static_cast<std::int64_t>(st.st_size);
    state->input_mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 +
                            st.st_mtim.tv_nsec;
  }
  auto source = LineSource::OpenFile(input);
  if (!source.ok()) return source.status();
  auto record_input = OpenRecords(std::move(source.value()), records);
  if (!record_input.ok()) return record_input.status();
  state->source = std::move(record_input->source);
  state->records = std::move(record_input->layout);
  if (Status s = state->OpenDatabase(); !s.ok()) return s;
  if (Status s = state->CreateTables(); !s.ok()) return s;
  if (Status s = state->FindRun(); !s.ok()) return s;
  return DbRun(std::move(state));
}

bool DbRun::complete() const { return state_->complete; }
std::uint64_t DbRun::documents_done() const { return state_->documents_done; }
std::int64_t DbRun::run_id() const { return state_->run_id; }
const std::string& DbRun::input_name() const { return state_->source->name(); }
const std::shared_ptr<const RecordLayout>& DbRun::records() const { return state_->records; }

StatusOr<BatchResult> DbRun::Run(const WorkerFactory& factory, BatchOptions options) {
  State& s = *state_;
  if (s.ran) return Status(StatusCode::kInvalidArgument, "DbRun::Run called twice");
  s.ran = true;
  if (s.complete) return BatchResult();
  if (Status st = s.Exec("BEGIN"); !st.ok()) return st;
  if (Status st = s.BeginRun(); !st.ok()) {
    sqlite3_exec(s.db, "ROLLBACK", nullptr, nullptr, nullptr);
    return st;
  }
  options.skip_lines = s.documents_done;
  bool first = true;
  auto before_first_write = options.before_first_write;
  options.chunk_written = [&s](std::uint64_t done) -> Status {
    // A chunk passed over on a resume is behind the progress already recorded: committing its
    // smaller count would move the progress back, and a later resume would write rows again.
    if (done <= s.documents_done) return Status::Ok();
    if (Status st = s.Commit(done, "running"); !st.ok()) return st;
    s.documents_done = done;
    return s.Exec("BEGIN");
  };
  auto result = RunBatch(*s.source, factory, [&](std::string_view bytes) -> Status {
    if (first && before_first_write) {
      first = false;
      if (Status st = before_first_write(); !st.ok()) return st;
    }
    return s.InsertRows(bytes);
  }, options);
  if (result.ok() && first && before_first_write) {
    // Nothing was written (an empty input): the check that gates writing still decides.
    if (Status st = before_first_write(); !st.ok()) result = st;
  }
  if (result.ok()) {
    Status st = s.Commit(s.documents_done, "complete");
    if (st.ok()) {
      s.complete = true;
      return result;
    }
    result = st;
  }
  // What was committed stays; the open transaction goes, and the run says it stopped.
  sqlite3_exec(s.db, "ROLLBACK", nullptr, nullptr, nullptr);
  const std::string mark = "UPDATE runs SET status = 'interrupted', updated = '" + Now() +
                           "' WHERE run_id = " + std::to_string(s.run_id);
  sqlite3_exec(s.db, mark.c_str(), nullptr, nullptr, nullptr);
  return result;
}

}  // namespace kwx
