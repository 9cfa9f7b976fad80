// The triple record: one relation mention with its provenance. This is the
// contract between the extractors (extract/) and the graph core (graph/), and
// what `kg extract --format jsonl` writes (../shared/TRIPLES.md).
//
//   kg::graph::Triple t;
//   t.doc = "000.txt"; t.subject = "Russia"; t.relation = "interferes-in";
//   t.object = "Afghanistan"; t.negated = true;
//   std::string line = kg::graph::toJsonLine(t);
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kg::graph {

// A half-open byte range [begin, end) in the raw input file.
struct ByteSpan {
  std::size_t begin = 0;  // first byte
  std::size_t end = 0;    // one past the last byte
  friend auto operator<=>(const ByteSpan&, const ByteSpan&) = default;
};

// What kind of actor a node is.
enum class ActorType { Person, Organization, Country, Location, Group, Other };

// "PERSON", "ORGANIZATION", "COUNTRY", "LOCATION", "GROUP", "OTHER".
std::string_view toString(ActorType type);
// Parses the names above (case-insensitive); nullopt for anything else.
std::optional<ActorType> parseActorType(std::string_view name);

// How the text presents the relation.
enum class Modality { Asserted, Future, Possible, Conditional, Reported };

// "asserted", "future", "possible", "conditional", "reported".
std::string_view toString(Modality modality);
// Parses the names above; nullopt for anything else.
std::optional<Modality> parseModality(std::string_view name);

// The edge the graph core adds from an argument's affiliation ("Afghan soldiers
// affiliated-with Afghanistan").
inline constexpr std::string_view kAffiliatedWith = "affiliated-with";

// The words of a GROUP argument that name its affiliation: the capitalised word that
// opens them ("Afghan" of "Afghan soldiers", "US" of "US troops"), with its raw span
// (`span` must be that of `text` exactly). Empty text when the group's words do not
// open with one ("the authorities"): then nothing in them names the affiliation.
struct NamedWords {
  std::string text;
  ByteSpan span;
};
NamedWords affiliationWords(const std::string& text, ByteSpan span);

// One relation mention, field for field the JSONL record of TRIPLES.md.
struct Triple {
  std::string doc;               // document name as given on the command line (or JSONL id)
  ByteSpan sentence_offset;      // sentence's raw byte offsets
  std::string sentence;          // sentence text after clean-up
  std::string subject;           // canonical subject actor name ("Russia")
  std::string subject_text;      // words naming the subject in this sentence ("Moscow")
  ActorType subject_type = ActorType::Other;  // subject's actor type
  ByteSpan subject_span;         // raw byte offsets of subject_text (antecedent's if resolved)
  std::string relation;          // "negotiates-with": 3rd person verb joined to particle/preposition
  std::string lemma;             // the verb's lemma ("negotiate")
  std::string object;            // canonical object actor name
  std::string object_text;       // words naming the object in this sentence
  ActorType object_type = ActorType::Other;   // object's actor type
  ByteSpan object_span;          // raw byte offsets of object_text
  bool negated = false;          // the text says the relation does not hold
  Modality modality = Modality::Asserted;     // asserted / future / possible / ...
  std::string attributed_to;     // canonical name of the reported speaker; empty = none (null)
  double confidence = 1.0;       // 0..1
  std::string extractor;         // extractor or rule that produced it ("dep:obl")
  // What the words say about each argument besides its name (kg's extension of
  // TRIPLES.md; written only when not empty):
  std::string subject_role;      // role of a PERSON subject ("foreign minister of Russia")
  std::string object_role;       // role of a PERSON object
  std::string subject_affiliation;  // the state or organisation a GROUP subject belongs to
                                    //   ("Afghanistan" for "Afghan soldiers"); the graph core
                                    //   turns it into an "affiliated-with" edge
  ActorType subject_affiliation_type = ActorType::Other;  // that actor's type
  std::string object_affiliation;   // the same for the object
  ActorType object_affiliation_type = ActorType::Other;
  std::string extra_json;        // unknown fields of the input record, as a JSON object text
                                 // ("{}" or empty when none); written back unchanged
};

// The record as one JSON object on one line (no trailing newline).
std::string toJsonLine(const Triple& triple);

// Parses one JSONL line; throws kg::InputError(file, line_number, problem) on a
// malformed line or a missing/ill-typed required field. Unknown fields are kept
// in extra_json.
Triple parseJsonLine(std::string_view line, const std::string& file, std::size_t line_number);

// Reads every non-blank line of a JSONL stream, calling `sink` for each triple.
void readTriples(std::istream& in, const std::string& file,
                 const std::function<void(Triple&&)>& sink);

// Convenience: reads a whole JSONL file ("-" = stdin) into a vector.
std::vector<Triple> readTriplesFile(const std::string& path);

}  // namespace kg::graph
