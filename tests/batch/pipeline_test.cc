// RunBatch (src/batch/pipeline.cc): one worker object per thread (created, used and destroyed on
// it, never copied), output in input order whatever the chunking and timing, the same output for
// every number of jobs, back-pressure, huge lines and many tiny lines, cancellation and errors
// (sink, source, factory, worker, strict UTF-8 in input order), repaired-line counting.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

#include "gtest/gtest.h"
#include "testdata/pipe_feeder.h"
#include "kwx/batch.h"
#include "kwx/keywords.h"
#include "kwx/segmenter.h"
#include "kwx/tfidf.h"
#include "testdata/test_support.h"

namespace kwx {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

double SecondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// ----------------------------------------------------------------------------------- helpers

// The documented split (see line_source_test.cc), for expected outputs.
std::vector<std::string> SplitLines(std::string_view bytes) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) {
      lines.emplace_back(bytes.substr(pos));
      break;
    }
    std::string_view l = bytes.substr(pos, nl - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    lines.emplace_back(l);
    pos = nl + 1;
  }
  return lines;
}

struct Collected {
  StatusOr<BatchResult> result = Status(StatusCode::kInvalidArgument, "not run");
  std::string output;
  std::size_t sink_calls = 0;
};

Collected RunCollect(LineSource& source, const WorkerFactory& factory, const BatchOptions& options) {
  Collected c;
  c.result = RunBatch(source, factory, [&c](std::string_view out) {
    c.output.append(out);
    ++c.sink_calls;
    return Status::Ok();
  }, options);
  return c;
}

// "<line number>\t<line>\n" for every line; optionally sleeps a random time first.
class EchoWorker : public LineWorker {
 public:
  explicit EchoWorker(int index, int max_sleep_us = 0)
      : rng_(static_cast<unsigned>(index) * 7919u + 1u), max_sleep_us_(max_sleep_us) {}
  std::size_t ProcessLine(std::string_view line, std::uint64_t line_number,
                          std::string* out) override {
    if (max_sleep_us_ > 0) {
      std::this_thread::sleep_for(std::chrono::microseconds(rng_() % max_sleep_us_));
    }
    out->append(std::to_string(line_number));
    out->push_back('\t');
    out->append(line);
    out->push_back('\n');
    return 0;
  }

 private:
  std::mt19937 rng_;
  int max_sleep_us_;
};

std::string EchoOf(const std::vector<std::string>& lines, std::size_t count = SIZE_MAX) {
  std::string s;
  for (std::size_t i = 0; i < lines.size() && i < count; ++i) {
    s += std::to_string(i + 1) + "\t" + lines[i] + "\n";
  }
  return s;
}

WorkerFactory EchoFactory(int max_sleep_us = 0) {
  return [max_sleep_us](int index) { return std::make_unique<EchoWorker>(index, max_sleep_us); };
}

using test::PipeFeeder;

// Never ends: each Next makes `lines_per_chunk` lines "line\n". Counts its calls.
class EndlessSource : public LineSource {
 public:
  explicit EndlessSource(std::size_t lines_per_chunk = 100) : per_chunk_(lines_per_chunk) {}
  bool Next(std::size_t, Chunk* chunk, Status*) override {
    ++calls;
    chunk->storage.clear();
    for (std::size_t i = 0; i < per_chunk_; ++i) chunk->storage += "line\n";
    chunk->lines.clear();
    for (std::size_t i = 0; i < per_chunk_; ++i) {
      chunk->lines.emplace_back(chunk->storage.data() + 5 * i, 4);
    }
    chunk->bytes = chunk->storage.size();
    chunk->contiguous = true;
    return true;
  }
  const std::string& name() const override { return name_; }
  std::atomic<std::uint64_t> calls{0};

 private:
  std::size_t per_chunk_;
  std::string name_ = "<endless>";
};

// Counts live worker objects, so a test can check that every one was destroyed (its thread
// joined) by the time RunBatch returned.
struct LifeCount {
  std::atomic<int> created{0};
  std::atomic<int> destroyed{0};
};

class CountedWorker : public LineWorker {
 public:
  CountedWorker(LifeCount* life, int sleep_us) : life_(life), sleep_us_(sleep_us) { ++life_->created; }
  ~CountedWorker() override { ++life_->destroyed; }
  std::size_t ProcessLine(std::string_view line, std::uint64_t, std::string* out) override {
    if (sleep_us_ > 0) std::this_thread::sleep_for(std::chrono::microseconds(sleep_us_));
    out->append(line);
    out->push_back('\n');
    return 0;
  }

 private:
  LifeCount* life_;
  int sleep_us_;
};

WorkerFactory CountedFactory(LifeCount* life, int sleep_us = 0) {
  return [life, sleep_us](int) { return std::make_unique<CountedWorker>(life, sleep_us); };
}

std::string NumberedLines(int n) {
  std::string s;
  for (int i = 1; i <= n; ++i) {
    if (i % 17 == 0) {
      s += "\n";  // some empty lines
    } else if (i % 23 == 0) {
      s += "crlf " + std::to_string(i) + "\r\n";
    } else {
      s += "line " + std::to_string(i) + " " + std::string(static_cast<std::size_t>(i % 13), 'x') + "\n";
    }
  }
  return s;
}

// ------------------------------------------------------------------- one worker per thread

struct Registry {
  std::mutex mu;
  std::vector<std::pair<int, std::thread::id>> created;  // (worker_index, thread)
  std::atomic<int> destroyed{0};
  std::atomic<int> wrong_thread{0};   // a worker used or destroyed off its thread
  std::atomic<std::uint64_t> lines{0};
};

// Owns things that can be neither copied nor moved; records on which threads it is touched.
class ThreadAffineWorker final : public LineWorker {
 public:
  ThreadAffineWorker(int index, Registry* registry)
      : index_(index),
        registry_(registry),
        owner_(std::this_thread::get_id()),
        resource_(std::make_unique<std::uint64_t>(0)) {}
  ThreadAffineWorker(const ThreadAffineWorker&) = delete;
  ThreadAffineWorker& operator=(const ThreadAffineWorker&) = delete;
  ThreadAffineWorker(ThreadAffineWorker&&) = delete;
  ThreadAffineWorker& operator=(ThreadAffineWorker&&) = delete;
  ~ThreadAffineWorker() override {
    if (std::this_thread::get_id() != owner_) ++registry_->wrong_thread;
    ++registry_->destroyed;
  }

  std::size_t ProcessLine(std::string_view line, std::uint64_t line_number,
                          std::string* out) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (std::this_thread::get_id() != owner_) ++registry_->wrong_thread;
    ++*resource_;
    ++registry_->lines;
    out->append(std::to_string(line_number) + "\t" + std::string(line) + "\n");
    (void)index_;
    return 0;
  }

 private:
  int index_;
  Registry* registry_;
  std::thread::id owner_;
  std::mutex mu_;
  std::unique_ptr<std::uint64_t> resource_;
};
static_assert(!std::is_copy_constructible_v<ThreadAffineWorker>);
static_assert(!std::is_move_constructible_v<ThreadAffineWorker>);
static_assert(!std::is_copy_assignable_v<ThreadAffineWorker>);
static_assert(!std::is_move_assignable_v<ThreadAffineWorker>);

class WorkerPerThreadTest : public ::testing::TestWithParam<int> {};

