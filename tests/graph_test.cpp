// Tests of graph/: the triple record (JSONL), merging, lookups, queries, and the
// lossless JSON graph format of export/json_format.h.
#include <algorithm>
#include <numeric>
#include <random>
#include <sstream>

#include "export/json_format.h"
#include "graph/error.h"
#include "graph/knowledge_graph.h"
#include "graph/triple.h"
#include "test_support.h"

using namespace kg::graph;

namespace {

Triple makeTriple(const std::string& doc, const std::string& subject, const std::string& relation,
                  const std::string& object, std::size_t offset = 0) {
  Triple t;
  t.doc = doc;
  t.subject = subject;
  t.subject_text = subject;
  t.relation = relation;
  t.object = object;
  t.object_text = object;
  t.sentence_offset = {offset, offset + 50};
  t.subject_span = {offset, offset + subject.size()};
  t.object_span = {offset + 20, offset + 20 + object.size()};
  t.sentence = subject + " " + relation + " " + object + ".";
  return t;
}

// A graph from (subject, relation, object) with one mention each, in distinct sentences.
KnowledgeGraph graphOf(const std::vector<std::array<std::string, 3>>& edges) {
  KnowledgeGraph g;
  std::size_t offset = 0;
  for (const auto& e : edges) {
    g.add(makeTriple("d.txt", e[0], e[1], e[2], offset));
    offset += 100;
  }
  return g;
}

ActorId idOf(const KnowledgeGraph& g, const std::string& name) {
  auto id = g.findActor(name);
  REQUIRE_MESSAGE(id.has_value(), "no actor " << name);
  return *id;
}

std::vector<std::string> namesOf(const KnowledgeGraph& g, const std::vector<ActorId>& ids) {
  std::vector<std::string> out;
  for (ActorId id : ids) out.push_back(g.actor(id).name);
  return out;
}

// Synthetic mentions with repeated mentions, spelling variants and conflicting
// payloads for the same mention key.
std::vector<Triple> syntheticMentions(std::size_t count, unsigned seed) {
  std::mt19937 rng(seed);
  const std::vector<std::string> actors = {"Russia", "russia", "Taliban", "Afghanistan",
                                           "Uzbekistan", "Sergey Lavrov", "USA", "China"};
  const std::vector<std::string> relations = {"negotiates-with", "supports", "meets", "warns"};
  std::vector<Triple> out;
  for (std::size_t i = 0; i < count; ++i) {
    Triple t = makeTriple("doc" + std::to_string(rng() % 4) + ".txt", actors[rng() % actors.size()],
                          relations[rng() % relations.size()], actors[rng() % actors.size()],
                          (rng() % 12) * 100);
    if (t.subject == t.object) t.object = "Iran";
    t.subject_text = rng() % 3 == 0 ? "it" : (rng() % 2 ? t.subject : "Moscow");
    t.subject_type = static_cast<ActorType>(rng() % 3);
    t.confidence = static_cast<double>(rng() % 1000) / 1000.0;
    t.negated = rng() % 5 == 0;
    t.modality = static_cast<Modality>(rng() % 5);
    t.attributed_to = rng() % 2 ? "" : "Sergey Lavrov";
    if (rng() % 4 == 0) t.subject_role = "foreign minister of Russia";
    if (rng() % 5 == 0) {
      t.object_affiliation = "Afghanistan";
      t.object_affiliation_type = ActorType::Country;
    }
    out.push_back(t);
    if (rng() % 4 == 0) out.push_back(t);  // the same mention again
  }
  return out;
}

KnowledgeGraph build(const std::vector<Triple>& triples) {
  KnowledgeGraph g;
  for (const auto& t : triples) g.add(t);
  return g;
}

}  // namespace

