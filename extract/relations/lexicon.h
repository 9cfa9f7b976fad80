// Internal to extract/relations: the rule tables of the dependency extractor,
// read from JSON and validated once, with file:line errors.
//
//   Lexicon lex = Lexicon::load("extract/data");   // light_verbs.json + relation_words.json
//   if (lex.reporting_verbs.count("say")) ...
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace kg::extract::relations {

// "provide refuge for X" -> shelters X: a verb whose object (or prepositional
// complement) is a fixed noun, and whose argument is introduced by `prep`.
struct LightVerb {
  std::string verb;      // lemma of the verb ("provide")
  std::string noun;      // lemma of the noun ("refuge")
  std::string noun_prep; // preposition before the noun, "" = the noun is the direct object
  std::string prep;      // preposition introducing the argument ("for"); "" = none
  std::string relation;  // relation emitted ("shelters")
  std::string lemma;     // lemma reported for it ("shelter")
  bool literal = false;  // the noun is a thing of its own: the plain triple too
                         //   ("set up tent camps for X": sets-up camps, shelters X)
  std::size_t line = 0;  // line in the file, for messages
};

// "talks with X": an event noun whose participant is introduced by `prep`; its
// subject is the noun's possessor, the subject of a copular event holder ("X is the
// only pocket of resistance to Y") or the subject of the clause around it.
struct EventNoun {
  std::string noun;      // lemma ("talk")
  std::string prep;      // preposition of the participant ("with")
  std::string relation;  // "talks-with"
  std::string lemma;     // "talk"
  bool by_affiliation = false;  // without a possessor, the participant's affiliation is
                                //   the subject ("the withdrawal of US troops")
};

struct Lexicon {
  std::vector<LightVerb> light_verbs;          // light-verb constructions
  std::vector<EventNoun> event_nouns;          // event nouns with a participant
  std::set<std::string> relational_nouns;     // friend, ally, representative (copula/appos)
  std::set<std::string> role_modifiers;       // foreign, regional, prime ("foreign minister")
  std::set<std::string> speaking_roles;       // spokesman: "a spokesman for X" is X's
  std::set<std::string> request_verbs;        // urge, call: "urged X to V": V is only asked for
  std::set<std::string> reporting_verbs;      // say, state, announce, tell ...
  std::set<std::string> addressee_verbs;   // tell, assure, warn: the object is whom it is said to
  std::set<std::string> commissive_verbs;  // pledge, promise: "pledged aid to X" is an act
  std::set<std::string> reciprocal_verbs;  // meet, talk: "X and Y met" -> X meets-with Y
  std::set<std::string> intention_verbs;   // want, plan, agree: "wants to operate" is future
  std::set<std::string> accusation_verbs;  // accuse, suspect: "accused X of V-ing" is reported
  std::set<std::string> praise_verbs;      // thank, praise: "thanked X for V-ing": X does it
  std::set<std::string> prevention_verbs;  // prevent, ban: "prevented X from V-ing": X does not
  std::set<std::string> object_control_verbs;  // urge, ask: "urged X to V": X does it
  std::set<std::string> negative_verbs;       // refuse, fail: negate their complement
  std::set<std::string> clause_prepositions;  // after, since: may open a clause, so a
                                              //   subject "after X announced" is kept
  std::set<std::string> skip_matrix_verbs;    // let, help, try: no triple of their own
  std::set<std::string> light_verb_heads;     // have, take, keep: "keeps-eye-on" with any noun
  std::set<std::string> state_passive_verbs;  // ban, outlaw: "banned in Russia" -> Russia bans
  std::set<std::string> quantity_nouns;       // %, number, wave: "wave of refugees" -> refugees
  std::set<std::string> fraction_nouns;       // %, half, most: "85% of Afghanistan" stays so
  std::set<std::string> abstract_nouns;       // goal, issue, way: dropped as arguments
  std::set<std::string> possessor_nouns;      // safety, security: "guarantee their safety"
                                              //   acts on the possessor (guarantees-safety-of)
  std::set<std::string> intention_nouns;      // plan, intention, reason: "have no plans to
                                              //   usurp" -> the subject (not) usurps
  std::set<std::string> event_verbs;          // happen, occur: "interfere in what is
                                              //   happening in X" -> interferes-in X
  std::set<std::string> event_holders;        // pocket, centre: "X is a pocket of resistance
                                              //   to Y" -> X resists Y (event_nouns)
  std::set<std::string> time_nouns;           // today, year, Tuesday: never arguments
  std::set<std::string> possible_auxes;       // may, might, could, can
  std::set<std::string> future_auxes;         // will, would, shall

  // Loads light_verbs.json and relation_words.json from `dir`; throws
  // kg::InputError("file:line: problem") on a malformed or incomplete table.
  static Lexicon load(const std::string& dir);
};

}  // namespace kg::extract::relations
