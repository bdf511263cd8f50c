#include <algorithm>
#include <bit>
#include <functional>
#include <string>
#include <unordered_map>
#include <cmath>
#include <vector>

#include <limits>

#include "access.h"
#include "dict/dictionary_data.h"
#include "kw/idf_data.h"
#include "util/utf8.h"
#include "kwx/keywords.h"
#include "kwx/text.h"
#include "util/file.h"
#include "util/py_text.h"

namespace kwx {

IdfTable::IdfTable(std::shared_ptr<const internal::IdfData> data) : data_(std::move(data)) {}
IdfTable::~IdfTable() = default;

// Mirrors IDFLoader.set_new_path: decode (strict UTF-8), splitlines(), and for each line
// `word, freq = line.strip().split(' ')`; so a blank line or a line with more than one space is
// an error there too. NaN values are refused: Python would accept them and then sort keywords
// in an order that depends on the sort algorithm's internals.
StatusOr<std::shared_ptr<const IdfTable>> IdfTable::Load(const std::string& path) {
  auto bytes = internal::ReadWholeFile(path, "IDF file");
  if (!bytes.ok()) return bytes.status();
  std::size_t bad = 0;
  if (!IsValidUtf8(*bytes, &bad)) {
    return Status(StatusCode::kDataError, "invalid IDF file '" + path +
                                              "': not UTF-8 (byte offset " + std::to_string(bad) +
                                              ")");
  }
  auto data = std::make_shared<internal::IdfData>();
  std::size_t line_no = 0;
  for (std::string_view raw : internal::SplitLinesPy(*bytes)) {
    ++line_no;
    std::string_view line = internal::StripPy(raw);
    std::size_t sp = line.find(' ');
    double value = 0;
    if (sp == std::string_view::npos || line.find(' ', sp + 1) != std::string_view::npos ||
        !internal::ParsePyFloat(line.substr(sp + 1), &value) || std::isnan(value)) {
      return Status(StatusCode::kDataError, "invalid IDF entry in '" + path + "' at line " +
                                                std::to_string(line_no) +
                                                " (expected 'word idf'): " +
                                                std::string(line.substr(0, 80)));
    }
    data->idf.Put(line.substr(0, sp), value);
  }
  data->size = data->idf.size();
  if (data->idf.size() == 0) {
    return Status(StatusCode::kDataError, "invalid IDF file '" + path + "': no entries");
  }
  std::vector<double> values;
  values.reserve(data->idf.size());
  data->idf.ForEach([&](std::string_view, double v) { values.push_back(v); });
  std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  data->median = values[mid];  // sorted(values)[len // 2]
  return internal::Access::MakeIdfTable(std::move(data));
}

StatusOr<std::shared_ptr<const IdfTable>> IdfTable::FromEntries(
    std::span<const std::pair<std::string, double>> entries, double median) {
  if (std::isnan(median)) {
    return Status(StatusCode::kInvalidArgument, "the median IDF is NaN");
  }
  auto data = std::make_shared<internal::IdfData>();
  for (const auto& [word, value] : entries) {
    if (std::isnan(value)) {
      return Status(StatusCode::kInvalidArgument,
                    "the IDF of '" + word.substr(0, 80) + "' is NaN");
    }
    data->idf.Put(word, value);
  }
  data->size = data->idf.size();
  data->median = median;
  return internal::Access::MakeIdfTable(std::move(data));
}

namespace internal {

void ForEachIdfEntry(const IdfData& idf,
                     const std::function<void(std::string_view word, double value)>& f) {
  if (idf.idf.size() > 0 || idf.node_idf_dictionary == nullptr) {
    idf.idf.ForEach(f);
    return;
  }
  // A compiled table without its word map: every trie node that carries an IDF is a word.
  const DictionaryData& dict = *idf.node_idf_dictionary;
  const DoubleArrayUnit* units = dict.trie.units();
  std::string word;
  ForEachNode(dict, [&](std::int32_t node, std::u32string_view cps) {
    std::uint32_t k = units[node].idf_index;
    if (k == 0) return;
    word.clear();
    for (char32_t c : cps) AppendUtf8(c, &word);
    f(word, idf.node_idf_values[k]);
  });
}

NodeIdf MapIdfOntoTrie(const DictionaryData& dict, const IdfData& idf) {
  NodeIdf out;
  out.index.assign(dict.trie.size(), 0);
  out.values.push_back(std::numeric_limits<double>::quiet_NaN());
  // Keyed by bit pattern: -0.0 and 0.0 must stay apart (a weight keeps the sign).
  std::unordered_map<std::uint64_t, std::uint32_t> value_index;
  WordLookupScratch scratch;
  ForEachIdfEntry(idf, [&](std::string_view word, double value) {
    if (!IsValidUtf8(word)) return;  // no token can equal it
    std::int32_t node = dict.FindWord(word, scratch);
    if (node == DoubleArray::kNone) {
      out.every_word_has_node = false;
      return;
    }
    auto [it, added] = value_index.try_emplace(std::bit_cast<std::uint64_t>(value),
                                               static_cast<std::uint32_t>(out.values.size()));
    if (added) out.values.push_back(value);
    out.index[static_cast<std::size_t>(node)] = it->second;
  });
  return out;
}

}  // namespace internal

std::size_t IdfTable::size() const { return data_->size; }
double IdfTable::median() const { return data_->median; }
void IdfTable::ForEach(const std::function<void(std::string_view word, double idf)>& f) const {
  internal::ForEachIdfEntry(*data_, f);
}

double IdfTable::Get(std::string_view word) const {
  const internal::IdfData& d = *data_;
  if (d.idf.size() > 0 || d.node_idf_dictionary == nullptr) {
    const double* v = d.idf.Find(word);
    return v != nullptr ? *v : d.median;
  }
  // A compiled table without its word map: every word is a node of its dictionary's trie.
  if (!IsValidUtf8(word)) return d.median;
  internal::WordLookupScratch scratch;
  std::int32_t node = d.node_idf_dictionary->FindWord(word, scratch);
  std::uint32_t k = node < 0 ? 0 : d.node_idf_dictionary->trie.unit(node).idf_index;
  return k != 0 ? d.node_idf_values[k] : d.median;
}

}  // namespace kwx
