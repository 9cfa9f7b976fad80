// Tests of coreference: the GUM coreference scorer (extract/entities/coref_eval.h)
// on a hand-written CoNLL-U snippet with known clusters, `kg eval coref`, and the
// resolver rules of extract/entities/actors.cpp on real sentences.
#include <filesystem>
#include <sstream>

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

// The resolved mention whose words are `text` (the first one), if any.
std::optional<Mention> resolved(const Document& doc, const std::string& text) {
  for (auto& s : doc.sentences)
    for (auto& m : s.mentions)
      if (m.resolved_reference && m.text == text) return m;
  return std::nullopt;
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

TEST_CASE("a subject of the previous sentence outranks a name buried in a phrase before the pronoun") {
  auto doc = annotate("Byron received his early formal education at Aberdeen Grammar School. Placed under the care "
                      "of a Dr. Bailey, he was encouraged to exercise in moderation.\n");
  auto he = resolved(doc, "he");
  REQUIRE_MESSAGE(he, describe(doc));
  CHECK_MESSAGE(he->canonical == "Byron", describe(doc));
  // The subject of the pronoun's own sentence still comes first.
  doc = annotate("President Putin stated that he expects the incoming leadership to follow through.\n");
  he = resolved(doc, "he");
  REQUIRE_MESSAGE(he, describe(doc));
  CHECK(he->canonical == "Vladimir Putin");
}

TEST_CASE("a person noun between the name and he/she leaves the pronoun unresolved") {
  auto doc = annotate("Putin thanked the soldier who had saved his life.\n");
  CHECK_MESSAGE(!resolved(doc, "his"), describe(doc));
  // Without the noun in between the pronoun resolves.
  doc = annotate("Putin said that his life had been saved.\n");
  auto his = resolved(doc, "his");
  REQUIRE_MESSAGE(his, describe(doc));
  CHECK(his->canonical == "Vladimir Putin");
}

TEST_CASE("the country named in a title is what the country means later in the sentence") {
  auto doc = annotate("Russia watched closely. Afghanistan's President Ashraf Ghani said he had stepped down "
                      "and subsequently fled the country.\n");
  auto country = resolved(doc, "country");
  REQUIRE_MESSAGE(country, describe(doc));
  CHECK(country->canonical == "Afghanistan");
  CHECK((country->type == kg::graph::ActorType::Country));
}

TEST_CASE("a singular common noun between the actor and it leaves it unresolved") {
  auto doc = annotate("Russia announced a new peace plan on Monday, and Lavrov defended it on Tuesday.\n");
  CHECK_MESSAGE(!resolved(doc, "it"), describe(doc));
  doc = annotate("The Taliban seized the city of Kunduz, and its fighters entered the main square.\n");
  CHECK_MESSAGE(!resolved(doc, "its"), describe(doc));
  doc = annotate("NATO said that it plans to leave Afghanistan.\n");
  auto it = resolved(doc, "it");
  REQUIRE_MESSAGE(it, describe(doc));
  CHECK(it->canonical == "NATO");
}

TEST_CASE("an actor buried in a noun phrase does not take it: the phrase is the likelier referent") {
  auto doc = annotate("Lavrov criticised a report about NATO and called it biased.\n");
  CHECK_MESSAGE(!resolved(doc, "it"), describe(doc));
  doc = annotate("NATO said on Monday that it plans to leave Afghanistan.\n");
  auto it = resolved(doc, "it");
  REQUIRE_MESSAGE(it, describe(doc));
  CHECK(it->canonical == "NATO");
}

TEST_CASE("a name kg does not know, standing between, leaves it unresolved") {
  auto doc = annotate("NATO criticised Gazprom, and it answered on Tuesday.\n");
  CHECK_MESSAGE(!resolved(doc, "it"), describe(doc));
}

TEST_CASE("a plural common noun between the group and they leaves they unresolved") {
  auto doc = annotate("The Taliban fighters burned the masks, and they were never found again.\n");
  CHECK_MESSAGE(!resolved(doc, "they"), describe(doc));
  doc = annotate("The Taliban said in Moscow on Friday that they now control 85% of Afghanistan's territory.\n");
  auto they = resolved(doc, "they");
  REQUIRE_MESSAGE(they, describe(doc));
  CHECK(they->canonical == "Taliban");
}

TEST_CASE("the first pronoun fixes the gender of a person whose name does not tell it") {
  auto doc = annotate("Sultani said that he would attend the talks in Doha. She added that the talks would begin "
                      "on Monday.\n");
  auto he = resolved(doc, "he");
  REQUIRE_MESSAGE(he, describe(doc));
  CHECK(he->canonical == "Sultani");
  CHECK_MESSAGE(!resolved(doc, "She"), describe(doc));
}

TEST_CASE("an unrecognised plural subject outranks a group named later in its sentence for they") {
  // After sample 001 (whose "authorities" kg now recognises): the elders announce, not
  // the refugees.
  auto doc = annotate(
      "The elders set up tent camps for Afghan refugees. They also announced "
      "that they would mobilize 20,000 soldiers.\n");
  CHECK_MESSAGE(!resolved(doc, "They"), describe(doc));
  // With the group as the subject, they resolves to it.
  doc = annotate("Afghan refugees crossed the border into Tajikistan. They also asked for tents.\n");
  auto they = resolved(doc, "They");
  REQUIRE_MESSAGE(they, describe(doc));
  CHECK(they->canonical == "Afghan refugees");
}

TEST_CASE("a description names the antecedent that ends with its noun before nearer actors of its type") {
  // Sample 001: the news agency between them is an organization, as a delegation may be.
  auto doc = annotate("Shahabddin Delava, head of the Taliban delegation, spoke in Moscow. According to Interfax "
                      "news agency, the delegation met with Zamir Kabulov.\n");
  auto d = resolved(doc, "delegation");
  REQUIRE_MESSAGE(d, describe(doc));
  CHECK_MESSAGE(d->canonical == "Taliban delegation", describe(doc));
}

TEST_CASE("we in a quote is the body its speaker represents, found after the quote or earlier in the paragraph") {
  // Sample 004: the attribution closes the first sentence of the quote; the quote
  // goes on in the next sentence without one.
  auto doc = annotate(
      "Russian President Vladimir Putin spoke on Tuesday.\n\n"
      "\xE2\x80\x9CWe are keeping a close eye on this situation,\xE2\x80\x9D he said at a congress. "
      "\xE2\x80\x9CNaturally, we will not interfere in Afghanistan\xE2\x80\x99s domestic affairs.\xE2\x80\x9D\n");
  int russia = 0;
  for (const auto& s : doc.sentences)
    for (const Mention& m : s.mentions)
      if (m.resolved_reference && (m.text == "We" || m.text == "we")) {
        CHECK_MESSAGE(m.canonical == "Russia", describe(doc));
        ++russia;
      }
  CHECK_MESSAGE(russia == 2, describe(doc));
  // A bare surname speaks with the role the document gave the person before.
  doc = annotate("Russian President Vladimir Putin spoke on Tuesday.\n\n"
                 "\xE2\x80\x9CWe have learned the lesson,\xE2\x80\x9D Putin said.\n");
  auto we = resolved(doc, "We");
  REQUIRE_MESSAGE(we, describe(doc));
  CHECK(we->canonical == "Russia");
}

TEST_CASE("we stays unresolved for the author, a speaker without a role, or another paragraph's speaker") {
  // The author's own "we", outside any quote or reported speech.
  auto doc = annotate("Moscow and the Resistance Front share the reasons that we have given above.\n");
  CHECK_MESSAGE(!resolved(doc, "we"), describe(doc));
  // A quoted witness speaks for nobody kg knows.
  doc = annotate("\xE2\x80\x9CWe left everything behind,\xE2\x80\x9D said Ahmad, a shopkeeper in Kabul.\n");
  CHECK_MESSAGE(!resolved(doc, "We"), describe(doc));
  // The previous paragraph's speaker goes on only into a paragraph that opens with a quote.
  doc = annotate("\xE2\x80\x9CThe situation is alarming,\xE2\x80\x9D said Foreign Minister Sergei Lavrov.\n\n"
                 "The talks went on. \xE2\x80\x9CWe will wait.\xE2\x80\x9D\n");
  CHECK_MESSAGE(!resolved(doc, "We"), describe(doc));
  doc = annotate("\xE2\x80\x9CThe situation is alarming,\xE2\x80\x9D said Foreign Minister Sergei Lavrov.\n\n"
                 "\xE2\x80\x9CWe will wait.\xE2\x80\x9D\n");
  auto we = resolved(doc, "We");
  REQUIRE_MESSAGE(we, describe(doc));
  CHECK(we->canonical == "Russia");
}

TEST_CASE("we in reported speech is the body of the reporting verb's subject") {
  // Sample 000: the participle has no subject of its own; the clause's subject speaks.
  auto doc = annotate("The Taliban will only shrug their hands, declaring that we would like to negotiate.\n");
  auto we = resolved(doc, "we");
  REQUIRE_MESSAGE(we, describe(doc));
  CHECK(we->canonical == "Taliban");
  // Russian officials speak for Russia.
  doc = annotate("Russian officials said that we must wait.\n");
  we = resolved(doc, "we");
  REQUIRE_MESSAGE(we, describe(doc));
  CHECK(we->canonical == "Russia");
}

TEST_CASE("a surname shared by two people of the document goes to the one named as a clause argument") {
  // Sample 004: the father is named only inside the son's apposition.
  auto doc = annotate(
      "It is led by Ahmad Massoud, a son of Ahmad Shah Massoud (1953-2001), a once influential leader of "
      "Afghanistan's Tajik community. A source in Panjshir told TASS on Saturday that Massoud had embarked on "
      "talks with the Taliban.\n");
  auto named = [&](const std::string& text) -> std::optional<Mention> {
    for (auto& s : doc.sentences)
      for (auto& m : s.mentions)
        if (m.text == text) return m;
    return std::nullopt;
  };
  auto massoud = named("Massoud");
  REQUIRE_MESSAGE(massoud, describe(doc));
  CHECK(massoud->canonical == "Ahmad Massoud");
  // Both named as subjects: the surname alone is not a guess between them.
  doc = annotate("Ahmad Massoud and Ahmad Shah Massoud fought the Taliban. Massoud was wounded.\n");
  massoud = named("Massoud");
  REQUIRE_MESSAGE(massoud, describe(doc));
  CHECK(massoud->canonical == "Massoud");
}

TEST_CASE("a description does not take the subject of its own clause, but may in a reported clause") {
  // Sample 004: "that country" is not Russia, the subject of the clause that holds it.
  auto doc = annotate(
      "Russia is keeping a close eye on the situation in Afghanistan but will not let its armed forces be drawn "
      "into an all-against-all conflict in that country.\n");
  auto country = resolved(doc, "country");
  REQUIRE_MESSAGE(country, describe(doc));
  CHECK(country->canonical == "Afghanistan");
  // Nothing else to name: unresolved, not the subject under its pronoun "its".
  doc = annotate("The former Soviet Union has its own experience in that country.\n");
  CHECK_MESSAGE(!resolved(doc, "country"), describe(doc));
  // Sample 000: a reported clause may name its speaker's body by a description.
  doc = annotate(
      "The Taliban understands these nuances very well, therefore Taliban representatives said today that the "
      "movement has no plans to interfere in the internal affairs of China.\n");
  auto movement = resolved(doc, "movement");
  REQUIRE_MESSAGE(movement, describe(doc));
  CHECK(movement->canonical == "Taliban");
  // "that" opening a clause is no determiner.
  doc = annotate("The Taliban captured Kandahar. Officials said that militants attacked the city.\n");
  CHECK_MESSAGE(!resolved(doc, "militants"), describe(doc));
}

TEST_CASE("it may mean a place that is the subject of its sentence, named or named by its noun") {
  auto doc = annotate("The western province of Herat fell to the Taliban on Friday. Its governor fled to Iran.\n");
  auto its = resolved(doc, "Its");
  REQUIRE_MESSAGE(its, describe(doc));
  CHECK(its->canonical == "Herat");
  // The place as an object is not what "it" takes.
  doc = annotate("Fighters left Herat on Friday. Its governor fled to Iran.\n");
  CHECK_MESSAGE(!resolved(doc, "Its"), describe(doc));
}

TEST_CASE(
    "a plain passive it takes a subject place; nouns of that place's predicate do not stand "
    "between") {
  // samples/004: "resistance" describes Panjshir, and "It is led by" is no expletive
  auto doc = annotate(
      "The northern province of Panjshir is the only pocket of resistance to the Taliban. "
      "It is led by Ahmad Massoud.\n");
  auto it = resolved(doc, "It");
  REQUIRE_MESSAGE(it, describe(doc));
  CHECK(it->canonical == "Panjshir");
  CHECK((it->type == kg::graph::ActorType::Location));
  // a passive with a clause of its own stays expletive
  doc = annotate(
      "The northern province of Panjshir is the only pocket of resistance to the Taliban. "
      "It is believed by many that the Taliban will attack.\n");
  CHECK_MESSAGE(!resolved(doc, "It"), describe(doc));
  // a noun outside the place's predicate still stands between
  doc = annotate(
      "The northern province of Panjshir fell to the Taliban. The decree of the council "
      "was signed on Friday. It is led by Ahmad Massoud.\n");
  CHECK_MESSAGE(!resolved(doc, "It"), describe(doc));
}

TEST_CASE("a thing between a group and the they that speaks does not stand between them") {
  // samples/001: the camps do not announce
  auto doc = annotate(
      "In Tajikistan, the authorities set up tent camps for Afghan refugees. "
      "They also announced that they would mobilize 20,000 soldiers.\n");
  auto they = resolved(doc, "They");
  REQUIRE_MESSAGE(they, describe(doc));
  CHECK_MESSAGE(they->canonical == "Tajik authorities", describe(doc));
  // "it says" may be a sign: the noun between still blocks
  doc = annotate("I got sick when I was in Croatia for vacation. I have no idea what it says.\n");
  CHECK_MESSAGE(!resolved(doc, "it"), describe(doc));
}

TEST_CASE("the country of a group that is the subject above it is what the country means") {
  // samples/001: not Moscow's Russia, named nearer
  auto doc = annotate(
      "Shaheen assured Moscow that after the withdrawal of US troops, their Afghan "
      "interpreters will have no reason to leave the country.\n");
  auto country = resolved(doc, "country");
  REQUIRE_MESSAGE(country, describe(doc));
  CHECK_MESSAGE(country->canonical == "Afghanistan", describe(doc));
  // a subject that is no affiliated group leaves the nearest country
  doc = annotate(
      "Shaheen assured Moscow that the interpreters will have no reason to leave the country.\n");
  country = resolved(doc, "country");
  REQUIRE_MESSAGE(country, describe(doc));
  CHECK_MESSAGE(country->canonical == "Russia", describe(doc));
}

}  // TEST_SUITE("coref")
