// Named-entity recognition (PER/ORG/LOC): a structured averaged perceptron over
// BILOU labels (first-order Viterbi, legal transitions only) with word, shape,
// affix, POS-tag, gazetteer and document-level features (the shared
// extract/nlp/perceptron.h). Also the gold-data readers
// (IOB2 files, GUM's CoNLL-U Entity= annotations) and exact-span scoring that
// `kg train ner` and `kg eval ner` use.
//
//   auto train = kg::extract::entities::readGumEntities("en_gum-ud-train.conllu");
//   auto model = NerModel::train(train, dev, &lexicon, {}, std::cerr);
//   model.save("extract/models/ner.bin");
//   auto spans = NerModel::load("extract/models/ner.bin").predict(example, &lexicon);
//   auto mean = NerModel::average({NerModel::load("s1.bin"), NerModel::load("s2.bin")});
//
// GUM conversion (documented choice): a GUM entity of type person, organization
// or place is a named entity when its head word (the word whose head lies
// outside the span) is a PROPN. Its span is narrowed to the name: cut at a comma
// or bracket around the head, then leading/trailing words that are not
// capitalised (determiners, possessive 's, except a place's with nothing possessed after
// it: "[Lord 's] in 1805", a shop or ground), and leading titles (President,
// Mr.), are dropped, as in the UNER guidelines ("President [Bush]"). A name also
// ends at a lower-case word that is not a name particle ("of", "and", "de", "al", a
// hyphenated part; for people only the particles: "[Museum of Flight] in Seattle",
// "[Kwong Chun - yu] of the Democratic Party"), starts after a possessor that is a
// mention of its own ("Mecca 's [Grand Mosque]", but "[Korean People 's Army]") and, for
// a person, after the title GUM attaches to the name as nmod:desc ("NASA Administrator
// [Charles Bolden]"). Nested entities: the outermost qualifying span wins. Everything
// else is O.
// Further UNER conventions (read from UNER EWT dev): a person mention headed by a
// plural PROPN is a group, not a name ("Americans", "Democrats": O); one headed by a
// title is a role ("the President", "2nd Earl of Clare", "Protector of Mexico": O, but
// nested names such as "Clare" stay); coordinated people are one name each ("[Chuck]
// and [Gretchen]", never one span); a typographic possessive ("Argentina ’s") is cut
// like "'s". A common-noun mention that names its referent gives the name attached
// to its head ("the province of [Panjshir]", "[Jiangsu] province", "the physician
// [Yang Buwei]"; compound only for places). Articles stay outside, capitalised or not ("the [CPA]",
// "The [Daily Collegian]"), as for 115 of 123 UNER dev names next to "the". Known differences left
// alone: UNER tags shops, restaurants and hotels LOC and software/websites ORG (Firefox, Google);
// GUM types them inconsistently.
//
// Name lists and word lists (saved in the model, so run time needs no extra file):
// `kg train ner --gazetteer` reads WordNet's proper nouns and the IEEE registry's
// company names (extract/entities/ner_gazetteer.h) as features; words the training
// text writes in lower case at least 3 times are dropped from them ("That", "Access").
// The same lower-case words (twice or more) tell a capitalised word that is also a
// common word ("Following") from one that never is ("Lavrov"). Cue words (Inc, Bank,
// University, Street, Mr...) in or after a run of capitalised words are features too.
//
// Word clusters (`kg train ner --embeddings`, extract/nlp/word_clusters.h): GloVe
// vectors clustered by k-means; a token's clusters at each level, the middle level with
// its shape, and its neighbours' middle-level clusters are features, so that names never
// seen in training ("starbucks") share evidence with those that were. Only the cluster
// paths are saved in the model.
//
// A predicted person never starts with a title or a greeting: predict() leaves them out
// ("Prof [Lee]", "Dear [Nina]"), as the GUM conversion and UNER do.
// A predicted span that is exactly a name of the curated lexicon's people, organisations or
// countries (extract/data/actors.json) takes the lexicon's type ("al-Qaeda": ORG).
// Other rules at decoding (ner.cpp, NerModel::predict) mend what the model misses: names
// after an honorific ("Mr. [Lay]") or in a greeting line ("Hi [Rich] ,"), a first name's
// surname ("[Steve Jobs]"), a name's initial or "St."/"Mt."/"Ft." ("[Ft. Worth]"), companies
// ending in a legal form ("[CCNG , Inc.]") or opened by "General", acronyms defined in
// brackets or spelled by a name of the document, state codes after a place, e-mail display
// names, lower-case places after a preposition, shops named with a possessive ("went to
// [Geno 's] ."), a one-word "person" after "in" or "around" as a place ("drinks in
// [Keene]"); and drop storms and times ("10 AM").
//
// Document-level features: sentences read from files are linked per document
// (# newdoc), and a capitalised word also sees how the document writes it elsewhere
// (lower case? capitalised inside a sentence?) and its neighbours there. A sentence
// predicted alone (no document) simply lacks these features; training also sees
// sentences without them.
//
// Stacked second pass (Krishnan & Manning 2006; `kg train ner --stack-folds N`): the
// first pass labels every sentence of the document (its words only, untagged, once per
// document and model); the second pass adds, per token, the majority label of the same
// lower-cased word in the document's other sentences and the type of the longest name
// (up to 6 words) they labelled that covers the token ("Penn State" typed the same way
// throughout). Its training documents carry first-pass labels from models trained
// without them (N folds of whole documents), so the features are as noisy as at run
// time. A sentence alone gets the second pass without these features. (A first pass
// that also reads the tags was tried: no better on held-out data.)
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "extract/document.h"
#include "extract/nlp/word_clusters.h"

