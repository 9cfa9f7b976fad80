// kg train parser --train FILES... --dev FILES... -o extract/models/parser.bin
//                  [--iterations N] [--seed S] [--tagger MODEL] [--jackknife K]
// With --tagger, the training and dev sentences are re-tagged by that tagger
// model first, so the parser learns from the tags it will see at parse time.
// With --jackknife K, the training sentences are split into K contiguous folds
// and each fold is tagged by a tagger trained on the other K-1 folds (tags as
// wrong as on unseen text); dev is tagged by --tagger, or by a tagger trained on
// all the training data. --write-tagged keeps the re-tagged training data, so
// later runs can start from it (--train TAGGED without --jackknife).
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <sstream>

#include "cli/commands.h"
#include "extract/nlp/conllu.h"
#include "extract/nlp/parser.h"
#include "extract/nlp/tagger.h"
#include "graph/atomic_file.h"
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
  std::vector<std::string> from;   // prune these trained models (averaged) instead of training
  int jackknife = 0;               // folds for jackknifed training tags (0 = no jackknifing)
  extract::TaggerOptions fold_tagger = foldTaggerDefaults();  // options of the fold taggers
  std::string write_tagged;        // write the re-tagged training data here (CoNLL-U)
  std::string dev_tagger;          // tagger model re-tagging only the dev data ("" = none)
  double supertag_prune = 0.0;     // --from: pruning fraction of the supertagger's weights
  int keep_lifted = -1;            // --from: lifted labels kept (-1 = all)

  // The committed tagger's options with fewer passes (the parser reads only
  // UPOS/XPOS, so the FEATS classifier is skipped).
  static extract::TaggerOptions foldTaggerDefaults() {
    extract::TaggerOptions o;
    o.iterations = 5;
    o.jackknife_iterations = 4;
    o.feats_iterations = 0;
    o.verbose = false;
    return o;
  }
};

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

// Tags each of `k` contiguous folds of `sentences` with a tagger trained on the
// other folds (early stopping on `dev`, gold-tagged); prints progress.
void jackknifeTags(std::vector<extract::Sentence>& sentences, int k,
                   const std::vector<extract::Sentence>& dev,
                   const extract::TaggerOptions& options, std::ostream& progress) {
  using Clock = std::chrono::steady_clock;
  const std::size_t n = sentences.size();
  auto foldBegin = [&](int f) { return n * static_cast<std::size_t>(f) / static_cast<std::size_t>(k); };
  std::vector<extract::Sentence> tagged(n);
  for (int f = 0; f < k; ++f) {
    const auto start = Clock::now();
    const std::size_t lo = foldBegin(f), hi = foldBegin(f + 1);
    std::vector<extract::Sentence> rest;
    rest.reserve(n - (hi - lo));
    for (std::size_t i = 0; i < n; ++i) {
      if (i < lo || i >= hi) rest.push_back(sentences[i]);
    }
    std::ostringstream quiet;
    auto tagger = extract::Tagger::train(rest, dev, options, quiet);
    std::vector<extract::Sentence> held(sentences.begin() + static_cast<std::ptrdiff_t>(lo),
                                        sentences.begin() + static_cast<std::ptrdiff_t>(hi));
    auto scores = tagger.evaluate(held);
    retag(tagger, held);
    for (std::size_t i = lo; i < hi; ++i) tagged[i] = std::move(held[i - lo]);
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "parser: jackknife fold %d/%d (%zu sentences): UPOS %.2f XPOS %.2f  %.0fs\n",
                  f + 1, k, hi - lo, scores.upos, scores.xpos,
                  std::chrono::duration<double>(Clock::now() - start).count());
    progress << buf << std::flush;
  }
  sentences = std::move(tagged);
}

