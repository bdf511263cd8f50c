// A pipe fed from another thread, for tests of readers that must cope with short reads.
#ifndef KWX_TESTS_TESTDATA_PIPE_FEEDER_H_
#define KWX_TESTS_TESTDATA_PIPE_FEEDER_H_

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>

namespace kwx::test {

// Writes `data` into a pipe from another thread, in writes of at most `piece` bytes, then closes
// the write end; fd() is the read end.
class PipeFeeder {
 public:
  explicit PipeFeeder(std::string_view data, std::size_t piece = 1 << 16) : data_(data) {
    int fds[2];
    if (::pipe(fds) != 0) std::abort();
    read_fd_ = fds[0];
    int wfd = fds[1];
    writer_ = std::thread([this, wfd, piece] {
      std::size_t done = 0;
      while (done < data_.size()) {
        ssize_t w = ::write(wfd, data_.data() + done, std::min(piece, data_.size() - done));
        if (w <= 0) break;
        done += static_cast<std::size_t>(w);
      }
      ::close(wfd);
    });
  }
  PipeFeeder(const PipeFeeder&) = delete;
  PipeFeeder& operator=(const PipeFeeder&) = delete;
  ~PipeFeeder() {
    writer_.join();
    ::close(read_fd_);
  }
  int fd() const { return read_fd_; }

 private:
  std::string data_;
  int read_fd_ = -1;
  std::thread writer_;
};

}  // namespace kwx::test

#endif  // KWX_TESTS_TESTDATA_PIPE_FEEDER_H_
