// Tests of export/: the factory, DOT, SVG, PNG, GraphML (xmllint, the GraphML schema,
// networkx, kg's own reader), JSON round trip and atomic output.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "export/exporter.h"
#include "graph/error.h"
#include "graph/knowledge_graph.h"
#include "test_support.h"

namespace {

using kg::exporters::ExportOptions;
using kg::exporters::Exporter;
using kg::graph::ActorType;
using kg::graph::KnowledgeGraph;
using kg::graph::Triple;
using kg::test::readFile;
using kg::test::runShell;
using kg::test::TempDir;

// Names and sentences full of what breaks writers: quotes, <, &, a trailing
// backslash, "\N", control characters, non-ASCII, an emoji, U+FFFE.
const std::string kQuoted = "Say \"hi\" <b>&co";                // ORGANIZATION
const std::string kBackslash = "Back\\slash\\";                 // PERSON, trailing backslash
const std::string kUnicode = "Z\xC3\xBCrich \xF0\x9F\x98\x80";  // "Zürich 😀", LOCATION
const std::string kControl = "Ctl\x01name\\N";                  // GROUP: a control char and \N

Triple mention(const std::string& doc, std::size_t offset, const std::string& subject,
               ActorType stype, const std::string& relation, const std::string& object,
               ActorType otype, bool negated = false, double confidence = 0.9) {
  Triple t;
  t.doc = doc;
  t.sentence_offset = {offset, offset + 50};
  t.sentence = subject + " " + relation + " " + object + " \x02 tab\there \xEF\xBF\xBE end.";
  t.subject = subject;
  t.subject_text = subject;
  t.subject_type = stype;
  t.subject_span = {offset, offset + 5};
  t.relation = relation;
  t.lemma = relation.substr(0, relation.find('-'));
  t.object = object;
  t.object_text = object;
  t.object_type = otype;
  t.object_span = {offset + 20, offset + 25};
  t.negated = negated;
  t.confidence = confidence;
  t.extractor = "test:rule";
  return t;
}

// A small graph with parallel edges (three edges Quoted -> Backslash), a negated
// edge, a weight-3 edge, and an attributed mention.
std::vector<Triple> nastyMentions() {
  std::vector<Triple> m;
  m.push_back(mention("a.txt", 0, kQuoted, ActorType::Organization, "negotiates-with", kBackslash,
                      ActorType::Person, false, 0.123456789012345));
  m.push_back(mention("a.txt", 100, kQuoted, ActorType::Organization, "negotiates-with",
                      kBackslash, ActorType::Person, true, 0.7));
  m.push_back(mention("b.txt", 0, kQuoted, ActorType::Organization, "meets", kBackslash,
                      ActorType::Person));
  for (std::size_t i = 0; i < 3; ++i) {
    m.push_back(mention("doc" + std::to_string(i) + ".txt", 10 * i, kUnicode, ActorType::Location,
                        "borders", "Austria", ActorType::Country, false, 0.5));
  }
  m.push_back(mention("c.txt", 0, kControl, ActorType::Group, "attacks", kUnicode,
                      ActorType::Location));
  m.back().modality = kg::graph::Modality::Reported;
  m.back().attributed_to = kQuoted;
  m.push_back(mention("c.txt", 60, "Austria", ActorType::Country, "interferes-in", kControl,
                      ActorType::Group, true, 0.8));
  m.back().modality = kg::graph::Modality::Future;
  return m;
}

KnowledgeGraph buildGraph(const std::vector<Triple>& mentions) {
  KnowledgeGraph g;
  for (const auto& t : mentions) g.add(t);
  return g;
}

KnowledgeGraph nastyGraph() { return buildGraph(nastyMentions()); }

std::string exportText(const KnowledgeGraph& g, const std::string& format,
                       const ExportOptions& options = {}) {
  std::ostringstream out;
  Exporter::create(format)->write(g, out, options);
  return out.str();
}

// A chain of `n` edges between distinct actors; edge i has weight (i % 5) + 1.
KnowledgeGraph chainGraph(std::size_t n) {
  KnowledgeGraph g;
  std::size_t offset = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t w = 0; w <= i % 5; ++w) {
      g.add(mention("chain.txt", offset, "Actor " + std::to_string(i), ActorType::Person,
                    "calls-on", "Actor " + std::to_string(i + 1), ActorType::Person));
      offset += 100;
    }
  }
  return g;
}

