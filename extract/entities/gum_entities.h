// GUM's entity annotation, read once for NER training and coreference scoring:
// MISC "Entity=(12-person-giv:act-cf1-1-coref" opens mention 12 (GUM type "person"),
// "12)" closes it, "(12-person-...)" is a one-word mention. The id is the
// coreference cluster.
//
//   std::string problem;
//   for (const auto& m : kg::extract::entities::gumMentions(sentence, &problem))
//     std::cout << m.id << " " << m.type << " [" << m.first << ", " << m.last << ")\n";
//   if (!problem.empty()) throw ...;   // an unbalanced bracket, described
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "extract/document.h"

namespace kg::extract::entities {

// One bracketed mention of a sentence.
struct GumMention {
  std::size_t first = 0;  // first token (0-based)
  std::size_t last = 0;   // one past the last token
  std::size_t head = 0;   // first token whose syntactic head lies outside the span
  std::string id;         // entity id: the coreference cluster
  std::string type;       // GUM entity type ("person", "organization", "place", ...)
};

// Every mention of `sentence`, in the order its brackets close. An unbalanced
// bracket is skipped; when `problem` is given, the first one is described there
// ("Entity bracket '12)' closes nothing").
std::vector<GumMention> gumMentions(const Sentence& sentence, std::string* problem = nullptr);

}  // namespace kg::extract::entities
