// Tests of coreference: the GUM coreference scorer (extract/entities/coref_eval.h)
// on a hand-written CoNLL-U snippet with known clusters, `kg eval coref`, and the
// resolver rules of extract/entities/actors.cpp on real sentences.
#include <filesystem>
#include <sstream>

#include "actor_cases.h"
#include "extract/entities/actors.h"
#include "extract/entities/coref_eval.h"
#include "extract/nlp/parser.h"
#include "extract/nlp/tagger.h"
#include "extract/text/segmenter.h"
#include "graph/error.h"
#include "test_support.h"

namespace {

namespace coref = kg::extract::coref;
using kg::extract::Document;
using kg::extract::Mention;
using kg::graph::ActorType;

// One CoNLL-U word line: id, form, head, deprel, MISC (other columns "_").
std::string word(int id, const std::string& form, int head, const std::string& deprel, const std::string& misc = "_") {
  return std::to_string(id) + "\t" + form + "\t_\t_\t_\t_\t" + std::to_string(head) + "\t" + deprel + "\t_\t" + misc +
         "\n";
}

// Three sentences, clusters: 1 = Lavrov (Lavrov, He), 2 = the Taliban (the Taliban,
// the movement, They), 3 = peace (peace, it).
std::string snippet() {
  std::string s = "# newdoc id = doc1\n# newpar\n# text = Lavrov met the Taliban.\n";
  s += word(1, "Lavrov", 2, "nsubj", "Entity=(1-person-new)");
  s += word(2, "met", 0, "root");
  s += word(3, "the", 4, "det", "Entity=(2-organization-new");
  s += word(4, "Taliban", 2, "obj", "Entity=2)|SpaceAfter=No");
  s += word(5, ".", 2, "punct");
  s += "\n# text = He said the movement wants peace and it agreed.\n";
  s += word(1, "He", 2, "nsubj", "Entity=(1-person-giv)");
  s += word(2, "said", 0, "root");
  s += word(3, "the", 4, "det", "Entity=(2-organization-giv");
  s += word(4, "movement", 5, "nsubj", "Entity=2)");
  s += word(5, "wants", 2, "ccomp");
  s += word(6, "peace", 5, "obj", "Entity=(3-abstract-new)");
  s += word(7, "and", 9, "cc");
  s += word(8, "it", 9, "nsubj", "Entity=(3-abstract-giv)");
  s += word(9, "agreed", 2, "conj", "SpaceAfter=No");
  s += word(10, ".", 2, "punct");
  s += "\n# text = They left.\n";
  s += word(1, "They", 2, "nsubj", "Entity=(2-organization-giv)");
  s += word(2, "left", 0, "root", "SpaceAfter=No");
  s += word(3, ".", 2, "punct");
  s += "\n";
  return s;
}

bool isDescription(const std::string& w) { return w == "movement" || w == "group" || w == "country"; }

// A kg mention of tokens [first, last) of sentence `si` of `doc`; resolved ones copy
// the raw span of `ante` (sentence, first, last).
Mention systemMention(const Document& doc, std::size_t si, std::size_t first, std::size_t last,
                      const std::string& canonical, ActorType type) {
  Mention m;
  m.first = first;
  m.last = last;
  m.canonical = canonical;
  m.type = type;
  m.begin = doc.sentences[si].tokens[first].begin;
  m.end = doc.sentences[si].tokens[last - 1].end;
  return m;
}

Mention resolvedMention(const Document& doc, std::size_t si, std::size_t i, const Mention& antecedent) {
  Mention m = antecedent;
  m.first = i;
  m.last = i + 1;
  m.text = doc.sentences[si].tokens[i].form;
  m.resolved_reference = true;
  return m;
}

const kg::extract::Tagger& tagger() {
  static const kg::extract::Tagger t = kg::extract::Tagger::loadDefault();
  return t;
}
const kg::extract::Parser& parser() {
  static const kg::extract::Parser p = kg::extract::Parser::loadDefault();
  return p;
}
const kg::extract::ActorRecognizer& recognizer() {
  static const kg::extract::ActorRecognizer r = kg::extract::ActorRecognizer::loadDefault();
  return r;
}

// Segments (rules), tags, parses and annotates `text` with the committed models.
Document annotate(const std::string& text) {
  static const kg::extract::Segmenter segmenter = [] {
    kg::extract::SegmentOptions so;
    so.use_model = false;
    return kg::extract::Segmenter(so);
  }();
  Document doc;
  doc.name = "test.txt";
  doc.raw = text;
  segmenter.segment(doc);
  for (auto& s : doc.sentences) {
    tagger().tag(s);
    parser().parse(s);
  }
  recognizer().annotate(doc);
  return doc;
}

std::string describe(const Document& doc) {
  std::string out;
  for (auto& s : doc.sentences)
    for (auto& m : s.mentions)
      out += "[" + m.text + " -> " + m.canonical + (m.resolved_reference ? " (resolved)" : "") + "] ";
  return out;
}

}  // namespace