TEST_SUITE("graph") {

TEST_CASE("actor types and modalities print and parse by name") {
  for (auto t : {ActorType::Person, ActorType::Organization, ActorType::Country,
                 ActorType::Location, ActorType::Group, ActorType::Other}) {
    CHECK((parseActorType(toString(t)) == t));
  }
  CHECK((parseActorType("country") == ActorType::Country));
  CHECK_FALSE(parseActorType("NATION").has_value());
  for (auto m : {Modality::Asserted, Modality::Future, Modality::Possible, Modality::Conditional,
                 Modality::Reported}) {
    CHECK((parseModality(toString(m)) == m));
  }
  CHECK_FALSE(parseModality("maybe").has_value());
  CHECK(std::string(toString(ActorType::Organization)) == "ORGANIZATION");
  CHECK(std::string(toString(Modality::Conditional)) == "conditional");
}

TEST_CASE("a triple survives a JSONL round trip, unknown fields included") {
  Triple t = makeTriple("000.txt", "Russia", "interferes-in", "Afghanistan", 118);
  t.subject_text = "Moscow";
  t.subject_type = ActorType::Country;
  t.object_type = ActorType::Location;
  t.negated = true;
  t.modality = Modality::Conditional;
  t.attributed_to = "Sergey Lavrov";
  t.confidence = 0.1 + 0.2;  // not representable in few digits
  t.extractor = "dep:obl";
  t.lemma = "interfere";
  t.sentence = "Quote \" backslash \\ tab \t and ünïcödé";
  t.extra_json = R"({"source":"rss","tags":[1,2.5,null]})";
  t.subject_role = "foreign ministry";
  t.object_affiliation = "Taliban";
  t.object_affiliation_type = ActorType::Organization;
  std::string line = toJsonLine(t);
  CHECK(line.find('\n') == std::string::npos);
  Triple back = parseJsonLine(line, "x.jsonl", 1);
  CHECK(back.doc == t.doc);
  CHECK(back.sentence_offset == t.sentence_offset);
  CHECK(back.sentence == t.sentence);
  CHECK(back.subject == "Russia");
  CHECK(back.subject_text == "Moscow");
  CHECK((back.subject_type == ActorType::Country));
  CHECK((back.object_type == ActorType::Location));
  CHECK(back.subject_span == t.subject_span);
  CHECK(back.object_span == t.object_span);
  CHECK(back.negated);
  CHECK((back.modality == Modality::Conditional));
  CHECK(back.attributed_to == "Sergey Lavrov");
  CHECK(back.confidence == t.confidence);  // bit-exact
  CHECK(back.extractor == "dep:obl");
  CHECK(back.lemma == "interfere");
  CHECK(back.extra_json == t.extra_json);
  CHECK(back.subject_role == "foreign ministry");
  CHECK(back.object_role.empty());
  CHECK(back.object_affiliation == "Taliban");
  CHECK((back.object_affiliation_type == ActorType::Organization));
  CHECK(back.subject_affiliation.empty());
  CHECK(line.find("object_role") == std::string::npos);  // empty extensions are not written
  CHECK(toJsonLine(back) == line);
}

TEST_CASE("attributed_to null and empty string are the same: none") {
  Triple t = parseJsonLine(
      R"({"doc":"a","subject":"A","relation":"r","object":"B","attributed_to":null})", "f", 1);
  CHECK(t.attributed_to.empty());
  CHECK(toJsonLine(t).find(R"("attributed_to":null)") != std::string::npos);
  Triple u = parseJsonLine(
      R"({"doc":"a","subject":"A","relation":"r","object":"B","attributed_to":""})", "f", 1);
  CHECK(u.attributed_to.empty());
}

TEST_CASE("only doc, subject, relation and object are required; the rest has defaults") {
  Triple t = parseJsonLine(R"({"doc":"a.txt","subject":"Russia","relation":"warns","object":"USA"})",
                           "f", 1);
  CHECK(t.subject_text == "Russia");
  CHECK(t.object_text == "USA");
  CHECK((t.subject_type == ActorType::Other));
  CHECK((t.modality == Modality::Asserted));
  CHECK_FALSE(t.negated);
  CHECK(t.confidence == 1.0);
  CHECK(t.extra_json.empty());
  CHECK(t.sentence_offset == ByteSpan{0, 0});
}

TEST_CASE("malformed JSONL lines are rejected with file and line number") {
  auto error = [](const std::string& text) -> std::string {
    std::istringstream in(text);
    try {
      readTriples(in, "t.jsonl", [](Triple&&) {});
    } catch (const kg::InputError& e) {
      return e.what();
    }
    return "";
  };
  const std::string ok = R"({"doc":"a","subject":"A","relation":"r","object":"B"})";
  CHECK(error(ok + "\n\n" + R"({"doc":"a","subject":"A","relation":"r","object":"B","negated":"yes"})") ==
        "t.jsonl:3: field 'negated' must be true or false");
  CHECK(error(ok + "\n" + R"({"doc":"a","relation":"r","object":"B"})") ==
        "t.jsonl:2: missing required field 'subject'");
  CHECK(error(R"({"doc":1,"subject":"A","relation":"r","object":"B"})") ==
        "t.jsonl:1: field 'doc' must be a string");
  CHECK(error(R"({"doc":"a","subject":"","relation":"r","object":"B"})") ==
        "t.jsonl:1: field 'subject' must be a non-empty string");
  CHECK(error(ok + "\n" + R"({"doc":"a","subject":"A","relation":"r","object":"B","confidence":1.5})") ==
        "t.jsonl:2: field 'confidence' must be a number from 0 to 1");
  CHECK(error(R"({"doc":"a","subject":"A","relation":"r","object":"B","subject_span":[5,2]})") ==
        "t.jsonl:1: field 'subject_span' must be [begin, end] with 0 <= begin <= end integers");
  CHECK(error(R"({"doc":"a","subject":"A","relation":"r","object":"B","subject_type":"NATION"})")
            .starts_with("t.jsonl:1: field 'subject_type' must be PERSON, ORGANIZATION"));
  CHECK(error(R"({"doc":"a","subject":"A","relation":"r","object":"B","modality":"maybe"})")
            .starts_with("t.jsonl:1: field 'modality' must be asserted"));
  CHECK(error(ok + "\n" + "{\"doc\": \"a\",") .starts_with("t.jsonl:2: invalid JSON"));
  CHECK(error("[1,2]") == "t.jsonl:1: expected a JSON object");
  CHECK(error(ok + "\r\n  \n" + ok + "\n").empty());  // CRLF and blank lines are fine
}

TEST_CASE("readTriplesFile names a missing file") {
  CHECK_THROWS_WITH_AS(readTriplesFile("/nonexistent/t.jsonl"),
                       "/nonexistent/t.jsonl: cannot be opened for reading", kg::InputError);
}

TEST_CASE("names fold case, Unicode case and whitespace") {
  CHECK(foldName("  Sergey   LAVROV ") == "sergey lavrov");
  CHECK(foldName("ÉLYSÉE Palace") == "élysée palace");
  CHECK(foldName("Straße") == foldName("STRASSE"));
  CHECK(foldName("bad \xff utf8 X") == "bad \xff utf8 x");  // ASCII fallback
}

TEST_CASE("adding the same mention twice counts it once") {
  KnowledgeGraph g;
  Triple t = makeTriple("a.txt", "Russia", "supports", "Taliban");
  CHECK(g.add(t));
  CHECK_FALSE(g.add(t));
  t.subject = "RUSSIA";  // same mention key: the canonical name is case-folded
  CHECK_FALSE(g.add(t));
  REQUIRE(g.relationCount() == 1);
  CHECK(g.relation(0).weight == 1);
  CHECK(g.relation(0).evidence.size() == 1);
  t.sentence_offset = {500, 550};  // another sentence: another mention
  CHECK(g.add(t));
  CHECK(g.relation(0).weight == 2);
}

TEST_CASE("a mention without subject, relation or object is refused") {
  KnowledgeGraph g;
  CHECK_THROWS_AS(g.add(makeTriple("a", " ", "r", "B")), kg::Error);
  CHECK_THROWS_AS(g.add(makeTriple("a", "A", "", "B")), kg::Error);
  CHECK(g.actorCount() == 0);
}

TEST_CASE("the graph does not depend on the order of mentions") {
  std::vector<Triple> triples = syntheticMentions(600, 7);
  KnowledgeGraph reference = build(triples);
  CHECK(reference.actorCount() > 5);
  CHECK(reference.relationCount() > 50);
  for (unsigned seed = 1; seed <= 5; ++seed) {
    std::vector<Triple> shuffled = triples;
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(seed));
    KnowledgeGraph g = build(shuffled);
    CHECK(g == reference);
    // Byte-identical serialisation, floating point included.
    std::ostringstream a, b;
    kg::exporters::writeJson(g, a);
    kg::exporters::writeJson(reference, b);
    CHECK(a.str() == b.str());
  }
}

