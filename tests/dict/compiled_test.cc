// The compiled data file: round trip, in-place use, and rejection of damaged files.
#include "kwx/compiled.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "access.h"
#include "dict/block_checksum.h"
#include "dict/compiled_format.h"
#include "dict/dictionary_data.h"
#include "kw/idf_data.h"
#include "kwx/dictionary_builder.h"
#include "kwx/keywords.h"
#include "kwx/pos_tagger.h"
#include "kwx/segmenter.h"
#include "kwx/tfidf.h"
#include "testdata/test_support.h"

namespace kwx {
namespace {

using test::DefaultDictionary;
using test::DefaultIdf;
using test::TempDir;


// One compiled file of the default data per test process (compiling takes about a second).
const std::string& CompiledBytes() {
  static const std::string* bytes = [] {
    static TempDir dir;
    std::string path = dir.path() + "/kwx.dict";
    Status s = CompiledData::Compile(DefaultDictionary(), DefaultIdf(), path);
    if (!s.ok()) {
      std::fprintf(stderr, "compile failed: %s\n", s.message().c_str());
      std::abort();
    }
    return new std::string(test::ReadFile(path));
  }();
  return *bytes;
}

std::string ErrorOf(const std::string& bytes) {
  TempDir dir;
  auto opened = CompiledData::Open(dir.Write("x.dict", bytes));
  return opened.ok() ? std::string() : opened.status().message();
}

TEST(CompiledDataTest, GivesTheSameResultsAsTheTextData) {
  TempDir dir;
  auto data = CompiledData::Open(dir.Write("kwx.dict", CompiledBytes()));
  ASSERT_TRUE(data.ok()) << data.status().message();
  EXPECT_EQ(data->dictionary()->total_frequency(), 60101967u);
  EXPECT_EQ(data->dictionary()->word_count(), DefaultDictionary().word_count());
  EXPECT_EQ(data->dictionary()->Frequency("B超"), DefaultDictionary().Frequency("B超"));
  EXPECT_EQ(data->idf()->size(), DefaultIdf().size());
  EXPECT_EQ(data->idf()->median(), DefaultIdf().median());
  EXPECT_EQ(data->idf()->Get("劳动防护"), DefaultIdf().Get("劳动防护"));
  for (std::string_view w : {"中国", "清华大学", "的", "B超", "中华人民共和", "不存在的词xx", ""}) {
    EXPECT_EQ(data->dictionary()->Tag(w), DefaultDictionary().Tag(w)) << w;
  }
  // The same trie, so the same tag of every slot and the same tag table.
  const internal::DictionaryData& c = internal::Access::Data(*data->dictionary());
  const internal::DictionaryData& t = internal::Access::Data(DefaultDictionary());
  EXPECT_TRUE(std::ranges::equal(c.node_tags.span(), t.node_tags.span()));
  EXPECT_TRUE(std::ranges::equal(c.tag_offsets.span(), t.tag_offsets.span()));
  EXPECT_TRUE(std::ranges::equal(c.tag_bytes.span(), t.tag_bytes.span()));

  const std::vector<std::string> sentences = {
      "我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。",
      "小明硕士毕业于中国科学院计算所，后在日本京都大学深造，工作于Google Inc. 的 C++ 团队",
      "喫茶店 𠀀 e-mail 3.14% \xff\xfe 龘龘龘龘龘"};
  Segmenter text_seg(DefaultDictionary()), compiled_seg(*data->dictionary());
  StopWords stop;
  TfidfExtractor text_kw(text_seg, DefaultIdf(), stop);
  TfidfExtractor compiled_kw(compiled_seg, *data->idf(), stop);
  Workspace ws1, ws2;
  for (const std::string& s : sentences) {
    for (CutMode mode : {CutMode::kAccurate, CutMode::kFull, CutMode::kSearch}) {
      for (bool hmm : {true, false}) {
        std::vector<std::string_view> a, b;
        text_seg.Cut(s, mode, hmm, ws1, &a);
        compiled_seg.Cut(s, mode, hmm, ws2, &b);
        EXPECT_EQ(a, b) << s;
      }
    }
    std::vector<Keyword> a, b;
    text_kw.Extract(s, test::TopK(0), ws1, &a);
    compiled_kw.Extract(s, test::TopK(0), ws2, &b);
    ASSERT_EQ(a.size(), b.size()) << s;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].word, b[i].word);
      EXPECT_EQ(a[i].weight, b[i].weight);  // bit-identical
    }
  }
}

