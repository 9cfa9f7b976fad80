// Internal to export/: the pieces the exporter files share. Not a public API;
// other stages use export/exporter.h.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "export/exporter.h"
#include "graph/knowledge_graph.h"

namespace kg::exporters::detail {

// Above this many edges the automatic layout switches from `dot` to `sfdp`
// (`dot` with edge labels takes ~86 s at 500 edges; sfdp does 8,000 in ~10 s).
inline constexpr std::size_t kDotEdgeLimit = 200;

// The edges to draw: all of them, or the `max_edges` heaviest (weight, then
// confidence, then names) when max_edges > 0. Sorted by (subject name, object
// name, relation, negated) so output never depends on ids.
std::vector<graph::RelationId> keptRelations(const graph::KnowledgeGraph& graph,
                                             std::size_t max_edges);

// The layout engine: options.layout when set, else "dot" up to kDotEdgeLimit edges, "sfdp" above.
std::string chooseLayout(std::size_t edge_count, const ExportOptions& options);

// `text` made safe for XML 1.0: invalid UTF-8 (including encoded surrogates),
// control characters other than \t \n \r, and U+FFFE / U+FFFF are removed.
std::string xmlSafe(std::string_view text);

// The DOT text of `graph`, built through libcgraph (dot_exporter.cpp).
std::string toDot(const graph::KnowledgeGraph& graph, const ExportOptions& options);

// Factories of the implementations hidden in their .cpp files.
std::unique_ptr<Exporter> makeDotExporter();                     // dot_exporter.cpp
std::unique_ptr<Exporter> makeGraphmlExporter();                 // graphml_exporter.cpp
std::unique_ptr<Exporter> makeRenderExporter(std::string format);  // render.cpp: "svg", "png"

// Reads GraphML written by the GraphML exporter (the per-edge `evidence` attribute
// rebuilds every mention); throws kg::InputError(name[, line], problem).
graph::KnowledgeGraph readGraphml(const std::string& content, const std::string& name);

}  // namespace kg::exporters::detail
