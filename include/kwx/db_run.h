// A run from a file into a SQLite database that survives a crash, and resumes.
//
//   auto run = DbRun::Open(input, records, db);  // the database opened, the run found or begun
//   if (run->complete()) ...                     // an earlier attempt finished: nothing to do
//   ... load the data, make workers that write OutputFormat::kRows ...
//   auto result = run->Run(factory, options);
//
// Rows go to `db.table`, with the run's ID: keywords as (run_id, doc_id, rank, word, flag,
// weight), tokens as (run_id, doc_id, position, word, flag). The `runs` table keeps one row per
// run: the input (absolute path, size, modification time), a description of everything else that
// decides the rows (DbOptions::description), its status and how many documents (input lines or
// records) are done. The pipeline's ordered writer inserts each chunk's rows and moves that count
// in one transaction (WAL journal), so whatever stops the process — SIGKILL, power loss, a full
// disk, Ctrl-C — the database holds whole documents up to some point and says which. Opened
// again with `resume`, the run passes over the documents done and continues: the rows end up
// exactly those of an uninterrupted run. A run over the same input into the same table is not
// started twice: without `resume` an earlier one is an error; with it, one whose input or
// description changed is refused. While a run writes, the database is locked against a second
// kwx run (an advisory lock on the file, released by the kernel if the process dies).
#ifndef KWX_DB_RUN_H_
#define KWX_DB_RUN_H_

#include <cstdint>
#include <memory>
#include <string>

#include "kwx/batch.h"
#include "kwx/records.h"
#include "kwx/status.h"

namespace kwx {

struct DbOptions {
  std::string path;             // the SQLite file (created if missing)
  std::string table;            // letters, digits and '_', not starting with a digit
  bool tokens = false;          // rows of tokens (position) instead of keywords (rank, weight)
  bool resume = false;
  // Everything besides the input that decides the rows (options, data files): a run resumes only
  // under the same description.
  std::string description;
};

class DbRun {
 public:
  // The input: a path ("-" for stdin, which cannot be resumed). Errors name the path or the
  // database.
  static StatusOr<DbRun> Open(const std::string& input, const RecordFormat& records,
                              const DbOptions& db);

  DbRun(DbRun&&) noexcept;
  DbRun& operator=(DbRun&&) noexcept;
  DbRun(const DbRun&) = delete;
  DbRun& operator=(const DbRun&) = delete;
  ~DbRun();

  // An earlier attempt of this run (resume) already finished: Run would do nothing.
  bool complete() const;
  // Documents (input lines or records) committed so far: before Run, by earlier attempts (Run
  // passes over them); during and after it, by this one too.
  std::uint64_t documents_done() const;
  std::int64_t run_id() const;
  const std::string& input_name() const;
  const std::shared_ptr<const RecordLayout>& records() const;

  // RunBatch from where the run stands (BatchOptions::skip_lines), the workers writing
  // OutputFormat::kRows; each chunk is committed with the run's progress, and the run is marked
  // complete at the end. On failure the open transaction is rolled back and the run marked
  // interrupted: what was committed stays, for a resume. Call at most once.
  StatusOr<BatchResult> Run(const WorkerFactory& factory, BatchOptions options);

 private:
  struct State;
  explicit DbRun(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace kwx

#endif  // KWX_DB_RUN_H_
