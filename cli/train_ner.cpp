// PLACEHOLDER: replaced by the helper implementing this subcommand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "graph/error.h"

namespace kg::cli {

void setupTrainNer(CLI::App& app, Context&) {
  CLI::App* cmd = app.add_subcommand("ner", "Train the entity recognizer");
  cmd->allow_extras();
  cmd->callback([] { throw kg::Error("ner: not implemented yet"); });
}

}  // namespace kg::cli