namespace kg::extract {
class Tagger;
}

namespace kg::extract::entities {

class Lexicon;

// Word statistics of one whole document (internal to ner.cpp), shared by its sentences:
// for each word, the words around its other occurrences and whether it is also seen in
// lower case, so that "Coron" in "flew to Coron" helps type "Coron" elsewhere.
struct NerDocument;

// One entity span over tokens [first, last) of a sentence.
struct NerSpan {
  std::size_t first = 0;  // first token
  std::size_t last = 0;   // one past the last token
  std::string type;       // "PER", "ORG" or "LOC"
  friend bool operator==(const NerSpan&, const NerSpan&) = default;
};

// A sentence for NER: words, optional POS tags, and gold spans when known.
struct NerExample {
  std::vector<std::string> words;   // token forms
  std::vector<bool> space_after;    // whitespace after each token (for gazetteer phrases)
  std::vector<std::string> tags;    // UPOS per token, or empty when untagged
  std::vector<NerSpan> spans;       // gold entities (training/evaluation)
  std::shared_ptr<const NerDocument> document;  // document statistics, or null (sentence alone)
  std::size_t doc_index = 0;                     // index of the sentence in `document`
  std::string doc_id;  // the file's document id (CoNLL-U/IOB2 "# newdoc id = ..."), or empty
  // Made by lowercasedCopies(): training then leaves it out of the words it counts as
  // written in lower case (common words), which must say how the text writes them.
  bool lowercased_copy = false;
};

// Links examples [first, last) as one document (sets their `document`); call it after
// the words are final. predict() then adds document-level features.
void linkDocument(std::vector<NerExample>& examples, std::size_t first, std::size_t last);

// Reads an IOB2 file (UNER: "id<TAB>word<TAB>B-PER..."); InputError on malformed lines.
// A sentence's "# text = ..." comment gives the spacing between its words (space_after:
// "al-Qaeda" is the words "al", "-", "Qaeda" with no space, as the tokenizer gives them at
// run time and as the name lists match them); without it, words are space-separated.
std::vector<NerExample> readIob2(const std::string& path);
// The space_after of `words` as they appear in order in `text` (the rule above).
std::vector<bool> spacesFromText(const std::vector<std::string>& words, const std::string& text);
// Writes one sentence of `ex` in that format with `spans` as its tags: "# text = " (the
// words joined as space_after says), then per word its 1-based id, form and B-/I-/O tag,
// then a blank line. Spans are sorted and non-overlapping, as predict() returns them.
void writeIob2Sentence(std::ostream& out, const NerExample& ex, const std::vector<NerSpan>& spans);
// Reads GUM's CoNLL-U Entity= annotations with the conversion above (tags = UPOS).
std::vector<NerExample> readGumEntities(const std::string& path);
// The gold spans of one GUM sentence (conversion above).
std::vector<NerSpan> gumNamedEntities(const Sentence& sentence);
// First names of a UD treebank: the first word of a PROPN name joined by `flat`
// ("Vince" in "Vince Kaminski"), distinct, sorted.
std::vector<std::string> firstNamesOf(const std::string& treebank);
// An example from a pipeline sentence (forms, space_after, upos when tagged).
NerExample exampleOf(const Sentence& sentence);
// Lower-cased copies of a share of the documents of `examples` (data augmentation: web
// text writes names in lower case, "burger king"): each document (run of examples
// sharing one NerDocument, or a lone example) is copied with probability `share`
// (seeded, deterministic), words lower-cased (ASCII), gold spans kept, tags cleared
// (tag them afterwards, as at run time), copies linked as a document of their own and
// marked `lowercased_copy`. (A copy may fall in another jackknife fold than its
// original, as if it were another document: measured no worse on held-out data.)
std::vector<NerExample> lowercasedCopies(const std::vector<NerExample>& examples, double share,
                                         std::uint64_t seed);
// Replaces each example's tags by the UPOS `tagger` predicts for its words, as at run
// time (never gold tags).
void tagExamples(std::vector<NerExample>& examples, const Tagger& tagger);

// Exact-span counts and micro-averaged scores.
struct NerScores {
  std::size_t gold = 0;       // gold spans
  std::size_t predicted = 0;  // predicted spans
  std::size_t correct = 0;    // predicted spans equal (bounds and type) to a gold span
  double precision() const { return predicted ? 100.0 * correct / predicted : 0; }
  double recall() const { return gold ? 100.0 * correct / gold : 0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
  // Adds the counts of one sentence.
  void add(const std::vector<NerSpan>& gold_spans, const std::vector<NerSpan>& predicted_spans);
};

// How NerModel::train runs.
struct NerTrainOptions {
  int epochs = 10;             // passes over the data (the best dev epoch is kept)
  std::uint64_t seed = 1;      // shuffling seed: same seed, same model
  int min_feature_count = 2;   // rarer features are dropped
  float prune = 0;             // averaged weights smaller than this are dropped (smaller file)
  double tag_dropout = 0.5;    // share of tagged training sentences also seen without tags
  std::vector<std::string> first_names;  // known first names (a feature; saved in the model)
  std::vector<std::string> gazetteers;  // WordNet data.noun / IEEE .csv name lists (saved in the model)
  std::string embeddings;  // word vectors to cluster (GloVe text or wink JSON)
  WordClusters::Options clusters;  // how they are clustered
  int stack_folds = 0;         // >= 2: a stacked second pass over the first pass's document labels, trained on jackknifed (this many folds) first-pass output
  bool verbose = true;         // progress per epoch
};

class NerModel {
 public:
  NerModel();
  ~NerModel();
  NerModel(NerModel&&) noexcept;
  NerModel& operator=(NerModel&&) noexcept;
  NerModel(const NerModel&);
  NerModel& operator=(const NerModel&);

