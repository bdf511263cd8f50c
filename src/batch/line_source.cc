// The LineSource implementations: a file descriptor read in chunks of whole lines, bytes in
// memory, and a list of lines.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "kwx/batch.h"

namespace kwx {

namespace {

// Splits whole lines (the last one may lack its '\n') into views, dropping "\r" before "\n".
void SplitLines(std::string_view bytes, std::vector<std::string_view>* lines) {
  lines->clear();
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (nl == nullptr) {
      lines->emplace_back(p, static_cast<std::size_t>(end - p));
      return;
    }
    std::size_t len = static_cast<std::size_t>(nl - p);
    if (len > 0 && p[len - 1] == '\r') --len;
    lines->emplace_back(p, len);
    p = nl + 1;
  }
}

const void* LastNewline(const char* p, std::size_t n) { return ::memrchr(p, '\n', n); }

class FdSource : public LineSource {
 public:
  FdSource(int fd, std::string name, bool owns) : fd_(fd), owns_(owns), name_(std::move(name)) {
    struct stat st;
    if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) {
      regular_ = true;
      size_ = static_cast<std::uint64_t>(st.st_size);
    }
  }
  ~FdSource() override {
    if (owns_) ::close(fd_);
  }

  // Reads until the chunk holds at least target_bytes and ends at a line end (or the input
  // ends). A short read from a pipe with at least one whole line also ends the chunk, so that
  // a slow producer's lines are not held back waiting for a full chunk. The bytes after the
  // last '\n' are carried into the next chunk; a line longer than a chunk just grows the
  // buffer (geometrically, so one huge line costs linear time).
  bool Next(std::size_t target_bytes, Chunk* chunk, Status* status) override {
    if (!error_.ok()) {
      *status = error_;
      return false;
    }
    // The carried bytes (less than a line) are copied into the chunk's own buffer, which keeps
    // its capacity from chunk to chunk: swapping them in instead gave every chunk a new
    // allocation to grow, and fresh pages to fault in.
    std::string& buf = chunk->storage;
    buf.assign(carry_);
    carry_.clear();
    std::size_t cut = std::string::npos;  // one past the last '\n' in buf
    while (!eof_) {
      if (cut != std::string::npos && buf.size() >= target_bytes) break;
      std::size_t step = std::max<std::size_t>(target_bytes, 1 << 16);
      if (regular_ && read_ <= size_) {
        // What is left of a regular file (and a byte more, to see its end) needs no bigger
        // buffer: a small input does not zero-fill a chunk's worth of fresh pages (64 page
        // faults, a sixth of a start-up's, for an empty file).
        step = static_cast<std::size_t>(std::min<std::uint64_t>(step, size_ - read_ + 1));
      }
      std::size_t old = buf.size();
      buf.resize(old + step);
      ssize_t n;
      for (;;) {
        if (!WaitReadable()) {
          buf.resize(old);
          carry_ = std::move(buf);  // keep the bytes; the run is over anyway
          *status = Status(StatusCode::kCancelled, "cancelled");
          return false;
        }
        n = ::read(fd_, buf.data() + old, step);
        if (n >= 0 || errno != EINTR) break;
      }
      if (n < 0) {
        error_ = Status(StatusCode::kIoError, "cannot read '" + name_ + "': " + std::strerror(errno));
        *status = error_;
        return false;
      }
      buf.resize(old + static_cast<std::size_t>(n));
      read_ += static_cast<std::uint64_t>(n);
      if (n == 0) {
        eof_ = true;
        break;
      }
      if (const void* nl = LastNewline(buf.data() + old, static_cast<std::size_t>(n))) {
        cut = static_cast<std::size_t>(static_cast<const char*>(nl) - buf.data()) + 1;
      }
      if (static_cast<std::size_t>(n) < step && cut != std::string::npos) break;  // pipe drained
    }
    if (eof_) cut = buf.size();
    if (cut == 0 || cut == std::string::npos) return false;  // nothing left
    carry_.assign(buf, cut, std::string::npos);
    buf.resize(cut);
    chunk->bytes = cut;
    chunk->contiguous = true;  // (a recycled chunk may have been made otherwise)
    SplitLines(buf, &chunk->lines);
    return true;
  }

