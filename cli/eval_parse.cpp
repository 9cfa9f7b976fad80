// PLACEHOLDER: replaced by the helper implementing this subcommand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "graph/error.h"

namespace kg::cli {

void setupEvalParse(CLI::App& app, Context&) {
  CLI::App* cmd = app.add_subcommand("parse", "Score tagging, lemmas and parsing on CoNLL-U");
  cmd->allow_extras();
  cmd->callback([] { throw kg::Error("parse: not implemented yet"); });
}

}  // namespace kg::cli
