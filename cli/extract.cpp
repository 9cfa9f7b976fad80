// PLACEHOLDER: replaced by the helper implementing this subcommand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "graph/error.h"

namespace kg::cli {

void setupExtract(CLI::App& app, Context&) {
  CLI::App* cmd = app.add_subcommand("extract", "Extract triples from articles");
  cmd->allow_extras();
  cmd->callback([] { throw kg::Error("extract: not implemented yet"); });
}

}  // namespace kg::cli
