#include "util/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "kwx/status.h"

namespace kwx::internal {
namespace {

struct ReadResult {
  std::vector<std::string> lines;
  Status status;
  std::uint64_t line_number = 0;
  std::uint64_t bytes_consumed = 0;
};

ReadResult ReadAll(LineReader* reader) {
  ReadResult result;
  std::string_view line;
  while (reader->Next(&line, &result.status)) {
    EXPECT_TRUE(result.status.ok());
    result.lines.emplace_back(line);
    EXPECT_EQ(reader->line_number(), result.lines.size());
  }
  result.line_number = reader->line_number();
  result.bytes_consumed = reader->bytes_consumed();
  // End of input is sticky.
  Status again;
  EXPECT_FALSE(reader->Next(&line, &again));
  EXPECT_EQ(again.ok(), result.status.ok());
  return result;
}

// Feeds `data` through a pipe in writes of at most `chunk` bytes, from another thread, so the
// reader sees short reads; reads it with a buffer of `buffer_size` bytes.
ReadResult ReadThroughPipe(const std::string& data, std::size_t chunk, std::size_t buffer_size) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  std::thread writer([&data, chunk, fd = fds[1]] {
    std::size_t done = 0;
    while (done < data.size()) {
      const std::size_t n = std::min(chunk, data.size() - done);
      const ssize_t w = ::write(fd, data.data() + done, n);
      if (w <= 0) break;
      done += static_cast<std::size_t>(w);
    }
    ::close(fd);
  });
  LineReader reader(fds[0], "pipe", /*owns_fd=*/true, buffer_size);
  ReadResult result = ReadAll(&reader);
  writer.join();
  return result;
}

class TempDir {
 public:
  TempDir() {
    std::string templ = testing::TempDir() + "kwx_line_reader_XXXXXX";
    path_ = ::mkdtemp(templ.data());
    EXPECT_FALSE(path_.empty());
  }
  ~TempDir() {
    for (const std::string& f : files_) ::unlink(f.c_str());
    ::rmdir(path_.c_str());
  }
  std::string Write(const std::string& name, const std::string& data) {
    const std::string file = path_ + "/" + name;
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(::write(fd, data.data(), data.size()), static_cast<ssize_t>(data.size()));
    ::close(fd);
    files_.push_back(file);
    return file;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::vector<std::string> files_;
};

struct LineCase {
  std::string input;
  std::vector<std::string> lines;
};

const std::vector<LineCase>& LineCases() {
  static const auto* const kCases = new std::vector<LineCase>{
      {"", {}},
      {"abc", {"abc"}},
      {"abc\n", {"abc"}},
      {"\n", {""}},
      {"\r\n", {""}},
      {"a\r", {"a\r"}},  // the '\r' is not before a '\n', so it stays
      {"\r", {"\r"}},
      {"a\r\r\n", {"a\r"}},  // only the one '\r' right before '\n' goes
      {"a\rb\n", {"a\rb"}},
      {"a\nb", {"a", "b"}},
      {"a\n\nb\n", {"a", "", "b"}},
      {"\n\n", {"", ""}},
      {"\r\n\r\n", {"", ""}},
      {"one\r\ntwo\nthree", {"one", "two", "three"}},
      {"\xe4\xb8\xad\xe6\x96\x87\n\xff\xfe\n", {"\xe4\xb8\xad\xe6\x96\x87", "\xff\xfe"}},
      {std::string("a\0b\n\0", 5), {std::string("a\0b", 3), std::string("\0", 1)}},
  };
  return *kCases;
}

TEST(LineReaderTest, LineCasesThroughPipes) {
  for (const LineCase& c : LineCases()) {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{4096}}) {
      for (std::size_t buffer : {std::size_t{1}, std::size_t{2}, std::size_t{5},
                                 LineReader::kDefaultBufferSize}) {
        SCOPED_TRACE(testing::PrintToString(c.input) + " chunk " + std::to_string(chunk) +
                     " buffer " + std::to_string(buffer));
        const ReadResult r = ReadThroughPipe(c.input, chunk, buffer);
        EXPECT_TRUE(r.status.ok()) << r.status.message();
        EXPECT_EQ(r.lines, c.lines);
        EXPECT_EQ(r.line_number, c.lines.size());
        EXPECT_EQ(r.bytes_consumed, c.input.size());
      }
    }
  }
}

TEST(LineReaderTest, LineCasesThroughFiles) {
  TempDir dir;
  int i = 0;
  for (const LineCase& c : LineCases()) {
    const std::string path = dir.Write("case" + std::to_string(i++), c.input);
    StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(path);
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    EXPECT_EQ((*reader)->name(), path);
    const ReadResult r = ReadAll(reader->get());
    EXPECT_TRUE(r.status.ok());
    EXPECT_EQ(r.lines, c.lines) << testing::PrintToString(c.input);
  }
}

