// Parsing jieba's dict.txt format.
#ifndef KWX_DICT_DICT_TEXT_H_
#define KWX_DICT_DICT_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/status.h"

namespace kwx::internal {

struct DictEntry {
  std::u32string word;
  std::int64_t freq = 0;
  std::string tag;  // may be empty
  // add_word without a tag: the word keeps the tag it had (a dictionary line always sets it).
  bool keeps_tag = false;
};

struct DictText {
  std::vector<DictEntry> entries;  // in file order, duplicates kept (the last one wins)
  std::uint64_t total = 0;         // sum of every line's frequency, duplicates included
};

// Parses like jieba's Tokenizer.gen_pfdict: each line (split on '\n') is stripped of ASCII
// whitespace, decoded as UTF-8, split on ' '; the first field is the word, the second an integer
// frequency, an optional third the POS tag. A line that does not fit (blank lines included, as in
// jieba) is an error naming the file and line. Negative frequencies are rejected too: jieba would
// accept them and then fail with "math domain error" in the middle of segmentation.
StatusOr<DictText> ParseDictText(std::string_view text, const std::string& name);

}  // namespace kwx::internal

#endif  // KWX_DICT_DICT_TEXT_H_
