// The batch pipeline: many lines through N workers, results in input order, bounded memory.
//
// The input is split into chunks of whole lines (by bytes, not by line count, so both millions
// of tiny lines and one huge line work), N worker threads process chunks in parallel, each with
// its own worker object, and the calling thread hands the chunks' output to a sink strictly in
// input order. At most `max_chunks_in_flight` chunks exist at once: when the sink or the workers
// fall behind, reading waits (back-pressure), so memory stays flat whatever the input size.
#ifndef KWX_BATCH_H_
#define KWX_BATCH_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/format.h"
#include "kwx/keywords.h"
#include "kwx/pos_tagger.h"
#include "kwx/records.h"
#include "kwx/segmenter.h"
#include "kwx/status.h"
#include "kwx/workspace.h"

namespace kwx {

// Per-thread processing state. The pipeline creates one per worker thread, on that thread, with
// the factory, uses it only from that thread, and destroys it there; it is never copied, moved
// or serialized. So it may own anything: a Workspace, a database connection, a file, a model.
// Hands the output a worker appended to *out so far to the writer, when the chunk's turn to be
// written has come (every earlier chunk is written), and empties *out; otherwise does nothing.
// For output that can be huge for one line (kwx cut on a line of hundreds of MB): called between
// pieces of it, it keeps the memory to a piece instead of the line's whole output. The output
// stays in order and the same whatever the timing.
using OutputFlush = std::function<void()>;

class LineWorker {
 public:
  virtual ~LineWorker() = default;
  // Appends the output for one line to *out. `line_number` is 1-based. Returns the number of
  // invalid UTF-8 sequences that were replaced in the line (0 if it was valid). May call
  // flush_output() (see OutputFlush) during the call.
  virtual std::size_t ProcessLine(std::string_view line, std::uint64_t line_number,
                                  std::string* out) = 0;
  // RunBatch sets this before the first line; ProcessLine may call it (OutputFlush).
  void set_output_flush(OutputFlush flush) { flush_output_ = std::move(flush); }
  // Called once, on the worker's thread, after its last line, when the whole input has been
  // read and handed out (not when the run stops early on an error or a cancellation): the place
  // to report what the worker gathered over its lines, e.g. to merge its counts into a shared
  // total under a lock of the caller's. A non-ok status fails the run. A failure found later (in
  // another worker's lines, or by the sink) still fails it, so what Finish reported counts only
  // if RunBatch returns ok.
  virtual Status Finish() { return Status::Ok(); }

  // The pipeline asks after each line whether ProcessLine rejected it (RejectLine); if so, it
  // takes the reason and clears the rejection.
  bool TakeRejection(std::string* reason, bool* skip) {
    if (!rejected_) return false;
    rejected_ = false;
    *reason = std::move(rejection_);
    *skip = skip_rejected_;
    return true;
  }

 protected:
  void flush_output() const {
    if (flush_output_) flush_output_();
  }
  // For ProcessLine: the line cannot be processed (a malformed record); `reason` says why. The
  // run stops with an error naming the input, the line and the reason or, with `skip`, counts
  // the line as skipped and goes on (BatchResult::skipped_lines).
  void RejectLine(std::string reason, bool skip) {
    rejected_ = true;
    rejection_ = std::move(reason);
    skip_rejected_ = skip;
  }

 private:
  OutputFlush flush_output_;
  bool rejected_ = false;
  bool skip_rejected_ = false;
  std::string rejection_;
};

// Called once per worker thread, on that thread; `worker_index` is 0..jobs-1.
using WorkerFactory = std::function<std::unique_ptr<LineWorker>(int worker_index)>;

// What a generic worker does, made for each worker on its own thread (so it may capture state
// of its own, e.g. a result vector or per-worker counts).
struct LineTask {
  // Appends the output for one document (a line, or a record's text) to *out, with the
  // worker's own Workspace; may call flush_output between pieces of a long output (OutputFlush).
  std::function<void(std::string_view text, const DocumentId& id, Workspace& ws,
                     std::string* out, const OutputFlush& flush_output)>
      process;
  // Optional: LineWorker::Finish.
  std::function<Status()> finish = nullptr;
  // What a record skipped as malformed (RecordFormat::skip_bad) leaves in the output: "\n" where
  // the output has one line per record (text), nothing where rows carry IDs.
  std::string_view skipped_output = {};
};

// Workers that each own a Workspace and run the task `make_task(worker_index)` returns; a line's
// repairs are the ones its Workspace counted. Every job of the CLI and the bindings is one.
// With `records` (see OpenRecords), every line is a record: its text and ID go to the task, a
// blank one is passed over, a malformed one rejected (LineWorker::RejectLine).
WorkerFactory TaskWorkerFactory(std::function<LineTask(int worker_index)> make_task,
                                std::shared_ptr<const RecordLayout> records = nullptr);

// Where the lines come from. Lines are split as the CLI documents: at '\n', with a '\r' right
// before it dropped; a last line without '\n' is a line; empty input has no lines.
class LineSource {
 public:
  virtual ~LineSource() = default;

