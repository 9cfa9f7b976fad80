// Lemmas and morphological features of a tagged word, learned from a treebank.
// Used by Tagger (extract/nlp/tagger.h); usable alone on tokens whose upos/xpos are set.
//
// Both are "suffix rules with an exception list": a class (an edit script for
// lemmas, a FEATS string for features) is predicted from (tag, longest known
// suffix of the lowercased word); words of the training data whose most
// frequent class the rules get wrong are listed as exceptions ("fled"/VBD ->
// "flee"). An edit script is (lowercase or keep case, strip n bytes, append s).
//
//   auto lem = kg::extract::Lemmatizer::train(sentences);   // gold lemma/feats
//   token.upos = "VERB"; token.xpos = "VBZ"; token.form = "interferes";
//   lem.apply(token);                                       // lemma "interfere", feats "Mood=Ind|..."
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/document.h"
#include "extract/nlp/model_io.h"
#include "extract/nlp/perceptron.h"

namespace kg::extract {

// Predicts a class id from (word form, tag) by exceptions, then suffix rules. Internal.
class SuffixRules {
 public:
  // One training word: its form, tag key and class.
  struct Item {
    std::string_view form;  // word as written
    std::uint64_t tag;      // Lemmatizer::tagKey(upos, xpos)
    std::uint32_t cls;      // class id
  };
  using Applicable = std::function<bool(std::uint32_t cls, std::string_view form)>;
  // Learns rules and exceptions; `applicable(cls, form)` says whether a class can apply to a word.
  static SuffixRules train(const std::vector<Item>& items, const Applicable& applicable);
  // Calls accept(cls) on the candidate classes for (form, tag), best first, until it
  // returns true: exception for the exact form, for the lowercased form, then rules
  // from the longest suffix down. Returns whether some class was accepted.
  template <typename Accept>
  bool find(std::string_view form, std::uint64_t tag, Accept accept) const {
    constexpr std::uint32_t kNone = 0xffffffffu;
    std::uint32_t c = exceptions_.get(exceptionKey(tag, perceptron::hashString(form)), kNone);
    if (c != kNone && accept(c)) return true;
    c = exceptions_.get(exceptionKey(tag, hashLower(form)), kNone);
    if (c != kNone && accept(c)) return true;
    for (std::size_t k = std::min<std::size_t>(kMaxSuffix, form.size()) + 1; k-- > 0;) {
      c = rules_.get(ruleKey(tag, hashLower(form.substr(form.size() - k)), k), kNone);
      if (c != kNone && accept(c)) return true;
    }
    return false;
  }
  void save(ModelWriter& out) const;
  // Reads rules written by save(); classes must be below `num_classes`.
  static SuffixRules load(ModelReader& in, std::uint32_t num_classes);

  static constexpr std::size_t kMaxSuffix = 6;  // longest suffix (bytes) used by the rules
  // hashString of the ASCII-lowercased bytes of `s`.
  static std::uint64_t hashLower(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
      h = (h ^ c) * 0x100000001b3ULL;
    }
    return perceptron::mix(h);
  }
  static std::uint64_t ruleKey(std::uint64_t tag, std::uint64_t suffix, std::size_t k) {
    return perceptron::hashCombine(perceptron::hashCombine(tag, suffix), k + 1);
  }
  static std::uint64_t exceptionKey(std::uint64_t tag, std::uint64_t form) {
    return perceptron::hashCombine(perceptron::hashCombine(tag, form), 0x45);
  }

 private:
  void buildIndex();
  std::vector<std::uint64_t> rule_keys_, exception_keys_;      // sorted keys
  std::vector<std::uint32_t> rule_values_, exception_values_;  // classes
  perceptron::FlatMap rules_, exceptions_;                     // key -> class
};

class Lemmatizer {
 public:
  // Learns lemmas and features from gold tokens (words with lemma "_" are skipped).
  static Lemmatizer train(const std::vector<Sentence>& sentences);
  // Key of a tag for apply(): a hash of "upos|xpos".
  static std::uint64_t tagKey(std::string_view upos, std::string_view xpos);
  // Sets token.lemma and token.feats from token.form, token.upos and token.xpos.
  void apply(Token& token) const { apply(token, tagKey(token.upos, token.xpos)); }
  // The same with a precomputed tagKey(token.upos, token.xpos).
  void apply(Token& token, std::uint64_t tag) const;
  // The lemma alone.
  std::string lemma(std::string_view form, std::uint64_t tag) const;
  // The FEATS string alone ("_" when none).
  const std::string& feats(std::string_view form, std::uint64_t tag) const;
  // The FEATS class predicted for (form, tag), or kNoClass.
  std::uint32_t featsClass(std::string_view form, std::uint64_t tag) const;
  // Number of FEATS classes, the FEATS string of a class, and the class of a string (or kNoClass).
  std::size_t numFeatsClasses() const { return feats_.size(); }
  const std::string& featsName(std::uint32_t cls) const { return feats_[cls]; }
  std::uint32_t featsId(std::string_view feats) const;
  static constexpr std::uint32_t kNoClass = 0xffffffffu;
  void save(ModelWriter& out) const;
  static Lemmatizer load(ModelReader& in);

 private:
  struct Script {
    bool lower = false;      // lowercase the form first
    std::uint32_t strip = 0; // bytes removed from the end
    std::string append;      // appended afterwards
  };
  static Script scriptFor(std::string_view form, std::string_view lemma);
  static bool applicable(const Script& s, std::string_view form);
  std::vector<Script> scripts_;        // lemma classes
  std::vector<std::string> feats_;     // feature classes
  SuffixRules lemma_rules_;
  SuffixRules feats_rules_;
};

}  // namespace kg::extract
