// PLACEHOLDER: replaced by the helper implementing this subcommand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "graph/error.h"

namespace kg::cli {

void setupParse(CLI::App& app, Context&) {
  CLI::App* cmd = app.add_subcommand("parse", "Tag and parse raw text, print CoNLL-U");
  cmd->allow_extras();
  cmd->callback([] { throw kg::Error("parse: not implemented yet"); });
}

}  // namespace kg::cli
