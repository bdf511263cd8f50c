// Fuzz target: every segmentation mode on arbitrary bytes, with invariants that hold for any
// input (they follow from jieba's definitions, JIEBA-PARITY.md sections 1-3):
//   - accurate mode (HMM on and off): non-empty tokens that concatenate back to the input as
//     repaired by bytes.decode('utf-8', 'replace');
//   - Tokenize: the same words, contiguous code point and byte offsets;
//   - search mode: the accurate words in order, each preceded by exactly its 2-grams then its
//     3-grams (left to right) that are dictionary words, and nothing else;
//   - full mode: well-formed UTF-8 tokens, no crash;
//   - part-of-speech tagging (HMM on and off): non-empty words with non-empty flags that
//     concatenate back to the repaired input (posseg's decoder can only make overlapping words
//     with an E -> E or E -> M transition, which jieba's tables do not have);
//   - the compiled data file (kwx.dict) gives exactly the tokens of the text data, in every mode,
//     and the same tagged words;
//   - the input as a user dictionary (load_userdict) on the compiled data: it loads unless it is
//     not UTF-8 or has a frequency over 63 bits, and then nothing of it is added; every word of
//     it is in FREQ afterwards, the builder and the snapshot it builds agree on FREQ and
//     suggest_freq, and the snapshot's fast cut without HMM equals the transcription of
//     jieba's cut that suggest_freq uses (CutNoHmm) on the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dict/user_dict.h"
#include "fuzz_data.h"
#include "kwx/idf_builder.h"
#include "kwx/text.h"
#include "util/char_class.h"
#include "util/utf8.h"

namespace kwx::fuzz {
namespace {

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The byte offset of code point `cp_index` of `s` (well-formed UTF-8); s.size() past the end.
std::size_t ByteOffset(std::string_view s, std::size_t cp_index) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == cp_index) return i;
      ++n;
    }
  }
  return s.size();
}

void CheckAccurate(FuzzData& d, std::string_view input, const std::string& repaired, bool hmm) {
  std::vector<std::string_view> words;
  d.segmenter.Cut(input, CutMode::kAccurate, hmm, d.workspace, &words);
  std::string joined;
  for (std::string_view w : words) {
    KWX_FUZZ_CHECK(!w.empty(), "empty token in accurate mode");
    joined.append(w);
  }
  KWX_FUZZ_CHECK(joined == repaired, "accurate tokens do not concatenate to the input");
  std::vector<std::string> copies(words.begin(), words.end());

  std::vector<Token> tokens;
  d.segmenter.Tokenize(input, CutMode::kAccurate, hmm, d.workspace, &tokens);
  KWX_FUZZ_CHECK(tokens.size() == copies.size(), "Tokenize and Cut disagree on the count");
  std::uint32_t cp = 0, byte = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    KWX_FUZZ_CHECK(t.word == copies[i], "Tokenize and Cut disagree on a word");
    KWX_FUZZ_CHECK(t.start == cp && t.byte_start == byte, "offsets are not contiguous");
    KWX_FUZZ_CHECK(t.end - t.start == CodePoints(t.word), "code point offsets");
    KWX_FUZZ_CHECK(t.byte_end - t.byte_start == t.word.size(), "byte offsets");
    cp = t.end;
    byte = t.byte_end;
  }
  KWX_FUZZ_CHECK(byte == repaired.size() && cp == CodePoints(repaired), "offsets do not cover the text");
}

