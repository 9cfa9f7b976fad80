// Tests of extract/relations: the dependency rules on hand-annotated UD trees of
// real news sentences (tests/data/relations/*.conllu; mentions in the MISC column).
#include <algorithm>
#include <sstream>

#include "extract/nlp/conllu.h"
#include "extract/relations/relation_extractor.h"
#include "extract/relations/verb_forms.h"
#include "graph/error.h"
#include "test_support.h"

namespace {

using kg::extract::Document;
using kg::extract::Mention;
using kg::extract::RelationExtractor;
using kg::extract::Sentence;
using kg::graph::Triple;

constexpr std::size_t kSentenceBase = 1000;  // raw offset of every fixture sentence

std::string miscValue(const std::string& misc, const std::string& key) {
  std::size_t p = 0;
  while (p <= misc.size()) {
    std::size_t e = misc.find('|', p);
    if (e == std::string::npos) e = misc.size();
    std::string part = misc.substr(p, e - p);
    if (part.rfind(key + "=", 0) == 0) return part.substr(key.size() + 1);
    p = e + 1;
  }
  return "";
}

// Reads a fixture: raw offsets from the "# text" line (sentence at kSentenceBase), and
// mentions from MISC: Actor=TYPE/Canonical_Name/ntokens, Aff=Country,
// Role=foreign_minister_of_Russia, Also=TYPE/Name (the second actor of "both countries"), Ante=N
// (1-based token of a resolved pronoun's antecedent in the sentence; 0 = outside it).
std::vector<Sentence> fixture(const std::string& name) {
  auto sentences = kg::extract::readConllu((kg::test::testDataDir() / "relations" / name).string());
  for (Sentence& s : sentences) {
    s.begin = kSentenceBase;
    s.end = kSentenceBase + s.text.size();
    std::size_t pos = 0;
    for (auto& t : s.tokens) {
      std::size_t at = s.text.find(t.form, pos);
      REQUIRE_MESSAGE(at != std::string::npos, "token not in text: " << t.form);
      t.begin = kSentenceBase + at;
      t.end = t.begin + t.form.size();
      pos = at + t.form.size();
    }
    for (std::size_t i = 0; i < s.tokens.size(); ++i) {
      std::string actor = miscValue(s.tokens[i].misc, "Actor");
      if (actor.empty()) continue;
      std::size_t a = actor.find('/'), b = actor.rfind('/');
      Mention m;
      m.type = *kg::graph::parseActorType(actor.substr(0, a));
      m.canonical = actor.substr(a + 1, b - a - 1);
      std::replace(m.canonical.begin(), m.canonical.end(), '_', ' ');
      m.first = i;
      m.last = i + std::stoul(actor.substr(b + 1));
      m.begin = s.tokens[m.first].begin;
      m.end = s.tokens[m.last - 1].end;
      m.text = s.text.substr(m.begin - kSentenceBase, m.end - m.begin);
      m.affiliation = miscValue(s.tokens[i].misc, "Aff");
      std::replace(m.affiliation.begin(), m.affiliation.end(), '_', ' ');
      m.role = miscValue(s.tokens[i].misc, "Role");
      std::replace(m.role.begin(), m.role.end(), '_', ' ');
      // Also=TYPE/Name: the second actor of a description of two ("both countries").
      if (std::string also = miscValue(s.tokens[i].misc, "Also"); !also.empty()) {
        const std::size_t slash = also.find('/');
        std::string name = also.substr(slash + 1);
        std::replace(name.begin(), name.end(), '_', ' ');
        m.also.push_back({name, *kg::graph::parseActorType(also.substr(0, slash)), ""});
      }
      std::string ante = miscValue(s.tokens[i].misc, "Ante");
      if (!ante.empty()) {
        m.resolved_reference = true;
        int n = std::stoi(ante);
        if (n > 0) {
          m.begin = s.tokens[n - 1].begin;
          m.end = s.tokens[n - 1].end;
        }
      }
      s.mentions.push_back(m);
    }
  }
  return sentences;
}

const RelationExtractor& extractor() {
  static auto ex = RelationExtractor::create("dependency");
  return *ex;
}

std::vector<Triple> extractFrom(const std::string& file, const std::string& sent_id) {
  for (const Sentence& s : fixture(file)) {
    if (std::find(s.comments.begin(), s.comments.end(), "sent_id = " + sent_id) ==
        s.comments.end())
      continue;
    Document doc;
    doc.name = "fixture.txt";
    return extractor().extract(doc, s);
  }
  FAIL("no sentence " << sent_id << " in " << file);
  return {};
}

// Extracts from the last of the sentences `sent_ids`, read as one document in that order.
std::vector<Triple> extractInDocument(const std::string& file,
                                      const std::vector<std::string>& sent_ids) {
  auto all = fixture(file);
  Document doc;
  doc.name = "fixture.txt";
  for (const std::string& id : sent_ids)
    for (const Sentence& s : all)
      if (std::find(s.comments.begin(), s.comments.end(), "sent_id = " + id) != s.comments.end())
        doc.sentences.push_back(s);
  REQUIRE(doc.sentences.size() == sent_ids.size());
  return extractor().extract(doc, doc.sentences.back());
}

std::string show(const std::vector<Triple>& ts) {
  std::ostringstream out;
  for (const Triple& t : ts)
    out << "\n  " << t.subject << " | " << t.relation << " | " << t.object
        << (t.negated ? " (negated)" : "") << " [" << kg::graph::toString(t.modality) << ", "
        << t.extractor << "]";
  return out.str();
}

std::string mod(const Triple* t) { return std::string(kg::graph::toString(t->modality)); }

const Triple* find(const std::vector<Triple>& ts, const std::string& subject,
                   const std::string& relation, const std::string& object) {
  for (const Triple& t : ts)
    if (t.subject == subject && t.relation == relation && t.object == object) return &t;
  return nullptr;
}

#define REQUIRE_TRIPLE(var, ts, s, r, o)                                             \
  const Triple* var = find(ts, s, r, o);                                             \
  REQUIRE_MESSAGE(var != nullptr, "missing " << s << " | " << r << " | " << o << " in" \
                                             << show(ts))

}  // namespace