TEST_P(WorkerPerThreadTest, FactoryCalledOncePerThreadOnThatThread) {
  const int jobs = GetParam();
  const std::string input = NumberedLines(3000);
  Registry registry;
  std::atomic<int> factory_calls{0};
  WorkerFactory factory = [&](int index) -> std::unique_ptr<LineWorker> {
    ++factory_calls;
    {
      std::lock_guard<std::mutex> lock(registry.mu);
      registry.created.emplace_back(index, std::this_thread::get_id());
    }
    return std::make_unique<ThreadAffineWorker>(index, &registry);
  };
  auto source = LineSource::FromBytes(input);
  BatchOptions options;
  options.jobs = jobs;
  options.chunk_bytes = 64;  // many chunks, so that every worker gets some
  Collected c = RunCollect(*source, factory, options);
  ASSERT_TRUE(c.result.ok()) << c.result.status().message();

  EXPECT_EQ(factory_calls.load(), jobs);
  ASSERT_EQ(registry.created.size(), static_cast<std::size_t>(jobs));
  std::set<int> indices;
  std::set<std::thread::id> threads;
  for (const auto& [index, thread] : registry.created) {
    indices.insert(index);
    threads.insert(thread);
    EXPECT_NE(thread, std::this_thread::get_id()) << "a worker was created on the calling thread";
  }
  std::set<int> want;
  for (int i = 0; i < jobs; ++i) want.insert(i);
  EXPECT_EQ(indices, want) << "worker_index covers 0..jobs-1";
  EXPECT_EQ(threads.size(), static_cast<std::size_t>(jobs)) << "each worker on its own thread";
  EXPECT_EQ(registry.destroyed.load(), jobs) << "every worker destroyed before RunBatch returned";
  EXPECT_EQ(registry.wrong_thread.load(), 0) << "a worker was used or destroyed off its thread";
  EXPECT_EQ(registry.lines.load(), 3000u);
  EXPECT_EQ(c.result->jobs, jobs);
  EXPECT_EQ(c.result->lines, 3000u);
  EXPECT_EQ(c.output, EchoOf(SplitLines(input)));
}

INSTANTIATE_TEST_SUITE_P(Jobs, WorkerPerThreadTest, ::testing::Values(1, 2, 8));

TEST(PipelineTest, EmptyInputDestroysWhatItCreates) {
  for (int jobs : {1, 2, 8}) {
    LifeCount life;
    auto source = LineSource::FromBytes("");
    BatchOptions options;
    options.jobs = jobs;
    Collected c = RunCollect(*source, CountedFactory(&life), options);
    ASSERT_TRUE(c.result.ok()) << c.result.status().message();
    EXPECT_EQ(c.result->lines, 0u);
    EXPECT_EQ(c.result->bytes, 0u);
    EXPECT_EQ(c.output, "");
    EXPECT_LE(life.created.load(), jobs);
    EXPECT_EQ(life.destroyed.load(), life.created.load());
  }
}

TEST(PipelineTest, ResolveJobs) {
  EXPECT_EQ(ResolveJobs(1), 1);
  EXPECT_EQ(ResolveJobs(3), 3);
  EXPECT_GE(ResolveJobs(0), 1);
  EXPECT_EQ(ResolveJobs(100000), kMaxJobs);
  const std::string big = NumberedLines(20000);  // > 2 * 16 KiB: room for two workers at least
  ASSERT_GT(big.size(), std::size_t{64} << 10);
  auto source = LineSource::FromBytes(big);
  BatchOptions options;  // jobs = 0: all cores
  Collected c = RunCollect(*source, EchoFactory(), options);
  ASSERT_TRUE(c.result.ok());
  EXPECT_EQ(c.result->jobs, std::min<int>(ResolveJobs(0), static_cast<int>(big.size() / (16 << 10)) + 1));
  EXPECT_EQ(c.output, EchoOf(SplitLines(big)));
}

// Never more workers than the input has work for, and never more than kMaxJobs.
TEST(PipelineTest, WorkersAreCappedByTheWorkAndByKMaxJobs) {
  std::atomic<int> made{0};
  auto counting = [&made](int index) {
    ++made;
    return std::make_unique<EchoWorker>(index);
  };
  for (int jobs : {32000, 100000}) {
    made = 0;
    auto source = LineSource::FromBytes("a\nb\nc\nd\n");
    BatchOptions options;
    options.jobs = jobs;
    Collected c = RunCollect(*source, counting, options);
    ASSERT_TRUE(c.result.ok());
    EXPECT_EQ(c.result->jobs, 1);  // four lines, one chunk: one worker
    EXPECT_EQ(made, 1);
    EXPECT_EQ(c.output, "1\ta\n2\tb\n3\tc\n4\td\n");
  }
  // Plenty of chunks: kMaxJobs workers, not 100000.
  made = 0;
  const std::string input = NumberedLines(2000);
  auto source = LineSource::FromBytes(input);
  BatchOptions options;
  options.jobs = 100000;
  options.chunk_bytes = 1;
  Collected c = RunCollect(*source, counting, options);
  ASSERT_TRUE(c.result.ok());
  EXPECT_EQ(c.result->jobs, kMaxJobs);
  EXPECT_EQ(made, kMaxJobs);
  EXPECT_EQ(c.output, EchoOf(SplitLines(input)));
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define KWX_UNDER_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define KWX_UNDER_SANITIZER 1
#endif
#ifndef KWX_UNDER_SANITIZER
// A thread that cannot be started (here: no address space left for its stack) ends the run with
// a clean error once the threads already started are joined, instead of std::terminate. In a
// child process, whose address space is limited with RLIMIT_AS (the sanitizers reserve terabytes
// of it, so not under them).
TEST(PipelineTest, AThreadThatCannotStartIsAnErrorNotAnAbort) {
  const std::string input = NumberedLines(20000);
  std::fflush(nullptr);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::size_t vm_kb = 0;
    {
      std::ifstream status("/proc/self/status");
      std::string key;
      while (status >> key) {
        if (key == "VmSize:") {
          status >> vm_kb;
          break;
        }
      }
    }
    struct rlimit limit;
    limit.rlim_cur = limit.rlim_max = (vm_kb + (64 << 10)) << 10;  // 64 MB more: ~7 stacks
    if (vm_kb == 0 || ::setrlimit(RLIMIT_AS, &limit) != 0) ::_exit(3);
    auto source = LineSource::FromBytes(input);
    BatchOptions options;
    options.jobs = 64;
    options.chunk_bytes = 1024;
    auto result = RunBatch(*source, EchoFactory(), [](std::string_view) { return Status::Ok(); },
                           options);
    if (result.ok()) ::_exit(4);
    if (result.status().code() != StatusCode::kResourceExhausted) ::_exit(5);
    if (result.status().message().find("cannot start thread") == std::string::npos) ::_exit(6);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "the child died of signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}
#endif

// ------------------------------------------------------------------------------ ordering

TEST(PipelineTest, OutputInInputOrderWithTinyChunksAndRandomDelays) {
  const std::string input = NumberedLines(3000);
  const std::vector<std::string> lines = SplitLines(input);
  const std::string want = EchoOf(lines);
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    BatchOptions options;
    options.jobs = 8;
    options.chunk_bytes = 1;  // one line per chunk
    {
      auto source = LineSource::FromBytes(input);
      Collected c = RunCollect(*source, EchoFactory(300), options);
      ASSERT_TRUE(c.result.ok()) << c.result.status().message();
      EXPECT_EQ(c.output, want);  // line numbers 1..L, in order, each line once
      EXPECT_EQ(c.result->lines, lines.size());
      EXPECT_EQ(c.result->bytes, input.size());
      EXPECT_EQ(c.result->jobs, 8);
      EXPECT_GE(c.result->seconds, 0);
      EXPECT_EQ(c.sink_calls, lines.size()) << "one sink call per chunk";
    }
    {
      PipeFeeder feeder(input, 1000);
      auto source = LineSource::FromFd(feeder.fd(), "pipe");
      Collected c = RunCollect(*source, EchoFactory(300), options);
      ASSERT_TRUE(c.result.ok()) << c.result.status().message();
      EXPECT_EQ(c.output, want);
      EXPECT_EQ(c.result->bytes, input.size());
    }
    {
      std::vector<std::string_view> views(lines.begin(), lines.end());
      auto source = LineSource::FromLines(views);
      Collected c = RunCollect(*source, EchoFactory(300), options);
      ASSERT_TRUE(c.result.ok()) << c.result.status().message();
      EXPECT_EQ(c.output, want);
    }
  }
}

// A resumed run: the first lines are passed over (no output) and numbering goes on from them;
// chunk_written reports, in order, the lines done through each chunk, passed-over ones included.
TEST(PipelineTest, SkipLinesAndChunkWritten) {
  const std::string input = NumberedLines(500);
  const std::vector<std::string> lines = SplitLines(input);
  for (std::uint64_t skip : {0u, 1u, 137u, 499u, 500u, 800u}) {
    SCOPED_TRACE("skip " + std::to_string(skip));
    BatchOptions options;
    options.jobs = 3;
    options.chunk_bytes = 100;
    options.skip_lines = skip;
    std::vector<std::uint64_t> done;
    options.chunk_written = [&done](std::uint64_t lines_done) {
      done.push_back(lines_done);
      return Status::Ok();
    };
    auto source = LineSource::FromBytes(input);
    Collected c = RunCollect(*source, EchoFactory(50), options);
    ASSERT_TRUE(c.result.ok()) << c.result.status().message();
    std::string want;
    for (std::size_t i = skip; i < lines.size(); ++i) {
      want += std::to_string(i + 1) + "\t" + lines[i] + "\n";
    }
    EXPECT_EQ(c.output, want);
    EXPECT_EQ(c.result->lines, lines.size() - std::min<std::size_t>(skip, lines.size()));
    ASSERT_FALSE(done.empty());
    EXPECT_TRUE(std::is_sorted(done.begin(), done.end()));
    EXPECT_EQ(done.back(), lines.size());
  }
  // An error from chunk_written stops the run with it.
  BatchOptions options;
  options.chunk_bytes = 100;
  options.chunk_written = [](std::uint64_t) { return Status(StatusCode::kIoError, "disk full"); };
  auto source = LineSource::FromBytes(input);
  Collected c = RunCollect(*source, EchoFactory(), options);
  ASSERT_FALSE(c.result.ok());
  EXPECT_EQ(c.result.status().message(), "disk full");
}

// LineWorker::RejectLine: an error naming the input and the line, or with skip a count.
class RejectingWorker : public LineWorker {
 public:
  explicit RejectingWorker(bool skip) : skip_(skip) {}
  std::size_t ProcessLine(std::string_view line, std::uint64_t, std::string* out) override {
    if (line.find('x') != std::string_view::npos) {
      RejectLine("has an x", skip_);
    } else {
      out->append(line).push_back('\n');
    }
    return 0;
  }

 private:
  bool skip_;
};

TEST(PipelineTest, RejectedLinesStopTheRunOrAreCounted) {
  const std::string input = "a\nbx\nc\nx\n";
  for (bool skip : {false, true}) {
    BatchOptions options;
    options.jobs = 2;
    options.chunk_bytes = 2;
    auto source = LineSource::FromBytes(input);
    Collected c = RunCollect(*source, [skip](int) { return std::make_unique<RejectingWorker>(skip); },
                             options);
    if (!skip) {
      ASSERT_FALSE(c.result.ok());
      EXPECT_EQ(c.result.status().message(), "'<memory>' line 2: has an x");
      continue;
    }
    ASSERT_TRUE(c.result.ok());
    EXPECT_EQ(c.output, "a\nc\n");
    EXPECT_EQ(c.result->skipped_lines, 2u);
    EXPECT_EQ(c.result->first_skipped_line, 2u);
    EXPECT_EQ(c.result->first_skip_reason, "has an x");
  }
}

TEST(PipelineTest, LineNumbersArriveInOrderWithinAWorkersChunk) {
  // Within one chunk a worker sees consecutive numbers; across all workers every number 1..L is
  // seen exactly once.
  const std::string input = NumberedLines(5000);
  std::mutex mu;
  std::vector<std::uint64_t> seen;
  class Recorder : public LineWorker {
   public:
    Recorder(std::mutex* mu, std::vector<std::uint64_t>* seen) : mu_(mu), seen_(seen) {}
    std::size_t ProcessLine(std::string_view, std::uint64_t n, std::string* out) override {
      std::lock_guard<std::mutex> lock(*mu_);
      seen_->push_back(n);
      out->append(std::to_string(n) + "\n");
      return 0;
    }

   private:
    std::mutex* mu_;
    std::vector<std::uint64_t>* seen_;
  };
  auto source = LineSource::FromBytes(input);
  BatchOptions options;
  options.jobs = 8;
  options.chunk_bytes = 100;
  Collected c = RunCollect(*source, [&](int) { return std::make_unique<Recorder>(&mu, &seen); },
                           options);
  ASSERT_TRUE(c.result.ok());
  std::sort(seen.begin(), seen.end());
  ASSERT_EQ(seen.size(), 5000u);
  for (std::size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i], i + 1);
  std::string want;
  for (int i = 1; i <= 5000; ++i) want += std::to_string(i) + "\n";
  EXPECT_EQ(c.output, want);
}

