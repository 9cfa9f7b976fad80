// kg render GRAPH -o FILE.svg|.png [--format svg|png] [--layout dot|neato|sfdp] [--max-edges N]
#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "export/exporter.h"
#include "graph/error.h"

namespace kg::cli {

namespace {

struct RenderCommand {
  std::string graph;          // input graph (.json or .graphml)
  std::string output;         // FILE.svg or FILE.png; "-" = standard output (SVG only)
  std::string format;         // svg or png; empty = from the output's extension
  std::string layout;         // dot, neato, sfdp; empty = dot up to ~200 edges, sfdp above
  std::size_t max_edges = 0;  // keep only the heaviest N edges (0 = all)
  bool no_legend = false;     // leave the legend out
};

// Above this, `dot` with labelled edges takes minutes (86 s at 500 edges).
constexpr std::size_t kSlowDotEdges = 300;

void runRender(const RenderCommand& cmd, Context& ctx) {
  std::string format = cmd.format;
  if (format.empty()) {
    std::string ext = std::filesystem::path(cmd.output).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".svg") format = "svg";
    else if (ext == ".png") format = "png";
    else
      throw UsageError("render: cannot tell svg or png from '" + cmd.output +
                       "'; name the output FILE.svg or FILE.png, or give --format");
  }
  if (cmd.output == "-" && format == "png") {
    throw UsageError("render: png is binary; write it to a file with -o FILE.png");
  }
  exporters::ExportOptions options;
  options.max_edges = cmd.max_edges;
  options.layout = cmd.layout;
  options.legend = !cmd.no_legend;
  graph::KnowledgeGraph g = exporters::readGraph(cmd.graph);
  std::size_t edges = g.relationCount();
  if (cmd.max_edges > 0) edges = std::min(edges, cmd.max_edges);
  if (cmd.layout == "dot" && edges > kSlowDotEdges) {
    ctx.err << "kg: warning: dot with " << edges
            << " labelled edges may take minutes; try --layout sfdp or --max-edges 200\n";
  }
  if (cmd.output == "-") {
    exporters::Exporter::create(format)->write(g, ctx.out, options);
    ctx.out.flush();
    return;
  }
  exporters::writeGraph(g, format, cmd.output, options);
  ctx.err << "wrote " << cmd.output << " (" << g.actorCount() << " actors, " << edges
          << " relations)\n";
}

}  // namespace

void setupRender(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<RenderCommand>();
  CLI::App* sub = app.add_subcommand(
      "render", "Render a graph to SVG or PNG in-process (no external dot needed)");
  sub->add_option("graph", cmd->graph, "Graph written by kg (.json or .graphml)")->required();
  sub->add_option("-o,--output", cmd->output, "FILE.svg or FILE.png; - for SVG on standard output")
      ->required();
  sub->add_option("--format", cmd->format, "svg or png (default: from the output's extension)")
      ->check(CLI::IsMember({"svg", "png"}));
  sub->add_option("--layout", cmd->layout,
                  "dot, neato or sfdp (default: dot up to 200 edges, sfdp above)")
      ->check(CLI::IsMember({"dot", "neato", "sfdp"}));
  sub->add_option("--max-edges", cmd->max_edges, "Keep only the N heaviest edges (0 = all)")
      ->check(CLI::NonNegativeNumber);
  sub->add_flag("--no-legend", cmd->no_legend, "Leave out the legend");
  sub->callback([cmd, &ctx] { runRender(*cmd, ctx); });
}

}  // namespace kg::cli
