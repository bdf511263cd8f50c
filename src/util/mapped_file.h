// A read-only memory mapping of a whole file.
#ifndef KWX_UTIL_MAPPED_FILE_H_
#define KWX_UTIL_MAPPED_FILE_H_

#include <memory>
#include <string>
#include <string_view>

#include "kwx/status.h"

namespace kwx::internal {

class MappedFile {
 public:
  // Maps `path` (MAP_PRIVATE, read-only, pages populated up front: the loader reads all of it).
  static StatusOr<std::shared_ptr<const MappedFile>> Open(const std::string& path, const char* what);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

 private:
  MappedFile(void* data, std::size_t size) : data_(data), size_(size) {}
  void* data_;
  std::size_t size_;
};

}  // namespace kwx::internal

#endif  // KWX_UTIL_MAPPED_FILE_H_
