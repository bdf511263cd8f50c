// RunBatch: a reader thread, N worker threads and the calling thread as the in-order writer.
//
// Why not oneTBB's parallel_pipeline: its tasks run on whichever arena thread is free, so a
// per-thread worker object would be created lazily, maybe fewer than N of them, and possibly on
// threads it was not created on. Workers that own thread-affine resources (a database
// connection, a Python object) need exactly one per thread, created and destroyed on it. Plain
// threads with a bounded queue and a reorder buffer give exactly that in ~200 lines.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "kwx/batch.h"
#include "kwx/text.h"

namespace kwx {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPoll = std::chrono::milliseconds(50);  // how often waits look at `cancel`
constexpr std::uint64_t kMinTailChunk = 16 << 10;

struct Slot {
  std::uint64_t seq = 0;
  std::uint64_t first_line = 0;
  std::uint64_t first_byte = 0;  // input offset of the chunk
  LineSource::Chunk chunk;
  std::string output;
  std::uint64_t repaired_lines = 0;
  std::uint64_t first_repaired = 0;
  Status error;  // a strict-UTF-8 or worker failure in this chunk
};

class Pipeline {
 public:
  Pipeline(LineSource& source, const WorkerFactory& factory, const BatchSink& sink,
           const BatchOptions& options)
      : source_(source), factory_(factory), sink_(sink), options_(options) {
    jobs_ = ResolveJobs(options.jobs);
    max_in_flight_ = options.max_chunks_in_flight > 0 ? options.max_chunks_in_flight
                                                      : static_cast<std::size_t>(2 * jobs_ + 2);
    chunk_bytes_ = std::max<std::size_t>(options.chunk_bytes, 1);
  }

  StatusOr<BatchResult> Run() {
    const auto start = Clock::now();
    source_.set_cancel(options_.cancel);
    std::thread reader([this] { ReadLoop(); });
    std::vector<std::thread> workers;
    for (int i = 0; i < jobs_; ++i) workers.emplace_back([this, i] { WorkLoop(i); });
    Status status = WriteLoop(start);
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    WakeAll();
    reader.join();
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

  // Records a failure that ends the run (the first one wins).
  void Fail(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    if (failure_.ok()) failure_ = std::move(status);
    stop_ = true;
    WakeAll();
  }

  // Each kind of thread waits on its own condition, so that an event wakes only who can act on
  // it: with one shared condition every chunk woke every thread, and on two cores each needless
  // wake-up preempts a worker.
  void WakeAll() {
    space_cv_.notify_all();
    work_cv_.notify_all();
    done_cv_.notify_all();
  }

  void ReadLoop() {
    std::uint64_t seq = 0, lines = 0, bytes = 0;
    for (;;) {
      std::unique_ptr<Slot> slot;
      {
        std::unique_lock<std::mutex> lock(mu_);
        while (!stop_ && in_flight_ >= max_in_flight_) space_cv_.wait_for(lock, kPoll);
        if (stop_) return;
        ++in_flight_;
        if (!free_.empty()) {
          slot = std::move(free_.back());
          free_.pop_back();
        }
      }
      if (!slot) slot = std::make_unique<Slot>();
      Status status;
      bool more = !Cancelled() && source_.Next(ChunkTarget(bytes), &slot->chunk, &status);
      std::lock_guard<std::mutex> lock(mu_);
      if (!more) {
        if (!status.ok() && failure_.ok()) failure_ = status;
        if (!status.ok()) stop_ = true;
        reader_done_ = true;
        total_chunks_ = seq;
        --in_flight_;
        WakeAll();
        return;
      }
      slot->seq = seq++;
      slot->first_line = lines + 1;
      slot->first_byte = bytes;
      lines += slot->chunk.lines.size();
      bytes += slot->chunk.bytes;
      todo_.push_back(std::move(slot));
      work_cv_.notify_one();
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
    for (;;) {
      std::unique_ptr<Slot> slot;
      {
        std::unique_lock<std::mutex> lock(mu_);
        while (!stop_ && todo_.empty() && !reader_done_) work_cv_.wait_for(lock, kPoll);
        if (stop_ || todo_.empty()) return;
        slot = std::move(todo_.front());
        todo_.pop_front();
      }
      Process(*worker, *slot);
      std::lock_guard<std::mutex> lock(mu_);
      std::uint64_t seq = slot->seq;
      done_.emplace(seq, std::move(slot));
      done_cv_.notify_one();  // the writer
    }
  }

  void Process(LineWorker& worker, Slot& slot) {
    slot.output.clear();
    slot.repaired_lines = slot.first_repaired = 0;
    slot.error = Status::Ok();
    const auto& lines = slot.chunk.lines;
    try {
      for (std::size_t i = 0; i < lines.size(); ++i) {
        std::uint64_t number = slot.first_line + i;
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
                                    " of the line" + where);
            return;
          }
        }
        if (worker.ProcessLine(lines[i], number, &slot.output) > 0 && slot.repaired_lines++ == 0) {
          slot.first_repaired = number;
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
        for (;;) {
          if (Cancelled()) return Status(StatusCode::kCancelled, "cancelled");
          if (!failure_.ok()) return failure_;
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
      result_.lines += slot->chunk.lines.size();
      result_.bytes += slot->chunk.bytes;
      if (slot->repaired_lines > 0) {
        if (result_.repaired_lines == 0) result_.first_repaired_line = slot->first_repaired;
        result_.repaired_lines += slot->repaired_lines;
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        --in_flight_;
        // Keep a few slots for their buffers; drop the rest (a huge line's buffer among them).
        if (free_.size() < 4 && slot->chunk.storage.capacity() <= 4 * chunk_bytes_) {
          free_.push_back(std::move(slot));
        }
        space_cv_.notify_one();  // the reader
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
  std::condition_variable space_cv_;  // the reader: a chunk may be read (in_flight_ went down)
  std::condition_variable work_cv_;   // the workers: a chunk to process, or the end
  std::condition_variable done_cv_;   // the writer: a chunk was processed, or the end
  bool stop_ = false;
  bool reader_done_ = false;
  std::uint64_t total_chunks_ = 0;
  std::size_t in_flight_ = 0;  // chunks read and not yet written
  std::deque<std::unique_ptr<Slot>> todo_;
  std::map<std::uint64_t, std::unique_ptr<Slot>> done_;
  std::vector<std::unique_ptr<Slot>> free_;
  Status failure_;
  BatchResult result_;  // written by the writer (calling) thread only
};

}  // namespace

int ResolveJobs(int jobs) {
  if (jobs > 0) return jobs;
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

StatusOr<BatchResult> RunBatch(LineSource& source, const WorkerFactory& factory,
                               const BatchSink& sink, const BatchOptions& options) {
  return Pipeline(source, factory, sink, options).Run();
}

}  // namespace kwx
