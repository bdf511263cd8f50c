// Part-of-speech tagging with exactly the results of jieba.posseg 0.42.1.
#ifndef KWX_POS_TAGGER_H_
#define KWX_POS_TAGGER_H_

#include <string_view>
#include <vector>

#include "kwx/dictionary.h"
#include "kwx/status.h"
#include "kwx/workspace.h"

namespace kwx {

// A word and its part-of-speech flag, as jieba.posseg's pair(word, flag). `word` points into
// the input (or the Workspace's repaired copy of it) and is valid until the next call with the
// same Workspace; `flag` points into the Dictionary (or is a static "x", "m" or "eng") and is
// valid as long as the Dictionary.
struct TaggedWord {
  std::string_view word;
  std::string_view flag;
};

// jieba.posseg.cut over a borrowed Dictionary, which must carry the posseg HMM
// (Dictionary::has_pos_model) and outlive the tagger. Cheap to make and copy; Cut is const and
// thread-safe as long as each thread passes its own Workspace.
//
// What it reproduces (jieba/posseg/__init__.py): posseg's own blocks (re_han_internal: Han
// characters U+4E00..U+9FD5, ASCII letters and digits, '+', '#', '&', '.', '_'; unlike the plain
// cut, no '%' or '-'), each outside character its own "x" word ("\r\n" one word), the route of
// the plain cut inside blocks with each word's dictionary tag ("x" for none), and for runs of
// characters that are not words the posseg HMM (with HMM) or single ASCII letters and digits
// merged into one "eng" word (without). Invalid UTF-8 is first repaired as
// bytes.decode('utf-8', 'replace') does.
class PosTagger {
 public:
  // kNotFound when the dictionary has no POS model (its data had no pos_hmm.utf8).
  static StatusOr<PosTagger> Create(const Dictionary& dictionary);
  static StatusOr<PosTagger> Create(const Dictionary&& dictionary) = delete;  // would dangle

  // jieba.posseg.lcut(text, HMM=hmm). Replaces *out's contents.
  void Cut(std::string_view text, bool hmm, Workspace& ws, std::vector<TaggedWord>* out) const;

  // posseg's cut_blk (__cut_DAG with hmm, else __cut_DAG_NO_HMM) on the whole text as one
  // block, whatever its characters: for callers that split text into blocks their own way, as
  // jieba.posseg does with a replaced re_han_internal. Replaces *out's contents.
  void CutBlock(std::string_view text, bool hmm, Workspace& ws, std::vector<TaggedWord>* out) const;

  const Dictionary& dictionary() const { return *dict_; }

 private:
  explicit PosTagger(const Dictionary& dictionary) : dict_(&dictionary) {}
  const Dictionary* dict_;
};

}  // namespace kwx

#endif  // KWX_POS_TAGGER_H_