TEST_CASE("merging is idempotent") {
  KnowledgeGraph g = build(syntheticMentions(300, 11));
  KnowledgeGraph copy = g;
  copy.merge(g);
  copy.merge(copy);
  CHECK(copy == g);
  for (const auto& t : g.mentions()) CHECK_FALSE(copy.add(t));
  CHECK(copy == g);
}

TEST_CASE("shards merged in any order equal one build") {
  std::vector<Triple> triples = syntheticMentions(800, 3);
  KnowledgeGraph single = build(triples);
  std::mt19937 rng(42);
  for (int round = 0; round < 4; ++round) {
    const std::size_t shards = 2 + rng() % 4;
    std::vector<KnowledgeGraph> parts(shards);
    for (const auto& t : triples) parts[rng() % shards].add(t);
    std::vector<std::size_t> order(shards);
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    KnowledgeGraph merged;
    for (std::size_t i : order) merged.merge(parts[i]);
    CHECK(merged == single);
    CHECK(merged.mentions().size() == single.mentions().size());
  }
}

TEST_CASE("conflicting copies of one mention resolve the same way in any order") {
  Triple a = makeTriple("a.txt", "Russia", "supports", "Taliban");
  Triple b = a;
  b.confidence = 0.4;  // same key, different payload
  KnowledgeGraph ab, ba;
  ab.add(a);
  ab.add(b);
  ba.add(b);
  ba.add(a);
  CHECK(ab == ba);
  CHECK(ab.relation(0).confidence == 0.4);  // the smaller payload by content is kept
}

