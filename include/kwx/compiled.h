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

// A loaded compiled file: a Dictionary and an IdfTable that view the mapping.
//
// Ownership: both parts share the mapping, and the IdfTable shares the Dictionary's data (its
// entries live in that trie), so any part may be kept and the others dropped, in any order.
// Immutable and thread-safe like its parts; copying copies the two pointers.
class CompiledData {
 public:
  // Writes `dictionary` and `idf` to `path` (atomically: a temporary file renamed into place),
  // with self-test sentences whose output the writer computes now and Open() checks.
  static Status Compile(const Dictionary& dictionary, const IdfTable& idf, const std::string& path);

  struct OpenOptions {
    // Compute the checksum on a thread of its own while Open does the rest (the bounds checks
    // and the self-test still finish before Open returns, so every lookup is safe at once):
    // about 2 ms of a 20 MB file off a start-up. The checksum's verdict then comes from
    // Checked(), which the caller must ask before it lets a result out (the CLI: before it
    // writes anything, and before it reports success).
    bool checksum_in_background = false;
  };

  // Maps and validates the file: magic, version, byte order, size, checksum, section bounds,
  // trie bounds, then the self-test. A truncated, damaged or wrong-version file gives an error
  // naming the file, never a crash.
  static StatusOr<CompiledData> Open(const std::string& path);
  static StatusOr<CompiledData> Open(const std::string& path, const OpenOptions& options);

  // The checksum's verdict: OK, or the error Open gives a damaged file. Waits for a checksum
  // still being computed (OpenOptions::checksum_in_background); OK at once when Open checked it.
  // Thread-safe.
  Status Checked() const;

  const std::shared_ptr<const Dictionary>& dictionary() const { return dictionary_; }
  const std::shared_ptr<const IdfTable>& idf() const { return idf_; }

 private:
  CompiledData(std::shared_ptr<const Dictionary> dictionary, std::shared_ptr<const IdfTable> idf)
      : dictionary_(std::move(dictionary)), idf_(std::move(idf)) {}
  struct PendingChecksum;

  std::shared_ptr<const Dictionary> dictionary_;
  std::shared_ptr<const IdfTable> idf_;
  std::shared_ptr<const PendingChecksum> pending_;  // null: checked by Open
};

}  // namespace kwx

#endif  // KWX_COMPILED_H_
