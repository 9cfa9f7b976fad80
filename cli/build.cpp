// PLACEHOLDER: replaced by the helper implementing this subcommand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "graph/error.h"

namespace kg::cli {

void setupBuild(CLI::App& app, Context&) {
  CLI::App* cmd = app.add_subcommand("build", "Build a knowledge graph from articles or triples");
  cmd->allow_extras();
  cmd->callback([] { throw kg::Error("build: not implemented yet"); });
}

}  // namespace kg::cli
