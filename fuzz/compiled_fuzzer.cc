// Fuzz target: the compiled data loader (CompiledData::Open) on damaged files. The input is a
// list of edits, 9 bytes each: [how][where: u32][value: u32] (so -max_len=72 means up to 8
// edits; a trailing partial edit is ignored), to a small compiled file made at start-up: a few
// hundred words of jieba's dict.txt, a few hundred IDF entries, jieba's HMM, two force-split
// words and jieba.posseg's HMM cut down to the characters of the texts it tags (about 1.7 MB,
// nearly all of it fixed-size tables), so that an input costs well under a
// millisecond instead of the 20 MB default file's checksum and self-test. `where`
// picks a region (the header with the section table, or one of the sections, so that the small
// ones such as the meta record are hit as often as the trie) and an offset in it; `how`
// picks the edit: xor a byte, overwrite a 4-byte word with `value` or with an interesting value
// (0, 1, -1, INT32_MAX, a size of the file), or cut the file short. The checksum is then
// recomputed (unless the first byte of the input is odd), so that the structure checks meet the
// damage and not only the checksum. Open() must refuse the file with a message naming it, or
// give data that segments and extracts without crashing.
#include <sys/mman.h>
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
#include "kwx/dictionary_builder.h"
#include "kwx/keywords.h"
#include "kwx/model.h"
#include "kwx/pos_tagger.h"
#include "kwx/segmenter.h"
#include "kwx/text.h"
#include "util/utf8.h"