  std::uint64_t size_hint() const override { return size_; }
  const std::string& name() const override { return name_; }
  void set_cancel(const std::atomic<bool>* cancel) override { cancel_ = cancel; }

 private:
  // With a cancel flag, waits in short polls so that a blocked read can be abandoned. Returns
  // false if cancelled. (Regular files are always readable: this costs one poll() per read.)
  bool WaitReadable() {
    if (cancel_ == nullptr) return true;
    for (;;) {
      if (cancel_->load(std::memory_order_relaxed)) return false;
      struct pollfd p = {fd_, POLLIN, 0};
      int r = ::poll(&p, 1, 100);
      if (r != 0) return true;  // readable, hung up, or an error read() will report
    }
  }

  const std::atomic<bool>* cancel_ = nullptr;
  int fd_;
  bool owns_;
  std::string name_;
  bool regular_ = false;
  std::uint64_t size_ = 0;  // a regular file's size when opened
  std::uint64_t read_ = 0;  // bytes read so far
  std::string carry_;
  bool eof_ = false;
  Status error_;
};

class BytesSource : public LineSource {
 public:
  explicit BytesSource(std::string_view bytes) : bytes_(bytes) {}

  bool Next(std::size_t target_bytes, Chunk* chunk, Status*) override {
    if (pos_ >= bytes_.size()) return false;
    std::size_t end = bytes_.size();
    if (bytes_.size() - pos_ > target_bytes) {
      std::size_t nl = bytes_.find('\n', pos_ + target_bytes - 1);
      if (nl != std::string_view::npos) end = nl + 1;
    }
    std::string_view part = bytes_.substr(pos_, end - pos_);
    chunk->storage.clear();
    chunk->bytes = part.size();
    chunk->contiguous = true;
    SplitLines(part, &chunk->lines);
    pos_ = end;
    return true;
  }

  std::uint64_t size_hint() const override { return bytes_.size(); }
  const std::string& name() const override { return name_; }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
  std::string name_ = "<memory>";
};

class ListSource : public LineSource {
 public:
  explicit ListSource(std::vector<std::string_view> lines) : lines_(std::move(lines)) {
    for (std::string_view l : lines_) size_ += l.size() + 1;
  }

  bool Next(std::size_t target_bytes, Chunk* chunk, Status*) override {
    if (pos_ >= lines_.size()) return false;
    chunk->storage.clear();
    chunk->lines.clear();
    chunk->bytes = 0;
    chunk->contiguous = false;
    while (pos_ < lines_.size() && (chunk->lines.empty() || chunk->bytes < target_bytes)) {
      chunk->lines.push_back(lines_[pos_]);
      chunk->bytes += lines_[pos_].size() + 1;
      ++pos_;
    }
    return true;
  }

  std::uint64_t size_hint() const override { return size_; }
  const std::string& name() const override { return name_; }

 private:
  std::vector<std::string_view> lines_;
  std::size_t pos_ = 0;
  std::uint64_t size_ = 0;
  std::string name_ = "<lines>";
};

}  // namespace

StatusOr<std::unique_ptr<LineSource>> LineSource::OpenFile(const std::string& path) {
  if (path == "-") return FromFd(STDIN_FILENO, "<stdin>");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    return Status(err == ENOENT || err == ENOTDIR ? StatusCode::kNotFound : StatusCode::kIoError,
                  "cannot open '" + path + "': " + std::strerror(err));
  }
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status(StatusCode::kIoError, "cannot read '" + path + "': " + std::strerror(EISDIR));
  }
  return std::unique_ptr<LineSource>(new FdSource(fd, path, /*owns=*/true));
}

std::unique_ptr<LineSource> LineSource::FromFd(int fd, std::string name) {
  return std::make_unique<FdSource>(fd, std::move(name), /*owns=*/false);
}

std::unique_ptr<LineSource> LineSource::FromBytes(std::string_view bytes) {
  return std::make_unique<BytesSource>(bytes);
}

std::unique_ptr<LineSource> LineSource::FromLines(std::vector<std::string_view> lines) {
  return std::make_unique<ListSource>(std::move(lines));
}

}  // namespace kwx
