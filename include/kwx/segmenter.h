// Word segmentation with exactly the results of Python jieba 0.42.1.
#ifndef KWX_SEGMENTER_H_
#define KWX_SEGMENTER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "kwx/dictionary.h"
#include "kwx/status.h"
#include "kwx/workspace.h"

namespace kwx {

enum class CutMode {
  kAccurate,  // jieba.cut(s)                      (HMM per `hmm`)
  kFull,      // jieba.cut(s, cut_all=True)        (HMM ignored, as in jieba)
  kSearch,    // jieba.cut_for_search(s)           (HMM per `hmm`)
};

// "accurate", "full" or "search" (the CLI's --mode, the Python package's mode names).
StatusOr<CutMode> ParseCutMode(std::string_view name);

// A token of Tokenize(): the word and where it is, in code points (as jieba's tokenize) and bytes.
struct Token {
  std::string_view word;
  std::uint32_t start = 0;  // code point offsets, end exclusive
  std::uint32_t end = 0;
  std::uint32_t byte_start = 0;  // byte offsets into the (repaired) UTF-8 text
  std::uint32_t byte_end = 0;
};

// Segments text with a borrowed Dictionary, which must outlive it (passing a temporary does not
// compile). Cheap to construct and copy; const methods are thread-safe as long as each thread
// passes its own Workspace.
//
// Input is UTF-8. Invalid sequences are replaced by U+FFFD per maximal invalid subsequence, as
// Python's bytes.decode('utf-8', 'replace') does, before segmentation; the returned views then
// point into the repaired copy held by the Workspace.
class Segmenter {
 public:
  explicit Segmenter(const Dictionary& dictionary) : dict_(&dictionary) {}
  Segmenter(const Dictionary&&) = delete;  // would dangle

  // jieba's lcut / lcut(cut_all=True) / lcut_for_search. Appends to *out (cleared first).
  void Cut(std::string_view text, CutMode mode, bool hmm, Workspace& ws,
           std::vector<std::string_view>* out) const;

  // jieba's tokenize(mode="default"|"search"). kFull is not a tokenize mode in jieba and is
  // treated as kAccurate.
  void Tokenize(std::string_view text, CutMode mode, bool hmm, Workspace& ws,
                std::vector<Token>* out) const;

  // jieba's cut_block on the whole text as one block, whatever its characters: __cut_all with
  // kFull, else __cut_DAG (hmm) or __cut_DAG_NO_HMM (kSearch is kAccurate here: the search
  // expansion comes after the blocks). For callers that split text into blocks their own way,
  // as jieba does with a replaced re_han_default. Appends to *out (cleared first).
  void CutBlock(std::string_view text, CutMode mode, bool hmm, Workspace& ws,
                std::vector<std::string_view>* out) const;

  const Dictionary& dictionary() const { return *dict_; }

 private:
  const Dictionary* dict_;
};

}  // namespace kwx

#endif  // KWX_SEGMENTER_H_
