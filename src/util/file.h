// Whole-file reads with errors that name the file.
#ifndef KWX_UTIL_FILE_H_
#define KWX_UTIL_FILE_H_

#include <string>

#include "kwx/status.h"

namespace kwx::internal {

// Reads a whole regular file. A missing file, a directory or a read error gives a one-line
// Status naming `what` (e.g. "dictionary") and the path.
StatusOr<std::string> ReadWholeFile(const std::string& path, const char* what);

}  // namespace kwx::internal

#endif  // KWX_UTIL_FILE_H_
