// Where a run's output goes: stdout, or a file written under a temporary name in the
// target directory and renamed into place only when everything succeeded.
#ifndef KWX_UTIL_OUTPUT_FILE_H_
#define KWX_UTIL_OUTPUT_FILE_H_

#include <string>
#include <string_view>

#include "kwx/status.h"

namespace kwx::internal {

class OutputFile {
 public:
  // "-" is stdout. Otherwise creates `<dir>/.<name>.kwx-XXXXXX` next to `path`.
  static StatusOr<OutputFile> Open(const std::string& path);

  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  ~OutputFile();  // removes the temporary file unless Commit() succeeded

  // Buffers and writes; a failed write (ENOSPC, EPIPE, ...) is reported once and sticks.
  Status Write(std::string_view bytes);
  // Flushes, closes and renames into place.
  Status Commit();
  // Removes the temporary file (also done by the destructor).
  void Abort();

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }

 private:
  OutputFile(int fd, std::string path, std::string temp_path);
  Status Flush();
  Status WriteAll(std::string_view bytes);  // to fd_, all of it (EINTR retried)

  int fd_;
  std::string path_;
  std::string temp_path_;  // empty for stdout
  std::string buffer_;
  Status error_;
  bool committed_ = false;
  bool owns_fd_ = false;  // a device opened by path (not stdout, not a temporary file)
};

}  // namespace kwx::internal

#endif  // KWX_UTIL_OUTPUT_FILE_H_
