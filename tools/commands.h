// The subcommands of the kwx CLI.
#ifndef KWX_TOOLS_COMMANDS_H_
#define KWX_TOOLS_COMMANDS_H_

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "kwx/dictionary.h"
#include "kwx/keywords.h"
#include "kwx/model.h"

namespace kwx::cli {

// A subcommand's callback throws this to hand its exit code back to main().
struct CommandResult {
  int exit_code;
};

void AddExtractCommand(CLI::App* app);
void AddCutCommand(CLI::App* app);
void AddBenchCommand(CLI::App* app);
void AddDictCommand(CLI::App* app);
void AddIdfCommand(CLI::App* app);

}  // namespace kwx::cli

#endif  // KWX_TOOLS_COMMANDS_H_
