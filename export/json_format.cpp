// kg's native JSON graph format:
//
//   {"format": "kg-graph", "version": 1,
//    "actors": [{"id": 0, "name": "Russia", "type": "COUNTRY", "mentions": 3,
//                "aliases": {"Moscow": 1, "Russia": 2}, "documents": ["000.txt"],
//                "roles": {"foreign minister of Russia": 2}}, ...],
//    "relations": [{"id": 0, "subject": 0, "object": 1, "relation": "negotiates-with",
//                   "negated": false, "weight": 2, "confidence": 0.96,
//                   "modalities": {"asserted": 2}, "documents": [...],
//                   "evidence": [<one TRIPLES.md record per mention>, ...]}, ...]}
//
// Actors and relation aggregates are written for readers; the evidence records are
// the graph itself: readJson() adds them back, so readJson(writeJson(g)) == g.
#include "export/json_format.h"

#include <rapidjson/error/en.h>
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <iterator>
#include <sstream>

#include "graph/error.h"
#include "graph/triple_json.h"

namespace kg::exporters {

namespace {

constexpr const char* kFormatName = "kg-graph";
constexpr int kFormatVersion = 1;

template <class Writer>
void writeString(Writer& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

std::size_t lineOf(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<std::size_t>(
                 std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

}  // namespace

void writeJson(const graph::KnowledgeGraph& graph, std::ostream& out) {
  rapidjson::OStreamWrapper os(out);
  rapidjson::PrettyWriter<rapidjson::OStreamWrapper> w(os);
  w.SetIndent(' ', 1);
  w.SetFormatOptions(rapidjson::kFormatSingleLineArray);
  w.StartObject();
  w.Key("format");
  w.String(kFormatName);
  w.Key("version");
  w.Int(kFormatVersion);

  w.Key("actors");
  w.StartArray();
  for (graph::ActorId id = 0; id < graph.actorCount(); ++id) {
    const graph::Actor& a = graph.actor(id);
    w.StartObject();
    w.Key("id");
    w.Uint64(id);
    w.Key("name");
    writeString(w, a.name);
    w.Key("type");
    writeString(w, graph::toString(a.type));
    w.Key("mentions");
    w.Uint64(a.mentions);
    w.Key("aliases");
    w.StartObject();
    for (const auto& [alias, count] : a.aliases) {
      writeString(w, alias);
      w.Uint64(count);
    }
    w.EndObject();
    w.Key("documents");
    w.StartArray();
    for (const auto& doc : a.documents) writeString(w, doc);
    w.EndArray();
    w.Key("roles");
    w.StartObject();
    for (const auto& [role, count] : a.roles) {
      writeString(w, role);
      w.Uint64(count);
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();

  w.Key("relations");
  w.StartArray();
  for (graph::RelationId id = 0; id < graph.relationCount(); ++id) {
    const graph::Relation r = graph.relationSummary(id);
    w.StartObject();
    w.Key("id");
    w.Uint64(id);
    w.Key("subject");
    w.Uint64(r.subject);
    w.Key("object");
    w.Uint64(r.object);
    w.Key("relation");
    writeString(w, r.relation);
    w.Key("negated");
    w.Bool(r.negated);
    w.Key("weight");
    w.Uint64(r.weight);
    w.Key("confidence");
    w.Double(r.confidence);
    w.Key("modalities");
    w.StartObject();
    for (const auto& [modality, count] : r.modalities) {
      writeString(w, graph::toString(modality));
      w.Uint64(count);
    }
    w.EndObject();
    w.Key("documents");
    w.StartArray();
    for (const auto& doc : r.documents) writeString(w, doc);
    w.EndArray();
    w.Key("evidence");
    w.StartArray();
    // One relation's mentions at a time: the whole mention list never sits in memory.
    for (const graph::Triple& t : graph.mentionsOf(id)) graph::detail::writeTriple(w, t);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  os.Flush();
  out << '\n';
}

graph::KnowledgeGraph readJson(std::istream& in, const std::string& name) {
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError(name, "read error");
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseFullPrecisionFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    throw InputError(name, lineOf(text, doc.GetErrorOffset()),
                     std::string("invalid JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (!doc.IsObject()) throw InputError(name, "not a kg graph: expected a JSON object");
  auto format = doc.FindMember("format");
  if (format == doc.MemberEnd() || !format->value.IsString() ||
      std::string_view(format->value.GetString()) != kFormatName) {
    throw InputError(name, "not a kg graph: missing \"format\": \"kg-graph\"");
  }
  auto version = doc.FindMember("version");
  if (version == doc.MemberEnd() || !version->value.IsInt()) {
    throw InputError(name, "missing or ill-typed \"version\"");
  }
  if (version->value.GetInt() != kFormatVersion) {
    throw InputError(name, "unsupported kg-graph version " + std::to_string(version->value.GetInt()) +
                               " (this kg reads version " + std::to_string(kFormatVersion) + ")");
  }
  auto relations = doc.FindMember("relations");
  if (relations == doc.MemberEnd() || !relations->value.IsArray()) {
    throw InputError(name, "\"relations\" must be an array");
  }
  graph::KnowledgeGraph g;
  rapidjson::SizeType index = 0;
  for (const auto& rel : relations->value.GetArray()) {
    std::string where = "relations[" + std::to_string(index++) + "]";
    if (!rel.IsObject()) throw InputError(name, where + ": expected an object");
    auto evidence = rel.FindMember("evidence");
    if (evidence == rel.MemberEnd() || !evidence->value.IsArray() || evidence->value.Empty()) {
      throw InputError(name, where + ": \"evidence\" must be a non-empty array");
    }
    rapidjson::SizeType k = 0;
    for (const auto& ev : evidence->value.GetArray()) {
      std::string at = where + ".evidence[" + std::to_string(k++) + "]";
      try {
        g.add(graph::detail::tripleFromJson(ev));
      } catch (const graph::detail::FieldError& e) {
        throw InputError(name, at + ": " + e.what());
      } catch (const kg::Error& e) {
        throw InputError(name, at + ": " + e.what());
      }
    }
  }
  return g;
}

}  // namespace kg::exporters
