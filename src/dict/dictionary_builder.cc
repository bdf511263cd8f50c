// DictionaryBuilder: the words in order, frozen into the double-array trie and its tables.
#include "kwx/dictionary_builder.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include "access.h"
#include "dict/dict_text.h"
#include "dict/dictionary_data.h"
#include "dict/user_dict.h"
#include "kwx/text.h"
#include "util/file.h"
#include "util/utf8.h"

namespace kwx {

using internal::DictionaryData;
using internal::DoubleArray;
using internal::DoubleArrayUnit;

namespace {

// Characters numbered by how many words use them, most used first (so the hot part of the trie
// is compact), ties by code point; `after` characters already numbered are skipped and the new
// ones numbered after them.
void NumberCharacters(const std::unordered_map<char32_t, std::uint32_t>& uses,
                      std::vector<std::pair<char32_t, std::uint32_t>>* ids) {
  std::vector<std::pair<char32_t, std::uint32_t>> order(uses.begin(), uses.end());
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  for (const auto& [c, n] : order) {
    ids->emplace_back(c, static_cast<std::uint32_t>(ids->size() + 1));
  }
}

// Turns the entries into the trie. Mirrors gen_pfdict and add_word: a later entry for the same
// word replaces the earlier frequency and the tag (but for add_word without a tag); every prefix exists (as a
// 0-frequency node if nothing else); `total` counts every entry. `index_only` words become nodes
// with no frequency; their characters get ids after the dictionary's own, so the dictionary's
// layout does not depend on them.
std::shared_ptr<const DictionaryData> BuildData(const internal::DictText& text,
                                                internal::HmmModel hmm,
                                                std::shared_ptr<const internal::PosModel> pos,
                                                const std::vector<std::u32string>& index_only,
                                                const std::vector<std::string>& force_split) {
  auto data = std::make_shared<DictionaryData>();
  data->hmm = std::move(hmm);
  data->pos = std::move(pos);
  data->total = text.total;
  data->log_total = std::log(static_cast<double>(text.total));
  for (const std::string& w : force_split) data->force_split.Put(w, true);

  std::unordered_map<char32_t, std::uint32_t> uses;
  for (const auto& e : text.entries) {
    for (char32_t c : e.word) ++uses[c];
  }
  std::vector<std::pair<char32_t, std::uint32_t>> ids;
  NumberCharacters(uses, &ids);
  std::unordered_map<char32_t, std::uint32_t> extra_uses;
  for (const auto& w : index_only) {
    for (char32_t c : w) {
      if (!uses.contains(c)) ++extra_uses[c];
    }
  }
  NumberCharacters(extra_uses, &ids);
  data->chars = internal::CharMap::Build(ids);
  data->alphabet_size = static_cast<std::uint32_t>(ids.size() + 1);

  // Words as id strings in one flat buffer; the last entry for a word wins.
  std::vector<std::uint32_t> flat;
  struct Key {
    std::size_t offset, length, entry;
  };
  std::vector<Key> keys;
  keys.reserve(index_only.size() + text.entries.size());
  // Index-only words first: for a word in both, the dictionary's entry (later) is kept.
  constexpr std::size_t kIndexOnly = static_cast<std::size_t>(-1);
  for (const auto& w : index_only) {
    keys.push_back({flat.size(), w.size(), kIndexOnly});
    for (char32_t c : w) flat.push_back(data->chars.Id(c));
  }
  for (std::size_t i = 0; i < text.entries.size(); ++i) {
    const auto& w = text.entries[i].word;
    keys.push_back({flat.size(), w.size(), i});
    for (char32_t c : w) flat.push_back(data->chars.Id(c));
  }
  auto ids_of = [&](const Key& k) {
    return std::span<const std::uint32_t>(flat.data() + k.offset, k.length);
  };
  std::stable_sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    auto x = ids_of(a), y = ids_of(b);
    return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end());
  });
  std::vector<DoubleArray::Entry> entries;
  std::vector<std::size_t> tag_entry;  // per trie entry: the entry whose tag it has, or kIndexOnly
  std::vector<std::uint64_t> freq_values = {0};
  std::vector<double> log_probs = {0.0};
  std::unordered_map<std::uint64_t, std::uint32_t> freq_index = {{0, DoubleArrayUnit::kNotWord}};
  entries.reserve(keys.size());
  std::vector<std::size_t> zero_entries;  // entries with frequency 0 (in FREQ, not words)
  std::size_t tagged = kIndexOnly;  // the entry that set the tag, in the current run of equal keys
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].entry != kIndexOnly && !text.entries[keys[i].entry].keeps_tag) {
      tagged = keys[i].entry;
    }
    if (i + 1 < keys.size() && std::ranges::equal(ids_of(keys[i]), ids_of(keys[i + 1]))) {
      continue;  // stable sort: the later entry comes later, and it is the one jieba keeps
    }
    std::int64_t f = keys[i].entry == kIndexOnly ? 0 : text.entries[keys[i].entry].freq;
    auto [it, added] = freq_index.try_emplace(static_cast<std::uint64_t>(f),
                                              static_cast<std::uint32_t>(freq_values.size()));
    if (added) {
      freq_values.push_back(static_cast<std::uint64_t>(f));
      // log(f) - log(total), evaluated exactly as jieba's calc() does before adding the route.
      log_probs.push_back(std::log(static_cast<double>(f)) - data->log_total);
    }
    if (f == 0 && keys[i].entry != kIndexOnly) zero_entries.push_back(entries.size());
    entries.push_back({ids_of(keys[i]), it->second});
    tag_entry.push_back(tagged);
    tagged = kIndexOnly;
    if (f > 0) ++data->word_count;
  }
  data->trie = DoubleArray::Build(entries, data->alphabet_size);
  data->edges = internal::EdgeFilter::Build(data->trie);
  std::vector<std::int32_t> zero_words;
  for (std::size_t i : zero_entries) zero_words.push_back(data->Find(entries[i].ids));
  std::sort(zero_words.begin(), zero_words.end());
  data->zero_words = internal::ArrayRef<std::int32_t>(std::move(zero_words));
  // POS tags by node; distinct tags numbered from 1 in order of appearance.
  std::vector<std::uint16_t> node_tags(data->trie.size(), 0);
  std::vector<std::uint32_t> tag_offsets = {0, 0};
  std::string tag_bytes;
  std::unordered_map<std::string, std::uint16_t> tag_index;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (tag_entry[i] == kIndexOnly || text.entries[tag_entry[i]].tag.empty()) continue;
    const std::string& tag = text.entries[tag_entry[i]].tag;
    auto [it, added] = tag_index.try_emplace(tag, static_cast<std::uint16_t>(tag_offsets.size() - 1));
    if (added) {
      tag_bytes += tag;
      tag_offsets.push_back(static_cast<std::uint32_t>(tag_bytes.size()));
    }
    node_tags[static_cast<std::size_t>(data->Find(entries[i].ids))] = it->second;
  }
  data->node_tags = internal::ArrayRef<std::uint16_t>(std::move(node_tags));
  data->tag_offsets = internal::ArrayRef<std::uint32_t>(std::move(tag_offsets));
  data->tag_bytes = internal::ArrayRef<char>(std::vector<char>(tag_bytes.begin(), tag_bytes.end()));
  data->freq_values = internal::ArrayRef<std::uint64_t>(std::move(freq_values));
  data->log_probs = internal::ArrayRef<double>(std::move(log_probs));
  return data;
}

