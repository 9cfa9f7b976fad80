#include "cli/app.h"

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "graph/error.h"

namespace kg::cli {

std::unique_ptr<CLI::App> makeApp(Context& ctx) {
  auto app = std::make_unique<CLI::App>(
      "kg: builds a knowledge graph of who does what to whom from news articles", "kg");
  app->require_subcommand(1);
  app->set_version_flag("--version", "kg 0.1.0");

  setupBuild(*app, ctx);
  setupQuery(*app, ctx);
  setupExport(*app, ctx);
  setupRender(*app, ctx);
  setupExtract(*app, ctx);
  setupParse(*app, ctx);

  CLI::App* train = app->add_subcommand("train", "Train a model on CoNLL-U treebanks");
  train->require_subcommand(1);
  setupTrainTagger(*train, ctx);
  setupTrainParser(*train, ctx);
  setupTrainNer(*train, ctx);
  setupTrainSegmenter(*train, ctx);

  CLI::App* eval = app->add_subcommand("eval", "Evaluate a pipeline stage against gold data");
  eval->require_subcommand(1);
  setupEvalSegment(*eval, ctx);
  setupEvalParse(*eval, ctx);
  setupEvalNer(*eval, ctx);
  setupEvalCoref(*eval, ctx);
  return app;
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Context ctx{out, err};
  try {
    auto app = makeApp(ctx);
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 pops from the back
    try {
      app->parse(reversed);
    } catch (const CLI::ParseError& e) {
      // --help and --version print and succeed; any other parse error is a usage error.
      int code = app->exit(e, out, err);
      return code == 0 ? kExitOk : kExitUsage;
    }
    out.flush();
    return kExitOk;
  } catch (const kg::Error& e) {
    out.flush();
    err << "kg: " << e.what() << '\n';
    return e.exitCode();
  } catch (const std::exception& e) {
    out.flush();
    err << "kg: " << e.what() << '\n';
    return kExitError;
  }
}

}  // namespace kg::cli
