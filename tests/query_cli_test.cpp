// Tests of `kg build --from-triples` and `kg query`, run in-process through runKg.
#include <rapidjson/document.h>

#include <fstream>
#include <set>

#include "export/json_format.h"
#include "graph/knowledge_graph.h"
#include "graph/triple.h"
#include "test_support.h"

using kg::test::runKg;
using kg::test::TempDir;

namespace {

std::string line(const std::string& doc, const std::string& subject, const std::string& relation,
                 const std::string& object, std::size_t offset, bool negated = false,
                 const std::string& subject_text = "") {
  kg::graph::Triple t;
  t.doc = doc;
  t.subject = subject;
  t.subject_text = subject_text.empty() ? subject : subject_text;
  t.relation = relation;
  t.object = object;
  t.object_text = object;
  t.negated = negated;
  t.sentence_offset = {offset, offset + 60};
  t.subject_span = {offset, offset + t.subject_text.size()};
  t.object_span = {offset + 30, offset + 30 + object.size()};
  t.sentence = t.subject_text + (negated ? " does not " : " ") + relation + " " + object + ".";
  t.subject_type = kg::graph::ActorType::Country;
  t.object_type = kg::graph::ActorType::Country;
  t.confidence = 0.5;
  return kg::graph::toJsonLine(t) + "\n";
}

// A small graph: Russia (alias Moscow) at the centre, a separate Iran-Hezbollah pair.
std::string sampleTriples() {
  return line("a.txt", "Russia", "negotiates-with", "Taliban", 0) +
         line("b.txt", "Russia", "negotiates-with", "Taliban", 0, false, "Moscow") +
         line("a.txt", "Taliban", "controls", "Afghanistan", 100) +
         line("a.txt", "Uzbekistan", "borders", "Afghanistan", 200) +
         line("b.txt", "Russia", "warns", "Prussia", 100) +
         line("b.txt", "Russia", "interferes-in", "Afghanistan", 200, true) +
         line("c.txt", "Iran", "supports", "Hezbollah", 0);
}

// Builds the sample graph into dir/out/graph.json and returns its path.
std::string buildSample(const TempDir& dir) {
  kg::test::writeFile(dir / "t.jsonl", sampleTriples());
  auto r = runKg({"build", "--from-triples", (dir / "t.jsonl").string(), "-o",
                  (dir / "out").string(), "--formats", "json"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  return (dir / "out" / "graph.json").string();
}

rapidjson::Document parseJson(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  REQUIRE_MESSAGE(!doc.HasParseError(), text);
  return doc;
}

}  // namespace

TEST_SUITE("cli") {

TEST_CASE("build writes graph.json and prints a summary with the top actors") {
  TempDir dir;
  std::string graph = buildSample(dir);
  REQUIRE(std::filesystem::exists(graph));
  std::ifstream in(graph);
  kg::graph::KnowledgeGraph g = kg::exporters::readJson(in, graph);
  CHECK(g.actorCount() == 7);
  CHECK(g.relationCount() == 6);
  kg::test::writeFile(dir / "t.jsonl", sampleTriples());
  auto r = runKg({"build", "--from-triples", (dir / "t.jsonl").string(), (dir / "t.jsonl").string(),
                  "-o", (dir / "again").string(), "--formats", "json"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("graph: 7 actors, 6 relations, 7 mentions (7 duplicate mentions merged)") !=
        std::string::npos);
  CHECK(r.out.find("top actors by weighted degree:\n  1. Russia") != std::string::npos);
  CHECK(r.out.find("wrote " + (dir / "again" / "graph.json").string()) != std::string::npos);
}

TEST_CASE("build reads the hand-written sample triples") {
  TempDir dir;
  std::vector<std::string> args = {"build"};
  for (const auto& entry : std::filesystem::directory_iterator(kg::test::samplesDir())) {
    if (entry.path().string().ends_with(".triples.jsonl")) {
      args.push_back("--from-triples");
      args.push_back(entry.path().string());
    }
  }
  REQUIRE(args.size() > 1);
  args.insert(args.end(), {"-o", (dir / "out").string(), "--formats", "json"});
  auto r = runKg(args);
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(r.out.find("Russia") != std::string::npos);
  auto q = runKg({"query", (dir / "out" / "graph.json").string(), "neighbors", "russia"});
  CHECK(q.code == 0);
  CHECK(q.out.find("Afghanistan") != std::string::npos);
}

TEST_CASE("build reports a bad JSONL line as FILE:LINE") {
  TempDir dir;
  std::string path = (dir / "bad.jsonl").string();
  kg::test::writeFile(path, line("a", "A", "r", "B", 0) + "{\"doc\": \"a\", \"subject\": 3}\n");
  auto r = runKg({"build", "--from-triples", path, "-o", (dir / "out").string(), "--formats", "json"});
  CHECK(r.code == 1);
  CHECK(r.err == "kg: " + path + ":2: field 'subject' must be a non-empty string\n");
  CHECK_FALSE(std::filesystem::exists(dir / "out" / "graph.json"));
}

TEST_CASE("build error paths: no input, missing article, bad format, bad directory") {
  TempDir dir;
  kg::test::writeFile(dir / "t.jsonl", sampleTriples());
  std::string triples = (dir / "t.jsonl").string();
  auto none = runKg({"build", "-o", (dir / "out").string()});
  CHECK(none.code == 2);
  CHECK(none.err.find("nothing to build") != std::string::npos);
  auto articles = runKg({"build", (dir / "no-article.txt").string(), "-o", (dir / "out").string(),
                         "--formats", "json"});
  CHECK(articles.code == 1);  // the article's reader (extract/) words the message
  CHECK(articles.err.starts_with("kg: "));
  auto format = runKg({"build", "--from-triples", triples, "-o", (dir / "out").string(), "--formats", "json,pdf"});
  CHECK(format.code == 2);
  CHECK(format.err.find("unknown format 'pdf'") != std::string::npos);
  auto missing = runKg({"build", "--from-triples", (dir / "nope.jsonl").string(), "-o", (dir / "out").string()});
  CHECK(missing.code == 1);
  CHECK(missing.err.find("nope.jsonl: cannot be opened for reading") != std::string::npos);
  auto no_output = runKg({"build", "--from-triples", triples});
  CHECK(no_output.code == 2);
  kg::test::writeFile(dir / "afile", "x");
  auto bad_dir = runKg({"build", "--from-triples", triples, "-o", (dir / "afile").string(), "--formats", "json"});
  CHECK(bad_dir.code == 1);
  CHECK(bad_dir.err.find("exists and is not a directory") != std::string::npos);
  auto nested = runKg({"build", "--from-triples", triples, "-o", (dir / "afile" / "sub").string(), "--formats", "json"});
  CHECK(nested.code == 1);
  CHECK(nested.err.starts_with("kg: "));
}

TEST_CASE("query neighbors prints a table, follows depth, direction and relation") {
  TempDir dir;
  std::string graph = buildSample(dir);
  auto r = runKg({"query", graph, "neighbors", "Russia"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(r.out.find("DEPTH  ACTOR") != std::string::npos);
  CHECK(r.out.find("Russia not interferes-in Afghanistan") != std::string::npos);
  CHECK(r.out.find("Uzbekistan") == std::string::npos);
  auto deep = runKg({"query", graph, "neighbors", "moscow", "--depth", "2"});
  CHECK(deep.out.find("Uzbekistan") != std::string::npos);
  auto in = runKg({"query", graph, "neighbors", "Afghanistan", "--direction", "in", "--json"});
  REQUIRE(in.code == 0);
  auto doc = parseJson(in.out);
  std::set<std::string> names;
  for (const auto& n : doc["neighbors"].GetArray()) names.insert(n["actor"].GetString());
  CHECK(names == std::set<std::string>{"Russia", "Taliban", "Uzbekistan"});
  auto rel = runKg({"query", graph, "--json", "neighbors", "Afghanistan", "--direction", "both",
                    "--relation", "borders"});
  auto rdoc = parseJson(rel.out);
  REQUIRE(rdoc["neighbors"].Size() == 1);
  CHECK(std::string(rdoc["neighbors"][0]["actor"].GetString()) == "Uzbekistan");
  CHECK(std::string(rdoc["neighbors"][0]["via"]["relation"].GetString()) == "borders");
  auto bad = runKg({"query", graph, "neighbors", "Russia", "--direction", "sideways"});
  CHECK(bad.code == 2);
}

TEST_CASE("query edges lists both directions with evidence") {
  TempDir dir;
  std::string graph = buildSample(dir);
  auto r = runKg({"query", graph, "edges", "Taliban", "Russia"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("Russia negotiates-with Taliban:") != std::string::npos);
  CHECK(r.out.find("Moscow negotiates-with Taliban.") != std::string::npos);
  auto j = parseJson(runKg({"query", graph, "edges", "Russia", "Taliban", "--json"}).out);
  REQUIRE(j["relations"].Size() == 1);
  CHECK(j["relations"][0]["weight"].GetUint() == 2);
  CHECK(j["relations"][0]["evidence"].Size() == 2);
  CHECK(j["relations"][0]["confidence"].GetDouble() == doctest::Approx(0.75));
}

TEST_CASE("query path shows the relations along the shortest path") {
  TempDir dir;
  std::string graph = buildSample(dir);
  auto r = runKg({"query", graph, "path", "Russia", "Uzbekistan"});
  REQUIRE(r.code == 0);
  CHECK(r.out == "Russia -[not interferes-in]-> Afghanistan <-[borders]- Uzbekistan\n2 hops\n");
  auto j = parseJson(runKg({"query", graph, "path", "Russia", "Uzbekistan", "--json"}).out);
  CHECK(j["actors"].Size() == 3);
  CHECK(j["relations"][1]["relation"] == "borders");
  auto none = runKg({"query", graph, "path", "Russia", "Iran"});
  CHECK(none.code == 0);
  CHECK(none.out == "no path between Russia and Iran\n");
  CHECK(runKg({"query", graph, "path", "Russia", "Iran", "--json"}).out == "null\n");
}

TEST_CASE("query top ranks by each centrality; a bad --by is a usage error") {
  TempDir dir;
  std::string graph = buildSample(dir);
  for (std::string by : {"degree", "weighted-degree", "pagerank", "betweenness"}) {
    auto r = runKg({"query", graph, "top", "--by", by, "-n", "3", "--json"});
    REQUIRE_MESSAGE(r.code == 0, by << ": " << r.err);
    auto j = parseJson(r.out);
    CHECK(j["actors"].Size() == 3);
    CHECK(std::string(j["by"].GetString()) == by);
  }
  // Degree: Afghanistan and Russia both have 3 edges (ties by name); weighted: Russia 4.
  auto deg = parseJson(runKg({"query", graph, "top", "--json"}).out);
  CHECK(std::string(deg["actors"][0]["actor"].GetString()) == "Afghanistan");
  CHECK(deg["actors"][0]["score"].GetDouble() == 3.0);
  CHECK(std::string(deg["actors"][1]["actor"].GetString()) == "Russia");
  auto wdeg = parseJson(runKg({"query", graph, "top", "--by", "weighted-degree", "--json"}).out);
  CHECK(std::string(wdeg["actors"][0]["actor"].GetString()) == "Russia");
  CHECK(wdeg["actors"][0]["score"].GetDouble() == 4.0);
  auto pr = parseJson(runKg({"query", graph, "top", "--by", "pagerank", "-n", "100", "--json"}).out);
  double sum = 0;
  for (const auto& a : pr["actors"].GetArray()) sum += a["score"].GetDouble();
  CHECK(sum == doctest::Approx(1.0));
  auto table = runKg({"query", graph, "top", "--by", "betweenness", "-n", "2"});
  CHECK(table.out.find("#  ACTOR") != std::string::npos);
  auto bad = runKg({"query", graph, "top", "--by", "fame"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("unknown --by 'fame'") != std::string::npos);
}

TEST_CASE("query relations counts mentions per relation name") {
  TempDir dir;
  std::string graph = buildSample(dir);
  auto r = runKg({"query", graph, "relations"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("negotiates-with" + std::string(9, ' ') + "2\n") != std::string::npos);
  auto j = parseJson(runKg({"query", graph, "relations", "--json"}).out);
  CHECK(std::string(j["relations"][0]["relation"].GetString()) == "negotiates-with");
  CHECK(j["relations"][0]["mentions"].GetUint() == 2);
  CHECK(j["relations"].Size() == 6);
}

TEST_CASE("query evidence prints the supporting sentences") {
  TempDir dir;
  std::string graph = buildSample(dir);
  auto r = runKg({"query", graph, "evidence", "Russia", "negotiates-with", "Taliban"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("a.txt [0,60) asserted") != std::string::npos);
  CHECK(r.out.find("b.txt [0,60)") != std::string::npos);
  auto j = parseJson(runKg({"query", graph, "evidence", "Russia", "interferes-in", "Afghanistan", "--json"}).out);
  CHECK(j["relations"][0]["negated"].GetBool());
  auto none = runKg({"query", graph, "evidence", "Russia", "invades", "Taliban"});
  CHECK(none.code == 1);
  CHECK(none.err.find("no relation 'invades' from Russia to Taliban") != std::string::npos);
}

TEST_CASE("query components lists the weakly connected parts") {
  TempDir dir;
  std::string graph = buildSample(dir);
  auto j = parseJson(runKg({"query", graph, "components", "--json"}).out);
  REQUIRE(j["components"].Size() == 2);
  CHECK(j["components"][0].Size() == 5);
  CHECK(std::string(j["components"][1][0].GetString()) == "Hezbollah");
  auto t = runKg({"query", graph, "components"});
  CHECK(t.out.find("Hezbollah, Iran") != std::string::npos);
}

TEST_CASE("query ego writes the subgraph in the format of the extension") {
  TempDir dir;
  std::string graph = buildSample(dir);
  std::string out = (dir / "ego.json").string();
  auto r = runKg({"query", graph, "ego", "Taliban", "--radius", "1", "-o", out});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  std::ifstream in(out);
  auto ego = kg::exporters::readJson(in, out);
  CHECK(ego.actorCount() == 3);  // Taliban, Russia, Afghanistan
  CHECK(ego.relationCount() == 3);  // with Russia -> Afghanistan between the two neighbours
  auto bad = runKg({"query", graph, "ego", "Taliban", "-o", (dir / "ego.xyz").string()});
  CHECK(bad.code == 2);
  auto missing_dir = runKg({"query", graph, "ego", "Taliban", "-o", (dir / "no" / "ego.json").string()});
  CHECK(missing_dir.code == 1);
}

TEST_CASE("an unknown actor is named with the closest suggestions") {
  TempDir dir;
  std::string graph = buildSample(dir);
  auto r = runKg({"query", graph, "neighbors", "Rusia"});
  CHECK(r.code == 1);
  CHECK(r.err == "kg: unknown actor 'Rusia' (did you mean: Russia, Prussia?)\n");
  auto far = runKg({"query", graph, "edges", "Russia", "Zimbabwe"});
  CHECK(far.code == 1);
  CHECK(far.err == "kg: unknown actor 'Zimbabwe'\n");
}

TEST_CASE("query error paths: missing graph, malformed graph, missing question") {
  TempDir dir;
  auto missing = runKg({"query", (dir / "nope.json").string(), "relations"});
  CHECK(missing.code == 1);
  CHECK(missing.err.find("nope.json") != std::string::npos);
  kg::test::writeFile(dir / "bad.json", "{\"format\": \"kg-graph\",\n \"version\": 1,\n ]");
  auto bad = runKg({"query", (dir / "bad.json").string(), "relations"});
  CHECK(bad.code == 1);
  CHECK(bad.err.find("bad.json:3:") != std::string::npos);
  std::string graph = buildSample(dir);
  CHECK(runKg({"query", graph}).code == 2);
  CHECK(runKg({"query", graph, "edges", "Russia"}).code == 2);
  CHECK(runKg({"query", graph, "--help"}).code == 0);
}

}  // TEST_SUITE
