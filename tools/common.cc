#include "common.h"

#include <cstdio>
#include <memory>

#include "kwx/text.h"
#include "output_file.h"
#include "util/line_reader.h"

namespace kwx::cli {

void AddCommonOptions(CLI::App* app, CommonOptions* o) {
  app->add_option("input", o->input, "Input file, one document per line ('-' or absent: stdin)");
  app->add_option("-o,--output", o->output,
                  "Output file ('-': stdout, the default); written only if the run succeeds");
  app->add_option("--data-dir", o->data.data_dir,
                  "Directory with dict.txt, hmm_model.utf8 and idf.txt (default: $KWX_DATA_DIR, "
                  "then <binary>/../share/kwx, then the install directory)");
  app->add_option("--dict", o->data.dict, "Dictionary in jieba's dict.txt format");
  app->add_option("--hmm-model", o->data.hmm_model,
                  "HMM tables for unknown words (cppjieba hmm_model.utf8 layout)");
  app->add_option("--idf", o->data.idf,
                  "IDF table in jieba's idf.txt format (used by extract; accepted everywhere)");
  app->add_flag("-v,--verbose", o->verbose,
                "Report load time, lines, bytes and throughput on stderr");
  app->add_flag("--strict-utf8", o->strict_utf8,
                "Stop with exit code 3 at the first invalid UTF-8 instead of replacing it "
                "with U+FFFD");
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void PrintError(std::string_view message) {
  std::fprintf(stderr, "kwx: %.*s\n", static_cast<int>(message.size()), message.data());
}

int RunLines(const CommonOptions& options,
             const std::function<std::size_t(std::string_view, std::uint64_t, std::string*)>& process) {
  const auto start = std::chrono::steady_clock::now();
  auto reader = internal::LineReader::Open(options.input);
  if (!reader.ok()) {
    PrintError(reader.status().message());
    return kExitError;
  }
  auto out = OutputFile::Open(options.output);
  if (!out.ok()) {
    PrintError(out.status().message());
    return kExitError;
  }
  std::string chunk;
  std::uint64_t repaired_lines = 0, first_repaired = 0;
  std::string_view line;
  Status status;
  std::uint64_t line_start = 0;  // byte offset of the current line in the input
  for (; (*reader)->Next(&line, &status); line_start = (*reader)->bytes_consumed()) {
    std::uint64_t number = (*reader)->line_number();
    std::size_t bad = 0;
    if (options.strict_utf8 && !IsValidUtf8(line, &bad)) {
      PrintError("invalid UTF-8 in '" + (*reader)->name() + "' at line " + std::to_string(number) +
                 ", byte " + std::to_string(bad) + " of the line (byte offset " +
                 std::to_string(line_start + bad) + " in the input)");
      return kExitInvalidUtf8;
    }
    if (process(line, number, &chunk) > 0 && repaired_lines++ == 0) first_repaired = number;
    if (chunk.size() >= (1 << 16)) {
      if (Status s = out->Write(chunk); !s.ok()) {
        PrintError(s.message());
        return kExitError;
      }
      chunk.clear();
    }
  }
  if (!status.ok()) {
    PrintError(status.message());
    return kExitError;
  }
  if (Status s = out->Write(chunk); !s.ok()) {
    PrintError(s.message());
    return kExitError;
  }
  if (Status s = out->Commit(); !s.ok()) {
    PrintError(s.message());
    return kExitError;
  }
  if (options.verbose) {
    double seconds = SecondsSince(start);
    std::fprintf(stderr, "kwx: %llu lines, %llu bytes in %.3f s (%.1f MB/s)\n",
                 static_cast<unsigned long long>((*reader)->line_number()),
                 static_cast<unsigned long long>((*reader)->bytes_consumed()), seconds,
                 static_cast<double>((*reader)->bytes_consumed()) / 1e6 / seconds);
  }
  if (repaired_lines > 0) {
    std::fprintf(stderr,
                 "kwx: repaired invalid UTF-8 (replaced by U+FFFD) in %llu line(s) of '%s', the "
                 "first at line %llu\n",
                 static_cast<unsigned long long>(repaired_lines), (*reader)->name().c_str(),
                 static_cast<unsigned long long>(first_repaired));
  }
  return kExitOk;
}

}  // namespace kwx::cli
