#include "util/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace kwx::internal {

namespace {

// Small pieces are gathered up to kFlushAt and written while the workers still run, so that
// little is left to write when the run ends; pieces of kWriteThrough or more skip the buffer.
constexpr std::size_t kFlushAt = 1 << 16;
constexpr std::size_t kWriteThrough = 1 << 16;

Status WriteError(const std::string& path, int err) {
  return Status(StatusCode::kIoError, "cannot write '" + path + "': " + std::strerror(err));
}

}  // namespace

OutputFile::OutputFile(int fd, std::string path, std::string temp_path)
    : fd_(fd), path_(std::move(path)), temp_path_(std::move(temp_path)) {
  buffer_.reserve(kFlushAt + (1 << 16));
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : fd_(other.fd_),
      path_(std::move(other.path_)),
      temp_path_(std::move(other.temp_path_)),
      buffer_(std::move(other.buffer_)),
      error_(std::move(other.error_)),
      committed_(other.committed_),
      owns_fd_(other.owns_fd_) {
  other.fd_ = -1;
  other.temp_path_.clear();
}

StatusOr<OutputFile> OutputFile::Open(const std::string& path) {
  if (path == "-") return OutputFile(STDOUT_FILENO, "<stdout>", "");
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) {
      return Status(StatusCode::kIoError, "cannot write '" + path + "': Is a directory");
    }
    // A device or a pipe (/dev/null, /dev/full, a FIFO): write to it directly; a rename would
    // replace the device node.
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return WriteError(path, errno);
    OutputFile direct(fd, path, "");
    direct.owns_fd_ = true;
    return direct;
  }
  std::size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string temp = (slash == std::string::npos ? std::string() : dir) + "." + base + ".kwx-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    int err = errno;
    return Status(StatusCode::kIoError, "cannot create output in '" + dir + "' for '" + path +
                                            "': " + std::strerror(err));
  }
  ::fchmod(fd, 0644 & ~[] { mode_t m = ::umask(0); ::umask(m); return m; }());
  return OutputFile(fd, path, temp);
}

OutputFile::~OutputFile() {
  if (!committed_) Abort();
}

Status OutputFile::Write(std::string_view bytes) {
  if (!error_.ok()) return error_;
  if (bytes.size() < kWriteThrough) {
    buffer_.append(bytes);
    return buffer_.size() >= kFlushAt ? Flush() : Status::Ok();
  }
  // A large piece (a whole chunk's output) goes straight to the file, after what is buffered:
  // copying it into the buffer first only cost time.
  if (Status s = Flush(); !s.ok()) return s;
  return WriteAll(bytes);
}

Status OutputFile::Flush() {
  if (Status s = WriteAll(buffer_); !s.ok()) return s;
  buffer_.clear();
  return Status::Ok();
}

Status OutputFile::WriteAll(std::string_view bytes) {
  if (!error_.ok()) return error_;
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      error_ = WriteError(path_, errno);
      return error_;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return Status::Ok();
}

Status OutputFile::Commit() {
  if (Status s = Flush(); !s.ok()) return s;
  if (temp_path_.empty()) {
    if (owns_fd_ && ::close(fd_) != 0) error_ = WriteError(path_, errno);
    fd_ = -1;
    committed_ = error_.ok();
    return error_;
  }
  if (::close(fd_) != 0) {
    fd_ = -1;
    error_ = WriteError(path_, errno);
    return error_;
  }
  fd_ = -1;
  if (::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    error_ = WriteError(path_, errno);
    return error_;
  }
  committed_ = true;
  return Status::Ok();
}

void OutputFile::Abort() {
  if (temp_path_.empty()) {
    if (owns_fd_ && fd_ >= 0) ::close(fd_);
    fd_ = -1;
    return;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(temp_path_.c_str());
  temp_path_.clear();
}

}  // namespace kwx::internal
