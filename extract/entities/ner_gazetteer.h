// Internal to extract/entities: a name list for NER features, read when the model is
// trained and saved inside it (run time needs no extra package). Sources: WordNet's
// proper nouns (Debian wordnet-base, /usr/share/wordnet/data.noun: noun.group ->
// ORG, noun.location -> LOC, instances in noun.person -> PER) and the IEEE registry's
// organisation names (Debian ieee-data, /usr/share/ieee-data/oui.csv ...: ORG, also
// without "Inc."/"Corp."/... suffixes), typed lists (".tsv": "ORG<TAB>Burger King" a
// line; PER, ORG or LOC), and any other file as a word list, one word a
// line (Debian wamerican, /usr/share/dict/american-english): its capitalised entries
// (not possessives) are untyped known proper nouns ("NAME"; shown only when no list
// gives the phrase a type). Phrases are matched case-insensitively on
// their letters and digits ("Coca-Cola" = "Coca - Cola"); the match is a feature only.
//
//   NerGazetteer g;
//   g.loadFile("/usr/share/wordnet/data.noun");   // InputError "file:line: problem"
//   auto tags = g.tags({"I", "work", "for", "Google", "."});  // tags[3] == "U-ORG"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/nlp/model_io.h"
#include "extract/nlp/perceptron.h"

namespace kg::extract::entities {

class NerGazetteer {
 public:
  // Type bits of an entry.
  static constexpr std::uint8_t kPer = 1, kOrg = 2, kLoc = 4, kName = 8;
  // Adds the names of a WordNet data.noun file ("data.*"), an IEEE registry .csv, a
  // typed .tsv list, or the capitalised words of a word list (any other file name).
  void loadFile(const std::string& path);
  // Adds one phrase with type bits `types`.
  void add(std::string_view phrase, std::uint8_t types);
  // Drops one-word phrases that are also common words (each of `words`: "that", "access").
  void removeWords(const std::vector<std::string>& words);
  // Per token: "B-/I-/L-/U-" + types ("ORG", "LOC+ORG") of the longest match, or "".
  std::vector<std::string> tags(const std::vector<std::string>& words) const;
  // Number of phrases.
  std::size_t size() const { return keys_.size(); }
  // Writes the list through `out`.
  void save(ModelWriter& out) const;
  // Reads a list written by save(); InputError on corrupt data.
  static NerGazetteer load(ModelReader& in);
  // Same phrases with the same types.
  friend bool operator==(const NerGazetteer& a, const NerGazetteer& b) {
    return a.keys_ == b.keys_ && a.types_ == b.types_ && a.max_words_ == b.max_words_;
  }

 private:
  void finish();                        // sorts keys_ and merges duplicates
  void reindex();                       // rebuilds index_ from keys_
  std::vector<std::uint64_t> keys_;     // sorted hashes of normalised phrases
  perceptron::FlatMap index_;           // keys_[i] -> i
  std::vector<std::uint8_t> types_;     // type bits of each phrase
  std::uint32_t max_words_ = 0;         // longest phrase, in words
};

}  // namespace kg::extract::entities