void CheckSearch(FuzzData& d, std::string_view input, const std::string& repaired, bool hmm) {
  std::vector<Token> accurate_view;
  d.segmenter.Tokenize(input, CutMode::kAccurate, hmm, d.workspace, &accurate_view);
  struct Word {
    std::string word;
    std::uint32_t start, end;
  };
  std::vector<Word> accurate;
  for (const Token& t : accurate_view) accurate.push_back({std::string(t.word), t.start, t.end});

  std::vector<Token> search;
  d.segmenter.Tokenize(input, CutMode::kSearch, hmm, d.workspace, &search);
  std::vector<std::string_view> cut;
  std::vector<std::string> search_words;
  for (const Token& t : search) search_words.emplace_back(t.word);
  d.segmenter.Cut(input, CutMode::kSearch, hmm, d.workspace, &cut);
  KWX_FUZZ_CHECK(cut.size() == search_words.size(), "search Cut and Tokenize disagree");
  for (std::size_t i = 0; i < cut.size(); ++i) {
    KWX_FUZZ_CHECK(cut[i] == search_words[i], "search Cut and Tokenize disagree on a word");
  }

  std::size_t k = 0;
  for (const Word& w : accurate) {
    std::size_t len = w.end - w.start;
    // The expected grams: 2-grams then 3-grams, left to right, those with a frequency.
    for (std::size_t n : {std::size_t{2}, std::size_t{3}}) {
      if (len <= n) continue;
      for (std::size_t i = 0; i + n <= len; ++i) {
        std::size_t b = ByteOffset(w.word, i), e = ByteOffset(w.word, i + n);
        std::string_view gram = std::string_view(w.word).substr(b, e - b);
        if (d.dict.Frequency(gram) == 0) continue;
        KWX_FUZZ_CHECK(k < search.size(), "search output ends early");
        const Token& t = search[k++];
        KWX_FUZZ_CHECK(search_words[k - 1] == gram, "unexpected search gram");
        KWX_FUZZ_CHECK(t.start == w.start + i && t.end == w.start + i + n, "gram offsets");
      }
    }
    KWX_FUZZ_CHECK(k < search.size(), "search output ends early");
    KWX_FUZZ_CHECK(search_words[k] == w.word, "search output lost an accurate word");
    KWX_FUZZ_CHECK(search[k].start == w.start && search[k].end == w.end, "word offsets");
    ++k;
  }
  KWX_FUZZ_CHECK(k == search.size(), "search output has extra tokens");
  (void)repaired;
}

void CheckFull(FuzzData& d, std::string_view input, const std::string& repaired) {
  for (bool hmm : {true, false}) {
    std::vector<std::string_view> out;
    d.segmenter.Cut(input, CutMode::kFull, hmm, d.workspace, &out);
    std::size_t total = 0;
    for (std::string_view t : out) {
      KWX_FUZZ_CHECK(IsValidUtf8(t), "full-mode token is not UTF-8");
      KWX_FUZZ_CHECK(t.size() <= repaired.size(), "full-mode token longer than the text");
      total += t.size();
    }
    KWX_FUZZ_CHECK(repaired.empty() == out.empty(), "full mode: tokens iff text");
    (void)total;
  }
}

}  // namespace
}  // namespace kwx::fuzz