// As Model::LoadText builds it for `kwx dict compile`: the IDF words are trie nodes, so the file
// leaves out the IDF word map and answers IDF lookups through the trie.
TEST(CompiledDataTest, IdfWordsAsTrieNodesReplaceTheWordMap) {
  std::vector<std::string_view> idf_words;
  DefaultIdf().ForEach([&](std::string_view w, double) { idf_words.push_back(w); });
  DictionaryBuilder builder;
  ASSERT_TRUE(builder.AddDictFile(test::DataPath("dict.txt")).ok());
  ASSERT_TRUE(builder.SetHmmModelFile(test::DataPath("hmm_model.utf8")).ok());
  ASSERT_TRUE(builder.AddIndexOnlyWords(idf_words).ok());
  auto indexed = builder.Build();
  ASSERT_TRUE(indexed.ok()) << indexed.status().message();
  TempDir dir;
  std::string path = dir.path() + "/kwx.dict";
  ASSERT_TRUE(CompiledData::Compile(**indexed, DefaultIdf(), path).ok());
  // The word map is most of the difference (about 17 MB).
  EXPECT_LT(test::ReadFile(path).size() + (10 << 20), CompiledBytes().size());
  auto data = CompiledData::Open(path);
  ASSERT_TRUE(data.ok()) << data.status().message();
  const IdfTable& idf = *data->idf();
  EXPECT_EQ(internal::Access::Data(idf).idf.size(), 0u);
  EXPECT_EQ(idf.size(), DefaultIdf().size());
  EXPECT_EQ(idf.median(), DefaultIdf().median());
  // Dictionary words, IDF-only words, prefixes, unknown words, mixed case, invalid UTF-8.
  for (std::string_view w : {"劳动防护", "中国", "卢巴", "黎刹", "中华人民共和", "不存在的词xx", "CEO",
                             "ceo", "", "\xff", "中国\xff"}) {
    EXPECT_EQ(idf.Get(w), DefaultIdf().Get(w)) << w;
  }
  std::size_t checked = 0;
  DefaultIdf().ForEach([&](std::string_view w, double v) {
    if (checked++ % 97 == 0) {
      EXPECT_EQ(idf.Get(w), v) << w;
    }
  });

  Segmenter text_seg(DefaultDictionary()), compiled_seg(*data->dictionary());
  StopWords stop;
  TfidfExtractor text_kw(text_seg, DefaultIdf(), stop);
  TfidfExtractor compiled_kw(compiled_seg, idf, stop);
  // The compiled IDF with another dictionary (the Python API allows any pairing): the extractor
  // maps the table onto that trie, spelling the words out of the compiled trie.
  TfidfExtractor mixed_kw(text_seg, idf, stop);
  Workspace ws1, ws2;
  // HMM words with and without an IDF entry, English, a word only idf.txt knows.
  for (std::string s : {"卢巴和库邦在黎刹好花查吓，小明硕士毕业于中国科学院计算所", "Google Inc. 的 C++ 团队 CEO ceo 3.14%"}) {
    std::vector<Keyword> a, b;
    text_kw.Extract(s, test::TopK(0), ws1, &a);
    for (const KeywordExtractor* kw : {&compiled_kw, &mixed_kw}) {
      kw->Extract(s, test::TopK(0), ws2, &b);
      ASSERT_EQ(a.size(), b.size()) << s;
      for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].word, b[i].word);
        EXPECT_EQ(a[i].weight, b[i].weight);
      }
    }
  }
  // Every entry comes back out of the trie-backed table.
  std::size_t entries = 0;
  internal::ForEachIdfEntry(internal::Access::Data(idf), [&](std::string_view w, double v) {
    ++entries;
    if (entries % 101 == 0) {
      EXPECT_EQ(DefaultIdf().Get(w), v) << w;
    }
  });
  EXPECT_EQ(entries, DefaultIdf().size());
}

// The top keywords of a fixed sentence with whatever parts are still alive.
std::vector<std::pair<std::string, double>> KeywordsWith(const Dictionary& dict,
                                                         const IdfTable& idf) {
  Segmenter seg(dict);
  StopWords stop;
  TfidfExtractor kw(seg, idf, stop);
  Workspace ws;
  std::vector<Keyword> out;
  kw.Extract("我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO。", test::TopK(5), ws,
             &out);
  std::vector<std::pair<std::string, double>> result;
  for (const Keyword& k : out) result.emplace_back(k.word, k.weight);
  return result;
}

