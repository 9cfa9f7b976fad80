// kg query GRAPH <question> [--json]
//
//   neighbors ACTOR [--depth N] [--direction out|in|both] [--relation R]
//   edges A B                 every relation between A and B, with evidence
//   path A B                  shortest path, direction ignored
//   top [--by degree|weighted-degree|pagerank|betweenness] [-n 10]
//   relations                 relation names with their mention counts
//   evidence SUBJECT RELATION OBJECT
//   components                weakly connected components
//   ego ACTOR [--radius N] -o FILE   subgraph around ACTOR, format from FILE's extension
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "export/exporter.h"
#include "graph/error.h"
#include "graph/knowledge_graph.h"

namespace kg::cli {

namespace {

using graph::ActorId;
using graph::KnowledgeGraph;
using graph::RelationId;
using JsonWriter = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

struct QueryCommand {
  std::string graph;                    // graph file (.json or .graphml)
  bool json = false;                    // machine-readable output
  std::string actor;                    // neighbors / ego: the actor
  std::size_t depth = 1;                // neighbors: hops
  std::string direction = "both";       // neighbors: out, in, both
  std::string relation;                 // neighbors: only this relation
  std::string a, b;                     // edges / path: the two actors
  std::string by = "degree";            // top: the centrality
  std::size_t n = 10;                   // top: how many
  std::string subject, verb, object;    // evidence: the relation
  std::size_t radius = 1;               // ego: hops
  std::string output;                   // ego: output file
};

// ---- helpers ---------------------------------------------------------------

ActorId resolve(const KnowledgeGraph& g, const std::string& name) {
  if (auto id = g.findActor(name)) return *id;
  std::string message = "unknown actor '" + name + "'";
  auto close = g.suggest(name, 3);
  if (!close.empty()) {
    message += " (did you mean: ";
    for (std::size_t i = 0; i < close.size(); ++i) message += (i ? ", " : "") + close[i];
    message += "?)";
  }
  throw Error(message);
}

std::string label(const graph::Relation& r) { return (r.negated ? "not " : "") + r.relation; }

std::string triple(const KnowledgeGraph& g, const graph::Relation& r) {
  return g.actor(r.subject).name + " " + label(r) + " " + g.actor(r.object).name;
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string span(const graph::ByteSpan& s) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "[%zu,%zu)", s.begin, s.end);
  return buf;
}

// Display width of UTF-8 text: code points (continuation bytes do not count).
std::size_t width(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// An aligned text table; `right` marks numeric columns.
void printTable(std::ostream& out, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right = {}) {
  std::vector<std::size_t> w(header.size(), 0);
  for (std::size_t c = 0; c < header.size(); ++c) w[c] = width(header[c]);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size() && c < w.size(); ++c) w[c] = std::max(w[c], width(row[c]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      bool last = c + 1 == cells.size();
      std::string pad(w[c] - std::min(w[c], width(cells[c])), ' ');
      bool r = c < right.size() && right[c];
      if (r) text += pad + cells[c];
      else text += cells[c] + (last ? "" : pad);
      if (!last) text += "  ";
    }
    out << text << '\n';
  };
  line(header);
  std::vector<std::string> rule;
  for (std::size_t c = 0; c < header.size(); ++c) rule.push_back(std::string(w[c], '-'));
  line(rule);
  for (const auto& row : rows) line(row);
}

void str(JsonWriter& w, const std::string& s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

void key(JsonWriter& w, const char* k) { w.Key(k); }

void emit(std::ostream& out, const rapidjson::StringBuffer& buf) {
  out.write(buf.GetString(), static_cast<std::streamsize>(buf.GetSize()));
  out << '\n';
}

void relationBrief(JsonWriter& w, const KnowledgeGraph& g, const graph::Relation& r) {
  key(w, "subject");
  str(w, g.actor(r.subject).name);
  key(w, "relation");
  str(w, r.relation);
  key(w, "object");
  str(w, g.actor(r.object).name);
  key(w, "negated");
  w.Bool(r.negated);
}

// "actor": name, "type": TYPE of one actor, inside an object being written.
void actorFields(JsonWriter& w, const KnowledgeGraph& g, ActorId id) {
  key(w, "actor");
  str(w, g.actor(id).name);
  key(w, "type");
  w.String(std::string(graph::toString(g.actor(id).type)).c_str());
}

void relationFull(JsonWriter& w, const KnowledgeGraph& g, const graph::Relation& r) {
  w.StartObject();
  relationBrief(w, g, r);
  key(w, "weight");
  w.Uint64(r.weight);
  key(w, "confidence");
  w.Double(r.confidence);
  key(w, "modalities");
  w.StartObject();
  for (const auto& [m, count] : r.modalities) {
    w.Key(std::string(graph::toString(m)).c_str());
    w.Uint64(count);
  }
  w.EndObject();
  key(w, "documents");
  w.StartArray();
  for (const auto& d : r.documents) str(w, d);
  w.EndArray();
  key(w, "evidence");
  w.StartArray();
  for (const auto& e : r.evidence) {
    w.StartObject();
    key(w, "doc");
    str(w, e.doc);
    key(w, "sentence_offset");
    w.StartArray();
    w.Uint64(e.sentence_offset.begin);
    w.Uint64(e.sentence_offset.end);
    w.EndArray();
    key(w, "sentence");
    str(w, e.sentence);
    key(w, "subject_text");
    str(w, e.subject_text);
    key(w, "object_text");
    str(w, e.object_text);
    key(w, "modality");
    w.String(std::string(graph::toString(e.modality)).c_str());
    key(w, "attributed_to");
    if (e.attributed_to.empty()) w.Null();
    else str(w, e.attributed_to);
    key(w, "confidence");
    w.Double(e.confidence);
    key(w, "extractor");
    str(w, e.extractor);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

// Relations with their evidence, as text.
void printRelations(std::ostream& out, const KnowledgeGraph& g, const std::vector<RelationId>& ids) {
  std::vector<std::vector<std::string>> rows;
  for (RelationId id : ids) {
    const auto& r = g.relation(id);
    rows.push_back({g.actor(r.subject).name, label(r), g.actor(r.object).name,
                    std::to_string(r.weight), fixed(r.confidence, 3),
                    std::to_string(r.documents.size())});
  }
  printTable(out, {"SUBJECT", "RELATION", "OBJECT", "WEIGHT", "CONFIDENCE", "DOCS"}, rows,
             {false, false, false, true, true, true});
  for (RelationId id : ids) {
    const auto& r = g.relation(id);
    out << '\n' << triple(g, r) << ":\n";
    for (const auto& e : r.evidence) {
      out << "  " << e.doc << ' ' << span(e.sentence_offset) << ' ' << graph::toString(e.modality);
      if (!e.attributed_to.empty()) out << ", according to " << e.attributed_to;
      out << ", confidence " << fixed(e.confidence, 2) << "\n    " << e.sentence << '\n';
    }
  }
}

// ---- the questions ---------------------------------------------------------

void runNeighbors(const QueryCommand& cmd, const KnowledgeGraph& g, std::ostream& out) {
  auto direction = graph::parseDirection(cmd.direction);
  if (!direction) {
    throw UsageError("query neighbors: unknown --direction '" + cmd.direction + "' (known: out, in, both)");
  }
  if (cmd.depth == 0) throw UsageError("query neighbors: --depth must be at least 1");
  ActorId start = resolve(g, cmd.actor);
  auto found = g.neighbors(start, {.direction = *direction, .depth = cmd.depth, .relation = cmd.relation});
  if (cmd.json) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    key(w, "actor");
    str(w, g.actor(start).name);
    key(w, "neighbors");
    w.StartArray();
    for (const auto& n : found) {
      w.StartObject();
      actorFields(w, g, n.actor);
      key(w, "depth");
      w.Uint64(n.depth);
      key(w, "via");
      w.StartObject();
      relationBrief(w, g, g.relation(n.via));
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    emit(out, buf);
    return;
  }
  if (found.empty()) {
    out << "no neighbors of " << g.actor(start).name << '\n';
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& n : found) {
    rows.push_back({std::to_string(n.depth), g.actor(n.actor).name,
                    std::string(graph::toString(g.actor(n.actor).type)), triple(g, g.relation(n.via))});
  }
  printTable(out, {"DEPTH", "ACTOR", "TYPE", "VIA"}, rows, {true});
}

// {"relations": [...]} with every relation's evidence (edges, evidence --json).
void emitRelationsJson(std::ostream& out, const KnowledgeGraph& g,
                       const std::vector<RelationId>& ids) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  key(w, "relations");
  w.StartArray();
  for (RelationId id : ids) relationFull(w, g, g.relation(id));
  w.EndArray();
  w.EndObject();
  emit(out, buf);
}

void runEdges(const QueryCommand& cmd, const KnowledgeGraph& g, std::ostream& out) {
  ActorId a = resolve(g, cmd.a);
  ActorId b = resolve(g, cmd.b);
  auto ids = g.relationsBetween(a, b);
  if (cmd.json) {
    emitRelationsJson(out, g, ids);
    return;
  }
  if (ids.empty()) {
    out << "no relations between " << g.actor(a).name << " and " << g.actor(b).name << '\n';
    return;
  }
  printRelations(out, g, ids);
}

void runPath(const QueryCommand& cmd, const KnowledgeGraph& g, std::ostream& out) {
  ActorId a = resolve(g, cmd.a);
  ActorId b = resolve(g, cmd.b);
  auto path = g.shortestPath(a, b);
  if (cmd.json) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    if (!path) {
      w.Null();
    } else {
      w.StartObject();
      key(w, "actors");
      w.StartArray();
      for (ActorId id : path->actors) str(w, g.actor(id).name);
      w.EndArray();
      key(w, "relations");
      w.StartArray();
      for (RelationId id : path->relations) {
        w.StartObject();
        relationBrief(w, g, g.relation(id));
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    emit(out, buf);
    return;
  }
  if (!path) {
    out << "no path between " << g.actor(a).name << " and " << g.actor(b).name << '\n';
    return;
  }
  std::string text = g.actor(path->actors[0]).name;
  for (std::size_t i = 0; i < path->relations.size(); ++i) {
    const auto& r = g.relation(path->relations[i]);
    bool forward = r.subject == path->actors[i];
    text += forward ? " -[" + label(r) + "]-> " : " <-[" + label(r) + "]- ";
    text += g.actor(path->actors[i + 1]).name;
  }
  out << text << '\n'
      << path->relations.size() << (path->relations.size() == 1 ? " hop" : " hops") << '\n';
}

void runTop(const QueryCommand& cmd, const KnowledgeGraph& g, std::ostream& out) {
  auto by = graph::parseCentrality(cmd.by);
  if (!by) {
    throw UsageError("query top: unknown --by '" + cmd.by +
                     "' (known: degree, weighted-degree, pagerank, betweenness)");
  }
  auto ranked = g.top(*by, cmd.n);
  int digits = *by == graph::Centrality::PageRank ? 6 : *by == graph::Centrality::Betweenness ? 2 : 0;
  if (cmd.json) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    key(w, "by");
    w.String(std::string(graph::toString(*by)).c_str());
    key(w, "actors");
    w.StartArray();
    for (const auto& r : ranked) {
      w.StartObject();
      actorFields(w, g, r.actor);
      key(w, "score");
      w.Double(r.score);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    emit(out, buf);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const auto& a = g.actor(ranked[i].actor);
    rows.push_back({std::to_string(i + 1), a.name, std::string(graph::toString(a.type)),
                    fixed(ranked[i].score, digits)});
  }
  std::string column(graph::toString(*by));
  std::transform(column.begin(), column.end(), column.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  printTable(out, {"#", "ACTOR", "TYPE", column}, rows,
             {true, false, false, true});
}

void runRelationTypes(const QueryCommand& cmd, const KnowledgeGraph& g, std::ostream& out) {
  auto types = g.relationTypes();
  if (cmd.json) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    key(w, "relations");
    w.StartArray();
    for (const auto& [name, count] : types) {
      w.StartObject();
      key(w, "relation");
      str(w, name);
      key(w, "mentions");
      w.Uint64(count);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    emit(out, buf);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& [name, count] : types) rows.push_back({name, std::to_string(count)});
  printTable(out, {"RELATION", "MENTIONS"}, rows, {false, true});
}

void runEvidence(const QueryCommand& cmd, const KnowledgeGraph& g, std::ostream& out) {
  ActorId s = resolve(g, cmd.subject);
  ActorId o = resolve(g, cmd.object);
  auto ids = g.findRelations(s, cmd.verb, o);
  if (ids.empty()) {
    std::string message = "no relation '" + cmd.verb + "' from " + g.actor(s).name + " to " +
                          g.actor(o).name;
    auto between = g.relationsBetween(s, o);
    if (!between.empty()) {
      message += " (relations between them:";
      for (RelationId id : between) message += " " + triple(g, g.relation(id)) + ";";
      message.back() = ')';
    }
    throw Error(message);
  }
  if (cmd.json) {
    emitRelationsJson(out, g, ids);
    return;
  }
  printRelations(out, g, ids);
}

void runComponents(const QueryCommand& cmd, const KnowledgeGraph& g, std::ostream& out) {
  auto comps = g.components();
  if (cmd.json) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    key(w, "components");
    w.StartArray();
    for (const auto& c : comps) {
      w.StartArray();
      for (ActorId id : c) str(w, g.actor(id).name);
      w.EndArray();
    }
    w.EndArray();
    w.EndObject();
    emit(out, buf);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < comps.size(); ++i) {
    std::string members;
    for (ActorId id : comps[i]) members += (members.empty() ? "" : ", ") + g.actor(id).name;
    rows.push_back({std::to_string(i + 1), std::to_string(comps[i].size()), members});
  }
  printTable(out, {"#", "SIZE", "ACTORS"}, rows, {true, true});
}

// The export format for a file name's extension; UsageError when unknown.
std::string formatOf(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "gv") ext = "dot";
  auto known = exporters::Exporter::formats();
  if (std::find(known.begin(), known.end(), ext) == known.end()) {
    std::string names;
    for (const auto& k : known) names += (names.empty() ? "." : ", .") + k;
    throw UsageError("query ego: cannot tell the format of '" + path + "' (use " + names + ")");
  }
  return ext;
}

void runEgo(const QueryCommand& cmd, const KnowledgeGraph& g, std::ostream& out) {
  std::string format = formatOf(cmd.output);
  ActorId center = resolve(g, cmd.actor);
  KnowledgeGraph sub = g.ego(center, cmd.radius);
  exporters::writeGraph(sub, format, cmd.output);
  if (cmd.json) {
    rapidjson::StringBuffer buf;
    JsonWriter w(buf);
    w.StartObject();
    key(w, "output");
    str(w, cmd.output);
    key(w, "actors");
    w.Uint64(sub.actorCount());
    key(w, "relations");
    w.Uint64(sub.relationCount());
    w.EndObject();
    emit(out, buf);
    return;
  }
  out << "wrote " << cmd.output << ": " << sub.actorCount() << " actors, " << sub.relationCount()
      << " relations within " << cmd.radius << (cmd.radius == 1 ? " hop" : " hops") << " of "
      << g.actor(center).name << '\n';
}

}  // namespace

void setupQuery(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<QueryCommand>();
  CLI::App* q = app.add_subcommand(
      "query", "Query a graph: neighbors, edges, path, top, relations, evidence, components, ego");
  q->add_option("graph", cmd->graph, "Graph written by kg build (.json or .graphml)")->required();
  q->add_flag("--json", cmd->json, "Machine-readable JSON output");
  q->require_subcommand(1);

  // Each question loads the graph, then answers on ctx.out.
  auto answer = [cmd, &ctx](void (*run)(const QueryCommand&, const KnowledgeGraph&, std::ostream&)) {
    return [cmd, &ctx, run] {
      KnowledgeGraph g = exporters::readGraph(cmd->graph);
      run(*cmd, g, ctx.out);
    };
  };
  auto sub = [q](const char* name, const char* help) {
    CLI::App* s = q->add_subcommand(name, help);
    s->fallthrough();  // --json may also come after the question
    return s;
  };

  CLI::App* s = sub("neighbors", "Actors within N hops of ACTOR");
  s->add_option("actor", cmd->actor, "Actor (any alias, any case)")->required();
  s->add_option("--depth", cmd->depth, "Hops (default 1)");
  s->add_option("--direction", cmd->direction, "out, in or both (default both)");
  s->add_option("--relation", cmd->relation, "Follow only this relation");
  s->callback(answer(runNeighbors));

  s = sub("edges", "Every relation between two actors, with its evidence");
  s->add_option("a", cmd->a, "First actor")->required();
  s->add_option("b", cmd->b, "Second actor")->required();
  s->callback(answer(runEdges));

  s = sub("path", "Shortest path between two actors (direction ignored)");
  s->add_option("a", cmd->a, "From")->required();
  s->add_option("b", cmd->b, "To")->required();
  s->callback(answer(runPath));

  s = sub("top", "Most central actors");
  s->add_option("--by", cmd->by, "degree, weighted-degree, pagerank or betweenness (default degree)");
  s->add_option("-n", cmd->n, "How many (default 10)");
  s->callback(answer(runTop));

  s = sub("relations", "Relation names with their mention counts");
  s->callback(answer(runRelationTypes));

  s = sub("evidence", "The sentences supporting SUBJECT RELATION OBJECT");
  s->add_option("subject", cmd->subject, "Subject actor")->required();
  s->add_option("relation", cmd->verb, "Relation name (negotiates-with)")->required();
  s->add_option("object", cmd->object, "Object actor")->required();
  s->callback(answer(runEvidence));

  s = sub("components", "Weakly connected components, largest first");
  s->callback(answer(runComponents));

  s = sub("ego", "Write the subgraph around ACTOR (format from the file extension)");
  s->add_option("actor", cmd->actor, "Centre actor")->required();
  s->add_option("--radius", cmd->radius, "Hops (default 1)");
  s->add_option("-o,--output", cmd->output, "Output file: .json, .graphml, .dot, .svg, .png")
      ->required();
  s->callback(answer(runEgo));
}

}  // namespace kg::cli