void runTrainParser(const TrainParserOptions& opt, Context& ctx) {
  if (!opt.from.empty()) {
    if (!opt.train.empty()) {
      throw kg::UsageError("parser: --from rewrites trained models; leave out --train");
    }
    std::vector<extract::Parser> models;
    for (const auto& path : opt.from) models.push_back(extract::Parser::load(path));
    auto model = models.size() == 1 ? models.front() : extract::Parser::averaged(models);
    auto small = model.pruned(opt.parser.prune, opt.supertag_prune, opt.keep_lifted);
    small.save(opt.output);
    ctx.err << "parser: " << model.numWeights() << " weights, " << small.numWeights()
            << " kept after pruning; written to " << opt.output << '\n';
    return;
  }
  if (opt.train.empty()) throw kg::UsageError("parser: --train is required");
  if (opt.parser.iterations < 1) throw kg::UsageError("parser: --iterations must be at least 1");
  auto train = extract::readConllu(opt.train);
  auto dev = extract::readConllu(opt.dev);
  if (opt.jackknife == 1 || opt.jackknife < 0) {
    throw kg::UsageError("parser: --jackknife needs at least 2 folds");
  }
  if (opt.jackknife >= 2) {
    extract::Tagger dev_tagger;
    if (!opt.tagger.empty()) {
      dev_tagger = extract::Tagger::load(opt.tagger);
    } else {
      ctx.err << "parser: training a tagger on all training data to tag dev\n";
      std::ostringstream quiet;
      dev_tagger = extract::Tagger::train(train, dev, extract::TaggerOptions{}, quiet);
    }
    ctx.err << "parser: jackknifing training tags over " << opt.jackknife << " folds\n";
    jackknifeTags(train, opt.jackknife, dev, opt.fold_tagger, ctx.err);
    retag(dev_tagger, dev);
  } else if (!opt.tagger.empty()) {
    auto tagger = extract::Tagger::load(opt.tagger);
    ctx.err << "parser: re-tagging training and dev data with " << opt.tagger << '\n';
    retag(tagger, train);
    retag(tagger, dev);
  }
  if (!opt.dev_tagger.empty()) {
    ctx.err << "parser: re-tagging dev data with " << opt.dev_tagger << '\n';
    retag(extract::Tagger::load(opt.dev_tagger), dev);
  }
  if (!opt.write_tagged.empty()) {
    kg::AtomicFile file(opt.write_tagged);
    for (const auto& s : train) extract::writeConllu(file.stream(), s);
    file.commit();
    ctx.err << "parser: re-tagged training data written to " << opt.write_tagged << '\n';
  }
  extract::ParserOptions options = opt.parser;
  if (opt.checkpoint) options.checkpoint = opt.output;
  auto parser = extract::Parser::train(train, dev, options, ctx.err);
  parser.save(opt.output);
  ctx.err << "parser: model written to " << opt.output << " (" << parser.featuresPerTransition()
          << " features per transition)\n";
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
  cmd->add_flag("!--no-punct-features", opt->parser.punct_features,
                "Leave out the features counting punctuation words between s0 and n0");
  cmd->add_flag("--supertags", opt->parser.supertags,
                "Stack a supertagger (each word's relation and head side, jackknifed on the "
                "training data) and use its tags as features");
  cmd->add_flag("--wide-supertags", opt->parser.wide_supertags,
                "With --supertags: the supertagger also sees words two away, the neighbours' "
                "suffixes and the distance to the nearest verbs");
  cmd->add_option("--supertag-iterations", opt->parser.supertag_iterations,
                  "Passes of the supertagger")
      ->capture_default_str();
  cmd->add_option("--supertag-prune", opt->supertag_prune,
                  "With --from: drop the supertagger's weights below this fraction of its largest")
      ->capture_default_str();
  cmd->add_option("--keep-lifted", opt->keep_lifted,
                  "With --from: keep only the N lifted (non-projective) labels with the most "
                  "weights; fewer classes, faster parsing")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--from", opt->from,
                  "Instead of training, prune this model by --prune and write it to -o; "
                  "several models (same data and options, other seeds) are averaged first");
  cmd->add_option("--jackknife", opt->jackknife,
                  "Tag the training data in K folds, each by a tagger trained on the others")
      ->capture_default_str();
  cmd->add_option("--jackknife-iterations", opt->fold_tagger.iterations,
                  "Passes of each fold's tagger")
      ->capture_default_str();
  cmd->add_option("--dev-tagger", opt->dev_tagger,
                  "Re-tag only the dev data with this tagger model (training data already "
                  "tagged, e.g. by --write-tagged)");
  cmd->add_option("--write-tagged", opt->write_tagged,
                  "Write the re-tagged training data to this CoNLL-U file");
  cmd->add_option("--drop-templates", opt->parser.drop_templates,
                  "Leave out these feature template ids (comma-separated, see extractFeatures in "
                  "extract/nlp/parser.cpp): fewer look-ups per transition; saved in the model")
      ->delimiter(',');
  cmd->add_flag("--checkpoint", opt->checkpoint,
                "Save the best model to -o after every iteration (not only at the end)");
  cmd->callback([opt, &ctx] { runTrainParser(*opt, ctx); });
}

}  // namespace kg::cli
