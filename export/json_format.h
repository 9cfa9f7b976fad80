// Internal to export/: kg's native JSON graph format (RapidJSON), lossless:
// readJson(writeJson(g)) == g. Holds every mention with its evidence.
#pragma once

#include <istream>
#include <ostream>
#include <string>

#include "graph/knowledge_graph.h"

namespace kg::exporters {

// Writes the graph as one JSON document (actors, relations, evidence).
void writeJson(const graph::KnowledgeGraph& graph, std::ostream& out);

// Reads a document written by writeJson; throws kg::InputError(name, ...) when malformed.
graph::KnowledgeGraph readJson(std::istream& in, const std::string& name);

}  // namespace kg::exporters