TEST(LineReaderTest, BytesConsumedTracksEachLine) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const std::string data = "ab\r\ncd\n\nxyz";
  ASSERT_EQ(::write(fds[1], data.data(), data.size()), static_cast<ssize_t>(data.size()));
  ::close(fds[1]);
  LineReader reader(fds[0], "pipe", true);
  std::string_view line;
  Status status;
  const std::uint64_t want_bytes[] = {4, 7, 8, 11};
  const std::string_view want_lines[] = {"ab", "cd", "", "xyz"};
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(reader.Next(&line, &status));
    EXPECT_EQ(line, want_lines[i]);
    EXPECT_EQ(reader.line_number(), static_cast<std::uint64_t>(i + 1));
    EXPECT_EQ(reader.bytes_consumed(), want_bytes[i]);
  }
  EXPECT_FALSE(reader.Next(&line, nullptr));  // a null status is allowed
}

TEST(LineReaderTest, LinesLongerThanTheBuffer) {
  std::string data;
  std::vector<std::string> want;
  for (std::size_t len : {0u, 1u, 9u, 10u, 11u, 100u, 1000u, 5000u, 3u}) {
    want.push_back(std::string(len, static_cast<char>('a' + len % 26)));
    data += want.back() + (len % 2 ? "\r\n" : "\n");
  }
  data += "tail-without-newline";
  want.push_back("tail-without-newline");
  for (std::size_t chunk : {std::size_t{7}, std::size_t{65536}}) {
    const ReadResult r = ReadThroughPipe(data, chunk, /*buffer_size=*/10);
    EXPECT_TRUE(r.status.ok());
    EXPECT_EQ(r.lines, want);
    EXPECT_EQ(r.bytes_consumed, data.size());
  }
}

TEST(LineReaderTest, MultiMegabyteLines) {
  // Lines well past the default 1 MiB buffer, mixed with short ones, through a pipe (short reads)
  // and a file.
  std::string big1(3 * LineReader::kDefaultBufferSize + 17, 'x');
  std::string big2(LineReader::kDefaultBufferSize + 1, 'y');
  big1[12345] = '\r';  // a '\r' in the middle of a line is ordinary data
  const std::string data = "short\n" + big1 + "\r\n" + "mid\n" + big2;
  const std::vector<std::string> want = {"short", big1, "mid", big2};

  const ReadResult piped = ReadThroughPipe(data, 65536, LineReader::kDefaultBufferSize);
  EXPECT_TRUE(piped.status.ok());
  EXPECT_TRUE(piped.lines == want);
  EXPECT_EQ(piped.bytes_consumed, data.size());

  TempDir dir;
  const std::string path = dir.Write("big.txt", data);
  StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(path);
  ASSERT_TRUE(reader.ok());
  const ReadResult from_file = ReadAll(reader->get());
  EXPECT_TRUE(from_file.status.ok());
  EXPECT_TRUE(from_file.lines == want);
}

TEST(LineReaderTest, ManyShortLinesAcrossBufferBoundaries) {
  std::string data;
  std::vector<std::string> want;
  for (int i = 0; i < 300000; ++i) {
    want.push_back(std::to_string(i * 7919LL));
    data += want.back() + (i % 3 == 0 ? "\r\n" : "\n");
  }
  const ReadResult r = ReadThroughPipe(data, 50000, LineReader::kDefaultBufferSize);
  EXPECT_TRUE(r.status.ok());
  EXPECT_TRUE(r.lines == want);
  EXPECT_EQ(r.line_number, want.size());
  EXPECT_EQ(r.bytes_consumed, data.size());
}

TEST(LineReaderTest, OpenMissingFile) {
  TempDir dir;
  const std::string path = dir.path() + "/no-such-file.txt";
  StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(path);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(reader.status().message(), "cannot open '" + path + "': No such file or directory");
}

TEST(LineReaderTest, OpenDirectory) {
  TempDir dir;
  StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(dir.path());
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kIoError);
  EXPECT_EQ(reader.status().message(), "cannot read '" + dir.path() + "': Is a directory");
}

TEST(LineReaderTest, ReadErrorFromDirectoryFd) {
  // A directory fd handed in directly fails at the first read, with the display name.
  TempDir dir;
  const int fd = ::open(dir.path().c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  LineReader reader(fd, "x.txt", /*owns_fd=*/true);
  std::string_view line = "untouched";
  Status status;
  EXPECT_FALSE(reader.Next(&line, &status));
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_EQ(status.message(), "cannot read 'x.txt': Is a directory");
  EXPECT_TRUE(line.empty());
  // The error is sticky.
  Status again;
  EXPECT_FALSE(reader.Next(&line, &again));
  EXPECT_EQ(again.message(), status.message());
}

TEST(LineReaderTest, OpenPermissionDenied) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can read anything";
  TempDir dir;
  const std::string path = dir.Write("secret.txt", "x\n");
  ASSERT_EQ(::chmod(path.c_str(), 0), 0);
  StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(path);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kIoError);
  EXPECT_EQ(reader.status().message(), "cannot open '" + path + "': Permission denied");
}

TEST(LineReaderTest, DashMeansStdin) {
  StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open("-");
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->name(), "<stdin>");
  // Not read here: the test runner's stdin is not ours. Destroying it must not close fd 0.
  reader = StatusOr<std::unique_ptr<LineReader>>(Status(StatusCode::kCancelled, "drop"));
  EXPECT_NE(::fcntl(STDIN_FILENO, F_GETFD), -1);
}

}  // namespace
}  // namespace kwx::internal
