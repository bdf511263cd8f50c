// RunBatch: N worker threads, the calling thread as the in-order writer, and a reader thread
// when a core is left for it.
//
// Who reads: a worker that finds no chunk waiting reads the next one itself (one reader at a
// time) and processes it while its bytes are in its cache. A reader thread of its own only pays
// when it has a core of its own (jobs < cores, e.g. -j1 on two cores: 3% faster): with a worker
// on every core each chunk it reads preempts a worker, and when the scheduler let it wait the
// workers ran dry (seen: a worker idle 2 ms of a 60 ms run on two cores).
//
// Why not oneTBB's parallel_pipeline: its tasks run on whichever arena thread is free, so a
// per-thread worker object would be created lazily, maybe fewer than N of them, and possibly on
// threads it was not created on. Workers that own thread-affine resources (a database
// connection, a Python object) need exactly one per thread, created and destroyed on it. Plain
// threads with a bounded queue and a reorder buffer give exactly that in ~300 lines.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

#include <sched.h>

#include "kwx/batch.h"
#include "kwx/text.h"

namespace kwx {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPoll = std::chrono::milliseconds(50);  // how often waits look at `cancel`
constexpr std::uint64_t kMinTailChunk = 16 << 10;
constexpr std::size_t kMaxPendingPieceBytes = 8 << 20;  // OfferOutput's back-pressure

struct Slot {
  std::uint64_t seq = 0;
  std::uint64_t first_line = 0;
  std::uint64_t first_byte = 0;  // input offset of the chunk
  LineSource::Chunk chunk;
  std::string output;
  std::uint64_t repaired_lines = 0;
  std::uint64_t first_repaired = 0;
  std::uint64_t skipped_lines = 0;
  std::uint64_t first_skipped = 0;
  std::string first_skip_reason;
  Status error;  // a strict-UTF-8 or worker failure in this chunk
};

class Pipeline {
 public:
  Pipeline(LineSource& source, const WorkerFactory& factory, const BatchSink& sink,
           const BatchOptions& options)
      : source_(source), factory_(factory), sink_(sink), options_(options) {
    chunk_bytes_ = std::max<std::size_t>(options.chunk_bytes, 1);
    skip_left_ = options.skip_lines;
    jobs_ = ResolveJobs(options.jobs);
    // No more workers than chunks: the smallest chunk is kMinTailChunk (or chunk_bytes).
    if (const std::uint64_t size = source.size_hint(); size > 0) {
      const std::uint64_t smallest = std::min<std::uint64_t>(chunk_bytes_, kMinTailChunk);
      const std::uint64_t chunks = (size + smallest - 1) / smallest;
      jobs_ = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(jobs_), chunks));
    }
    max_in_flight_ = options.max_chunks_in_flight > 0 ? options.max_chunks_in_flight
                                                      : static_cast<std::size_t>(2 * jobs_ + 2);
  }

  StatusOr<BatchResult> Run() {
    const auto start = Clock::now();
    source_.set_cancel(options_.cancel);
    std::thread reader;
    workers_read_ = jobs_ >= AvailableCores();
    std::vector<std::thread> workers;
    workers.reserve(static_cast<std::size_t>(jobs_));
    // A thread that cannot be started (no memory for its stack, a process limit) ends the run
    // with an error, after the threads already started have stopped and been joined.
    Status status = StartThreads(&reader, &workers);
    if (status.ok()) status = WriteLoop(start);
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    WakeAll();
    if (reader.joinable()) reader.join();
    for (auto& w : workers) w.join();
    if (status.ok() && !failure_.ok()) status = failure_;
    if (!status.ok()) return status;
    result_.jobs = jobs_;
    result_.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result_;
  }

 private:
  bool Cancelled() const {
    return options_.cancel != nullptr && options_.cancel->load(std::memory_order_relaxed);
  }

  Status StartThreads(std::thread* reader, std::vector<std::thread>* workers) {
    try {
      if (!workers_read_) *reader = std::thread([this] { ReadLoop(); });
      for (int i = 0; i < jobs_; ++i) workers->emplace_back([this, i] { WorkLoop(i); });
    } catch (const std::system_error& e) {
      Status failed(StatusCode::kResourceExhausted,
                    "cannot start thread " + std::to_string(workers->size() + 1) + " of " +
                        std::to_string(jobs_) + ": " + e.what() + " (try fewer jobs, -j)");
      Fail(failed);  // the threads already started stop, and report nothing
      return failed;
    }
    return Status::Ok();
  }

  // Records a failure that ends the run (the first one wins).
  void Fail(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    if (failure_.ok()) failure_ = std::move(status);
    stop_ = true;
    WakeAll();
  }

  // The writer waits on a condition of its own, so that a chunk read wakes only the threads
  // that may read or take it (with one shared condition every event woke every thread, and on
  // two cores each needless wake-up preempts a worker).
  void WakeAll() {
    work_cv_.notify_all();
    done_cv_.notify_all();
  }

  // Reads the next chunk into a free slot, called with `lock` held and reading_ set by the
  // caller; the lock is released while the source is read. Returns the chunk, or null at the end
  // of the input or on a read error (which ends the run).
  std::unique_ptr<Slot> ReadChunk(std::unique_lock<std::mutex>& lock) {
    ++in_flight_;
    std::unique_ptr<Slot> slot;
    if (!free_.empty()) {
      slot = std::move(free_.back());
      free_.pop_back();
    }
    const std::uint64_t consumed = bytes_read_;
    lock.unlock();
    if (!slot) slot = std::make_unique<Slot>();
    Status status;
    bool more = !Cancelled() && source_.Next(ChunkTarget(consumed), &slot->chunk, &status);
    lock.lock();
    reading_ = false;
    if (!more) {
      if (!status.ok() && failure_.ok()) failure_ = status;
      if (!status.ok()) stop_ = true;
      reader_done_ = true;
      total_chunks_ = next_seq_;
      --in_flight_;
      free_.push_back(std::move(slot));
      WakeAll();
      return nullptr;
    }
    slot->seq = next_seq_++;
    if (skip_left_ > 0) PassOver(slot->chunk);
    slot->first_line = lines_read_ + 1;
    slot->first_byte = bytes_read_;
    lines_read_ += slot->chunk.lines.size();
    bytes_read_ += slot->chunk.bytes;
    work_cv_.notify_all();  // whoever waits for the source may read the next chunk now
    return slot;
  }

  // Drops the chunk's first lines while BatchOptions::skip_lines are left; they count as read.
  void PassOver(LineSource::Chunk& chunk) {
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(skip_left_, chunk.lines.size()));
    chunk.lines.erase(chunk.lines.begin(), chunk.lines.begin() + static_cast<std::ptrdiff_t>(n));
    if (!chunk.line_numbers.empty()) {
      chunk.line_numbers.erase(chunk.line_numbers.begin(),
                               chunk.line_numbers.begin() + static_cast<std::ptrdiff_t>(n));
    }
    if (n > 0) chunk.contiguous = false;  // byte offsets within the chunk no longer start at 0
    skip_left_ -= n;
    lines_read_ += n;
  }

  bool MayRead() const { return !reading_ && in_flight_ < max_in_flight_; }

  // The next chunk for a worker: one the reader thread read ahead or, without a reader thread,
  // one it reads itself when no other worker is reading and the in-flight bound allows. Null at
  // the end or when stopping.
  std::unique_ptr<Slot> NextChunk() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      if (stop_) return nullptr;
      if (!todo_.empty()) {
        std::unique_ptr<Slot> slot = std::move(todo_.front());
        todo_.pop_front();
        return slot;
      }
      if (reader_done_) return nullptr;
      if (workers_read_ && MayRead()) {
        reading_ = true;
        return ReadChunk(lock);
      }
      work_cv_.wait_for(lock, kPoll);
    }
  }

  // The reader thread, when there is a spare core: keeps the workers' queue full.
  void ReadLoop() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      while (!stop_ && !reader_done_ && !MayRead()) work_cv_.wait_for(lock, kPoll);
      if (stop_ || reader_done_) return;
      reading_ = true;
      std::unique_ptr<Slot> slot = ReadChunk(lock);
      if (!slot) return;
      todo_.push_back(std::move(slot));
    }
  }

  // The chunk size to ask for after `consumed` input bytes. Near the end of an input of known
  // size, chunks shrink so that the workers run out of work at about the same time: with
  // full-size chunks the last one can leave the other threads idle for its whole duration (about
  // 5% of a 7 MB run on two threads).
  std::size_t ChunkTarget(std::uint64_t consumed) const {
    const std::uint64_t total = source_.size_hint();
    if (jobs_ < 2 || total <= consumed) return chunk_bytes_;
    const std::uint64_t share = (total - consumed) / (4 * static_cast<std::uint64_t>(jobs_));
    return static_cast<std::size_t>(
        std::min<std::uint64_t>(chunk_bytes_, std::max<std::uint64_t>(share, kMinTailChunk)));
  }

  void WorkLoop(int index) {
    std::unique_ptr<LineWorker> worker;
    try {
      worker = factory_(index);
    } catch (const std::exception& e) {
      Fail(Status(StatusCode::kInvalidArgument, std::string("worker setup failed: ") + e.what()));
      return;
    } catch (...) {  // an exception escaping a std::thread would terminate the process
      Fail(Status(StatusCode::kInvalidArgument, "worker setup failed: unknown exception"));
      return;
    }
    if (!worker) {
      Fail(Status(StatusCode::kInvalidArgument, "worker setup failed: the factory returned null"));
      return;
    }
    Slot* current = nullptr;  // the chunk the worker is on, for its output flushes
    worker->set_output_flush([this, &current] {
      if (current != nullptr) OfferOutput(*current);
    });
    for (;;) {
      std::unique_ptr<Slot> slot = NextChunk();
      if (!slot) break;
      current = slot.get();
      Process(*worker, *slot);
      current = nullptr;
      std::lock_guard<std::mutex> lock(mu_);
      std::uint64_t seq = slot->seq;
      done_.emplace(seq, std::move(slot));
      done_cv_.notify_one();  // the writer
    }
    if (!InputFinished()) return;
    Status finished;
    try {
      finished = worker->Finish();
    } catch (const std::exception& e) {
      finished = Status(StatusCode::kInvalidArgument, std::string("worker failed at the end: ") + e.what());
    } catch (...) {
      finished = Status(StatusCode::kInvalidArgument, "worker failed at the end: unknown exception");
    }
    if (!finished.ok()) Fail(std::move(finished));
  }

  // OutputFlush: the output of the chunk the writer waits for goes to it now, in pieces, instead
  // of at the end of the chunk (a giant line's output need not be held whole). Any other chunk
  // keeps its output. A worker that gets more than kMaxPendingPieceBytes ahead of the writer
  // waits for it.
  void OfferOutput(Slot& slot) {
    if (slot.output.empty()) return;
    std::unique_lock<std::mutex> lock(mu_);
    if (slot.seq != next_write_ || stop_) return;
    work_cv_.wait(lock, [this] { return pending_piece_bytes_ < kMaxPendingPieceBytes || stop_; });
    if (stop_) return;
    pending_piece_bytes_ += slot.output.size();
    pieces_.push_back(std::move(slot.output));
    slot.output = std::string();
    done_cv_.notify_one();  // the writer
  }

  // Whether the whole input was read and handed out, and nothing failed or was cancelled: a
  // worker's last chunk is then behind it (LineWorker::Finish).
  bool InputFinished() {
    std::lock_guard<std::mutex> lock(mu_);
    return reader_done_ && todo_.empty() && failure_.ok() && !Cancelled();
  }

  void Process(LineWorker& worker, Slot& slot) {
    slot.output.clear();
    slot.repaired_lines = slot.first_repaired = 0;
    slot.skipped_lines = slot.first_skipped = 0;
    slot.error = Status::Ok();
    const auto& lines = slot.chunk.lines;
    try {
      for (std::size_t i = 0; i < lines.size(); ++i) {
        std::uint64_t number = slot.chunk.line_numbers.empty() ? slot.first_line + i
                                                               : slot.chunk.line_numbers[i];
        if ((i & 1023) == 1023 && Cancelled()) return;  // the writer notices and stops
        if (options_.strict_utf8) {
          std::size_t bad = 0;
          if (!IsValidUtf8(lines[i], &bad)) {
            std::string where;
            if (slot.chunk.contiguous) {
              auto in_chunk = static_cast<std::uint64_t>(lines[i].data() - lines[0].data());
              where = " (byte offset " + std::to_string(slot.first_byte + in_chunk + bad) +
                      " in the input)";
            }
            slot.error = Status(StatusCode::kInvalidUtf8,
                                "invalid UTF-8 in '" + source_.name() + "' at line " +
                                    std::to_string(number) + ", byte " + std::to_string(bad) +
                                    (slot.chunk.line_numbers.empty() ? " of the line"
                                                                     : " of the record") +
                                    where);
            return;
          }
        }
        if (worker.ProcessLine(lines[i], number, &slot.output) > 0 && slot.repaired_lines++ == 0) {
          slot.first_repaired = number;
        }
        std::string reason;
        bool skip = false;
        if (worker.TakeRejection(&reason, &skip)) {
          if (!skip) {
            slot.error = Status(StatusCode::kInvalidArgument,
                                "'" + source_.name() + "' line " + std::to_string(number) + ": " +
                                    reason);
            return;
          }
          if (slot.skipped_lines++ == 0) {
            slot.first_skipped = number;
            slot.first_skip_reason = std::move(reason);
          }
        }
      }
    } catch (const std::exception& e) {
      slot.error = Status(StatusCode::kInvalidArgument,
                          std::string("worker failed on a line: ") + e.what());
    } catch (...) {
      slot.error = Status(StatusCode::kInvalidArgument, "worker failed on a line: unknown exception");
    }
  }

  Status WriteLoop(Clock::time_point start) {
    auto last_progress = Clock::now();
    for (std::uint64_t next = 0;; ++next) {
      std::unique_ptr<Slot> slot;
      {
        std::unique_lock<std::mutex> lock(mu_);
        next_write_ = next;
        for (;;) {
          if (Cancelled()) return Status(StatusCode::kCancelled, "cancelled");
          if (!failure_.ok()) return failure_;
          // Pieces of this chunk's output its worker handed over (OfferOutput) come first: they
          // were offered before the chunk was done.
          if (!pieces_.empty()) {
            std::string piece = std::move(pieces_.front());
            pieces_.pop_front();
            lock.unlock();
            Status written = sink_(piece);
            lock.lock();
            pending_piece_bytes_ -= piece.size();  // counted until written: the bound holds
            work_cv_.notify_all();  // a worker waiting to hand over more
            if (!written.ok()) return written;
            continue;
          }
          auto it = done_.find(next);
          if (it != done_.end()) {
            slot = std::move(it->second);
            done_.erase(it);
            break;
          }
          if (reader_done_ && next >= total_chunks_) return Status::Ok();
          done_cv_.wait_for(lock, kPoll);
        }
      }
      if (!slot->error.ok()) return slot->error;
      if (Status s = sink_(slot->output); !s.ok()) return s;
      if (options_.chunk_written) {
        const std::uint64_t done = slot->first_line - 1 + slot->chunk.lines.size();
        if (Status s = options_.chunk_written(done); !s.ok()) return s;
      }
      result_.lines += slot->chunk.lines.size();
      result_.bytes += slot->chunk.bytes;
      if (slot->repaired_lines > 0) {
        if (result_.repaired_lines == 0) result_.first_repaired_line = slot->first_repaired;
        result_.repaired_lines += slot->repaired_lines;
      }
      if (slot->skipped_lines > 0) {
        if (result_.skipped_lines == 0) {
          result_.first_skipped_line = slot->first_skipped;
          result_.first_skip_reason = std::move(slot->first_skip_reason);
        }
        result_.skipped_lines += slot->skipped_lines;
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        --in_flight_;
        // Keep the slots (at most max_in_flight_ of them) for their buffers, whose pages are
        // then faulted in only once; drop a huge line's buffer.
        if (slot->chunk.storage.capacity() <= 4 * chunk_bytes_) {
          free_.push_back(std::move(slot));
        }
        work_cv_.notify_all();  // whoever the in-flight bound held back from reading
      }
      if (options_.progress) {
        auto now = Clock::now();
        if (std::chrono::duration<double>(now - last_progress).count() >=
            options_.progress_interval_seconds) {
          last_progress = now;
          options_.progress({result_.lines, result_.bytes, source_.size_hint(),
                             std::chrono::duration<double>(now - start).count()});
        }
      }
    }
  }

  LineSource& source_;
  const WorkerFactory& factory_;
  const BatchSink& sink_;
  const BatchOptions& options_;
  int jobs_ = 1;
  std::size_t max_in_flight_ = 4;
  std::size_t chunk_bytes_ = 1 << 20;

  std::mutex mu_;
  // The workers and the reader: a chunk was read, the source may be read, or the end.
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;   // the writer: a chunk was processed, or the end
  bool stop_ = false;
  bool reader_done_ = false;
  std::uint64_t total_chunks_ = 0;
  std::size_t in_flight_ = 0;  // chunks read and not yet written
  bool workers_read_ = true;  // no reader thread: the workers read (set before they start)
  std::deque<std::unique_ptr<Slot>> todo_;  // read ahead by the reader thread
  bool reading_ = false;        // a thread is reading the source
  std::uint64_t next_seq_ = 0;  // of the next chunk read
  std::uint64_t lines_read_ = 0;
  std::uint64_t skip_left_ = 0;  // BatchOptions::skip_lines not yet passed over
  std::uint64_t bytes_read_ = 0;
  std::map<std::uint64_t, std::unique_ptr<Slot>> done_;
  std::uint64_t next_write_ = 0;  // the chunk the writer waits for
  std::deque<std::string> pieces_;  // its output so far, handed over by its worker
  std::size_t pending_piece_bytes_ = 0;
  std::vector<std::unique_ptr<Slot>> free_;
  Status failure_;
  BatchResult result_;  // written by the writer (calling) thread only
};

}  // namespace

int AvailableCores() {
  cpu_set_t set;
  if (::sched_getaffinity(0, sizeof(set), &set) == 0) return std::max(1, CPU_COUNT(&set));
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

int ResolveJobs(int jobs) { return std::min(jobs > 0 ? jobs : AvailableCores(), kMaxJobs); }

StatusOr<BatchResult> RunBatch(LineSource& source, const WorkerFactory& factory,
                               const BatchSink& sink, const BatchOptions& options) {
  return Pipeline(source, factory, sink, options).Run();
}

}  // namespace kwx
