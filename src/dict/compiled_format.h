// The layout of the compiled data file (include/kwx/compiled.h), shared by its writer
// (compiled_writer.cc) and its reader (compiled_reader.cc).
//
// Little-endian, every section 64-byte aligned:
//   Header       magic "KWXDICT\0", version, byte-order mark, file size, checksum, section count
//   SectionEntry[section count]   id, element size, offset, size in bytes
//   sections     kMeta, the character map, the trie units (each with its word's frequency index
//                and IDF index), the distinct frequencies and their logs, the edge filter, the
//                HMM tables, the distinct IDF values, the POS tag index per trie slot and the
//                distinct tags, the IDF word map (keys, entries, slots; only when some IDF word
//                is not a trie node), the force-split words (only when there are any), the
//                posseg HMM (only when the dictionary has one), the self-test lines
// The checksum (XXH3-64 of each MiB, then of those hashes: dict/block_checksum.h) covers
// everything after the header.
#ifndef KWX_DICT_COMPILED_FORMAT_H_
#define KWX_DICT_COMPILED_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "kwx/dictionary.h"
#include "kwx/keywords.h"

namespace kwx::internal::compiled {

constexpr char kMagic[8] = {'K', 'W', 'X', 'D', 'I', 'C', 'T', '\0'};
// 2: frequencies and per-node IDF as indexes into value tables; the IDF word map omitted when
// every IDF word is a trie node. 3: both indexes inside the trie units, the logs of the
// frequencies stored, XXH3 as the checksum. 4: the pair filter became the edge filter. 5: the
// checksum hashes each MiB (so that loading can check the file in one pass). 6: POS tags.
// 7: force-split words (jieba's del_word). 8: jieba.posseg's HMM.
constexpr std::uint32_t kVersion = 9;
constexpr std::uint32_t kByteOrderMark = 0x01020304;
constexpr std::size_t kAlign = 64;

struct Header {
  char magic[8];
  std::uint32_t version;
  std::uint32_t byte_order;
  std::uint64_t file_size;
  std::uint64_t checksum;
  std::uint32_t section_count;
  std::uint32_t reserved;
};

struct SectionEntry {
  std::uint32_t id;
  std::uint32_t element_size;
  std::uint64_t offset;
  std::uint64_t size;
};

struct Meta {
  std::uint64_t total;
  double log_total;
  std::uint64_t word_count;
  std::uint64_t node_count;
  std::uint32_t alphabet_size;
  std::uint32_t flags;  // kEveryIdfWordHasNode
  double idf_median;
  std::uint64_t idf_size;
};

// Meta::flags. kEveryIdfWordHasNode: every IDF word is a trie node, so the file has no IDF word
// map (lookups go through the trie) and the extractor needs no string lookups.
constexpr std::uint32_t kEveryIdfWordHasNode = 1;

enum SectionId : std::uint32_t {
  kMeta = 1,
  kCharBmp,
  kCharAstral,
  kTrieUnits,       // DoubleArrayUnit: freq_index into kFreqValues/kLogProbs, idf_index into kIdfValues
  kFreqValues,
  kLogProbs,
  kHmmStart,
  kHmmTrans,
  kHmmEmit,
  kIdfKeys,
  kIdfEntries,
  kIdfSlots,
  kIdfValues,
  kNodeTags,        // per slot: index into the POS tags (0 = none)
  kTagOffsets,
  kTagBytes,
  kEdgeFilter,
  kSelfTest,
  kForceSplit,      // optional: the force-split words, each followed by '\n'
  // Optional, all or none: jieba.posseg's HMM, PosModel's arrays (dict/pos_model.h).
  kPosPositions,
  kPosTagOffsets,
  kPosTagBytes,
  kPosStart,
  kPosIntoBegin,
  kPosIntoFrom,
  kPosIntoProb,
  kPosCharBegin,
  kPosCharStates,
  kPosEmitBegin,
  kPosEmitState,
  kPosEmitProb,
  kZeroWords,       // optional: DictionaryData::zero_words (int32 trie nodes, sorted)
  kPosIntoDense,    // with the POS sections: PosModel::into_dense (states * states doubles)
  kSectionLimit,
};

// Sentences whose segmentation and keywords the writer records and the reader recomputes: they
// exercise dictionary words, the HMM, English, digits and the IDF table.
constexpr const char* kSelfTestSentences[] = {
    "我来到北京清华大学",
    "他来到了网易杭研大厦",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。",
    "The UTF-8 e-mail 3.14% C++ 程序设计语言",
};

// One line of self-test: the accurate tokens joined by \x1f, a tab, the top-5 keywords, and
// when the dictionary has a POS model, a tab and the posseg words as word\x1eflag joined by \x1f.
std::string SelfTestOutput(const Dictionary& dict, const IdfTable& idf, std::string_view sentence);

}  // namespace kwx::internal::compiled

#endif  // KWX_DICT_COMPILED_FORMAT_H_