TEST_CASE("actor aggregates: display name, type, aliases, mentions, documents") {
  KnowledgeGraph g;
  Triple t1 = makeTriple("a.txt", "Russia", "supports", "Taliban", 0);
  t1.subject_text = "Moscow";
  t1.subject_type = ActorType::Country;
  Triple t2 = makeTriple("b.txt", "russia", "warns", "USA", 0);
  t2.subject_type = ActorType::Location;
  Triple t3 = makeTriple("b.txt", "Russia", "meets", "China", 200);
  t3.subject_text = "it";  // a resolved pronoun: a mention, not an alias
  t3.subject_type = ActorType::Country;
  Triple t4 = t3;  // same subject span in another triple of the same sentence
  t4.relation = "warns";
  Triple t5 = makeTriple("c.txt", "Russia", "warns", "United States", 0);
  t5.subject_text = "the country";  // a resolved description: no name either
  t5.object_text = "US";            // an acronym, not the pronoun "us"
  for (auto* t : {&t1, &t2, &t3, &t4, &t5}) g.add(*t);
  const Actor& russia = g.actor(idOf(g, "RUSSIA"));
  CHECK(russia.name == "Russia");  // 3 distinct mentions spelled so, 1 "russia"
  CHECK((russia.type == ActorType::Country));
  CHECK(russia.mentions == 4);
  // "russia" has no capital letter, as descriptions do not: not counted as a name.
  CHECK(russia.aliases == std::map<std::string, std::size_t>{{"Moscow", 1}});
  CHECK(russia.documents == std::set<std::string>{"a.txt", "b.txt", "c.txt"});
  CHECK(g.actor(idOf(g, "United States")).aliases == std::map<std::string, std::size_t>{{"US", 1}});
  CHECK(g.actorCount() == 5);
}

TEST_CASE("an argument's affiliation is an affiliated-with edge, its role an actor attribute") {
  KnowledgeGraph g;
  Triple t1 = makeTriple("a.txt", "Tajikistan", "shelters", "Afghan soldiers", 0);
  t1.object_type = ActorType::Group;
  t1.object_affiliation = "Afghanistan";
  t1.object_affiliation_type = ActorType::Country;
  Triple t2 = makeTriple("a.txt", "Afghan soldiers", "flees", "Taliban", 0);  // same sentence
  t2.subject_span = t1.object_span;
  t2.subject_type = ActorType::Group;
  t2.subject_affiliation = "Afghanistan";
  t2.subject_affiliation_type = ActorType::Country;
  Triple t3 = makeTriple("b.txt", "Sergey Lavrov", "meets", "Taliban", 0);
  t3.subject_role = "foreign minister of Russia";
  Triple t4 = makeTriple("b.txt", "Sergey Lavrov", "warns", "USA", 100);
  t4.subject_role = "foreign minister of Russia";
  for (auto* t : {&t1, &t2, &t3, &t4}) g.add(*t);
  // One mention of the affiliation: both triples name the soldiers with the same words.
  auto edges = g.findRelations(idOf(g, "Afghan soldiers"), "affiliated-with", idOf(g, "Afghanistan"));
  REQUIRE(edges.size() == 1);
  const Relation& r = g.relation(edges[0]);
  CHECK(r.weight == 1);
  CHECK(r.evidence[0].subject_text == "Afghan soldiers");
  // The affiliation is named by the group's first word, not by the group's words, which
  // would otherwise become an alias of the country.
  CHECK(r.evidence[0].object_text == "Afghan");
  CHECK(r.evidence[0].object_span == kg::graph::ByteSpan{20, 26});
  CHECK(g.actor(idOf(g, "Afghanistan")).aliases ==
        std::map<std::string, std::size_t>{{"Afghan", 1}});
  CHECK((g.actor(idOf(g, "Afghanistan")).type == ActorType::Country));
  CHECK(g.actor(idOf(g, "Sergey Lavrov")).roles ==
        std::map<std::string, std::size_t>{{"foreign minister of Russia", 2}});
  CHECK(g.actor(idOf(g, "Taliban")).roles.empty());
  // The derived edge is an ordinary mention: re-adding every mention changes nothing.
  KnowledgeGraph again;
  for (const Triple& t : g.mentions()) again.add(t);
  CHECK(again == g);
}