Status AddToTotal(std::uint64_t* total, std::uint64_t freq, const std::string& where) {
  if (*total > std::numeric_limits<std::uint64_t>::max() - freq) {
    return Status(StatusCode::kDataError, where + ": the frequency total overflows 64 bits");
  }
  *total += freq;
  return Status::Ok();
}

// Fills what the route walk reads of the overlay (Overlay::reweighted, branches, MayChangeWalk's
// tables, the edges' route values) from `root`'s trie and `log_probs`, the snapshot's logs of the
// root's distinct frequencies.
void LinkOverlay(const DictionaryData& root, std::span<const double> log_probs,
                 internal::Overlay& overlay) {
  using internal::Overlay;
  using internal::OverlayTrie;
  const std::size_t count = overlay.trie.node_count();
  std::vector<std::int32_t> parent_of(count, OverlayTrie::kNone);
  std::vector<char32_t> char_of(count, 0);
  overlay.trie.ForEachEdge([&](std::int32_t child, std::int32_t parent, char32_t c) {
    parent_of[static_cast<std::size_t>(child)] = parent;
    char_of[static_cast<std::size_t>(child)] = c;
  });
  overlay.route_log_probs.assign(log_probs.begin(), log_probs.end());
  const auto first_own = static_cast<std::uint32_t>(overlay.route_log_probs.size()) - 1;
  overlay.route_log_probs.insert(overlay.route_log_probs.end(), overlay.log_probs.begin() + 1,
                                 overlay.log_probs.end());
  // The trie node of each overlay node (kNone where the trie lacks its characters). A node's id
  // is larger than its parent's (Insert makes the parent first), so one pass in id order finds
  // every parent's before its children's.
  std::vector<std::int32_t> trie_node_of(count, DoubleArray::kNone);
  std::vector<std::uint32_t> value_of(count, 0);
  std::vector<decltype(overlay.reweighted)::Item> reweighted;
  std::vector<decltype(overlay.branches)::Item> branches;
  std::vector<std::uint64_t> first_two_chars;
  trie_node_of[0] = DoubleArray::kRoot;
  for (std::size_t o = 1; o < count; ++o) {
    const std::int32_t parent_node = parent_of[o];
    const char32_t c = char_of[o];
    const std::int32_t parent = trie_node_of[static_cast<std::size_t>(parent_node)];
    const std::uint32_t id = root.chars.Id(c);
    const std::int32_t node =
        parent == DoubleArray::kNone || id == 0 ? DoubleArray::kNone : root.trie.Child(parent, id);
    trie_node_of[o] = node;
    const std::uint32_t own = overlay.nodes[o].freq_index;
    if (own != 0) value_of[o] = overlay.freq_values[own] != 0 ? first_own + own : 0;
    if (node != DoubleArray::kNone && own != 0) {
      reweighted.push_back({static_cast<std::uint32_t>(node), value_of[o]});
    } else if (node == DoubleArray::kNone && parent != DoubleArray::kNone) {
      branches.push_back({Overlay::BranchKey(parent, c), {static_cast<std::int32_t>(o), value_of[o]}});
    }
    if (parent_node == OverlayTrie::kRoot) {
      if (own != 0 && c < Overlay::kBmpSize) overlay.one_char_words[c / 64] |= std::uint64_t{1} << (c % 64);
    } else if (parent_of[static_cast<std::size_t>(parent_node)] == OverlayTrie::kRoot) {
      first_two_chars.push_back(std::uint64_t{char_of[static_cast<std::size_t>(parent_node)]} << 32 | c);
    }
  }
  overlay.reweighted = decltype(overlay.reweighted)(reweighted);
  overlay.branches = decltype(overlay.branches)(branches);
  overlay.first_two_chars = internal::BloomFilter(first_two_chars.size());
  for (std::uint64_t key : first_two_chars) overlay.first_two_chars.Add(key);
  overlay.trie.SetValues(value_of);
}