// ------------------------------------------------------------ the real workers, any jobs

// Generated text: sentences, fragments, ASCII, blanks, empty lines, \r\n, a few invalid bytes.
std::string GeneratedText(std::size_t target_bytes, unsigned seed) {
  static const char* const kPieces[] = {
      "今天上午，市政府召开新闻发布会，介绍了今年城市交通建设的最新进展。",
      "地铁三号线将于年底通车，沿线新建十二座车站，预计每天可以服务四十万名乘客。",
      "我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。",
      "这款手机采用了全新的处理器和更大容量的电池，续航时间比上一代产品提高了百分之三十。",
      "研究人员发现，每天坚持散步半小时可以明显降低心血管疾病的风险。",
      "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
      "我来到北京清华大学", "他来到了网易杭研大厦", "工信处女干事每月经过下属科室都要亲口交代",
      "The quick brown fox jumps over the lazy dog.", "C++ and Python3 on Linux x86_64, 12.3% 128.5",
      "  ", "\t", "，。！？", "😀👍🏽", "一二三四五六七八九十", "永和服装饰品有限公司",
      "结婚的和尚未结婚的", "南京市长江大桥", "\xff", "\xe4\xb8", "中华人民共和国", "a", "1",
  };
  std::mt19937 rng(seed);
  std::string s;
  while (s.size() < target_bytes) {
    const int pieces = static_cast<int>(rng() % 12);
    for (int i = 0; i < pieces; ++i) {
      std::size_t k = rng() % std::size(kPieces);
      // Invalid UTF-8 rarely.
      if ((k == 19 || k == 20) && rng() % 8 != 0) k = 0;
      s += kPieces[k];
    }
    s += (rng() % 10 == 0) ? "\r\n" : "\n";
  }
  return s;
}

struct KeywordModel {
  Segmenter segmenter{test::DefaultDictionary()};
  StopWords stop_words;
  TfidfExtractor extractor{segmenter, test::DefaultIdf(), stop_words};
};

const KeywordModel& Model() {
  static const KeywordModel* model = new KeywordModel();
  return *model;
}

// What a line of `kwx extract` shows.
struct KeywordOutput {
  std::int64_t top_k;
  bool with_weight;
  OutputFormat format;
};

WorkerFactory KeywordWorkers(const KeywordOutput& out) {
  KeywordOptions options;
  options.top_k = out.top_k;
  options.with_weight = out.with_weight;
  return KeywordWorkerFactory(Model().extractor, options, out.format);
}

// The workers of the factory run serially over the lines, without the pipeline.
std::string SerialOutput(const WorkerFactory& factory, const std::string& input) {
  std::unique_ptr<LineWorker> worker = factory(0);
  std::string out;
  std::uint64_t n = 0;
  for (const std::string& line : SplitLines(input)) worker->ProcessLine(line, ++n, &out);
  return out;
}

TEST(PipelineKeywordsTest, SameOutputForEveryNumberOfJobs) {
  const std::string input = GeneratedText(1 << 20, 7);
  const std::size_t nlines = SplitLines(input).size();
  const KeywordOutput outputs[] = {
      {20, false, OutputFormat::kText},
      {100, true, OutputFormat::kJsonl},
      {5, true, OutputFormat::kTsv},
  };
  for (const KeywordOutput& out : outputs) {
    WorkerFactory factory = KeywordWorkers(out);
    const std::string serial = SerialOutput(factory, input);
    ASSERT_FALSE(serial.empty());
    for (int jobs : {1, 2, 8}) {
      for (std::size_t chunk : {std::size_t{1} << 20, std::size_t{4096}, std::size_t{1}}) {
        if (chunk == 1 && jobs != 8) continue;
        SCOPED_TRACE("jobs=" + std::to_string(jobs) + " chunk_bytes=" + std::to_string(chunk) +
                     " format=" + std::to_string(static_cast<int>(out.format)));
        auto source = LineSource::FromBytes(input);
        BatchOptions options;
        options.jobs = jobs;
        options.chunk_bytes = chunk;
        Collected c = RunCollect(*source, factory, options);
        ASSERT_TRUE(c.result.ok()) << c.result.status().message();
        EXPECT_TRUE(c.output == serial) << "the output differs from the serial run";
        EXPECT_EQ(c.result->lines, nlines);
        EXPECT_GT(c.result->repaired_lines, 0u) << "the generated text has invalid UTF-8";
      }
    }
  }
}

