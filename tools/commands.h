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

// Everything segmentation and keyword extraction need, loaded once and shared by all threads.
struct KeywordModel {
  std::unique_ptr<Dictionary> dictionary;
  std::unique_ptr<IdfTable> idf;  // null when loaded for segmentation only
  std::unique_ptr<StopWords> stop_words;
  std::unique_ptr<Segmenter> segmenter;
  std::unique_ptr<KeywordExtractor> extractor;  // null when loaded for segmentation only
};

// Loads the compiled data file when the data directory has one and neither --dict nor
// --hmm-model was given (an explicit --idf replaces only its IDF table); else the text files.
StatusOr<KeywordModel> LoadModel(const DataFiles& data, bool with_keywords,
                                 const std::vector<std::string>& stop_word_files = {});
// Just the dictionary (and, if asked, the IDF table) from the text files, for `kwx dict compile`.
StatusOr<KeywordModel> LoadTextModel(const DataFiles& data, bool with_keywords);

void AddExtractCommand(CLI::App* app);
void AddCutCommand(CLI::App* app);
void AddBenchCommand(CLI::App* app);
void AddDictCommand(CLI::App* app);

}  // namespace kwx::cli

#endif  // KWX_TOOLS_COMMANDS_H_