// The overlay of `entries` (every change since the root, in order) with `total`'s logs, linked to
// `root`'s trie (`log_probs`: the snapshot's logs of the root's frequencies).
std::shared_ptr<const internal::Overlay> BuildOverlay(std::vector<internal::DictEntry> entries,
                                                      double log_total, const DictionaryData& root,
                                                      std::span<const double> log_probs) {
  auto overlay = std::make_shared<internal::Overlay>();
  std::unordered_map<std::uint64_t, std::uint32_t> freq_index;
  std::unordered_map<std::string, std::uint32_t> tag_index;
  std::size_t chars = 0;
  for (const internal::DictEntry& e : entries) chars += e.word.size();
  // At most one edge per character, and the first characters of BMP words are not in the slot
  // table: no rehash while inserting.
  overlay->trie.Reserve(chars > entries.size() ? chars - entries.size() : chars);
  overlay->nodes.reserve(chars + 1);
  for (const internal::DictEntry& e : entries) {
    std::int32_t o = overlay->trie.Insert(e.word);
    if (overlay->nodes.size() < overlay->trie.node_count()) {
      overlay->nodes.resize(overlay->trie.node_count());
    }
    auto [it, added] = freq_index.try_emplace(static_cast<std::uint64_t>(e.freq),
                                              static_cast<std::uint32_t>(overlay->freq_values.size()));
    if (added) {
      overlay->freq_values.push_back(static_cast<std::uint64_t>(e.freq));
      overlay->log_probs.push_back(std::log(static_cast<double>(e.freq)) - log_total);
    }
    internal::Overlay::Node& node = overlay->nodes[static_cast<std::size_t>(o)];
    node.freq_index = it->second;
    if (!e.keeps_tag) {
      auto [t, new_tag] = tag_index.try_emplace(e.tag, static_cast<std::uint32_t>(overlay->tags.size()));
      if (new_tag) overlay->tags.push_back(e.tag);
      node.tag = t->second;
    }
  }
  overlay->sets_bits.assign(overlay->nodes.size() / 64 + 1, 0);
  for (std::size_t o = 0; o < overlay->nodes.size(); ++o) {
    if (overlay->nodes[o].freq_index != 0) overlay->sets_bits[o / 64] |= std::uint64_t{1} << (o % 64);
  }
  LinkOverlay(root, log_probs, *overlay);
  overlay->entries = std::move(entries);
  return overlay;
}