TEST_CASE("type ties and spelling ties break deterministically") {
  KnowledgeGraph g;
  Triple a = makeTriple("a.txt", "nato", "warns", "X", 0);
  a.subject_type = ActorType::Group;
  Triple b = makeTriple("a.txt", "NATO", "warns", "X", 100);
  b.subject_type = ActorType::Organization;
  g.add(a);
  g.add(b);
  const Actor& nato = g.actor(idOf(g, "Nato"));
  CHECK(nato.name == "NATO");                       // byte-wise smaller spelling
  CHECK((nato.type == ActorType::Organization));     // first in enum order
}

TEST_CASE("actors are found by any alias, case-insensitively") {
  KnowledgeGraph g;
  Triple t = makeTriple("a.txt", "Sergey Lavrov", "meets", "Élysée Palace");
  t.subject_text = "Lavrov";
  g.add(t);
  auto lavrov = g.findActor("Sergey Lavrov");
  REQUIRE(lavrov);
  CHECK(g.findActor("lavrov") == lavrov);
  CHECK(g.findActor("  SERGEY   lavrov ") == lavrov);
  CHECK(g.findActor("ÉLYSÉE PALACE").has_value());
  CHECK_FALSE(g.findActor("Putin").has_value());
}

TEST_CASE("suggestions are the closest names by edit distance") {
  KnowledgeGraph g = graphOf({{"Russia", "supports", "Prussia"}, {"Taliban", "meets", "China"}});
  CHECK(g.suggest("Rusia") == std::vector<std::string>{"Russia", "Prussia"});
  CHECK(g.suggest("talibn", 1) == std::vector<std::string>{"Taliban"});
  CHECK(g.suggest("Zimbabwe").empty());
}

TEST_CASE("neighbors follow direction, depth and relation") {
  KnowledgeGraph g = graphOf({{"A", "supports", "B"},
                              {"B", "supports", "C"},
                              {"D", "warns", "A"},
                              {"C", "meets", "E"}});
  ActorId a = idOf(g, "A");
  auto names = [&g](const std::vector<Neighbor>& ns) {
    std::vector<std::string> out;
    for (const auto& n : ns) out.push_back(g.actor(n.actor).name + "@" + std::to_string(n.depth));
    return out;
  };
  CHECK(names(g.neighbors(a)) == std::vector<std::string>{"B@1", "D@1"});
  CHECK(names(g.neighbors(a, {.direction = Direction::Out, .depth = 5, .relation = ""})) ==
        std::vector<std::string>{"B@1", "C@2", "E@3"});
  CHECK(names(g.neighbors(a, {.direction = Direction::In, .depth = 3, .relation = ""})) ==
        std::vector<std::string>{"D@1"});
  CHECK(names(g.neighbors(a, {.direction = Direction::Out, .depth = 5, .relation = "supports"})) ==
        std::vector<std::string>{"B@1", "C@2"});
  CHECK(g.neighbors(a, {.direction = Direction::Both, .depth = 1, .relation = "unknown-relation"}).empty());
  auto via = g.neighbors(a, {.direction = Direction::Both, .depth = 2, .relation = ""});
  REQUIRE(via.size() == 3);
  const Relation& r = g.relation(via[2].via);  // C, reached through B -> C
  CHECK(g.actor(via[2].actor).name == "C");
  CHECK(g.actor(r.subject).name == "B");
  CHECK(g.actor(r.object).name == "C");
}

TEST_CASE("edges between two actors come in both directions with their evidence") {
  KnowledgeGraph g = graphOf({{"Russia", "negotiates-with", "Taliban"},
                              {"Taliban", "meets", "Russia"},
                              {"Russia", "warns", "USA"}});
  auto ids = g.relationsBetween(idOf(g, "Russia"), idOf(g, "Taliban"));
  REQUIRE(ids.size() == 2);
  std::set<std::string> rels;
  for (auto id : ids) {
    rels.insert(g.relation(id).relation);
    CHECK(g.relation(id).evidence.size() == 1);
  }
  CHECK(rels == std::set<std::string>{"negotiates-with", "meets"});
  auto found = g.findRelations(idOf(g, "Russia"), "Negotiates-With", idOf(g, "Taliban"));
  REQUIRE(found.size() == 1);
  CHECK(g.relation(found[0]).evidence[0].sentence == "Russia negotiates-with Taliban.");
  CHECK(g.findRelations(idOf(g, "Taliban"), "negotiates-with", idOf(g, "Russia")).empty());
}

