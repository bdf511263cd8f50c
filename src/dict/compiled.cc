// The compiled data file (include/kwx/compiled.h).
//
// Layout, little-endian, every section 64-byte aligned:
//   Header       magic "KWXDICT\0", version, byte-order mark, file size, checksum, section count
//   SectionEntry[section count]   id, element size, offset, size in bytes
//   sections     kMeta, the character map, the trie units (each with its word's frequency index
//                and IDF index), the distinct frequencies and their logs, the edge filter, the
//                HMM tables, the distinct IDF values, the POS tag index per trie slot and the
//                distinct tags, the IDF word map (keys, entries, slots;
//                only when some IDF word is not a trie node), the self-test lines
// The checksum (XXH3-64 of each MiB, then of those hashes: dict/block_checksum.h) covers
// everything after the header. Open() checks every size and bound before a
// single lookup can happen, so no byte of a damaged file can send a lookup out of the mapping.
#include "kwx/compiled.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <map>
#include <vector>

#include "dict/block_checksum.h"
#include "dict/dictionary_data.h"
#include "kw/idf_data.h"
#include "kwx/segmenter.h"
#include "kwx/text.h"
#include "util/mapped_file.h"

namespace kwx {

namespace {

using internal::CharMap;
using internal::DoubleArrayUnit;
using internal::kHmmStates;
using IdfMap = internal::StringMap<double>;

constexpr char kMagic[8] = {'K', 'W', 'X', 'D', 'I', 'C', 'T', '\0'};
// 2: frequencies and per-node IDF as indexes into value tables; the IDF word map omitted when
// every IDF word is a trie node. 3: both indexes inside the trie units, the logs of the
// frequencies stored, XXH3 as the checksum. 4: the pair filter became the edge filter. 5: the
// checksum hashes each MiB (so that loading can check the file in one pass). 6: POS tags.
constexpr std::uint32_t kVersion = 6;
constexpr std::uint32_t kByteOrderMark = 0x01020304;
constexpr std::size_t kAlign = 64;
constexpr std::size_t kHanCount = internal::kHanLast - internal::kHanFirst + 1;

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
  kSectionLimit,
};

// Sentences whose segmentation and keywords the writer records and Open() recomputes: they
// exercise dictionary words, the HMM, English, digits and the IDF table.
constexpr const char* kSelfTestSentences[] = {
    "我来到北京清华大学",
    "他来到了网易杭研大厦",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。",
    "The UTF-8 e-mail 3.14% C++ 程序设计语言",
};


// One line of self-test: the accurate tokens joined by \x1f, a tab, the top-5 keywords.
std::string SelfTestOutput(const Dictionary& dict, const IdfTable& idf, std::string_view sentence) {
  Segmenter segmenter(dict);
  StopWords stop_words;
  KeywordExtractor extractor(segmenter, idf, stop_words);
  Workspace ws;
  std::vector<std::string_view> tokens;
  segmenter.Cut(sentence, CutMode::kAccurate, true, ws, &tokens);
  std::string out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0) out.push_back('\x1f');
    out.append(tokens[i]);
  }
  out.push_back('\t');
  std::vector<Keyword> keywords;
  extractor.Extract(sentence, 5, ws, &keywords);
  for (const Keyword& k : keywords) {
    out.append(k.word);
    out.push_back(':');
    AppendPythonFloat(k.weight, &out);
    out.push_back(' ');
  }
  return out;
}

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

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  std::string temp = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return Status(StatusCode::kIoError, "cannot write '" + path + "': " + std::strerror(errno));
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      return Status(StatusCode::kIoError, "cannot write '" + path + "': " + std::strerror(err));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  ::fchmod(fd, 0644);
  if (::close(fd) != 0 || ::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    return Status(StatusCode::kIoError, "cannot write '" + path + "': " + std::strerror(err));
  }
  return Status::Ok();
}

// Typed access to the validated sections of a mapping.
class Reader {
 public:
  Reader(std::string_view file, std::string path) : file_(file), path_(std::move(path)) {}

