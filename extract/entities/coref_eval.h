// Coreference evaluation on GUM: the entity clusters of GUM's CoNLL-U MISC
// `Entity=` brackets against the pronouns and definite descriptions that
// ActorRecognizer::annotate resolved (Mention::resolved_reference).
//
//   auto docs = kg::extract::coref::readGumCoref("en_gum-ud-dev.conllu");
//   kg::extract::coref::CorefScore total;
//   for (auto& gold : docs) {
//     kg::extract::Document doc = gold.document;  // gold words only (no tags, no tree)
//     ... tag, parse, actors.annotate(doc) ...
//     total.add(kg::extract::coref::scoreCoreference(gold, doc, isDescriptionWord));
//   }
//   std::cout << total.precision() << ' ' << total.recall() << '\n';
//
// The measure (all counts per anaphor kind and in total):
// - Anaphor kinds: "he/she" (he him his himself she her hers herself), "they"
//   (they them their theirs themselves), "it" (it its itself), "we" (we us our
//   ours ourselves) and "description" (exactly "the X" where X is a description
//   word of the kg lexicon: movement, group, militants, delegation, country, ...).
// - Mapping a span of kg to a gold mention: among the gold mentions of the same
//   sentence whose gold head token (the token whose gold head lies outside the
//   mention) is inside the span, the one that overlaps the span most, then the
//   shortest. A resolved description "the movement" is the word "movement", so it
//   maps to the gold "the movement". A recognised name or an antecedent span with no
//   gold head inside stands for the smallest gold mention that contains it ("Kyle
//   Walker" of "English defender Kyle Walker", headed by "defender"); an anaphor does not.
// - resolved: mentions with resolved_reference = true (kind from their words).
// - correct: a resolved mention whose words map to a gold mention A, and the
//   antecedent kg copied names A's gold cluster: its raw span maps to a gold
//   mention of A's cluster, or an earlier gold mention of A's cluster is a
//   (non-resolved) kg mention with the same canonical name ("we" copies the
//   speaker's span but names the group the speaker speaks for).
// - gold: gold mentions of the kinds above whose cluster has an earlier gold
//   mention (in an earlier sentence, or ending before it in the same sentence)
//   that kg recognises as an actor (a non-resolved kg mention maps to it).
// - precision = correct / resolved, recall = correct anaphors among gold / gold,
//   F1 their harmonic mean; all in percent.
// Resolving an expletive "it", or a pronoun GUM does not link to anything
// earlier, counts against precision.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <map>
#include <string>
#include <vector>

#include "extract/document.h"

namespace kg::extract::coref {

// One gold mention (a GUM Entity= bracket).
struct GoldMention {
  std::size_t sentence = 0;   // index in GoldDocument::document.sentences
  std::size_t first = 0;      // first token (0-based)
  std::size_t last = 0;       // one past the last token
  std::size_t head = 0;       // gold head token (its gold head lies outside the mention)
  std::string cluster;        // GUM entity id (a coreference cluster within the document)
  std::string etype;          // GUM entity type ("person", "organization", "abstract", ...)
};

// A GUM document: the gold words and the gold mentions.
struct GoldDocument {
  Document document;                  // words with forms, space_after, raw offsets into
                                      // document.raw; no tags, lemmas, tree or MISC
  std::vector<GoldMention> mentions;  // all gold mentions, in sentence/token order
};

// Reads every document ("# newdoc") of a GUM CoNLL-U file; InputError on bad input.
std::vector<GoldDocument> readGumCoref(const std::string& path);
// Same, from a stream; `name` is used in error messages.
std::vector<GoldDocument> readGumCoref(std::istream& in, const std::string& name);

// Whether a lower-case word is a description word ("movement"), e.g. from the kg lexicon.
using DescriptionTest = std::function<bool(const std::string&)>;

// The anaphor kind of lower-case words ("he/she", "they", "it", "we",
// "description"), or "" when they are none of the kinds scored.
std::string anaphorKind(const std::vector<std::string>& lower_words, const DescriptionTest& is_description);

// Counts of one anaphor kind.
struct KindCounts {
  std::size_t gold = 0;          // gold anaphors with a recognised earlier antecedent
  std::size_t resolved = 0;      // anaphors kg resolved
  std::size_t correct = 0;       // resolutions into the right gold cluster
  std::size_t correct_gold = 0;  // correct resolutions of anaphors counted in `gold`
  void add(const KindCounts& o);
};

// One resolution kg made, judged (for error listings).
struct CorefDecision {
  std::string document;      // document name
  std::size_t sentence = 0;  // sentence index
  std::string kind;          // anaphor kind
  std::string anaphor;       // the anaphor's words
  std::string antecedent;    // the words of the span kg copied, and its canonical name
  std::string gold;          // nearest earlier gold mention of the anaphor's cluster ("" none)
  bool correct = false;      // right cluster
};

// Scores of one or more documents.
struct CorefScore {
  std::map<std::string, KindCounts> by_kind;  // per anaphor kind
  KindCounts total;                           // all kinds
  std::vector<CorefDecision> decisions;       // every resolution, judged
  std::vector<CorefDecision> missed;          // gold anaphors (counted in `gold`) that kg left
                                              // unresolved or resolved wrongly; `antecedent`
                                              // names the recognised earlier mention
  void add(const CorefScore& o);              // adds counts and decisions
  double precision() const;                   // correct / resolved, percent
  double recall() const;                      // correct_gold / gold, percent
  double f1() const;                          // harmonic mean, percent
};

// Scores `system` (gold.document's words, annotated by ActorRecognizer) against the
// gold clusters; `is_description` tells the description words.
CorefScore scoreCoreference(const GoldDocument& gold, const Document& system,
                            const DescriptionTest& is_description);

}  // namespace kg::extract::coref
