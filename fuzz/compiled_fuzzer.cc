// Fuzz target: the compiled data loader (CompiledData::Open) on damaged files. The input is a
// list of edits to the default kwx.dict, 9 bytes each: [how][where: u32][value: u32]. `where`
// picks a region (the header with the section table, or one of the sections, so that the small
// ones such as the meta record are hit as often as the 15 MB trie) and an offset in it; `how`
// picks the edit: xor a byte, overwrite a 4-byte word with `value` or with an interesting value
// (0, 1, -1, INT32_MAX, a size of the file), or cut the file short. The checksum is then
// recomputed (unless the first byte of the input is odd), so that the structure checks meet the
// damage and not only the checksum. Open() must refuse the file with a message naming it, or
// give data that segments and extracts without crashing.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dict/block_checksum.h"
#include "fuzz_data.h"
#include "kwx/compiled.h"
#include "kwx/dictionary.h"
#include "kwx/keywords.h"
#include "kwx/model.h"
#include "kwx/segmenter.h"
#include "kwx/text.h"

namespace kwx::fuzz {
namespace {

// The layout parts this target edits (src/dict/compiled.cc): a 40-byte header with the
// checksum at byte 24 and the section count at byte 32, then 24-byte section entries
// {id u32, element size u32, offset u64, size u64}.
constexpr std::size_t kHeaderSize = 40, kChecksumAt = 24, kCountAt = 32, kEntrySize = 24;

struct Region {
  std::size_t offset, size;
};

struct Base {
  std::string bytes;
  std::vector<Region> regions;  // the header with the table, then every section
  std::string path;             // where the edited file is written
};

const Base& GetBase() {
  static const Base* base = [] {
    auto files = DataFiles{}.Resolve();
    if (!files.ok() || files->compiled.empty()) Die("no compiled data file found");
    std::ifstream in(files->compiled, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto* b = new Base;
    b->bytes = ss.str();
    if (b->bytes.size() < kHeaderSize) Die("compiled data file too short:", files->compiled);
    std::uint32_t count;
    std::memcpy(&count, b->bytes.data() + kCountAt, 4);
    b->regions.push_back({0, kHeaderSize + std::size_t{count} * kEntrySize});
    for (std::uint32_t i = 0; i < count; ++i) {
      std::uint64_t offset, size;
      std::memcpy(&offset, b->bytes.data() + kHeaderSize + i * kEntrySize + 8, 8);
      std::memcpy(&size, b->bytes.data() + kHeaderSize + i * kEntrySize + 16, 8);
      if (size > 0) b->regions.push_back({offset, size});
    }
    const char* tmp = std::getenv("TMPDIR");
    b->path = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/kwx-compiled-fuzz-" +
              std::to_string(::getpid()) + ".dict";
    return b;
  }();
  return *base;
}

void Exercise(const CompiledData& data) {
  const char* const kTexts[] = {
      "我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。",
      "小明硕士毕业于中国科学院计算所，后在日本京都大学深造 e-mail 3.14% C++",
      "\xe4\xb8\xad\xff\xe5\x9b\xbd 😀 𠀀 龘龘龘龘 a_b&c\r\n"};
  Segmenter segmenter(*data.dictionary());
  StopWords stop_words;
  TfidfExtractor extractor(segmenter, *data.idf(), stop_words);
  KeywordOptions all;
  all.top_k = 0;
  Workspace ws;
  std::vector<std::string_view> tokens;
  std::vector<Keyword> keywords;
  for (const char* text : kTexts) {
    for (CutMode mode : {CutMode::kAccurate, CutMode::kFull, CutMode::kSearch}) {
      segmenter.Cut(text, mode, true, ws, &tokens);
      segmenter.Cut(text, mode, false, ws, &tokens);
    }
    extractor.Extract(text, all, ws, &keywords);
    for (const Keyword& k : keywords) {
      if (!IsValidUtf8(k.word)) Die("a keyword is not UTF-8");
    }
  }
  (void)data.idf()->Get("拖拉机");
  (void)data.dictionary()->Frequency("中国");
}

}  // namespace
}  // namespace kwx::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* input, std::size_t size) {
  using namespace kwx::fuzz;
  const Base& base = GetBase();
  std::string bytes = base.bytes;
  for (std::size_t at = 0; at + 9 <= size; at += 9) {
    std::uint8_t how = input[at];
    std::uint32_t where, value;
    std::memcpy(&where, input + at + 1, 4);
    std::memcpy(&value, input + at + 5, 4);
    const Region& region = base.regions[where % base.regions.size()];
    std::size_t offset = region.offset + (where / base.regions.size()) % region.size;
    switch (how % 8) {
      case 0:
      case 1:
      case 2:  // flip bits of a byte
        if (offset < bytes.size()) bytes[offset] = static_cast<char>(bytes[offset] ^ (value | 1));
        break;
      case 7:  // cut the file short
        if (value % 64 == 0) bytes.resize(std::min(bytes.size(), offset));
        break;
      default: {  // overwrite a 4-byte word (4-aligned: fields are)
        static const std::uint32_t kInteresting[] = {0, 1, 2, 0xFFFFFFFFu, 0xFFFFFFFEu, 0x7FFFFFFFu,
                                                     0x80000000u, 0x10000u};
        std::uint32_t word = how % 8 == 3 ? value
                             : how % 8 == 4 ? kInteresting[value % std::size(kInteresting)]
                                           : static_cast<std::uint32_t>(base.bytes.size() / (1u + value % 64));
        offset &= ~std::size_t{3};
        if (offset + 4 <= bytes.size()) std::memcpy(bytes.data() + offset, &word, 4);
        break;
      }
    }
  }
  const bool fix_checksum = size == 0 || (input[0] & 1) == 0;
  if (fix_checksum && bytes.size() >= kHeaderSize) {
    std::uint64_t sum = kwx::internal::BlockChecksum(std::string_view(bytes).substr(kHeaderSize));
    std::memcpy(bytes.data() + kChecksumAt, &sum, 8);
  }
  {
    std::ofstream out(base.path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) Die("cannot write", base.path);
  }
  auto data = kwx::CompiledData::Open(base.path);
  std::remove(base.path.c_str());
  if (!data.ok()) {
    if (data.status().message().find(base.path) == std::string::npos) {
      Die("the error does not name the file:", data.status().message());
    }
    return 0;
  }
  if (size == 0 && data->dictionary()->word_count() == 0) Die("the undamaged file lost its words");
  Exercise(*data);
  return 0;
}