// Every part shares what it reads: the IdfTable of a compiled file reads its entries through
// the Dictionary's trie, and both read the mapping. Dropping the parts in any order must leave
// the rest working (run under ASan: a use-after-free shows up there as a crash).
TEST(CompiledDataTest, PartsOutliveEachOtherInEveryOrder) {
  TempDir dir;
  const std::string path = dir.Write("kwx.dict", CompiledBytes());
  const auto want = KeywordsWith(DefaultDictionary(), DefaultIdf());
  ASSERT_EQ(want.size(), 5u);
  // 0: the CompiledData handle, 1: the Dictionary, 2: the IdfTable.
  std::vector<int> order = {0, 1, 2};
  int orders = 0;
  do {
    ++orders;
    auto opened = CompiledData::Open(path);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    std::optional<CompiledData> handle = std::move(opened.value());
    std::shared_ptr<const Dictionary> dict = handle->dictionary();
    std::shared_ptr<const IdfTable> idf = handle->idf();
    for (int part : order) {
      if (part == 0) handle.reset();
      if (part == 1) dict.reset();
      if (part == 2) idf.reset();
      // What is left still answers, from the mapping.
      if (idf) {
        EXPECT_EQ(idf->Get("拖拉机"), DefaultIdf().Get("拖拉机"));
        EXPECT_EQ(idf->Get("不存在的词xx"), DefaultIdf().median());
        std::size_t entries = 0;
        idf->ForEach([&](std::string_view, double) { ++entries; });
        EXPECT_EQ(entries, DefaultIdf().size());
      }
      if (dict) {
        EXPECT_EQ(dict->Frequency("拖拉机"), DefaultDictionary().Frequency("拖拉机"));
        EXPECT_EQ(dict->Tag("拖拉机"), DefaultDictionary().Tag("拖拉机"));
      }
      if (dict && idf) {
        EXPECT_EQ(KeywordsWith(*dict, *idf), want);
      }
      if (idf) {
        EXPECT_EQ(KeywordsWith(DefaultDictionary(), *idf), want);
      }
      if (dict) {
        EXPECT_EQ(KeywordsWith(*dict, DefaultIdf()), want);
      }
    }
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(orders, 6);
}

// The error of a file opened with its checksum computed in the background: Open's, or else
// Checked()'s once the checksum is done.
std::string BackgroundErrorOf(const std::string& bytes) {
  TempDir dir;
  CompiledData::OpenOptions options;
  options.checksum_in_background = true;
  auto opened = CompiledData::Open(dir.Write("x.dict", bytes), options);
  if (!opened.ok()) return opened.status().message();
  Status checked = opened->Checked();
  return checked.ok() ? std::string() : checked.message();
}

TEST(CompiledDataTest, ChecksumInTheBackgroundPassesAGoodFile) {
  EXPECT_EQ(BackgroundErrorOf(CompiledBytes()), "");
  TempDir dir;
  auto opened = CompiledData::Open(dir.Write("x.dict", CompiledBytes()));
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_TRUE(opened->Checked().ok());  // nothing pending
}

TEST(CompiledDataTest, RejectsTruncatedFiles) {
  const std::string& good = CompiledBytes();
  for (std::size_t size : {std::size_t{0}, std::size_t{7}, std::size_t{39}, std::size_t{100},
                           good.size() / 2, good.size() - 1}) {
    std::string err = ErrorOf(good.substr(0, size));
    EXPECT_FALSE(err.empty()) << size;
  }
  EXPECT_NE(ErrorOf(good.substr(0, good.size() - 64)).find("truncated"), std::string::npos);
}

TEST(CompiledDataTest, RejectsDamagedBytes) {
  const std::string& good = CompiledBytes();
  // A flipped bit anywhere after the header is caught by the checksum.
  for (std::size_t pos : {std::size_t{64}, std::size_t{1000}, good.size() / 3, good.size() - 1}) {
    std::string bad = good;
    bad[pos] = static_cast<char>(bad[pos] ^ 0x10);
    EXPECT_NE(ErrorOf(bad).find("checksum"), std::string::npos) << pos;
    // The same verdict when the checksum is computed in the background, whether the damage
    // also fails a check of Open's (which then waits for the checksum) or only the checksum.
    EXPECT_NE(BackgroundErrorOf(bad).find("checksum"), std::string::npos) << pos;
  }
}

// A file damaged so that its checksum still matches (crafted, or an unlucky writer): every trie
// unit is bounds-checked wherever it lies in the file, including across checksum blocks.
TEST(CompiledDataTest, RejectsOutOfBoundsTrieUnitsWithAMatchingChecksum) {
  const std::string& good = CompiledBytes();
  // Header: magic[8], version u32, byte order u32, file size u64, checksum u64, section count
  // u32, reserved u32; then {id u32, element size u32, offset u64, size u64} per section.
  constexpr std::size_t kHeader = 40, kChecksumAt = 24;
  constexpr std::uint32_t kTrieUnitsId = 4;
  std::uint32_t count;
  std::memcpy(&count, good.data() + 32, 4);
  std::uint64_t units_at = 0, units_size = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t id;
    std::memcpy(&id, good.data() + kHeader + i * 24, 4);
    if (id == kTrieUnitsId) {
      std::memcpy(&units_at, good.data() + kHeader + i * 24 + 8, 8);
      std::memcpy(&units_size, good.data() + kHeader + i * 24 + 16, 8);
    }
  }
  ASSERT_GT(units_size, 3 * internal::kChecksumBlock);
  const std::uint64_t units = units_size / 16;
  // The unit that straddles the first checksum block's end, one in the middle, the last one.
  const std::uint64_t straddling = (kHeader + internal::kChecksumBlock - units_at) / 16;
  for (std::uint64_t unit : {std::uint64_t{1}, straddling, units / 2, units - 1}) {
    for (int field : {0, 1, 2, 3}) {  // base, check, freq_index, idf_index
      std::string bad = good;
      const std::uint32_t huge = 0x7FFFFFF0u;
      std::memcpy(bad.data() + units_at + unit * 16 + field * 4, &huge, 4);
      std::uint64_t sum = internal::BlockChecksum(std::string_view(bad).substr(kHeader));
      std::memcpy(bad.data() + kChecksumAt, &sum, 8);
      EXPECT_NE(ErrorOf(bad).find("trie out of bounds"), std::string::npos) << unit << " " << field;
      // Bounds are checked before Open returns, checksum in the background or not.
      EXPECT_NE(BackgroundErrorOf(bad).find("trie out of bounds"), std::string::npos)
          << unit << " " << field;
    }
  }
}