  Status Error(const std::string& why) const {
    return Status(StatusCode::kDataError, "invalid compiled data file '" + path_ + "': " + why);
  }

  Status ReadHeader() {
    if (file_.size() < sizeof(Header)) return Error("truncated (no header)");
    Header h;
    std::memcpy(&h, file_.data(), sizeof h);
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return Error("not a kwx compiled file");
    if (h.byte_order != kByteOrderMark) return Error("written on a machine of another byte order");
    if (h.version != kVersion) {
      return Error("format version " + std::to_string(h.version) + ", this kwx reads version " +
                   std::to_string(kVersion) + "; recompile it with `kwx dict compile`");
    }
    if (h.file_size != file_.size()) {
      return Error("truncated or extended: " + std::to_string(file_.size()) + " bytes, header says " +
                   std::to_string(h.file_size));
    }
    if (h.section_count >= 1024 ||
        sizeof(Header) + std::uint64_t{h.section_count} * sizeof(SectionEntry) > file_.size()) {
      return Error("bad section table");
    }
    checksum_ = h.checksum;
    for (std::uint32_t i = 0; i < h.section_count; ++i) {
      SectionEntry e;
      std::memcpy(&e, file_.data() + sizeof(Header) + i * sizeof(SectionEntry), sizeof e);
      if (e.offset % 8 != 0 || e.offset > file_.size() || e.size > file_.size() - e.offset ||
          e.element_size == 0 || e.size % e.element_size != 0) {
        return Error("section " + std::to_string(e.id) + " out of bounds");
      }
      sections_[e.id] = e;
    }
    return Status::Ok();
  }

  // The bytes the checksum covers (everything after the header), and the checksum recorded.
  std::string_view payload() const { return file_.substr(sizeof(Header)); }
  std::uint64_t checksum() const { return checksum_; }

  // The section as T[], checking that it exists and was written with T's size.
  template <typename T>
  bool Get(SectionId id, std::span<const T>* out) const {
    auto it = sections_.find(id);
    if (it == sections_.end() || it->second.element_size != sizeof(T)) return false;
    *out = {reinterpret_cast<const T*>(file_.data() + it->second.offset), it->second.size / sizeof(T)};
    return true;
  }

 private:
  std::string_view file_;
  std::string path_;
  std::map<std::uint32_t, SectionEntry> sections_;
  std::uint64_t checksum_ = 0;
};

}  // namespace

CompiledData::CompiledData(CompiledData&&) noexcept = default;
CompiledData& CompiledData::operator=(CompiledData&&) noexcept = default;
CompiledData::~CompiledData() = default;

Status CompiledData::Compile(const Dictionary& dictionary, const IdfTable& idf,
                             const std::string& path) {
  const internal::DictionaryData& d = dictionary.data();
  const internal::IdfData& i = idf.data();
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
  w.Add(kSelfTest, 1, self_test.data(), self_test.size());
  return WriteFileAtomically(path, w.Finish());
}

