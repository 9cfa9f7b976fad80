// GraphML through libxml2's xmlTextWriter, and its reader.
//
// Layout of the file (every attribute declared as a <key> with attr.name/attr.type):
//   nodes n0, n1, ... in actor-name order:
//     label (string), type (string), aliases (string, "; "-joined), mentions (long),
//     documents (string, "; "-joined), document_count (long), roles (string, "; "-joined)
//   edges e0, e1, ... (parallel edges get distinct ids):
//     label (string: the relation, "not <relation>" when negated), relation (string),
//     negated (boolean, true/false), weight (long, >= 1), confidence (double, shortest
//     round-trip digits), evidence_count (long), documents (string, "; "-joined),
//     document_count (long), modality_<name> (long, one per modality),
//     evidence (string: a JSON array of the edge's mentions, one TRIPLES.md record
//     each; this is what lets kg read its own GraphML back into the same graph).
// Strings pass through xmlSafe (characters XML 1.0 forbids are dropped); the writer
// escapes &, <, > and quotes.
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <climits>
#include <cmath>
#include <map>
#include <ostream>
#include <set>
#include <string>

#include "export/exporters_internal.h"
#include "graph/error.h"

namespace kg::exporters {

namespace {

using graph::Modality;

constexpr Modality kModalities[] = {Modality::Asserted, Modality::Future, Modality::Possible,
                                    Modality::Conditional, Modality::Reported};

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

std::string joined(const std::set<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : "; ") + s;
  return out;
}

std::string shortestDouble(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "INF" : "-INF";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

// One mention of edge `r` as a TRIPLES.md record (a Triple rebuilt from its evidence).
graph::Triple mentionOf(const graph::KnowledgeGraph& g, const graph::Relation& r,
                        const graph::Evidence& ev) {
  const graph::Actor& s = g.actor(r.subject);
  const graph::Actor& o = g.actor(r.object);
  graph::Triple t;
  t.doc = ev.doc;
  t.sentence_offset = ev.sentence_offset;
  t.sentence = ev.sentence;
  t.subject = s.name;
  t.subject_text = ev.subject_text;
  t.subject_type = s.type;
  t.subject_span = ev.subject_span;
  t.relation = r.relation;
  t.lemma = ev.lemma;
  t.object = o.name;
  t.object_text = ev.object_text;
  t.object_type = o.type;
  t.object_span = ev.object_span;
  t.negated = r.negated;
  t.modality = ev.modality;
  t.attributed_to = ev.attributed_to;
  t.confidence = ev.confidence;
  t.extractor = ev.extractor;
  return t;
}

// U+FFFE / U+FFFF are legal in JSON strings but not in XML: inside the evidence
// JSON they become \ufffe / \uffff escapes, so they survive the round trip.
std::string escapeNonCharacters(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (json.compare(i, 3, "\xEF\xBF\xBE") == 0) {
      out += "\\ufffe";
      i += 2;
    } else if (json.compare(i, 3, "\xEF\xBF\xBF") == 0) {
      out += "\\uffff";
      i += 2;
    } else {
      out += json[i];
    }
  }
  return out;
}

int writeToStream(void* context, const char* buffer, int len) {
  auto* out = static_cast<std::ostream*>(context);
  out->write(buffer, len);
  return out->good() ? len : -1;
}
int closeStream(void* context) {
  static_cast<std::ostream*>(context)->flush();
  return 0;
}

// A thin checked wrapper over xmlTextWriter.
class XmlWriter {
 public:
  explicit XmlWriter(std::ostream& out) {
    xmlOutputBufferPtr buf = xmlOutputBufferCreateIO(writeToStream, closeStream, &out, nullptr);
    if (buf == nullptr) throw Error("graphml: cannot create an XML output buffer");
    w_ = xmlNewTextWriter(buf);  // owns buf from here on
    if (w_ == nullptr) {
      xmlOutputBufferClose(buf);
      throw Error("graphml: cannot create an XML writer");
    }
    xmlTextWriterSetIndent(w_, 1);
    xmlTextWriterSetIndentString(w_, X("  "));
  }
  ~XmlWriter() { xmlFreeTextWriter(w_); }
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  void startDocument() { check(xmlTextWriterStartDocument(w_, "1.0", "UTF-8", nullptr)); }
  void endDocument() { check(xmlTextWriterEndDocument(w_)); }
  void start(const char* element) { check(xmlTextWriterStartElement(w_, X(element))); }
  void end() { check(xmlTextWriterEndElement(w_)); }
  void attribute(const char* name, const std::string& value) {
    check(xmlTextWriterWriteAttribute(w_, X(name), X(detail::xmlSafe(value).c_str())));
  }
  // <data key="...">value</data>
  void data(const std::string& key, const std::string& value) {
    start("data");
    attribute("key", key);
    check(xmlTextWriterWriteString(w_, X(detail::xmlSafe(value).c_str())));
    end();
  }
  void flush() { check(xmlTextWriterFlush(w_)); }

