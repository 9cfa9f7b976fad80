// PLACEHOLDER: replaced by the helper implementing this subcommand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "graph/error.h"

namespace kg::cli {

void setupRender(CLI::App& app, Context&) {
  CLI::App* cmd = app.add_subcommand("render", "Render a graph to SVG or PNG (no external dot needed)");
  cmd->allow_extras();
  cmd->callback([] { throw kg::Error("render: not implemented yet"); });
}

}  // namespace kg::cli
