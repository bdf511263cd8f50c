// Fuzz target: TF-IDF keyword extraction on arbitrary bytes. The extractor's answer is checked
// against a straightforward re-statement of jieba's extract_tags built from public pieces only
// (Segmenter accurate mode with HMM, IdfTable::Get, StopWords::Contains):
//   keep w when len(w.strip()) >= 2 and w.lower() is not a stop word; freq[w] += 1.0 in first
//   occurrence order; weight = freq[w] * (idf.get(w, median) / total); stable sort by weight,
//   descending; topK k > 0 the first k, k < 0 all but the last |k|, 0 all.
// Weights are compared exactly. The same with allowPOS (and withFlag) over PosTagger's words,
// keyed by word or (word, flag). TextRank: the text data and the compiled file agree exactly,
// the first weight is 1.0, every weight is positive and every word passes the pair filter.
// Also: no crash, UTF-8 output words. Runs on the text data and on the compiled file.
// Records (kwx/records.h): the input as JSON lines, CSV and TSV (with and without a header)
// regroups into the same records whatever the chunk size, with increasing line numbers; every
// record reads as a document (UTF-8 text), a blank, or a refusal that says why.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fuzz_data.h"
#include "kwx/batch.h"
#include "kwx/records.h"
#include "kwx/text.h"
#include "kwx/textrank.h"
#include "util/char_class.h"
#include "util/utf8.h"

