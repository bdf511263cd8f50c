// A main() for the fuzz targets when they are not built with libFuzzer: runs
// LLVMFuzzerTestOneInput over inputs from files, directories (recursively) and/or a generated
// corpus of random and mutated inputs.
//
//   <fuzzer> [--random N] [--seed S] [--max-len L] [--max-seconds T] [FILE|DIR]...
//
// With neither files nor --random, the built-in seeds are run. --random N generates N inputs
// (random bytes, random sequences of interesting fragments, and mutations/splices of the seeds
// and of any files given), stopping early after --max-seconds. Exit status 0 when every input ran;
// a broken invariant aborts.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

// Seeds: the shapes of text that JIEBA-PARITY.md says matter.
const char* const kSeeds[] = {
    "",
    "我来到北京清华大学",
    "他来到了网易杭研大厦",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。",
    "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
    "C++和C#是语言，e-mail、UTF-8、3.14%、50%以上、a_b&c",
    "你好\r\n世界\t \x1c\x1f\xc2\x85\xc2\xa0\xe3\x80\x80\xe2\x80\xa8。end\r\rx\n\n",
    "你好， 世界 abc",
    "一一一 嚐试验 一上 一专 丄丅丏両丣 丠乨乷乼乽",
    "aT恤衫b 1T恤衫2T恤3 AT&T c++ iPhone6s x86_64",
    "中\xe9\xbf\x95\xe9\xbf\x96\xe3\x90\x80\xef\xa4\x80\xf0\xa0\x80\x80" "a",
    "\xe4\xb8\xad\xff\xe5\x9b\xbd\xe4\xb8",
    "\xed\xa0\x80\xc0\xaf\xf4\x90\x80\x80\xe0\x80\x80" "abc",
    "the THE The of 的 a ab Ab AB 杭研 杭研",
    "😀表情👍符号",
};

// Fragments for the structured generator.
using namespace std::string_view_literals;
const std::string_view kFragments[] = {
    "中", "国", "人", "的", "一", "了", "是", "北京", "大学", "清华", "拖拉机", "研究生", "命",
    "丄", "丅", "丏", "丠", "嚐", "试验", "恤", "\xe9\xbf\x95", "\xe9\xbf\x96", "\xe3\x90\x80",
    "\xf0\xa0\x80\x80", "😀", "a", "B", "z", "T", "X", "0", "9", "3.14", "%", "+", "#", "&",
    ".", "_", "-", "e-mail", "CEO", "the", "THE", " ", "\t", "\r", "\n", "\r\n", "\x0b",
    "\x0c", "\x1c", "\x1f", "\xc2\x85", "\xc2\xa0", "\xe3\x80\x80", "\xe2\x80\xa8",
    "\xe2\x80\x8b", "，", "。", "、", "！", "\xff", "\xc0", "\xe4\xb8", "\xed\xa0\x80",
    "\xf4\x90\x80\x80", "\x80", "\xef\xbb\xbf", "\0"sv,
    // record syntax (kwx/records.h): CSV quoting, JSON members and escapes
    "\"", "\"\"", ",", "id,text\n", "{\"text\":\"", "\",\"id\":", "}", "{", "[", "]", ":",
    "\\u4e2d", "\\ud800", "\\\"", "null", "-12"};

class Generator {
 public:
  Generator(std::uint64_t seed, std::size_t max_len, std::vector<std::string> pool)
      : rng_(seed), max_len_(max_len), pool_(std::move(pool)) {}

  std::string Next() {
    switch (Pick(4)) {
      case 0:
        return RandomBytes();
      case 1:
        return Fragments();
      default:
        return Mutate(pool_[Pick(pool_.size())]);
    }
  }

