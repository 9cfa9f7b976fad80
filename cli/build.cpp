// kg build [INPUTS...] -o DIR [--from-triples FILE.jsonl ...] [--formats json,graphml,dot,svg]
//
// Reads triples (JSONL, TRIPLES.md), merges them into one graph, writes
// DIR/graph.json and the other formats asked for, and prints a summary.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "export/exporter.h"
#include "extract/pipeline.h"
#include "graph/error.h"
#include "graph/knowledge_graph.h"
#include "graph/triple.h"

namespace kg::cli {

namespace {

struct BuildCommand {
  std::vector<std::string> inputs;         // raw articles, run through extract/pipeline.h
  unsigned threads = 1;                    // documents extracted in parallel
  std::vector<std::string> triple_files;   // JSONL triple files, "-" = standard input
  std::string output_dir;                  // where graph.json and the other formats go
  std::string formats = "json,graphml,dot,svg";  // comma-separated export formats
};

// Counts of what the merge did, for the summary.
struct MergeStats {
  std::size_t read = 0;        // triples read
  std::size_t duplicates = 0;  // of which already in the graph
};

// "json, DOT,svg" -> {"json", "dot", "svg"}, json first and always present; UsageError
// for a name the exporters do not know.
std::vector<std::string> parseFormats(const std::string& list) {
  std::vector<std::string> known = exporters::Exporter::formats();
  std::vector<std::string> formats = {"json"};
  std::stringstream ss(list);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    std::transform(item.begin(), item.end(), item.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (item.empty()) continue;
    if (std::find(known.begin(), known.end(), item) == known.end()) {
      std::string names;
      for (const auto& k : known) names += (names.empty() ? "" : ", ") + k;
      throw UsageError("build: unknown format '" + item + "' (known: " + names + ")");
    }
    if (std::find(formats.begin(), formats.end(), item) == formats.end()) formats.push_back(item);
  }
  return formats;
}

void readInto(graph::KnowledgeGraph& g, const std::string& path, MergeStats& stats) {
  auto sink = [&](graph::Triple&& t) {
    ++stats.read;
    if (!g.add(t)) ++stats.duplicates;
  };
  if (path == "-") {
    graph::readTriples(std::cin, "<stdin>", sink);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot be opened for reading");
  graph::readTriples(in, path, sink);
}

void makeOutputDir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec)) {
    throw OutputError(dir.string(), "exists and is not a directory");
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) throw OutputError(dir.string(), "cannot create directory: " + ec.message());
}

void printSummary(const graph::KnowledgeGraph& g, const MergeStats& stats,
                  const std::vector<std::filesystem::path>& written, std::ostream& out) {
  std::size_t mentions = 0;
  for (graph::RelationId r = 0; r < g.relationCount(); ++r) mentions += g.relationSummary(r).weight;
  out << "graph: " << g.actorCount() << " actors, " << g.relationCount() << " relations, "
      << mentions << " mentions";
  if (stats.duplicates > 0) out << " (" << stats.duplicates << " duplicate mentions merged)";
  out << '\n';
  for (const auto& p : written) out << "wrote " << p.string() << '\n';
  auto top = g.top(graph::Centrality::WeightedDegree, 5);
  if (top.empty()) return;
  out << "top actors by weighted degree:\n";
  std::size_t width = 0;
  for (const auto& r : top) width = std::max(width, g.actor(r.actor).name.size());
  for (std::size_t i = 0; i < top.size(); ++i) {
    const graph::Actor& a = g.actor(top[i].actor);
    out << "  " << (i + 1) << ". " << std::left << std::setw(static_cast<int>(width)) << a.name
        << "  " << std::right << std::setw(5) << static_cast<long long>(top[i].score) << "  "
        << graph::toString(a.type) << '\n';
  }
}

// read -> (extract) -> merge -> export.
void runBuild(const BuildCommand& cmd, Context& ctx) {
  if (cmd.triple_files.empty() && cmd.inputs.empty()) {
    throw UsageError("build: nothing to build; give INPUTS or --from-triples FILE.jsonl");
  }
  const std::vector<std::string> formats = parseFormats(cmd.formats);
  const std::filesystem::path dir = cmd.output_dir;

  graph::KnowledgeGraph g;
  MergeStats stats;
  for (const auto& path : cmd.triple_files) readInto(g, path, stats);
  if (!cmd.inputs.empty()) {  // articles: read -> pipeline -> triples -> graph
    if (cmd.threads == 0) throw UsageError("build: --threads must be at least 1");
    extract::PipelineOptions options;
    options.threads = cmd.threads;
    extract::Pipeline pipeline(options);
    pipeline.run(
        cmd.inputs,
        [&](const extract::Document&, std::vector<graph::Triple>&& triples) {
          for (const auto& t : triples) {
            ++stats.read;
            if (!g.add(t)) ++stats.duplicates;
          }
        },
        ctx.err);
  }

  makeOutputDir(dir);
  std::vector<std::filesystem::path> written;
  for (const auto& format : formats) {
    auto exporter = exporters::Exporter::create(format);
    std::filesystem::path path = dir / ("graph." + std::string(exporter->extension()));
    exporters::writeGraph(g, format, path);
    written.push_back(path);
  }
  printSummary(g, stats, written, ctx.out);
}

}  // namespace

void setupBuild(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<BuildCommand>();
  CLI::App* sub = app.add_subcommand("build", "Build a knowledge graph from articles or triples");
  sub->add_option("inputs", cmd->inputs,
                  "Articles: files, folders, - for standard input, .gz, JSONL corpora");
  sub->add_option("--threads", cmd->threads,
                  "Articles extracted in parallel (the graph is the same for any N)")
      ->capture_default_str();
  sub->add_option("--from-triples", cmd->triple_files,
                  "Triples in JSONL (TRIPLES.md); several allowed, - for standard input");
  sub->add_option("-o,--output", cmd->output_dir, "Output directory (created if missing)")
      ->required();
  sub->add_option("--formats", cmd->formats,
                  "Comma-separated formats besides json: graphml, dot, svg, png")
      ->capture_default_str();
  sub->footer(
      "Writes DIR/graph.json (kg's lossless format) and DIR/graph.<format> for each format.\n"
      "Example: kg build --from-triples samples/*.triples.jsonl -o out --formats json,dot");
  sub->callback([cmd, &ctx] { runBuild(*cmd, ctx); });
}

}  // namespace kg::cli
