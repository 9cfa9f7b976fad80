// kg export GRAPH -f FORMAT -o FILE [--max-edges N] [--layout L] [--no-legend]
#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "export/exporter.h"
#include "graph/error.h"

namespace kg::cli {

namespace {

struct ExportCommand {
  std::string graph;          // input graph (.json or .graphml)
  std::string format;         // dot, graphml, json, svg, png; empty = from the output's extension
  std::string output;         // output file, "-" = standard output (text formats)
  std::size_t max_edges = 0;  // keep only the heaviest N edges (0 = all)
  std::string layout;         // layout hint written into DOT / used for SVG and PNG
  bool no_legend = false;     // leave the legend out of DOT/SVG/PNG
};

// The format named by a file extension ("out/g.graphml" -> "graphml"); empty when unknown.
std::string formatFromExtension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "gv") return "dot";
  for (const auto& f : exporters::Exporter::formats())
    if (f == ext) return ext;
  return {};
}

void runExport(const ExportCommand& cmd, Context& ctx) {
  std::string format = cmd.format;
  if (format.empty()) {
    if (cmd.output == "-") throw UsageError("export: give -f FORMAT when writing to standard output");
    format = formatFromExtension(cmd.output);
    if (format.empty()) {
      throw UsageError("export: cannot tell the format from '" + cmd.output +
                       "'; give -f dot|graphml|json|svg|png");
    }
  }
  auto exporter = exporters::Exporter::create(format);  // UsageError for an unknown format
  if (cmd.output == "-" && exporter->extension() == "png") {
    throw UsageError("export: png is binary; write it to a file with -o FILE.png");
  }
  exporters::ExportOptions options;
  options.max_edges = cmd.max_edges;
  options.layout = cmd.layout;
  options.legend = !cmd.no_legend;
  graph::KnowledgeGraph g = exporters::readGraph(cmd.graph);
  if (cmd.output == "-") {
    exporter->write(g, ctx.out, options);
    ctx.out.flush();
    return;
  }
  exporters::writeGraph(g, format, cmd.output, options);
  std::size_t edges = g.relationCount();
  if (cmd.max_edges > 0) edges = std::min(edges, cmd.max_edges);
  ctx.err << "wrote " << cmd.output << " (" << format << ", " << g.actorCount() << " actors, "
          << edges << " relations)\n";
}

}  // namespace

void setupExport(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<ExportCommand>();
  CLI::App* sub =
      app.add_subcommand("export", "Convert a graph to DOT, GraphML, JSON, SVG or PNG");
  sub->add_option("graph", cmd->graph, "Graph written by kg (.json or .graphml)")->required();
  sub->add_option("-f,--format", cmd->format,
                  "dot, graphml, json, svg or png (default: from the output's extension)");
  sub->add_option("-o,--output", cmd->output, "Output file; - for standard output")->required();
  sub->add_option("--max-edges", cmd->max_edges, "Keep only the N heaviest edges (0 = all)")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--layout", cmd->layout,
                  "Layout engine (a hint in DOT; used for SVG/PNG): dot, neato or sfdp")
      ->check(CLI::IsMember({"dot", "neato", "sfdp"}));
  sub->add_flag("--no-legend", cmd->no_legend, "Leave out the legend (DOT, SVG, PNG)");
  sub->callback([cmd, &ctx] { runExport(*cmd, ctx); });
}

}  // namespace kg::cli