namespace kwx::fuzz {
namespace {

// The layout parts this target edits (src/dict/compiled_format.h): a 40-byte header with the
// checksum at byte 24 and the section count at byte 32, then 24-byte section entries
// {id u32, element size u32, offset u64, size u64}.
constexpr std::size_t kHeaderSize = 40, kChecksumAt = 24, kCountAt = 32, kEntrySize = 24;

struct Region {
  std::size_t offset, size;
};

struct Base {
  std::string bytes;            // the undamaged file
  std::string work;             // the same, edited for the current input and restored after it
  std::vector<Region> regions;  // the header with the table, then every section
  int fd = -1;                  // an in-memory file for the edited bytes
  std::string path;             // its name
};

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every `step`-th line of a text file.
std::string EveryNthLine(const std::string& path, int step) {
  std::istringstream in(ReadAll(path));
  std::string line, out;
  for (int n = 0; std::getline(in, line); ++n) {
    if (n % step == 0) out += line + "\n";
  }
  return out;
}

// pos_hmm.utf8 with the emissions and char_state_tab entries of `chars` only (every state and
// transition kept).
std::string SmallPosModel(const std::string& path, const std::u32string& chars) {
  std::istringstream in(ReadAll(path));
  std::string line, out;
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  auto wanted = [&](std::string_view c) {
    internal::DecodeUtf8(c, &cps, &offsets);
    return cps.size() == 1 && chars.find(cps[0]) != std::u32string::npos;
  };
  while (std::getline(in, line)) {
    if (line.rfind("char ", 0) == 0) {
      std::size_t sp = line.find(' ', 5);
      if (wanted(std::string_view(line).substr(5, sp - 5))) out += line + "\n";
    } else if (line.rfind("emit ", 0) == 0) {
      std::size_t items = line.rfind(' ') + 1;
      std::string kept;
      std::istringstream list(line.substr(items));
      std::string item;
      while (std::getline(list, item, ',')) {
        std::size_t colon = item.rfind(':');
        if (colon != std::string::npos && wanted(std::string_view(item).substr(0, colon))) {
          kept += (kept.empty() ? "" : ",") + item;
        }
      }
      if (!kept.empty()) out += line.substr(0, items) + kept + "\n";
    } else {
      out += line + "\n";
    }
  }
  return out;
}

// The small compiled file the inputs edit (see the top of this file).
std::string SmallCompiledFile() {
  auto files = DataFiles{}.Resolve();
  if (!files.ok()) Die("no data:", files.status().message());
  const char* tmp = std::getenv("TMPDIR");
  const std::string stem = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                          "/kwx-compiled-fuzz-" + std::to_string(::getpid());
  const std::string dict = stem + ".dict.txt", idf = stem + ".idf.txt", out = stem + ".dict",
                    pos = stem + ".pos.txt";
  std::ofstream(pos) << SmallPosModel(files->pos_model, U"拖拉机学院专业升职加薪人生巅峰小明硕士毕业于"
                                                        U"中国科学院计算所日本京都大学深造杭研大厦");
  std::ofstream(dict) << EveryNthLine(files->dict, 400)
                      << "拖拉机 438 n\n学院 2000 n\n北京 3000 ns\n清华大学 900 nt\n";
  std::ofstream(idf) << EveryNthLine(files->idf, 400) << "拖拉机 8.4\n学院 5.0\n";
  DictionaryBuilder builder;
  if (!builder.AddDictFile(dict).ok() || !builder.SetHmmModelFile(files->hmm_model).ok() ||
      !builder.SetPosModelFile(pos).ok() ||
      !builder.RemoveWord("杭研").ok() || !builder.RemoveWord("中出").ok()) {
    Die("cannot build the small dictionary");
  }
  auto built = builder.Build();
  auto table = IdfTable::Load(idf);
  if (!built.ok() || !table.ok()) Die("cannot load the small data");
  if (Status s = CompiledData::Compile(**built, **table, out); !s.ok()) Die("compile:", s.message());
  std::string bytes = ReadAll(out);
  std::remove(dict.c_str());
  std::remove(idf.c_str());
  std::remove(pos.c_str());
  std::remove(out.c_str());
  return bytes;
}

Base& GetBase() {
  static Base* base = [] {
    auto* b = new Base;
    b->bytes = SmallCompiledFile();
    if (b->bytes.size() < kHeaderSize) Die("compiled data file too short");
    std::uint32_t count;
    std::memcpy(&count, b->bytes.data() + kCountAt, 4);
    b->regions.push_back({0, kHeaderSize + std::size_t{count} * kEntrySize});
    for (std::uint32_t i = 0; i < count; ++i) {
      std::uint64_t offset, size;
      std::memcpy(&offset, b->bytes.data() + kHeaderSize + i * kEntrySize + 8, 8);
      std::memcpy(&size, b->bytes.data() + kHeaderSize + i * kEntrySize + 16, 8);
      if (size > 0) b->regions.push_back({offset, size});
    }
    // Each edited file goes to an in-memory file, opened by its /proc path.
    int fd = ::memfd_create("kwx-compiled-fuzz", MFD_CLOEXEC);
    if (fd < 0) Die("memfd_create failed");
    b->fd = fd;
    b->path = "/proc/self/fd/" + std::to_string(fd);
    b->work = b->bytes;
    if (::pwrite(fd, b->bytes.data(), b->bytes.size(), 0) != static_cast<ssize_t>(b->bytes.size())) {
      Die("cannot write the in-memory file");
    }
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
  if (auto tagger = PosTagger::Create(*data.dictionary()); tagger.ok()) {
    std::vector<TaggedWord> words;
    for (const char* text : kTexts) {
      for (bool hmm : {true, false}) tagger->Cut(text, hmm, ws, &words);
    }
  }
  (void)data.idf()->Get("拖拉机");
  (void)data.dictionary()->Frequency("中国");
}

}  // namespace
}  // namespace kwx::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* input, std::size_t size) {
  using namespace kwx::fuzz;
  Base& base = GetBase();
  // The edits go into `work` (a copy of the file kept between inputs) and into the in-memory
  // file, range by range, and are undone the same way afterwards: no 1.5 MB copy per input.
  std::string& bytes = base.work;
  std::size_t file_size = bytes.size();
  std::vector<std::pair<std::size_t, std::size_t>> touched;  // (offset, length)
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
        if (offset < file_size) {
          bytes[offset] = static_cast<char>(bytes[offset] ^ (value | 1));
          touched.emplace_back(offset, 1);
        }
        break;
      case 7:  // cut the file short
        if (value % 64 == 0) file_size = std::min(file_size, offset);
        break;
      default: {  // overwrite a 4-byte word (4-aligned: fields are)
        static const std::uint32_t kInteresting[] = {0, 1, 2, 0xFFFFFFFFu, 0xFFFFFFFEu, 0x7FFFFFFFu,
                                                     0x80000000u, 0x10000u};
        std::uint32_t word = how % 8 == 3 ? value
                             : how % 8 == 4 ? kInteresting[value % std::size(kInteresting)]
                                           : static_cast<std::uint32_t>(base.bytes.size() / (1u + value % 64));
        offset &= ~std::size_t{3};
        if (offset + 4 <= file_size) {
          std::memcpy(bytes.data() + offset, &word, 4);
          touched.emplace_back(offset, 4);
        }
        break;
      }
    }
  }
  const bool fix_checksum = size == 0 || (input[0] & 1) == 0;
  if (fix_checksum && file_size >= kHeaderSize) {
    std::uint64_t sum = kwx::internal::BlockChecksum(
        std::string_view(bytes).substr(kHeaderSize, file_size - kHeaderSize));
    std::memcpy(bytes.data() + kChecksumAt, &sum, 8);
    touched.emplace_back(kChecksumAt, 8);
  }
  auto put = [&](std::size_t offset, std::size_t length) {
    if (offset >= file_size) return;
    length = std::min(length, file_size - offset);
    if (::pwrite(base.fd, bytes.data() + offset, length, static_cast<off_t>(offset)) !=
        static_cast<ssize_t>(length)) {
      Die("cannot write the in-memory file");
    }
  };
  for (const auto& [offset, length] : touched) put(offset, length);
  if (file_size < bytes.size() && ::ftruncate(base.fd, static_cast<off_t>(file_size)) != 0) {
    Die("cannot truncate the in-memory file");
  }

  {
    auto data = kwx::CompiledData::Open(base.path);
    if (!data.ok()) {
      if (data.status().message().find(base.path) == std::string::npos) {
        Die("the error does not name the file:", data.status().message());
      }
    } else {
      if (size == 0 && data->dictionary()->word_count() == 0) Die("the undamaged file lost its words");
      if (size == 0 && !data->dictionary()->has_pos_model()) Die("the undamaged file lost its POS model");
      Exercise(*data);
    }
  }

  // Undo: the touched bytes, and what a cut removed.
  for (const auto& [offset, length] : touched) {
    std::memcpy(bytes.data() + offset, base.bytes.data() + offset, length);
  }
  const std::size_t cut_at = file_size;
  file_size = bytes.size();
  for (const auto& [offset, length] : touched) put(offset, length);
  if (cut_at < file_size) put(cut_at, file_size - cut_at);
  return 0;
}