TEST_SUITE("relations") {
  TEST_CASE("the factory knows the dependency extractor and rejects other names") {
    CHECK(RelationExtractor::names() == std::vector<std::string>{"dependency"});
    for (const auto& name : RelationExtractor::names())
      CHECK(RelationExtractor::create(name) != nullptr);
    CHECK_THROWS_AS(RelationExtractor::create("openie"), kg::UsageError);
  }

  TEST_CASE("relation names use the third person singular of the lemma") {
    using kg::extract::verbs::thirdPerson;
    CHECK(thirdPerson("flee") == "flees");
    CHECK(thirdPerson("carry") == "carries");
    CHECK(thirdPerson("stay") == "stays");
    CHECK(thirdPerson("push") == "pushes");
    CHECK(thirdPerson("go") == "goes");
    CHECK(thirdPerson("be") == "is");
    CHECK(thirdPerson("have") == "has");
    CHECK(thirdPerson("negotiate") == "negotiates");
  }

  TEST_CASE("reported speech gives the inner triple attributed to the speaker") {
    auto ts = extractFrom("speech.conllu", "reported-ccomp");
    REQUIRE_TRIPLE(t, ts, "Russia", "interferes-in", "Afghanistan");
    CHECK(t->negated);
    CHECK(mod(t) == "reported");
    CHECK(t->attributed_to == "Sergey Lavrov");
    CHECK(t->lemma == "interfere");
    // "said" has no actor object: the act of saying is no triple.
    CHECK(ts.size() == 1);
    // Raw byte offsets: "Russia" is at byte 23 of the sentence, "Afghanistan" at 52.
    CHECK(t->subject_span == kg::graph::ByteSpan{kSentenceBase + 23, kSentenceBase + 29});
    CHECK(t->object_span == kg::graph::ByteSpan{kSentenceBase + 52, kSentenceBase + 63});
    CHECK(t->sentence_offset.begin == kSentenceBase);
    CHECK(t->doc == "fixture.txt");
    CHECK(t->confidence > 0.5);
    CHECK(t->confidence <= 1.0);
  }

  TEST_CASE("telling an actor is a triple and what is told is reported") {
    auto ts = extractFrom("speech.conllu", "told-actor");
    REQUIRE_TRIPLE(tell, ts, "source in Panjshir", "tells", "TASS");
    CHECK(mod(tell) == "asserted");
    REQUIRE_TRIPLE(talks, ts, "Ahmad Massoud", "negotiates-with", "Taliban");
    CHECK(mod(talks) == "reported");
    CHECK(talks->attributed_to == "source in Panjshir");
    CHECK_FALSE(talks->negated);
  }

  TEST_CASE("the object of a reporting verb is whom it is said to, not the content's subject") {
    auto ts = extractFrom("speech.conllu", "content-subject-as-object");
    CHECK_FALSE(find(ts, "Russia", "claims", "Taliban"));
    CHECK_MESSAGE(find(ts, "Russia", "assures", "Afghanistan"), show(ts));
  }

  TEST_CASE("a denial is what its speaker says did not happen; an accusation what its maker says") {
    auto denied = extractFrom("speech.conllu", "denial");
    REQUIRE_TRIPLE(d, denied, "Russia", "attacks", "Taliban");
    CHECK(d->negated);
    CHECK(mod(d) == "reported");
    CHECK(d->attributed_to == "Russia");
    auto accused = extractFrom("speech.conllu", "accusation");
    CHECK(find(accused, "Russia", "accuses", "United States"));
    REQUIRE_TRIPLE(a, accused, "United States", "destabilises", "Afghanistan");
    CHECK_FALSE(a->negated);
    CHECK(mod(a) == "reported");
    CHECK(a->attributed_to == "Russia");
    auto blamed = extractFrom("speech.conllu", "blame-for");
    REQUIRE_TRIPLE(b, blamed, "Taliban", "attacks", "Kunduz");
    CHECK(mod(b) == "reported");
    CHECK(b->attributed_to == "Russia");
  }

  TEST_CASE("an infinitive on a copular noun is its subject's: 'was in no hurry to recognise'") {
    auto ts = extractFrom("speech.conllu", "no-hurry");
    REQUIRE_TRIPLE(t, ts, "Russia", "recognises", "Taliban");
    CHECK(t->negated);
    CHECK(mod(t) == "reported");
    CHECK(t->attributed_to == "Zamir Kabulov");
  }

  TEST_CASE("a headline's 'X: V ...' is what X claims to do; a fraction of a place stays one") {
    auto ts = extractFrom("speech.conllu", "headline-claim");
    REQUIRE_TRIPLE(t, ts, "Taliban", "controls", "85% of Afghanistan");
    CHECK(mod(t) == "reported");
    CHECK(t->attributed_to == "Taliban");
    CHECK_FALSE(find(ts, "Taliban", "controls", "Afghanistan"));
    // A fraction of a thing is that thing, as before.
    auto territory = extractFrom("speech.conllu", "fraction-of-territory");
    REQUIRE_TRIPLE(u, territory, "Taliban", "controls", "territory");
    CHECK(mod(u) == "asserted");
  }

  TEST_CASE("'according to X' on the subject makes the clause X's") {
    auto ts = extractFrom("speech.conllu", "according-to-on-subject");
    REQUIRE_TRIPLE(t, ts, "jihadists", "threatens", "Russia");
    CHECK(mod(t) == "reported");
    CHECK(t->attributed_to == "Andrei Kortunov");
  }

  TEST_CASE("what is wanted, planned or agreed is future") {
    auto ts = extractFrom("speech.conllu", "wants-to");
    REQUIRE_TRIPLE(t, ts, "Russia", "operates-in", "Kabul");
    CHECK(mod(t) == "future");
  }

  TEST_CASE("a promise of a thing is an act: 'pledged aid to Afghanistan'") {
    auto ts = extractFrom("speech.conllu", "pledge-aid");
    REQUIRE_TRIPLE(t, ts, "China", "pledges", "aid");
    CHECK(mod(t) == "asserted");
    CHECK(find(ts, "China", "pledges-to", "Afghanistan"));
  }

  TEST_CASE("'..., their spokesman said' as a conjunct: reported, by the possessor's spokesman") {
    auto ts = extractFrom("speech.conllu", "said-as-conjunct");
    REQUIRE_TRIPLE(t, ts, "Taliban", "takes", "Kabul");
    CHECK(mod(t) == "reported");
    CHECK(t->attributed_to == "Taliban's spokesman");
  }

  TEST_CASE("a quote followed by 'he said' is attributed to the speaker") {
    auto ts = extractFrom("speech.conllu", "quote-parataxis");
    // "their safety": the possessor of a possessor noun is what the act is about.
    REQUIRE_TRIPLE(t, ts, "Taliban", "guarantees-safety-of", "Afghan interpreters");
    CHECK(t->attributed_to == "Suhail Shaheen");
    CHECK(mod(t) == "reported");
    CHECK(t->subject_text == "We");
    CHECK(t->object_text == "their");
    CHECK(t->object_affiliation == "Afghanistan");
    CHECK_FALSE(find(ts, "Taliban", "guarantees", "safety"));
  }

  TEST_CASE("coordination distributes over subjects and verbs") {
    auto ts = extractFrom("clauses.conllu", "svo-coordination");
    CHECK(find(ts, "Russia", "supports", "Taliban"));
    CHECK(find(ts, "China", "supports", "Taliban"));
    CHECK(find(ts, "Russia", "opposes", "United States"));
    CHECK(find(ts, "China", "opposes", "United States"));
    CHECK_MESSAGE(ts.size() == 4, show(ts));
  }

  TEST_CASE("a subject with a preposition is a parse error, not a subject") {
    // samples/000: the parser read "in negotiations with the Afghan government" as a
    // second subject of "the Taliban captured the city"
    auto ts = extractFrom("clauses.conllu", "subject-with-preposition");
    CHECK(find(ts, "Taliban", "captures", "Herat"));
    for (const Triple& t : ts) CHECK_MESSAGE(t.subject != "negotiations", show(ts));
  }

  TEST_CASE("an appositive the parser hangs on a verb describes the name before it") {
    // samples/004: "a leader ..." after the parenthesised years went to "led"
    auto ts = extractFrom("clauses.conllu", "appositive-on-verb");
    CHECK_MESSAGE(find(ts, "Ahmad Shah Massoud", "is-leader-of", "Tajik community"), show(ts));
    // the relative clause on the appositive is the person's
    CHECK_MESSAGE(find(ts, "Ahmad Shah Massoud", "fights-against", "Taliban"), show(ts));
    CHECK(find(ts, "Ahmad Massoud", "is-son-of", "Ahmad Shah Massoud"));
    CHECK_FALSE(find(ts, "Ahmad Massoud", "is-leader-of", "Tajik community"));
  }

  TEST_CASE("passive voice puts the agent first") {
    auto ts = extractFrom("clauses.conllu", "passive-agent-participle");
    REQUIRE_TRIPLE(t, ts, "refugees", "overwhelms", "Iran");
    CHECK(mod(t) == "future");
    CHECK(t->extractor == "dep:passive");
    // The participle "refugees fleeing the Taliban" has the noun as its subject.
    REQUIRE_TRIPLE(f, ts, "refugees", "flees", "Taliban");
    CHECK(mod(f) == "asserted");
  }

  TEST_CASE("provide refuge for becomes shelters and a relative clause's subject is its noun") {
    auto ts = extractFrom("clauses.conllu", "light-verb-relative");
    REQUIRE_TRIPLE(t, ts, "Tajikistan", "shelters", "Afghan soldiers");
    CHECK(t->lemma == "shelter");
    CHECK(std::string(kg::graph::toString(t->object_type)) == "GROUP");
    CHECK(find(ts, "Afghan soldiers", "flees", "Taliban"));
    // The group's affiliation is what its words say about it, not a triple of its own:
    // it travels with every triple the group is an argument of.
    CHECK_FALSE(find(ts, "Afghan soldiers", "affiliated-with", "Afghanistan"));
    CHECK(t->object_affiliation == "Afghanistan");
    CHECK(std::string(kg::graph::toString(t->object_affiliation_type)) == "COUNTRY");
    CHECK_FALSE(find(ts, "Tajikistan", "provides", "refuge"));
  }

  TEST_CASE("a phrasal verb, an object complement and object control") {
    auto ts = extractFrom("clauses.conllu", "phrasal-xcomp-noun");
    CHECK(find(ts, "Taliban", "calls", "China"));
    CHECK(find(ts, "China", "is-friend-of", "Afghanistan"));
    CHECK(find(ts, "Taliban", "calls-on", "China"));
    CHECK(find(ts, "China", "invests-in", "Afghanistan"));
    CHECK_MESSAGE(ts.size() == 4, show(ts));
  }

  TEST_CASE("refused to extradite negates the complement; a resolved pronoun keeps its words") {
    auto ts = extractFrom("clauses.conllu", "control-negative");
    REQUIRE_TRIPLE(s, ts, "Haqqani Network", "shelters", "Uighurs");
    CHECK_FALSE(s->negated);
    REQUIRE_TRIPLE(e, ts, "Haqqani Network", "extradites", "Uighurs");
    CHECK(e->negated);
    CHECK(e->object_text == "them");
    // The span is the antecedent's ("Uighurs", bytes 34-41 of the sentence).
    CHECK(e->object_span == kg::graph::ByteSpan{kSentenceBase + 34, kSentenceBase + 41});
    CHECK_FALSE(find(ts, "Haqqani Network", "refuses", "Uighurs"));
  }

  TEST_CASE(
      "a bare verb sharing its conjunct's auxiliary shares its negation, a finite one does not") {
    // samples/003: "will never be ready to create an inclusive government, cleanse
    // Afghanistan of terrorist organizations"
    auto shared = extractFrom("clauses.conllu", "conjunct-shares-negation");
    REQUIRE_TRIPLE(attack, shared, "Taliban", "attacks", "Herat");
    CHECK(attack->negated);
    REQUIRE_TRIPLE(seize, shared, "Taliban", "seizes", "Kunduz");
    CHECK(seize->negated);
    auto contrast = extractFrom("clauses.conllu", "conjunct-against-negation");
    REQUIRE_TRIPLE(not_attack, contrast, "Taliban", "attacks", "Herat");
    CHECK(not_attack->negated);
    REQUIRE_TRIPLE(seized, contrast, "Taliban", "seizes", "Kunduz");
    CHECK_FALSE(seized->negated);
  }

  TEST_CASE(
      "a relative clause whose verb disagrees with the coordination it hangs on is the noun "
      "above's") {
    // samples/003: "a strategic alliance between China and Russia that continues against
    // the US", the clause parsed as China's
    auto ts = extractFrom("clauses.conllu", "relative-clause-agreement");
    CHECK_MESSAGE(find(ts, "alliance", "opposes", "United States"), show(ts));
    CHECK_FALSE(find(ts, "China", "opposes", "United States"));
    CHECK_FALSE(find(ts, "Russia", "opposes", "United States"));
    // with a plural verb the coordination is the subject, as parsed
    auto sentences = fixture("clauses.conllu");
    int seen = 0;
    for (Sentence& s : sentences) {
      if (s.text.rfind("Moscow joined", 0) != 0) continue;
      ++seen;
      s.tokens[9].xpos = "VBP";
      s.tokens[9].form = "oppose";
      auto plural = extractor().extract(Document{}, s);
      CHECK_MESSAGE(find(plural, "China", "opposes", "United States"), show(plural));
      CHECK(find(plural, "Russia", "opposes", "United States"));
    }
    CHECK(seen == 1);
  }

  TEST_CASE("have to is a modal: its complement has the triples, the modal none") {
    // GUM's speech_austria: "... have to support and assist the transition process in the
    // Arab world as the United Nations does now in Libya", "in Libya" parsed on "have"
    auto ts = extractFrom("clauses.conllu", "necessity-modal");
    CHECK_MESSAGE(find(ts, "United Nations", "supports", "transition"), show(ts));
    for (const Triple& t : ts) CHECK_MESSAGE(t.lemma != "have", show(ts));
  }

  TEST_CASE("a noun the parser made the head of a name stands for the name's actor") {
    // GUM's news_soccer: "Swedish captain Andreas Granqvist scored ..., putting Sweden 1-0 up"
    auto ts = extractFrom("clauses.conllu", "noun-heading-a-name");
    REQUIRE_TRIPLE(t, ts, "Andreas Granqvist", "meets", "Vladimir Putin");
    CHECK(std::string(kg::graph::toString(t->subject_type)) == "PERSON");
    CHECK_MESSAGE(ts.size() == 1, show(ts));
  }

  TEST_CASE("with an object, an actor after 'to' or 'against' is a participant too") {
    auto ts = extractFrom("clauses.conllu", "object-and-destination");
    CHECK(find(ts, "Russia", "sends", "troops"));
    CHECK_MESSAGE(find(ts, "Russia", "sends-to", "Tajikistan"), show(ts));
    // the other prepositions there are mostly the object's (samples/001: "protect the
    // 900-kilometer-long border with Afghanistan", "with" parsed on the verb)
    auto border = extractFrom("clauses.conllu", "object-and-misattached-with");
    CHECK(find(border, "Tajikistan", "protects", "border"));
    CHECK_MESSAGE(border.size() == 1, show(border));
  }

  TEST_CASE("'no' or 'neither' on an argument, and 'unable to', negate the predicate") {
    auto none = extractFrom("clauses.conllu", "negative-quantifier-object");
    REQUIRE_TRIPLE(rel, none, "Russia", "has-relation-with", "Taliban");
    CHECK(rel->negated);
    auto neither = extractFrom("clauses.conllu", "neither-nor-object");
    REQUIRE_TRIPLE(t, neither, "Russia", "recognises", "Taliban");
    CHECK(t->negated);
    REQUIRE_TRIPLE(n, neither, "Russia", "recognises", "NATO");
    CHECK(n->negated);
    auto unable = extractFrom("clauses.conllu", "unable-to");
    REQUIRE_TRIPLE(c, unable, "Taliban", "captures", "Panjshir");
    CHECK(c->negated);
  }

  TEST_CASE(
      "warned X against V-ing: X would do it, and it does not happen; so with 'stop short of', "
      "'has yet to'") {
    auto warned = extractFrom("clauses.conllu", "warned-against");
    CHECK(find(warned, "Russia", "warns", "Taliban"));
    REQUIRE_TRIPLE(w, warned, "Taliban", "attacks", "Tajikistan");
    CHECK(w->negated);
    CHECK_FALSE(find(warned, "Russia", "attacks", "Tajikistan"));
    auto short_of = extractFrom("clauses.conllu", "stopped-short-of");
    REQUIRE_TRIPLE(s, short_of, "Russia", "recognises", "Taliban");
    CHECK(s->negated);
    auto yet = extractFrom("clauses.conllu", "has-yet-to");
    REQUIRE_TRIPLE(y, yet, "Russia", "recognises", "Taliban");
    CHECK(y->negated);
    // "from" after a verb of prevention, not after any verb
    auto barred = extractFrom("clauses.conllu", "barred-from");
    REQUIRE_TRIPLE(b, barred, "Taliban", "attends", "meeting");
    CHECK(b->negated);
    auto got = extractFrom("clauses.conllu", "from-not-prevention");
    REQUIRE_TRIPLE(g, got, "Russia", "arms", "Taliban");
    CHECK_FALSE(g->negated);
  }

  TEST_CASE("an indirect object alone is the object the parser misread") {
    auto ts = extractFrom("clauses.conllu", "iobj-alone");
    CHECK_MESSAGE(find(ts, "Sergey Lavrov", "urges", "Taliban"), show(ts));
    CHECK(find(ts, "Taliban", "forms", "government"));  // object control
  }

  TEST_CASE("a mutual event between two actors is one's with the other's, not the host's") {
    auto ts = extractFrom("nominals.conllu", "event-between");
    CHECK(find(ts, "Russia", "hosts", "talks"));
    CHECK_MESSAGE(find(ts, "Afghan government", "talks-with", "Taliban"), show(ts));
    CHECK_FALSE(find(ts, "Russia", "talks-with", "Taliban"));
  }

  TEST_CASE(
      "a passive participle on a noun with its agent; on another passive's agent it is that "
      "passive's") {
    auto backed = extractFrom("clauses.conllu", "participle-on-noun-with-agent");
    CHECK_MESSAGE(find(backed, "Pakistan", "backs", "Taliban"), show(backed));
    CHECK(find(backed, "Taliban", "takes-over", "Kandahar"));
    // samples/003: "planned by British intelligence, financed by Saudi Arabia, and realized
    // by Pakistan", "financed" parsed on "intelligence"
    auto financed = extractFrom("clauses.conllu", "participle-on-agent");
    CHECK(find(financed, "United Kingdom", "plans", "project"));
    CHECK_MESSAGE(find(financed, "Saudi Arabia", "finances", "project"), show(financed));
    CHECK_FALSE(find(financed, "Saudi Arabia", "finances", "United Kingdom"));
  }

  TEST_CASE("an event noun that is the subject of what someone says is the sayer's") {
    auto ts = extractFrom("nominals.conllu", "event-noun-as-reported-subject");
    REQUIRE_TRIPLE(t, ts, "Sergey Lavrov", "negotiates-with", "Taliban");
    CHECK(mod(t) == "reported");
    for (const Triple& x : ts)
      CHECK_MESSAGE(x.subject.find("negotiations") == std::string::npos, show(ts));
  }

  TEST_CASE(
      "an infinitive read as a purpose clause: a verb of urging's object does it, and it is as "
      "sure as its head") {
    auto urged = extractFrom("clauses.conllu", "urged-purpose-clause");
    CHECK(find(urged, "Sergey Lavrov", "urges", "Taliban"));
    CHECK_MESSAGE(find(urged, "Taliban", "forms", "government"), show(urged));
    CHECK_FALSE(find(urged, "Sergey Lavrov", "forms", "government"));
    auto sent = extractFrom("clauses.conllu", "purpose-clause-future");
    REQUIRE_TRIPLE(p, sent, "Russia", "protects", "Tajikistan");
    CHECK(mod(p) == "future");
  }

  TEST_CASE("a faction or offshoot of an organisation is a relational noun too") {
    auto ts = extractFrom("nominals.conllu", "copula-faction");
    CHECK_MESSAGE(find(ts, "Haqqani Network", "is-faction-of", "Taliban"), show(ts));
  }

  TEST_CASE("an unresolved pronoun is dropped") {
    auto sentences = fixture("clauses.conllu");
    for (Sentence& s : sentences) {
      if (s.text.rfind("The Haqqani", 0) != 0) continue;
      s.mentions.erase(std::remove_if(s.mentions.begin(), s.mentions.end(),
                                      [](const Mention& m) { return m.text == "them"; }),
                       s.mentions.end());
      auto ts = extractor().extract(Document{}, s);
      CHECK(find(ts, "Haqqani Network", "shelters", "Uighurs"));
      for (const Triple& t : ts) CHECK(t.relation != "extradites");
    }
  }

  TEST_CASE("banned in a country makes the country the agent of a state act") {
    auto ts = extractFrom("clauses.conllu", "agentless-passive");
    REQUIRE_TRIPLE(t, ts, "Russia", "bans", "Taliban");
    CHECK(t->extractor == "dep:passive-state");
    CHECK_MESSAGE(ts.size() == 1, show(ts));
  }

  TEST_CASE("an agentless passive is kept as a fact about the patient") {
    auto ts = extractFrom("clauses.conllu", "causative-passive-xcomp");
    REQUIRE_TRIPLE(t, ts, "armed forces", "is-drawn-into", "conflict");
    CHECK(t->extractor == "dep:passive-obl");
  }

  TEST_CASE("let has no triple of its own; its passive complement inherits negation and future") {
    auto ts = extractFrom("clauses.conllu", "causative-passive-xcomp");
    REQUIRE_TRIPLE(t, ts, "armed forces", "is-drawn-into", "conflict");
    CHECK(t->negated);
    CHECK(mod(t) == "future");
    CHECK_MESSAGE(ts.size() == 1, show(ts));
  }

  TEST_CASE("a where-relative clause makes the noun it modifies a place") {
    auto ts = extractFrom("clauses.conllu", "relative-where");
    CHECK(find(ts, "Taliban fighters", "occupies", "important area in Herat Province"));
    CHECK(find(ts, "Shia minority members", "lives-in", "important area in Herat Province"));
  }

  TEST_CASE("an if-clause makes both clauses conditional") {
    auto ts = extractFrom("clauses.conllu", "conditional");
    REQUIRE_TRIPLE(a, ts, "Taliban", "attacks", "Tajikistan");
    REQUIRE_TRIPLE(d, ts, "Russia", "defends", "Tajikistan");
    CHECK(mod(a) == "conditional");
    CHECK(mod(d) == "conditional");
  }

  TEST_CASE("could is possible and no longer negates") {
    auto ts = extractFrom("clauses.conllu", "possible-no-longer");
    REQUIRE_TRIPLE(a, ts, "China", "attacks", "Taiwan");
    CHECK(mod(a) == "possible");
    CHECK_FALSE(a->negated);
    REQUIRE_TRIPLE(s, ts, "Russia", "supports", "Taliban");
    CHECK(s->negated);
    CHECK(mod(s) == "asserted");
  }

  TEST_CASE("has no plans to negates the planned act") {
    auto ts = extractFrom("clauses.conllu", "no-plans");
    REQUIRE_TRIPLE(t, ts, "Taliban", "interferes-in", "China");
    CHECK(t->negated);
    CHECK(t->subject_text == "movement");
    CHECK_MESSAGE(ts.size() == 1, show(ts));
  }

  TEST_CASE("a verb parsed as the complement of 'have no plans' is the subject's, negated") {
    // samples/000, as the parser reads it: "usurp" is an xcomp of "have", not of "plans"
    auto ts = extractFrom("clauses.conllu", "no-plans-xcomp");
    REQUIRE_TRIPLE(t, ts, "Taliban", "usurps", "power");
    CHECK(t->negated);
    ts = extractFrom("clauses.conllu", "plans-xcomp");
    REQUIRE_TRIPLE(u, ts, "Taliban", "takes", "Kabul");
    CHECK_FALSE(u->negated);
  }

  TEST_CASE("the one called on to act acts, even when the parser reads a purpose clause") {
    // samples/000: "called on the Chinese to invest in a beautiful Afghanistan"
    auto ts = extractFrom("clauses.conllu", "called-on-purpose");
    CHECK(find(ts, "Chinese", "invests-in", "Afghanistan"));
    CHECK_FALSE(find(ts, "Taliban", "invests-in", "Afghanistan"));
  }

  TEST_CASE("what is happening in a place is the place") {
    // samples/000: "Russia will not interfere in what is happening in Afghanistan"
    auto ts = extractFrom("clauses.conllu", "free-relative-event");
    REQUIRE_TRIPLE(t, ts, "Russia", "interferes-in", "Afghanistan");
    CHECK(t->negated);
    // what is said there is not the place
    ts = extractFrom("clauses.conllu", "free-relative-other");
    CHECK_FALSE(find(ts, "Russia", "interferes-in", "Afghanistan"));
  }

  TEST_CASE("a participle read as parataxis shares the subject") {
    // samples/004: "We are keeping a close eye on this situation, actively cooperating with ..."
    auto ts = extractFrom("clauses.conllu", "parataxis-participle");
    CHECK(find(ts, "Russia", "cooperates-with", "Collective Security Treaty Organization"));
  }

  TEST_CASE("a purpose clause and a conjoined verb inherit the subject") {
    auto ts = extractFrom("clauses.conllu", "conj-purpose-advcl");
    REQUIRE_TRIPLE(p, ts, "Ashraf Ghani", "prevents", "bloodshed");
    REQUIRE_TRIPLE(f, ts, "Ashraf Ghani", "flees", "Afghanistan");
    CHECK(mod(p) == "reported");
    CHECK(f->attributed_to == "Ashraf Ghani");
    CHECK(f->subject_text == "he");
  }

  TEST_CASE("an apposition with a relational noun states a role") {
    auto ts = extractFrom("nominals.conllu", "apposition-role");
    CHECK(find(ts, "delegation", "meets-with", "Samir Kabulov"));
    REQUIRE_TRIPLE(t, ts, "Samir Kabulov", "is-representative-of", "Russian Foreign Ministry");
    CHECK(t->extractor == "dep:appos");
  }

  TEST_CASE("a copula with a relational noun") {
    auto ts = extractFrom("nominals.conllu", "copula-relational");
    REQUIRE_TRIPLE(t, ts, "Russia", "is-ally-of", "Taliban");
    CHECK(t->subject_text == "Moscow");
    CHECK_MESSAGE(ts.size() == 1, show(ts));
  }

  TEST_CASE("hold talks with is negotiates-with, and the noun gives no second triple") {
    auto ts = extractFrom("nominals.conllu", "light-verb-talks");
    REQUIRE_TRIPLE(t, ts, "Russian officials", "negotiates-with", "Taliban");
    CHECK(std::string(kg::graph::toString(t->subject_type)) == "GROUP");
    CHECK(t->subject_affiliation == "Russia");
    CHECK_MESSAGE(ts.size() == 1, show(ts));
  }

  TEST_CASE("a title before a name states a role") {
    auto ts = extractFrom("nominals.conllu", "title-before-name");
    CHECK(find(ts, "Mohammad Javad Zarif", "is-foreign-minister-of", "Iran"));
    CHECK(find(ts, "Mohammad Javad Zarif", "participates-in", "negotiations"));
  }

  TEST_CASE("a role the text does not name the country of stays an attribute") {
    // "Foreign Minister Lavrov said ...": the lexicon knows Lavrov is Russia's foreign
    // minister, the words do not say it, and "Russia" later in the sentence is another
    // argument, not the minister's country.
    auto ts = extractFrom("nominals.conllu", "title-country-unwritten");
    CHECK_FALSE(find(ts, "Sergey Lavrov", "is-foreign-minister-of", "Russia"));
    REQUIRE_TRIPLE(t, ts, "Russia", "interferes-in", "Afghanistan");
    CHECK(t->negated);
    CHECK(t->attributed_to == "Sergey Lavrov");
  }

  TEST_CASE("an event noun takes its possessor as the subject") {
    auto ts = extractFrom("nominals.conllu", "event-noun-possessor");
    CHECK(find(ts, "Mohammad Javad Zarif", "talks-with", "Taliban"));
  }

  TEST_CASE("an event noun under a copular event holder takes the holder's subject") {
    // samples/004; the place noun's name stands for the subject
    auto ts = extractFrom("nominals.conllu", "event-holder-copula");
    CHECK(find(ts, "Panjshir", "resists", "Taliban"));
    // a victim of resistance does not resist
    ts = extractFrom("nominals.conllu", "event-holder-other-noun");
    CHECK_FALSE(find(ts, "Panjshir", "resists", "Taliban"));
  }

  TEST_CASE("a phrase object with coordinated 'on' modifiers gives one triple per conjunct") {
    // samples/000: "does not support attacks on civilians, schools, hospitals and mosques"
    auto ts = extractFrom("nominals.conllu", "distributed-modifier");
    for (const char* object :
         {"attacks on civilians", "attacks on schools", "attacks on mosques"}) {
      CAPTURE(object);
      REQUIRE_TRIPLE(t, ts, "Taliban", "supports", object);
      CHECK(t->negated);
    }
    CHECK_FALSE(find(ts, "Taliban", "supports", "attacks"));
    // each text runs from the phrase to its conjunct, as written
    REQUIRE_TRIPLE(t, ts, "Taliban", "supports", "attacks on schools");
    CHECK(t->object_text == "attacks on civilians, schools");
  }

  TEST_CASE("a demonstrative phrase takes the modifier of the same noun just before") {
    // samples/004: "the situation in Afghanistan ... We are keeping a close eye on this situation"
    auto ts =
        extractInDocument("nominals.conllu", {"demonstrative-antecedent", "demonstrative-phrase"});
    REQUIRE_TRIPLE(t, ts, "Russia", "monitors", "situation in Afghanistan");
    CHECK(t->object_text == "situation");
    // alone, it is just the noun
    ts = extractFrom("nominals.conllu", "demonstrative-phrase");
    CHECK(find(ts, "Russia", "monitors", "situation"));
  }

  TEST_CASE("a reporting verb used as a light verb gives its relation") {
    // samples/004: "the Biden administration announced the end of its US military operation"
    auto ts = extractFrom("nominals.conllu", "announce-end");
    CHECK(find(ts, "United States", "ends", "military operation in Afghanistan"));
    for (const Triple& t : ts) CHECK(t.relation != "announces");
  }

  TEST_CASE("coordinated subjects of a verb of two sides with no other side are partners") {
    auto ts = extractFrom("clauses.conllu", "reciprocal-coordinated");
    REQUIRE_TRIPLE(t, ts, "Vladimir Putin", "meets-with", "Recep Tayyip Erdogan");
    CHECK(find(ts, "Recep Tayyip Erdogan", "meets-in", "Sochi"));
    // A light verb with "with" and no "with" argument ("signed an agreement").
    ts = extractFrom("clauses.conllu", "light-verb-mutual");
    CHECK_MESSAGE(find(ts, "Russia", "signs-agreement-with", "China"), show(ts));
    // Fighting against a third side: the subjects fight together.
    ts = extractFrom("clauses.conllu", "reciprocal-against-third");
    CHECK_MESSAGE(find(ts, "al-Qaeda", "fights-against", "United States"), show(ts));
    for (const Triple& t : ts) CHECK_MESSAGE(t.object != "al-Qaeda", show(ts));
  }

  TEST_CASE("alliances, agreements and wars are events between their parties") {
    auto ts = extractFrom("nominals.conllu", "alliance-between");
    CHECK_MESSAGE(find(ts, "China", "allies-with", "Russia"), show(ts));
    ts = extractFrom("nominals.conllu", "wars-against-conjuncts");
    CHECK_MESSAGE(find(ts, "Taliban", "fights", "United States"), show(ts));
    CHECK_MESSAGE(find(ts, "Taliban", "fights", "NATO"), show(ts));
    // The subject of the clause around an event noun takes part only if it is an actor.
    ts = extractFrom("nominals.conllu", "war-no-party");
    for (const Triple& t : ts) CHECK_MESSAGE(t.relation != "fights", show(ts));
  }

  TEST_CASE("a description of two actors gives a triple for each") {
    auto ts = extractFrom("nominals.conllu", "description-of-two");
    CHECK_MESSAGE(find(ts, "Russia", "supports", "Taliban"), show(ts));
    CHECK_MESSAGE(find(ts, "China", "supports", "Taliban"), show(ts));
  }

  TEST_CASE("a singular appositive after the last conjunct is that conjunct's") {
    auto ts = extractFrom("nominals.conllu", "appositive-after-last-conjunct");
    CHECK_MESSAGE(find(ts, "Mullah Omar", "is-founder-of", "Taliban"), show(ts));
    CHECK_FALSE(find(ts, "Zalmay Khalilzad", "is-founder-of", "Taliban"));
  }

  TEST_CASE("a noun heading a titled name stands for the name's actor") {
    auto ts = extractFrom("nominals.conllu", "noun-heading-a-titled-name");
    CHECK_MESSAGE(find(ts, "Mullah Omar", "surrenders", "Afghanistan"), show(ts));
  }

  TEST_CASE("a withdrawal of an affiliated group is its state's, unless someone's withdrawal") {
    // samples/001: "after the withdrawal of US troops"
    auto ts = extractFrom("nominals.conllu", "withdrawal-affiliation");
    REQUIRE_TRIPLE(t, ts, "United States", "withdraws", "American troops");
    CHECK(t->subject_text == "US");  // the words naming the state
    CHECK(t->subject_span.end - t->subject_span.begin == 2);
    ts = extractFrom("nominals.conllu", "withdrawal-possessor");
    CHECK(find(ts, "Russia", "withdraws", "Russian troops"));
    CHECK_MESSAGE(ts.size() == 1, show(ts));  // the possessor's, once
  }

  TEST_CASE("unparsed and malformed trees give no triples") {
    Sentence s;
    s.text = "Russia supports the Taliban.";
    for (const char* w : {"Russia", "supports", "the", "Taliban", "."}) {
      kg::extract::Token t;
      t.form = w;
      s.tokens.push_back(t);  // head -1: not parsed
    }
    CHECK(extractor().extract(Document{}, s).empty());
    // A cycle (1 -> 2 -> 1) and a head out of range.
    s.tokens[0].head = 2;
    s.tokens[1].head = 1;
    s.tokens[2].head = 9;
    CHECK(extractor().extract(Document{}, s).empty());
    CHECK(extractor().extract(Document{}, Sentence{}).empty());
  }

  TEST_CASE("mentions outside the sentence's tokens are ignored, never a crash") {
    auto sentences = fixture("clauses.conllu");
    Sentence s = sentences.front();  // "Russia and China support the Taliban ..."
    Mention bad;
    bad.first = 3;
    bad.last = 99;
    bad.canonical = "Nowhere";
    bad.type = kg::graph::ActorType::Person;
    bad.role = "president of Nowhere";
    s.mentions.push_back(bad);
    Mention empty;
    empty.first = 5;
    empty.last = 5;
    empty.canonical = "Empty";
    empty.type = kg::graph::ActorType::Person;
    s.mentions.push_back(empty);
    auto ts = extractor().extract(Document{}, s);
    CHECK(find(ts, "Russia", "supports", "Taliban"));
    for (const Triple& t : ts) CHECK(t.subject != "Nowhere");
  }

  TEST_CASE("a malformed rule table is reported with its file and line") {
    kg::test::TempDir dir;
    const std::string good_words =
        kg::test::readFile(kg::test::sourceDir() / "extract/data/relation_words.json");
    kg::test::writeFile(dir / "relation_words.json", good_words);
    kg::test::writeFile(dir / "light_verbs.json",
                        "{\n  \"light_verbs\": [\n    {\"verb\": \"hold\", \"noun\": \"talk\"}\n  ],\n"
                        "  \"event_nouns\": []\n}\n");
    kg::extract::RelationOptions opts;
    opts.data_dir = dir.path().string();
    try {
      RelationExtractor::create("dependency", opts);
      FAIL("no error for an entry without a relation");
    } catch (const kg::InputError& e) {
      CHECK(std::string(e.what()).find("light_verbs.json:3: ") != std::string::npos);
      CHECK(std::string(e.what()).find("relation") != std::string::npos);
    }
    kg::test::writeFile(dir / "light_verbs.json", "{\n  \"light_verbs\": [\n  ,\n}\n");
    try {
      RelationExtractor::create("dependency", opts);
      FAIL("no error for malformed JSON");
    } catch (const kg::InputError& e) {
      CHECK(std::string(e.what()).find("light_verbs.json:3: malformed JSON") != std::string::npos);
    }
    kg::test::writeFile(
        dir / "light_verbs.json",
        "{\n  \"light_verbs\": [\n    {\"verb\": \"set\", \"noun\": \"camp\", \"relation\": "
        "\"shelters\",\n"
        "     \"lemma\": \"shelter\", \"literal\": \"yes\"}\n  ],\n  \"event_nouns\": []\n}\n");
    try {
      RelationExtractor::create("dependency", opts);
      FAIL("no error for a literal that is not true or false");
    } catch (const kg::InputError& e) {
      CHECK(std::string(e.what()).find("light_verbs.json:4: \"literal\" must be true or false") !=
            std::string::npos);
    }
  }

  TEST_CASE("a literal light verb keeps the plain triple beside its relation") {
    // samples/001: "the authorities set up tent camps for Afghan refugees"
    auto ts = extractFrom("clauses.conllu", "literal-light-verb");
    CHECK(find(ts, "Tajik authorities", "shelters", "Afghan refugees"));
    CHECK(find(ts, "Tajik authorities", "sets-up", "tent camps"));
    // a plain light verb gives its relation only
    ts = extractFrom("nominals.conllu", "light-verb-talks");
    for (const Triple& t : ts) CHECK(t.relation != "holds");
  }
}