// The confidence of the edge with this relation and negation (the first one found).
double confidenceOf(const KnowledgeGraph& g, const std::string& relation, bool negated) {
  for (kg::graph::RelationId i = 0; i < g.relationCount(); ++i) {
    if (g.relation(i).relation == relation && g.relation(i).negated == negated)
      return g.relation(i).confidence;
  }
  return -1;
}

bool startsWith(const std::string& s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1))
    ++n;
  return n;
}

}  // namespace

TEST_SUITE("export") {
  TEST_CASE("the factory accepts every listed format and rejects others naming them") {
    auto formats = Exporter::formats();
    CHECK(formats.size() == 5);
    for (const auto& f : formats) {
      CAPTURE(f);
      auto e = Exporter::create(f);
      REQUIRE(e != nullptr);
      CHECK(e->extension() == f);
    }
    CHECK(Exporter::create("GraphML")->extension() == "graphml");
    try {
      Exporter::create("gexf");
      FAIL("expected a UsageError");
    } catch (const kg::UsageError& e) {
      std::string msg = e.what();
      CHECK(msg.find("gexf") != std::string::npos);
      for (const auto& f : formats) CHECK(msg.find(f) != std::string::npos);
      CHECK(e.exitCode() == kg::kExitUsage);
    }
  }

  TEST_CASE("DOT from libcgraph parses with dot and draws negated edges dashed as not ...") {
    KnowledgeGraph g = nastyGraph();
    std::string dot = exportText(g, "dot");
    CHECK(startsWith(dot, "digraph"));
    // Two negated edges, each dashed with a "not" label.
    CHECK(count(dot, "label=\"not negotiates-with\"") == 1);
    CHECK(count(dot, "label=\"not interferes-in\"") == 1);
    CHECK(count(dot, "style=dashed") == 2);
    // Three parallel edges between the same two actors, plus the others.
    CHECK(count(dot, "->") == 6);
    CHECK(dot.find("cluster_legend") != std::string::npos);
    // Backslashes doubled: the trailing one cannot escape the closing quote.
    CHECK(dot.find("label=\"Back\\\\slash\\\\\"") != std::string::npos);
    CHECK(dot.find('\x01') == std::string::npos);

    TempDir dir;
    kg::test::writeFile(dir / "g.dot", dot);
    auto r = runShell("dot -Tsvg '" + (dir / "g.dot").string() + "' -o '" +
                      (dir / "g.svg").string() + "'");
    INFO(r.out);
    REQUIRE(r.code == 0);
    std::string svg = readFile(dir / "g.svg");
    // The labels come out as written, escaped for XML by graphviz.
    CHECK(svg.find(">Back\\slash\\</text>") != std::string::npos);
    CHECK(svg.find(">Say &quot;hi&quot; &lt;b&gt;&amp;co</text>") != std::string::npos);
    CHECK(svg.find(">Ctlname\\N</text>") != std::string::npos);
    CHECK(svg.find(">not negotiates&#45;with</text>") != std::string::npos);
    CHECK(svg.find("Z\xC3\xBCrich") != std::string::npos);
    for (const char* engine : {"neato", "sfdp"}) {
      auto e = runShell(std::string(engine) + " -Tsvg '" + (dir / "g.dot").string() +
                        "' -o /dev/null");
      CAPTURE(engine);
      CHECK(e.code == 0);
    }
  }

  TEST_CASE("DOT output does not depend on the order mentions were added") {
    auto mentions = nastyMentions();
    std::string first = exportText(buildGraph(mentions), "dot");
    std::mt19937 rng(7);
    for (int round = 0; round < 3; ++round) {
      std::shuffle(mentions.begin(), mentions.end(), rng);
      CHECK(exportText(buildGraph(mentions), "dot") == first);
    }
  }

  TEST_CASE("penwidth grows with weight and max_edges keeps the heaviest edges") {
    KnowledgeGraph g = nastyGraph();
    std::string dot = exportText(g, "dot");
    // borders has weight 3: penwidth 1 + log2(3) = 2.58.
    CHECK(dot.find("penwidth=2.58") != std::string::npos);
    ExportOptions top1;
    top1.max_edges = 1;
    std::string trimmed = exportText(g, "dot", top1);
    CHECK(count(trimmed, "->") == 1);
    CHECK(trimmed.find("label=borders") != std::string::npos);
    CHECK(trimmed.find("Back") == std::string::npos);  // actors of dropped edges are gone
  }

  TEST_CASE("large graphs get the sfdp hint with prism overlap removal and straight edges") {
    KnowledgeGraph small = chainGraph(10);
    std::string dot = exportText(small, "dot");
    CHECK(dot.find("layout=") == std::string::npos);
    CHECK(dot.find("rankdir=LR") != std::string::npos);
    KnowledgeGraph big = chainGraph(260);
    std::string large = exportText(big, "dot");
    CHECK(large.find("layout=sfdp") != std::string::npos);
    CHECK(large.find("overlap=prism") != std::string::npos);
    CHECK(large.find("splines=false") != std::string::npos);
    ExportOptions forced;
    forced.layout = "neato";
    CHECK(exportText(small, "dot", forced).find("layout=neato") != std::string::npos);
    // And the large one renders in-process with sfdp.
    std::string svg = exportText(big, "svg");
    CHECK(svg.find("</svg>") != std::string::npos);
    CHECK(count(svg, "class=\"edge\"") == 260);
  }

  TEST_CASE("SVG renders in-process, is well-formed XML and shows the labels") {
    KnowledgeGraph g = nastyGraph();
    TempDir dir;
    kg::exporters::writeGraph(g, "svg", dir / "g.svg");
    std::string svg = readFile(dir / "g.svg");
    CHECK(svg.find("<svg") != std::string::npos);
    CHECK(svg.find(">Back\\slash\\</text>") != std::string::npos);
    CHECK(svg.find(">Say &quot;hi&quot; &lt;b&gt;&amp;co</text>") != std::string::npos);
    CHECK(svg.find(">not interferes&#45;in</text>") != std::string::npos);
    CHECK(svg.find(">Legend</text>") != std::string::npos);
    auto r = runShell("xmllint --noout '" + (dir / "g.svg").string() + "'");
    INFO(r.out);
    CHECK(r.code == 0);
  }

  TEST_CASE("PNG renders in-process and starts with the PNG signature") {
    TempDir dir;
    kg::exporters::writeGraph(nastyGraph(), "png", dir / "g.png");
    std::string png = readFile(dir / "g.png");
    REQUIRE(png.size() > 1000);
    CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  }

  TEST_CASE("GraphML is well-formed and valid against the GraphML schema") {
    KG_REQUIRE_SHARED(shared);
    TempDir dir;
    kg::exporters::writeGraph(nastyGraph(), "graphml", dir / "g.graphml");
    auto wf = runShell("xmllint --noout '" + (dir / "g.graphml").string() + "'");
    INFO(wf.out);
    CHECK(wf.code == 0);
    auto valid = runShell("xmllint --noout --schema '" +
                          (shared / "schemas" / "graphml.xsd").string() + "' '" +
                          (dir / "g.graphml").string() + "'");
    INFO(valid.out);
    CHECK(valid.code == 0);
  }

  TEST_CASE("GraphML declares typed keys, distinct edge ids and drops characters XML forbids") {
    std::string xml = exportText(nastyGraph(), "graphml");
    CHECK(xml.find("attr.name=\"evidence_count\" attr.type=\"long\"") != std::string::npos);
    CHECK(xml.find("attr.name=\"negated\" attr.type=\"boolean\"") != std::string::npos);
    CHECK(xml.find("attr.name=\"confidence\" attr.type=\"double\"") != std::string::npos);
    for (int i = 0; i < 6; ++i) CHECK(xml.find("<edge id=\"e" + std::to_string(i) + "\"") !=
                                      std::string::npos);
    CHECK(xml.find("<edge id=\"e6\"") == std::string::npos);
    CHECK(xml.find("attr.name=\"evidence count\"") == std::string::npos);
    CHECK(xml.find('\x01') == std::string::npos);
    CHECK(xml.find('\x02') == std::string::npos);
    CHECK(xml.find("\xEF\xBF\xBE") == std::string::npos);
    CHECK(xml.find(">Ctlname\\N</data>") != std::string::npos);
    CHECK(xml.find(">Say &quot;hi&quot; &lt;b&gt;&amp;co</data>") != std::string::npos);
    // Doubles keep full precision: the written confidence parses back to the very same double.
    const double exact = confidenceOf(nastyGraph(), "negotiates-with", false);
    bool found = false;
    const std::string tag = "<data key=\"e_confidence\">";
    for (auto p = xml.find(tag); p != std::string::npos; p = xml.find(tag, p + 1)) {
      if (std::strtod(xml.c_str() + p + tag.size(), nullptr) == exact) found = true;
    }
    CHECK(found);

    // Invalid UTF-8 and an encoded lone surrogate in a name still give well-formed XML.
    KnowledgeGraph bad;
    bad.add(mention("x.txt", 0, "Bad\xC3\x28 \xED\xA0\x80 name\x7F", ActorType::Person, "meets",
                    "Other", ActorType::Person));
    TempDir dir;
    kg::exporters::writeGraph(bad, "graphml", dir / "bad.graphml");
    auto r = runShell("xmllint --noout '" + (dir / "bad.graphml").string() + "'");
    INFO(r.out);
    CHECK(r.code == 0);
    std::string text = readFile(dir / "bad.graphml");
    // "Bad" + '(' (the stray lead byte dropped) + ' ' + ' ' (the surrogate dropped) + "name" + DEL.
    CHECK(text.find(">Bad(  name\x7F</data>") != std::string::npos);
  }

  TEST_CASE("networkx reads every node and edge of the GraphML with typed attributes") {
    TempDir dir;
    kg::exporters::writeGraph(nastyGraph(), "graphml", dir / "g.graphml");
    kg::test::writeFile(dir / "read.py",
                        "import json, sys, networkx\n"
                        "g = networkx.read_graphml(sys.argv[1])\n"
                        "print(type(g).__name__, g.number_of_nodes(), g.number_of_edges())\n"
                        "for u, v, d in g.edges(data=True):\n"
                        "    if d['relation'] == 'negotiates-with':\n"
                        "        print(json.dumps([g.nodes[u]['label'], g.nodes[u]['type'],\n"
                        "            d['label'], g.nodes[v]['label'], d['negated'], d['weight'],\n"
                        "            repr(d['confidence']), d['evidence_count'],\n"
                        "            len(json.loads(d['evidence']))], sort_keys=True))\n"
                        "    if d['relation'] == 'borders':\n"
                        "        print('borders', d['weight'], d['documents'], d['document_count'],\n"
                        "              d['modality_asserted'], d['negated'])\n");
    auto r = runShell("/usr/bin/python3 '" + (dir / "read.py").string() + "' '" +
                      (dir / "g.graphml").string() + "'");
    INFO(r.out);
    REQUIRE(r.code == 0);
    // 5 actors, 6 edges; parallel edges make networkx choose a multigraph.
    CHECK(r.out.find("MultiDiGraph 5 6\n") != std::string::npos);
    const std::string prefix =
        R"(["Say \"hi\" <b>&co", "ORGANIZATION", "negotiates-with", "Back\\slash\\", false, 1, ")";
    auto at = r.out.find(prefix);
    REQUIRE(at != std::string::npos);
    // The rest of the line: repr(confidence)", evidence_count, len(evidence)].
    std::string rest = r.out.substr(at + prefix.size());
    rest = rest.substr(0, rest.find('\n'));
    CHECK(rest.size() > 8);
    CHECK(rest.substr(rest.size() - 8) == "\", 1, 1]");
    // Python's repr of the confidence is the very same double as the graph's.
    CHECK(std::stod(rest) == confidenceOf(nastyGraph(), "negotiates-with", false));
    CHECK(r.out.find(R"(["Say \"hi\" <b>&co", "ORGANIZATION", "not negotiates-with", "Back\\slash\\", true, 1, ")") !=
          std::string::npos);
    CHECK(r.out.find("borders 3 doc0.txt; doc1.txt; doc2.txt 3 3 False\n") != std::string::npos);
  }

  TEST_CASE("kg reads its own GraphML back into an equal graph, by extension or by content") {
    KnowledgeGraph g = nastyGraph();
    TempDir dir;
    kg::exporters::writeGraph(g, "graphml", dir / "g.graphml");
    KnowledgeGraph back = kg::exporters::readGraph(dir / "g.graphml");
    CHECK(back.actorCount() == g.actorCount());
    CHECK(back.relationCount() == g.relationCount());
    CHECK(back == g);
    std::filesystem::copy_file(dir / "g.graphml", dir / "g.noext");
    CHECK(kg::exporters::readGraph(dir / "g.noext") == g);
  }

  TEST_CASE("JSON round-trips through readGraph, by extension or by content") {
    KnowledgeGraph g = nastyGraph();
    TempDir dir;
    kg::exporters::writeGraph(g, "json", dir / "g.json");
    CHECK(kg::exporters::readGraph(dir / "g.json") == g);
    std::filesystem::copy_file(dir / "g.json", dir / "g.data");
    CHECK(kg::exporters::readGraph(dir / "g.data") == g);
  }

  TEST_CASE("malformed GraphML is an InputError naming the file and line") {
    TempDir dir;
    kg::test::writeFile(dir / "broken.graphml",
                        "<?xml version=\"1.0\"?>\n<graphml>\n<graph>\n<edge id=\"e0\"\n</graphml>\n");
    try {
      kg::exporters::readGraph(dir / "broken.graphml");
      FAIL("expected an InputError");
    } catch (const kg::InputError& e) {
      std::string msg = e.what();
      CHECK(msg.find((dir / "broken.graphml").string() + ":") == 0);
      CHECK(msg.find("malformed GraphML") != std::string::npos);
    }
    kg::test::writeFile(dir / "foreign.graphml",
                        "<?xml version=\"1.0\"?>\n<graphml>\n<graph edgedefault=\"directed\">\n"
                        "<node id=\"a\"/><node id=\"b\"/>\n<edge id=\"x\" source=\"a\" "
                        "target=\"b\"/>\n</graph>\n</graphml>\n");
    CHECK_THROWS_WITH_AS(kg::exporters::readGraph(dir / "foreign.graphml"),
                         doctest::Contains("foreign.graphml:5: edge 'x' has no 'evidence'"),
                         kg::InputError);
    kg::test::writeFile(dir / "empty.dat", "  \n");
    CHECK_THROWS_AS(kg::exporters::readGraph(dir / "empty.dat"), kg::InputError);
    CHECK_THROWS_WITH_AS(kg::exporters::readGraph(dir / "missing.graphml"),
                         doctest::Contains("missing.graphml: cannot be opened"), kg::InputError);
  }

  TEST_CASE("an empty graph exports in every format and reads back empty") {
    KnowledgeGraph empty;
    TempDir dir;
    for (const auto& f : Exporter::formats()) {
      CAPTURE(f);
      auto path = dir / ("empty." + f);
      CHECK_NOTHROW(kg::exporters::writeGraph(empty, f, path));
      CHECK(std::filesystem::file_size(path) > 0);
    }
    CHECK(kg::exporters::readGraph(dir / "empty.graphml").actorCount() == 0);
    CHECK(kg::exporters::readGraph(dir / "empty.json").relationCount() == 0);
  }

  TEST_CASE("a missing output directory is an OutputError naming the path") {
    TempDir dir;
    auto target = dir / "no" / "such" / "g.dot";
    try {
      kg::exporters::writeGraph(nastyGraph(), "dot", target);
      FAIL("expected an OutputError");
    } catch (const kg::OutputError& e) {
      CHECK(std::string(e.what()).find(target.string()) != std::string::npos);
    }
    CHECK(std::filesystem::is_empty(dir.path()));
  }

  TEST_CASE("a failed render leaves neither the target nor a temporary file") {
    TempDir dir;
    kg::test::writeFile(dir / "g.svg", "old");
    ExportOptions bad;
    bad.layout = "no-such-engine";
    CHECK_THROWS_WITH_AS(kg::exporters::writeGraph(nastyGraph(), "svg", dir / "g.svg", bad),
                         doctest::Contains("no-such-engine"), kg::Error);
    CHECK(readFile(dir / "g.svg") == "old");
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
      ++files;
    CHECK(files == 1);
  }
}
