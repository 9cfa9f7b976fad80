// kg train parser --train FILES... --dev FILES... -o extract/models/parser.bin
//                  [--iterations N] [--seed S] [--tagger MODEL]
// With --tagger, the training and dev sentences are re-tagged by that tagger
// model first, so the parser learns from the tags it will see at parse time.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "extract/nlp/conllu.h"
#include "extract/nlp/parser.h"
#include "extract/nlp/tagger.h"
#include "graph/error.h"

namespace kg::cli {
namespace {

struct TrainParserOptions {
  std::vector<std::string> train;  // CoNLL-U training files
  std::vector<std::string> dev;    // CoNLL-U development files (best iteration kept)
  std::string output;              // model path
  std::string tagger;              // tagger model to re-tag the data with ("" = gold tags)
  extract::ParserOptions parser;   // iterations, seed, exploration, pruning
  bool checkpoint = false;         // save the best model after every iteration
  std::string from;                // prune this trained model instead of training
};

std::vector<extract::Sentence> readAll(const std::vector<std::string>& files) {
  std::vector<extract::Sentence> all;
  for (const auto& f : files) {
    auto part = extract::readConllu(f);
    all.insert(all.end(), std::make_move_iterator(part.begin()),
               std::make_move_iterator(part.end()));
  }
  return all;
}

// Replaces the tags (not the tree) of every sentence by the tagger's.
void retag(const extract::Tagger& tagger, std::vector<extract::Sentence>& sentences) {
  for (auto& s : sentences) {
    extract::Sentence copy;
    copy.tokens = s.tokens;
    tagger.tag(copy);
    for (std::size_t i = 0; i < s.tokens.size(); ++i) {
      s.tokens[i].upos = copy.tokens[i].upos;
      s.tokens[i].xpos = copy.tokens[i].xpos;
      s.tokens[i].feats = copy.tokens[i].feats;
      s.tokens[i].lemma = copy.tokens[i].lemma;
    }
  }
}

void runTrainParser(const TrainParserOptions& opt, Context& ctx) {
  if (!opt.from.empty()) {
    auto model = extract::Parser::load(opt.from);
    auto small = model.pruned(opt.parser.prune);
    small.save(opt.output);
    ctx.err << "parser: " << model.numWeights() << " weights, " << small.numWeights()
            << " kept after pruning; written to " << opt.output << '\n';
    return;
  }
  if (opt.train.empty()) throw kg::UsageError("parser: --train is required");
  if (opt.parser.iterations < 1) throw kg::UsageError("parser: --iterations must be at least 1");
  auto train = readAll(opt.train);
  auto dev = readAll(opt.dev);
  if (!opt.tagger.empty()) {
    auto tagger = extract::Tagger::load(opt.tagger);
    ctx.err << "parser: re-tagging training and dev data with " << opt.tagger << '\n';
    retag(tagger, train);
    retag(tagger, dev);
  }
  extract::ParserOptions options = opt.parser;
  if (opt.checkpoint) options.checkpoint = opt.output;
  auto parser = extract::Parser::train(train, dev, options, ctx.err);
  parser.save(opt.output);
  ctx.err << "parser: model written to " << opt.output << '\n';
}

}  // namespace

void setupTrainParser(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<TrainParserOptions>();
  CLI::App* cmd = app.add_subcommand(
      "parser", "Train the dependency parser (arc-eager, dynamic oracle) on CoNLL-U");
  cmd->add_option("--train", opt->train, "CoNLL-U training files")->expected(1, -1);
  cmd->add_option("--dev", opt->dev, "CoNLL-U development files (early stopping)")
      ->expected(1, -1);
  cmd->add_option("-o,--output", opt->output, "Model file to write")->required();
  cmd->add_option("--iterations", opt->parser.iterations, "Passes over the training data")
      ->capture_default_str();
  cmd->add_option("--seed", opt->parser.seed, "Shuffling and exploration seed")
      ->capture_default_str();
  cmd->add_option("--tagger", opt->tagger,
                  "Re-tag training and dev data with this tagger model first");
  cmd->add_option("--prune", opt->parser.prune,
                  "Drop weights below this fraction of the largest")
      ->capture_default_str();
  cmd->add_option("--explore", opt->parser.explore,
                  "Probability of following a wrong prediction (dynamic oracle)")
      ->capture_default_str();
  cmd->add_option("--from", opt->from,
                  "Instead of training, prune this model by --prune and write it to -o");
  cmd->add_flag("--checkpoint", opt->checkpoint,
                "Save the best model to -o after every iteration (not only at the end)");
  cmd->callback([opt, &ctx] { runTrainParser(*opt, ctx); });
}

}  // namespace kg::cli
