// PLACEHOLDER: replaced by the helper implementing this subcommand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "graph/error.h"

namespace kg::cli {

void setupEvalSegment(CLI::App& app, Context&) {
  CLI::App* cmd = app.add_subcommand("segment", "Score tokenization and sentence splitting on CoNLL-U");
  cmd->allow_extras();
  cmd->callback([] { throw kg::Error("segment: not implemented yet"); });
}

}  // namespace kg::cli