 private:
  static void check(int rc) {
    if (rc < 0) throw Error("graphml: writing failed (output stream error)");
  }
  xmlTextWriterPtr w_ = nullptr;
};

struct Key {
  const char* id;    // key id, also the attr.name
  const char* kind;  // "node" or "edge"
  const char* type;  // attr.type
};

class GraphmlExporter : public Exporter {
 public:
  void write(const graph::KnowledgeGraph& g, std::ostream& out,
             const ExportOptions& options) const override {
    const auto edges = detail::keptRelations(g, options.max_edges);
    std::vector<graph::ActorId> actors;
    if (options.max_edges > 0 && edges.size() < g.relationCount()) {
      std::set<graph::ActorId> used;
      for (auto id : edges) {
        graph::Relation r = g.relationSummary(id);
        used.insert(r.subject);
        used.insert(r.object);
      }
      actors.assign(used.begin(), used.end());
    } else {
      for (graph::ActorId i = 0; i < g.actorCount(); ++i) actors.push_back(i);
    }
    std::sort(actors.begin(), actors.end(), [&g](graph::ActorId a, graph::ActorId b) {
      return std::tie(g.actor(a).name, g.actor(a).type) < std::tie(g.actor(b).name, g.actor(b).type);
    });
    std::map<graph::ActorId, std::string> node_id;
    for (std::size_t i = 0; i < actors.size(); ++i) node_id[actors[i]] = "n" + std::to_string(i);

    std::vector<Key> keys = {
        {"label", "node", "string"},          {"type", "node", "string"},
        {"aliases", "node", "string"},        {"mentions", "node", "long"},
        {"documents", "node", "string"},      {"document_count", "node", "long"},
        {"roles", "node", "string"},
        {"label", "edge", "string"},          {"relation", "edge", "string"},
        {"negated", "edge", "boolean"},       {"weight", "edge", "long"},
        {"confidence", "edge", "double"},     {"evidence_count", "edge", "long"},
        {"documents", "edge", "string"},      {"document_count", "edge", "long"},
        {"modality_asserted", "edge", "long"}, {"modality_future", "edge", "long"},
        {"modality_possible", "edge", "long"}, {"modality_conditional", "edge", "long"},
        {"modality_reported", "edge", "long"}, {"evidence", "edge", "string"},
    };
    // Key ids must be unique across node and edge keys: prefix them.
    auto keyId = [](const char* kind, const std::string& name) {
      return std::string(kind[0] == 'n' ? "n_" : "e_") + name;
    };

    XmlWriter w(out);
    w.startDocument();
    w.start("graphml");
    w.attribute("xmlns", "http://graphml.graphdrawing.org/xmlns");
    w.attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    w.attribute("xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns "
                "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd");
    for (const Key& k : keys) {
      w.start("key");
      w.attribute("id", keyId(k.kind, k.id));
      w.attribute("for", k.kind);
      w.attribute("attr.name", k.id);
      w.attribute("attr.type", k.type);
      w.end();
    }
    w.start("graph");
    w.attribute("id", "kg");
    w.attribute("edgedefault", "directed");

    for (graph::ActorId id : actors) {
      const graph::Actor& a = g.actor(id);
      std::set<std::string> aliases;
      for (const auto& [alias, count] : a.aliases) aliases.insert(alias);
      w.start("node");
      w.attribute("id", node_id[id]);
      w.data("n_label", a.name);
      w.data("n_type", std::string(graph::toString(a.type)));
      w.data("n_aliases", joined(aliases));
      w.data("n_mentions", std::to_string(a.mentions));
      w.data("n_documents", joined(a.documents));
      w.data("n_document_count", std::to_string(a.documents.size()));
      std::set<std::string> roles;
      for (const auto& [role, count] : a.roles) roles.insert(role);
      w.data("n_roles", joined(roles));
      w.end();
    }

    std::size_t edge_index = 0;
    for (graph::RelationId id : edges) {
      const graph::Relation r = g.relationSummary(id);
      w.start("edge");
      w.attribute("id", "e" + std::to_string(edge_index++));
      w.attribute("source", node_id.at(r.subject));
      w.attribute("target", node_id.at(r.object));
      w.data("e_label", (r.negated ? "not " : "") + r.relation);
      w.data("e_relation", r.relation);
      w.data("e_negated", r.negated ? "true" : "false");
      w.data("e_weight", std::to_string(std::max<std::size_t>(r.weight, 1)));
      w.data("e_confidence", shortestDouble(r.confidence));
      w.data("e_evidence_count", std::to_string(r.weight));
      w.data("e_documents", joined(r.documents));
      w.data("e_document_count", std::to_string(r.documents.size()));
      for (Modality m : kModalities) {
        auto it = r.modalities.find(m);
        w.data(keyId("edge", "modality_" + std::string(graph::toString(m))),
               std::to_string(it == r.modalities.end() ? 0 : it->second));
      }
      std::string evidence = "[";
      for (const auto& ev : g.evidenceOf(id)) {  // one edge's evidence at a time
        if (evidence.size() > 1) evidence += ',';
        evidence += graph::toJsonLine(mentionOf(g, r, ev));
      }
      evidence += ']';
      w.data("e_evidence", escapeNonCharacters(evidence));
      w.end();
    }
    w.end();  // graph
    w.end();  // graphml
    w.endDocument();
    w.flush();
    out << '\n';
  }
  std::string_view extension() const override { return "graphml"; }
};

// Reader helpers over libxml2's streaming xmlTextReader (a DOM would take ~10x the file).
struct ReaderFree {
  void operator()(xmlTextReader* r) const { xmlFreeTextReader(r); }
};

// The first error the parser reports, with its line.
struct ReadError {
  std::string message;  // libxml2's message, trimmed
  int line = 0;         // 1-based, 0 = unknown
};
void onReadError(void* arg, const char* msg, xmlParserSeverities severity,
                 xmlTextReaderLocatorPtr locator) {
  auto* e = static_cast<ReadError*>(arg);
  if (severity == XML_PARSER_SEVERITY_WARNING || severity == XML_PARSER_SEVERITY_VALIDITY_WARNING)
    return;
  if (!e->message.empty()) return;
  e->message = msg ? msg : "not well-formed XML";
  while (!e->message.empty() && (e->message.back() == '\n' || e->message.back() == ' '))
    e->message.pop_back();
  e->line = locator ? xmlTextReaderLocatorLineNumber(locator) : 0;
}

std::string attr(xmlTextReader* r, const char* name) {
  xmlChar* v = xmlTextReaderGetAttribute(r, X(name));
  if (v == nullptr) return {};
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

// Adds every mention of one edge's evidence (a JSON array of TRIPLES.md records).
void addEvidence(graph::KnowledgeGraph& g, const std::string& json, const std::string& edge_id,
                 const std::string& name, std::size_t line) {
  rapidjson::Document arr;
  arr.Parse(json.c_str(), json.size());
  if (arr.HasParseError()) {
    throw InputError(name, line,
                     "edge '" + edge_id + "': evidence is not valid JSON (" +
                         rapidjson::GetParseError_En(arr.GetParseError()) + ")");
  }
  if (!arr.IsArray() || arr.Empty()) {
    throw InputError(name, line, "edge '" + edge_id + "': evidence must be a non-empty JSON array");
  }
  for (const auto& item : arr.GetArray()) {
    rapidjson::StringBuffer sb;
    rapidjson::Writer<rapidjson::StringBuffer> writer(sb);
    item.Accept(writer);
    g.add(graph::parseJsonLine(std::string_view(sb.GetString(), sb.GetSize()), name, line));
  }
}

}  // namespace

std::unique_ptr<Exporter> detail::makeGraphmlExporter() {
  return std::make_unique<GraphmlExporter>();
}

graph::KnowledgeGraph detail::readGraphml(const std::string& content, const std::string& name) {
  if (content.size() > static_cast<std::size_t>(INT_MAX)) {
    throw InputError(name, "GraphML file too large (over 2 GB)");
  }
  int flags = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE;
  std::unique_ptr<xmlTextReader, ReaderFree> reader(xmlReaderForMemory(
      content.data(), static_cast<int>(content.size()), name.c_str(), nullptr, flags));
  if (!reader) throw InputError(name, "cannot create an XML reader");
  xmlTextReader* r = reader.get();
  ReadError error;
  xmlTextReaderSetErrorHandler(r, onReadError, &error);
  auto lineNow = [r] {
    // The current node's own line (the parser's line may already be further on).
    xmlNode* node = xmlTextReaderCurrentNode(r);
    long line = node ? xmlGetLineNo(node) : -1;
    if (line <= 0) line = xmlTextReaderGetParserLineNumber(r);
    return line > 0 ? static_cast<std::size_t>(line) : std::size_t{0};
  };

  graph::KnowledgeGraph g;
  std::map<std::string, std::string> edge_keys;  // key id -> attr.name, for edge keys
  bool saw_graph = false;
  bool in_edge = false;
  bool has_evidence = false;
  std::string edge_id;
  std::size_t edge_line = 0;
  auto finishEdge = [&] {
    in_edge = false;
    if (!has_evidence) {
      throw InputError(name, edge_line,
                       "edge '" + edge_id +
                           "' has no 'evidence' attribute (kg reads back only the GraphML "
                           "that kg export writes)");
    }
  };
  int rc = 0;
  while ((rc = xmlTextReaderRead(r)) == 1) {
    const int type = xmlTextReaderNodeType(r);
    const int depth = xmlTextReaderDepth(r);
    const xmlChar* local = xmlTextReaderConstLocalName(r);
    auto is = [local](const char* n) { return local && xmlStrcmp(local, X(n)) == 0; };
    if (type == XML_READER_TYPE_ELEMENT) {
      if (depth == 0) {
        if (!is("graphml")) throw InputError(name, "not GraphML (the root element is not <graphml>)");
      } else if (depth == 1 && is("key")) {
        std::string f = attr(r, "for");
        if (f == "edge" || f == "all") edge_keys[attr(r, "id")] = attr(r, "attr.name");
      } else if (depth == 1 && is("graph")) {
        if (saw_graph) break;  // kg reads the first graph only
        saw_graph = true;
      } else if (depth == 2 && saw_graph && is("edge")) {
        in_edge = true;
        has_evidence = false;
        edge_id = attr(r, "id");
        edge_line = lineNow();
        if (xmlTextReaderIsEmptyElement(r)) finishEdge();
      } else if (depth == 3 && in_edge && is("data")) {
        auto it = edge_keys.find(attr(r, "key"));
        if (it != edge_keys.end() && it->second == "evidence") {
          std::size_t line = lineNow();
          xmlChar* v = xmlTextReaderReadString(r);
          std::string json = v ? reinterpret_cast<const char*>(v) : "";
          xmlFree(v);
          addEvidence(g, json, edge_id, name, line);
          has_evidence = true;
        }
      }
    } else if (type == XML_READER_TYPE_END_ELEMENT && depth == 2 && in_edge && is("edge")) {
      finishEdge();
    }
  }
  if (rc < 0 || !error.message.empty()) {
    std::string msg = error.message.empty() ? "not well-formed XML" : error.message;
    if (error.line > 0) {
      throw InputError(name, static_cast<std::size_t>(error.line), "malformed GraphML: " + msg);
    }
    throw InputError(name, "malformed GraphML: " + msg);
  }
  if (!saw_graph) throw InputError(name, "GraphML has no <graph> element");
  return g;
}

}  // namespace kg::exporters