  // Trains on `train`, keeping the epoch with the best F1 on `dev` (the last if dev is empty).
  static NerModel train(const std::vector<NerExample>& train, const std::vector<NerExample>& dev,
                        const Lexicon* lexicon, const NerTrainOptions& options,
                        std::ostream& progress);
  // Loads a model saved by save(); InputError on a wrong, truncated or newer file.
  static NerModel load(const std::string& path);
  // Writes the model atomically (magic "KGNERMDL").
  void save(const std::string& path) const;
  // Why `other` cannot be averaged with this model, or "" when it can: the labels,
  // feature set (tag features, first names, common words, second pass) and name lists
  // must be the same (models trained on the same data with different seeds).
  std::string averagingConflict(const NerModel& other) const;
  // The mean of `models` (first pass with first pass, second pass with second): an
  // ensemble that scores the mean of their scores at the speed of one model.
  // UsageError naming the first model that averagingConflict() refuses.
  static NerModel average(const std::vector<NerModel>& models);
  // Entity spans of one sentence (tags used when present); thread-safe.
  std::vector<NerSpan> predict(const NerExample& example, const Lexicon* lexicon) const;
  // True when it holds a model.
  bool ok() const { return model_ != nullptr; }

  struct Model;

 private:
  std::shared_ptr<const Model> model_;
};

}  // namespace kg::extract::entities
