// LineSource (src/batch/line_source.cc): how the batch pipeline splits its input into lines and
// chunks. The CLI's documented rule: split at '\n'; a '\r' right before a '\n' is dropped, a lone
// '\r' is kept; a last line without '\n' is a line; empty input has no lines. Every source
// (bytes in memory, a file descriptor on a pipe or a regular file, OpenFile, a list of lines)
// must give the same lines for every chunk size.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "testdata/pipe_feeder.h"
#include "kwx/batch.h"
#include "testdata/test_support.h"

namespace kwx {
namespace {

using Lines = std::vector<std::string>;

// The reference split, written independently of the implementation.
Lines ReferenceSplit(std::string_view bytes) {
  Lines lines;
  std::string cur;
  bool open = false;  // some bytes of a line not yet ended
  for (char c : bytes) {
    if (c == '\n') {
      if (!cur.empty() && cur.back() == '\r') cur.pop_back();
      lines.push_back(cur);
      cur.clear();
      open = false;
    } else {
      cur.push_back(c);
      open = true;
    }
  }
  if (open) lines.push_back(cur);
  return lines;
}

struct Drained {
  Lines lines;
  std::uint64_t bytes = 0;   // sum of chunk.bytes
  std::size_t chunks = 0;
  Status status;
};

// Calls Next until it returns false; checks the per-chunk invariants on the way.
Drained Drain(LineSource& source, std::size_t target_bytes) {
  Drained d;
  LineSource::Chunk chunk;
  chunk.storage = "stale bytes";  // Next replaces the chunk
  chunk.lines = {"stale"};
  while (source.Next(target_bytes, &chunk, &d.status)) {
    EXPECT_TRUE(d.status.ok());
    EXPECT_FALSE(chunk.lines.empty()) << "a chunk holds at least one line";
    EXPECT_GT(chunk.bytes, 0u);
    for (std::string_view l : chunk.lines) d.lines.emplace_back(l);
    d.bytes += chunk.bytes;
    ++d.chunks;
    if (d.chunks > 100000000) break;  // runaway guard
  }
  // The end is sticky.
  Status again;
  EXPECT_FALSE(source.Next(target_bytes, &chunk, &again));
  EXPECT_EQ(again.ok(), d.status.ok());
  return d;
}

using test::PipeFeeder;

// The lines of `input` through every kind of source, at the given chunk size.
void ExpectAllSourcesSplit(const std::string& input, std::size_t target, const Lines& want) {
  SCOPED_TRACE("target_bytes=" + std::to_string(target) + " input of " +
               std::to_string(input.size()) + " bytes");
  {
    SCOPED_TRACE("FromBytes");
    auto src = LineSource::FromBytes(input);
    Drained d = Drain(*src, target);
    EXPECT_TRUE(d.status.ok());
    EXPECT_EQ(d.lines, want);
    EXPECT_EQ(d.bytes, input.size());
  }
  for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 16}) {
    if (piece == 1 && input.size() > 4096) continue;  // byte-by-byte writes only for small inputs
    SCOPED_TRACE("FromFd(pipe), writes of " + std::to_string(piece));
    PipeFeeder feeder(input, piece);
    auto src = LineSource::FromFd(feeder.fd(), "pipe");
    Drained d = Drain(*src, target);
    EXPECT_TRUE(d.status.ok()) << d.status.message();
    EXPECT_EQ(d.lines, want);
    EXPECT_EQ(d.bytes, input.size());
  }
  test::TempDir dir;
  const std::string path = dir.Write("in.txt", input);
  {
    SCOPED_TRACE("OpenFile");
    auto src = LineSource::OpenFile(path);
    ASSERT_TRUE(src.ok()) << src.status().message();
    EXPECT_EQ((*src)->size_hint(), input.size());
    Drained d = Drain(**src, target);
    EXPECT_TRUE(d.status.ok());
    EXPECT_EQ(d.lines, want);
    EXPECT_EQ(d.bytes, input.size());
  }
  {
    SCOPED_TRACE("FromFd(regular file)");
    int fd = ::open(path.c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    auto src = LineSource::FromFd(fd, "file");
    EXPECT_EQ(src->size_hint(), input.size());
    Drained d = Drain(*src, target);
    EXPECT_EQ(d.lines, want);
    src.reset();
    // FromFd does not close the descriptor.
    EXPECT_EQ(::fcntl(fd, F_GETFD), 0) << "the fd was closed by the source";
    ::close(fd);
  }
  {
    SCOPED_TRACE("FromLines");
    std::vector<std::string_view> views(want.begin(), want.end());
    auto src = LineSource::FromLines(views);
    Drained d = Drain(*src, target);
    EXPECT_EQ(d.lines, want);
  }
}

struct SplitCase {
  const char* name;
  std::string input;
  Lines want;
};

class LineSplitTest : public ::testing::TestWithParam<std::size_t> {};

const std::vector<SplitCase>& SplitCases() {
  static const std::vector<SplitCase> cases = {
      {"empty input has no lines", "", {}},
      {"a lone newline is one empty line", "\n", {""}},
      {"no final newline", "a\nb", {"a", "b"}},
      {"one line without newline", "abc", {"abc"}},
      {"final newline", "a\nb\n", {"a", "b"}},
      {"only newlines", "\n\n\n", {"", "", ""}},
      {"crlf dropped", "ab\r\ncd\r\n", {"ab", "cd"}},
      {"crlf alone", "\r\n", {""}},
      {"lone cr kept", "a\rb\n", {"a\rb"}},
      {"cr at the end without newline kept", "a\r", {"a\r"}},
      {"lone cr as the whole input", "\r", {"\r"}},
      {"only one cr dropped", "a\r\r\n", {"a\r"}},
      {"cr after newline", "a\n\rb", {"a", "\rb"}},
      {"empty lines between", "x\n\n\r\ny\n", {"x", "", "", "y"}},
      {"NUL is a character", std::string("a\0b\n\0\n", 6), {std::string("a\0b", 3), std::string("\0", 1)}},
      {"invalid UTF-8 kept raw", "\xff\xfe\n\xe4\xb8\n", {"\xff\xfe", "\xe4\xb8"}},
      {"chinese", "我来到北京\r\n清华大学", {"我来到北京", "清华大学"}},
  };
  return cases;
}

TEST_P(LineSplitTest, AllSourcesAgreeWithTheDocumentedRule) {
  const std::size_t target = GetParam();
  for (const SplitCase& c : SplitCases()) {
    SCOPED_TRACE(c.name);
    ASSERT_EQ(ReferenceSplit(c.input), c.want) << "the reference split itself";
    ExpectAllSourcesSplit(c.input, target, c.want);
  }
}

INSTANTIATE_TEST_SUITE_P(ChunkSizes, LineSplitTest,
                         ::testing::Values(std::size_t{0}, std::size_t{1}, std::size_t{2},
                                           std::size_t{3}, std::size_t{64},
                                           std::size_t{1} << 20));

TEST(LineSourceTest, RandomInputsAgreeAcrossSourcesAndChunkSizes) {
  std::mt19937 rng(12345);
  const std::string alphabet[] = {"\n", "\r", "\r\n", "a", "bc", "中", "\xff", " "};
  for (int round = 0; round < 60; ++round) {
    std::string input;
    const int n = static_cast<int>(rng() % (round < 40 ? 40 : 3000));
    for (int i = 0; i < n; ++i) input += alphabet[rng() % std::size(alphabet)];
    const Lines want = ReferenceSplit(input);
    const std::size_t target = 1 + rng() % 97;
    SCOPED_TRACE("round " + std::to_string(round));
    ExpectAllSourcesSplit(input, target, want);
  }
}

TEST(LineSourceTest, ChunksAreWholeLinesOfAboutTheTargetSize) {
  std::string input;
  for (int i = 0; i < 1000; ++i) input += "line " + std::to_string(i) + "\n";
  for (std::size_t target : {1u, 10u, 100u, 1000u}) {
    auto src = LineSource::FromBytes(input);
    LineSource::Chunk chunk;
    Status status;
    std::size_t chunks = 0, lines = 0;
    while (src->Next(target, &chunk, &status)) {
      ++chunks;
      lines += chunk.lines.size();
      EXPECT_TRUE(chunk.contiguous);
      // A chunk of memory bytes points into the caller's buffer (not copied) ...
      EXPECT_GE(chunk.lines.front().data(), input.data());
      EXPECT_LE(chunk.lines.back().data() + chunk.lines.back().size(), input.data() + input.size());
      // ... ends at a line end, and is at least the target unless the input ended.
      const char* end = chunk.lines.back().data() + chunk.lines.back().size();
      EXPECT_EQ(*end, '\n');
      if (end + 1 != input.data() + input.size()) {
        EXPECT_GE(chunk.bytes, target);
        // Not much more than the target: at most the target plus one line (lines are <= 9 bytes).
        EXPECT_LE(chunk.bytes, target + 9);
      }
    }
    EXPECT_EQ(lines, 1000u);
    if (target == 1) {
      EXPECT_EQ(chunks, 1000u);
    }
  }
}

TEST(LineSourceTest, FromLinesTakesLinesWholeEvenWithNewlines) {
  std::vector<std::string_view> lines = {"a\nb", "", "c\r\n", "\r"};
  auto src = LineSource::FromLines(lines);
  Drained d = Drain(*src, 1);
  EXPECT_EQ(d.lines, (Lines{"a\nb", "", "c\r\n", "\r"}));
  EXPECT_EQ(d.chunks, 4u);
  EXPECT_GT(src->size_hint(), 0u);
  auto empty = LineSource::FromLines({});
  EXPECT_EQ(Drain(*empty, 1).lines, Lines{});
  // Lines are not copied.
  LineSource::Chunk chunk;
  Status status;
  auto src2 = LineSource::FromLines(lines);
  ASSERT_TRUE(src2->Next(1 << 20, &chunk, &status));
  ASSERT_EQ(chunk.lines.size(), 4u);
  EXPECT_EQ(chunk.lines[0].data(), lines[0].data());
  EXPECT_FALSE(chunk.contiguous);
}

TEST(LineSourceTest, SizeHintAndName) {
  EXPECT_EQ(LineSource::FromBytes("abc\n")->size_hint(), 4u);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  auto pipe_src = LineSource::FromFd(fds[0], "the pipe");
  EXPECT_EQ(pipe_src->size_hint(), 0u) << "a pipe's size is unknown";
  EXPECT_EQ(pipe_src->name(), "the pipe");
  ::close(fds[1]);
  EXPECT_EQ(Drain(*pipe_src, 10).lines, Lines{});
  pipe_src.reset();
  ::close(fds[0]);

  test::TempDir dir;
  std::string path = dir.Write("named.txt", "x\ny\n");
  auto file = LineSource::OpenFile(path);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ((*file)->name(), path);
  EXPECT_EQ((*file)->size_hint(), 4u);
  auto stdin_src = LineSource::OpenFile("-");
  ASSERT_TRUE(stdin_src.ok());
  EXPECT_FALSE((*stdin_src)->name().empty());
}

TEST(LineSourceTest, OpenFileErrorsNameThePath) {
  test::TempDir dir;
  const std::string missing = dir.path() + "/no-such-file.txt";
  auto r = LineSource::OpenFile(missing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find(missing), std::string::npos) << r.status().message();

  auto d = LineSource::OpenFile(dir.path());
  ASSERT_FALSE(d.ok()) << "a directory is not an input";
  EXPECT_EQ(d.status().code(), StatusCode::kIoError);
  EXPECT_NE(d.status().message().find(dir.path()), std::string::npos) << d.status().message();
  EXPECT_EQ(d.status().message().find('\n'), std::string::npos) << "one line";

  const std::string below_file = dir.Write("f.txt", "x") + "/sub.txt";
  auto nd = LineSource::OpenFile(below_file);
  ASSERT_FALSE(nd.ok());
  EXPECT_NE(nd.status().message().find(below_file), std::string::npos);

  if (::geteuid() != 0) {
    const std::string secret = dir.Write("secret.txt", "x\n");
    ::chmod(secret.c_str(), 0);
    auto p = LineSource::OpenFile(secret);
    ASSERT_FALSE(p.ok());
    EXPECT_NE(p.status().message().find(secret), std::string::npos);
  }
}

TEST(LineSourceTest, ReadErrorIsReportedWithTheNameAndSticks) {
  test::TempDir dir;
  int fd = ::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(fd, 0);
  auto src = LineSource::FromFd(fd, "my-directory");  // read() fails with EISDIR
  LineSource::Chunk chunk;
  Status status;
  EXPECT_FALSE(src->Next(1 << 20, &chunk, &status));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_NE(status.message().find("my-directory"), std::string::npos) << status.message();
  Status again;
  EXPECT_FALSE(src->Next(1 << 20, &chunk, &again));
  EXPECT_FALSE(again.ok()) << "the error sticks";
  src.reset();
  ::close(fd);
}

// A pipe source hands over the lines it has as soon as the writer pauses: a slow producer's lines
// are not held back until a whole chunk (1 MB) has arrived. (Streaming: `tail -f log | kwx cut`.)
TEST(LineSourceTest, PipeLinesAreNotHeldBackWaitingForAFullChunk) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::atomic<bool> got_first{false};
  std::atomic<bool> writer_gave_up{false};
  std::thread writer([&] {
    ASSERT_EQ(::write(fds[1], "first\nsecond\npart", 17), 17);
    // Wait (at most 5 s) for the reader to receive the first lines before sending more.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!got_first && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    writer_gave_up = !got_first;
    ASSERT_EQ(::write(fds[1], "ial\nlast", 8), 8);
    ::close(fds[1]);
  });
  auto src = LineSource::FromFd(fds[0], "slow pipe");
  LineSource::Chunk chunk;
  Status status;
  ASSERT_TRUE(src->Next(1 << 20, &chunk, &status));
  got_first = true;
  EXPECT_EQ(test::ToStrings(chunk.lines), (Lines{"first", "second"}));
  Lines rest;
  while (src->Next(1 << 20, &chunk, &status)) {
    for (auto l : chunk.lines) rest.emplace_back(l);
  }
  writer.join();
  EXPECT_FALSE(writer_gave_up) << "the first Next waited for more than the available lines";
  EXPECT_EQ(rest, (Lines{"partial", "last"}));
  ::close(fds[0]);
}

TEST(LineSourceTest, HugeLineThroughAPipe) {
  // 8 MB in one line, between two short ones, with a tiny target: the line is one chunk.
  std::string big(8 << 20, 'x');
  for (std::size_t i = 0; i < big.size(); i += 4096) big[i] = 'y';
  std::string input = "a\n" + big + "\r\nb";
  PipeFeeder feeder(input, 1 << 16);
  auto src = LineSource::FromFd(feeder.fd(), "pipe");
  LineSource::Chunk chunk;
  Status status;
  std::vector<std::size_t> sizes;
  bool found = false;
  while (src->Next(1, &chunk, &status)) {
    for (auto l : chunk.lines) {
      sizes.push_back(l.size());
      if (l.size() == big.size()) found = l == big;
    }
  }
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1, big.size(), 1}));
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace kwx
