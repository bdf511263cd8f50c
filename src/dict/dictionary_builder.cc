// DictionaryBuilder: the words in order, frozen into the double-array trie and its tables.
#include "kwx/dictionary_builder.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>

#include "access.h"
#include "dict/dict_text.h"
#include "dict/dictionary_data.h"
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
                                                const std::vector<std::u32string>& index_only,
                                                const std::vector<std::string>& force_split) {
  auto data = std::make_shared<DictionaryData>();
  data->hmm = std::move(hmm);
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
    entries.push_back({ids_of(keys[i]), it->second});
    tag_entry.push_back(tagged);
    tagged = kIndexOnly;
    if (f > 0) ++data->word_count;
  }
  data->trie = DoubleArray::Build(entries, data->alphabet_size);
  data->edges = internal::EdgeFilter::Build(data->trie);
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

}  // namespace

struct DictionaryBuilder::Data {
  internal::DictText text;  // every dictionary line and added word, in order
  std::optional<internal::HmmModel> hmm;
  std::vector<std::u32string> index_only;
  std::vector<std::string> force_split;
  std::vector<std::string> files;  // the dictionary files added, for messages
};

DictionaryBuilder::DictionaryBuilder() : data_(std::make_unique<Data>()) {}
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
  if (Status s = AddToTotal(&data_->text.total, static_cast<std::uint64_t>(freq),
                            "add_word('" + std::string(word) + "')");
      !s.ok()) {
    return s;
  }
  if (word.empty()) return Status::Ok();  // jieba's FREQ[''] is never looked up
  internal::DictEntry entry;
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  internal::DecodeUtf8(word, &cps, &offsets);
  entry.word.assign(cps.begin(), cps.end());
  entry.freq = freq;
  entry.tag = std::string(tag);
  entry.keeps_tag = tag.empty();
  data_->text.entries.push_back(std::move(entry));
  return Status::Ok();
}

Status DictionaryBuilder::RemoveWord(std::string_view word) {
  if (Status s = AddWord(word, 0); !s.ok()) return s;
  data_->force_split.emplace_back(word);
  return Status::Ok();
}

void DictionaryBuilder::AddIndexOnlyWords(std::span<const std::string_view> words) {
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  data_->index_only.reserve(data_->index_only.size() + words.size());
  for (std::string_view w : words) {
    if (w.empty() || !IsValidUtf8(w)) continue;
    internal::DecodeUtf8(w, &cps, &offsets);
    data_->index_only.emplace_back(cps.begin(), cps.end());
  }
}

StatusOr<std::shared_ptr<const Dictionary>> DictionaryBuilder::Build() const {
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
      BuildData(data_->text, data_->hmm->Clone(), data_->index_only, data_->force_split));
}

}  // namespace kwx