TEST(PipelineKeywordsTest, KeywordLinesMatchTheExtractorDirectly) {
  const std::string input =
      "我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。\n\n"
      "我来到北京清华大学\r\n";
  auto source = LineSource::FromBytes(input);
  BatchOptions options;
  options.jobs = 2;
  Collected c = RunCollect(*source, KeywordWorkers({2, true, OutputFormat::kText}),
                           options);
  ASSERT_TRUE(c.result.ok());
  // jieba 0.42.1: extract_tags(..., topK=2, withWeight=True) (as in tests/cli/cli_test.py).
  EXPECT_EQ(c.output.substr(0, c.output.find('\n') + 1),
            "CEO:0.9195975002230768 升职:0.8350888626384615\n");
  EXPECT_EQ(std::count(c.output.begin(), c.output.end(), '\n'), 3);
  EXPECT_EQ(c.result->repaired_lines, 0u);
  EXPECT_EQ(c.result->first_repaired_line, 0u);
}

TEST(PipelineTokensTest, SameOutputForEveryNumberOfJobs) {
  const std::string input = GeneratedText(512 << 10, 11);
  TokenOutput out;
  out.mode = CutMode::kSearch;
  out.format = OutputFormat::kJsonl;
  WorkerFactory factory = TokenWorkerFactory(Model().segmenter, out);
  const std::string serial = SerialOutput(factory, input);
  for (int jobs : {1, 2, 8}) {
    SCOPED_TRACE("jobs=" + std::to_string(jobs));
    auto source = LineSource::FromBytes(input);
    BatchOptions options;
    options.jobs = jobs;
    options.chunk_bytes = 2048;
    Collected c = RunCollect(*source, factory, options);
    ASSERT_TRUE(c.result.ok());
    EXPECT_TRUE(c.output == serial);
  }
}

// A line longer than a window is cut and written a window at a time: the same line as the
// tokens of Segmenter::Cut written at once, in every mode and format.
TEST(PipelineTokensTest, ALineLongerThanAWindowIsWrittenAsAWhole) {
  std::string line;
  while (line.size() < 700000) line += GeneratedText(4096, static_cast<unsigned>(line.size()));
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  Workspace ws;
  std::vector<std::string_view> tokens;
  for (CutMode mode : {CutMode::kAccurate, CutMode::kFull, CutMode::kSearch}) {
    for (OutputFormat format : {OutputFormat::kText, OutputFormat::kJsonl}) {
      TokenOutput out;
      out.mode = mode;
      out.format = format;
      Model().segmenter.Cut(line, mode, true, ws, &tokens);
      std::string want;
      AppendTokens(tokens, format, out.delimiter, &want);
      auto source = LineSource::FromBytes(line);
      BatchOptions options;
      options.jobs = 1;
      Collected c = RunCollect(*source, TokenWorkerFactory(Model().segmenter, out), options);
      ASSERT_TRUE(c.result.ok());
      EXPECT_EQ(c.result->lines, 1u);
      EXPECT_TRUE(c.output == want) << "mode " << static_cast<int>(mode);
    }
  }
}

// -------------------------------------------------------------------------- back-pressure

// Wraps a source; at every Next, records how many chunks the reader is ahead of the sink.
class InstrumentedSource : public LineSource {
 public:
  InstrumentedSource(std::unique_ptr<LineSource> inner, const std::atomic<std::uint64_t>* written)
      : inner_(std::move(inner)), written_(written) {}
  bool Next(std::size_t target, Chunk* chunk, Status* status) override {
    const std::uint64_t started = ++calls_;  // this chunk included
    const std::uint64_t ahead = started - written_->load();
    std::uint64_t prev = max_ahead.load();
    while (ahead > prev && !max_ahead.compare_exchange_weak(prev, ahead)) {
    }
    return inner_->Next(target, chunk, status);
  }
  std::uint64_t size_hint() const override { return inner_->size_hint(); }
  const std::string& name() const override { return inner_->name(); }
  std::atomic<std::uint64_t> max_ahead{0};

 private:
  std::unique_ptr<LineSource> inner_;
  const std::atomic<std::uint64_t>* written_;
  std::atomic<std::uint64_t> calls_{0};
};

TEST(PipelineTest, BackPressureKeepsTheReaderAtMostMaxChunksAhead) {
  const std::string input = NumberedLines(150);
  struct Case {
    int jobs;
    std::size_t max_in_flight;  // 0: the default 2 * jobs + 2
    std::uint64_t bound;
  };
  for (Case k : {Case{2, 2, 2}, Case{8, 2, 2}, Case{8, 1, 1}, Case{2, 0, 6}, Case{8, 5, 5}}) {
    SCOPED_TRACE("jobs=" + std::to_string(k.jobs) + " max_chunks_in_flight=" +
                 std::to_string(k.max_in_flight));
    std::atomic<std::uint64_t> written{0};
    InstrumentedSource source(LineSource::FromBytes(input), &written);
    BatchOptions options;
    options.jobs = k.jobs;
    options.chunk_bytes = 1;
    options.max_chunks_in_flight = k.max_in_flight;
    std::string output;
    auto result = RunBatch(source, EchoFactory(), [&](std::string_view out) {
      std::this_thread::sleep_for(milliseconds(2));  // a slow sink
      output.append(out);
      ++written;
      return Status::Ok();
    }, options);
    ASSERT_TRUE(result.ok()) << result.status().message();
    EXPECT_EQ(output, EchoOf(SplitLines(input)));
    EXPECT_LE(source.max_ahead.load(), k.bound);
    EXPECT_GE(source.max_ahead.load(), std::min<std::uint64_t>(k.bound, 2))
        << "the reader should read ahead while the sink is slow";
  }
}

// ------------------------------------------------------------------------- who reads

// Wraps a source; records the threads that call Next.
class ThreadRecordingSource : public LineSource {
 public:
  explicit ThreadRecordingSource(std::unique_ptr<LineSource> inner) : inner_(std::move(inner)) {}
  bool Next(std::size_t target, Chunk* chunk, Status* status) override {
    {
      std::lock_guard<std::mutex> lock(mu);
      readers.insert(std::this_thread::get_id());
    }
    return inner_->Next(target, chunk, status);
  }
  std::uint64_t size_hint() const override { return inner_->size_hint(); }
  const std::string& name() const override { return inner_->name(); }
  std::mutex mu;
  std::set<std::thread::id> readers;

 private:
  std::unique_ptr<LineSource> inner_;
};

// Restricts the calling thread (and the threads it starts) to the first `cores` CPUs it may
// use; restores the previous set when destroyed. ok() is false if it could not.
class AffinityScope {
 public:
  explicit AffinityScope(int cores) {
    if (::sched_getaffinity(0, sizeof(saved_), &saved_) != 0) return;
    cpu_set_t set;
    CPU_ZERO(&set);
    int taken = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE && taken < cores; ++cpu) {
      if (CPU_ISSET(cpu, &saved_)) {
        CPU_SET(cpu, &set);
        ++taken;
      }
    }
    ok_ = taken == cores && ::sched_setaffinity(0, sizeof(set), &set) == 0;
  }
  ~AffinityScope() {
    if (ok_) ::sched_setaffinity(0, sizeof(saved_), &saved_);
  }
  bool ok() const { return ok_; }

 private:
  cpu_set_t saved_;
  bool ok_ = false;
};

