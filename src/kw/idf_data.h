// What IdfTable and StopWords hold.
#ifndef KWX_KW_IDF_DATA_H_
#define KWX_KW_IDF_DATA_H_

#include <cstdint>
#include <functional>
#include <string_view>
#include <string>

#include <memory>
#include <vector>

#include "util/array_ref.h"
#include "util/mapped_file.h"
#include "util/string_map.h"

namespace kwx::internal {

struct DictionaryData;

struct IdfData {
  // word -> IDF. Left empty in a compiled file whose IDF words are all trie nodes of its
  // dictionary: lookups then go through the trie (IdfTable::Get), which saves ~17 MB of file.
  StringMap<double> idf;
  std::size_t size = 0;  // entries
  double median = 0;
  // Set when the table came from a compiled file together with that dictionary: the trie's
  // units carry each word's IDF as an index into node_idf_values (DoubleArrayUnit::idf_index;
  // [0] stands for "no entry"), which saves the extractor from mapping the table onto the trie at
  // start-up and a second cache miss per token. An idf.txt has a few thousand distinct values.
  ArrayRef<double> node_idf_values;
  // Shared: the table reads that trie, so it keeps it alive (see IdfTable).
  std::shared_ptr<const DictionaryData> node_idf_dictionary;
  bool every_word_has_node = false;  // in that dictionary's trie
  std::shared_ptr<const MappedFile> mapping;  // keeps a compiled file's memory alive, if viewed
};

// An IDF table mapped onto one dictionary's trie (the form IdfData::node_idf_dictionary's units
// hold it in, as a separate array).
struct NodeIdf {
  std::vector<std::uint32_t> index;  // per trie slot; 0 = the slot's word has no IDF
  std::vector<double> values;        // values[0] is unused
  bool every_word_has_node = true;   // no word of the table was left without a node
};

// Calls f(word, value) for every entry of the table, whichever form it has (for a compiled
// table without a word map, in trie order).
void ForEachIdfEntry(const IdfData& idf,
                     const std::function<void(std::string_view word, double value)>& f);

NodeIdf MapIdfOntoTrie(const DictionaryData& dict, const IdfData& idf);

struct StopWordData {
  StringMap<bool> words;
};

}  // namespace kwx::internal

#endif  // KWX_KW_IDF_DATA_H_