namespace kwx::fuzz {
namespace {

// Whether every code point of the (valid UTF-8) text satisfies `is_block`.
template <typename F>
bool AllOf(std::string_view text, F&& is_block) {
  std::vector<char32_t> cps;
  internal::DecodeUtf8(text, &cps, nullptr);
  for (char32_t c : cps) {
    if (!is_block(c)) return false;
  }
  return true;
}

// CutBlock (the whole input as one block, for replaced block regexes): accurate words tile the
// input, and on an input that is one block of jieba's own it is exactly Cut.
void CheckBlocks(FuzzData& d, std::string_view input, const std::string& repaired) {
  std::vector<std::string_view> block, cut;
  for (kwx::CutMode mode : {kwx::CutMode::kAccurate, kwx::CutMode::kFull}) {
    for (bool hmm : {true, false}) {
      d.segmenter.CutBlock(input, mode, hmm, d.workspace, &block);
      std::string joined;
      for (std::string_view w : block) joined.append(w);
      if (mode == kwx::CutMode::kAccurate) {
        KWX_FUZZ_CHECK(joined == repaired, "block words do not concatenate to the input");
      }
      if (!repaired.empty() && AllOf(repaired, internal::IsBlockChar)) {
        std::vector<std::string> a(block.begin(), block.end());
        d.segmenter.Cut(input, mode, hmm, d.workspace, &cut);
        KWX_FUZZ_CHECK(a == std::vector<std::string>(cut.begin(), cut.end()),
                       "CutBlock of one block differs from Cut");
      }
    }
  }
  for (bool hmm : {true, false}) {
    std::vector<TaggedWord> words, tagged;
    d.tagger.CutBlock(input, hmm, d.workspace, &words);
    std::string joined;
    std::vector<std::pair<std::string, std::string>> a;
    for (const TaggedWord& w : words) {
      KWX_FUZZ_CHECK(!w.word.empty() && !w.flag.empty(), "empty block word or flag");
      joined.append(w.word);
      a.emplace_back(w.word, w.flag);
    }
    KWX_FUZZ_CHECK(joined == repaired, "tagged block words do not concatenate to the input");
    if (!repaired.empty() && AllOf(repaired, internal::IsPosBlockChar)) {
      d.tagger.Cut(input, hmm, d.workspace, &tagged);
      std::vector<std::pair<std::string, std::string>> b;
      for (const TaggedWord& w : tagged) b.emplace_back(w.word, w.flag);
      KWX_FUZZ_CHECK(a == b, "PosTagger::CutBlock of one block differs from Cut");
    }
  }
}

std::vector<std::pair<std::string, std::string>> CheckPos(FuzzData& d, std::string_view input,
                                                          const std::string& repaired, bool hmm) {
  std::vector<TaggedWord> words;
  d.tagger.Cut(input, hmm, d.workspace, &words);
  std::string joined;
  std::vector<std::pair<std::string, std::string>> copies;
  for (const TaggedWord& w : words) {
    KWX_FUZZ_CHECK(!w.word.empty(), "empty tagged word");
    KWX_FUZZ_CHECK(!w.flag.empty(), "empty flag");
    joined.append(w.word);
    copies.emplace_back(w.word, w.flag);
  }
  KWX_FUZZ_CHECK(joined == repaired, "tagged words do not concatenate to the input");
  return copies;
}

std::u32string Decode(std::string_view valid) {
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  internal::DecodeUtf8(valid, &cps, &offsets);
  return std::u32string(cps.begin(), cps.end());
}

std::string Encode(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) internal::AppendUtf8(c, &out);
  return out;
}

void CheckUserDict(FuzzData& c, std::string_view input, const std::string& repaired) {
  DictionaryBuilder builder(c.dictionary);
  const std::uint64_t total = builder.total_frequency();
  const Status status = builder.AddUserDict(input, "fuzz");
  auto lines = internal::ParseUserDict(input, "fuzz");
  KWX_FUZZ_CHECK(status.ok() == lines.ok(), status.message());
  if (!status.ok()) {
    KWX_FUZZ_CHECK(builder.total_frequency() == total, "a failed user dictionary changed the total");
    return;
  }
  auto built = builder.Build();
  KWX_FUZZ_CHECK(built.ok(), built.status().message());
  const Dictionary& snapshot = **built;
  KWX_FUZZ_CHECK(snapshot.total_frequency() == builder.total_frequency(), "totals differ");
  DictionaryBuilder again(*built);
  std::size_t checked = 0;
  for (const internal::UserDictLine& line : *lines) {
    KWX_FUZZ_CHECK(snapshot.Lookup(line.word).has_value(), line.word);
    KWX_FUZZ_CHECK(snapshot.Lookup(line.word) == builder.Lookup(line.word), line.word);
    if (checked++ < 8) {
      KWX_FUZZ_CHECK(*builder.SuggestFreq(line.word) == *again.SuggestFreq(line.word), line.word);
    }
  }
  if (repaired.size() > 4096) return;  // the transcription looks every candidate up
  internal::FreqLookup freq = [&](std::u32string_view w) { return snapshot.Lookup(Encode(w)); };
  std::vector<std::string> slow;
  for (const std::u32string& w : internal::CutNoHmm(Decode(repaired), freq, snapshot.total_frequency())) {
    slow.push_back(Encode(w));
  }
  Segmenter segmenter(snapshot);
  std::vector<std::string_view> fast;
  segmenter.Cut(repaired, CutMode::kAccurate, /*hmm=*/false, c.workspace, &fast);
  KWX_FUZZ_CHECK(std::vector<std::string>(fast.begin(), fast.end()) == slow,
                 "the snapshot's cut differs from CutNoHmm");
}

}  // namespace
}  // namespace kwx::fuzz