// A reader thread of its own only when a core is left for it (jobs < cores); else the workers
// read. Either way the output is the same.
TEST(PipelineTest, ReadsOnItsOwnThreadOnlyWhenACoreIsSpare) {
  const std::string input = NumberedLines(2000);
  struct Case {
    int cores, jobs;
    bool reader_thread;
  };
  int tried = 0;
  for (Case k : {Case{1, 1, false}, Case{1, 2, false}, Case{2, 2, false}, Case{2, 1, true},
                 Case{3, 2, true}}) {
    SCOPED_TRACE("cores=" + std::to_string(k.cores) + " jobs=" + std::to_string(k.jobs));
    AffinityScope affinity(k.cores);
    if (!affinity.ok()) continue;  // fewer CPUs here
    ++tried;
    EXPECT_EQ(AvailableCores(), k.cores);
    std::mutex mu;
    std::set<std::thread::id> workers;
    WorkerFactory factory = [&](int index) -> std::unique_ptr<LineWorker> {
      std::lock_guard<std::mutex> lock(mu);
      workers.insert(std::this_thread::get_id());
      return std::make_unique<EchoWorker>(index);
    };
    ThreadRecordingSource source(LineSource::FromBytes(input));
    BatchOptions options;
    options.jobs = k.jobs;
    options.chunk_bytes = 256;  // many chunks
    Collected c = RunCollect(source, factory, options);
    ASSERT_TRUE(c.result.ok()) << c.result.status().message();
    EXPECT_EQ(c.output, EchoOf(SplitLines(input)));
    EXPECT_EQ(source.readers.count(std::this_thread::get_id()), 0u) << "the calling thread read";
    std::size_t by_workers = 0;
    for (std::thread::id t : source.readers) by_workers += workers.count(t);
    if (k.reader_thread) {
      EXPECT_EQ(source.readers.size(), 1u);
      EXPECT_EQ(by_workers, 0u) << "a worker read although a reader thread had a core";
    } else {
      EXPECT_EQ(by_workers, source.readers.size()) << "a thread other than the workers read";
    }
  }
  EXPECT_GE(tried, 1);
}

// ------------------------------------------------------------ huge lines, many tiny lines

// Reports each line's length and a checksum of its bytes.
class LengthWorker : public LineWorker {
 public:
  std::size_t ProcessLine(std::string_view line, std::uint64_t, std::string* out) override {
    std::uint64_t sum = 0;
    for (unsigned char ch : line) sum = sum * 31 + ch;
    out->append(std::to_string(line.size()) + " " + std::to_string(sum) + "\n");
    return 0;
  }
};

std::string LengthOf(std::string_view line) {
  std::uint64_t sum = 0;
  for (unsigned char ch : line) sum = sum * 31 + ch;
  return std::to_string(line.size()) + " " + std::to_string(sum) + "\n";
}

TEST(PipelineTest, OneFiftyMegabyteLineThroughAPipe) {
  std::string big(50'000'000, 'a');
  for (std::size_t i = 0; i < big.size(); i += 1000) big[i] = static_cast<char>('b' + (i / 1000) % 20);
  std::string input = "short\n" + big + "\r\ntail";  // no final newline
  const std::string want = LengthOf("short") + LengthOf(big) + LengthOf("tail");
  WorkerFactory factory = [](int) { return std::make_unique<LengthWorker>(); };
  for (int jobs : {1, 2}) {
    SCOPED_TRACE("jobs=" + std::to_string(jobs));
    PipeFeeder feeder(input);
    auto source = LineSource::FromFd(feeder.fd(), "pipe");
    BatchOptions options;
    options.jobs = jobs;
    Collected c = RunCollect(*source, factory, options);
    ASSERT_TRUE(c.result.ok()) << c.result.status().message();
    EXPECT_EQ(c.output, want);
    EXPECT_EQ(c.result->lines, 3u);
    EXPECT_EQ(c.result->bytes, input.size());
  }
  auto source = LineSource::FromBytes(input);
  BatchOptions options;
  options.jobs = 2;
  options.chunk_bytes = 1;
  Collected c = RunCollect(*source, factory, options);
  ASSERT_TRUE(c.result.ok());
  EXPECT_EQ(c.output, want);
}

// Copies each line to the output.
class CopyWorker : public LineWorker {
 public:
  std::size_t ProcessLine(std::string_view line, std::uint64_t, std::string* out) override {
    out->append(line);
    out->push_back('\n');
    return 0;
  }
};

TEST(PipelineTest, AMillionTinyLines) {
  std::string input;
  input.reserve(2'000'000);
  for (int i = 0; i < 1'000'000; ++i) {
    input.push_back(static_cast<char>('0' + i % 10));
    input.push_back('\n');
  }
  WorkerFactory factory = [](int) { return std::make_unique<CopyWorker>(); };
  struct Case {
    int jobs;
    std::size_t chunk;
    bool pipe;
  };
  for (Case k : {Case{2, 1 << 20, true}, Case{8, 4096, true}, Case{2, 64, false},
                 Case{8, 1 << 20, false}}) {
    SCOPED_TRACE("jobs=" + std::to_string(k.jobs) + " chunk=" + std::to_string(k.chunk) +
                 (k.pipe ? " pipe" : " memory"));
    std::unique_ptr<PipeFeeder> feeder;
    std::unique_ptr<LineSource> source;
    if (k.pipe) {
      feeder = std::make_unique<PipeFeeder>(input, 4096);
      source = LineSource::FromFd(feeder->fd(), "pipe");
    } else {
      source = LineSource::FromBytes(input);
    }
    BatchOptions options;
    options.jobs = k.jobs;
    options.chunk_bytes = k.chunk;
    Collected c = RunCollect(*source, factory, options);
    ASSERT_TRUE(c.result.ok());
    EXPECT_EQ(c.result->lines, 1'000'000u);
    EXPECT_EQ(c.result->bytes, input.size());
    EXPECT_TRUE(c.output == input);
    source.reset();
    feeder.reset();
  }
}

// ------------------------------------------------------------------------- cancellation

class CancelTest : public ::testing::TestWithParam<int> {};

TEST_P(CancelTest, CancelMidRunStopsPromptlyAndJoinsEveryThread) {
  const int jobs = GetParam();
  EndlessSource source(200);
  LifeCount life;
  std::atomic<bool> cancel{false};
  BatchOptions options;
  options.jobs = jobs;
  options.cancel = &cancel;
  std::atomic<std::uint64_t> sunk{0};
  Clock::time_point cancelled_at;
  std::thread canceller([&] {
    // Cancel once output has started flowing (or after 2 s).
    auto deadline = Clock::now() + std::chrono::seconds(2);
    while (sunk < 3 && Clock::now() < deadline) std::this_thread::sleep_for(milliseconds(1));
    cancelled_at = Clock::now();
    cancel = true;
  });
  auto result = RunBatch(source, CountedFactory(&life, 20), [&](std::string_view) {
    ++sunk;
    return Status::Ok();
  }, options);
  const auto returned_at = Clock::now();
  canceller.join();
  const double latency = std::chrono::duration<double>(returned_at - cancelled_at).count();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
  EXPECT_GT(sunk.load(), 0u);
  // Every worker object was destroyed, so every worker thread had finished.
  EXPECT_EQ(life.created.load(), jobs);
  EXPECT_EQ(life.destroyed.load(), jobs);
  // The reader thread has stopped: the source is not read any more.
  const std::uint64_t calls = source.calls.load();
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_EQ(source.calls.load(), calls);
  EXPECT_LT(latency, 5.0) << "cancellation took " << latency << " s";
}

INSTANTIATE_TEST_SUITE_P(Jobs, CancelTest, ::testing::Values(1, 2, 8));

