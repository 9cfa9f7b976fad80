// PLACEHOLDER: replaced by the helper implementing this subcommand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "graph/error.h"

namespace kg::cli {

void setupExport(CLI::App& app, Context&) {
  CLI::App* cmd = app.add_subcommand("export", "Convert a graph to DOT, GraphML, JSON, SVG or PNG");
  cmd->allow_extras();
  cmd->callback([] { throw kg::Error("export: not implemented yet"); });
}

}  // namespace kg::cli
