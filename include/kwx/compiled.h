// The compiled data file: everything a run needs (the trie with precomputed log frequencies, the
// HMM tables, the IDF table mapped onto the trie) in one versioned, checksummed file that is
// mmap'ed and used in place, with no parsing. `kwx dict compile` writes it.
#ifndef KWX_COMPILED_H_
#define KWX_COMPILED_H_

#include <memory>
#include <string>

#include "kwx/dictionary.h"
#include "kwx/keywords.h"
#include "kwx/status.h"

namespace kwx {

namespace internal {
class MappedFile;
}

// A loaded compiled file: a Dictionary and an IdfTable that view the mapping. Immutable and
// shareable across threads like its parts; move-only.
class CompiledData {
 public:
  // Writes `dictionary` and `idf` to `path` (atomically: a temporary file renamed into place),
  // with self-test sentences whose output the writer computes now and Open() checks.
  static Status Compile(const Dictionary& dictionary, const IdfTable& idf, const std::string& path);

  // Maps and validates the file: magic, version, byte order, size, checksum, section bounds,
  // trie bounds, then the self-test. A truncated, damaged or wrong-version file gives an error
  // naming the file, never a crash.
  static StatusOr<CompiledData> Open(const std::string& path);

  CompiledData(CompiledData&&) noexcept;
  CompiledData& operator=(CompiledData&&) noexcept;
  CompiledData(const CompiledData&) = delete;
  CompiledData& operator=(const CompiledData&) = delete;
  ~CompiledData();

  const Dictionary& dictionary() const { return *dictionary_; }
  const IdfTable& idf() const { return *idf_; }
  // Hand the parts over (they keep the mapping alive).
  std::unique_ptr<Dictionary> TakeDictionary() { return std::move(dictionary_); }
  std::unique_ptr<IdfTable> TakeIdf() { return std::move(idf_); }

 private:
  CompiledData() = default;
  std::unique_ptr<Dictionary> dictionary_;
  std::unique_ptr<IdfTable> idf_;
};

}  // namespace kwx

#endif  // KWX_COMPILED_H_