// A snapshot on `base` (itself a snapshot or not) with `changes` on top: it views the trie of
// the dictionary built from files underneath (the root), carries the root's changes so far and
// `changes` in one overlay, and re-derives the logs of the root's distinct frequencies.
std::shared_ptr<const DictionaryData> BuildSnapshot(
    const DictionaryData& base, const std::shared_ptr<const DictionaryData>& base_shared,
    std::vector<internal::DictEntry> changes, std::uint64_t total, internal::HmmModel hmm,
    std::shared_ptr<const internal::PosModel> pos, const std::vector<std::string>& force_split) {
  const std::shared_ptr<const DictionaryData>& root_shared = base.base ? base.base : base_shared;
  const DictionaryData& root = *root_shared;
  auto snap = std::make_shared<DictionaryData>();
  snap->chars = internal::CharMap(internal::ArrayRef<std::uint32_t>::View(root.chars.bmp()),
                                  internal::ArrayRef<internal::CharMap::Astral>::View(root.chars.astral()));
  snap->alphabet_size = root.alphabet_size;
  snap->trie = DoubleArray::View(root.trie.unit_span(), root.trie.node_count());
  snap->edges = internal::EdgeFilter(internal::ArrayRef<std::uint64_t>::View(root.edges.words()));
  snap->freq_values = internal::ArrayRef<std::uint64_t>::View(root.freq_values.span());
  snap->node_tags = internal::ArrayRef<std::uint16_t>::View(root.node_tags.span());
  snap->tag_offsets = internal::ArrayRef<std::uint32_t>::View(root.tag_offsets.span());
  snap->tag_bytes = internal::ArrayRef<char>::View(root.tag_bytes.span());
  snap->hmm = std::move(hmm);
  snap->pos = std::move(pos);
  snap->total = total;
  snap->log_total = std::log(static_cast<double>(total));
  // log(f) - log(total) for each distinct frequency, as BuildData computes it.
  std::vector<double> log_probs(root.freq_values.size(), 0.0);
  for (std::size_t i = 1; i < log_probs.size(); ++i) {
    log_probs[i] = std::log(static_cast<double>(root.freq_values[i])) - snap->log_total;
  }
  snap->log_probs = internal::ArrayRef<double>(std::move(log_probs));
  base.force_split.ForEach([&](std::string_view w, bool) { snap->force_split.Put(w, true); });
  for (const std::string& w : force_split) snap->force_split.Put(w, true);
  std::vector<internal::DictEntry> entries;
  if (base.overlay != nullptr) {
    entries.reserve(base.overlay->entries.size() + changes.size());
    entries = base.overlay->entries;
    entries.insert(entries.end(), std::make_move_iterator(changes.begin()),
                   std::make_move_iterator(changes.end()));
  } else {
    entries = std::move(changes);
  }
  snap->overlay = BuildOverlay(std::move(entries), snap->log_total, root, snap->log_probs.span());
  snap->word_count = root.word_count;  // corrected by Overlay::WordCount when asked
  snap->base = root_shared;
  return snap;
}

}  // namespace

