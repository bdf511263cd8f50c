// Where a run's output goes: stdout, or a file that appears (under its name, replacing what was
// there) only when everything succeeded.
#ifndef KWX_UTIL_OUTPUT_FILE_H_
#define KWX_UTIL_OUTPUT_FILE_H_

#include <string>
#include <string_view>

#include "kwx/status.h"

namespace kwx::internal {

// A file is written as an unnamed file in the target's directory (O_TMPFILE), which the kernel
// removes whatever ends the process, even SIGKILL, and which Commit() links under the target's
// name (or, when the target exists, under a temporary name renamed over it: atomic, and a kill
// between the two leaves at most that name). Where the file system has no O_TMPFILE (or /proc
// is missing), a named temporary file `<dir>/.<name>.kwx-XXXXXX` is used instead, removed on
// failure but left behind by SIGKILL. A symbolic link as the target is followed: the file it
// points to is replaced, the link stays. A device or a FIFO (/dev/null, /dev/full) is written
// directly.
class OutputFile {
 public:
  // "-" is stdout.
  static StatusOr<OutputFile> Open(const std::string& path);

  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();  // discards the file unless Commit() succeeded

  // Buffers and writes; a failed write (ENOSPC, EPIPE, ...) is reported once and sticks.
  Status Write(std::string_view bytes);
  // Flushes, closes and puts the file in place.
  Status Commit();
  // Discards the file (also done by the destructor).
  void Abort();

  const std::string& path() const { return path_; }

 private:
  enum class Kind {
    kStream,     // stdout, a device or a FIFO: written in place
    kAnonymous,  // O_TMPFILE, linked at Commit()
    kNamed,      // a named temporary file, renamed at Commit()
  };
  OutputFile(int fd, Kind kind, std::string path, std::string target, std::string temp_path);
  Status Flush();
  Status WriteAll(std::string_view bytes);  // to fd_, all of it (EINTR retried)
  Status LinkIntoPlace();                   // kAnonymous

  int fd_;
  Kind kind_;
  std::string path_;       // as given, for messages ("<stdout>" for "-")
  std::string target_;     // the file to create or replace, symbolic links followed
  std::string temp_path_;  // kNamed only
  std::string buffer_;
  Status error_;
  bool committed_ = false;
  bool owns_fd_ = false;   // false for stdout
};

}  // namespace kwx::internal

#endif  // KWX_UTIL_OUTPUT_FILE_H_
