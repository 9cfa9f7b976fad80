// Actors: named-entity recognition, gazetteers, canonical names, affiliation,
// roles and within-document coreference. Fills Sentence::mentions.
//
//   auto actors = kg::extract::ActorRecognizer::loadDefault();  // ner.bin + lexicon + iso-codes
//   kg::extract::Document doc = ...;        // segmented, tagged (and parsed when available)
//   actors.annotate(doc, &std::cerr);       // explain stream optional: prints every merge
//   for (auto& s : doc.sentences)
//     for (auto& m : s.mentions) std::cout << m.text << " -> " << m.canonical << '\n';
//   auto russia = actors.lookup("Kremlin");  // CanonicalActor{name "Kremlin", capital_of "Russia"}
//
// Decisions (documented here because the relation extractor relies on them):
// - Capitals and seats of government (Moscow, the Kremlin, Washington, the White
//   House) are resolved in annotate(): when the parse exists and the word is the
//   subject, object, agent or an argument of a noun/verb introduced by to/with/
//   against/by (an actor reading), the mention gets the state (canonical
//   "Russia", type COUNTRY); after a locative preposition (in, at, near, of,
//   from, ...) or as a possessor of a place noun it stays the city (LOCATION).
//   Without a parse the preceding preposition decides.
// - "Russian diplomats", "Afghan soldiers": GROUP actors named demonym + noun
//   ("Afghan soldiers"), Mention::affiliation = the country; also "representatives of
//   the Taliban", "a delegation from Moscow", "officials in Kabul" (the group noun,
//   then its state or organisation). Coordinated countries make a group each ("Chinese
//   and Russian diplomats": the first in canonical, the others in Mention::also).
// - "Russian Foreign Minister Sergei Lavrov": PERSON "Sergey Lavrov", Mention::role =
//   "foreign minister of Russia" (a role attribute, not a separate edge).
// - "Russian Foreign Ministry", "Moscow's Ministry of Foreign Affairs",
//   "Foreign Ministry of Russia": ORGANIZATION "Russian Foreign Ministry",
//   affiliation Russia.
// - Pronouns and definite descriptions (the movement, the group, the country)
//   copy their antecedent's canonical name, type and raw span, with
//   resolved_reference = true; with no compatible antecedent in the current or
//   previous two sentences they are not mentions at all. "The two countries" and
//   "both leaders" name the two actors last named together with "and" ("Russia and
//   China"): the mention has the first's name, Mention::also the second's. A person's
//   gender comes from titles, the lexicon and extract/data/first_names.json.
// - An acronym in brackets after a name whose initials it spells ("the Coalition
//   Provisional Authority (CPA)") names that actor for the rest of the document.
// - "We", "us", "our" stand for the body their speaker represents, or for nobody:
//   the speaker is the subject of a verb of saying (actors.json "speech_verbs")
//   outside the quotes that hold the pronoun (same sentence, the sentence closing
//   the quote, earlier in the paragraph, or the previous paragraph when this one
//   opens with a quote), or of the verb whose reported clause holds it ("declaring
//   that we ..."). A person speaks for the country/organization of a role (given in
//   the document or by the lexicon), a group of officials/representatives
//   ("speaking_groups") for its affiliation, an organization or country for itself.
// - Canonical names are the actor ids: the same name in two documents is the same
//   actor. Persons outside the lexicon keep the longest name the document used.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "extract/document.h"
#include "graph/triple.h"

namespace kg::extract {

// How the recognizer is loaded.
struct ActorOptions {
  std::vector<std::string> extra_lexicons;  // more lexicon files (--actors FILE), same JSON format
  bool explain = false;                     // print every merge and resolution (to annotate's stream)
  std::string model_path;                   // NER model; empty = KG_MODELS_DIR "/ner.bin"
  std::string lexicon_path;                 // kg lexicon; empty = KG_DATA_DIR "/actors.json"
  std::string iso_codes_dir;                // iso-codes JSON; empty = /usr/share/iso-codes/json
};

// What the gazetteers know about a name.
struct CanonicalActor {
  std::string name;           // canonical name ("Russia", "Sergey Lavrov", "Kremlin")
  graph::ActorType type = graph::ActorType::Other;  // its type
  std::string capital_of;     // a capital/seat of government: the state it may stand for
  std::string country;        // the state an organization/person belongs to ("" = none)
  std::string role;           // usual role of a known person ("foreign minister")
  std::string gender;         // "male", "female" or "" for persons
  std::string kind;           // organizations: "international", "armed", "state", "media"
  bool plural = false;        // referred to as "they" (the Taliban)
};

class ActorRecognizer {
 public:
  // Loads the NER model, the kg lexicon, iso-codes and any extra lexicons; throws
  // kg::InputError naming the file (and line) of any problem.
  static ActorRecognizer loadDefault(const ActorOptions& options = {});

  // Fills sentence.mentions of every sentence (replacing old ones): named entities,
  // lexicon actors, groups, bodies, roles, and resolved pronouns/descriptions.
  // Uses upos/deprel when present. Const and thread-safe; explanations go to `explain`.
  void annotate(Document& doc, std::ostream* explain = nullptr) const;

  // Gazetteer/lexicon lookup of a surface form ("Moscow", "UN", "Sergei Lavrov", "Afghan").
  std::optional<CanonicalActor> lookup(std::string_view surface) const;

  // The country a demonym/adjective names ("Russian" -> "Russia"); nullopt if none.
  std::optional<std::string> countryOfDemonym(std::string_view word) const;

  // The options it was loaded with.
  const ActorOptions& options() const;

  struct Impl;

 private:
  explicit ActorRecognizer(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

}  // namespace kg::extract