namespace kwx::fuzz {
namespace {

// kwx idf build's counting: the input's lines as documents, counted by CountDocumentFrequencies
// on two threads and one line at a time from Segmenter::Cut, must give the same table; every
// line of the table is "word idf" with a word free of whitespace.
void CheckDocumentFrequencies(FuzzData& d, std::string_view input) {
  kwx::DocumentFrequencies one_by_one;
  std::vector<std::string_view> tokens;
  std::size_t documents = 0;
  for (std::size_t pos = 0; pos < input.size();) {
    std::size_t nl = input.find('\n', pos);
    std::string_view line = input.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!line.empty() && line.back() == '\r' && nl != std::string_view::npos) line.remove_suffix(1);
    d.segmenter.Cut(line, kwx::CutMode::kAccurate, true, d.workspace, &tokens);
    one_by_one.AddDocument(tokens);
    ++documents;
    pos = nl == std::string_view::npos ? input.size() : nl + 1;
  }
  auto source = kwx::LineSource::FromBytes(input);
  kwx::BatchOptions options;
  options.jobs = 2;
  options.chunk_bytes = 64;
  kwx::DocumentFrequencies counted;
  auto result = kwx::CountDocumentFrequencies(*source, d.segmenter, kwx::CutMode::kAccurate, true,
                                              options, &counted);
  KWX_FUZZ_CHECK(result.ok(), "CountDocumentFrequencies failed");
  KWX_FUZZ_CHECK(counted.documents() == documents, "a document lost or added");
  const std::string table = counted.IdfText({});
  KWX_FUZZ_CHECK(table == one_by_one.IdfText({}), "the threads count differently");
  for (std::size_t pos = 0; pos < table.size();) {
    std::size_t nl = table.find('\n', pos);
    KWX_FUZZ_CHECK(nl != std::string::npos, "a table line without its end");
    std::string_view row(table.data() + pos, nl - pos);
    std::size_t space = row.find(' ');
    KWX_FUZZ_CHECK(space != std::string_view::npos && space > 0 &&
                       row.find(' ', space + 1) == std::string_view::npos,
                   "a table line is not 'word idf'");
    pos = nl + 1;
  }
}

}  // namespace
}  // namespace kwx::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace kwx::fuzz;
  FuzzData& d = Data();
  std::string_view input(reinterpret_cast<const char*>(data), size < kMaxInput ? size : kMaxInput);
  std::string repaired;
  if (kwx::IsValidUtf8(input)) {
    repaired.assign(input);
  } else {
    kwx::RepairUtf8(input, &repaired);
    KWX_FUZZ_CHECK(kwx::IsValidUtf8(repaired), "RepairUtf8 output is not UTF-8");
  }
  for (bool hmm : {true, false}) {
    CheckAccurate(d, input, repaired, hmm);
    CheckSearch(d, input, repaired, hmm);
  }
  CheckFull(d, input, repaired);
  // The compiled file cuts exactly as the text data does, in every mode.
  FuzzData& c = CompiledFuzzData();
  std::vector<std::string_view> from_text, from_compiled;
  for (kwx::CutMode mode : {kwx::CutMode::kAccurate, kwx::CutMode::kSearch, kwx::CutMode::kFull}) {
    for (bool hmm : {true, false}) {
      d.segmenter.Cut(input, mode, hmm, d.workspace, &from_text);
      c.segmenter.Cut(input, mode, hmm, c.workspace, &from_compiled);
      KWX_FUZZ_CHECK(from_text == from_compiled, "the compiled data cuts differently");
    }
  }
  for (bool hmm : {true, false}) {
    KWX_FUZZ_CHECK(CheckPos(d, input, repaired, hmm) == CheckPos(c, input, repaired, hmm),
                   "the compiled data tags differently");
  }
  CheckUserDict(c, input, repaired);
  CheckDocumentFrequencies(d, input);
  CheckBlocks(c, input, repaired);
  return 0;
}