namespace internal {

std::shared_ptr<const DictionaryData> Flatten(const DictionaryData& snapshot) {
  const DictionaryData& root = *snapshot.base;
  DictText text;
  std::vector<std::u32string> index_only;
  ForEachNode(root, [&](std::int32_t node, std::u32string_view word) {
    const std::uint64_t freq = root.Frequency(node);
    const std::string_view tag = root.Tag(node);
    if (freq == 0 && tag.empty() &&
        !std::binary_search(root.zero_words.begin(), root.zero_words.end(), node)) {
      index_only.emplace_back(word);
      return;
    }
    DictEntry e;
    e.word = word;
    e.freq = static_cast<std::int64_t>(freq);
    e.tag = std::string(tag);
    text.entries.push_back(std::move(e));
  });
  text.entries.insert(text.entries.end(), snapshot.overlay->entries.begin(),
                      snapshot.overlay->entries.end());
  text.total = snapshot.total;
  std::vector<std::string> force_split;
  snapshot.force_split.ForEach([&](std::string_view w, bool) { force_split.emplace_back(w); });
  return BuildData(text, snapshot.hmm.Clone(), snapshot.pos, index_only, force_split);
}

}  // namespace internal

struct DictionaryBuilder::Data {
  std::shared_ptr<const Dictionary> base;  // null: built from scratch
  // jieba's FREQ for what was added on the base, for SuggestFreq and Lookup: each added word with
  // its frequency, and each prefix of one that FREQ did not hold, with 0 (as add_word does).
  // Made on first use (loading a user dictionary with frequencies never needs it), then kept up
  // to date by AddWord.
  // A trie of the added words; per node, the FREQ value jieba's add_word gave that string, or
  // kBaseDecides where it left the base's (a prefix FREQ already held, or a node of no change).
  static constexpr std::uint64_t kBaseDecides = ~std::uint64_t{0};
  internal::OverlayTrie added_trie;
  std::vector<std::uint64_t> added_freq;
  bool added_freq_ready = false;
  std::vector<char32_t> cps;  // AddWord's decoding buffers
  std::vector<std::uint32_t> offsets;
  // Every dictionary line and added word, in order (on a base: the changes since the base);
  // text.total is their frequencies' sum.
  internal::DictText text;
  std::optional<internal::HmmModel> hmm;
  std::shared_ptr<const internal::PosModel> pos;  // null: none (on a base: the base's)
  std::vector<std::u32string> index_only;
  std::vector<std::string> force_split;
  std::vector<std::string> files;  // the dictionary files added, for messages
};

DictionaryBuilder::DictionaryBuilder() : data_(std::make_unique<Data>()) {}
DictionaryBuilder::DictionaryBuilder(std::shared_ptr<const Dictionary> base)
    : data_(std::make_unique<Data>()) {
  data_->base = std::move(base);
}
DictionaryBuilder::DictionaryBuilder(DictionaryBuilder&&) noexcept = default;
DictionaryBuilder& DictionaryBuilder::operator=(DictionaryBuilder&&) noexcept = default;
DictionaryBuilder::~DictionaryBuilder() = default;

Status DictionaryBuilder::AddDictFile(const std::string& path) {
  auto bytes = internal::ReadWholeFile(path, "dictionary");
  if (!bytes.ok()) return bytes.status();
  auto parsed = internal::ParseDictText(*bytes, path);
  if (!parsed.ok()) return parsed.status();
  if (Status s = AddToTotal(&data_->text.total, parsed->total, "invalid dictionary '" + path + "'");
      !s.ok()) {
    return s;
  }
  data_->files.push_back(path);
  auto& entries = data_->text.entries;
  entries.insert(entries.end(), std::make_move_iterator(parsed->entries.begin()),
                 std::make_move_iterator(parsed->entries.end()));
  return Status::Ok();
}