 private:
  std::size_t Pick(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng_() % n); }

  std::string RandomBytes() {
    std::string s(Pick(max_len_ + 1), '\0');
    // Mostly high bytes: that is where UTF-8 (and Han) lives.
    for (char& c : s) c = static_cast<char>(Pick(3) == 0 ? Pick(128) : 0x80 + Pick(128));
    return s;
  }

  std::string Fragments() {
    std::string s;
    std::size_t n = Pick(60);
    for (std::size_t i = 0; i < n && s.size() < max_len_; ++i) {
      s += kFragments[Pick(std::size(kFragments))];
    }
    return s;
  }

  std::string Mutate(std::string s) {
    std::size_t edits = 1 + Pick(8);
    for (std::size_t e = 0; e < edits; ++e) {
      switch (Pick(6)) {
        case 0:  // flip a bit
          if (!s.empty()) s[Pick(s.size())] ^= static_cast<char>(1u << Pick(8));
          break;
        case 1:  // set a random byte
          if (!s.empty()) s[Pick(s.size())] = static_cast<char>(Pick(256));
          break;
        case 2:  // delete a range
          if (!s.empty()) {
            std::size_t at = Pick(s.size());
            s.erase(at, 1 + Pick(8));
          }
          break;
        case 3: {  // insert a fragment
          s.insert(Pick(s.size() + 1), std::string(kFragments[Pick(std::size(kFragments))]));
          break;
        }
        case 4: {  // splice in a piece of another pool entry
          const std::string& other = pool_[Pick(pool_.size())];
          if (!other.empty()) {
            std::size_t at = Pick(other.size());
            s.insert(Pick(s.size() + 1), other.substr(at, 1 + Pick(32)));
          }
          break;
        }
        default: {  // duplicate a range
          if (!s.empty()) {
            std::size_t at = Pick(s.size());
            s.insert(Pick(s.size() + 1), s.substr(at, 1 + Pick(16)));
          }
          break;
        }
      }
    }
    if (s.size() > max_len_ * 4) s.resize(max_len_ * 4);
    return s;
  }

  std::mt19937_64 rng_;
  std::size_t max_len_;
  std::vector<std::string> pool_;
};

void Run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

bool ReadFile(const std::filesystem::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

int Usage(const char* argv0) {
  std::fprintf(stderr,
               "usage: %s [--random N] [--seed S] [--max-len L] [--max-seconds T] [FILE|DIR]...\n",
               argv0);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t random_runs = 0, max_len = 256;
  std::uint64_t seed = 1;
  double max_seconds = 0;
  std::vector<std::filesystem::path> paths;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (arg == "--random" || arg == "--seed" || arg == "--max-len" || arg == "--max-seconds") {
      const char* v = value();
      if (v == nullptr) return Usage(argv[0]);
      if (arg == "--random") random_runs = std::strtoull(v, nullptr, 10);
      if (arg == "--seed") seed = std::strtoull(v, nullptr, 10);
      if (arg == "--max-len") max_len = std::max<std::size_t>(1, std::strtoull(v, nullptr, 10));
      if (arg == "--max-seconds") max_seconds = std::strtod(v, nullptr);
    } else if (arg == "-h" || arg == "--help") {
      return Usage(argv[0]);
    } else if (!arg.empty() && arg[0] == '-' && arg != "-") {
      // libFuzzer-style flags (-runs=..., -max_total_time=...) are accepted and ignored, so that
      // the same command line works with either build.
      continue;
    } else {
      paths.emplace_back(argv[i]);
    }
  }

  std::vector<std::filesystem::path> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(p, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());

  std::vector<std::string> pool(std::begin(kSeeds), std::end(kSeeds));
  std::size_t ran = 0;
  for (const auto& f : files) {
    std::string data;
    if (!ReadFile(f, &data)) {
      std::fprintf(stderr, "cannot read %s\n", f.c_str());
      return 1;
    }
    Run(data);
    ++ran;
    if (pool.size() < 4096) pool.push_back(std::move(data));
  }
  if (files.empty() || random_runs > 0) {
    for (const char* s : kSeeds) {
      Run(s);
      ++ran;
    }
  }

  const auto start = std::chrono::steady_clock::now();
  Generator gen(seed, max_len, std::move(pool));
  std::size_t generated = 0;
  for (; generated < random_runs; ++generated) {
    if (max_seconds > 0 && (generated & 63) == 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >
            max_seconds) {
      break;
    }
    Run(gen.Next());
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s: %zu inputs from files/seeds, %zu generated (seed %llu) in %.2f s: ok\n",
              argv[0], ran, generated, static_cast<unsigned long long>(seed), secs);
  return 0;
}