  // A file, or "-" for stdin. Errors (missing, directory, permission) name the path.
  static StatusOr<std::unique_ptr<LineSource>> OpenFile(const std::string& path);
  // A file descriptor (not closed); `name` is used in messages.
  static std::unique_ptr<LineSource> FromFd(int fd, std::string name);
  // Bytes in memory, not copied: they must outlive the run.
  static std::unique_ptr<LineSource> FromBytes(std::string_view bytes);
  // Lines already split (each taken whole, even if it contains '\n'), not copied.
  static std::unique_ptr<LineSource> FromLines(std::vector<std::string_view> lines);

  struct Chunk {
    std::string storage;                 // the bytes `lines` point into, when copied
    std::vector<std::string_view> lines;
    std::uint64_t bytes = 0;             // input bytes consumed, line ends included
    bool contiguous = true;  // lines lie in one buffer in input order (byte offsets are known)
    // Empty: lines are consecutive input lines. Else the input line each one starts on (records
    // that span lines).
    std::vector<std::uint64_t> line_numbers;
  };
  // Replaces *chunk with the next lines, about `target_bytes` of them (a longer line makes a
  // longer chunk). Returns false at the end of the input, or on error with *status set.
  virtual bool Next(std::size_t target_bytes, Chunk* chunk, Status* status) = 0;
  // Total input bytes if known (a regular file, memory), else 0. For progress and ETA.
  virtual std::uint64_t size_hint() const { return 0; }
  // RunBatch passes its cancel flag here before the first Next(), so that a source that can
  // block (a pipe with no writer activity) gives up when the flag is set: Next() then returns
  // false with kCancelled. Sources that never block may ignore it.
  virtual void set_cancel(const std::atomic<bool>* cancel) { (void)cancel; }
  virtual const std::string& name() const = 0;
};

struct BatchProgress {
  std::uint64_t lines = 0;
  std::uint64_t bytes = 0;
  std::uint64_t total_bytes = 0;  // 0 if unknown
  double seconds = 0;
};

struct BatchOptions {
  // Worker threads; 0 = all cores. A run starts at most kMaxJobs of them, and never more than
  // its input can keep busy: for an input of known size, one per chunk of the smallest size the
  // pipeline cuts (16 KiB, or chunk_bytes if smaller), so `-j 100000` on four lines starts one.
  int jobs = 0;
  // Target input bytes per chunk: small enough that the last chunks do not leave threads idle
  // (1 MiB chunks cap 2 threads at 1.75x on a 7 MB file), large enough to amortize the handoff.
  std::size_t chunk_bytes = 1 << 18;
  std::size_t max_chunks_in_flight = 0;     // 0 = 2 * jobs + 2
  bool strict_utf8 = false;                 // stop at the first invalid UTF-8 (kInvalidUtf8)
  const std::atomic<bool>* cancel = nullptr;  // when it becomes true, the run stops: kCancelled
  // Called on the calling thread after each chunk was written, at most every `progress_interval`.
  std::function<void(const BatchProgress&)> progress;
  double progress_interval_seconds = 0.1;
  // FileRun::Run: called on the calling thread before the first output is written; an error
  // stops the run with it, nothing written. (The CLI waits there for the data's checksum.)
  std::function<Status()> before_first_write;
  // The first `skip_lines` lines (records) of the input are read and passed over: no output,
  // not counted in BatchResult::lines; numbering goes on from them (a resumed run, DbRun).
  std::uint64_t skip_lines = 0;
  // Called on the calling thread after a chunk's whole output went to the sink, with the number
  // of input lines (records) done so far, passed-over ones included: where a database commits.
  // An error stops the run with it.
  std::function<Status(std::uint64_t lines_done)> chunk_written;
};

struct BatchResult {
  std::uint64_t lines = 0;
  std::uint64_t bytes = 0;
  std::uint64_t repaired_lines = 0;       // lines with invalid UTF-8 replaced by U+FFFD
  std::uint64_t first_repaired_line = 0;  // 1-based; 0 if none
  std::uint64_t skipped_lines = 0;        // lines (records) rejected with skip (RejectLine)
  std::uint64_t first_skipped_line = 0;   // 1-based; 0 if none
  std::string first_skip_reason;
  int jobs = 0;
  double seconds = 0;
};

// Receives the output, chunk by chunk, in input order, on the calling thread.
using BatchSink = std::function<Status(std::string_view output)>;

// Runs the pipeline to the end of the source, or to the first error (source, sink, strict UTF-8)
// or cancellation, which it returns after every thread has stopped.
StatusOr<BatchResult> RunBatch(LineSource& source, const WorkerFactory& factory,
                               const BatchSink& sink, const BatchOptions& options);

// The most worker threads a run starts, whatever BatchOptions::jobs asks for. More threads than
// cores only pay for workers that wait (on a database, say); past a few hundred they cost
// memory (a stack each) and scheduling for nothing.
inline constexpr int kMaxJobs = 256;

// The number of worker threads `jobs` stands for (0 = all cores), at most kMaxJobs.
int ResolveJobs(int jobs);

// The cores this process may run on (its CPU affinity, e.g. under taskset), at least 1.
int AvailableCores();

// Workers for the jobs of the CLI (and the bindings), borrowing a shared extractor/segmenter,
// which must outlive the run. `options` must have passed extractor.Check().
// With `records`, the input lines are records (OpenRecords) and the output carries their IDs.
WorkerFactory KeywordWorkerFactory(const KeywordExtractor& extractor, KeywordOptions options,
                                   OutputFormat format,
                                   std::shared_ptr<const RecordLayout> records = nullptr);

struct TokenOutput {
  CutMode mode = CutMode::kAccurate;
  bool hmm = true;
  OutputFormat format = OutputFormat::kText;
  std::string delimiter = " / ";
  std::string pos_delimiter = "_";  // tagged words, kText: between a word and its flag
};
WorkerFactory TokenWorkerFactory(const Segmenter& segmenter, TokenOutput output,
                                 std::shared_ptr<const RecordLayout> records = nullptr);
// Words with their part-of-speech flags (jieba.posseg.cut; TaggedLineWriter's layout).
// `output.mode` must be kAccurate (posseg has no other).
WorkerFactory TaggedWorkerFactory(const PosTagger& tagger, TokenOutput output,
                                  std::shared_ptr<const RecordLayout> records = nullptr);

// The records of `lines` as RecordFormat reads them: for tsv/csv, a record whose quoted field
// spans lines is joined back into one line (with '\n'), blank lines between records dropped,
// and the header (the first record, read now) resolves the field names; jsonl lines pass as
// they are. `layout` is null for bare lines (kLines): nothing changes.
struct RecordInput {
  std::unique_ptr<LineSource> source;
  std::shared_ptr<const RecordLayout> layout;
};
StatusOr<RecordInput> OpenRecords(std::unique_ptr<LineSource> lines, const RecordFormat& format);

// A run from a file into a file: the one way the CLI and the Python package run a job.
//
//   auto run = FileRun::Open(input, output);  // both ends opened: a wrong path fails at once
//   ... load the data, make the workers ...
//   auto result = run->Run(factory, options);
//   if (result.ok()) status = run->Commit();   // only now does the output file appear
//
// The output is a file written under a temporary name in its directory and renamed over `output`
// by Commit(); without a successful Commit() (a failure, a cancellation, an exception, the
// FileRun destroyed) the temporary file is removed and `output` is untouched. "-" as the output
// is stdout (and a device or a FIFO is written directly), where that guarantee cannot hold.
// Move-only.
class FileRun {
 public:
  // The input: a path, or "-" for stdin. Errors name the path.
  // With a RecordFormat other than bare lines, the input is read as records (OpenRecords; a
  // header is read now, so that a wrong field name fails before anything else).
  static StatusOr<FileRun> Open(const std::string& input, const std::string& output,
                                const RecordFormat& records = {});

  FileRun(FileRun&&) noexcept;
  FileRun& operator=(FileRun&&) noexcept;
  FileRun(const FileRun&) = delete;
  FileRun& operator=(const FileRun&) = delete;
  ~FileRun();

  // RunBatch from the input into the output. Call at most once.
  StatusOr<BatchResult> Run(const WorkerFactory& factory, const BatchOptions& options);
  // Flushes and renames the output into place.
  Status Commit();

  // The input's name for messages ("<stdin>" for "-"), and the output's path ("<stdout>").
  const std::string& input_name() const;
  // The records' layout for the worker factory (null for bare lines).
  const std::shared_ptr<const RecordLayout>& records() const;
  const std::string& output_path() const;

 private:
  struct Ends;
  explicit FileRun(std::unique_ptr<Ends> ends);
  std::unique_ptr<Ends> ends_;
};

}  // namespace kwx

#endif  // KWX_BATCH_H_
