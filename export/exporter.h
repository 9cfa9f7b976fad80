// Writing and reading graphs in other formats. Exporters are created by name:
//
//   auto dot = kg::exporters::Exporter::create("dot");   // dot, graphml, json, svg, png
//   kg::AtomicFile out("out/graph.dot");
//   dot->write(graph, out.stream());
//   out.commit();
//
//   kg::graph::KnowledgeGraph g = kg::exporters::readGraph("out/graph.json");
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "graph/knowledge_graph.h"

namespace kg::exporters {

// Options shared by the exporters that draw (DOT, SVG, PNG).
struct ExportOptions {
  std::size_t max_edges = 0;   // keep only the heaviest N edges (0 = all)
  std::string layout;          // "dot", "neato", "sfdp"; empty = dot up to ~200 edges, sfdp above
  bool legend = true;          // draw a legend of actor types and edge styles
};

class Exporter {
 public:
  virtual ~Exporter() = default;
  // Writes `graph` to `out` (text formats as UTF-8; SVG/PNG as the rendered bytes).
  virtual void write(const graph::KnowledgeGraph& graph, std::ostream& out,
                     const ExportOptions& options = {}) const = 0;
  // The format's usual file extension, without the dot ("graphml").
  virtual std::string_view extension() const = 0;

  // The exporter for a format name; throws kg::UsageError naming the known formats.
  static std::unique_ptr<Exporter> create(std::string_view format);
  // Every name create() accepts.
  static std::vector<std::string> formats();
};

// Writes `graph` in `format` to `path` atomically (temporary file renamed into place).
void writeGraph(const graph::KnowledgeGraph& graph, std::string_view format,
                const std::filesystem::path& path, const ExportOptions& options = {});

// Reads a graph saved by kg as JSON (.json) or GraphML (.graphml), chosen by
// extension, else by content. Throws kg::InputError naming the file on any problem.
// GraphML is rebuilt from each edge's `evidence` attribute (a JSON array of the
// edge's mentions in the TRIPLES.md record format), so only GraphML kg wrote is read.
graph::KnowledgeGraph readGraph(const std::filesystem::path& path);

}  // namespace kg::exporters
