#include "util/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

namespace kwx::internal {

namespace {

// Small pieces are gathered up to kFlushAt and written while the workers still run, so that
// little is left to write when the run ends; pieces of kWriteThrough or more skip the buffer.
constexpr std::size_t kFlushAt = 1 << 16;
constexpr std::size_t kWriteThrough = 1 << 16;
constexpr mode_t kFileMode = 0644;  // less the umask

Status WriteError(const std::string& path, int err) {
  return Status(StatusCode::kIoError, "cannot write '" + path + "': " + std::strerror(err));
}

std::string DirOf(const std::string& path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string BaseOf(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// `path` with symbolic links followed to the file they name (which need not exist yet), so
// that writing "through" a link replaces its target and keeps the link. False after 40 links
// (a loop), as the kernel's ELOOP.
bool FollowLinks(std::string* path) {
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st;
    if (::lstat(path->c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return true;
    std::string target(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 4096) + 1, '\0');
    ssize_t n = ::readlink(path->c_str(), target.data(), target.size());
    if (n < 0 || static_cast<std::size_t>(n) >= target.size()) return true;  // let open() say why
    target.resize(static_cast<std::size_t>(n));
    *path = (!target.empty() && target[0] == '/') ? target : DirOf(*path) + "/" + target;
  }
  return false;
}

// A name for a temporary file next to `target`: <dir>/.<name>.kwx-XXXXXX.
std::string TempNameFor(const std::string& target) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::random_device rd;
  std::string name = DirOf(target) + "/." + BaseOf(target) + ".kwx-";
  for (int i = 0; i < 6; ++i) name.push_back(kChars[rd() % (sizeof(kChars) - 1)]);
  return name;
}

mode_t CurrentUmask() {
  mode_t m = ::umask(0);
  ::umask(m);
  return m;
}

}  // namespace

OutputFile::OutputFile(int fd, Kind kind, std::string path, std::string target,
                       std::string temp_path)
    : fd_(fd),
      kind_(kind),
      path_(std::move(path)),
      target_(std::move(target)),
      temp_path_(std::move(temp_path)) {
  buffer_.reserve(kFlushAt + (1 << 16));
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : fd_(other.fd_),
      kind_(other.kind_),
      path_(std::move(other.path_)),
      target_(std::move(other.target_)),
      temp_path_(std::move(other.temp_path_)),
      buffer_(std::move(other.buffer_)),
      error_(std::move(other.error_)),
      committed_(other.committed_),
      owns_fd_(other.owns_fd_) {
  other.fd_ = -1;
  other.temp_path_.clear();
  other.owns_fd_ = false;
  other.committed_ = true;  // nothing left for the moved-from object to discard
}

StatusOr<OutputFile> OutputFile::Open(const std::string& path) {
  if (path == "-") return OutputFile(STDOUT_FILENO, Kind::kStream, "<stdout>", "", "");
  std::string target = path;
  if (!FollowLinks(&target)) return WriteError(path, ELOOP);
  struct stat st;
  if (::stat(target.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) {
      return Status(StatusCode::kIoError, "cannot write '" + path + "': Is a directory");
    }
    // A device or a pipe (/dev/null, /dev/full, a FIFO): write to it directly; a rename would
    // replace the device node.
    int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return WriteError(path, errno);
    OutputFile direct(fd, Kind::kStream, path, target, "");
    direct.owns_fd_ = true;
    return direct;
  }
  const std::string dir = DirOf(target);
  // Linking an O_TMPFILE file needs /proc/self/fd (linkat without CAP_DAC_READ_SEARCH).
  if (::access("/proc/self/fd", X_OK) == 0) {
    int fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, kFileMode);
    if (fd >= 0) {
      OutputFile out(fd, Kind::kAnonymous, path, target, "");
      out.owns_fd_ = true;
      return out;
    }
    // No O_TMPFILE on this file system (or kernel): a named temporary file. Other errors
    // (no such directory, no permission) would be the same there.
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
      int err = errno;
      return Status(StatusCode::kIoError, "cannot create output in '" + dir + "' for '" + path +
                                              "': " + std::strerror(err));
    }
  }
  std::string temp = DirOf(target) + "/." + BaseOf(target) + ".kwx-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    int err = errno;
    return Status(StatusCode::kIoError, "cannot create output in '" + dir + "' for '" + path +
                                            "': " + std::strerror(err));
  }
  ::fchmod(fd, kFileMode & ~CurrentUmask());
  OutputFile out(fd, Kind::kNamed, path, target, temp);
  out.owns_fd_ = true;
  return out;
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

Status OutputFile::LinkIntoPlace() {
  const std::string proc = "/proc/self/fd/" + std::to_string(fd_);
  // A new name: the link is the commit.
  if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, target_.c_str(), AT_SYMLINK_FOLLOW) == 0) {
    return Status::Ok();
  }
  if (errno != EEXIST) return WriteError(path_, errno);
  // Replacing a file: link under a temporary name, then rename over the target (atomic).
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string temp = TempNameFor(target_);
    if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      if (errno == EEXIST) continue;
      return WriteError(path_, errno);
    }
    if (::rename(temp.c_str(), target_.c_str()) != 0) {
      int err = errno;
      ::unlink(temp.c_str());
      return WriteError(path_, err);
    }
    return Status::Ok();
  }
  return WriteError(path_, EEXIST);
}

Status OutputFile::Commit() {
  if (Status s = Flush(); !s.ok()) return s;
  switch (kind_) {
    case Kind::kStream:
      if (owns_fd_ && ::close(fd_) != 0) error_ = WriteError(path_, errno);
      fd_ = -1;
      committed_ = error_.ok();
      return error_;
    case Kind::kAnonymous:
      if (Status s = LinkIntoPlace(); !s.ok()) {
        error_ = s;
        return error_;
      }
      // The file is in place; a late close error (rare on local file systems, which are the
      // ones with O_TMPFILE) is still reported.
      if (::close(fd_) != 0) error_ = WriteError(path_, errno);
      fd_ = -1;
      committed_ = true;
      return error_;
    case Kind::kNamed:
      if (::close(fd_) != 0) {
        fd_ = -1;
        error_ = WriteError(path_, errno);
        return error_;
      }
      fd_ = -1;
      if (::rename(temp_path_.c_str(), target_.c_str()) != 0) {
        error_ = WriteError(path_, errno);
        return error_;
      }
      committed_ = true;
      return Status::Ok();
  }
  return error_;
}

void OutputFile::Abort() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);  // an O_TMPFILE file goes with its last descriptor
  fd_ = -1;
  if (kind_ == Kind::kNamed && !temp_path_.empty()) ::unlink(temp_path_.c_str());
  temp_path_.clear();
}

}  // namespace kwx::internal
