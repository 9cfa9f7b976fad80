// Tests of `kg export` and `kg render`: results and error paths, run in-process.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "export/exporter.h"
#include "graph/knowledge_graph.h"
#include "test_support.h"

namespace {

using kg::test::readFile;
using kg::test::runKg;
using kg::test::TempDir;

// Writes a three-actor graph (as GraphML, readable by kg) into `dir` and returns its path.
std::string writeSmallGraph(const TempDir& dir) {
  kg::graph::KnowledgeGraph g;
  const char* edges[][3] = {{"Russia", "negotiates-with", "Taliban"},
                            {"Taliban", "shelters", "Al Qaeda"},
                            {"Russia", "calls-on", "Taliban"}};
  std::size_t offset = 0;
  for (const auto& e : edges) {
    kg::graph::Triple t;
    t.doc = "d.txt";
    t.sentence_offset = {offset, offset + 40};
    t.sentence = std::string(e[0]) + " " + e[1] + " " + e[2] + ".";
    t.subject = t.subject_text = e[0];
    t.subject_type = kg::graph::ActorType::Country;
    t.subject_span = {offset, offset + 6};
    t.relation = e[1];
    t.lemma = "x";
    t.object = t.object_text = e[2];
    t.object_type = kg::graph::ActorType::Group;
    t.object_span = {offset + 20, offset + 27};
    t.extractor = "test";
    g.add(t);
    offset += 100;
  }
  auto path = dir / "g.graphml";
  kg::exporters::writeGraph(g, "graphml", path);
  return path.string();
}

}  // namespace

TEST_SUITE("cli-export") {
  TEST_CASE("kg export writes the format named by -f or by the output's extension") {
    TempDir dir;
    std::string graph = writeSmallGraph(dir);
    auto r = runKg({"export", graph, "-f", "dot", "-o", (dir / "a.out").string()});
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(readFile(dir / "a.out").rfind("digraph", 0) == 0);
    r = runKg({"export", graph, "-o", (dir / "b.json").string()});
    REQUIRE(r.code == 0);
    CHECK(kg::exporters::readGraph(dir / "b.json") == kg::exporters::readGraph(graph));
    r = runKg({"export", graph, "-f", "graphml", "-o", "-", "--max-edges", "1"});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("<graphml") != std::string::npos);
    CHECK(r.out.find("<edge id=\"e0\"") != std::string::npos);
    CHECK(r.out.find("<edge id=\"e1\"") == std::string::npos);
  }

  TEST_CASE("kg export with an unknown format is a usage error listing the formats") {
    TempDir dir;
    std::string graph = writeSmallGraph(dir);
    auto r = runKg({"export", graph, "-f", "gexf", "-o", (dir / "x.gexf").string()});
    CHECK(r.code == 2);
    CHECK(r.err.find("known: dot, graphml, json, svg, png") != std::string::npos);
    r = runKg({"export", graph, "-o", (dir / "x.txt").string()});
    CHECK(r.code == 2);
    CHECK(r.err.find("cannot tell the format") != std::string::npos);
    r = runKg({"export", graph, "-o", "-"});
    CHECK(r.code == 2);
    r = runKg({"export", graph, "-f", "png", "-o", "-"});
    CHECK(r.code == 2);
    CHECK(r.err.find("binary") != std::string::npos);
    r = runKg({"export", graph, "-f", "dot"});
    CHECK(r.code == 2);  // -o is required
    r = runKg({"export", graph, "-f", "dot", "-o", "-", "--max-edges", "-3"});
    CHECK(r.code == 2);
    CHECK(!std::filesystem::exists(dir / "x.gexf"));
  }

  TEST_CASE("kg export names a missing graph and a missing output directory") {
    TempDir dir;
    std::string graph = writeSmallGraph(dir);
    auto missing = (dir / "nope.json").string();
    auto r = runKg({"export", missing, "-f", "dot", "-o", "-"});
    CHECK(r.code == 1);
    CHECK(r.err.find("kg: " + missing + ": cannot be opened") != std::string::npos);
    auto target = (dir / "no" / "dir" / "g.dot").string();
    r = runKg({"export", graph, "-o", target});
    CHECK(r.code == 1);
    CHECK(r.err.find(target) != std::string::npos);
    kg::test::writeFile(dir / "junk.json", "{not json");
    r = runKg({"export", (dir / "junk.json").string(), "-f", "dot", "-o", "-"});
    CHECK(r.code == 1);
    CHECK(r.err.find("junk.json") != std::string::npos);
  }

  TEST_CASE("kg render writes SVG or PNG chosen by extension or --format") {
    TempDir dir;
    std::string graph = writeSmallGraph(dir);
    auto r = runKg({"render", graph, "-o", (dir / "g.svg").string()});
    INFO(r.err);
    REQUIRE(r.code == 0);
    std::string svg = readFile(dir / "g.svg");
    CHECK(svg.find("<svg") != std::string::npos);
    CHECK(svg.find(">Al Qaeda</text>") != std::string::npos);
    r = runKg({"render", graph, "-o", (dir / "g.img").string(), "--format", "png", "--layout",
               "neato"});
    REQUIRE(r.code == 0);
    CHECK(readFile(dir / "g.img").compare(0, 4, "\x89PNG") == 0);
    r = runKg({"render", graph, "-o", "-", "--format", "svg", "--layout", "sfdp", "--no-legend"});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("</svg>") != std::string::npos);
    CHECK(r.out.find(">Legend</text>") == std::string::npos);
  }

  TEST_CASE("kg render rejects unknown outputs, layouts and formats as usage errors") {
    TempDir dir;
    std::string graph = writeSmallGraph(dir);
    auto r = runKg({"render", graph, "-o", (dir / "g.txt").string()});
    CHECK(r.code == 2);
    CHECK(r.err.find("FILE.svg or FILE.png") != std::string::npos);
    r = runKg({"render", graph, "-o", (dir / "g.svg").string(), "--layout", "circus"});
    CHECK(r.code == 2);
    r = runKg({"render", graph, "-o", (dir / "g.svg").string(), "--format", "pdf"});
    CHECK(r.code == 2);
    r = runKg({"render", graph, "-o", "-"});
    CHECK(r.code == 2);
    r = runKg({"render", graph});
    CHECK(r.code == 2);
    r = runKg({"render", (dir / "none.graphml").string(), "-o", (dir / "g.svg").string()});
    CHECK(r.code == 1);
    CHECK(r.err.find("none.graphml") != std::string::npos);
    CHECK(!std::filesystem::exists(dir / "g.svg"));
  }

  TEST_CASE("kg export and kg render explain themselves with --help") {
    for (const char* cmd : {"export", "render"}) {
      auto r = runKg({cmd, "--help"});
      CAPTURE(cmd);
      CHECK(r.code == 0);
      CHECK(r.out.find("--max-edges") != std::string::npos);
      CHECK(r.out.find("--layout") != std::string::npos);
    }
  }
}
