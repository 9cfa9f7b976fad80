#include "graph/triple.h"

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <iostream>
#include <limits>

#include "graph/error.h"
#include "graph/triple_json.h"

namespace kg::graph {

namespace {

constexpr std::array<std::string_view, 6> kActorTypeNames = {
    "PERSON", "ORGANIZATION", "COUNTRY", "LOCATION", "GROUP", "OTHER"};
constexpr std::array<std::string_view, 5> kModalityNames = {"asserted", "future", "possible",
                                                            "conditional", "reported"};
constexpr std::array<std::string_view, 24> kKnownFields = {
    "doc",          "sentence_offset", "sentence",     "subject",     "subject_text",
    "subject_type", "subject_span",    "relation",     "lemma",       "object",
    "object_text",  "object_type",     "object_span",  "negated",     "modality",
    "attributed_to", "confidence",     "extractor",    "subject_role", "object_role",
    "subject_affiliation", "subject_affiliation_type", "object_affiliation",
    "object_affiliation_type"};

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

using detail::FieldError;

std::string joined(const auto& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

const rapidjson::Value* member(const rapidjson::Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

std::string requiredString(const rapidjson::Value& obj, const char* name, bool non_empty) {
  const rapidjson::Value* v = member(obj, name);
  if (v == nullptr) throw FieldError(std::string("missing required field '") + name + "'");
  if (!v->IsString() || (non_empty && v->GetStringLength() == 0)) {
    throw FieldError(std::string("field '") + name + "' must be a " +
                     (non_empty ? "non-empty string" : "string"));
  }
  return {v->GetString(), v->GetStringLength()};
}

std::string optionalString(const rapidjson::Value& obj, const char* name,
                           const std::string& fallback, bool allow_null = false) {
  const rapidjson::Value* v = member(obj, name);
  if (v == nullptr) return fallback;
  if (allow_null && v->IsNull()) return {};
  if (!v->IsString()) {
    throw FieldError(std::string("field '") + name + "' must be a string" +
                     (allow_null ? " or null" : ""));
  }
  return {v->GetString(), v->GetStringLength()};
}

ByteSpan optionalSpan(const rapidjson::Value& obj, const char* name) {
  const rapidjson::Value* v = member(obj, name);
  if (v == nullptr) return {};
  auto bad = [name] {
    return FieldError(std::string("field '") + name +
                      "' must be [begin, end] with 0 <= begin <= end integers");
  };
  if (!v->IsArray() || v->Size() != 2 || !(*v)[0].IsUint64() || !(*v)[1].IsUint64()) throw bad();
  ByteSpan span{(*v)[0].GetUint64(), (*v)[1].GetUint64()};
  if (span.begin > span.end) throw bad();
  return span;
}

ActorType optionalActorType(const rapidjson::Value& obj, const char* name) {
  const rapidjson::Value* v = member(obj, name);
  if (v == nullptr) return ActorType::Other;
  std::optional<ActorType> t;
  if (v->IsString()) t = parseActorType({v->GetString(), v->GetStringLength()});
  if (!t) throw FieldError(std::string("field '") + name + "' must be " + joined(kActorTypeNames));
  return *t;
}

}  // namespace

NamedWords affiliationWords(const std::string& text, ByteSpan span) {
  const std::size_t space = text.find(' ');
  if (space == std::string::npos || text[0] < 'A' || text[0] > 'Z' ||
      span.end - span.begin != text.size())
    return {};
  return {text.substr(0, space), {span.begin, span.begin + space}};
}

std::string_view toString(ActorType type) {
  return kActorTypeNames.at(static_cast<std::size_t>(type));
}

std::optional<ActorType> parseActorType(std::string_view name) {
  for (std::size_t i = 0; i < kActorTypeNames.size(); ++i) {
    if (equalsIgnoreCase(name, kActorTypeNames[i])) return static_cast<ActorType>(i);
  }
  return std::nullopt;
}

std::string_view toString(Modality modality) {
  return kModalityNames.at(static_cast<std::size_t>(modality));
}

std::optional<Modality> parseModality(std::string_view name) {
  for (std::size_t i = 0; i < kModalityNames.size(); ++i) {
    if (name == kModalityNames[i]) return static_cast<Modality>(i);
  }
  return std::nullopt;
}

namespace detail {

bool isKnownField(std::string_view name) {
  return std::find(kKnownFields.begin(), kKnownFields.end(), name) != kKnownFields.end();
}

void parseExtra(const std::string& extra_json, rapidjson::Document& doc) {
  doc.Parse<rapidjson::kParseFullPrecisionFlag>(extra_json.data(), extra_json.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    throw FieldError("extra fields must be a JSON object, got: " + extra_json);
  }
}

Triple tripleFromJson(const rapidjson::Value& v) {
  if (!v.IsObject()) throw FieldError("expected a JSON object");
  Triple t;
  t.doc = requiredString(v, "doc", false);
  t.subject = requiredString(v, "subject", true);
  t.relation = requiredString(v, "relation", true);
  t.object = requiredString(v, "object", true);
  t.sentence_offset = optionalSpan(v, "sentence_offset");
  t.sentence = optionalString(v, "sentence", "");
  t.subject_text = optionalString(v, "subject_text", t.subject);
  t.subject_type = optionalActorType(v, "subject_type");
  t.subject_span = optionalSpan(v, "subject_span");
  t.lemma = optionalString(v, "lemma", "");
  t.object_text = optionalString(v, "object_text", t.object);
  t.object_type = optionalActorType(v, "object_type");
  t.object_span = optionalSpan(v, "object_span");
  if (const rapidjson::Value* n = member(v, "negated")) {
    if (!n->IsBool()) throw FieldError("field 'negated' must be true or false");
    t.negated = n->GetBool();
  }
  if (const rapidjson::Value* m = member(v, "modality")) {
    std::optional<Modality> mod;
    if (m->IsString()) mod = parseModality({m->GetString(), m->GetStringLength()});
    if (!mod) throw FieldError("field 'modality' must be " + joined(kModalityNames));
    t.modality = *mod;
  }
  t.attributed_to = optionalString(v, "attributed_to", "", true);
  if (const rapidjson::Value* c = member(v, "confidence")) {
    if (!c->IsNumber() || c->GetDouble() < 0 || c->GetDouble() > 1) {
      throw FieldError("field 'confidence' must be a number from 0 to 1");
    }
    t.confidence = c->GetDouble();
  }
  t.extractor = optionalString(v, "extractor", "");
  t.subject_role = optionalString(v, "subject_role", "");
  t.object_role = optionalString(v, "object_role", "");
  t.subject_affiliation = optionalString(v, "subject_affiliation", "");
  t.subject_affiliation_type = optionalActorType(v, "subject_affiliation_type");
  t.object_affiliation = optionalString(v, "object_affiliation", "");
  t.object_affiliation_type = optionalActorType(v, "object_affiliation_type");

  bool has_extra = false;
  for (auto& m : v.GetObject()) {
    if (!isKnownField({m.name.GetString(), m.name.GetStringLength()})) has_extra = true;
  }
  if (has_extra) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    for (auto& m : v.GetObject()) {
      if (isKnownField({m.name.GetString(), m.name.GetStringLength()})) continue;
      w.Key(m.name.GetString(), m.name.GetStringLength());
      m.value.Accept(w);
    }
    w.EndObject();
    t.extra_json.assign(buf.GetString(), buf.GetSize());
  }
  return t;
}

}  // namespace detail

std::string toJsonLine(const Triple& triple) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  detail::writeTriple(w, triple);
  return {buf.GetString(), buf.GetSize()};
}

Triple parseJsonLine(std::string_view line, const std::string& file, std::size_t line_number) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseFullPrecisionFlag>(line.data(), line.size());
  if (doc.HasParseError()) {
    throw InputError(file, line_number,
                     std::string("invalid JSON at column ") +
                         std::to_string(doc.GetErrorOffset() + 1) + ": " +
                         rapidjson::GetParseError_En(doc.GetParseError()));
  }
  try {
    return detail::tripleFromJson(doc);
  } catch (const detail::FieldError& e) {
    throw InputError(file, line_number, e.what());
  }
}

void readTriples(std::istream& in, const std::string& file,
                 const std::function<void(Triple&&)>& sink) {
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // UTF-8 BOM
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    sink(parseJsonLine(line, file, number));
  }
  if (in.bad()) throw InputError(file, number + 1, "read error");
}

std::vector<Triple> readTriplesFile(const std::string& path) {
  std::vector<Triple> triples;
  auto sink = [&triples](Triple&& t) { triples.push_back(std::move(t)); };
  if (path == "-") {
    readTriples(std::cin, "<stdin>", sink);
    return triples;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot be opened for reading");
  readTriples(in, path, sink);
  return triples;
}

}  // namespace kg::graph
