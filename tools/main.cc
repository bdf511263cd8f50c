// kwx: jieba-exact Chinese keyword extraction and segmentation.
#include <CLI/CLI.hpp>

#include "commands.h"
#include "common.h"

int main(int argc, char** argv) {
  CLI::App app{"kwx: Chinese keyword extraction and word segmentation with exactly the results "
               "of Python jieba 0.42.1.\n"
               "Exit codes: 0 success, 1 error (input, output or data file), 2 bad usage, "
               "3 invalid UTF-8 with --strict-utf8."};
  app.require_subcommand(1);
  kwx::cli::AddExtractCommand(&app);
  kwx::cli::AddCutCommand(&app);
  kwx::cli::AddBenchCommand(&app);
  kwx::cli::AddDictCommand(&app);
  kwx::cli::AddIdfCommand(&app);
  try {
    app.parse(argc, argv);
  } catch (const kwx::cli::CommandResult& result) {
    return result.exit_code;
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kwx::cli::kExitUsage;
  }
  return kwx::cli::kExitOk;
}