TEST_CASE("shortest path ignores direction and prefers heavier edges on ties") {
  KnowledgeGraph g = graphOf({{"A", "r1", "B"},
                              {"C", "r2", "B"},
                              {"A", "r3", "D"},
                              {"D", "r4", "C"},
                              {"D", "r4", "C"},  // same mention: no extra weight
                              {"X", "r5", "Y"}});
  // Make A-D-C heavier than A-B-C: one more mention of each of its edges.
  g.add(makeTriple("e.txt", "A", "r3", "D"));
  g.add(makeTriple("e.txt", "D", "r4", "C", 300));
  auto path = g.shortestPath(idOf(g, "A"), idOf(g, "C"));
  REQUIRE(path);
  CHECK(namesOf(g, path->actors) == std::vector<std::string>{"A", "D", "C"});
  REQUIRE(path->relations.size() == 2);
  CHECK(g.relation(path->relations[0]).relation == "r3");
  CHECK(g.relation(path->relations[1]).relation == "r4");
  CHECK_FALSE(g.shortestPath(idOf(g, "A"), idOf(g, "X")).has_value());
  auto self = g.shortestPath(idOf(g, "A"), idOf(g, "A"));
  REQUIRE(self);
  CHECK(self->actors.size() == 1);
  CHECK(self->relations.empty());
  // Fewer hops beat weight: A-B is one hop whatever the weights.
  auto ab = g.shortestPath(idOf(g, "B"), idOf(g, "A"));
  REQUIRE(ab);
  CHECK(ab->relations.size() == 1);
}

TEST_CASE("top by degree and weighted degree counts edges and mentions") {
  KnowledgeGraph g = graphOf({{"A", "r", "B"}, {"A", "s", "B"}, {"C", "r", "A"}, {"C", "r", "D"}});
  g.add(makeTriple("z.txt", "C", "r", "D"));
  g.add(makeTriple("y.txt", "C", "r", "D"));
  auto deg = g.top(Centrality::Degree, 2);
  REQUIRE(deg.size() == 2);
  CHECK(g.actor(deg[0].actor).name == "A");
  CHECK(deg[0].score == 3);
  auto wdeg = g.top(Centrality::WeightedDegree, 10);
  REQUIRE(wdeg.size() == 4);
  CHECK(g.actor(wdeg[0].actor).name == "C");
  CHECK(wdeg[0].score == 4);  // C->A (1) + C->D (3)
  CHECK(g.actor(wdeg[1].actor).name == "A");  // A and D both 3: ties by name
  CHECK(wdeg[1].score == 3);
  CHECK(g.actor(wdeg[2].actor).name == "D");
  CHECK(wdeg[2].score == 3);
}

