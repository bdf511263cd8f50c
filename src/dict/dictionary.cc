#include "kwx/dictionary.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <unordered_map>

#include "dict/dict_text.h"
#include "dict/dictionary_data.h"
#include "util/file.h"
#include "util/utf8.h"

namespace kwx {

using internal::DictionaryData;
using internal::DoubleArray;
using internal::DoubleArrayUnit;

namespace {

// Turns parsed dict.txt entries into the trie. Mirrors gen_pfdict: a later line for the same
// word replaces the earlier frequency; every prefix exists (as a 0-frequency node if nothing
// else); `total` counts every line. `index_only` words become nodes with no frequency; their
// characters get ids after the dictionary's own, so the dictionary's layout does not depend on
// them.
std::unique_ptr<DictionaryData> Build(internal::DictText&& text, internal::HmmModel&& hmm,
                                      const std::vector<std::u32string>& index_only) {
  auto data = std::make_unique<DictionaryData>();
  data->hmm = std::move(hmm);
  data->total = text.total;
  data->log_total = std::log(static_cast<double>(text.total));

  // Number characters by how many words use them, most used first.
  std::unordered_map<char32_t, std::uint32_t> uses;
  for (const auto& e : text.entries) {
    for (char32_t c : e.word) ++uses[c];
  }
  std::vector<std::pair<char32_t, std::uint32_t>> order(uses.begin(), uses.end());
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::vector<std::pair<char32_t, std::uint32_t>> ids;
  for (std::size_t i = 0; i < order.size(); ++i) {
    ids.emplace_back(order[i].first, static_cast<std::uint32_t>(i + 1));
  }
  std::unordered_map<char32_t, std::uint32_t> extra_uses;
  for (const auto& w : index_only) {
    for (char32_t c : w) {
      if (!uses.contains(c)) ++extra_uses[c];
    }
  }
  std::vector<std::pair<char32_t, std::uint32_t>> extra_order(extra_uses.begin(), extra_uses.end());
  std::sort(extra_order.begin(), extra_order.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  for (const auto& [c, n] : extra_order) {
    ids.emplace_back(c, static_cast<std::uint32_t>(ids.size() + 1));
  }
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
  std::vector<std::size_t> entry_of;  // per entry: its dict.txt line (text.entries), or kIndexOnly
  std::vector<std::uint64_t> freq_values = {0};
  std::vector<double> log_probs = {0.0};
  std::unordered_map<std::uint64_t, std::uint32_t> freq_index = {{0, DoubleArrayUnit::kNotWord}};
  entries.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i + 1 < keys.size() && std::ranges::equal(ids_of(keys[i]), ids_of(keys[i + 1]))) {
      continue;  // stable sort: the later line comes later, and it is the one jieba keeps
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
    entry_of.push_back(keys[i].entry);
    if (f > 0) ++data->word_count;
  }
  data->trie = DoubleArray::Build(entries, data->alphabet_size);
  data->edges = internal::EdgeFilter::Build(data->trie);
  // POS tags of the kept lines, by node; distinct tags numbered from 1 in order of appearance.
  std::vector<std::uint16_t> node_tags(data->trie.size(), 0);
  std::vector<std::uint32_t> tag_offsets = {0, 0};
  std::string tag_bytes;
  std::unordered_map<std::string, std::uint16_t> tag_index;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    std::size_t e = entry_of[i];
    if (e == kIndexOnly || text.entries[e].tag.empty()) continue;
    const std::string& tag = text.entries[e].tag;
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

}  // namespace

namespace internal {

CharMap CharMap::Build(const std::vector<std::pair<char32_t, std::uint32_t>>& ids) {
  std::vector<std::uint32_t> bmp(kBmpSize, 0);
  std::vector<Astral> astral;
  for (const auto& [c, id] : ids) {
    if (c < kBmpSize) {
      bmp[c] = id;
    } else {
      astral.push_back({static_cast<std::uint32_t>(c), id});
    }
  }
  std::sort(astral.begin(), astral.end(),
            [](const Astral& a, const Astral& b) { return a.code_point < b.code_point; });
  return CharMap(ArrayRef<std::uint32_t>(std::move(bmp)), ArrayRef<Astral>(std::move(astral)));
}

std::int32_t DictionaryData::FindWord(std::string_view valid_utf8,
                                      WordLookupScratch& scratch) const {
  DecodeUtf8(valid_utf8, &scratch.cps, &scratch.offsets);
  scratch.ids.clear();
  for (char32_t c : scratch.cps) scratch.ids.push_back(chars.Id(c));
  return Find(scratch.ids);
}

EdgeFilter EdgeFilter::Build(const DoubleArray& trie) {
  std::vector<std::uint64_t> words(kBits / 64, 0);
  const DoubleArrayUnit* units = trie.units();
  for (std::size_t t = 0; t < trie.size(); ++t) {
    std::int32_t parent = units[t].check;
    if (parent <= DoubleArray::kRoot) continue;  // free, the root, or a child of the root
    auto child_id = static_cast<std::uint32_t>(static_cast<std::int64_t>(t) - units[parent].base);
    std::size_t b = Bit(parent, child_id);
    words[b / 64] |= std::uint64_t{1} << (b % 64);
  }
  return EdgeFilter(ArrayRef<std::uint64_t>(std::move(words)));
}

std::uint32_t CharMap::AstralId(char32_t c) const {
  auto it = std::lower_bound(astral_.begin(), astral_.end(), c,
                             [](const Astral& a, char32_t x) { return a.code_point < x; });
  return it != astral_.end() && it->code_point == c ? it->id : 0;
}

}  // namespace internal

Dictionary::Dictionary(std::unique_ptr<DictionaryData> data) : data_(std::move(data)) {}
Dictionary::Dictionary(Dictionary&&) noexcept = default;
Dictionary& Dictionary::operator=(Dictionary&&) noexcept = default;
Dictionary::~Dictionary() = default;

StatusOr<Dictionary> Dictionary::Load(const std::string& dict_path,
                                      const std::string& hmm_model_path) {
  return Load(dict_path, hmm_model_path, {});
}

StatusOr<Dictionary> Dictionary::Load(const std::string& dict_path,
                                      const std::string& hmm_model_path,
                                      std::span<const std::string_view> index_only_words) {
  auto dict_bytes = internal::ReadWholeFile(dict_path, "dictionary");
  if (!dict_bytes.ok()) return dict_bytes.status();
  auto text = internal::ParseDictText(*dict_bytes, dict_path);
  if (!text.ok()) return text.status();
  if (text->total == 0) {
    return Status(StatusCode::kDataError,
                  "invalid dictionary '" + dict_path + "': no word has a non-zero frequency");
  }
  {
    std::unordered_map<std::string_view, bool> tags;
    for (const auto& e : text->entries) {
      if (!e.tag.empty()) tags.emplace(e.tag, true);
    }
    if (tags.size() >= 0xFFFF) {
      return Status(StatusCode::kDataError, "invalid dictionary '" + dict_path + "': " +
                                                std::to_string(tags.size()) +
                                                " distinct POS tags (at most 65534)");
    }
  }
  auto hmm_bytes = internal::ReadWholeFile(hmm_model_path, "HMM model");
  if (!hmm_bytes.ok()) return hmm_bytes.status();
  auto hmm = internal::HmmModel::Parse(*hmm_bytes, hmm_model_path);
  if (!hmm.ok()) return hmm.status();
  std::vector<std::u32string> index_only;
  index_only.reserve(index_only_words.size());
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  for (std::string_view w : index_only_words) {
    if (w.empty() || !IsValidUtf8(w)) continue;
    internal::DecodeUtf8(w, &cps, &offsets);
    index_only.emplace_back(cps.begin(), cps.end());
  }
  return Dictionary(Build(std::move(text.value()), std::move(hmm.value()), index_only));
}

std::uint64_t Dictionary::total_frequency() const { return data_->total; }
std::size_t Dictionary::word_count() const { return data_->word_count; }

std::string_view Dictionary::Tag(std::string_view word) const {
  if (!IsValidUtf8(word)) return {};
  internal::WordLookupScratch scratch;
  std::int32_t node = data_->FindWord(word, scratch);
  return node == DoubleArray::kNone ? std::string_view() : data_->Tag(node);
}

std::uint64_t Dictionary::Frequency(std::string_view word) const {
  if (!IsValidUtf8(word)) return 0;
  internal::WordLookupScratch scratch;
  std::int32_t node = data_->FindWord(word, scratch);
  return node == DoubleArray::kNone ? 0 : data_->Frequency(node);
}

}  // namespace kwx