Status DictionaryBuilder::SetHmmModelFile(const std::string& path) {
  auto bytes = internal::ReadWholeFile(path, "HMM model");
  if (!bytes.ok()) return bytes.status();
  auto hmm = internal::HmmModel::Parse(*bytes, path);
  if (!hmm.ok()) return hmm.status();
  data_->hmm = std::move(hmm.value());
  return Status::Ok();
}

Status DictionaryBuilder::SetPosModelFile(const std::string& path) {
  auto bytes = internal::ReadWholeFile(path, "POS model");
  if (!bytes.ok()) return bytes.status();
  auto pos = internal::PosModel::Parse(*bytes, path);
  if (!pos.ok()) return pos.status();
  data_->pos = std::move(pos.value());
  return Status::Ok();
}

Status DictionaryBuilder::AddWord(std::string_view word, std::int64_t freq, std::string_view tag) {
  std::size_t bad = 0;
  if (!IsValidUtf8(word, &bad)) {
    return Status(StatusCode::kInvalidArgument,
                  "add_word: the word is not UTF-8 (byte " + std::to_string(bad) + ")");
  }
  if (freq < 0) {
    return Status(StatusCode::kInvalidArgument,
                  "add_word: negative frequency " + std::to_string(freq) + " for '" +
                      std::string(word) + "'");
  }
  if (!IsValidUtf8(tag)) return Status(StatusCode::kInvalidArgument, "add_word: the tag is not UTF-8");
  if (data_->text.total > std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(freq)) {
    return AddToTotal(&data_->text.total, static_cast<std::uint64_t>(freq),
                      "add_word('" + std::string(word) + "')");  // the error, with its message
  }
  data_->text.total += static_cast<std::uint64_t>(freq);
  if (word.empty()) return Status::Ok();  // jieba's FREQ[''] is never looked up
  internal::DictEntry entry;
  internal::DecodeUtf8(word, &data_->cps, &data_->offsets);
  entry.word.assign(data_->cps.begin(), data_->cps.end());
  entry.freq = freq;
  entry.tag = std::string(tag);
  entry.keeps_tag = tag.empty();
  if (data_->added_freq_ready) RecordAdded(entry.word, static_cast<std::uint64_t>(freq));
  data_->text.entries.push_back(std::move(entry));
  // add_word(w, 0) (and so del_word): finalseg no longer proposes w.
  if (freq == 0) data_->force_split.emplace_back(word);
  return Status::Ok();
}

Status DictionaryBuilder::RemoveWord(std::string_view word) { return AddWord(word, 0); }

namespace {

Status NeedsBase(const std::shared_ptr<const Dictionary>& base, const char* what) {
  if (base != nullptr) return Status::Ok();
  return Status(StatusCode::kInvalidArgument,
                std::string(what) + " needs a DictionaryBuilder on a loaded Dictionary");
}

std::u32string DecodeWord(std::string_view valid_utf8) {
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  internal::DecodeUtf8(valid_utf8, &cps, &offsets);
  return std::u32string(cps.begin(), cps.end());
}

}  // namespace

void DictionaryBuilder::RecordAdded(std::u32string_view word, std::uint64_t freq) const {
  if (word.empty()) return;
  Data& d = *data_;
  const DictionaryData& base = internal::Access::Data(*d.base);
  const std::int32_t node = d.added_trie.Insert(word);
  if (d.added_freq.size() < d.added_trie.node_count()) {
    d.added_freq.resize(d.added_trie.node_count(), Data::kBaseDecides);
  }
  d.added_freq[static_cast<std::size_t>(node)] = freq;
  // jieba: `if wfrag not in self.FREQ: self.FREQ[wfrag] = 0` for each prefix.
  std::int32_t p = internal::OverlayTrie::kRoot;
  for (std::size_t n = 1; n < word.size(); ++n) {
    p = d.added_trie.Child(p, word[n - 1]);
    std::uint64_t& value = d.added_freq[static_cast<std::size_t>(p)];
    if (value == Data::kBaseDecides && !base.FreqGet(word.substr(0, n))) value = 0;
  }
}

