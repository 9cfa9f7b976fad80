// kg train tagger --train FILES... --dev FILES... -o extract/models/tagger.bin
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "extract/nlp/conllu.h"
#include "extract/nlp/tagger.h"
#include "graph/error.h"

namespace kg::cli {
namespace {

struct TrainTaggerOptions {
  std::vector<std::string> train;  // CoNLL-U training files
  std::vector<std::string> dev;    // CoNLL-U development files (best iteration kept)
  std::string output;              // model path
  extract::TaggerOptions tagger;   // iterations, seed, pruning
  std::string from;                // rewrite this model's second-pass margin instead of training
};

void runTrainTagger(const TrainTaggerOptions& opt, Context& ctx) {
  if (!opt.from.empty()) {
    extract::Tagger::load(opt.from).withSecondPassMargin(opt.tagger.second_pass_margin).save(opt.output);
    ctx.err << "tagger: " << opt.from << " with second-pass margin " << opt.tagger.second_pass_margin
            << " written to " << opt.output << '\n';
    return;
  }
  if (opt.train.empty()) throw kg::UsageError("tagger: --train is required");
  if (opt.tagger.iterations < 1) throw kg::UsageError("tagger: --iterations must be at least 1");
  auto train = extract::readConllu(opt.train);
  auto dev = extract::readConllu(opt.dev);
  auto tagger = extract::Tagger::train(train, dev, opt.tagger, ctx.err);
  tagger.save(opt.output);
  ctx.err << "tagger: model written to " << opt.output << '\n';
}

}  // namespace

void setupTrainTagger(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<TrainTaggerOptions>();
  CLI::App* cmd = app.add_subcommand(
      "tagger", "Train the tagger and lemmatizer (UPOS, XPOS, UFeats, lemma) on CoNLL-U");
  cmd->add_option("--train", opt->train, "CoNLL-U training files")->expected(1, -1);
  cmd->add_option("--dev", opt->dev, "CoNLL-U development files (early stopping)")
      ->expected(1, -1);
  cmd->add_option("-o,--output", opt->output, "Model file to write")->required();
  cmd->add_option("--iterations", opt->tagger.iterations, "Passes over the training data")
      ->capture_default_str();
  cmd->add_option("--seed", opt->tagger.seed, "Shuffling seed")->capture_default_str();
  cmd->add_option("--min-count", opt->tagger.min_feature_count,
                  "Drop features seen fewer times")
      ->capture_default_str();
  cmd->add_option("--lexicon", opt->tagger.lexicon_dir,
                  "WordNet database folder whose parts of speech become features ('' = none)")
      ->capture_default_str();
  cmd->add_option("--second-pass-margin", opt->tagger.second_pass_margin,
                  "Words whose first-pass label leads by this score skip the second pass "
                  "(saved in the model; larger = slower, 'inf' = always two passes)")
      ->capture_default_str();
  cmd->add_option("--from", opt->from,
                  "Instead of training, write this model with --second-pass-margin to -o");
  cmd->callback([opt, &ctx] { runTrainTagger(*opt, ctx); });
}

}  // namespace kg::cli