TEST(PipelineCancelTest, CancelledBeforeTheStart) {
  EndlessSource source;
  std::atomic<bool> cancel{true};
  BatchOptions options;
  options.jobs = 2;
  options.cancel = &cancel;
  LifeCount life;
  auto result = RunBatch(source, CountedFactory(&life), [](std::string_view) { return Status::Ok(); },
                         options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
  EXPECT_EQ(life.destroyed.load(), life.created.load());
}

TEST(PipelineCancelTest, CancelWhileAWorkerIsInALongChunk) {
  // One chunk of 100k lines whose worker is slow: the run still stops soon after the flag.
  std::string input;
  for (int i = 0; i < 100000; ++i) input += "x\n";
  auto source = LineSource::FromBytes(input);
  std::atomic<bool> cancel{false};
  BatchOptions options;
  options.jobs = 2;
  options.cancel = &cancel;
  LifeCount life;
  std::thread canceller([&] {
    std::this_thread::sleep_for(milliseconds(200));
    cancel = true;
  });
  auto start = Clock::now();
  auto result = RunBatch(*source, CountedFactory(&life, 50),
                         [](std::string_view) { return Status::Ok(); }, options);
  const double seconds = SecondsSince(start);
  canceller.join();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
  EXPECT_EQ(life.destroyed.load(), life.created.load());
  EXPECT_LT(seconds, 3.0) << "a 100k-line chunk at 50 us per line would take 5 s";
}

// A source blocked in read() on a pipe (or a terminal) with no data must not hold up
// cancellation: `sleep 100 | kwx cut`, or `kwx cut` reading a terminal, must stop on Ctrl-C.
// Both ways of reading: a worker blocked in read() (no spare core) and the reader thread.
TEST(PipelineCancelTest, CancelWhileTheSourceWaitsOnAnIdlePipe) {
  struct Case {
    int cores, jobs;
  };
  for (Case k : {Case{1, 2}, Case{2, 1}}) {
    SCOPED_TRACE("cores=" + std::to_string(k.cores) + " jobs=" + std::to_string(k.jobs));
    AffinityScope affinity(k.cores);
    if (!affinity.ok()) continue;  // fewer CPUs here
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    ASSERT_EQ(::write(fds[1], "first line\n", 11), 11);  // one line, then the writer goes quiet
    auto source = LineSource::FromFd(fds[0], "idle pipe");
    std::atomic<bool> cancel{false};
    BatchOptions options;
    options.jobs = k.jobs;
    options.cancel = &cancel;
    std::atomic<bool> returned{false};
    std::thread canceller([&] {
      std::this_thread::sleep_for(milliseconds(200));
      cancel = true;
      // Watchdog: unblock the reader after 5 s so that the test ends either way.
      for (int i = 0; i < 500 && !returned; ++i) std::this_thread::sleep_for(milliseconds(10));
      ::close(fds[1]);
    });
    auto start = Clock::now();
    Collected c = RunCollect(*source, EchoFactory(), options);
    returned = true;
    const double seconds = SecondsSince(start);
    canceller.join();
    ASSERT_FALSE(c.result.ok());
    EXPECT_EQ(c.result.status().code(), StatusCode::kCancelled);
    EXPECT_LT(seconds, 2.0) << "RunBatch returned only when the pipe's writer closed it";
    ::close(fds[0]);
  }
}

// ----------------------------------------------------------------------------------- errors

TEST(PipelineErrorTest, SinkErrorStopsTheRunAndIsReturned) {
  for (int jobs : {1, 2, 8}) {
    SCOPED_TRACE("jobs=" + std::to_string(jobs));
    EndlessSource source(10);  // the run can only end by the error
    LifeCount life;
    BatchOptions options;
    options.jobs = jobs;
    int calls = 0;
    auto result = RunBatch(source, CountedFactory(&life), [&](std::string_view) {
      ++calls;
      return calls == 3 ? Status(StatusCode::kIoError, "cannot write 'x': No space left on device")
                        : Status::Ok();
    }, options);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), StatusCode::kIoError);
    EXPECT_EQ(result.status().message(), "cannot write 'x': No space left on device");
    EXPECT_EQ(calls, 3) << "the sink is not called again after it failed";
    EXPECT_EQ(life.destroyed.load(), life.created.load());
  }
}

// Gives `good` chunks of lines, then fails.
class FailingSource : public LineSource {
 public:
  explicit FailingSource(int good) : good_(good) {}
  bool Next(std::size_t, Chunk* chunk, Status* status) override {
    if (served_ >= good_) {
      *status = Status(StatusCode::kIoError, "cannot read 'flaky': Input/output error");
      return false;
    }
    ++served_;
    chunk->storage = "a\nb\n";
    chunk->lines = {std::string_view(chunk->storage).substr(0, 1),
                    std::string_view(chunk->storage).substr(2, 1)};
    chunk->bytes = 4;
    chunk->contiguous = true;
    return true;
  }
  const std::string& name() const override { return name_; }

 private:
  int good_;
  int served_ = 0;
  std::string name_ = "flaky";
};

TEST(PipelineErrorTest, SourceReadErrorIsReturned) {
  for (int good : {0, 1, 5}) {
    for (int jobs : {1, 8}) {
      SCOPED_TRACE("good chunks=" + std::to_string(good) + " jobs=" + std::to_string(jobs));
      FailingSource source(good);
      LifeCount life;
      BatchOptions options;
      options.jobs = jobs;
      Collected c = RunCollect(source, CountedFactory(&life), options);
      ASSERT_FALSE(c.result.ok());
      EXPECT_EQ(c.result.status().code(), StatusCode::kIoError);
      EXPECT_EQ(c.result.status().message(), "cannot read 'flaky': Input/output error");
      EXPECT_EQ(life.destroyed.load(), life.created.load());
    }
  }
  // A real read error: read() on a directory.
  test::TempDir dir;
  int fd = ::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(fd, 0);
  auto source = LineSource::FromFd(fd, "a-directory");
  BatchOptions options;
  options.jobs = 2;
  Collected c = RunCollect(*source, EchoFactory(), options);
  ASSERT_FALSE(c.result.ok());
  EXPECT_EQ(c.result.status().code(), StatusCode::kIoError);
  EXPECT_NE(c.result.status().message().find("a-directory"), std::string::npos);
  ::close(fd);
}

TEST(PipelineErrorTest, FactoryThatThrowsOrReturnsNullIsAnError) {
  for (int jobs : {1, 2, 8}) {
    for (int bad : {0, jobs - 1}) {
      for (bool throws : {true, false}) {
        SCOPED_TRACE("jobs=" + std::to_string(jobs) + " bad worker " + std::to_string(bad) +
                     (throws ? " throws" : " is null"));
        EndlessSource source(10);  // the run can only end by the error
        LifeCount life;
        WorkerFactory factory = [&](int index) -> std::unique_ptr<LineWorker> {
          if (index == bad) {
            if (throws) throw std::runtime_error("cannot connect to the database");
            return nullptr;
          }
          return std::make_unique<CountedWorker>(&life, 0);
        };
        BatchOptions options;
        options.jobs = jobs;
        Collected c = RunCollect(source, factory, options);
        ASSERT_FALSE(c.result.ok());
        if (throws) {
          EXPECT_NE(c.result.status().message().find("cannot connect to the database"),
                    std::string::npos)
              << c.result.status().message();
        } else {
          EXPECT_NE(c.result.status().message().find("null"), std::string::npos)
              << c.result.status().message();
        }
        EXPECT_EQ(life.destroyed.load(), life.created.load());
      }
    }
  }
}

TEST(PipelineErrorTest, WorkerThatThrowsIsAnError) {
  class Thrower : public LineWorker {
   public:
    std::size_t ProcessLine(std::string_view, std::uint64_t n, std::string* out) override {
      if (n == 1234) throw std::runtime_error("bad line");
      out->append("ok\n");
      return 0;
    }
  };
  for (int jobs : {1, 8}) {
    std::string input;
    for (int i = 0; i < 5000; ++i) input += "l\n";
    auto source = LineSource::FromBytes(input);
    BatchOptions options;
    options.jobs = jobs;
    options.chunk_bytes = 100;
    Collected c = RunCollect(*source, [](int) { return std::make_unique<Thrower>(); }, options);
    ASSERT_FALSE(c.result.ok());
    EXPECT_NE(c.result.status().message().find("bad line"), std::string::npos);
    // Nothing from line 1234's chunk or after was written.
    EXPECT_LT(std::count(c.output.begin(), c.output.end(), '\n'), 1234);
  }
}

// A factory or a worker that throws something not derived from std::exception (an int, a
// library's own exception type) ends the run with an error; it must not reach std::terminate.
TEST(PipelineErrorTest, NonStdExceptionsAreErrorsToo) {
  class ThrowsInt : public LineWorker {
   public:
    std::size_t ProcessLine(std::string_view, std::uint64_t, std::string*) override { throw 42; }
  };
  {
    auto source = LineSource::FromBytes("a\nb\n");
    BatchOptions options;
    options.jobs = 2;
    Collected c = RunCollect(*source, [](int) { return std::make_unique<ThrowsInt>(); }, options);
    ASSERT_FALSE(c.result.ok());
    EXPECT_FALSE(c.result.status().message().empty());
  }
  {
    auto source = LineSource::FromBytes("a\nb\n");
    BatchOptions options;
    options.jobs = 2;
    Collected c = RunCollect(*source, [](int) -> std::unique_ptr<LineWorker> { throw 42; }, options);
    ASSERT_FALSE(c.result.ok());
    EXPECT_FALSE(c.result.status().message().empty());
  }
}

