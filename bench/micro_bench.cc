// Micro-benchmarks per stage: UTF-8 validation/decoding, block splitting + accurate cut without
// HMM, accurate cut with HMM, full mode, search mode, and extract_tags with topK=100.
//
// Every benchmark processes the whole corpus once per iteration, line by line (a line is one
// document, as for the CLI), and reports bytes/s of corpus text (SetBytesProcessed).
//
// The corpus is the file named by $KWX_BENCH_CORPUS, or else a generated Chinese-like text: lines
// of dictionary words drawn by frequency from the data directory's dict.txt, with punctuation,
// some ASCII words and numbers, and some words the dictionary does not have (so the HMM runs).
// The data directory is found as the CLI finds it ($KWX_DATA_DIR, <binary>/../share/kwx, ...).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "kwx/dictionary.h"
#include "kwx/keywords.h"
#include "kwx/model.h"
#include "kwx/segmenter.h"
#include "kwx/text.h"
#include "kwx/workspace.h"
#include "seg/scratch.h"
#include "util/utf8.h"

namespace {

struct Globals {
  kwx::Model model;  // what the CLI runs on: the compiled data when there is one
  const kwx::Segmenter* segmenter = nullptr;
  const kwx::KeywordExtractor* extractor = nullptr;
  std::string corpus;                   // the whole text
  std::vector<std::string_view> lines;  // its lines, without '\n'
};

Globals* g = nullptr;

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "kwx_benchmarks: %s\n", what.c_str());
  std::exit(1);
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// About `target_bytes` of text made of dictionary words drawn by frequency.
std::string GenerateCorpus(const std::string& dict_path, std::size_t target_bytes) {
  std::string dict_text;
  if (!ReadFile(dict_path, &dict_text)) Fail("cannot read " + dict_path);
  std::vector<std::string> words;
  std::vector<double> weights;
  for (std::size_t pos = 0; pos < dict_text.size();) {
    std::size_t nl = dict_text.find('\n', pos);
    if (nl == std::string::npos) nl = dict_text.size();
    std::string_view line(dict_text.data() + pos, nl - pos);
    pos = nl + 1;
    std::size_t sp = line.find(' ');
    if (sp == std::string_view::npos) continue;
    double f = std::strtod(std::string(line.substr(sp + 1)).c_str(), nullptr);
    if (f <= 0) continue;
    words.emplace_back(line.substr(0, sp));
    weights.push_back(f);
  }
  if (words.empty()) Fail("no words in " + dict_path);
  std::mt19937_64 rng(42);
  std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());
  std::uniform_int_distribution<int> percent(0, 99);
  std::uniform_int_distribution<int> line_words(5, 60);
  // Characters seldom in the dictionary, so that unknown runs reach the HMM.
  const char* const rare[] = {"杭", "研", "琦", "翊", "璟", "缇", "昀", "焯"};
  const char* const punct[] = {"，", "。", "、", "；", "！", "？", "：", "“", "”", " "};
  std::string out;
  while (out.size() < target_bytes) {
    int n = line_words(rng);
    for (int i = 0; i < n; ++i) {
      int r = percent(rng);
      if (r < 80) {
        out += words[pick(rng)];
      } else if (r < 88) {
        out += punct[static_cast<std::size_t>(percent(rng)) % std::size(punct)];
      } else if (r < 94) {
        out += rare[static_cast<std::size_t>(percent(rng)) % std::size(rare)];
        out += rare[static_cast<std::size_t>(percent(rng)) % std::size(rare)];
      } else if (r < 97) {
        out += std::to_string(percent(rng) * 37);
      } else {
        out += (r == 97 ? " CEO " : r == 98 ? " iPhone " : " e-mail ");
      }
    }
    out += "。\n";
  }
  return out;
}

