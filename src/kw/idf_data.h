// What IdfTable and StopWords hold.
#ifndef KWX_KW_IDF_DATA_H_
#define KWX_KW_IDF_DATA_H_

#include <string>

#include <memory>
#include <vector>

#include "util/array_ref.h"
#include "util/mapped_file.h"
#include "util/string_map.h"

namespace kwx::internal {

struct IdfData {
  StringMap<double> idf;
  double median = 0;
  // The IDF of every node of one dictionary's trie (NaN where the table has no entry), when the
  // table came from a compiled file together with that dictionary; saves the extractor from
  // mapping the table onto the trie at start-up.
  ArrayRef<double> node_idf;
  const void* node_idf_dictionary = nullptr;  // the DictionaryData node_idf belongs to
  bool every_word_has_node = false;  // in that dictionary's trie
  std::shared_ptr<const MappedFile> mapping;  // keeps a compiled file's memory alive, if viewed
};

struct DictionaryData;

// The IDF of every trie node of `dict` whose word is in `idf` (NaN elsewhere). Sets
// *every_word_has_node when no word of `idf` was left without a node.
std::vector<double> MapIdfOntoTrie(const DictionaryData& dict, const IdfData& idf,
                                   bool* every_word_has_node);

struct StopWordData {
  StringMap<bool> words;
};

}  // namespace kwx::internal

#endif  // KWX_KW_IDF_DATA_H_
