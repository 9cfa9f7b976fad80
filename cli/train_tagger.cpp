// PLACEHOLDER: replaced by the helper implementing this subcommand.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "graph/error.h"

namespace kg::cli {

void setupTrainTagger(CLI::App& app, Context&) {
  CLI::App* cmd = app.add_subcommand("tagger", "Train the tagger and lemmatizer");
  cmd->allow_extras();
  cmd->callback([] { throw kg::Error("tagger: not implemented yet"); });
}

}  // namespace kg::cli
