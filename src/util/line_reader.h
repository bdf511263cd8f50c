// Buffered line reading from a POSIX file descriptor: files, pipes and stdin alike.
#ifndef KWX_UTIL_LINE_READER_H_
#define KWX_UTIL_LINE_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "kwx/status.h"

namespace kwx::internal {

// Splits a byte stream into lines. A line is the bytes up to a '\n' (not included); a '\r' right
// before that '\n' is dropped too. A final line without '\n' is still a line, so "abc" and "abc\n"
// both give one line "abc", "" gives none, "\n" and "\r\n" give one empty line, and "a\r" at end of
// input gives "a\r" (that '\r' is not before a '\n'). Bytes are passed through unvalidated.
//
// Reads go into one large buffer (1 MiB by default) that only grows when a single line does not
// fit, so the steady state makes no allocation per line. Short reads (pipes) and EINTR are handled.
// Not thread-safe; one reader per stream.
class LineReader {
 public:
  static constexpr std::size_t kDefaultBufferSize = std::size_t{1} << 20;

  // Reads from `fd`, naming it `name` in error messages. Closes `fd` on destruction iff `owns_fd`.
  // `buffer_size` is the initial buffer size (tests use tiny ones to exercise growth).
  LineReader(int fd, std::string name, bool owns_fd = false,
             std::size_t buffer_size = kDefaultBufferSize);
  ~LineReader();

  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Opens `path` for reading ("-" means stdin, which is not closed; it is named "<stdin>").
  // Fails with kNotFound for a missing file and kIoError for a directory or a permission problem;
  // the message names the path, e.g. "cannot open 'x.txt': No such file or directory".
  static StatusOr<std::unique_ptr<LineReader>> Open(const std::string& path);

  // Sets *line to the next line and returns true. *line stays valid until the next call. Returns
  // false at end of input (*status ok) or on a read error (*status says why, naming the stream;
  // every later call returns the same error). `status` may be null if the caller does not care.
  bool Next(std::string_view* line, Status* status);

  // Number of lines returned so far, i.e. the 1-based number of the last line returned.
  std::uint64_t line_number() const { return line_number_; }
  // Bytes consumed by the lines returned so far, terminators included.
  std::uint64_t bytes_consumed() const { return bytes_consumed_; }
  const std::string& name() const { return name_; }

 private:
  // Makes room at the end of the buffer (compacting, then growing if one line fills it) and does
  // one read. Returns false and records error_ on a read error.
  bool Fill();

  int fd_;
  bool owns_fd_;
  std::string name_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_;
  std::size_t begin_ = 0;    // start of the bytes not yet returned
  std::size_t scanned_ = 0;  // [begin_, scanned_) is known to hold no '\n'
  std::size_t end_ = 0;      // end of the bytes read
  bool eof_ = false;
  Status error_;
  std::uint64_t line_number_ = 0;
  std::uint64_t bytes_consumed_ = 0;
};

}  // namespace kwx::internal

#endif  // KWX_UTIL_LINE_READER_H_
