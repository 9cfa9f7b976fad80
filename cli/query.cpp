// PLACEHOLDER: replaced by the helper implementing this subcommand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "graph/error.h"

namespace kg::cli {

void setupQuery(CLI::App& app, Context&) {
  CLI::App* cmd = app.add_subcommand("query", "Query a graph: neighbors, edges, path, top, relations, evidence");
  cmd->allow_extras();
  cmd->callback([] { throw kg::Error("query: not implemented yet"); });
}

}  // namespace kg::cli
