// CompiledData::Compile: a Dictionary and an IdfTable into the compiled file
// (dict/compiled_format.h).
#include <cstring>
#include <string>
#include <vector>

#include "access.h"
#include "dict/block_checksum.h"
#include "dict/compiled_format.h"
#include "dict/dictionary_data.h"
#include "kw/idf_data.h"
#include "kwx/compiled.h"
#include "util/output_file.h"

namespace kwx {

namespace {

using internal::DoubleArrayUnit;
using internal::kHmmStates;
using namespace internal::compiled;  // NOLINT: the format's names, in this .cc only

class Writer {
 public:
  template <typename T>
  void Add(SectionId id, std::span<const T> items) {
    Add(id, sizeof(T), items.data(), items.size_bytes());
  }
  void Add(SectionId id, std::uint32_t element_size, const void* data, std::size_t size) {
    sections_.push_back({id, element_size, 0, size});
    payloads_.emplace_back(static_cast<const char*>(data), size);
  }

  std::string Finish() {
    std::size_t offset = Align(sizeof(Header) + sections_.size() * sizeof(SectionEntry));
    for (auto& s : sections_) {
      s.offset = offset;
      offset = Align(offset + s.size);
    }
    std::string out(offset, '\0');
    Header h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.version = kVersion;
    h.byte_order = kByteOrderMark;
    h.file_size = out.size();
    h.section_count = static_cast<std::uint32_t>(sections_.size());
    std::memcpy(out.data() + sizeof(Header), sections_.data(), sections_.size() * sizeof(SectionEntry));
    for (std::size_t i = 0; i < sections_.size(); ++i) {
      // An empty section may come from an empty span whose data() is null: nothing to copy.
      if (payloads_[i].empty()) continue;
      std::memcpy(out.data() + sections_[i].offset, payloads_[i].data(), payloads_[i].size());
    }
    h.checksum = internal::BlockChecksum(std::string_view(out).substr(sizeof(Header)));
    std::memcpy(out.data(), &h, sizeof h);
    return out;
  }

 private:
  static std::size_t Align(std::size_t n) { return (n + kAlign - 1) / kAlign * kAlign; }
  std::vector<SectionEntry> sections_;
  std::vector<std::string_view> payloads_;
};

}  // namespace

Status CompiledData::Compile(const Dictionary& dictionary, const IdfTable& idf,
                             const std::string& path) {
  // A dictionary with changes on top of a base is written as the dictionary it stands for.
  std::shared_ptr<const internal::DictionaryData> flat;
  if (internal::Access::Data(dictionary).overlay != nullptr) {
    flat = internal::Flatten(internal::Access::Data(dictionary));
  }
  const internal::DictionaryData& d = flat ? *flat : internal::Access::Data(dictionary);
  const internal::IdfData& i = internal::Access::Data(idf);
  internal::NodeIdf node_idf = internal::MapIdfOntoTrie(d, i);
  std::vector<DoubleArrayUnit> units(d.trie.unit_span().begin(), d.trie.unit_span().end());
  for (std::size_t t = 0; t < units.size(); ++t) units[t].idf_index = node_idf.index[t];
  Meta meta{d.total,
            d.log_total,
            d.word_count,
            d.trie.node_count(),
            d.alphabet_size,
            node_idf.every_word_has_node ? kEveryIdfWordHasNode : 0u,
            i.median,
            i.size};
  std::string self_test;
  for (const char* sentence : kSelfTestSentences) {
    self_test.append(sentence).append("\t").append(SelfTestOutput(dictionary, idf, sentence)).append("\n");
  }
  std::string force_split;
  d.force_split.ForEach([&](std::string_view word, bool) { force_split.append(word).push_back('\n'); });
  Writer w;
  w.Add<Meta>(kMeta, std::span<const Meta>(&meta, 1));
  w.Add(kCharBmp, d.chars.bmp());
  w.Add(kCharAstral, d.chars.astral());
  w.Add<DoubleArrayUnit>(kTrieUnits, units);
  w.Add(kFreqValues, d.freq_values.span());
  w.Add(kLogProbs, d.log_probs.span());
  w.Add(kEdgeFilter, d.edges.words());
  w.Add<double>(kHmmStart, d.hmm.start);
  w.Add(kHmmTrans, std::span<const double>(&d.hmm.trans[0][0], kHmmStates * kHmmStates));
  w.Add(kHmmEmit, d.hmm.emit_han.span());
  if (!node_idf.every_word_has_node) {
    w.Add(kIdfKeys, 1, i.idf.keys().data(), i.idf.keys().size());
    w.Add(kIdfEntries, i.idf.entries());
    w.Add(kIdfSlots, i.idf.slots());
  }
  w.Add<double>(kIdfValues, node_idf.values);
  w.Add(kNodeTags, d.node_tags.span());
  w.Add(kTagOffsets, d.tag_offsets.span());
  w.Add(kTagBytes, d.tag_bytes.span());
  if (!force_split.empty()) w.Add(kForceSplit, 1, force_split.data(), force_split.size());
  if (!d.zero_words.empty()) w.Add(kZeroWords, d.zero_words.span());
  if (d.pos != nullptr) {
    const internal::PosModel& p = *d.pos;
    w.Add(kPosPositions, p.positions.span());
    w.Add(kPosTagOffsets, p.tag_offsets.span());
    w.Add(kPosTagBytes, p.tag_bytes.span());
    w.Add(kPosStart, p.start.span());
    w.Add(kPosIntoBegin, p.into_begin.span());
    w.Add(kPosIntoFrom, p.into_from.span());
    w.Add(kPosIntoProb, p.into_prob.span());
    w.Add(kPosCharBegin, p.char_begin.span());
    w.Add(kPosCharStates, p.char_states.span());
    w.Add(kPosEmitBegin, p.emit_begin.span());
    w.Add(kPosEmitState, p.emit_state.span());
    w.Add(kPosEmitProb, p.emit_prob.span());
    w.Add(kPosIntoDense, p.into_dense.span());
  }
  w.Add(kSelfTest, 1, self_test.data(), self_test.size());

  auto out = internal::OutputFile::Open(path);
  if (!out.ok()) return out.status();
  if (Status s = out->Write(w.Finish()); !s.ok()) return s;
  return out->Commit();
}

}  // namespace kwx
