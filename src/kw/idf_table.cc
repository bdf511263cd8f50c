#include <algorithm>
#include <cmath>
#include <vector>

#include <limits>

#include "dict/dictionary_data.h"
#include "kw/idf_data.h"
#include "util/utf8.h"
#include "kwx/keywords.h"
#include "kwx/text.h"
#include "util/file.h"
#include "util/py_text.h"

namespace kwx {

IdfTable::IdfTable(std::unique_ptr<internal::IdfData> data) : data_(std::move(data)) {}
IdfTable::IdfTable(IdfTable&&) noexcept = default;
IdfTable& IdfTable::operator=(IdfTable&&) noexcept = default;
IdfTable::~IdfTable() = default;

// Mirrors IDFLoader.set_new_path: decode (strict UTF-8), splitlines(), and for each line
// `word, freq = line.strip().split(' ')`; so a blank line or a line with more than one space is
// an error there too. NaN values are refused: Python would accept them and then sort keywords
// in an order that depends on the sort algorithm's internals.
StatusOr<IdfTable> IdfTable::Load(const std::string& path) {
  auto bytes = internal::ReadWholeFile(path, "IDF file");
  if (!bytes.ok()) return bytes.status();
  std::size_t bad = 0;
  if (!IsValidUtf8(*bytes, &bad)) {
    return Status(StatusCode::kDataError, "invalid IDF file '" + path +
                                              "': not UTF-8 (byte offset " + std::to_string(bad) +
                                              ")");
  }
  auto data = std::make_unique<internal::IdfData>();
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
  if (data->idf.size() == 0) {
    return Status(StatusCode::kDataError, "invalid IDF file '" + path + "': no entries");
  }
  std::vector<double> values;
  values.reserve(data->idf.size());
  data->idf.ForEach([&](std::string_view, double v) { values.push_back(v); });
  std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  data->median = values[mid];  // sorted(values)[len // 2]
  return IdfTable(std::move(data));
}

namespace internal {

std::vector<double> MapIdfOntoTrie(const DictionaryData& dict, const IdfData& idf,
                                   bool* every_word_has_node) {
  std::vector<double> node_idf(dict.trie.size(), std::numeric_limits<double>::quiet_NaN());
  *every_word_has_node = true;
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets, ids;
  idf.idf.ForEach([&](std::string_view word, double value) {
    if (!IsValidUtf8(word)) {  // no token can equal it
      return;
    }
    DecodeUtf8(word, &cps, &offsets);
    ids.clear();
    for (char32_t c : cps) ids.push_back(dict.chars.Id(c));
    std::int32_t node = dict.trie.Find(ids);
    if (node != DoubleArray::kNone) {
      node_idf[static_cast<std::size_t>(node)] = value;
    } else {
      *every_word_has_node = false;
    }
  });
  return node_idf;
}

}  // namespace internal

std::size_t IdfTable::size() const { return data_->idf.size(); }
double IdfTable::median() const { return data_->median; }
double IdfTable::Get(std::string_view word) const {
  const double* v = data_->idf.Find(word);
  return v != nullptr ? *v : data_->median;
}

}  // namespace kwx
