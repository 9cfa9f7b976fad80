// PLACEHOLDER: replaced by the helper implementing this subcommand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "graph/error.h"

namespace kg::cli {

void setupTrainParser(CLI::App& app, Context&) {
  CLI::App* cmd = app.add_subcommand("parser", "Train the dependency parser");
  cmd->allow_extras();
  cmd->callback([] { throw kg::Error("parser: not implemented yet"); });
}

}  // namespace kg::cli
