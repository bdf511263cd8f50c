// The subcommands of the kwx CLI.
#ifndef KWX_TOOLS_COMMANDS_H_
#define KWX_TOOLS_COMMANDS_H_

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "kwx/dictionary.h"
#include "kwx/keywords.h"

namespace kwx::cli {

// A subcommand's callback throws this to hand its exit code back to main().
struct CommandResult {
  int exit_code;
};

// Everything keyword extraction needs, loaded once and shared by all threads.
struct KeywordModel {
  std::unique_ptr<Dictionary> dictionary;
  std::unique_ptr<IdfTable> idf;
  std::unique_ptr<StopWords> stop_words;
  std::unique_ptr<Segmenter> segmenter;
  std::unique_ptr<KeywordExtractor> extractor;
};
StatusOr<KeywordModel> LoadKeywordModel(const DataFiles& data,
                                        const std::vector<std::string>& stop_word_files);

void AddExtractCommand(CLI::App* app);
void AddCutCommand(CLI::App* app);
void AddBenchCommand(CLI::App* app);

}  // namespace kwx::cli

#endif  // KWX_TOOLS_COMMANDS_H_
