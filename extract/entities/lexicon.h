// Internal to extract/entities: the actor lexicon (kg's curated JSON, iso-codes,
// extra --actors files), validated once when loaded.
//
//   Lexicon lex;
//   lex.loadIsoCodes("/usr/share/iso-codes/json");
//   lex.loadFile("extract/data/actors.json");     // InputError "file:line: problem"
//   auto m = lex.longestMatch(words, spaces, 0);   // phrase match at token 0
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "extract/entities/actors.h"

namespace kg::extract::entities {

// What a phrase in the lexicon is.
enum class EntryKind {
  Actor,        // a named actor (country, organization, person, historical state)
  Capital,      // a capital or seat of government (CanonicalActor::capital_of set)
  Place,        // a subdivision or other place name (LOCATION; from iso 3166-2)
  Demonym,      // "Russian" -> country
  Body,         // "Foreign Ministry" -> body name
  Title,        // "Foreign Minister" -> title name
};

// One phrase match.
struct PhraseMatch {
  std::size_t first = 0;      // first token
  std::size_t last = 0;       // one past the last token
  EntryKind kind = EntryKind::Actor;
  std::size_t index = 0;      // into actors() for Actor/Capital/Place; else unused
  std::string value;          // country (Demonym), body or title name
};

// Description word ("movement") -> the actor types it may refer to.
struct Description {
  std::vector<graph::ActorType> types;  // compatible antecedent types
  bool armed = false;                   // needs an armed organization when it is an organization
};

class Lexicon {
 public:
  // Adds countries (iso_3166-1.json) and subdivisions (iso_3166-2.json) of `dir`.
  void loadIsoCodes(const std::string& dir);
  // Adds a kg lexicon file; throws InputError(file, line, problem) on any error.
  void loadFile(const std::string& path);
  // Parses lexicon JSON text (`name` in error messages).
  void loadText(const std::string& text, const std::string& name);

  // Longest phrase starting at token `i` (forms joined per space_after); nullopt if none.
  std::optional<PhraseMatch> longestMatch(const std::vector<std::string>& forms,
                                          const std::vector<bool>& space_after,
                                          std::size_t i) const;
  // Exact lookup of one surface form of any kind.
  std::optional<PhraseMatch> find(std::string_view surface) const;

  const std::vector<CanonicalActor>& actors() const { return actors_; }
  // Index of the actor with this canonical name.
  std::optional<std::size_t> actorByName(std::string_view name) const;
  // A lexicon person known by this surname alone (unique); nullopt otherwise.
  std::optional<std::size_t> personBySurname(std::string_view surname) const;
  // "male"/"female" for a first name, honorific or gendered title; "" unknown.
  std::string genderOf(std::string_view word) const;
  // Whether `code` is the postal code of a US state or Canadian province or territory
  // ("OH", "BC"; iso-codes 3166-2), as addresses write them after the city.
  bool isStateCode(std::string_view code) const {
    return state_codes_.count(std::string(code)) > 0;
  }
  // The adjective of a country ("Russia" -> "Russian": its first demonym); "" if none.
  std::string adjectiveOf(std::string_view country) const;
  bool isGroupNoun(std::string_view lower) const { return group_nouns_.count(std::string(lower)) > 0; }
  const Description* description(std::string_view lower) const;
  // A verb (lower-case lemma) whose subject is the speaker of a quote ("say", "tell").
  bool isSpeechVerb(std::string_view lemma) const { return speech_verbs_.count(std::string(lemma)) > 0; }
  // A group noun whose members speak for their affiliation ("officials", "delegation").
  bool isSpeakingGroup(std::string_view lower) const { return speaking_groups_.count(std::string(lower)) > 0; }
  // A region's name ("Central Asia", "the Middle East"): a place whatever the recognizer
  // types it; "" when not one, else the region's name.
  std::string regionOf(std::string_view name) const {
    auto it = regions_.find(std::string(name));
    return it == regions_.end() ? std::string() : it->second;
  }
  std::size_t maxPhraseTokens() const { return 8; }

 private:
  void addPhrase(const std::string& surface, PhraseMatch entry);
  std::size_t addActor(CanonicalActor actor);

  // Hash of std::string and std::string_view alike: look-ups by view allocate nothing.
  struct ViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<CanonicalActor> actors_;
  std::unordered_map<std::string, std::size_t> by_name_;        // canonical -> actors_
  // surface -> entry
  std::unordered_map<std::string, PhraseMatch, ViewHash, std::equal_to<>> phrases_;
  std::unordered_map<std::string, std::size_t> surnames_;       // surname -> person (npos if ambiguous)
  std::unordered_map<std::string, std::string> genders_;        // first name/honorific -> gender
  std::unordered_set<std::string> group_nouns_;                 // lower-case plural nouns
  std::unordered_map<std::string, Description> descriptions_;   // lower-case word -> description
  std::unordered_set<std::string> speech_verbs_;                // lemmas of verbs of saying
  std::unordered_set<std::string> speaking_groups_;             // group nouns that speak for a body
  std::unordered_map<std::string, std::string> regions_;        // region name or alias -> name
  std::unordered_map<std::string, std::string> iso_names_;      // alpha-2 -> canonical country
  std::unordered_set<std::string> state_codes_;                 // "OH", "BC" (iso-codes 3166-2)
  std::unordered_map<std::string, std::string> adjectives_;     // country -> first demonym
  // first words of phrases (fast reject)
  std::unordered_set<std::string, ViewHash, std::equal_to<>> first_words_;
};

// The kg lexicon, iso-codes and the extra lexicons of `options` (defaults: KG_DATA_DIR
// "/actors.json", after KG_DATA_DIR "/first_names.json", and /usr/share/iso-codes/json);
// InputError naming the file and line.
Lexicon loadLexicon(const ActorOptions& options);
// The NER model path of `options` (default KG_MODELS_DIR "/ner.bin").
std::string nerModelPath(const ActorOptions& options);

// Normalises typographic apostrophes/quotes/dashes to ASCII for matching.
std::string normalizeSurface(std::string_view s);
// Removes diacritics ("Herāt" -> "Herat") with utf8proc.
std::string stripDiacritics(std::string_view s);

}  // namespace kg::extract::entities
