// CompiledData::Open: maps a compiled file (dict/compiled_format.h) and checks every size and
// bound before a single lookup can happen, so no byte of a damaged file can send a lookup out of
// the mapping.
#include <algorithm>
#include <cstring>
#include <future>
#include <map>
#include <string>
#include <vector>

#include "access.h"
#include "dict/block_checksum.h"
#include "dict/compiled_format.h"
#include "dict/dictionary_data.h"
#include "kw/idf_data.h"
#include "kwx/compiled.h"
#include "util/mapped_file.h"

namespace kwx {

namespace {

using internal::CharMap;
using internal::DoubleArrayUnit;
using internal::kHmmStates;
using IdfMap = internal::StringMap<double>;
using namespace internal::compiled;  // NOLINT: the format's names, in this .cc only

constexpr std::size_t kHanCount = internal::kHanLast - internal::kHanFirst + 1;

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

  bool Has(SectionId id) const { return sections_.contains(id); }

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

// The posseg HMM's sections as a PosModel viewing them, checked by PosModel::Finish (every
// index and order the decoder relies on).
StatusOr<std::shared_ptr<internal::PosModel>> ReadPosModel(const Reader& r) {
  auto model = std::make_shared<internal::PosModel>();
  std::span<const char> positions, tag_bytes;
  std::span<const std::uint32_t> tag_offsets, into_begin, char_begin, emit_begin;
  std::span<const double> start, into_prob, emit_prob, into_dense;
  std::span<const std::uint8_t> into_from, char_states, emit_state;
  if (!r.Get(kPosPositions, &positions) || !r.Get(kPosTagOffsets, &tag_offsets) ||
      !r.Get(kPosTagBytes, &tag_bytes) || !r.Get(kPosStart, &start) ||
      !r.Get(kPosIntoBegin, &into_begin) || !r.Get(kPosIntoFrom, &into_from) ||
      !r.Get(kPosIntoProb, &into_prob) || !r.Get(kPosCharBegin, &char_begin) ||
      !r.Get(kPosCharStates, &char_states) || !r.Get(kPosEmitBegin, &emit_begin) ||
      !r.Get(kPosEmitState, &emit_state) || !r.Get(kPosEmitProb, &emit_prob) ||
      !r.Get(kPosIntoDense, &into_dense)) {
    return r.Error("a POS model section is missing or has the wrong size");
  }
  using internal::ArrayRef;
  model->positions = ArrayRef<char>::View(positions);
  model->tag_offsets = ArrayRef<std::uint32_t>::View(tag_offsets);
  model->tag_bytes = ArrayRef<char>::View(tag_bytes);
  model->start = ArrayRef<double>::View(start);
  model->into_begin = ArrayRef<std::uint32_t>::View(into_begin);
  model->into_from = ArrayRef<std::uint8_t>::View(into_from);
  model->into_prob = ArrayRef<double>::View(into_prob);
  model->char_begin = ArrayRef<std::uint32_t>::View(char_begin);
  model->char_states = ArrayRef<std::uint8_t>::View(char_states);
  model->emit_begin = ArrayRef<std::uint32_t>::View(emit_begin);
  model->emit_state = ArrayRef<std::uint8_t>::View(emit_state);
  model->emit_prob = ArrayRef<double>::View(emit_prob);
  model->into_dense = ArrayRef<double>::View(into_dense);
  if (Status s = model->Finish("POS sections"); !s.ok()) {
    return r.Error(s.message());
  }
  return model;
}

}  // namespace

// A checksum computed on a thread of its own (OpenOptions::checksum_in_background).
struct CompiledData::PendingChecksum {
  std::shared_future<std::uint64_t> hash;
  std::uint64_t expected = 0;
  Status mismatch;  // the error to report when they differ
};

Status CompiledData::Checked() const {
  if (pending_ == nullptr) return Status::Ok();
  return pending_->hash.get() == pending_->expected ? Status::Ok() : pending_->mismatch;
}

StatusOr<CompiledData> CompiledData::Open(const std::string& path) { return Open(path, OpenOptions()); }

StatusOr<CompiledData> CompiledData::Open(const std::string& path, const OpenOptions& options) {
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
  std::span<const char> keys, self_test, force_split;
  std::span<const std::int32_t> zero_words;
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
    if (r.Has(kForceSplit) && !r.Get(kForceSplit, &force_split)) {
      return r.Error("a section is missing or has the wrong size");
    }
    if (r.Has(kZeroWords) && !r.Get(kZeroWords, &zero_words)) {
      return r.Error("a section is missing or has the wrong size");
    }
    for (std::size_t i = 0; i < zero_words.size(); ++i) {
      if (zero_words[i] <= 0 || static_cast<std::size_t>(zero_words[i]) >= units.size() ||
          (i > 0 && zero_words[i - 1] >= zero_words[i])) {
        return r.Error("zero-frequency words out of bounds");
      }
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
  auto pending = std::make_shared<PendingChecksum>();
  pending->expected = r.checksum();
  pending->mismatch = r.Error("checksum mismatch (damaged)");
  bool checks_passed = true;
  if (options.checksum_in_background) {
    // The thread keeps the mapping alive; the future's last copy waits for it.
    pending->hash = std::async(std::launch::async, [payload, keep = *mapping] {
                      return internal::BlockChecksum(payload);
                    }).share();
    checks_passed = check_block(0, payload.size());
  } else {
    const internal::BlockScan scan = internal::ScanBlocks(payload, check_block);
    std::promise<std::uint64_t> done;
    done.set_value(scan.checksum);
    pending->hash = done.get_future().share();
    checks_passed = scan.checks_passed;
  }
  // A checksum mismatch is reported before any other error: it says more about the cause.
  CompiledData checked(nullptr, nullptr);
  checked.pending_ = pending;
  auto fail = [&checked](Status s) {
    Status verdict = checked.Checked();
    return verdict.ok() ? s : verdict;
  };
  if (!options.checksum_in_background) {
    if (Status verdict = checked.Checked(); !verdict.ok()) return verdict;
  }
  if (!sections.ok()) return fail(sections);
  if (!checks_passed) return fail(r.Error("trie out of bounds"));

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
  if (!structure.ok()) return fail(structure);
  const Meta& m = meta[0];
  const bool idf_map = (m.flags & kEveryIdfWordHasNode) == 0;

  auto dict_data = std::make_shared<internal::DictionaryData>();
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
  dict_data->zero_words = internal::ArrayRef<std::int32_t>::View(zero_words);
  dict_data->total = m.total;
  dict_data->log_total = m.log_total;
  dict_data->word_count = m.word_count;
  std::copy(start.begin(), start.end(), dict_data->hmm.start.begin());
  for (int a = 0; a < kHmmStates; ++a) {
    for (int b = 0; b < kHmmStates; ++b) dict_data->hmm.trans[a][b] = trans[a * kHmmStates + b];
  }
  dict_data->hmm.emit_han = internal::ArrayRef<std::array<double, kHmmStates>>::View(emit);
  std::string_view split_words(force_split.data(), force_split.size());
  for (std::size_t pos = 0; pos < split_words.size();) {
    std::size_t nl = split_words.find('\n', pos);
    if (nl == std::string_view::npos) return fail(r.Error("bad force-split section"));
    dict_data->force_split.Put(split_words.substr(pos, nl - pos), true);
    pos = nl + 1;
  }
  dict_data->mapping = *mapping;
  if (r.Has(kPosStart)) {
    auto pos = ReadPosModel(r);
    if (!pos.ok()) return fail(pos.status());
    auto model = std::move(pos.value());
    model->mapping = *mapping;
    dict_data->pos = std::move(model);
  }

  auto idf_data = std::make_shared<internal::IdfData>();
  if (idf_map) idf_data->idf = IdfMap::View(std::string_view(keys.data(), keys.size()), entries, slots);
  idf_data->size = m.idf_size;
  idf_data->median = m.idf_median;
  idf_data->node_idf_values = internal::ArrayRef<double>::View(idf_values);
  idf_data->node_idf_dictionary = dict_data;
  idf_data->every_word_has_node = !idf_map;
  idf_data->mapping = *mapping;

  CompiledData data(internal::Access::MakeDictionary(std::move(dict_data)),
                    internal::Access::MakeIdfTable(std::move(idf_data)));

  // The self-test: the data must still give the answers it gave when it was compiled.
  std::string_view tests(self_test.data(), self_test.size());
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < tests.size();) {
    std::size_t nl = tests.find('\n', pos);
    if (nl == std::string_view::npos) return fail(r.Error("bad self-test section"));
    std::string_view line = tests.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return fail(r.Error("bad self-test section"));
    std::string_view sentence = line.substr(0, tab);
    if (SelfTestOutput(*data.dictionary_, *data.idf_, sentence) != line.substr(tab + 1)) {
      return fail(r.Error("self-test " + std::to_string(line_no) + " failed: the data no longer "
                          "gives the results it was compiled with"));
    }
  }
  if (options.checksum_in_background) data.pending_ = std::move(pending);
  return data;
}

}  // namespace kwx
