// Internal to graph/ and export/: the triple record <-> RapidJSON values, shared
// by the JSONL reader/writer (graph/triple.cpp) and the JSON graph format
// (export/json_format.cpp), which stores every evidence as a triple record.
//
//   rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
//   kg::graph::detail::writeTriple(w, triple);
//   Triple t = kg::graph::detail::tripleFromJson(value);  // throws FieldError
#pragma once

#include <rapidjson/document.h>

#include <stdexcept>
#include <string>

#include "graph/triple.h"

namespace kg::graph::detail {

// A field of a triple record is missing or ill-typed; what() is the problem
// ("field 'doc' must be a string"), without file or line: callers add them.
class FieldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses one triple record (a JSON object); throws FieldError.
Triple tripleFromJson(const rapidjson::Value& value);

// Writes the unknown fields kept in `extra_json` (an object text) as members of
// the object being written; throws FieldError if it is not a JSON object.
void parseExtra(const std::string& extra_json, rapidjson::Document& doc);

// True for the field names of TRIPLES.md (never written twice from extra_json).
bool isKnownField(std::string_view name);

// Writes `t` as one JSON object in TRIPLES.md field order, unknown fields last.
template <class Writer>
void writeTriple(Writer& w, const Triple& t) {
  auto str = [&w](const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  auto span = [&w](const char* key, const ByteSpan& s) {
    w.Key(key);
    w.StartArray();
    w.Uint64(s.begin);
    w.Uint64(s.end);
    w.EndArray();
  };
  auto view = [&w](const char* key, std::string_view value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  str("doc", t.doc);
  span("sentence_offset", t.sentence_offset);
  str("sentence", t.sentence);
  str("subject", t.subject);
  str("subject_text", t.subject_text);
  view("subject_type", toString(t.subject_type));
  span("subject_span", t.subject_span);
  str("relation", t.relation);
  str("lemma", t.lemma);
  str("object", t.object);
  str("object_text", t.object_text);
  view("object_type", toString(t.object_type));
  span("object_span", t.object_span);
  w.Key("negated");
  w.Bool(t.negated);
  view("modality", toString(t.modality));
  w.Key("attributed_to");
  if (t.attributed_to.empty()) {
    w.Null();
  } else {
    w.String(t.attributed_to.data(), static_cast<rapidjson::SizeType>(t.attributed_to.size()));
  }
  w.Key("confidence");
  w.Double(t.confidence);
  str("extractor", t.extractor);
  auto optional = [&](const char* key, const std::string& value) {
    if (!value.empty()) str(key, value);
  };
  optional("subject_role", t.subject_role);
  optional("object_role", t.object_role);
  if (!t.subject_affiliation.empty()) {
    str("subject_affiliation", t.subject_affiliation);
    view("subject_affiliation_type", toString(t.subject_affiliation_type));
  }
  if (!t.object_affiliation.empty()) {
    str("object_affiliation", t.object_affiliation);
    view("object_affiliation_type", toString(t.object_affiliation_type));
  }
  if (!t.extra_json.empty() && t.extra_json != "{}") {
    rapidjson::Document extra;
    parseExtra(t.extra_json, extra);
    for (auto& m : extra.GetObject()) {
      if (isKnownField({m.name.GetString(), m.name.GetStringLength()})) continue;
      w.Key(m.name.GetString(), m.name.GetStringLength());
      m.value.Accept(w);
    }
  }
  w.EndObject();
}

}  // namespace kg::graph::detail