TEST_SUITE("coref") {

TEST_CASE("GUM Entity brackets become gold mentions with clusters and heads") {
  std::istringstream in(snippet());
  auto docs = coref::readGumCoref(in, "snippet.conllu");
  REQUIRE(docs.size() == 1);
  const auto& g = docs[0];
  CHECK(g.document.name == "doc1");
  REQUIRE(g.document.sentences.size() == 3);
  REQUIRE(g.mentions.size() == 7);
  // "the Taliban": tokens 2-3 of sentence 0, head "Taliban", cluster 2.
  CHECK(g.mentions[1].sentence == 0);
  CHECK(g.mentions[1].first == 2);
  CHECK(g.mentions[1].last == 4);
  CHECK(g.mentions[1].head == 3);
  CHECK(g.mentions[1].cluster == "2");
  CHECK(g.mentions[1].etype == "organization");
  // Gold tags and tree are gone; the raw text holds the words at their offsets.
  const auto& t = g.document.sentences[1].tokens[3];
  CHECK(t.head == -1);
  CHECK(t.misc == "_");
  CHECK(g.document.raw.substr(t.begin, t.end - t.begin) == "movement");
  CHECK(g.document.sentences[0].text == "Lavrov met the Taliban.");
}

TEST_CASE("an unbalanced Entity bracket is an input error naming the file") {
  std::string bad = "# text = Lavrov left\n" + word(1, "Lavrov", 2, "nsubj", "Entity=(1-person-new") +
                    word(2, "left", 0, "root") + "\n";
  std::istringstream in(bad);
  CHECK_THROWS_WITH_AS(coref::readGumCoref(in, "bad.conllu"), doctest::Contains("bad.conllu"), kg::InputError);
  std::string stray = "# text = Lavrov left\n" + word(1, "Lavrov", 2, "nsubj", "Entity=4)") + word(2, "left", 0, "root") + "\n";
  std::istringstream in2(stray);
  CHECK_THROWS_AS(coref::readGumCoref(in2, "stray.conllu"), kg::InputError);
}

TEST_CASE("the anaphor kinds are the pronouns and the-descriptions of the issue") {
  CHECK(coref::anaphorKind({"his"}, isDescription) == "he/she");
  CHECK(coref::anaphorKind({"herself"}, isDescription) == "he/she");
  CHECK(coref::anaphorKind({"their"}, isDescription) == "they");
  CHECK(coref::anaphorKind({"its"}, isDescription) == "it");
  CHECK(coref::anaphorKind({"our"}, isDescription) == "we");
  CHECK(coref::anaphorKind({"the", "movement"}, isDescription) == "description");
  CHECK(coref::anaphorKind({"a", "movement"}, isDescription).empty());
  CHECK(coref::anaphorKind({"the", "movement", "itself"}, isDescription).empty());
  CHECK(coref::anaphorKind({"you"}, isDescription).empty());
}

TEST_CASE("resolutions are scored against the gold clusters (hand-checked counts)") {
  std::istringstream in(snippet());
  auto gold = coref::readGumCoref(in, "snippet.conllu").at(0);
  Document sys = gold.document;
  auto& s0 = sys.sentences[0].mentions;
  auto& s1 = sys.sentences[1].mentions;
  s0.push_back(systemMention(sys, 0, 0, 1, "Sergey Lavrov", ActorType::Person));
  s0.push_back(systemMention(sys, 0, 3, 4, "Taliban", ActorType::Organization));  // "Taliban" inside "the Taliban"
  s1.push_back(resolvedMention(sys, 1, 0, s0[0]));  // He -> Lavrov: right
  s1.push_back(resolvedMention(sys, 1, 3, s0[1]));  // movement -> Taliban: right
  s1.push_back(resolvedMention(sys, 1, 7, s0[1]));  // it -> Taliban: wrong (it is peace)
  // "They" (cluster 2) stays unresolved.
  auto score = coref::scoreCoreference(gold, sys, isDescription);
  // Gold anaphors with a recognised earlier mention: He, the movement, They (not "it":
  // "peace" is no actor). Resolved 3, right 2.
  CHECK(score.total.gold == 3);
  CHECK(score.total.resolved == 3);
  CHECK(score.total.correct == 2);
  CHECK(score.total.correct_gold == 2);
  CHECK(score.precision() == doctest::Approx(200.0 / 3));
  CHECK(score.recall() == doctest::Approx(200.0 / 3));
  CHECK(score.f1() == doctest::Approx(200.0 / 3));
  CHECK(score.by_kind["he/she"].correct == 1);
  CHECK(score.by_kind["description"].correct == 1);
  CHECK(score.by_kind["description"].gold == 1);
  CHECK(score.by_kind["it"].resolved == 1);
  CHECK(score.by_kind["it"].correct == 0);
  CHECK(score.by_kind["it"].gold == 0);
  CHECK(score.by_kind["they"].gold == 1);
  CHECK(score.by_kind["they"].resolved == 0);
  REQUIRE(score.decisions.size() == 3);
  CHECK(score.decisions[2].anaphor == "it");
  CHECK(!score.decisions[2].correct);
  CHECK(score.decisions[2].gold == "peace");
}

TEST_CASE("a resolution naming the right actor is right even when the copied span is another cluster's") {
  std::istringstream in(snippet());
  auto gold = coref::readGumCoref(in, "snippet.conllu").at(0);
  Document sys = gold.document;
  auto& s0 = sys.sentences[0].mentions;
  s0.push_back(systemMention(sys, 0, 0, 1, "Sergey Lavrov", ActorType::Person));
  s0.push_back(systemMention(sys, 0, 3, 4, "Taliban", ActorType::Organization));
  // "They" copies Lavrov's span (as "we" copies a speaker's) but names the Taliban.
  Mention they = resolvedMention(sys, 2, 0, s0[0]);
  they.canonical = "Taliban";
  they.type = ActorType::Organization;
  sys.sentences[2].mentions.push_back(they);
  auto score = coref::scoreCoreference(gold, sys, isDescription);
  CHECK(score.total.resolved == 1);
  CHECK(score.total.correct == 1);
  // The same span naming Lavrov is wrong.
  sys.sentences[2].mentions.back().canonical = "Sergey Lavrov";
  score = coref::scoreCoreference(gold, sys, isDescription);
  CHECK(score.total.correct == 0);
}

TEST_CASE("a name inside a mention headed by its title stands for that mention") {
  // "Defender Kyle Walker left. His team lost.": GUM's mention "Defender Kyle Walker" is
  // headed by "Defender"; kg recognises "Kyle Walker" inside it.
  std::string s = "# newdoc id = doc2\n# text = Defender Kyle Walker left.\n";
  s += word(1, "Defender", 4, "nsubj", "Entity=(1-person-new");
  s += word(2, "Kyle", 1, "appos");
  s += word(3, "Walker", 2, "flat", "Entity=1)");
  s += word(4, "left", 0, "root", "SpaceAfter=No");
  s += word(5, ".", 4, "punct");
  s += "\n# text = His team lost.\n";
  s += word(1, "His", 2, "nmod:poss", "Entity=(2-organization-new(1-person-giv)");
  s += word(2, "team", 3, "nsubj", "Entity=2)");
  s += word(3, "lost", 0, "root", "SpaceAfter=No");
  s += word(4, ".", 3, "punct");
  s += "\n";
  std::istringstream in(s);
  auto gold = coref::readGumCoref(in, "titled.conllu").at(0);
  Document sys = gold.document;
  auto& s0 = sys.sentences[0].mentions;
  s0.push_back(systemMention(sys, 0, 1, 3, "Kyle Walker", ActorType::Person));
  sys.sentences[1].mentions.push_back(resolvedMention(sys, 1, 0, s0[0]));  // His -> Kyle Walker
  auto score = coref::scoreCoreference(gold, sys, isDescription);
  CHECK(score.total.gold == 1);
  CHECK(score.total.resolved == 1);
  CHECK(score.total.correct == 1);
  // "team" resolved to Kyle Walker: its own mention is another cluster's.
  Mention team = resolvedMention(sys, 1, 1, s0[0]);
  sys.sentences[1].mentions.push_back(team);
  score = coref::scoreCoreference(gold, sys, isDescription);
  CHECK(score.total.resolved == 2);
  CHECK(score.total.correct == 1);
}

TEST_CASE("kg eval coref prints the scores and a JSON last line") {
  kg::test::TempDir dir;
  kg::test::writeFile(dir / "snippet.conllu", snippet());
  auto r = kg::test::runKg({"eval", "coref", "--conllu", (dir / "snippet.conllu").string(), "--json"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  CHECK(r.out.find("{\"precision\": ") != std::string::npos);
  CHECK(r.out.find("\"recall\": ") != std::string::npos);
  CHECK(r.out.find("\"f1\": ") != std::string::npos);
  CHECK(r.out.find("\"he/she\": {\"gold\": ") != std::string::npos);
  CHECK(r.out.back() == '\n');
  auto missing = kg::test::runKg({"eval", "coref", "--conllu", (dir / "none.conllu").string()});
  CHECK(missing.code != 0);
}

TEST_CASE("the resolver rules hold on the sentences of tests/data/coref/resolution.txt") {
  const auto cases = kg::test::readActorCases(kg::test::testDataDir() / "coref" / "resolution.txt");
  CHECK(cases.size() >= 20);
  for (const kg::test::ActorCase& c : cases) {
    const Document doc = annotate(c.text);
    kg::test::checkActorCase(doc, c, describe(doc));
  }
}

}  // TEST_SUITE("coref")