namespace kwx::fuzz {
namespace {

struct Expected {
  std::string word;
  double weight;
};

// len(w.strip()) in code points, Python's Unicode whitespace.
std::size_t StrippedLength(std::string_view w, bool* all_block_chars) {
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  internal::DecodeUtf8(w, &cps, &offsets);
  std::size_t b = 0, e = cps.size();
  while (b < e && internal::IsPySpace(cps[b])) ++b;
  while (e > b && internal::IsPySpace(cps[e - 1])) --e;
  *all_block_chars = std::all_of(cps.begin(), cps.end(), internal::IsBlockChar);
  return e - b;
}

std::vector<Expected> Reference(FuzzData& d, std::string_view input) {
  std::vector<std::string_view> tokens;
  d.segmenter.Cut(input, CutMode::kAccurate, /*hmm=*/true, d.workspace, &tokens);
  std::vector<Expected> terms;
  std::unordered_map<std::string, std::size_t> index;
  for (std::string_view t : tokens) {
    bool block = false;
    if (StrippedLength(t, &block) < 2) continue;
    // Only [\u4E00-\u9FD5a-zA-Z0-9+#&._%-] tokens get here, where str.lower() is ASCII-only.
    KWX_FUZZ_CHECK(block, t);
    std::string lower(t);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (d.stop_words.Contains(lower)) continue;
    auto [it, fresh] = index.emplace(std::string(t), terms.size());
    if (fresh) terms.push_back({std::string(t), 0.0});
    terms[it->second].weight += 1.0;
  }
  double total = 0;
  for (const Expected& e : terms) total += e.weight;
  for (Expected& e : terms) e.weight = e.weight * (d.idf.Get(e.word) / total);
  std::stable_sort(terms.begin(), terms.end(),
                   [](const Expected& a, const Expected& b) { return a.weight > b.weight; });
  return terms;
}

void CheckTopK(FuzzData& d, std::string_view input, const std::vector<Expected>& all,
               std::int64_t top_k) {
  std::vector<Keyword> got;
  KeywordOptions options;
  options.top_k = top_k;
  d.extractor.Extract(input, options, d.workspace, &got);
  std::size_t n = all.size();
  std::size_t want = n;
  if (top_k > 0) want = std::min<std::size_t>(n, static_cast<std::size_t>(top_k));
  if (top_k < 0) {
    std::size_t drop = static_cast<std::size_t>(-(top_k + 1)) + 1;
    want = drop >= n ? 0 : n - drop;
  }
  KWX_FUZZ_CHECK(got.size() == want, "wrong number of keywords for topK " + std::to_string(top_k));
  for (std::size_t i = 0; i < want; ++i) {
    KWX_FUZZ_CHECK(got[i].word == all[i].word, "keyword " + std::to_string(i) + ": got '" +
                                                   std::string(got[i].word) + "' want '" +
                                                   all[i].word + "'");
    KWX_FUZZ_CHECK(got[i].weight == all[i].weight, "weight of '" + all[i].word + "'");
    KWX_FUZZ_CHECK(IsValidUtf8(got[i].word), "keyword is not UTF-8");
  }
}

const std::vector<std::string> kPos = {"n", "v", "vn", "ns", "nr", "eng", "x", "m"};

bool Allowed(std::string_view flag) {
  return std::find(kPos.begin(), kPos.end(), std::string(flag)) != kPos.end();
}

// extract_tags(allowPOS=kPos, withFlag=with_flag) restated over the tagger's words.
void CheckAllowPos(FuzzData& d, std::string_view input, bool with_flag) {
  std::vector<TaggedWord> words;
  d.tagger.Cut(input, /*hmm=*/true, d.workspace, &words);
  struct Term {
    std::string word, flag;
    double weight;
  };
  std::vector<Term> terms;
  std::unordered_map<std::string, std::size_t> index;
  for (const TaggedWord& w : words) {
    bool block = false;
    if (!Allowed(w.flag) || StrippedLength(w.word, &block) < 2) continue;
    std::string lower(w.word);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (d.stop_words.Contains(lower)) continue;
    std::string key = std::string(w.word) + (with_flag ? "\x1f" + std::string(w.flag) : "");
    auto [it, fresh] = index.emplace(key, terms.size());
    if (fresh) terms.push_back({std::string(w.word), with_flag ? std::string(w.flag) : "", 0.0});
    terms[it->second].weight += 1.0;
  }
  double total = 0;
  for (const Term& t : terms) total += t.weight;
  for (Term& t : terms) t.weight = t.weight * (d.idf.Get(t.word) / total);
  std::stable_sort(terms.begin(), terms.end(),
                   [](const Term& a, const Term& b) { return a.weight > b.weight; });
  KeywordOptions options;
  options.top_k = 0;
  options.allow_pos = kPos;
  options.with_flag = with_flag;
  std::vector<Keyword> got;
  d.pos_extractor.Extract(input, options, d.workspace, &got);
  KWX_FUZZ_CHECK(got.size() == terms.size(), "allowPOS: wrong number of keywords");
  for (std::size_t i = 0; i < got.size(); ++i) {
    KWX_FUZZ_CHECK(got[i].word == terms[i].word && got[i].flag == terms[i].flag &&
                       got[i].weight == terms[i].weight,
                   "allowPOS keyword " + std::to_string(i) + ": '" + terms[i].word + "'");
  }
}

struct Ranked {
  std::string word, flag;
  double weight;
  bool operator==(const Ranked&) const = default;
};

std::vector<Ranked> TextRank(FuzzData& d, std::string_view input, bool with_flag) {
  KeywordOptions options;
  options.top_k = 0;
  options.allow_pos = kPos;
  options.with_flag = with_flag;
  std::vector<Keyword> got;
  d.textrank.Extract(input, options, d.workspace, &got);
  std::vector<Ranked> out;
  for (const Keyword& k : got) {
    bool block = false;
    KWX_FUZZ_CHECK(StrippedLength(k.word, &block) >= 2, "TextRank: a word shorter than 2");
    KWX_FUZZ_CHECK(!with_flag || Allowed(k.flag), "TextRank: a flag not allowed");
    KWX_FUZZ_CHECK(k.weight > 0, "TextRank: a weight <= 0");
    out.push_back({std::string(k.word), std::string(k.flag), k.weight});
  }
  KWX_FUZZ_CHECK(out.empty() || out[0].weight == 1.0, "TextRank: the first weight is not 1.0");
  return out;
}

struct Regrouped {
  std::vector<std::string> records;
  std::vector<std::uint64_t> lines;
  bool operator==(const Regrouped& o) const { return records == o.records && lines == o.lines; }
};

// The records of `input` read with chunks of `target` bytes; nullopt when OpenRecords refuses.
std::optional<Regrouped> Regroup(std::string_view input, const RecordFormat& format,
                                 std::size_t target, std::shared_ptr<const RecordLayout>* layout) {
  auto opened = OpenRecords(LineSource::FromBytes(input), format);
  if (!opened.ok()) return std::nullopt;
  *layout = opened->layout;
  Regrouped r;
  LineSource::Chunk chunk;
  Status status;
  std::uint64_t line = 0;
  while (opened->source->Next(target, &chunk, &status)) {
    for (std::size_t i = 0; i < chunk.lines.size(); ++i) {
      line = chunk.line_numbers.empty() ? line + 1 : chunk.line_numbers[i];
      KWX_FUZZ_CHECK(r.lines.empty() || line > r.lines.back(), "records: line numbers go back");
      r.records.emplace_back(chunk.lines[i]);
      r.lines.push_back(line);
    }
  }
  KWX_FUZZ_CHECK(status.ok(), "records: reading bytes failed");
  return r;
}

void CheckRecords(FuzzData& d, std::string_view input) {
  for (InputFormat f : {InputFormat::kJsonl, InputFormat::kCsv, InputFormat::kTsv}) {
    for (bool header : {true, false}) {
      if (f == InputFormat::kJsonl && !header) continue;
      RecordFormat format;
      format.format = f;
      format.header = header;
      format.text_field = header ? "text" : "2";
      format.id_field = header ? "id" : "1";
      std::shared_ptr<const RecordLayout> layout;
      std::optional<Regrouped> whole = Regroup(input, format, 1 << 20, &layout);
      std::shared_ptr<const RecordLayout> unused;
      std::optional<Regrouped> small = Regroup(input, format, 3, &unused);
      KWX_FUZZ_CHECK(whole.has_value() == small.has_value() && (!whole || *whole == *small),
                     "records: the chunk size changed the records");
      if (!whole) continue;
      RecordReader reader(layout);
      std::vector<Keyword> keywords;
      for (std::size_t i = 0; i < whole->records.size(); ++i) {
        std::string_view text;
        DocumentId id;
        switch (reader.Read(whole->records[i], whole->lines[i], &text, &id)) {
          case RecordReader::Outcome::kDocument:
            KWX_FUZZ_CHECK(IsValidUtf8(text) && IsValidUtf8(id.value),
                           "records: a document that is not UTF-8");
            d.extractor.Extract(text, KeywordOptions(), d.workspace, &keywords);
            break;
          case RecordReader::Outcome::kBad:
            KWX_FUZZ_CHECK(!reader.error().empty(), "records: a refusal without a reason");
            break;
          case RecordReader::Outcome::kBlank:
            break;
        }
      }
    }
  }
}

}  // namespace
}  // namespace kwx::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kwx::fuzz;
  std::string_view input(reinterpret_cast<const char*>(data), size < kMaxInput ? size : kMaxInput);
  // The text data and the compiled file: the same answers through different code paths.
  for (FuzzData* d : {&Data(), &CompiledFuzzData()}) {
    const std::vector<Expected> all = Reference(*d, input);
    for (std::int64_t k : {std::int64_t{0}, std::int64_t{1}, std::int64_t{5}, std::int64_t{100},
                           std::int64_t{-1}, std::int64_t{-3}, INT64_MIN, INT64_MAX}) {
      CheckTopK(*d, input, all, k);
    }
    CheckAllowPos(*d, input, false);
    CheckAllowPos(*d, input, true);
  }
  for (bool with_flag : {false, true}) {
    KWX_FUZZ_CHECK(TextRank(Data(), input, with_flag) == TextRank(CompiledFuzzData(), input, with_flag),
                   "TextRank: the compiled data ranks differently");
  }
  CheckRecords(Data(), input);
  return 0;
}