void Setup() {
  g = new Globals;
  auto files = kwx::DataFiles{}.Resolve();
  if (!files.ok()) Fail(files.status().message());
  auto model = kwx::Model::Load(kwx::DataFiles{}, /*with_keywords=*/true);
  if (!model.ok()) Fail(model.status().message());
  g->model = std::move(model).value();
  g->segmenter = g->model.segmenter.get();
  g->extractor = g->model.extractor.get();

  const char* corpus_path = std::getenv("KWX_BENCH_CORPUS");
  if (corpus_path != nullptr && *corpus_path != '\0') {
    if (!ReadFile(corpus_path, &g->corpus)) Fail(std::string("cannot read ") + corpus_path);
    std::fprintf(stderr, "corpus: %s (%zu bytes)\n", corpus_path, g->corpus.size());
  } else {
    g->corpus = GenerateCorpus(files->dict, 1 << 20);
    std::fprintf(stderr, "corpus: generated from %s (%zu bytes; set KWX_BENCH_CORPUS to use a file)\n",
                 files->dict.c_str(), g->corpus.size());
  }
  std::string_view all = g->corpus;
  for (std::size_t pos = 0; pos < all.size();) {
    std::size_t nl = all.find('\n', pos);
    if (nl == std::string_view::npos) nl = all.size();
    g->lines.push_back(all.substr(pos, nl - pos));
    pos = nl + 1;
  }
}

void SetBytes(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(g->corpus.size()));
  state.counters["lines"] = static_cast<double>(g->lines.size());
}

void BM_Utf8Validate(benchmark::State& state) {
  for (auto _ : state) {
    for (std::string_view line : g->lines) benchmark::DoNotOptimize(kwx::IsValidUtf8(line));
  }
  SetBytes(state);
}
BENCHMARK(BM_Utf8Validate);

void BM_Utf8Decode(benchmark::State& state) {
  std::vector<char32_t> cps;
  std::vector<std::uint32_t> offsets;
  for (auto _ : state) {
    for (std::string_view line : g->lines) {
      kwx::internal::DecodeUtf8(line, &cps, &offsets);
      benchmark::DoNotOptimize(cps.data());
    }
  }
  SetBytes(state);
}
BENCHMARK(BM_Utf8Decode);

// What every mode does first: validate and decode into the workspace.
void BM_PrepareText(benchmark::State& state) {
  kwx::internal::PreparedText text;
  for (auto _ : state) {
    for (std::string_view line : g->lines) {
      kwx::internal::PrepareLine(line, text);
      while (kwx::internal::NextWindow(text)) benchmark::DoNotOptimize(text.length);
    }
  }
  SetBytes(state);
}
BENCHMARK(BM_PrepareText);

void Cut(benchmark::State& state, kwx::CutMode mode, bool hmm) {
  kwx::Workspace ws;
  std::vector<std::string_view> out;
  std::size_t tokens = 0;
  for (auto _ : state) {
    for (std::string_view line : g->lines) {
      g->segmenter->Cut(line, mode, hmm, ws, &out);
      tokens += out.size();
    }
  }
  SetBytes(state);
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}

// Block splitting, DAG and route, no HMM.
void BM_CutAccurateNoHmm(benchmark::State& state) { Cut(state, kwx::CutMode::kAccurate, false); }
BENCHMARK(BM_CutAccurateNoHmm);

void BM_CutAccurateHmm(benchmark::State& state) { Cut(state, kwx::CutMode::kAccurate, true); }
BENCHMARK(BM_CutAccurateHmm);

void BM_CutFull(benchmark::State& state) { Cut(state, kwx::CutMode::kFull, true); }
BENCHMARK(BM_CutFull);

void BM_CutSearch(benchmark::State& state) { Cut(state, kwx::CutMode::kSearch, true); }
BENCHMARK(BM_CutSearch);

void BM_ExtractTop100(benchmark::State& state) {
  kwx::Workspace ws;
  std::vector<kwx::Keyword> out;
  kwx::KeywordOptions top100;
  top100.top_k = 100;
  for (auto _ : state) {
    for (std::string_view line : g->lines) {
      g->extractor->Extract(line, top100, ws, &out);
      benchmark::DoNotOptimize(out.data());
    }
  }
  SetBytes(state);
}
BENCHMARK(BM_ExtractTop100);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  Setup();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
