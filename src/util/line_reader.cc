#include "util/line_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

namespace kwx::internal {
namespace {

std::string ErrnoText(int err) { return std::generic_category().message(err); }

}  // namespace

LineReader::LineReader(int fd, std::string name, bool owns_fd, std::size_t buffer_size)
    : fd_(fd),
      owns_fd_(owns_fd),
      name_(std::move(name)),
      // Uninitialised on purpose: zero-filling 1 MiB per reader would be wasted work.
      buffer_(std::make_unique_for_overwrite<char[]>(buffer_size > 0 ? buffer_size : 1)),
      capacity_(buffer_size > 0 ? buffer_size : 1) {}

LineReader::~LineReader() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

StatusOr<std::unique_ptr<LineReader>> LineReader::Open(const std::string& path) {
  if (path == "-") return std::make_unique<LineReader>(STDIN_FILENO, "<stdin>", false);
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    const int err = errno;
    const StatusCode code =
        (err == ENOENT || err == ENOTDIR) ? StatusCode::kNotFound : StatusCode::kIoError;
    return Status(code, "cannot open '" + path + "': " + ErrnoText(err));
  }
  // open() happily opens a directory for reading; catch it here so the error comes at open time
  // rather than at the first read.
  struct stat st;
  if (::fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      return Status(StatusCode::kIoError, "cannot read '" + path + "': " + ErrnoText(EISDIR));
    }
    if (S_ISREG(st.st_mode)) {
#ifdef POSIX_FADV_SEQUENTIAL
      ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);  // a hint only; failure is harmless
#endif
    }
  }
  return std::make_unique<LineReader>(fd, path, true);
}

bool LineReader::Fill() {
  char* base = buffer_.get();
  if (begin_ == end_) {
    begin_ = scanned_ = end_ = 0;  // nothing pending: restart at the front for free
  } else if (end_ == capacity_ && begin_ > 0) {
    // Slide the pending partial line to the front. Only done when the tail is full, so each byte
    // is moved at most once per buffer's worth of input.
    const std::size_t pending = end_ - begin_;
    std::memmove(base, base + begin_, pending);
    scanned_ -= begin_;
    end_ = pending;
    begin_ = 0;
  }
  if (end_ == capacity_) {
    // One line fills the whole buffer: double it. Doubling keeps very long lines linear overall.
    const std::size_t new_capacity = capacity_ * 2;
    auto bigger = std::make_unique_for_overwrite<char[]>(new_capacity);
    std::memcpy(bigger.get(), base, end_);
    buffer_ = std::move(bigger);
    capacity_ = new_capacity;
    base = buffer_.get();
  }
  ssize_t n;
  do {
    n = ::read(fd_, base + end_, capacity_ - end_);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    error_ = Status(StatusCode::kIoError, "cannot read '" + name_ + "': " + ErrnoText(errno));
    return false;
  }
  if (n == 0) {
    eof_ = true;
  } else {
    end_ += static_cast<std::size_t>(n);
  }
  return true;
}

bool LineReader::Next(std::string_view* line, Status* status) {
  Status ignored;
  if (status == nullptr) status = &ignored;
  while (error_.ok()) {
    const char* base = buffer_.get();
    if (scanned_ < end_) {
      const void* nl = std::memchr(base + scanned_, '\n', end_ - scanned_);
      if (nl != nullptr) {
        const auto pos = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
        std::size_t len = pos - begin_;
        if (len > 0 && base[pos - 1] == '\r') --len;
        *line = std::string_view(base + begin_, len);
        bytes_consumed_ += pos + 1 - begin_;
        begin_ = scanned_ = pos + 1;
        ++line_number_;
        *status = Status::Ok();
        return true;
      }
      scanned_ = end_;  // the next scan starts where new data begins, not at the line start
    }
    if (eof_) {
      *status = Status::Ok();
      if (begin_ == end_) {
        *line = std::string_view();
        return false;
      }
      // A last line without '\n'. Any '\r' at its end is kept: it is not before a '\n'.
      *line = std::string_view(base + begin_, end_ - begin_);
      bytes_consumed_ += end_ - begin_;
      begin_ = scanned_ = end_;
      ++line_number_;
      return true;
    }
    Fill();
  }
  *line = std::string_view();
  *status = error_;
  return false;
}

}  // namespace kwx::internal
