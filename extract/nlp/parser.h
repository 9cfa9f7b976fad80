// Dependency parser trained on Universal Dependencies treebanks: greedy
// arc-eager transitions with a dynamic oracle (Goldberg & Nivre 2012), scored by
// an averaged perceptron over hashed Zhang & Nivre (2011) features, labelled with
// the full UD relation set including subtypes (nsubj:pass, obl:agent, acl:relcl,
// ...). Non-projective training trees are lifted pseudo-projectively (Nivre &
// Nilsson 2005, "head" encoding) and de-projectivised at parse time; a model can
// keep arcs for only its most frequent lifted labels (pruned(..., keep_lifted)),
// which the committed one does for speed (4 of 64). For speed too, a model may
// leave feature templates out (ParserOptions::drop_templates); the mean of models
// trained with other seeds (averaged()) wins back the accuracy at no cost in speed.
// The committed model is the mean of four seeds without 31 of the 104 templates.
//
//   auto tagger = kg::extract::Tagger::loadDefault();
//   auto parser = kg::extract::Parser::loadDefault();   // extract/models/parser.bin
//   kg::extract::Sentence s = ...;                        // tokens with forms
//   tagger.tag(s);                                        // parser needs upos/xpos
//   parser.parse(s);                                      // fills head and deprel
//   // s.tokens[i].head: 1-based head index, 0 = root; s.tokens[i].deprel: "nsubj:pass"
//
//   // training (kg train parser):
//   auto train = kg::extract::readConllu("en_ewt-ud-train.conllu");
//   auto dev = kg::extract::readConllu("en_ewt-ud-dev.conllu");
//   auto p = kg::extract::Parser::train(train, dev, kg::extract::ParserOptions{}, std::cerr);
//   p.save("extract/models/parser.bin");
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "extract/document.h"

namespace kg::extract {

// How Parser::train runs.
struct ParserOptions {
  int iterations = 15;            // passes over the training data (best dev pass is kept)
  std::uint64_t seed = 1;         // shuffling/exploration seed: same seed, same model
  int static_iterations = 1;      // first passes follow the oracle; later ones explore
  double explore = 0.9;           // probability of following a wrong prediction when exploring
  int min_label_count = 3;        // lifted labels ("obj|xcomp") rarer than this lose their encoding
  double prune = 0.0;             // drop averaged weights with |w| below this fraction of max |w|
  bool punct_features = true;     // features counting the punctuation words between s0 and n0
  bool supertags = false;         // stack a supertagger (relation + head side of each word)
  int supertag_iterations = 5;    // passes of the supertagger
  bool wide_supertags = false;    // the supertagger also sees words two away, neighbours'
                                  // suffixes and the distance to the nearest verbs
  int supertag_folds = 4;         // jackknife folds of the training supertags
  bool verbose = true;            // print progress and dev scores every iteration
  std::string checkpoint;         // if set, the best model so far is saved here every iteration
  std::vector<int> drop_templates;  // feature template ids left out (fewer look-ups per
                                    // transition); saved in the model, so parsing skips them too
};

// Attachment scores (percent) of a parser against gold trees, every word counted.
struct ParserScores {
  double uas = 0;         // head right
  double las = 0;         // head and universal relation (without subtype) right, as CoNLL 2018
  double las_full = 0;    // head and full relation (with subtype) right
  std::size_t words = 0;  // words scored
};

class Parser {
 public:
  // An empty parser; parse() on it throws kg::Error. Use load/loadDefault/train.
  Parser();
  ~Parser();
  Parser(const Parser&);
  Parser& operator=(const Parser&);
  Parser(Parser&&) noexcept;
  Parser& operator=(Parser&&) noexcept;

  // Loads a model saved by save(); throws kg::InputError on a wrong, truncated or newer file.
  static Parser load(const std::string& path);
  // Loads KG_MODELS_DIR "/parser.bin" (the committed model).
  static Parser loadDefault();
  // Path of the committed model that loadDefault() reads.
  static std::string defaultPath();

  // Fills head (1-based, 0 = root) and deprel of every token; needs upos/xpos set
  // (const, thread-safe). An empty sentence is left as it is.
  void parse(Sentence& sentence) const;

  // Writes the model (magic "KGPARSER", versioned) atomically; throws kg::OutputError.
  void save(const std::string& path) const;

  // Trains on `train` (gold heads/deprels; tags as they are in the sentences), keeping
  // the averaged weights of the iteration with the best LAS on `dev`; prints progress.
  static Parser train(const std::vector<Sentence>& train, const std::vector<Sentence>& dev,
                      const ParserOptions& options, std::ostream& progress);

  // Parses copies of `gold` (keeping their tags) and scores them against it.
  ParserScores evaluate(const std::vector<Sentence>& gold) const;

  // A copy without the weights smaller than `fraction` of the largest (a smaller model
  // file); the stacked supertagger's weights, if any, by `supertag_fraction` of its largest.
  // With `keep_lifted` >= 0, only that many lifted labels ("d|h", the pseudo-projective
  // encoding) stay: those with the most weights. Fewer labels, fewer classes to score
  // at every transition; the parser then restores only those non-projective arcs.
  Parser pruned(double fraction, double supertag_fraction = 0.0, int keep_lifted = -1) const;
  // A model whose weights (parser and supertagger) are the mean of `models`' weights:
  // as the scores are linear, it scores like the mean of the models, an ensemble that
  // parses as fast as one of them. The models must share labels, transitions and
  // feature templates (trained on the same data with other seeds); throws
  // kg::UsageError otherwise.
  static Parser averaged(const std::vector<Parser>& models);
  // Parses a copy of `sentence` and checks, at every transition, what parse()'s speed
  // rests on: the feature groups together give all the features, and the keys of
  // every group but the state's depend only on the one word filling its role (so
  // their summed weights are computed once per word and role). Returns "" when that
  // holds, else the first violation. Internal to the parser, public for tests.
  std::string checkFeatureGroups(Sentence sentence) const;
  // Number of non-zero weights in the model (0 when empty).
  std::size_t numWeights() const;
  // The feature template ids the model leaves out (ParserOptions::drop_templates), ascending.
  std::vector<int> droppedTemplates() const;
  // Number of feature keys looked up at each transition, the bias included (0 when empty).
  int featuresPerTransition() const;

  // True when the parser holds a model.
  bool ok() const { return model_ != nullptr; }

 private:
  struct Model;
  std::shared_ptr<const Model> model_;  // immutable once built: copies share it
};

// Scores `predicted` trees against `gold` (same tokens): UAS, LAS (universal part of
// the relation, as conll18_ud_eval.py) and full-label LAS. Throws kg::Error if the
// sentence or token counts differ.
ParserScores scoreParses(const std::vector<Sentence>& gold, const std::vector<Sentence>& predicted);

// Pseudo-projective transformation (Nivre & Nilsson 2005, "head" encoding):
// lifts non-projective arcs until the tree is projective; a lifted word's deprel
// becomes "deprel|headdeprel" (the relation of its original head). Returns the
// number of lifts. Internal to the parser, public for tests.
int projectivize(Sentence& sentence);
// Inverse of projectivize(): a word labelled "d|h" is re-attached to the first
// word labelled h found breadth-first (left to right) below its current head,
// and labelled d. Words whose label has no "|" are left alone.
void deprojectivize(Sentence& sentence);
// True when no arc of the sentence crosses another (or covers the root).
bool isProjective(const Sentence& sentence);

}  // namespace kg::extract
