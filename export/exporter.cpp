#include "export/exporter.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

#include "export/exporters_internal.h"
#include "export/json_format.h"
#include "graph/atomic_file.h"
#include "graph/error.h"

namespace kg::exporters {

namespace {

// kg's native lossless format (the writer itself is in json_format.cpp).
class JsonExporter : public Exporter {
 public:
  void write(const graph::KnowledgeGraph& graph, std::ostream& out,
             const ExportOptions&) const override {
    writeJson(graph, out);
  }
  std::string_view extension() const override { return "json"; }
};

std::string lower(std::string_view s) {
  std::string r(s);
  std::transform(r.begin(), r.end(), r.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return r;
}

}  // namespace

std::unique_ptr<Exporter> Exporter::create(std::string_view format) {
  std::string name = lower(format);
  if (name == "dot") return detail::makeDotExporter();
  if (name == "graphml") return detail::makeGraphmlExporter();
  if (name == "json") return std::make_unique<JsonExporter>();
  if (name == "svg" || name == "png") return detail::makeRenderExporter(name);
  std::string known;
  for (const auto& f : formats()) known += (known.empty() ? "" : ", ") + f;
  throw UsageError("unknown export format '" + std::string(format) + "' (known: " + known + ")");
}

std::vector<std::string> Exporter::formats() { return {"dot", "graphml", "json", "svg", "png"}; }

void writeGraph(const graph::KnowledgeGraph& graph, std::string_view format,
                const std::filesystem::path& path, const ExportOptions& options) {
  auto exporter = Exporter::create(format);
  // Streams straight into the temporary file; on any exception AtomicFile removes it
  // and the previous target is untouched.
  AtomicFile out(path);
  exporter->write(graph, out.stream(), options);
  out.commit();
}

graph::KnowledgeGraph readGraph(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(name, "is a directory, not a graph");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(name, "cannot be opened for reading");
  std::string ext = lower(path.extension().string());
  if (ext == ".json") return readJson(in, name);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string content = std::move(ss).str();
  if (in.bad()) throw InputError(name, "read error");
  if (ext == ".graphml") return detail::readGraphml(content, name);
  auto first = content.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) throw InputError(name, "is empty, not a graph");
  // A UTF-8 byte order mark or '<' means XML; '{' means JSON.
  if (content.compare(first, 3, "\xEF\xBB\xBF") == 0) first += 3;
  if (first < content.size() && content[first] == '{') {
    std::istringstream json(content);
    return readJson(json, name);
  }
  if (first < content.size() && content[first] == '<') return detail::readGraphml(content, name);
  throw InputError(name, "is neither a kg JSON graph nor GraphML");
}

namespace detail {

std::vector<graph::RelationId> keptRelations(const graph::KnowledgeGraph& graph,
                                             std::size_t max_edges) {
  // The sort keys of every edge, read once (relationSummary builds an edge on each call).
  struct Key {
    const std::string* subject;  // actor names (kept by the graph)
    const std::string* object;
    std::string relation;
    bool negated;
    std::size_t weight;
    double confidence;
  };
  std::vector<Key> keys;
  keys.reserve(graph.relationCount());
  std::vector<graph::RelationId> ids(graph.relationCount());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ids[i] = i;
    graph::Relation r = graph.relationSummary(i);
    keys.push_back({&graph.actor(r.subject).name, &graph.actor(r.object).name, std::move(r.relation),
                    r.negated, r.weight, r.confidence});
  }
  auto byName = [&keys](graph::RelationId a, graph::RelationId b) {
    const Key& x = keys[a];
    const Key& y = keys[b];
    return std::tie(*x.subject, *x.object, x.relation, x.negated) <
           std::tie(*y.subject, *y.object, y.relation, y.negated);
  };
  if (max_edges > 0 && max_edges < ids.size()) {
    std::sort(ids.begin(), ids.end(), [&](graph::RelationId a, graph::RelationId b) {
      if (keys[a].weight != keys[b].weight) return keys[a].weight > keys[b].weight;
      if (keys[a].confidence != keys[b].confidence) return keys[a].confidence > keys[b].confidence;
      return byName(a, b);
    });
    ids.resize(max_edges);
  }
  std::sort(ids.begin(), ids.end(), byName);
  return ids;
}

std::string chooseLayout(std::size_t edge_count, const ExportOptions& options) {
  if (!options.layout.empty()) return options.layout;
  return edge_count <= kDotEdgeLimit ? "dot" : "sfdp";
}

std::string xmlSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += static_cast<char>(c);
      ++i;
      continue;
    }
    std::size_t len = 0;
    char32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      ++i;  // stray continuation byte or invalid lead byte
      continue;
    }
    bool ok = i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) ok = false;
      else cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates, beyond U+10FFFF, and the non-characters XML forbids.
    if (ok && ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
               (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF)) {
      i += len;
      continue;
    }
    if (!ok) {
      ++i;
      continue;
    }
    out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

}  // namespace detail

}  // namespace kg::exporters