StatusOr<CompiledData> CompiledData::Open(const std::string& path) {
  auto mapping = internal::MappedFile::Open(path, "compiled data file");
  if (!mapping.ok()) return mapping.status();
  Reader r((*mapping)->bytes(), path);
  if (Status s = r.ReadHeader(); !s.ok()) return s;
  std::span<const Meta> meta;
  std::span<const std::uint32_t> bmp, tag_offsets;
  std::span<const std::uint16_t> node_tags;
  std::span<const char> tag_bytes;
  std::span<const CharMap::Astral> astral;
  std::span<const DoubleArrayUnit> units;
  std::span<const std::uint64_t> freq_values, edge_words;
  std::span<const double> log_probs, start, trans, idf_values;
  std::span<const std::array<double, kHmmStates>> emit;
  std::span<const char> keys, self_test;
  std::span<const IdfMap::Entry> entries;
  std::span<const IdfMap::Slot> slots;
  // The section table and the sizes: nothing here reads more than a few bytes of data.
  Status sections = [&]() -> Status {
    if (!r.Get(kMeta, &meta) || meta.size() != 1 || !r.Get(kCharBmp, &bmp) ||
        bmp.size() != CharMap::kBmpSize || !r.Get(kCharAstral, &astral) || !r.Get(kTrieUnits, &units) ||
        !r.Get(kFreqValues, &freq_values) || !r.Get(kLogProbs, &log_probs) ||
        log_probs.size() != freq_values.size() ||
        !r.Get(kHmmStart, &start) || start.size() != kHmmStates ||
        !r.Get(kHmmTrans, &trans) || trans.size() != kHmmStates * kHmmStates ||
        !r.Get(kHmmEmit, &emit) || emit.size() != kHanCount ||
        !r.Get(kIdfValues, &idf_values) || !r.Get(kSelfTest, &self_test) ||
        !r.Get(kEdgeFilter, &edge_words) || edge_words.size() != internal::EdgeFilter::kBits / 64 ||
        !r.Get(kNodeTags, &node_tags) || node_tags.size() != units.size() ||
        !r.Get(kTagOffsets, &tag_offsets) || tag_offsets.size() < 2 || !r.Get(kTagBytes, &tag_bytes)) {
      return r.Error("a section is missing or has the wrong size");
    }
    const Meta& m = meta[0];
    const bool idf_map = (m.flags & kEveryIdfWordHasNode) == 0;
    if (idf_map && (!r.Get(kIdfKeys, &keys) || !r.Get(kIdfEntries, &entries) || !r.Get(kIdfSlots, &slots))) {
      return r.Error("a section is missing or has the wrong size");
    }
    if (m.node_count > units.size() ||
        !internal::DoubleArray::ValidateShape(units, m.alphabet_size, freq_values.size(), idf_values.size())) {
      return r.Error("trie out of bounds");
    }
    return Status::Ok();
  }();

  // One pass over the file: each MiB is hashed, then the trie units that start in it are
  // bounds-checked while it is in cache (the units are most of the file): about 1 ms less than
  // hashing the whole file and then checking the units, which was most of the start-up.
  // Checking a unit of a damaged file is safe: every section lies inside the mapping.
  const std::string_view payload = r.payload();
  const bool check_units = sections.ok();
  const std::size_t units_at =
      check_units ? static_cast<std::size_t>(reinterpret_cast<const char*>(units.data()) - payload.data()) : 0;
  auto check_block = [&](std::size_t begin, std::size_t end) {
    if (!check_units) return true;
    // The units whose first byte lies in [begin, end).
    auto first_at_or_after = [&](std::size_t offset) {
      return offset <= units_at ? 0 : std::min(units.size(), (offset - units_at + sizeof(DoubleArrayUnit) - 1) / sizeof(DoubleArrayUnit));
    };
    std::size_t first = first_at_or_after(begin), last = first_at_or_after(end);
    return first >= last ||
           internal::DoubleArray::ValidateSlice(units.subspan(first, last - first), units.size(),
                                                meta[0].alphabet_size, freq_values.size(), idf_values.size());
  };
  const internal::BlockScan scan = internal::ScanBlocks(payload, check_block);
  // A checksum mismatch is reported before any structure error: it says more about the cause.
  if (scan.checksum != r.checksum()) return r.Error("checksum mismatch (damaged)");
  if (!sections.ok()) return sections;
  if (!scan.checks_passed) return r.Error("trie out of bounds");

  Status structure = [&]() -> Status {
    const Meta& m = meta[0];
    const bool idf_map = (m.flags & kEveryIdfWordHasNode) == 0;
    for (std::uint32_t id : bmp) {
      if (id >= m.alphabet_size) return r.Error("character map out of bounds");
    }
    // Tag() checks each index against the table; the table itself must stay inside its bytes.
    if (tag_offsets[0] != 0 || tag_offsets.back() > tag_bytes.size() ||
        !std::is_sorted(tag_offsets.begin(), tag_offsets.end())) {
      return r.Error("POS tag table out of bounds");
    }
    for (std::size_t k = 0; k < astral.size(); ++k) {
      if (astral[k].id >= m.alphabet_size || (k > 0 && astral[k - 1].code_point >= astral[k].code_point)) {
        return r.Error("character map out of order");
      }
    }
    if (idf_map) {
      std::size_t empty_slots = 0;
      if (slots.empty() || (slots.size() & (slots.size() - 1)) != 0) return r.Error("bad IDF table");
      for (const IdfMap::Slot& s : slots) {
        if (s.entry > entries.size()) return r.Error("IDF table out of bounds");
        empty_slots += s.entry == 0;
      }
      if (empty_slots == 0) return r.Error("IDF table full");  // a lookup would never stop
      for (const IdfMap::Entry& e : entries) {
        if (e.offset > keys.size() || e.length > keys.size() - e.offset) return r.Error("IDF key out of bounds");
      }
    }
    return Status::Ok();
  }();
  if (!structure.ok()) return structure;
  const Meta& m = meta[0];
  const bool idf_map = (m.flags & kEveryIdfWordHasNode) == 0;

  auto dict_data = std::make_unique<internal::DictionaryData>();
  dict_data->chars = CharMap(internal::ArrayRef<std::uint32_t>::View(bmp),
                             internal::ArrayRef<CharMap::Astral>::View(astral));
  dict_data->alphabet_size = m.alphabet_size;
  dict_data->trie = internal::DoubleArray::View(units, m.node_count);
  dict_data->freq_values = internal::ArrayRef<std::uint64_t>::View(freq_values);
  dict_data->log_probs = internal::ArrayRef<double>::View(log_probs);
  dict_data->node_tags = internal::ArrayRef<std::uint16_t>::View(node_tags);
  dict_data->tag_offsets = internal::ArrayRef<std::uint32_t>::View(tag_offsets);
  dict_data->tag_bytes = internal::ArrayRef<char>::View(tag_bytes);
  dict_data->edges = internal::EdgeFilter(internal::ArrayRef<std::uint64_t>::View(edge_words));
  dict_data->total = m.total;
  dict_data->log_total = m.log_total;
  dict_data->word_count = m.word_count;
  std::copy(start.begin(), start.end(), dict_data->hmm.start.begin());
  for (int a = 0; a < kHmmStates; ++a) {
    for (int b = 0; b < kHmmStates; ++b) dict_data->hmm.trans[a][b] = trans[a * kHmmStates + b];
  }
  dict_data->hmm.emit_han = internal::ArrayRef<std::array<double, kHmmStates>>::View(emit);
  dict_data->mapping = *mapping;

  auto idf_data = std::make_unique<internal::IdfData>();
  if (idf_map) idf_data->idf = IdfMap::View(std::string_view(keys.data(), keys.size()), entries, slots);
  idf_data->size = m.idf_size;
  idf_data->median = m.idf_median;
  idf_data->node_idf_values = internal::ArrayRef<double>::View(idf_values);
  idf_data->node_idf_dictionary = dict_data.get();
  idf_data->every_word_has_node = !idf_map;
  idf_data->mapping = *mapping;

  CompiledData data;
  data.dictionary_.reset(new Dictionary(std::move(dict_data)));
  data.idf_.reset(new IdfTable(std::move(idf_data)));

  // The self-test: the data must still give the answers it gave when it was compiled.
  std::string_view tests(self_test.data(), self_test.size());
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < tests.size();) {
    std::size_t nl = tests.find('\n', pos);
    if (nl == std::string_view::npos) return r.Error("bad self-test section");
    std::string_view line = tests.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return r.Error("bad self-test section");
    std::string_view sentence = line.substr(0, tab);
    if (SelfTestOutput(*data.dictionary_, *data.idf_, sentence) != line.substr(tab + 1)) {
      return r.Error("self-test " + std::to_string(line_no) + " failed: the data no longer gives the "
                     "results it was compiled with");
    }
  }
  return data;
}

}  // namespace kwx