internal::FreqLookup DictionaryBuilder::FreqView() const {
  if (!data_->added_freq_ready) {
    data_->added_trie = internal::OverlayTrie();
    data_->added_freq.clear();
    for (const internal::DictEntry& e : data_->text.entries) {
      RecordAdded(e.word, static_cast<std::uint64_t>(e.freq));
    }
    data_->added_freq_ready = true;
  }
  const DictionaryData& base = internal::Access::Data(*data_->base);
  return [this, &base](std::u32string_view word) -> std::optional<std::uint64_t> {
    const std::int32_t node = data_->added_trie.Find(word);
    if (node != internal::OverlayTrie::kNone && !word.empty()) {
      const std::uint64_t value = data_->added_freq[static_cast<std::size_t>(node)];
      if (value != Data::kBaseDecides) return value;
    }
    return base.FreqGet(word);
  };
}

std::uint64_t DictionaryBuilder::total_frequency() const {
  const std::uint64_t base = data_->base ? data_->base->total_frequency() : 0;
  return base + data_->text.total;  // AddToTotal keeps the sum below 2^64
}

std::optional<std::uint64_t> DictionaryBuilder::Lookup(std::string_view word) const {
  if (data_->base == nullptr || !IsValidUtf8(word)) return std::nullopt;
  return FreqView()(DecodeWord(word));
}

StatusOr<std::int64_t> DictionaryBuilder::SuggestFreq(std::string_view word) const {
  if (Status s = NeedsBase(data_->base, "suggest_freq"); !s.ok()) return s;
  if (!IsValidUtf8(word)) return Status(StatusCode::kInvalidArgument, "suggest_freq: the word is not UTF-8");
  const std::uint64_t f = internal::SuggestFreq(DecodeWord(word), FreqView(), total_frequency());
  return static_cast<std::int64_t>(std::min<std::uint64_t>(f, std::numeric_limits<std::int64_t>::max()));
}

StatusOr<std::int64_t> DictionaryBuilder::SuggestFreqForSegments(
    std::span<const std::string_view> segments) const {
  if (Status s = NeedsBase(data_->base, "suggest_freq"); !s.ok()) return s;
  std::vector<std::u32string> decoded;
  for (std::string_view seg : segments) {
    if (!IsValidUtf8(seg)) return Status(StatusCode::kInvalidArgument, "suggest_freq: a segment is not UTF-8");
    decoded.push_back(DecodeWord(seg));
  }
  const std::uint64_t f = internal::SuggestFreqForSegments(decoded, FreqView(), total_frequency());
  return static_cast<std::int64_t>(std::min<std::uint64_t>(f, std::numeric_limits<std::int64_t>::max()));
}

Status DictionaryBuilder::AddWordWithSuggestedFreq(std::string_view word, std::string_view tag) {
  StatusOr<std::int64_t> freq = SuggestFreq(word);
  if (!freq.ok()) return freq.status();
  return AddWord(word, *freq, tag);
}

Status DictionaryBuilder::AddUserDictFile(const std::string& path) {
  if (Status s = NeedsBase(data_->base, "a user dictionary"); !s.ok()) return s;
  auto bytes = internal::ReadWholeFile(path, "user dictionary");
  if (!bytes.ok()) return bytes.status();
  return AddUserDict(*bytes, path);
}

