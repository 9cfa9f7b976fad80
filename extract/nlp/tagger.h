// Part-of-speech tagger and lemmatizer trained on Universal Dependencies
// treebanks. An averaged perceptron over hashed features predicts the joint
// UPOS|XPOS label greedily left to right; a second pass sees the first pass's
// labels of the words to the right (trained on jackknifed first-pass labels).
// Besides words, affixes, shapes and neighbours, the features include the parts
// of speech WordNet gives a form or its regular stem (read when training, saved
// in the model).
// UFeats: a perceptron chooses among the FEATS seen with the label, from context
// and a (word, tag) dictionary with back-off to (tag, suffix). Lemmas: a
// (word, tag) exception list, then edit scripts ("strip n bytes, append s")
// chosen per (tag, suffix) (extract/nlp/lemmatizer.h).
//
// Retrain the committed model (about 10 minutes on 2 cores):
//   kg train tagger --train ../shared/ud/en_ewt-ud-train.conllu ../shared/ud/en_gum-ud-train.conllu
//     --dev ../shared/ud/en_ewt-ud-dev.conllu ../shared/ud/en_gum-ud-dev.conllu
//     -o extract/models/tagger.bin
//
//   auto tagger = kg::extract::Tagger::loadDefault();   // extract/models/tagger.bin
//   kg::extract::Sentence s = ...;                        // tokens with forms
//   tagger.tag(s);                                        // fills upos, xpos, feats, lemma
//
//   // training (kg train tagger):
//   auto train = kg::extract::readConllu("en_ewt-ud-train.conllu");
//   auto dev = kg::extract::readConllu("en_ewt-ud-dev.conllu");
//   auto t = kg::extract::Tagger::train(train, dev, kg::extract::TaggerOptions{}, std::cerr);
//   t.save("extract/models/tagger.bin");
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "extract/document.h"

namespace kg::extract {

// How Tagger::train runs.
struct TaggerOptions {
  int iterations = 8;           // passes over the training data (best dev pass is kept)
  std::uint64_t seed = 1;       // shuffling seed (std::mt19937_64): same seed, same model
  int min_feature_count = 2;    // features seen fewer times in training are dropped
  bool two_pass = true;         // add a second pass that also sees first-pass labels on the right
  int folds = 2;                // jackknife folds giving the second pass realistic first-pass labels
  int jackknife_iterations = 5; // iterations of each fold's first pass
  int feats_iterations = 5;     // iterations of the FEATS classifier (0: dictionary only)
  bool verbose = true;          // print progress and dev scores every iteration
  // WordNet database folder (Debian wordnet-base) whose parts of speech become
  // features, saved in the model; "" or a missing folder: no lexicon.
  std::string lexicon_dir = "/usr/share/wordnet";
  // Saved in the model: a word whose first-pass label leads the next by at least this
  // score keeps it without a second pass (infinity: always two passes). At 6, 96% of
  // the EWT dev words the tag dictionary leaves to the passes skip the second one, and
  // UPOS and LAS move by a few hundredths (chosen on EWT and GUM dev).
  double second_pass_margin = 6.0;
};

// Per-word accuracies (percent) of a tagger against gold annotations.
struct TaggerScores {
  double upos = 0;       // universal POS
  double xpos = 0;       // language-specific POS (Penn Treebank)
  double ufeats = 0;     // morphological features (whole FEATS string)
  double all_tags = 0;   // UPOS, XPOS and FEATS all right
  double lemma = 0;      // lemma
  std::size_t words = 0; // words scored
};

class Tagger {
 public:
  // An empty tagger; tag() on it throws kg::Error. Use load/loadDefault/train.
  Tagger();
  ~Tagger();
  Tagger(const Tagger&);
  Tagger& operator=(const Tagger&);
  Tagger(Tagger&&) noexcept;
  Tagger& operator=(Tagger&&) noexcept;

  // Loads a model saved by save(); throws kg::InputError on a wrong, truncated or newer file.
  static Tagger load(const std::string& path);
  // Loads KG_MODELS_DIR "/tagger.bin" (the committed model).
  static Tagger loadDefault();
  // Path of the committed model that loadDefault() reads.
  static std::string defaultPath();
  // loadDefault() when the committed model exists and loads; otherwise an empty
  // tagger (ok() false), with the reason written to `warnings` if the file is bad.
  // For tools that work without tags but do better with them (kg train/eval ner).
  static Tagger loadDefaultIfPresent(std::ostream& warnings);

  // Fills upos, xpos, feats and lemma of every token from its form (thread-safe, const).
  void tag(Sentence& sentence) const;
  // Tags every sentence of `sentences` in place.
  void tag(std::vector<Sentence>& sentences) const;

  // Writes the model (magic "KGTAGGER", versioned) atomically; throws kg::OutputError.
  void save(const std::string& path) const;

  // Trains on `train` (gold upos/xpos/feats/lemma), keeping the weights of the
  // iteration with the best UPOS accuracy on `dev`; prints progress to `progress`.
  static Tagger train(const std::vector<Sentence>& train, const std::vector<Sentence>& dev,
                      const TaggerOptions& options, std::ostream& progress);

  // A copy whose second pass skips the words the first pass leads by `margin` or more
  // (TaggerOptions::second_pass_margin); throws kg::UsageError unless margin > 0.
  Tagger withSecondPassMargin(double margin) const;

  // Tags copies of `gold` and scores them per word against it (CoNLL 2018 style, gold tokens).
  TaggerScores evaluate(const std::vector<Sentence>& gold) const;

  // True when the tagger holds a model.
  bool ok() const { return model_ != nullptr; }

 private:
  struct Model;
  std::shared_ptr<const Model> model_;  // immutable once built: copies share it
};

}  // namespace kg::extract
