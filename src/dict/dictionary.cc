#include "kwx/dictionary.h"

#include <algorithm>
#include <string>
#include <vector>

#include "access.h"
#include "dict/dictionary_data.h"
#include "kwx/dictionary_builder.h"
#include "kwx/text.h"
#include "util/utf8.h"

namespace kwx {

using internal::DoubleArray;
using internal::DoubleArrayUnit;

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

std::uint32_t CharMap::AstralId(char32_t c) const {
  auto it = std::lower_bound(astral_.begin(), astral_.end(), c,
                             [](const Astral& a, char32_t x) { return a.code_point < x; });
  return it != astral_.end() && it->code_point == c ? it->id : 0;
}

std::int32_t DictionaryData::FindWord(std::string_view valid_utf8,
                                      WordLookupScratch& scratch) const {
  DecodeUtf8(valid_utf8, &scratch.cps, &scratch.offsets);
  scratch.ids.clear();
  for (char32_t c : scratch.cps) scratch.ids.push_back(chars.Id(c));
  return Find(scratch.ids);
}

bool FreqMembers::Contains(const DictionaryData& dict, std::int32_t node) const {
  std::call_once(once_, [&] {
    const std::size_t size = dict.trie.size();
    bits_.assign((size + 63) / 64, 0);
    auto has = [&](std::size_t s) { return (bits_[s / 64] >> (s % 64)) & 1; };
    // Marks a node and its ancestors up to the root or to a node already marked: each node is
    // marked once, so even the parent links of a damaged file cannot make this loop forever.
    auto mark_up = [&](std::int32_t s) {
      while (s > DoubleArray::kRoot && static_cast<std::size_t>(s) < size && !has(static_cast<std::size_t>(s))) {
        bits_[static_cast<std::size_t>(s) / 64] |= std::uint64_t{1} << (s % 64);
        s = dict.trie.unit(s).check;
      }
    };
    const std::span<const internal::DoubleArrayUnit> units = dict.trie.unit_span();
    for (std::size_t s = 1; s < units.size(); ++s) {
      if (units[s].check >= 0 && units[s].is_word()) mark_up(static_cast<std::int32_t>(s));
    }
    for (std::int32_t z : dict.zero_words) mark_up(z);
  });
  if (node <= DoubleArray::kRoot || static_cast<std::size_t>(node) >= bits_.size() * 64) return false;
  return (bits_[static_cast<std::size_t>(node) / 64] >> (node % 64)) & 1;
}

std::optional<std::uint64_t> DictionaryData::FreqGet(std::u32string_view word) const {
  // A snapshot views its root's trie: the root knows which of its nodes are in FREQ.
  const DictionaryData& trie_owner = base != nullptr ? *base : *this;
  // Find() character by character, without an id buffer (suggest_freq asks often).
  std::int32_t node = word.empty() ? DoubleArray::kNone : DoubleArray::kRoot;
  for (std::size_t i = 0; i < word.size() && node != DoubleArray::kNone; ++i) {
    const std::uint32_t id = chars.Id(word[i]);
    if (id == 0 || (i > 0 && !edges.MayHaveChild(node, id))) {
      node = DoubleArray::kNone;
    } else {
      node = trie.Child(node, id);
    }
  }
  const bool in_trie = node != DoubleArray::kNone && trie_owner.freq_members.Contains(trie_owner, node);
  if (overlay != nullptr && !word.empty()) {
    std::int32_t o = overlay->trie.Find(word);
    if (overlay->Sets(o)) return overlay->Frequency(o);
    // A prefix of an added word: add_word gave it 0 unless FREQ already had it.
    if (o != internal::OverlayTrie::kNone) return in_trie ? Frequency(node) : 0;
  }
  if (!in_trie) return std::nullopt;
  return Frequency(node);
}

std::uint64_t DictionaryData::WordFrequency(std::string_view valid_utf8,
                                           WordLookupScratch& scratch) const {
  std::int32_t node = FindWord(valid_utf8, scratch);  // decodes into scratch.cps
  if (overlay != nullptr) {
    std::int32_t o = overlay->trie.Find({scratch.cps.data(), scratch.cps.size()});
    if (overlay->Sets(o)) return overlay->Frequency(o);
  }
  return node == DoubleArray::kNone ? 0 : Frequency(node);
}

std::string_view DictionaryData::WordTag(std::string_view valid_utf8,
                                         WordLookupScratch& scratch) const {
  std::int32_t node = FindWord(valid_utf8, scratch);
  if (overlay != nullptr) {
    std::int32_t o = overlay->trie.Find({scratch.cps.data(), scratch.cps.size()});
    if (o != OverlayTrie::kNone) {
      std::uint32_t tag = overlay->nodes[static_cast<std::size_t>(o)].tag;
      if (tag != Overlay::kKeepTag) return overlay->tags[tag];
    }
  }
  return node == DoubleArray::kNone ? std::string_view() : Tag(node);
}

void ForEachNode(const DictionaryData& dict,
                 const std::function<void(std::int32_t node, std::u32string_view word)>& f) {
  std::vector<char32_t> code_point(dict.alphabet_size, 0);
  std::span<const std::uint32_t> bmp = dict.chars.bmp();
  for (std::size_t c = 0; c < bmp.size(); ++c) {
    if (bmp[c] != 0 && bmp[c] < code_point.size()) code_point[bmp[c]] = static_cast<char32_t>(c);
  }
  for (const CharMap::Astral& a : dict.chars.astral()) {
    if (a.id < code_point.size()) code_point[a.id] = a.code_point;
  }
  const DoubleArrayUnit* units = dict.trie.units();
  std::u32string reversed, word;
  // A well-formed trie needs none of the guards below; they keep a crafted file (right
  // checksum, wrong links) from sending the walk out of bounds or around a cycle.
  constexpr std::size_t kMaxDepth = 1 << 12;
  for (std::size_t t = 1; t < dict.trie.size(); ++t) {
    if (units[t].check < 0) continue;  // a free slot
    reversed.clear();
    bool ok = true;
    for (auto node = static_cast<std::int32_t>(t); node != DoubleArray::kRoot && ok;) {
      std::int32_t parent = units[node].check;
      std::int64_t c = parent < 0 ? -1 : std::int64_t{node} - units[parent].base;
      ok = c > 0 && c < static_cast<std::int64_t>(code_point.size()) && reversed.size() < kMaxDepth;
      if (ok) reversed.push_back(code_point[static_cast<std::size_t>(c)]);
      node = parent;
    }
    if (!ok) continue;
    word.assign(reversed.rbegin(), reversed.rend());
    f(static_cast<std::int32_t>(t), word);
  }
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

}  // namespace internal

Dictionary::Dictionary(std::shared_ptr<const internal::DictionaryData> data)
    : data_(std::move(data)) {}
Dictionary::~Dictionary() = default;

StatusOr<std::shared_ptr<const Dictionary>> Dictionary::Load(const std::string& dict_path,
                                                             const std::string& hmm_model_path) {
  DictionaryBuilder builder;
  if (Status s = builder.AddDictFile(dict_path); !s.ok()) return s;
  if (Status s = builder.SetHmmModelFile(hmm_model_path); !s.ok()) return s;
  return builder.Build();
}

std::uint64_t Dictionary::total_frequency() const { return data_->total; }
std::size_t Dictionary::word_count() const {
  if (data_->overlay != nullptr) return data_->overlay->WordCount(*data_->base);
  return data_->word_count;
}
bool Dictionary::has_pos_model() const { return data_->pos != nullptr; }

std::string_view Dictionary::Tag(std::string_view word) const {
  if (!IsValidUtf8(word)) return {};
  internal::WordLookupScratch scratch;
  return data_->WordTag(word, scratch);
}

std::uint64_t Dictionary::Frequency(std::string_view word) const {
  if (!IsValidUtf8(word)) return 0;
  internal::WordLookupScratch scratch;
  return data_->WordFrequency(word, scratch);
}

std::optional<std::uint64_t> Dictionary::Lookup(std::string_view word) const {
  if (!IsValidUtf8(word)) return std::nullopt;
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  internal::DecodeUtf8(word, &cps, &offsets);
  return data_->FreqGet({cps.data(), cps.size()});
}

}  // namespace kwx