// The default data with jieba.posseg's HMM, compiled once per test process.
const std::string& CompiledPosBytes() {
  static const std::string* bytes = [] {
    static TempDir dir;
    std::string path = dir.path() + "/kwx.dict";
    Status s = CompiledData::Compile(test::DefaultPosDictionary(), DefaultIdf(), path);
    if (!s.ok()) {
      std::fprintf(stderr, "compile failed: %s\n", s.message().c_str());
      std::abort();
    }
    return new std::string(test::ReadFile(path));
  }();
  return *bytes;
}

std::vector<std::string> Tags(const Dictionary& dict, std::string_view text, bool hmm) {
  auto tagger = PosTagger::Create(dict);
  EXPECT_TRUE(tagger.ok()) << tagger.status().message();
  if (!tagger.ok()) return {};
  Workspace ws;
  std::vector<TaggedWord> words;
  tagger->Cut(text, hmm, ws, &words);
  std::vector<std::string> out;
  for (const TaggedWord& w : words) out.push_back(std::string(w.word) + "/" + std::string(w.flag));
  return out;
}

TEST(CompiledDataTest, CarriesThePosModel) {
  TempDir dir;
  auto with = CompiledData::Open(dir.Write("pos.dict", CompiledPosBytes()));
  ASSERT_TRUE(with.ok()) << with.status().message();  // its self-test tags too
  EXPECT_TRUE(with->dictionary()->has_pos_model());
  for (const char* text : {"他来到了网易杭研大厦", "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
                           "e-mail 3.14% C++ 鼗鼙鼛", "\r\n甲乙丙丁戊己庚辛"}) {
    for (bool hmm : {true, false}) {
      EXPECT_EQ(Tags(*with->dictionary(), text, hmm), Tags(test::DefaultPosDictionary(), text, hmm))
          << text << " hmm=" << hmm;
    }
  }
  auto without = CompiledData::Open(dir.Write("plain.dict", CompiledBytes()));
  ASSERT_TRUE(without.ok()) << without.status().message();
  EXPECT_FALSE(without->dictionary()->has_pos_model());
  EXPECT_FALSE(PosTagger::Create(*without->dictionary()).ok());
}