// Strict UTF-8: the error is the first invalid line in input order, even when a later chunk's
// invalid line is found first.
TEST(PipelineErrorTest, StrictUtf8ReportsTheFirstInvalidLineInInputOrder) {
  std::vector<std::string> lines;
  for (int i = 1; i <= 300; ++i) lines.push_back("line " + std::to_string(i));
  lines[99] = "bad \xff here";   // line 100: byte 4 of the line
  lines[109] = "\xfe";           // line 110
  std::string input;
  for (const auto& l : lines) input += l + "\n";
  std::uint64_t offset100 = 0;
  for (int i = 0; i < 99; ++i) offset100 += lines[static_cast<std::size_t>(i)].size() + 1;
  offset100 += 4;

  // The worker of line 99 waits until a later line (112) was processed, so that line 110's chunk
  // (checked before 112's was taken) has failed while line 100's has not been written.
  struct Gate {
    std::mutex mu;
    std::condition_variable cv;
    bool later_done = false;
  };
  class SlowEarly : public LineWorker {
   public:
    explicit SlowEarly(Gate* gate) : gate_(gate) {}
    std::size_t ProcessLine(std::string_view line, std::uint64_t n, std::string* out) override {
      if (n == 99) {
        std::unique_lock<std::mutex> lock(gate_->mu);
        gate_->cv.wait_for(lock, std::chrono::seconds(3), [&] { return gate_->later_done; });
        lock.unlock();
        std::this_thread::sleep_for(milliseconds(50));
      }
      if (n == 112) {
        std::lock_guard<std::mutex> lock(gate_->mu);
        gate_->later_done = true;
        gate_->cv.notify_all();
      }
      out->append(std::to_string(n) + "\t" + std::string(line) + "\n");
      return 0;
    }

   private:
    Gate* gate_;
  };

  // (Not through a pipe: how a pipe's bytes fall into chunks depends on timing.)
  for (bool from_lines : {false, true}) {
    SCOPED_TRACE(from_lines ? "FromLines" : "FromBytes");
    Gate gate;
    std::vector<std::string_view> views(lines.begin(), lines.end());
    std::unique_ptr<LineSource> source =
        from_lines ? LineSource::FromLines(views) : LineSource::FromBytes(input);
    BatchOptions options;
    options.jobs = 8;
    options.chunk_bytes = 1;
    options.strict_utf8 = true;
    Collected c = RunCollect(*source, [&](int) { return std::make_unique<SlowEarly>(&gate); },
                             options);
    {
      std::lock_guard<std::mutex> lock(gate.mu);
      EXPECT_TRUE(gate.later_done) << "line 112 was never processed while line 99 was pending";
    }
    ASSERT_FALSE(c.result.ok());
    EXPECT_EQ(c.result.status().code(), StatusCode::kInvalidUtf8);
    const std::string& msg = c.result.status().message();
    EXPECT_NE(msg.find("line 100,"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("line 110"), std::string::npos) << msg;
    EXPECT_NE(msg.find("byte 4 of the line"), std::string::npos) << msg;
    if (!from_lines) {
      EXPECT_NE(msg.find("byte offset " + std::to_string(offset100)), std::string::npos) << msg;
    }
    EXPECT_EQ(msg.find('\n'), std::string::npos);
    // Everything before line 100 was written, nothing from it on.
    EXPECT_EQ(c.output, EchoOf(lines, 99));
  }
}

TEST(PipelineErrorTest, StrictUtf8FirstOfTwoInvalidLinesInOneChunk) {
  const std::string input = "ok\na\xffz\nfine\n\xc0\n";
  auto source = LineSource::FromBytes(input);
  BatchOptions options;
  options.jobs = 2;
  options.strict_utf8 = true;
  Collected c = RunCollect(*source, EchoFactory(), options);
  ASSERT_FALSE(c.result.ok());
  EXPECT_EQ(c.result.status().code(), StatusCode::kInvalidUtf8);
  EXPECT_NE(c.result.status().message().find("line 2,"), std::string::npos)
      << c.result.status().message();
  EXPECT_NE(c.result.status().message().find("byte offset 4"), std::string::npos)
      << c.result.status().message();

  // Valid input passes strict mode unchanged.
  auto ok_source = LineSource::FromBytes("我来到\n北京\n");
  Collected ok = RunCollect(*ok_source, EchoFactory(), options);
  ASSERT_TRUE(ok.result.ok());
  EXPECT_EQ(ok.output, "1\t我来到\n2\t北京\n");
}

// ----------------------------------------------------------------------- repaired lines

// Reports one repair per 0xFF byte.
class FfCounter : public LineWorker {
 public:
  explicit FfCounter(int index) : rng_(static_cast<unsigned>(index) + 99u) {}
  std::size_t ProcessLine(std::string_view line, std::uint64_t n, std::string* out) override {
    std::this_thread::sleep_for(std::chrono::microseconds(rng_() % 200));
    out->append(std::to_string(n) + "\n");
    return static_cast<std::size_t>(std::count(line.begin(), line.end(), '\xff'));
  }

 private:
  std::mt19937 rng_;
};

TEST(PipelineTest, RepairedLinesAreCountedAndTheFirstIsInInputOrder) {
  std::vector<std::string> lines(500, "fine");
  lines[36] = "\xff";          // line 37
  lines[37] = "\xff\xff";      // line 38 (counted once)
  lines[199] = "x\xff";        // line 200
  lines[498] = "\xff";         // line 499
  std::string input;
  for (const auto& l : lines) input += l + "\n";
  for (int jobs : {1, 2, 8}) {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{100}, std::size_t{1} << 20}) {
      SCOPED_TRACE("jobs=" + std::to_string(jobs) + " chunk=" + std::to_string(chunk));
      auto source = LineSource::FromBytes(input);
      BatchOptions options;
      options.jobs = jobs;
      options.chunk_bytes = chunk;
      Collected c = RunCollect(*source, [](int i) { return std::make_unique<FfCounter>(i); }, options);
      ASSERT_TRUE(c.result.ok());
      EXPECT_EQ(c.result->repaired_lines, 4u);
      EXPECT_EQ(c.result->first_repaired_line, 37u);
    }
  }
  auto clean = LineSource::FromBytes("a\nb\n");
  BatchOptions options;
  Collected c = RunCollect(*clean, [](int i) { return std::make_unique<FfCounter>(i); }, options);
  ASSERT_TRUE(c.result.ok());
  EXPECT_EQ(c.result->repaired_lines, 0u);
  EXPECT_EQ(c.result->first_repaired_line, 0u);
}

TEST(PipelineTest, RepairedLinesWithTheKeywordWorkers) {
  // Lines 2 and 4 are not UTF-8 (as in tests/cli/cli_test.py, for kwx cut).
  const std::string input = "ok\n\xe4\xb8\nfine\n\xffx\xed\xa0\x80\n中文\n";
  for (int jobs : {1, 8}) {
    auto source = LineSource::FromBytes(input);
    BatchOptions options;
    options.jobs = jobs;
    options.chunk_bytes = 1;
    Collected c = RunCollect(*source, KeywordWorkers({20, false, OutputFormat::kJsonl}),
                             options);
    ASSERT_TRUE(c.result.ok());
    EXPECT_EQ(c.result->repaired_lines, 2u);
    EXPECT_EQ(c.result->first_repaired_line, 2u);
    EXPECT_EQ(c.result->lines, 5u);
  }
}

// ------------------------------------------------------------------------------ progress

TEST(PipelineTest, ProgressIsReportedOnTheCallingThread) {
  const std::string input = NumberedLines(400);
  auto source = LineSource::FromBytes(input);
  BatchOptions options;
  options.jobs = 2;
  options.chunk_bytes = 16;
  options.progress_interval_seconds = 0;
  std::vector<BatchProgress> seen;
  bool wrong_thread = false;
  const auto me = std::this_thread::get_id();
  options.progress = [&](const BatchProgress& p) {
    if (std::this_thread::get_id() != me) wrong_thread = true;
    seen.push_back(p);
  };
  Collected c = RunCollect(*source, EchoFactory(), options);
  ASSERT_TRUE(c.result.ok());
  EXPECT_FALSE(wrong_thread);
  ASSERT_FALSE(seen.empty());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].total_bytes, input.size());
    EXPECT_LE(seen[i].bytes, input.size());
    EXPECT_LE(seen[i].lines, 400u);
    if (i > 0) {
      EXPECT_GE(seen[i].lines, seen[i - 1].lines);
      EXPECT_GE(seen[i].bytes, seen[i - 1].bytes);
      EXPECT_GE(seen[i].seconds, seen[i - 1].seconds);
    }
  }
}