TEST_CASE("PageRank is weighted, sums to 1 and matches networkx") {
  // Reference values: networkx _pagerank_python(G, weight='weight', alpha=0.85).
  KnowledgeGraph g;
  for (int i = 0; i < 3; ++i) g.add(makeTriple("d" + std::to_string(i), "a", "r", "b"));
  g.add(makeTriple("d", "a", "r", "c"));
  g.add(makeTriple("d", "c", "r", "a", 100));
  g.add(makeTriple("d", "d", "r", "a", 200));
  g.add(makeTriple("d2", "d", "r", "a", 200));
  auto pr = g.top(Centrality::PageRank, 10);
  REQUIRE(pr.size() == 4);
  double sum = 0;
  std::map<std::string, double> score;
  for (const auto& r : pr) {
    sum += r.score;
    score[g.actor(r.actor).name] = r.score;
  }
  CHECK(sum == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(score["a"] == doctest::Approx(0.3622641509).epsilon(1e-8));
  CHECK(score["b"] == doctest::Approx(0.3408805031).epsilon(1e-8));
  CHECK(score["c"] == doctest::Approx(0.186918239).epsilon(1e-8));
  CHECK(score["d"] == doctest::Approx(0.1099371069).epsilon(1e-8));
}

TEST_CASE("betweenness counts each pair once, as networkx unnormalised") {
  // networkx.betweenness_centrality(normalized=False): b 5, c 3, others 0.
  KnowledgeGraph g = graphOf({{"a", "r", "b"}, {"b", "r", "c"}, {"d", "r", "c"}, {"b", "r", "e"},
                              {"b", "s", "c"}});
  auto bc = g.top(Centrality::Betweenness, 5);
  REQUIRE(bc.size() == 5);
  CHECK(g.actor(bc[0].actor).name == "b");
  CHECK(bc[0].score == doctest::Approx(5.0));
  CHECK(g.actor(bc[1].actor).name == "c");
  CHECK(bc[1].score == doctest::Approx(3.0));
  CHECK(bc[2].score == 0.0);
  CHECK(g.actor(bc[2].actor).name == "a");  // ties by name
}

TEST_CASE("relation types are counted by mentions, most frequent first") {
  KnowledgeGraph g = graphOf({{"A", "warns", "B"}, {"B", "warns", "C"}, {"A", "meets", "C"},
                              {"C", "supports", "A"}});
  g.add(makeTriple("x", "C", "supports", "A"));
  g.add(makeTriple("y", "C", "supports", "A"));
  using P = std::pair<std::string, std::size_t>;
  CHECK(g.relationTypes() == std::vector<P>{{"supports", 3}, {"warns", 2}, {"meets", 1}});
}

TEST_CASE("the ego graph holds everything within the radius") {
  KnowledgeGraph g = graphOf({{"A", "r", "B"}, {"B", "r", "C"}, {"C", "r", "D"}, {"E", "r", "A"},
                              {"X", "r", "Y"}});
  KnowledgeGraph ego1 = g.ego(idOf(g, "A"), 1);
  CHECK(ego1.actorCount() == 3);
  CHECK(ego1.relationCount() == 2);
  CHECK(ego1.findActor("B").has_value());
  CHECK_FALSE(ego1.findActor("C").has_value());
  KnowledgeGraph ego2 = g.ego(idOf(g, "A"), 2);
  CHECK(ego2.actorCount() == 4);
  CHECK(ego2.relationCount() == 3);
  CHECK(g.ego(idOf(g, "A"), 0).actorCount() == 0);
}

TEST_CASE("weakly connected components come largest first, members by name") {
  KnowledgeGraph g = graphOf({{"C", "r", "B"}, {"A", "r", "B"}, {"X", "r", "Y"}, {"Q", "r", "P"},
                              {"P", "r", "Z"}, {"M", "r", "N"}});
  auto comps = g.components();
  REQUIRE(comps.size() == 4);
  CHECK(namesOf(g, comps[0]) == std::vector<std::string>{"A", "B", "C"});
  CHECK(namesOf(g, comps[1]) == std::vector<std::string>{"P", "Q", "Z"});
  CHECK(namesOf(g, comps[2]) == std::vector<std::string>{"M", "N"});
  CHECK(namesOf(g, comps[3]) == std::vector<std::string>{"X", "Y"});
}

TEST_CASE("relations aggregate weight, noisy-or confidence, modalities, sorted evidence") {
  KnowledgeGraph g;
  Triple a = makeTriple("b.txt", "A", "r", "B", 100);
  a.confidence = 0.5;
  Triple b = makeTriple("a.txt", "A", "r", "B", 300);
  b.confidence = 0.8;
  b.modality = Modality::Reported;
  Triple c = makeTriple("a.txt", "A", "r", "B", 0);
  c.confidence = 0.5;
  for (auto* t : {&a, &b, &c}) g.add(*t);
  REQUIRE(g.relationCount() == 1);
  const Relation& r = g.relation(0);
  CHECK(r.weight == 3);
  CHECK(r.confidence == doctest::Approx(1 - 0.5 * 0.2 * 0.5));
  CHECK((r.modalities == std::map<Modality, std::size_t>{{Modality::Asserted, 2}, {Modality::Reported, 1}}));
  CHECK(r.documents == std::set<std::string>{"a.txt", "b.txt"});
  REQUIRE(r.evidence.size() == 3);
  CHECK(r.evidence[0].doc == "a.txt");
  CHECK(r.evidence[0].sentence_offset.begin == 0);
  CHECK(r.evidence[1].sentence_offset.begin == 300);
  CHECK(r.evidence[2].doc == "b.txt");
  CHECK(g.outRelations(idOf(g, "A")) == std::vector<RelationId>{0});
  CHECK(g.inRelations(idOf(g, "B")) == std::vector<RelationId>{0});
  CHECK(g.inRelations(idOf(g, "A")).empty());
}

TEST_CASE("a relation's mentions are its slice of mentions(), in evidence order") {
  KnowledgeGraph g;
  g.add(makeTriple("b.txt", "A", "r", "B", 100));
  g.add(makeTriple("a.txt", "A", "r", "B", 300));
  g.add(makeTriple("a.txt", "C", "s", "A", 10));
  REQUIRE(g.relationCount() == 2);
  std::vector<Triple> all = g.mentions(), joined;
  for (RelationId id = 0; id < g.relationCount(); ++id) {
    auto part = g.mentionsOf(id);
    CHECK(part.size() == g.relation(id).weight);
    for (const Triple& t : part) CHECK(t.relation == g.relation(id).relation);
    joined.insert(joined.end(), part.begin(), part.end());
  }
  // Same mentions in the same order.
  REQUIRE(joined.size() == all.size());
  for (std::size_t k = 0; k < all.size(); ++k) CHECK(toJsonLine(joined[k]) == toJsonLine(all[k]));
  CHECK_THROWS_AS(g.mentionsOf(2), std::out_of_range);
}

TEST_CASE("a relation's summary and evidence, built uncached, equal the cached relation") {
  KnowledgeGraph g;
  g.add(makeTriple("b.txt", "A", "r", "B", 100));
  g.add(makeTriple("a.txt", "A", "r", "B", 300));
  g.add(makeTriple("a.txt", "C", "s", "A", 10));
  REQUIRE(g.relationCount() == 2);
  for (RelationId id = 0; id < g.relationCount(); ++id) {
    Relation summary = g.relationSummary(id);
    CHECK(summary.evidence.empty());
    std::vector<Evidence> evidence = g.evidenceOf(id);
    CHECK(evidence.size() == summary.weight);
    summary.evidence = evidence;
    CHECK(summary == g.relation(id));
  }
  CHECK(g.relationSummary(0).documents == std::set<std::string>{"a.txt", "b.txt"});
  CHECK_THROWS_AS(g.relationSummary(2), std::out_of_range);
  CHECK_THROWS_AS(g.evidenceOf(2), std::out_of_range);
}

TEST_CASE("negated and asserted relations are separate edges") {
  KnowledgeGraph g;
  Triple t = makeTriple("a", "Russia", "interferes-in", "Afghanistan");
  g.add(t);
  t.negated = true;
  t.sentence_offset = {900, 950};
  g.add(t);
  CHECK(g.relationCount() == 2);
  CHECK(g.findRelations(idOf(g, "Russia"), "interferes-in", idOf(g, "Afghanistan")).size() == 2);
}

TEST_CASE("the JSON graph format is lossless") {
  std::vector<Triple> triples = syntheticMentions(300, 5);
  triples[0].extra_json = R"({"source":"rss"})";
  KnowledgeGraph g = build(triples);
  std::stringstream ss;
  kg::exporters::writeJson(g, ss);
  CHECK(ss.str().find(R"("format": "kg-graph")") != std::string::npos);
  KnowledgeGraph back = kg::exporters::readJson(ss, "g.json");
  CHECK(back == g);
  auto m1 = g.mentions(), m2 = back.mentions();
  REQUIRE(m1.size() == m2.size());
  for (std::size_t i = 0; i < m1.size(); ++i) CHECK(toJsonLine(m1[i]) == toJsonLine(m2[i]));
  std::ostringstream again;
  kg::exporters::writeJson(back, again);
  CHECK(again.str() == ss.str());
}

TEST_CASE("an empty graph writes and reads back") {
  KnowledgeGraph g;
  std::stringstream ss;
  kg::exporters::writeJson(g, ss);
  KnowledgeGraph back = kg::exporters::readJson(ss, "e.json");
  CHECK(back.actorCount() == 0);
  CHECK(back == g);
}

TEST_CASE("malformed JSON graphs are rejected with the file and the problem") {
  auto error = [](const std::string& text) -> std::string {
    std::istringstream in(text);
    try {
      kg::exporters::readJson(in, "g.json");
    } catch (const kg::InputError& e) {
      return e.what();
    }
    return "";
  };
  CHECK(error("{\n\"format\": \"kg-graph\",\n  oops }").starts_with("g.json:3: invalid JSON"));
  CHECK(error("[]") == "g.json: not a kg graph: expected a JSON object");
  CHECK(error(R"({"format":"other","version":1,"relations":[]})") ==
        "g.json: not a kg graph: missing \"format\": \"kg-graph\"");
  CHECK(error(R"({"format":"kg-graph","version":7,"relations":[]})")
            .starts_with("g.json: unsupported kg-graph version 7"));
  CHECK(error(R"({"format":"kg-graph","version":1,"relations":[{"evidence":[{"doc":"a"}]}]})") ==
        "g.json: relations[0].evidence[0]: missing required field 'subject'");
  CHECK(error(R"({"format":"kg-graph","version":1,"relations":[{"evidence":[]}]})") ==
        "g.json: relations[0]: \"evidence\" must be a non-empty array");
  CHECK(error(R"({"format":"kg-graph","version":1,"relations":[]})").empty());
}

}  // TEST_SUITE