// Damage to the POS sections that the checksum does not catch (it was recomputed) is caught by
// PosModel::Finish, before any decoding.
TEST(CompiledDataTest, RejectsDamagedPosSectionsWithAMatchingChecksum) {
  const std::string& good = CompiledPosBytes();
  constexpr std::size_t kHeader = 40, kChecksumAt = 24;
  std::uint32_t count;
  std::memcpy(&count, good.data() + 32, 4);
  auto section = [&](std::uint32_t wanted) {
    for (std::uint32_t i = 0; i < count; ++i) {
      std::uint32_t id;
      std::uint64_t at;
      std::memcpy(&id, good.data() + kHeader + i * 24, 4);
      std::memcpy(&at, good.data() + kHeader + i * 24 + 8, 8);
      if (id == wanted) return at;
    }
    ADD_FAILURE() << "no section " << wanted;
    return std::uint64_t{0};
  };
  auto patched = [&](std::uint32_t id, std::size_t offset, const void* bytes, std::size_t n) {
    std::string bad = good;
    std::memcpy(bad.data() + section(id) + offset, bytes, n);
    std::uint64_t sum = internal::BlockChecksum(std::string_view(bad).substr(kHeader));
    std::memcpy(bad.data() + kChecksumAt, &sum, 8);
    return ErrorOf(bad);
  };
  using namespace internal::compiled;  // NOLINT: section ids
  const char q = 'Q';
  EXPECT_NE(patched(kPosPositions, 0, &q, 1).find("bad state position"), std::string::npos);
  const std::uint32_t huge = 0x7FFFFFF0u;
  EXPECT_NE(patched(kPosCharBegin, 4 * 100, &huge, 4).find("character states out of bounds"),
            std::string::npos);
  EXPECT_NE(patched(kPosEmitBegin, 4 * 7, &huge, 4).find("emissions out of bounds"),
            std::string::npos);
  EXPECT_NE(patched(kPosIntoBegin, 4 * 3, &huge, 4).find("transitions out of bounds"),
            std::string::npos);
  EXPECT_NE(patched(kPosTagOffsets, 4 * 2, &huge, 4).find("state tags out of bounds"),
            std::string::npos);
  const std::uint8_t descending[2] = {200, 100};
  // The dense transitions' size must be the states' square (a section of 8 bytes too few).
  {
    std::string bad = good;
    for (std::uint32_t i = 0; i < count; ++i) {
      std::uint32_t id;
      std::memcpy(&id, bad.data() + kHeader + i * 24, 4);
      if (id != kPosIntoDense) continue;
      std::uint64_t size;
      std::memcpy(&size, bad.data() + kHeader + i * 24 + 16, 8);
      size -= 8;
      std::memcpy(bad.data() + kHeader + i * 24 + 16, &size, 8);
    }
    std::uint64_t sum = internal::BlockChecksum(std::string_view(bad).substr(kHeader));
    std::memcpy(bad.data() + kChecksumAt, &sum, 8);
    EXPECT_NE(ErrorOf(bad).find("dense transition table"), std::string::npos) << ErrorOf(bad);
  }
  EXPECT_NE(patched(kPosCharStates, 0, descending, 2).find("character states out of bounds"),
            std::string::npos);
}

TEST(CompiledDataTest, RejectsOtherFilesAndVersions) {
  EXPECT_NE(ErrorOf(std::string(4096, 'x')).find("not a kwx compiled file"), std::string::npos);
  EXPECT_NE(ErrorOf("word 1 n\n").find("truncated"), std::string::npos);
  std::string other_version = CompiledBytes();
  other_version[8] = 1;  // the version field follows the 8-byte magic
  EXPECT_NE(ErrorOf(other_version).find("version 1"), std::string::npos);
  std::string swapped = CompiledBytes();
  std::swap(swapped[12], swapped[15]);  // the byte-order mark
  EXPECT_NE(ErrorOf(swapped).find("byte order"), std::string::npos);
}

TEST(CompiledDataTest, MissingFileAndDirectory) {
  TempDir dir;
  auto missing = CompiledData::Open(dir.path() + "/none.dict");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  auto directory = CompiledData::Open(dir.path());
  ASSERT_FALSE(directory.ok());
  EXPECT_NE(directory.status().message().find(dir.path()), std::string::npos);
}

}  // namespace
}  // namespace kwx