// ------------------------------------------------ per-worker results at the end (Finish)

// Counts its lines and, at the end, adds them to a shared total under a lock: how a job merges
// per-worker results (the IDF builder's document counts).
struct LineCounts {
  std::mutex mu;
  std::uint64_t total = 0;
  int finished = 0;
  std::atomic<int> wrong_thread{0};
  std::atomic<int> after_finish{0};
};

WorkerFactory CountingWorkers(LineCounts* counts, int failing_worker = -1) {
  return TaskWorkerFactory([counts, failing_worker](int index) {
    struct State {
      std::uint64_t lines = 0;
      bool done = false;
      std::thread::id thread = std::this_thread::get_id();
    };
    auto state = std::make_shared<State>();
    LineTask task;
    task.process = [state, counts](std::string_view, const DocumentId&, Workspace&, std::string* out,
                                   const OutputFlush&) {
      if (std::this_thread::get_id() != state->thread) ++counts->wrong_thread;
      if (state->done) ++counts->after_finish;
      ++state->lines;
      out->push_back('\n');
    };
    task.finish = [state, counts, index, failing_worker] {
      if (std::this_thread::get_id() != state->thread) ++counts->wrong_thread;
      state->done = true;
      if (index == failing_worker) return Status(StatusCode::kDataError, "worker merge failed");
      std::lock_guard<std::mutex> lock(counts->mu);
      counts->total += state->lines;
      ++counts->finished;
      return Status::Ok();
    };
    return task;
  });
}

TEST(PipelineFinishTest, EveryWorkerReportsOnceOnItsThreadAfterItsLines) {
  const std::string input = GeneratedText(256 << 10, 3);
  const std::size_t nlines = SplitLines(input).size();
  for (int jobs : {1, 2, 8}) {
    SCOPED_TRACE("jobs=" + std::to_string(jobs));
    LineCounts counts;
    auto source = LineSource::FromBytes(input);
    BatchOptions options;
    options.jobs = jobs;
    options.chunk_bytes = 4096;
    Collected c = RunCollect(*source, CountingWorkers(&counts), options);
    ASSERT_TRUE(c.result.ok()) << c.result.status().message();
    EXPECT_EQ(c.output.size(), nlines);
    EXPECT_EQ(counts.total, nlines);  // the merged per-worker counts
    EXPECT_EQ(counts.finished, jobs);  // every worker, even one that got no chunk
    EXPECT_EQ(counts.wrong_thread, 0);
    EXPECT_EQ(counts.after_finish, 0);
  }
}

TEST(PipelineFinishTest, AFailingFinishFailsTheRun) {
  const std::string input = GeneratedText(64 << 10, 4);
  for (int jobs : {1, 2}) {
    LineCounts counts;
    auto source = LineSource::FromBytes(input);
    BatchOptions options;
    options.jobs = jobs;
    Collected c = RunCollect(*source, CountingWorkers(&counts, /*failing_worker=*/0), options);
    ASSERT_FALSE(c.result.ok());
    EXPECT_EQ(c.result.status().code(), StatusCode::kDataError);
    EXPECT_NE(c.result.status().message().find("worker merge failed"), std::string::npos);
  }
}

// A run that stops before the end of its input (here the sink fails on the first chunk, with at
// most two chunks read ahead) reports no per-worker results.
TEST(PipelineFinishTest, NoFinishWhenTheRunStopsEarly) {
  const std::string input = GeneratedText(512 << 10, 5);
  for (int jobs : {1, 2}) {
    LineCounts counts;
    auto source = LineSource::FromBytes(input);
    BatchOptions options;
    options.jobs = jobs;
    options.chunk_bytes = 4096;
    options.max_chunks_in_flight = 2;
    auto result = RunBatch(*source, CountingWorkers(&counts),
                           [](std::string_view) { return Status(StatusCode::kIoError, "disk full"); },
                           options);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().message(), "disk full");
    EXPECT_EQ(counts.finished, 0);
  }
}

// ------------------------------------------- output handed over in pieces (OutputFlush)

// Writes each line's output in `pieces` pieces, offering each to the writer, as a worker with a
// huge output per line does; sometimes after a short random sleep, or as fast as it can while
// counting the bytes it produced.
class PieceWorker final : public LineWorker {
 public:
  PieceWorker(int index, int pieces, std::atomic<std::size_t>* produced = nullptr)
      : rng_(static_cast<unsigned>(index) + 17u), pieces_(pieces), produced_(produced) {}
  std::size_t ProcessLine(std::string_view line, std::uint64_t n, std::string* out) override {
    for (int i = 0; i < pieces_; ++i) {
      if (produced_ == nullptr && rng_() % 16 == 0) {
        std::this_thread::sleep_for(std::chrono::microseconds(rng_() % 300));
      }
      out->append(std::to_string(n)).append(":").append(std::to_string(i)).append(":");
      const std::size_t before = out->size();
      out->append(line).append(std::string(500, 'x')).push_back('\n');
      if (produced_ != nullptr) *produced_ += out->size() - before + std::to_string(n).size() + 2 + std::to_string(i).size();
      flush_output();
    }
    return 0;
  }

 private:
  std::mt19937 rng_;
  int pieces_;
  std::atomic<std::size_t>* produced_;
};

std::string PiecesOf(const std::vector<std::string>& lines, int pieces) {
  std::string s;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    for (int i = 0; i < pieces; ++i) {
      s += std::to_string(n + 1) + ":" + std::to_string(i) + ":" + lines[n] + std::string(500, 'x') + "\n";
    }
  }
  return s;
}

TEST(PipelineFlushTest, PiecesAreWrittenInOrderAsTheyCome) {
  const std::string input = NumberedLines(300);
  const std::vector<std::string> lines = SplitLines(input);
  const std::string want = PiecesOf(lines, 20);
  for (int jobs : {1, 2, 8}) {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{4096}, std::size_t{1} << 20}) {
      SCOPED_TRACE("jobs=" + std::to_string(jobs) + " chunk=" + std::to_string(chunk));
      auto source = LineSource::FromBytes(input);
      BatchOptions options;
      options.jobs = jobs;
      options.chunk_bytes = chunk;
      Collected c = RunCollect(*source, [](int i) { return std::make_unique<PieceWorker>(i, 20); },
                               options);
      ASSERT_TRUE(c.result.ok()) << c.result.status().message();
      EXPECT_TRUE(c.output == want) << "the pieces are out of order or lost";
      EXPECT_EQ(c.result->lines, lines.size());
      if (jobs == 1 && chunk == (std::size_t{1} << 20)) {
        // One chunk, the writer's from the start: its output went out piece by piece.
        EXPECT_GT(c.sink_calls, 1000u);
      }
    }
  }
}

TEST(PipelineFlushTest, ASlowSinkHoldsTheWorkerBack) {
  // A 40 MB output for one line through a sink that takes its time: the worker never gets more
  // than a few MB (OfferOutput's limit, 8 MB, plus a piece) ahead of what the sink received.
  const std::string line(1000, 'y');
  const std::string input = line + "\n";  // FromBytes does not copy: it must outlive the run
  auto source = LineSource::FromBytes(input);
  std::atomic<std::size_t> produced{0};
  std::size_t written = 0, calls = 0, most_ahead = 0;
  BatchOptions options;
  options.jobs = 1;
  auto worker = [&produced](int i) { return std::make_unique<PieceWorker>(i, 26000, &produced); };
  auto result = RunBatch(*source, worker, [&](std::string_view out) {
    if (calls == 0) {
      // Holds the first piece until the worker stops producing (or 10 s pass): whatever the
      // machine's speed, the worker then stands at the limit, not wherever the sink let it get.
      std::size_t last = produced.load();
      for (int i = 0; i < 1000; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        const std::size_t now = produced.load();
        if (now == last && now > (std::size_t{1} << 20)) break;
        last = now;
      }
    }
    most_ahead = std::max(most_ahead, produced.load() - written);
    written += out.size();
    if (++calls % 50 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return Status::Ok();
  }, options);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(written, PiecesOf({line}, 26000).size());
  EXPECT_EQ(produced.load(), written);
  EXPECT_LT(most_ahead, std::size_t{10} << 20);
  EXPECT_GT(most_ahead, std::size_t{1} << 20);  // the limit, not the sink, was what held it back
}

}  // namespace
}  // namespace kwx
