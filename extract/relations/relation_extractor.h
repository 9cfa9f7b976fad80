// Relation extraction: from a tagged, parsed sentence whose actor mentions are
// filled (Sentence::mentions), the who-does-what-to-whom triples of
// ../shared/TRIPLES.md. Extractors are created by name; their rule tables
// (extract/data/light_verbs.json, extract/data/relation_words.json) are loaded
// and checked once, when the extractor is created.
//
//   auto rel = kg::extract::RelationExtractor::create("dependency");
//   for (const kg::extract::Sentence& s : doc.sentences)
//     for (kg::graph::Triple& t : rel->extract(doc, s)) sink(std::move(t));
//
// The "dependency" extractor reads UD trees (heads 1-based, deprels with
// subtypes); a sentence that is not parsed (head == -1) or has no relation
// yields an empty list. See extract/relations/README.md for the rules.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "extract/document.h"
#include "graph/triple.h"

namespace kg::extract {

// Where an extractor finds its rule tables and what it emits.
struct RelationOptions {
  std::string data_dir;        // folder of light_verbs.json and relation_words.json;
                               //   empty = the kg source tree's extract/data
};

class RelationExtractor {
 public:
  virtual ~RelationExtractor() = default;
  // The triples of sentence `s` of `doc` (doc name, raw offsets filled); thread-safe.
  virtual std::vector<graph::Triple> extract(const Document& doc, const Sentence& s) const = 0;

  // The extractor called `name` ("dependency"); throws kg::UsageError for an unknown
  // name and kg::InputError (file:line) for a malformed rule table.
  static std::unique_ptr<RelationExtractor> create(std::string_view name,
                                                   const RelationOptions& options = {});
  // Every name create() accepts.
  static std::vector<std::string> names();
};

}  // namespace kg::extract