Status DictionaryBuilder::AddUserDict(std::string_view bytes, const std::string& name) {
  if (Status s = NeedsBase(data_->base, "a user dictionary"); !s.ok()) return s;
  // All or nothing: a failure (a line that is not UTF-8, a total over 64 bits) takes back the
  // lines already added. Lines are added as they are read, without collecting them first.
  const std::size_t entries = data_->text.entries.size();
  const std::size_t force_split = data_->force_split.size();
  const std::uint64_t total = data_->text.total;
  data_->text.entries.reserve(entries + static_cast<std::size_t>(
                                            std::count(bytes.begin(), bytes.end(), '\n')) + 1);
  Status s = internal::ForEachUserDictLine(bytes, name, [&](const internal::UserDictLine& line) {
    Status added;
    if (line.freq && *line.freq > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      added = Status(StatusCode::kDataError, "the frequency does not fit in 63 bits");
    } else if (line.freq) {
      added = AddWord(line.word, static_cast<std::int64_t>(*line.freq), line.tag);
    } else {
      added = AddWordWithSuggestedFreq(line.word, line.tag);
    }
    if (added.ok()) return added;
    return Status(added.code(), "user dictionary " + name + ", line " +
                                    std::to_string(line.line_no) + ": " + added.message());
  });
  if (!s.ok()) {
    data_->text.entries.resize(entries);
    data_->force_split.resize(force_split);
    data_->text.total = total;
    data_->added_freq_ready = false;
  }
  return s;
}

Status DictionaryBuilder::AddIndexOnlyWords(std::span<const std::string_view> words) {
  if (data_->base != nullptr) {
    return Status(StatusCode::kInvalidArgument,
                  "index-only words need a dictionary built from files, not on a base");
  }
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  data_->index_only.reserve(data_->index_only.size() + words.size());
  for (std::string_view w : words) {
    if (w.empty() || !IsValidUtf8(w)) continue;
    internal::DecodeUtf8(w, &cps, &offsets);
    data_->index_only.emplace_back(cps.begin(), cps.end());
  }
  return Status::Ok();
}

// Without a base, BuildData reads data_->text itself: no changes are passed.
StatusOr<std::shared_ptr<const Dictionary>> DictionaryBuilder::Build() const& {
  return BuildFrom(data_->base ? data_->text.entries : std::vector<internal::DictEntry>{});
}

StatusOr<std::shared_ptr<const Dictionary>> DictionaryBuilder::Build() && {
  // On a base the changes move into the snapshot's overlay instead of being copied.
  return BuildFrom(data_->base ? std::move(data_->text.entries) : std::vector<internal::DictEntry>{});
}

StatusOr<std::shared_ptr<const Dictionary>> DictionaryBuilder::BuildFrom(
    std::vector<internal::DictEntry> changes) const {
  if (data_->base != nullptr) {
    if (changes.empty() && data_->text.total == 0 && !data_->hmm && !data_->pos &&
        data_->force_split.empty()) {
      return data_->base;
    }
    const DictionaryData& base = internal::Access::Data(*data_->base);
    std::uint64_t total = base.total;
    if (Status s = AddToTotal(&total, data_->text.total, "the dictionary's"); !s.ok()) return s;
    return internal::Access::MakeDictionary(
        BuildSnapshot(base, internal::Access::Shared(*data_->base), std::move(changes), total,
                      data_->hmm ? data_->hmm->Clone() : base.hmm.Clone(),
                      data_->pos ? data_->pos : base.pos, data_->force_split));
  }
  if (!data_->hmm) {
    return Status(StatusCode::kInvalidArgument, "DictionaryBuilder: no HMM model was set");
  }
  std::string name = "invalid dictionary";
  if (!data_->files.empty()) {
    name += " '" + data_->files.front() + "'";
    for (std::size_t i = 1; i < data_->files.size(); ++i) name += " + '" + data_->files[i] + "'";
  }
  if (data_->text.total == 0) {
    return Status(StatusCode::kDataError, name + ": no word has a non-zero frequency");
  }
  std::unordered_map<std::string_view, bool> tags;
  for (const auto& e : data_->text.entries) {
    if (!e.tag.empty()) tags.emplace(e.tag, true);
  }
  if (tags.size() >= 0xFFFF) {
    return Status(StatusCode::kDataError, name + ": " + std::to_string(tags.size()) +
                                              " distinct POS tags (at most 65534)");
  }
  return internal::Access::MakeDictionary(
      BuildData(data_->text, data_->hmm->Clone(), data_->pos, data_->index_only,
                data_->force_split));
}

}  // namespace kwx
