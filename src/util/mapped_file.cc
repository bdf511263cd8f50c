#include "util/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kwx::internal {

StatusOr<std::shared_ptr<const MappedFile>> MappedFile::Open(const std::string& path,
                                                             const char* what) {
  auto fail = [&](StatusCode code, int err) {
    return Status(code, std::string("cannot read ") + what + " '" + path + "': " + std::strerror(err));
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(errno == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return fail(StatusCode::kIoError, err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(StatusCode::kIoError, S_ISDIR(st.st_mode) ? EISDIR : EINVAL);
  }
  auto size = static_cast<std::size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    return std::shared_ptr<const MappedFile>(new MappedFile(nullptr, 0));
  }
  // No MAP_POPULATE: the loader reads every page right away anyway, and populating them up
  // front measured no faster.
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  int err = errno;
  ::close(fd);
  if (data == MAP_FAILED) return fail(StatusCode::kIoError, err);
  return std::shared_ptr<const MappedFile>(new MappedFile(data, size));
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(data_, size_);
}

}  // namespace kwx::internal
