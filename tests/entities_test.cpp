// Tests of extract/entities: lexicon, NER data and model files, recognition rules,
// canonical names, affiliation, roles, coreference, and the actors of each sample.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "actor_cases.h"
#include "extract/entities/actors.h"
#include "extract/entities/lexicon.h"
#include "extract/entities/ner.h"
#include "extract/entities/ner_gazetteer.h"
#include "extract/nlp/conllu.h"
#include "extract/nlp/parser.h"
#include "extract/nlp/tagger.h"
#include "extract/text/segmenter.h"
#include "graph/error.h"
#include "test_support.h"

namespace {

using kg::extract::ActorRecognizer;
using kg::extract::Document;
using kg::extract::Mention;
using kg::extract::entities::NerExample;
using kg::extract::entities::NerSpan;
using kg::graph::ActorType;

const ActorRecognizer& recognizer() {
  static ActorRecognizer r = [] {
    kg::extract::ActorOptions o;
    o.explain = true;
    return ActorRecognizer::loadDefault(o);
  }();
  return r;
}

// Segments, tags and parses (when the models are committed) and annotates `text`.
Document annotate(const std::string& text, std::string* explain = nullptr) {
  // The committed tagger and parser when they load (a model being retrained may not).
  static const kg::extract::Tagger tagger = [] {
    try {
      if (std::filesystem::exists(kg::extract::Tagger::defaultPath())) return kg::extract::Tagger::loadDefault();
    } catch (const kg::Error&) {
    }
    return kg::extract::Tagger();
  }();
  static const kg::extract::Parser parser = [] {
    try {
      if (std::filesystem::exists(kg::extract::Parser::defaultPath())) return kg::extract::Parser::loadDefault();
    } catch (const kg::Error&) {
    }
    return kg::extract::Parser();
  }();
  Document doc;
  doc.name = "test.txt";
  doc.raw = text;
  // Rule-based segmentation: these tests are about actors, not sentence boundaries.
  static const kg::extract::Segmenter segmenter = [] {
    kg::extract::SegmentOptions so;
    so.use_model = false;
    return kg::extract::Segmenter(so);
  }();
  segmenter.segment(doc);
  for (auto& s : doc.sentences) {
    if (tagger.ok()) tagger.tag(s);
    if (tagger.ok() && parser.ok()) parser.parse(s);
  }
  std::ostringstream ex;
  recognizer().annotate(doc, &ex);
  if (explain) *explain = ex.str();
  return doc;
}

std::vector<Mention> allMentions(const Document& doc) {
  std::vector<Mention> out;
  for (auto& s : doc.sentences) out.insert(out.end(), s.mentions.begin(), s.mentions.end());
  return out;
}

// The first mention whose text is `text`.
std::optional<Mention> mention(const Document& doc, const std::string& text) {
  for (auto& m : allMentions(doc))
    if (m.text == text) return m;
  return std::nullopt;
}

std::string describe(const Document& doc) {
  std::string out;
  for (auto& m : allMentions(doc))
    out += "[" + m.text + " -> " + m.canonical + " " + std::string(kg::graph::toString(m.type)) + "] ";
  return out;
}

}  // namespace

TEST_SUITE("entities") {

TEST_CASE("the lexicon maps demonyms, aliases and seats of government to countries") {
  auto& r = recognizer();
  CHECK(r.countryOfDemonym("Russian") == std::optional<std::string>("Russia"));
  CHECK(r.countryOfDemonym("Afghan") == std::optional<std::string>("Afghanistan"));
  CHECK(r.countryOfDemonym("Tajik") == std::optional<std::string>("Tajikistan"));
  CHECK(r.countryOfDemonym("Kremlin") == std::nullopt);
  auto kremlin = r.lookup("the Kremlin");
  REQUIRE(kremlin);
  CHECK(kremlin->capital_of == "Russia");
  CHECK((kremlin->type == ActorType::Location));
  REQUIRE(r.lookup("Russian Federation"));
  CHECK(r.lookup("Russian Federation")->name == "Russia");
  CHECK(r.lookup("Daesh")->name == "Islamic State");
  CHECK(r.lookup("UN")->name == "United Nations");
  CHECK(r.lookup("Sergei Lavrov")->name == "Sergey Lavrov");
  CHECK((r.lookup("Sergei Lavrov")->type == ActorType::Person));
}

TEST_CASE("iso-codes supply every country with its common name") {
  auto& r = recognizer();
  // Not in the kg lexicon: straight from /usr/share/iso-codes/json.
  auto bolivia = r.lookup("Plurinational State of Bolivia");
  REQUIRE(bolivia);
  CHECK(bolivia->name == "Bolivia");
  CHECK((bolivia->type == ActorType::Country));
  REQUIRE(r.lookup("Iceland"));
  CHECK((r.lookup("Iceland")->type == ActorType::Country));
  // Subdivisions are places, diacritics stripped.
  REQUIRE(r.lookup("Herat"));
  CHECK((r.lookup("Herat")->type == ActorType::Location));
}

TEST_CASE("a lexicon error names the file and the line") {
  kg::test::TempDir dir;
  auto bad = dir / "bad.json";
  kg::test::writeFile(bad, "{\n  \"organizations\": [\n    {\"aliases\": [\"X\"]}\n  ]\n}\n");
  kg::extract::entities::Lexicon lex;
  CHECK_THROWS_WITH_AS(lex.loadFile(bad.string()), (bad.string() + ":3: missing \"name\"").c_str(),
                       kg::InputError);
  kg::test::writeFile(bad, "{\n  \"persons\": [\n    {\"name\": \"A B\",\n     \"type\": \"ALIEN\"}\n  ]\n}\n");
  CHECK_THROWS_WITH_AS(lex.loadFile(bad.string()), (bad.string() + ":3: unknown actor type \"ALIEN\"").c_str(),
                       kg::InputError);
  kg::test::writeFile(bad, "{\n  \"countries\": [\n    {\"name\": \"X\",}\n  ]\n}\n");
  try {
    lex.loadFile(bad.string());
    FAIL("no error");
  } catch (const kg::InputError& e) {
    CHECK(std::string(e.what()).rfind(bad.string() + ":3: invalid JSON", 0) == 0);
  }
  CHECK_THROWS_AS(lex.loadFile((dir / "missing.json").string()), kg::InputError);
  kg::test::writeFile(
      bad, "{\n  \"persons\": [\n    {\"name\": \"Xi Jinping\", \"surname\": \"Jin\"}\n  ]\n}\n");
  CHECK_THROWS_WITH_AS(lex.loadFile(bad.string()),
                       (bad.string() + ":3: \"surname\" must be a word of \"name\"").c_str(),
                       kg::InputError);
}

TEST_CASE("a lexicon person's surname may come first") {
  // "Xi" of "Xi Jinping" (the lexicon's "surname"); the last word stays the rule otherwise.
  auto doc = annotate("Xi met Putin in Beijing on Monday.\n");
  auto xi = mention(doc, "Xi");
  REQUIRE_MESSAGE(xi, describe(doc));
  CHECK(xi->canonical == "Xi Jinping");
  CHECK(mention(doc, "Putin")->canonical == "Vladimir Putin");
}

TEST_CASE("--actors adds actors from an extra lexicon") {
  kg::test::TempDir dir;
  auto extra = dir / "extra.json";
  kg::test::writeFile(extra, R"({"organizations": [{"name": "Panjshir Resistance", "aliases": ["Panjshir Front"], "kind": "armed"}]})");
  kg::extract::ActorOptions o;
  o.extra_lexicons = {extra.string()};
  auto r = ActorRecognizer::loadDefault(o);
  REQUIRE(r.lookup("Panjshir Front"));
  CHECK(r.lookup("Panjshir Front")->name == "Panjshir Resistance");
  CHECK(r.lookup("Panjshir Front")->kind == "armed");
}

TEST_CASE("IOB2 files and GUM entities become spans") {
  kg::test::TempDir dir;
  auto f = dir / "x.iob2";
  kg::test::writeFile(f, "# text = President Bush met Hu Jintao in Santiago\n1\tPresident\tO\t-\t-\n2\tBush\tB-PER\t-\t-\n"
                         "3\tmet\tO\t-\t-\n4\tHu\tB-PER\t-\t-\n5\tJintao\tI-PER\t-\t-\n6\tin\tO\t-\t-\n"
                         "7\tSantiago\tB-LOC\t-\t-\n\n");
  auto ex = kg::extract::entities::readIob2(f.string());
  REQUIRE(ex.size() == 1);
  using kg::extract::entities::NerSpan;
  CHECK(ex[0].spans == std::vector<NerSpan>{{1, 2, "PER"}, {3, 5, "PER"}, {6, 7, "LOC"}});
  kg::test::writeFile(f, "1\tBush\tX-PER\n");
  CHECK_THROWS_WITH_AS(kg::extract::entities::readIob2(f.string()), (f.string() + ":1: bad IOB2 tag \"X-PER\"").c_str(),
                       kg::InputError);

  // GUM: "the University of Portsmouth" (organization, head PROPN) -> "University of Portsmouth";
  // the nested place "Portsmouth" is inside it; "the professor" (head NOUN) is not a name.
  std::istringstream gum(
      "# text = the professor of the University of Portsmouth\n"
      "1\tthe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(1-person-new-x\n"
      "2\tprofessor\tprofessor\tNOUN\tNN\t_\t0\troot\t_\t_\n"
      "3\tof\tof\tADP\tIN\t_\t5\tcase\t_\t_\n"
      "4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\tEntity=(2-organization-new-x\n"
      "5\tUniversity\tUniversity\tPROPN\tNNP\t_\t2\tnmod\t_\t_\n"
      "6\tof\tof\tADP\tIN\t_\t7\tcase\t_\t_\n"
      "7\tPortsmouth\tPortsmouth\tPROPN\tNNP\t_\t5\tnmod\t_\tEntity=(3-place-new-x)2)1)\n\n");
  kg::extract::ConlluReader reader(gum, "gum");
  kg::extract::Sentence s;
  REQUIRE(reader.next(s));
  CHECK(kg::extract::entities::gumNamedEntities(s) == std::vector<NerSpan>{{4, 7, "ORG"}});
}

namespace {
// The NER spans GUM's conversion gives for one CoNLL-U sentence.
std::vector<kg::extract::entities::NerSpan> gumSpans(const std::string& conllu) {
  std::istringstream in(conllu);
  kg::extract::ConlluReader reader(in, "gum");
  kg::extract::Sentence s;
  REQUIRE(reader.next(s));
  return kg::extract::entities::gumNamedEntities(s);
}
// A NER training example: the words (a space after each) and their gold spans.
kg::extract::entities::NerExample nerExample(std::vector<std::string> words,
                                             std::vector<kg::extract::entities::NerSpan> spans) {
  kg::extract::entities::NerExample ex;
  ex.words = std::move(words);
  ex.space_after.assign(ex.words.size(), true);
  ex.spans = std::move(spans);
  return ex;
}

// The committed NER model (extract/models/ner.bin), loaded once.
const kg::extract::entities::NerModel& committedNer() {
  static const kg::extract::entities::NerModel ner = [] {
    auto model = std::filesystem::path(KG_SOURCE_DIR) / "extract/models/ner.bin";
    REQUIRE(std::filesystem::exists(model));
    return kg::extract::entities::NerModel::load(model.string());
  }();
  return ner;
}

bool hasSpan(const std::vector<kg::extract::entities::NerSpan>& spans,
             const kg::extract::entities::NerSpan& want) {
  return std::find(spans.begin(), spans.end(), want) != spans.end();
}

// The committed actor lexicon, for the NER rules that read it, loaded once.
const kg::extract::entities::Lexicon& defaultLexicon() {
  static const auto lexicon = kg::extract::entities::loadLexicon(kg::extract::ActorOptions{});
  return lexicon;
}

// `model` saved to a file and loaded back.
kg::extract::entities::NerModel reloaded(const kg::extract::entities::NerModel& model) {
  kg::test::TempDir dir;
  auto f = dir / "ner.bin";
  model.save(f.string());
  return kg::extract::entities::NerModel::load(f.string());
}

}  // namespace

TEST_CASE("GUM groups of people and bare titles are not person names, as in UNER") {
  using kg::extract::entities::NerSpan;
  // "the Americans": a person mention headed by a plural PROPN (NNPS) is a group.
  CHECK(gumSpans("1\tthe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(1-person-new-x\n"
                 "2\tAmericans\tAmerican\tPROPN\tNNPS\t_\t0\troot\t_\tEntity=1)\n\n")
            .empty());
  // "the President of France": the title is a role; the nested place stays.
  CHECK(gumSpans("1\tthe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(1-person-new-x\n"
                 "2\tPresident\tPresident\tPROPN\tNNP\t_\t0\troot\t_\t_\n"
                 "3\tof\tof\tADP\tIN\t_\t4\tcase\t_\t_\n"
                 "4\tFrance\tFrance\tPROPN\tNNP\t_\t2\tnmod\t_\tEntity=(2-place-new-x)1)\n\n") ==
        std::vector<NerSpan>{{3, 4, "LOC"}});
}

TEST_CASE("GUM coordinated people are one name each and articles stay outside names") {
  using kg::extract::entities::NerSpan;
  // "Chuck and Gretchen" is annotated as one person mention around two nested ones.
  CHECK(gumSpans("1\tChuck\tChuck\tPROPN\tNNP\t_\t0\troot\t_\tEntity=(1-person-new-x(2-person-new-x)\n"
                 "2\tand\tand\tCCONJ\tCC\t_\t3\tcc\t_\t_\n"
                 "3\tGretchen\tGretchen\tPROPN\tNNP\t_\t1\tconj\t_\tEntity=(3-person-new-x)1)\n\n") ==
        std::vector<NerSpan>{{0, 1, "PER"}, {2, 3, "PER"}});
  // "The Daily Collegian" -> "Daily Collegian"; "Argentina ’s" loses its typographic 's.
  CHECK(gumSpans("1\tThe\tthe\tDET\tDT\t_\t3\tdet\t_\tEntity=(1-organization-new-x\n"
                 "2\tDaily\tDaily\tPROPN\tNNP\t_\t3\tcompound\t_\t_\n"
                 "3\tCollegian\tCollegian\tPROPN\tNNP\t_\t0\troot\t_\tEntity=1)\n\n") ==
        std::vector<NerSpan>{{1, 3, "ORG"}});
  CHECK(gumSpans("1\tArgentina\tArgentina\tPROPN\tNNP\t_\t3\tnmod:poss\t_\tEntity=(1-place-new-x\n"
                 "2\t\u2019s\t's\tPART\tPOS\t_\t1\tcase\t_\tEntity=1)\n"
                 "3\tgovernment\tgovernment\tNOUN\tNN\t_\t0\troot\t_\t_\n\n") ==
        std::vector<NerSpan>{{0, 1, "LOC"}});
}

TEST_CASE("a GUM place named with a possessive and nothing possessed keeps it") {
  using kg::extract::entities::NerSpan;
  // "Lord 's in 1805": a cricket ground, a name as UNER's shops ("Wendy 's").
  CHECK(gumSpans("1\tat\tat\tADP\tIN\t_\t2\tcase\t_\t_\n"
                 "2\tLord\tLord\tPROPN\tNNP\t_\t0\troot\t_\tEntity=(1-place-new-x\n"
                 "3\t's\t's\tPART\tPOS\t_\t2\tcase\t_\tEntity=1)\n"
                 "4\tin\tin\tADP\tIN\t_\t5\tcase\t_\t_\n"
                 "5\t1805\t1805\tNUM\tCD\t_\t2\tnmod\t_\t_\n\n") ==
        std::vector<NerSpan>{{1, 3, "LOC"}});
  // A possessor stays without it: something is possessed ("England 's " City ... "" too),
  // or the mention is a person's ("Goldsmith 's , maintains").
  CHECK(gumSpans("1\tEngland\tEngland\tPROPN\tNNP\t_\t0\troot\t_\tEntity=(1-place-new-x\n"
                 "2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\tEntity=1)\n"
                 "3\t\"\t\"\tPUNCT\t``\t_\t4\tpunct\t_\t_\n"
                 "4\tCity\tCity\tPROPN\tNNP\t_\t1\tnmod\t_\t_\n\n") ==
        std::vector<NerSpan>{{0, 1, "LOC"}});
  CHECK(gumSpans("1\tGoldsmith\tGoldsmith\tPROPN\tNNP\t_\t0\troot\t_\tEntity=(1-person-new-x\n"
                 "2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\tEntity=1)\n"
                 "3\t,\t,\tPUNCT\t,\t_\t1\tpunct\t_\t_\n\n") ==
        std::vector<NerSpan>{{0, 1, "PER"}});
}

TEST_CASE("GUM names stop at a preposition and start after a description or a possessor mention") {
  using kg::extract::entities::NerSpan;
  // "the Museum of Flight in Seattle": "of" links the name, "in" ends it.
  CHECK(gumSpans("1\tthe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(1-place-new-x\n"
                 "2\tMuseum\tMuseum\tPROPN\tNNP\t_\t0\troot\t_\t_\n"
                 "3\tof\tof\tADP\tIN\t_\t4\tcase\t_\t_\n"
                 "4\tFlight\tFlight\tPROPN\tNNP\t_\t2\tnmod\t_\t_\n"
                 "5\tin\tin\tADP\tIN\t_\t6\tcase\t_\t_\n"
                 "6\tSeattle\tSeattle\tPROPN\tNNP\t_\t2\tnmod\t_\tEntity=(2-place-new-x)1)\n\n") ==
        std::vector<NerSpan>{{1, 4, "LOC"}, {5, 6, "LOC"}});
  // "NASA Administrator Charles Bolden": the title GUM attaches as nmod:desc is not the
  // person's name; the organization nested in it is a name of its own.
  CHECK(gumSpans("1\tNASA\tNASA\tPROPN\tNNP\t_\t2\tcompound\t_\tEntity=(1-person-new-x(2-"
                 "organization-new-x)\n"
                 "2\tAdministrator\tAdministrator\tPROPN\tNNP\t_\t3\tnmod:desc\t_\t_\n"
                 "3\tCharles\tCharles\tPROPN\tNNP\t_\t5\tnsubj\t_\t_\n"
                 "4\tBolden\tBolden\tPROPN\tNNP\t_\t3\tflat\t_\tEntity=1)\n"
                 "5\tspoke\tspeak\tVERB\tVBD\t_\t0\troot\t_\t_\n\n") ==
        std::vector<NerSpan>{{0, 1, "ORG"}, {2, 4, "PER"}});
  // "General Motors": a title word leads only a person's name.
  CHECK(gumSpans("1\tGeneral\tGeneral\tADJ\tNNP\t_\t2\tamod\t_\tEntity=(1-organization-new-x\n"
                 "2\tMotors\tMotor\tPROPN\tNNPS\t_\t3\tnsubj\t_\tEntity=1)\n"
                 "3\tgrew\tgrow\tVERB\tVBD\t_\t0\troot\t_\t_\n\n") ==
        std::vector<NerSpan>{{0, 2, "ORG"}});
  // "Mecca 's Grand Mosque": the possessor is a place of its own, so two names ...
  CHECK(
      gumSpans(
          "1\tMecca\tMecca\tPROPN\tNNP\t_\t4\tnmod:poss\t_\tEntity=(1-place-new-x(2-place-new-x)\n"
          "2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_\n"
          "3\tGrand\tGrand\tPROPN\tNNP\t_\t4\tamod\t_\t_\n"
          "4\tMosque\tMosque\tPROPN\tNNP\t_\t0\troot\t_\tEntity=1)\n\n") ==
      std::vector<NerSpan>{{0, 1, "LOC"}, {2, 4, "LOC"}});
  // ... but "People 's" is not a mention: "Korean People 's Army" stays one name.
  CHECK(gumSpans("1\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\tEntity=(1-organization-new-x\n"
                 "2\tKorean\tKorean\tADJ\tJJ\t_\t3\tamod\t_\t_\n"
                 "3\tPeople\tPeople\tPROPN\tNNP\t_\t5\tnmod:poss\t_\t_\n"
                 "4\t's\t's\tPART\tPOS\t_\t3\tcase\t_\t_\n"
                 "5\tArmy\tArmy\tPROPN\tNNP\t_\t0\troot\t_\tEntity=1)\n\n") ==
        std::vector<NerSpan>{{1, 5, "ORG"}});
  // "Kwong Chun - yu of the Democratic Party": a person's name keeps its hyphenated part
  // and ends at "of".
  CHECK(gumSpans("1\tKwong\tKwong\tPROPN\tNNP\t_\t0\troot\t_\tEntity=(1-person-new-x\n"
                 "2\tChun\tChun\tPROPN\tNNP\t_\t1\tflat\t_\t_\n"
                 "3\t-\t-\tPUNCT\tHYPH\t_\t4\tpunct\t_\t_\n"
                 "4\tyu\tyu\tPROPN\tNNP\t_\t2\tflat\t_\t_\n"
                 "5\tof\tof\tADP\tIN\t_\t8\tcase\t_\t_\n"
                 "6\tthe\tthe\tDET\tDT\t_\t8\tdet\t_\tEntity=(2-organization-new-x\n"
                 "7\tDemocratic\tDemocratic\tPROPN\tNNP\t_\t8\tamod\t_\t_\n"
                 "8\tParty\tParty\tPROPN\tNNP\t_\t1\tnmod\t_\tEntity=2)1)\n\n") ==
        std::vector<NerSpan>{{0, 4, "PER"}, {6, 8, "ORG"}});
}

// `text` written to an IOB2 file and read back.
std::vector<kg::extract::entities::NerExample> readIob2Text(const std::string& text) {
  kg::test::TempDir dir;
  auto f = dir / "x.iob2";
  kg::test::writeFile(f, text);
  return kg::extract::entities::readIob2(f.string());
}

TEST_CASE("an IOB2 sentence's text gives the spacing between its words") {
  using kg::extract::entities::spacesFromText;
  // UNER dev: words of EWT's multiword tokens ("did n't") and of hyphenated names.
  CHECK(spacesFromText(
            {"He", "met", "al", "-", "Qaeda", "'s", "chief", ",", "did", "n't", "he", "?"},
            "He met al-Qaeda's chief, didn't he?") == std::vector<bool>{true, true, false, false,
                                                                        false, true, false, true,
                                                                        false, true, false, true});
  // Words spelled otherwise in the text keep a space; the words after them still align.
  CHECK(spacesFromText({"I", "will", "not", "go", "."}, "I won't go.") ==
        std::vector<bool>{true, true, true, false, true});
  CHECK(spacesFromText({"I", "wo", "n't", "go", "."}, "I won't go.") ==
        std::vector<bool>{true, false, true, false, true});
  CHECK(spacesFromText({"a", "b"}, "") == std::vector<bool>{true, true});

  auto ex = readIob2Text(
      "# sent_id = x-1\n# text = Bush met al-Qaeda.\n1\tBush\tB-PER\n2\tmet\tO\n"
      "3\tal\tB-ORG\n4\t-\tI-ORG\n5\tQaeda\tI-ORG\n6\t.\tO\n\n"
      "1\tno\tO\n2\ttext\tO\n\n");
  REQUIRE(ex.size() == 2);
  CHECK(ex[0].space_after == std::vector<bool>{true, true, false, false, false, true});
  CHECK(ex[1].space_after == std::vector<bool>{true, true});
}

TEST_CASE("sentences of one document share its statistics and a new document starts afresh") {
  kg::test::TempDir dir;
  auto f = dir / "docs.iob2";
  kg::test::writeFile(f, "# newdoc id = a\n1\tVince\tB-PER\n\n1\tThanks\tO\n2\tVince\tB-PER\n\n"
                         "# newdoc id = b\n1\tHouston\tB-LOC\n\n");
  auto ex = kg::extract::entities::readIob2(f.string());
  REQUIRE(ex.size() == 3);
  REQUIRE(ex[0].document);
  CHECK(ex[0].document == ex[1].document);
  REQUIRE(ex[2].document);
  CHECK(ex[2].document != ex[0].document);
  CHECK(ex[0].doc_id == "a");
  CHECK(ex[1].doc_id == "a");
  CHECK(ex[2].doc_id == "b");
}

TEST_CASE("kg eval ner --per-document writes each document's counts, which add up to the totals") {
  kg::test::TempDir dir;
  auto gold = dir / "docs.iob2";
  kg::test::writeFile(
      gold,
      "# newdoc id = reviews-1\n1\tI\tO\n2\tmet\tO\n3\tAngela\tB-PER\n4\tMerkel\tI-PER\n"
      "5\tin\tO\n6\tBerlin\tB-LOC\n7\t.\tO\n\n1\tThanks\tO\n2\t.\tO\n\n"
      "# newdoc id = email-2\n1\tSiemens\tB-ORG\n2\thired\tO\n3\tVince\tB-PER\n4\t.\tO\n\n");
  auto out = dir / "counts.tsv";
  auto r = kg::test::runKg(
      {"eval", "ner", "--iob2", gold.string(), "--per-document", out.string(), "--json"});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  auto split = [](const std::string& text, char sep) {
    std::vector<std::string> parts;
    std::istringstream in(text);
    for (std::string part; std::getline(in, part, sep);) parts.push_back(part);
    return parts;
  };
  auto lines = split(kg::test::readFile(out), '\n');
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "document\tsentences\tgold\tpredicted\tcorrect");
  CHECK(lines[1].rfind("reviews-1\t2\t2\t", 0) == 0);
  CHECK(lines[2].rfind("email-2\t1\t2\t", 0) == 0);
  // Predicted and correct counts sum to the totals printed.
  std::size_t predicted = 0, correct = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto cols = split(lines[i], '\t');
    REQUIRE(cols.size() == 5);
    predicted += std::stoul(cols[3]);
    correct += std::stoul(cols[4]);
  }
  CHECK(r.out.find("all\tgold 4\tpredicted " + std::to_string(predicted) + "\t") !=
        std::string::npos);
  CHECK(correct <= predicted);
  // An output in a missing directory is an error naming it; nothing else is lost.
  auto bad = kg::test::runKg({"eval", "ner", "--iob2", gold.string(), "--per-document",
                              (dir / "missing" / "counts.tsv").string()});
  CHECK(bad.code != 0);
  CHECK(bad.err.find("missing") != std::string::npos);
}

TEST_CASE("kg eval ner --predictions writes the predicted spans as IOB2 that reads back") {
  kg::test::TempDir dir;
  auto gold = dir / "docs.iob2";
  kg::test::writeFile(gold,
                      "# newdoc id = news-1\n1\tAngela\tB-PER\n2\tMerkel\tI-PER\n3\tvisited\tO\n"
                      "4\tBerlin\tB-LOC\n5\t.\tO\n\n1\tThanks\tO\n2\t.\tO\n\n"
                      "# newdoc id = email-2\n1\tSiemens\tB-ORG\n2\thired\tO\n3\tVince\tB-PER\n\n");
  auto out = dir / "pred.iob2";
  auto r = kg::test::runKg({"eval", "ner", "--iob2", gold.string(), "--predictions", out.string()});
  REQUIRE_MESSAGE(r.code == 0, r.err);
  auto in = kg::extract::entities::readIob2(gold.string());
  auto back = kg::extract::entities::readIob2(out.string());
  REQUIRE(back.size() == in.size());
  std::size_t spans = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    CHECK(back[i].words == in[i].words);
    CHECK(back[i].doc_id == in[i].doc_id);
    spans += back[i].spans.size();
  }
  CHECK(back[0].document == back[1].document);
  CHECK(back[2].document != back[0].document);
  CHECK(spans > 0);
  // The printed count of predicted spans is the file's.
  CHECK(r.out.find("predicted " + std::to_string(spans) + "\t") != std::string::npos);
  // The written tags themselves, for spans given by hand.
  kg::extract::entities::NerExample ex;
  ex.words = {"Hu", "Jintao", "met", "al", "-", "Qaeda"};
  ex.space_after = {true, true, true, false, false, true};
  std::ostringstream one;
  kg::extract::entities::writeIob2Sentence(one, ex, {{0, 2, "PER"}, {3, 6, "ORG"}});
  CHECK(one.str() ==
        "# text = Hu Jintao met al-Qaeda\n1\tHu\tB-PER\n2\tJintao\tI-PER\n3\tmet\tO\n"
        "4\tal\tB-ORG\n5\t-\tI-ORG\n6\tQaeda\tI-ORG\n\n");
  CHECK(back[0].space_after == std::vector<bool>(back[0].words.size(), true));
}

TEST_CASE("first names are the first words of flat PROPN names in a treebank") {
  kg::test::TempDir dir;
  auto f = dir / "names.conllu";
  kg::test::writeFile(f, "1\tVince\tVince\tPROPN\tNNP\t_\t3\tnsubj\t_\t_\n"
                         "2\tKaminski\tKaminski\tPROPN\tNNP\t_\t1\tflat\t_\t_\n"
                         "3\tcalled\tcall\tVERB\tVBD\t_\t0\troot\t_\t_\n"
                         "4\tHouston\tHouston\tPROPN\tNNP\t_\t3\tobj\t_\t_\n\n");
  CHECK(kg::extract::entities::firstNamesOf(f.string()) == std::vector<std::string>{"Vince"});
}

TEST_CASE("a trained NER model predicts the same after a save and load round trip") {
  using kg::extract::entities::NerExample;
  using kg::extract::entities::NerSpan;
  std::vector<NerExample> train = {
      nerExample({"Vince", "Kaminski", "lives", "in", "Houston", "."}, {{0, 2, "PER"}, {4, 5, "LOC"}}),
      nerExample({"Enron", "hired", "Vince", "."}, {{0, 1, "ORG"}, {2, 3, "PER"}}),
      nerExample({"the", "office", "is", "in", "Houston", "."}, {{4, 5, "LOC"}})};
  kg::extract::entities::NerTrainOptions options;
  options.epochs = 5;
  options.min_feature_count = 1;
  options.verbose = false;
  options.first_names = {"Vince"};
  std::ostringstream progress;
  auto model = kg::extract::entities::NerModel::train(train, {}, nullptr, options, progress);
  auto loaded = reloaded(model);
  NerExample probe = nerExample({"Vince", "moved", "to", "Houston", "."}, {});
  CHECK(loaded.predict(probe, nullptr) == model.predict(probe, nullptr));
  // The training sentences are learnt (the perceptron separates them).
  for (const NerExample& ex : train) CHECK(loaded.predict(ex, nullptr) == ex.spans);
}

TEST_CASE("NER name lists read WordNet proper nouns and IEEE company names, punctuation and case aside") {
  kg::test::TempDir dir;
  // Two synsets from WordNet 3.0's data.noun (noun.group = 14, noun.person instance = 18),
  // a common noun (not a name) and the licence header's indented lines.
  kg::test::writeFile(dir / "data.noun",
                      "  1 This software and database is being provided\n"
                      "08022259 14 n 02 Hamas 0 Islamic_Resistance_Movement 0 003 @i 08392137 n 0000 | a group\n"
                      "11101502 18 n 02 Putin 0 Vladimir_Putin 0 001 @i 10650162 n 0000 | Russian statesman\n"
                      "08008335 14 n 01 organization 0 001 @ 08008017 n 0000 | a group of people\n");
  // IEEE registry rows: a quoted name with a comma, and one whose address spans two lines.
  kg::test::writeFile(dir / "oui.csv",
                      "Registry,Assignment,Organization Name,Organization Address\n"
                      "MA-L,3C5AB4,\"Google, Inc.\",1600 Amphitheatre Parkway Mountain View CA US 94043 \n"
                      "MA-L,E0CA3C,\"Coca-Cola Company\",\"One Coca-Cola Plaza\r\nAtlanta GA US \"\n"
                      "MA-L,000000,Private,\n");
  kg::extract::entities::NerGazetteer g;
  g.loadFile((dir / "data.noun").string());
  g.loadFile((dir / "oui.csv").string());
  auto tags = g.tags({"Vladimir", "Putin", "praised", "hamas", ",", "Google", "Inc.", "and", "Coca", "-",
                      "Cola", "but", "not", "an", "organization", "or", "Private", "."});
  CHECK(tags[0] == "B-PER");
  CHECK(tags[1] == "L-PER");
  CHECK(tags[2] == "");
  CHECK(tags[3] == "U-ORG");
  CHECK(tags[5] == "B-ORG");  // "Google Inc." as a whole (the full registry name)
  CHECK(tags[6] == "L-ORG");
  CHECK(tags[8] == "B-ORG");  // "Coca-Cola", the registry name without "Company"
  CHECK(tags[9] == "I-ORG");
  CHECK(tags[10] == "L-ORG");
  CHECK(tags[14] == "");      // common nouns are not names
  CHECK(tags[16] == "");      // the registry's "Private" rows are skipped
  CHECK(g.tags({"Google", "was", "there"})[0] == "U-ORG");  // suffix dropped
}

TEST_CASE("a typed NER name list (.tsv) gives each name its type, in any case and spelling") {
  kg::test::TempDir dir;
  kg::test::writeFile(
      dir / "brands.tsv",
      "ORG\tBurger King\nORG\tMcDonald's\nLOC\tSan Diego\nPER\tOprah\nLOC\tOprah\n");
  kg::extract::entities::NerGazetteer g;
  g.loadFile((dir / "brands.tsv").string());
  CHECK(g.size() == 4);
  auto tags = g.tags({"ate", "at", "burger", "king", "and", "McDonald", "'s", "in", "San", "Diego",
                      "with", "Oprah"});
  CHECK(tags == std::vector<std::string>{"", "", "B-ORG", "L-ORG", "", "B-ORG", "L-ORG", "",
                                         "B-LOC", "L-LOC", "", "U-LOC+PER"});
}

TEST_CASE("a broken NER name list is an input error naming the file and the line") {
  kg::test::TempDir dir;
  kg::test::writeFile(dir / "data.noun", "08022259 14 n zz Hamas 0 001 @i 08392137 n 0000\n");
  kg::extract::entities::NerGazetteer g;
  try {
    g.loadFile((dir / "data.noun").string());
    FAIL("no error");
  } catch (const kg::InputError& e) {
    CHECK(std::string(e.what()).find("data.noun:1") != std::string::npos);
  }
  kg::test::writeFile(dir / "names.csv", "Registry,Assignment,Organization Name\nMA-L,3C5AB4\n");
  try {
    g.loadFile((dir / "names.csv").string());
    FAIL("no error");
  } catch (const kg::InputError& e) {
    CHECK(std::string(e.what()).find("names.csv:2") != std::string::npos);
  }
  kg::test::writeFile(dir / "names.tsv", "ORG\tBurger King\nBurger King\n");
  CHECK_THROWS_WITH_AS(g.loadFile((dir / "names.tsv").string()),
                       ((dir / "names.tsv").string() + ":2: expected TYPE<TAB>name").c_str(),
                       kg::InputError);
  kg::test::writeFile(dir / "names.tsv", "MISC\tBurger King\n");
  CHECK_THROWS_WITH_AS(
      g.loadFile((dir / "names.tsv").string()),
      ((dir / "names.tsv").string() + ":1: unknown type \"MISC\" (PER, ORG or LOC)").c_str(),
      kg::InputError);
  kg::test::writeFile(dir / "empty.csv", "Registry,Assignment,Organization Name,Organization Address\n");
  CHECK_THROWS_AS(g.loadFile((dir / "empty.csv").string()), kg::InputError);
  CHECK_THROWS_AS(g.loadFile((dir / "missing.csv").string()), kg::InputError);
}

namespace {
// "X joined Y": three companies and three people joined, in sentences of the same shape,
// so that only what the model knows of the words (name lists, clusters) tells them apart.
std::vector<kg::extract::entities::NerExample> joinedCompaniesAndPeople() {
  return {nerExample({"Kim", "joined", "Acme", "."}, {{0, 1, "PER"}, {2, 3, "ORG"}}),
          nerExample({"Lee", "joined", "Globex", "."}, {{0, 1, "PER"}, {2, 3, "ORG"}}),
          nerExample({"Ann", "joined", "Hooli", "."}, {{0, 1, "PER"}, {2, 3, "ORG"}}),
          nerExample({"Kim", "joined", "Park", "."}, {{0, 1, "PER"}, {2, 3, "PER"}}),
          nerExample({"Ann", "joined", "Dale", "."}, {{0, 1, "PER"}, {2, 3, "PER"}}),
          nerExample({"Lee", "joined", "Moss", "."}, {{0, 1, "PER"}, {2, 3, "PER"}})};
}

// Options for training on a handful of sentences: every feature kept, quiet.
kg::extract::entities::NerTrainOptions smallNerOptions() {
  kg::extract::entities::NerTrainOptions options;
  options.epochs = 10;
  options.min_feature_count = 1;
  options.verbose = false;
  return options;
}
}  // namespace

TEST_CASE("a NER model keeps its name lists through save and load and uses them") {
  using kg::extract::entities::NerExample;
  using kg::extract::entities::NerSpan;
  kg::test::TempDir dir;
  kg::test::writeFile(dir / "oui.csv",
                      "Registry,Assignment,Organization Name,Organization Address\n"
                      "MA-L,1,Acme Corp.,x\nMA-L,2,Globex Inc.,y\nMA-L,3,Initech LLC,z\n"
                      "MA-L,4,Hooli Ltd,w\nMA-L,5,Vandelay Industries,v\n");
  // Listed companies are organizations, an unlisted capitalised word after "joined" a person.
  std::vector<NerExample> train = joinedCompaniesAndPeople();
  kg::extract::entities::NerTrainOptions options = smallNerOptions();
  options.gazetteers = {(dir / "oui.csv").string()};
  std::ostringstream progress;
  auto model = kg::extract::entities::NerModel::train(train, {}, nullptr, options, progress);
  model.save((dir / "ner.bin").string());
  auto loaded = kg::extract::entities::NerModel::load((dir / "ner.bin").string());
  // "Initech" was never seen in training: only the saved list makes it an organization.
  NerExample probe = nerExample({"Lee", "joined", "Initech", "."}, {});
  auto spans = loaded.predict(probe, nullptr);
  CHECK(spans == model.predict(probe, nullptr));
  CHECK(std::find(spans.begin(), spans.end(), NerSpan{2, 3, "ORG"}) != spans.end());
}

TEST_CASE("a NER model keeps its word clusters through save and load and uses them") {
  using kg::extract::entities::NerExample;
  using kg::extract::entities::NerSpan;
  kg::test::TempDir dir;
  // Embeddings (GloVe text): company names near one direction, surnames near another.
  kg::test::writeFile(
      dir / "vectors.txt",
      "joined 0.1 0.1 1.0\n. 0.0 0.2 0.9\nkim 0.1 0.9 0.1\nlee 0.0 1.0 0.2\nann 0.2 0.9 0.0\n"
      "acme 1.0 0.1 0.0\nglobex 0.9 0.0 0.1\nhooli 1.0 0.0 0.2\ninitech 0.9 0.1 0.1\n"
      "park 0.1 1.0 0.0\ndale 0.0 0.9 0.1\nmoss 0.2 1.0 0.1\nkent 0.1 0.9 0.0\n");
  std::vector<NerExample> train = joinedCompaniesAndPeople();
  kg::extract::entities::NerTrainOptions options = smallNerOptions();
  options.embeddings = (dir / "vectors.txt").string();
  options.clusters.branching = 3;
  options.clusters.depth = 1;
  std::ostringstream progress;
  auto model = kg::extract::entities::NerModel::train(train, {}, nullptr, options, progress);
  model.save((dir / "ner.bin").string());
  auto loaded = kg::extract::entities::NerModel::load((dir / "ner.bin").string());
  // "Initech" and "Kent" were never seen in training: their clusters type them.
  NerExample company = nerExample({"Lee", "joined", "Initech", "."}, {});
  NerExample person = nerExample({"Lee", "joined", "Kent", "."}, {});
  CHECK(loaded.predict(company, nullptr) == model.predict(company, nullptr));
  CHECK(loaded.predict(company, nullptr) == std::vector<NerSpan>{{0, 1, "PER"}, {2, 3, "ORG"}});
  CHECK(loaded.predict(person, nullptr) == std::vector<NerSpan>{{0, 1, "PER"}, {2, 3, "PER"}});
  // A model trained with other clusters is not averaged with it.
  options.clusters.branching = 2;
  auto other = kg::extract::entities::NerModel::train(train, {}, nullptr, options, progress);
  CHECK(model.averagingConflict(other) == "different word clusters (--embeddings)");
}

TEST_CASE("a predicted person never starts with a title or a greeting") {
  using kg::extract::entities::NerExample;
  using kg::extract::entities::NerSpan;
  // Training data that wrongly puts titles and greetings inside the names: the model
  // learns to, and predict() still leaves them out.
  std::vector<NerExample> train = {
      nerExample({"Dr", "Kim", "joined", "Acme", "."}, {{0, 2, "PER"}, {3, 4, "ORG"}}),
      nerExample({"Prof", "Lee", "joined", "Globex", "."}, {{0, 2, "PER"}, {3, 4, "ORG"}}),
      nerExample({"Dear", "Ann", ",", "thanks", "."}, {{0, 2, "PER"}}),
      nerExample({"Dear", "Kim", "Park", ",", "thanks", "."}, {{0, 3, "PER"}})};
  std::ostringstream progress;
  auto model =
      kg::extract::entities::NerModel::train(train, {}, nullptr, smallNerOptions(), progress);
  CHECK(model.predict(nerExample({"Prof", "Kim", "joined", "Acme", "."}, {}), nullptr) ==
        std::vector<NerSpan>{{1, 2, "PER"}, {3, 4, "ORG"}});
  CHECK(model.predict(nerExample({"Dear", "Lee", ",", "thanks", "."}, {}), nullptr) ==
        std::vector<NerSpan>{{1, 2, "PER"}});
  CHECK(model.predict(nerExample({"Dear", "Ann", "Park", ",", "thanks", "."}, {}), nullptr) ==
        std::vector<NerSpan>{{1, 3, "PER"}});
}

TEST_CASE(
    "a company's legal form and a quoted 'Last , First' are joined to the name; e-mail display "
    "names are people") {
  using kg::extract::entities::NerExample;
  using kg::extract::entities::NerSpan;
  // A model that learns the pieces alone, as UNER's e-mails lead the real one to.
  std::vector<NerExample> train = {
      nerExample({"Acme", "said", "so", "."}, {{0, 1, "ORG"}}),
      nerExample({"Globex", "said", "so", "."}, {{0, 1, "ORG"}}),
      nerExample({"\"", "Lenhart", "\"", "wrote", "."}, {{1, 2, "PER"}}),
      nerExample({"\"", "Matthew", "\"", "wrote", "."}, {{1, 2, "PER"}}),
      nerExample({"\"", "Townsend", "\"", "wrote", "."}, {{1, 2, "PER"}}),
      nerExample({"\"", "George", "\"", "wrote", "."}, {{1, 2, "PER"}})};
  std::ostringstream progress;
  auto model =
      kg::extract::entities::NerModel::train(train, {}, nullptr, smallNerOptions(), progress);
  CHECK(model.predict(nerExample({"Acme", ",", "Inc.", "said", "so", "."}, {}), nullptr) ==
        std::vector<NerSpan>{{0, 3, "ORG"}});
  CHECK(model.predict(nerExample({"\"", "Lenhart", ",", "Matthew", "\"", "wrote", "."}, {}),
                      nullptr) == std::vector<NerSpan>{{1, 4, "PER"}});
  // A legal form typed alone takes the word before the comma (a model that learns to
  // type "L.P." alone as a place).
  std::vector<NerExample> lp_train = {
      nerExample({"the", "counterparty", "is", "now", ",", "L.P.", "."}, {{5, 6, "LOC"}}),
      nerExample({"it", "was", "moved", ",", "L.P.", "."}, {{4, 5, "LOC"}})};
  auto lp_model =
      kg::extract::entities::NerModel::train(lp_train, {}, nullptr, smallNerOptions(), progress);
  const auto lp = lp_model.predict(nerExample({"it", "was", "Qxv", ",", "L.P.", "."}, {}), nullptr);
  CHECK(std::find(lp.begin(), lp.end(), NerSpan{2, 5, "ORG"}) != lp.end());
  // An e-mail address's display name is a person, whatever the model says of it; not a
  // title opening with an article.
  const auto andre = model.predict(
      nerExample({"Email", ":", "\"", "Andre", "\"", "<", "webmas...@globe.com", ">"}, {}),
      nullptr);
  CHECK(std::find(andre.begin(), andre.end(), NerSpan{3, 4, "PER"}) != andre.end());
  const auto album = model.predict(
      nerExample({"\"", "The", "Cat", "Album", "\"", "<", "cat@hotmail.com", ">"}, {}), nullptr);
  CHECK(std::find(album.begin(), album.end(), NerSpan{1, 4, "PER"}) == album.end());
  CHECK(std::find(album.begin(), album.end(), NerSpan{2, 4, "PER"}) == album.end());
  // Unquoted, two people stay two ("Lenhart, Matthew and George wrote").
  CHECK(model.predict(nerExample({"Lenhart", ",", "Matthew", "wrote", "."}, {}), nullptr) ==
        std::vector<NerSpan>{{0, 1, "PER"}, {2, 3, "PER"}});
}

TEST_CASE("a predicted name of the curated lexicon takes the lexicon's type") {
  using kg::extract::entities::NerExample;
  using kg::extract::entities::NerSpan;
  // Training data where "al-..." names are places: the model types "al-Qaeda" a place, and
  // predict() with the lexicon (al-Qaeda: an organisation) retypes it; without the lexicon,
  // or for a name the lexicon lacks, the model's type stays. A seat of government ("the
  // Pentagon") is not retyped.
  auto hyphenated = [](std::vector<std::string> words, std::vector<NerSpan> spans) {
    NerExample ex = nerExample(std::move(words), std::move(spans));
    for (std::size_t i = 0; i + 1 < ex.words.size(); ++i)
      if (ex.words[i] == "al" || ex.words[i] == "-") ex.space_after[i] = false;
    return ex;
  };
  std::vector<NerExample> train;
  for (const char* place : {"Anbar", "Qaim", "Ramadi", "Fallujah"}) {
    train.push_back(hyphenated({"They", "fled", "to", "al", "-", place, "."}, {{3, 6, "LOC"}}));
    train.push_back(hyphenated({"Fighters", "of", "al", "-", place, "attacked", "Pentagon", "."},
                               {{2, 5, "LOC"}, {6, 7, "ORG"}}));
  }
  std::ostringstream progress;
  auto model =
      kg::extract::entities::NerModel::train(train, {}, nullptr, smallNerOptions(), progress);
  auto lexicon = kg::extract::entities::loadLexicon({});
  NerExample qaeda =
      hyphenated({"Fighters", "of", "al", "-", "Qaeda", "attacked", "Pentagon", "."}, {});
  REQUIRE(model.predict(qaeda, nullptr) == std::vector<NerSpan>{{2, 5, "LOC"}, {6, 7, "ORG"}});
  CHECK(model.predict(qaeda, &lexicon) == std::vector<NerSpan>{{2, 5, "ORG"}, {6, 7, "ORG"}});
  NerExample other =
      hyphenated({"Fighters", "of", "al", "-", "Tanf", "attacked", "Pentagon", "."}, {});
  CHECK(model.predict(other, &lexicon) == std::vector<NerSpan>{{2, 5, "LOC"}, {6, 7, "ORG"}});
}

TEST_CASE("a word list gives untyped known proper nouns, typed lists win over it") {
  kg::test::TempDir dir;
  // Lines as in Debian wamerican: proper nouns, their possessives, common words.
  kg::test::writeFile(dir / "words", "Tampa\nTampa's\nburger\nHamas\n");
  kg::test::writeFile(dir / "data.noun",
                      "08022259 14 n 01 Hamas 0 001 @i 08392137 n 0000 | a group\n");
  kg::extract::entities::NerGazetteer g;
  g.loadFile((dir / "words").string());
  g.loadFile((dir / "data.noun").string());
  CHECK(g.size() == 2);  // Tampa, Hamas; not the possessive nor the common word
  CHECK(g.tags({"flying", "to", "tampa", "and", "Hamas", "burger"}) ==
        std::vector<std::string>{"", "", "U-NAME", "", "U-ORG", ""});
  kg::test::writeFile(dir / "bad", "Tampa Bay\n");
  CHECK_THROWS_AS(g.loadFile((dir / "bad").string()), kg::InputError);
  kg::test::writeFile(dir / "lower", "burger\ntaco\n");
  CHECK_THROWS_AS(g.loadFile((dir / "lower").string()), kg::InputError);  // no names found
}

TEST_CASE("lower-cased copies keep the spans and copy whole documents, seeded") {
  using kg::extract::entities::NerExample;
  std::vector<NerExample> docs = {nerExample({"Vince", "joined", "Enron", "."}, {{0, 1, "PER"}, {2, 3, "ORG"}}),
                                  nerExample({"Vince", "left", "."}, {{0, 1, "PER"}}),
                                  nerExample({"Houston", "is", "hot", "."}, {{0, 1, "LOC"}})};
  kg::extract::entities::linkDocument(docs, 0, 2);
  kg::extract::entities::linkDocument(docs, 2, 3);
  CHECK(kg::extract::entities::lowercasedCopies(docs, 0, 1).empty());
  auto all = kg::extract::entities::lowercasedCopies(docs, 1, 1);
  REQUIRE(all.size() == 3);
  CHECK(all[0].words == std::vector<std::string>{"vince", "joined", "enron", "."});
  CHECK(all[0].spans == docs[0].spans);
  CHECK(all[0].tags.empty());
  REQUIRE(all[0].document);
  CHECK(all[0].document == all[1].document);  // still one document
  CHECK(all[2].document != all[0].document);
  CHECK(all[1].doc_index == 1);
  CHECK(all[0].lowercased_copy);  // left out of the common words
  CHECK_FALSE(docs[0].lowercased_copy);
  auto half = kg::extract::entities::lowercasedCopies(docs, 0.5, 7);
  auto again = kg::extract::entities::lowercasedCopies(docs, 0.5, 7);
  REQUIRE(half.size() == again.size());
  for (std::size_t i = 0; i < half.size(); ++i) CHECK(half[i].words == again[i].words);
}

TEST_CASE("tagging NER examples keeps their documents apart and in order") {
  if (!std::filesystem::exists(kg::extract::Tagger::defaultPath())) return;  // no committed tagger
  auto tagger = kg::extract::Tagger::loadDefault();
  using kg::extract::entities::NerExample;
  std::vector<NerExample> ex = {nerExample({"Vince", "joined", "Enron", "."}, {}),
                                nerExample({"He", "left", "."}, {}), nerExample({"Houston", "is", "hot", "."}, {})};
  kg::extract::entities::linkDocument(ex, 0, 2);
  kg::extract::entities::linkDocument(ex, 2, 3);
  kg::extract::entities::tagExamples(ex, tagger);
  REQUIRE(ex[0].tags.size() == 4);
  CHECK(ex[0].tags[1] == "VERB");
  REQUIRE(ex[0].document);
  CHECK(ex[0].document == ex[1].document);
  CHECK(ex[2].document != ex[0].document);
  CHECK(ex[1].doc_index == 1);
  CHECK(ex[2].doc_index == 0);
}

namespace {

// `n` (at most 6) two-sentence documents where a name is introduced in a clear
// context ("Mr Kim joined Acme Inc.") and repeated in a bare one ("Kim likes Acme.").
std::vector<kg::extract::entities::NerExample> personFirmDocuments(std::size_t n) {
  const std::vector<std::string> people = {"Kim", "Lee", "Ann", "Bo", "Cy", "Di"};
  const std::vector<std::string> firms = {"Acme", "Globex", "Hooli", "Initech", "Umbrella", "Vandelay"};
  std::vector<kg::extract::entities::NerExample> train;
  for (std::size_t d = 0; d < n && d < people.size(); ++d) {
    std::size_t first = train.size();
    train.push_back(nerExample({"Mr", people[d], "joined", firms[d], "Inc", "."}, {{1, 2, "PER"}, {3, 5, "ORG"}}));
    train.push_back(nerExample({people[d], "likes", firms[d], "."}, {{0, 1, "PER"}, {2, 3, "ORG"}}));
    kg::extract::entities::linkDocument(train, first, train.size());
  }
  return train;
}

// Quiet training of a small stacked model (two folds).
kg::extract::entities::NerTrainOptions stackedOptions() {
  kg::extract::entities::NerTrainOptions options;
  options.epochs = 4;
  options.min_feature_count = 1;
  options.verbose = false;
  options.stack_folds = 2;
  return options;
}

}  // namespace

TEST_CASE("a stacked NER model reads the first pass of the whole document and survives save and load") {
  using kg::extract::entities::NerExample;
  // Documents where a name is introduced in a clear context and repeated in a bare one.
  std::vector<NerExample> train = personFirmDocuments(6);
  kg::extract::entities::NerTrainOptions options = stackedOptions();
  std::ostringstream progress;
  auto model = kg::extract::entities::NerModel::train(train, {}, nullptr, options, progress);
  auto loaded = reloaded(model);
  std::vector<NerExample> probe = {nerExample({"Mr", "Jo", "joined", "Wonka", "Inc", "."}, {}),
                                   nerExample({"Jo", "likes", "Wonka", "."}, {})};
  kg::extract::entities::linkDocument(probe, 0, probe.size());
  for (const NerExample& ex : probe) CHECK(loaded.predict(ex, nullptr) == model.predict(ex, nullptr));
  // Alone (no document) the second pass still predicts, without document features.
  NerExample alone = nerExample({"Jo", "likes", "Wonka", "."}, {});
  CHECK_NOTHROW(loaded.predict(alone, nullptr));
  // An example whose words changed after linking gets no document features, no crash.
  NerExample changed = probe[1];
  changed.words.push_back("today");
  changed.space_after.push_back(true);
  CHECK(loaded.predict(changed, nullptr).size() <= 3);
  for (const NerExample& ex : train) CHECK(loaded.predict(ex, nullptr) == ex.spans);
}

TEST_CASE("NER models trained with different seeds average into one; other models are refused") {
  using kg::extract::entities::NerExample;
  using kg::extract::entities::NerModel;
  std::vector<NerExample> train = personFirmDocuments(4);
  kg::extract::entities::NerTrainOptions options = stackedOptions();
  std::ostringstream progress;
  NerModel a = NerModel::train(train, {}, nullptr, options, progress);
  options.seed = 2;
  NerModel b = NerModel::train(train, {}, nullptr, options, progress);
  CHECK(a.averagingConflict(b).empty());
  NerModel self = NerModel::average({a, a});
  NerModel mean = reloaded(NerModel::average({a, b}));
  std::vector<NerExample> probe = {nerExample({"Mr", "Jo", "joined", "Wonka", "Inc", "."}, {}),
                                   nerExample({"Jo", "likes", "Wonka", "."}, {})};
  kg::extract::entities::linkDocument(probe, 0, probe.size());
  for (const NerExample& ex : probe) CHECK(self.predict(ex, nullptr) == a.predict(ex, nullptr));
  for (const NerExample& ex : train) CHECK(mean.predict(ex, nullptr) == ex.spans);
  // Other first names, or no second pass: refused.
  options.first_names = {"Kim"};
  NerModel named = NerModel::train(train, {}, nullptr, options, progress);
  CHECK(a.averagingConflict(named).find("first names") != std::string::npos);
  CHECK_THROWS_AS(NerModel::average({a, named}), kg::UsageError);
  options.first_names.clear();
  options.stack_folds = 0;
  NerModel flat = NerModel::train(train, {}, nullptr, options, progress);
  CHECK(a.averagingConflict(flat).find("second pass") != std::string::npos);

  // kg train ner --from: the same average from files; a refused file is named.
  kg::test::TempDir dir;
  a.save((dir / "a.bin").string());
  b.save((dir / "b.bin").string());
  named.save((dir / "named.bin").string());
  auto ok = kg::test::runKg({"train", "ner", "--from", (dir / "a.bin").string(),
                             (dir / "b.bin").string(), "-o", (dir / "mean.bin").string()});
  CHECK(ok.code == 0);
  CHECK(kg::test::readFile(dir / "mean.bin") == [&] {
    NerModel::average({a, b}).save((dir / "direct.bin").string());
    return kg::test::readFile(dir / "direct.bin");
  }());
  auto refused = kg::test::runKg({"train", "ner", "--from", (dir / "a.bin").string(),
                                  (dir / "named.bin").string(), "-o", (dir / "bad.bin").string()});
  CHECK(refused.code == kg::kExitUsage);
  CHECK(refused.err.find("named.bin cannot be averaged") != std::string::npos);
  CHECK(refused.err.find('\n') == refused.err.size() - 1);  // one line
  CHECK_FALSE(std::filesystem::exists(dir / "bad.bin"));
}

TEST_CASE("exact-span scores count only spans with the same bounds and type") {
  using kg::extract::entities::NerSpan;
  kg::extract::entities::NerScores sc;
  sc.add({{0, 2, "PER"}, {3, 4, "LOC"}}, {{0, 2, "PER"}, {3, 4, "ORG"}, {5, 6, "LOC"}});
  CHECK(sc.correct == 1);
  CHECK(sc.precision() == doctest::Approx(100.0 / 3));
  CHECK(sc.recall() == doctest::Approx(50.0));
  CHECK(sc.f1() == doctest::Approx(40.0));
}

TEST_CASE("a wrong or truncated NER model file is an input error") {
  kg::test::TempDir dir;
  auto f = dir / "ner.bin";
  kg::test::writeFile(f, "KGTAGGER\x01\x00\x00\x00");
  CHECK_THROWS_AS(kg::extract::entities::NerModel::load(f.string()), kg::InputError);
  auto model = std::filesystem::path(KG_SOURCE_DIR) / "extract/models/ner.bin";
  if (!std::filesystem::exists(model)) return;
  std::string bytes = kg::test::readFile(model);
  kg::test::writeFile(f, bytes.substr(0, bytes.size() / 2));
  CHECK_THROWS_AS(kg::extract::entities::NerModel::load(f.string()), kg::InputError);
}

TEST_CASE("the committed NER model finds people, organizations and places") {
  const auto& ner = committedNer();
  kg::extract::entities::NerExample ex;
  ex.words = {"Angela", "Merkel", "met", "executives", "of", "Siemens", "in", "Munich", "."};
  ex.space_after.assign(ex.words.size(), true);
  auto spans = ner.predict(ex, nullptr);
  using kg::extract::entities::NerSpan;
  CHECK(hasSpan(spans, NerSpan{0, 2, "PER"}));
  CHECK(hasSpan(spans, NerSpan{7, 8, "LOC"}));
}

TEST_CASE(
    "an acronym spelled by a name of its document, a state code after a place and a lower-case "
    "place are named") {
  const auto& ner = committedNer();
  const auto& lexicon = defaultLexicon();
  // The committed model leaves "TBWC" out on its own; the first pass names the expansion.
  std::vector<NerExample> doc = {
      nerExample({"The", "Tarim", "Basin", "Water", "Commission", "met", "on", "Monday", "."}, {}),
      nerExample({"TBWC", "officials", "disagreed", "."}, {})};
  kg::extract::entities::linkDocument(doc, 0, doc.size());
  CHECK(hasSpan(ner.predict(doc[1], &lexicon), NerSpan{0, 1, "ORG"}));
  NerExample alone = nerExample({"TBWC", "officials", "disagreed", "."}, {});
  CHECK_FALSE(hasSpan(ner.predict(alone, &lexicon), NerSpan{0, 1, "ORG"}));
  // A place written in lower case after a preposition of place, a noun heading its phrase.
  NerExample birds = nerExample({"migratory", "birds", "in", "punjab", "?"}, {});
  birds.tags = {"ADJ", "NOUN", "ADP", "PROPN", "PUNCT"};
  CHECK(hasSpan(ner.predict(birds, &lexicon), NerSpan{3, 4, "LOC"}));
  NerExample cars = nerExample({"a", "cluster", "of", "antique", "subway", "cars", "."}, {});
  cars.tags = {"DET", "NOUN", "ADP", "ADJ", "NOUN", "NOUN", "PUNCT"};
  CHECK_FALSE(hasSpan(ner.predict(cars, &lexicon), NerSpan{3, 4, "LOC"}));  // Antique, PH
  // Places of the model's name lists too (WordNet), which the lexicon does not know.
  NerExample mecca =
      nerExample({"the", "taking", "of", "mecca", "by", "a", "small", "band", "."}, {});
  mecca.tags = {"DET", "NOUN", "ADP", "PROPN", "ADP", "DET", "ADJ", "NOUN", "PUNCT"};
  CHECK(hasSpan(ner.predict(mecca, &lexicon), NerSpan{3, 4, "LOC"}));
  // "Chillicothe , OH": a place; "Harry Preuss , MD": a person's degree.
  auto place = ner.predict(
      nerExample({"He", "moved", "to", "Chillicothe", ",", "OH", "last", "year", "."}, {}),
      &lexicon);
  CHECK(hasSpan(place, NerSpan{3, 4, "LOC"}));
  CHECK(hasSpan(place, NerSpan{5, 6, "LOC"}));
  auto person = ner.predict(
      nerExample({"I", "met", "Harry", "Preuss", ",", "MD", ",", "today", "."}, {}), &lexicon);
  CHECK_FALSE(hasSpan(person, NerSpan{5, 6, "LOC"}));
}

TEST_CASE(
    "an acronym defined in brackets names its expansion; an unnamed expansion spells an "
    "organisation") {
  const auto& ner = committedNer();
  const auto& lexicon = defaultLexicon();
  // The model alone finds neither; initials spelled from the end, "of" and "the" skipped.
  auto coalition =
      ner.predict(nerExample({"The", "Green", "Valley", "Tenants", "Rights", "Coalition", "(",
                              "GVTRC", ")", "filed", "a", "suit", "."},
                             {}),
                  &lexicon);
  CHECK(hasSpan(coalition, NerSpan{1, 6, "ORG"}));
  CHECK(hasSpan(coalition, NerSpan{7, 8, "ORG"}));
  // A name the model started earlier keeps its start.
  auto union_ = ner.predict(nerExample({"The", "Amalgamated", "Union", "of", "Dock", "Workers", "(",
                                        "UDW", ")", "went", "on", "strike", "."},
                                       {}),
                            &lexicon);
  CHECK(hasSpan(union_, NerSpan{1, 6, "ORG"}));
  CHECK(hasSpan(union_, NerSpan{7, 8, "ORG"}));
  // Initials that do not spell the acronym after a place: nothing is added.
  auto unspelled = ner.predict(
      nerExample({"flights", "from", "New", "Orleans", "(", "ABC", ")", "."}, {}), &lexicon);
  CHECK_FALSE(hasSpan(unspelled, NerSpan{5, 6, "ORG"}));
  // An acronym in brackets after an organisation is that organisation's.
  auto cicr = ner.predict(
      nerExample({"According", "to", "the", "International", "Committee", "of", "the", "Red",
                  "Cross", "(", "CICR", ")", ",", "prisoners", "were", "released", "."},
                 {}),
      &lexicon);
  REQUIRE(hasSpan(cicr, NerSpan{3, 9, "ORG"}));
  CHECK(hasSpan(cicr, NerSpan{10, 11, "ORG"}));
  // "WCFC": its expansion elsewhere in the document is a run of capitalised words.
  std::vector<NerExample> doc = {nerExample({"the", "Western", "Cattle", "Feeders", "Cooperative",
                                             "shipped", "beef", "to", "Omaha", "."},
                                            {}),
                                 nerExample({"the", "WCFC", "shipment", "was", "late", "."}, {})};
  kg::extract::entities::linkDocument(doc, 0, doc.size());
  CHECK(hasSpan(ner.predict(doc[1], &lexicon), NerSpan{1, 2, "ORG"}));
}

TEST_CASE("a person's initial, a place's St. or Mt. and a company's General belong to the name") {
  using kg::extract::entities::NerSpan;
  const auto& ner = committedNer();
  // The model alone gives "Ortiz" and "Tam", a person.
  CHECK(
      hasSpan(ner.predict(nerExample({"E.", "Ortiz", "said", "the", "plant", "would", "close"}, {}),
                          nullptr),
              NerSpan{0, 2, "PER"}));
  CHECK(hasSpan(ner.predict(nerExample({"hiking", "on", "Mt.", "Tam", "is", "fun"}, {}), nullptr),
                NerSpan{2, 4, "LOC"}));
  // The model alone leaves "General" out of the company, as a title.
  CHECK(hasSpan(
      ner.predict(
          nerExample({"He", "worked", "for", "General", "Motors", "for", "ten", "years", "."}, {}),
          nullptr),
      NerSpan{3, 5, "ORG"}));
  // A name the model already has whole is unchanged.
  CHECK(hasSpan(
      ner.predict(nerExample({"we", "drove", "from", "St.", "Cloud", "to", "Fargo"}, {}), nullptr),
      NerSpan{3, 5, "LOC"}));
}

TEST_CASE("a capitalised word after an honorific is a person, unless a title") {
  using kg::extract::entities::NerSpan;
  const auto& ner = committedNer();
  // The model alone leaves "Lay" (a common word) and "ARCHIBALD" (capitals) out.
  CHECK(hasSpan(ner.predict(nerExample({"I", "want", "to", "check", "with", "Mr.", "Lay", "before",
                                        "confirming", "."},
                                       {}),
                            nullptr),
                NerSpan{6, 7, "PER"}));
  CHECK(hasSpan(ner.predict(nerExample({"Mr.", "ARCHIBALD", ":", "People", "have", "different",
                                        "ways", "of", "starting", "the", "days", "."},
                                       {}),
                            nullptr),
                NerSpan{1, 2, "PER"}));
  // A title after the honorific is an address, no name.
  auto justice = ner.predict(
      nerExample(
          {"Mr.", "Chief", "Justice", ",", "and", "may", "it", "please", "the", "Court", ":"}, {}),
      nullptr);
  CHECK(std::none_of(justice.begin(), justice.end(),
                     [](const NerSpan& sp) { return sp.type == "PER"; }));
}

TEST_CASE("a one-word name typed a person after 'in' or 'around' is a place") {
  using kg::extract::entities::NerSpan;
  const auto& ner = committedNer();
  // The model alone types "Manson" and "Willis" people.
  CHECK(hasSpan(
      ner.predict(nerExample({"So", "here", "we", "are", "in", "Manson", "."}, {}), nullptr),
      NerSpan{5, 6, "LOC"}));
  CHECK(hasSpan(ner.predict(nerExample({"Lucky", "Panda", "in", "Willis", "is", "a", "billion",
                                        "times", "better", "."},
                                       {}),
                            nullptr),
                NerSpan{3, 4, "LOC"}));
  // A case name stays a person's.
  CHECK(hasSpan(ner.predict(nerExample({"the", "federal", "circuits", "in", "Kennedy", "versus",
                                        "Washington", "agree", "."},
                                       {}),
                            nullptr),
                NerSpan{4, 5, "PER"}));
}

TEST_CASE("a first name typed alone takes the proper noun after it") {
  using kg::extract::entities::NerSpan;
  const auto& ner = committedNer();
  // The model alone leaves out "Jobs", a common word.
  auto jobs = nerExample(
      {"It", "was", "the", "favorite", "fruit", "of", "founder", "Steve", "Jobs", "."}, {});
  jobs.tags = {"PRON", "AUX", "DET", "ADJ", "NOUN", "ADP", "NOUN", "PROPN", "PROPN", "PUNCT"};
  CHECK(hasSpan(ner.predict(jobs, nullptr), NerSpan{7, 9, "PER"}));
  auto lay = nerExample(
      {"Amount", "Enron", "CEO", "Kenneth", "Lay", "earned", "from", "stock", "options"}, {});
  lay.tags = {"NOUN", "PROPN", "NOUN", "PROPN", "PROPN", "VERB", "ADP", "NOUN", "NOUN"};
  CHECK(hasSpan(ner.predict(lay, nullptr), NerSpan{3, 5, "PER"}));
  // Not a word of another kind: "Thank you Ana I hope".
  auto ana = nerExample({"Thank", "you", "Ana", "I", "hope", "to", "see", "you"}, {});
  ana.tags = {"VERB", "PRON", "PROPN", "PRON", "VERB", "PART", "VERB", "PRON"};
  auto spans = ner.predict(ana, nullptr);
  CHECK(std::none_of(spans.begin(), spans.end(), [](const NerSpan& sp) { return sp.last == 4; }));
}

TEST_CASE("a greeting line names a person") {
  using kg::extract::entities::NerSpan;
  const auto& ner = committedNer();
  // The model alone leaves out "Rich", a common word; in their documents also "Jean" and "Bill".
  CHECK(ner.predict(nerExample({"Hi", "Rich", ","}, {}), nullptr) ==
        std::vector<NerSpan>{{1, 2, "PER"}});
  CHECK(ner.predict(nerExample({"Thanks", ",", "Jean"}, {}), nullptr) ==
        std::vector<NerSpan>{{2, 3, "PER"}});
  CHECK(ner.predict(nerExample({"Thanks", "From", "Bill"}, {}), nullptr) ==
        std::vector<NerSpan>{{2, 3, "PER"}});
  // A group or a title addressed is no name, nor a longer sentence.
  CHECK(ner.predict(nerExample({"Hi", "All", "!"}, {}), nullptr).empty());
  CHECK(ner.predict(nerExample({"Dear", "Sir", ","}, {}), nullptr).empty());
  CHECK(ner.predict(nerExample({"Thanks", "For", "A", "Great", "Job"}, {}), nullptr).empty());
}

TEST_CASE("a fort's or a mountain's name is a place, and times are no names") {
  using kg::extract::entities::NerSpan;
  const auto& ner = committedNer();
  // The model alone leaves "Ft. Worth" out ("Worth" is a common word).
  CHECK(hasSpan(ner.predict(nerExample({"My", "dad", "is", "having", "surgery", "in", "Ft.",
                                        "Worth", ",", "so", "I", "will", "be", "there", "."},
                                       {}),
                            nullptr),
                NerSpan{6, 8, "LOC"}));
  // "AM" spells the initials of "Alma Martinez", so the acronym rule alone takes it for her.
  std::vector<kg::extract::entities::NerExample> doc = {
      nerExample({"Alma", "Martinez"}, {}), nerExample({"01/26/2001", "11:36", "AM"}, {}),
      nerExample({"The", "hearings", "begin", "tomorrow", "at", "10", "AM", "(", "PST", ")", "."},
                 {})};
  kg::extract::entities::linkDocument(doc, 0, doc.size());
  REQUIRE(hasSpan(ner.predict(doc[0], nullptr), NerSpan{0, 2, "PER"}));
  CHECK(ner.predict(doc[1], nullptr).empty());
  auto call = ner.predict(doc[2], nullptr);
  CHECK(std::none_of(call.begin(), call.end(), [](const NerSpan& sp) { return sp.first == 6; }));
}

TEST_CASE("capitalised words ending in a legal form are a company") {
  using kg::extract::entities::NerSpan;
  const auto& ner = committedNer();
  // The model alone leaves "Cherokee Finance , LLC" out and types only "Enron" of "Enron
  // Broadband Acquisition , Inc".
  CHECK(hasSpan(ner.predict(nerExample({"Rolls", "up", "to", "Cherokee", "Finance", ",", "LLC", ",",
                                        "a", "CFC", "."},
                                       {}),
                            nullptr),
                NerSpan{3, 7, "ORG"}));
  CHECK(hasSpan(
      ner.predict(
          nerExample({"80Y", "-", "Enron", "Broadband", "Acquisition", ",", "Inc", "."}, {}),
          nullptr),
      NerSpan{2, 7, "ORG"}));
  // A title before it is not the company's.
  CHECK(hasSpan(ner.predict(nerExample({"He", "works", "for", "Account", "Vice", "President",
                                        "Apache", ",", "LLC", "now", "."},
                                       {}),
                            nullptr),
                NerSpan{6, 9, "ORG"}));
}

TEST_CASE("a name always written with a possessive and nothing possessed is a shop, a place") {
  using kg::extract::entities::NerExample;
  using kg::extract::entities::NerSpan;
  const auto& ner = committedNer();
  // The model alone types "Geno" and "Raina" people, without the possessive.
  std::vector<NerExample> doc = {
      nerExample({"I", "grabbed", "a", "cab", "and", "went", "to", "Geno", "'s", "."}, {}),
      nerExample({"The", "best", "in", "town", ":", "Geno", "'s", "!"}, {})};
  kg::extract::entities::linkDocument(doc, 0, doc.size());
  CHECK(hasSpan(ner.predict(doc[0], nullptr), NerSpan{7, 9, "LOC"}));
  CHECK(hasSpan(ner.predict(doc[1], nullptr), NerSpan{5, 7, "LOC"}));
  CHECK(hasSpan(ner.predict(nerExample({"That", "did", "it", "for", "me", "..", "no", "more",
                                        "Raina", "'s", "."},
                                       {}),
                            nullptr),
                NerSpan{8, 10, "LOC"}));
  // Something possessed, a double genitive, or the name written without it elsewhere in
  // the document: the possessor stays as it was.
  auto unchanged = [&](std::vector<NerExample> sentences, std::size_t which, std::size_t name) {
    kg::extract::entities::linkDocument(sentences, 0, sentences.size());
    auto spans = ner.predict(sentences[which], nullptr);
    return std::none_of(spans.begin(), spans.end(), [&](const NerSpan& sp) {
      return sp.first <= name + 1 && name + 1 < sp.last;
    });
  };
  CHECK(
      unchanged({nerExample({"I", "took", "it", "to", "Peter", "'s", "mechanic", "."}, {})}, 0, 4));
  CHECK(unchanged({nerExample({"It", "is", "one", "of", "Victor", "Bout", "'s", "."}, {})}, 0, 5));
  CHECK(unchanged(
      {nerExample({"Lynn", "Goldsmith", "took", "the", "photograph", "."}, {}),
       nerExample({"Warhol", "'s", "work", ",", "unlike", "Goldsmith", "'s", ",", "is", "art", "."},
                  {})},
      1, 5));
}

TEST_CASE("storms are no people, in their sentence and through the document") {
  using kg::extract::entities::NerExample;
  using kg::extract::entities::NerSpan;
  const auto& ner = committedNer();
  auto covers = [](const std::vector<NerSpan>& spans, std::size_t word) {
    return std::any_of(spans.begin(), spans.end(),
                       [&](const NerSpan& sp) { return sp.first <= word && word < sp.last; });
  };
  // The model alone takes "Delia" for a person in both sentences.
  std::vector<NerExample> doc = {
      nerExample(
          {"Hurricane", "Delia", "strengthened", "on", "Monday", "near", "the", "coast", "."}, {}),
      nerExample({"Forecasters", "said", "Delia", "packed", "winds", "of", "120", "mph", "."}, {}),
      nerExample({"The", "National", "Hurricane", "Center", "issued", "a", "warning", "."}, {})};
  kg::extract::entities::linkDocument(doc, 0, doc.size());
  CHECK_FALSE(covers(ner.predict(doc[0], nullptr), 1));
  CHECK_FALSE(covers(ner.predict(doc[1], nullptr), 2));
  // "Hurricane" inside a name is no storm's title, and organisations stay.
  auto center = ner.predict(doc[2], nullptr);
  CHECK(hasSpan(center, NerSpan{1, 4, "ORG"}));
  auto committee = ner.predict(
      nerExample({"Officials", "at", "the", "Typhoon", "Committee", "met", "in", "Manila", "."},
                 {}),
      nullptr);
  CHECK(hasSpan(committee, NerSpan{3, 5, "ORG"}));
}

TEST_CASE("a surname alone resolves to the full name seen earlier") {
  std::string explain;
  auto doc = annotate("Rick Brennan, the WHO regional director, spoke at a UN briefing in Geneva.\n\n"
                      "Brennan said the situation was very worrying.\n", &explain);
  auto ms = allMentions(doc);
  auto it = std::find_if(ms.begin(), ms.end(), [](const Mention& m) { return m.text == "Brennan"; });
  REQUIRE_MESSAGE(it != ms.end(), describe(doc));
  CHECK(it->canonical == "Rick Brennan");
  CHECK(explain.find("surname of Rick Brennan seen earlier in the document") != std::string::npos);
  CHECK(mention(doc, "WHO")->canonical == "World Health Organization");
  CHECK(mention(doc, "UN")->canonical == "United Nations");
}

TEST_CASE("transliteration variants merge only when near-identical") {
  std::string explain;
  auto doc = annotate("Sohail Shahin, the spokesperson of the Taliban's political office in Doha, spoke on Friday.\n", &explain);
  auto m = mention(doc, "Sohail Shahin");
  REQUIRE_MESSAGE(m, describe(doc));
  CHECK(m->canonical == "Suhail Shaheen");
  CHECK(explain.find("Suhail Shaheen") != std::string::npos);
  doc = annotate("Governor Karim Rahimi arrived in Herat on Monday. Later, Governor Karim Rahimy met the elders. "
                 "Governor Kamal Rahmani stayed at home.\n");
  auto names = allMentions(doc);
  std::set<std::string> canon;
  for (auto& x : names)
    if (x.type == ActorType::Person) canon.insert(x.canonical);
  CHECK_MESSAGE(canon.count("Karim Rahimi"), describe(doc));
  CHECK_MESSAGE(!canon.count("Karim Rahimy"), describe(doc));
  CHECK_MESSAGE(canon.count("Kamal Rahmani"), describe(doc));
}

TEST_CASE("government bodies of a country get one canonical name") {
  for (std::string text : {"Samir Kabulov is the representative of Moscow's Ministry of Foreign Affairs in Afghanistan.\n",
                           "The Russian Foreign Ministry registered the diplomat.\n",
                           "A statement came from the Foreign Ministry of Russia on Friday.\n"}) {
    auto doc = annotate(text);
    auto ms = allMentions(doc);
    bool found = std::any_of(ms.begin(), ms.end(), [](const Mention& m) {
      return m.canonical == "Russian Foreign Ministry" && m.type == ActorType::Organization && m.affiliation == "Russia";
    });
    CHECK_MESSAGE(found, text << describe(doc));
  }
}

TEST_CASE(
    "a subject he/she continues the chain of the same pronoun over a person named in passing") {
  std::string explain;
  auto doc = annotate(
      "Maria Lopez founded the studio in 2010. She came up with the first designs. "
      "Those included Anna Berg and Lisa Holm. She had several ideas for the "
      "next game.\n",
      &explain);
  std::vector<const Mention*> shes;
  for (const auto& s : doc.sentences)
    for (const Mention& m : s.mentions)
      if (m.text == "She") shes.push_back(&m);
  REQUIRE_MESSAGE(shes.size() == 2, describe(doc));
  CHECK(shes[0]->canonical == "Maria Lopez");
  CHECK_MESSAGE(shes[1]->canonical == "Maria Lopez", describe(doc));
  CHECK(explain.find("continues the 'she' before it") != std::string::npos);
  // A person who is the subject of the sentence before takes the pronoun.
  doc = annotate(
      "Maria Lopez founded the studio in 2010. She came up with the first designs. "
      "Then Anna Berg joined the team. She had several ideas for the next game.\n");
  shes.clear();
  for (const auto& s : doc.sentences)
    for (const Mention& m : s.mentions)
      if (m.text == "She") shes.push_back(&m);
  REQUIRE_MESSAGE(shes.size() == 2, describe(doc));
  CHECK_MESSAGE(shes[1]->canonical == "Anna Berg", describe(doc));
}

TEST_CASE("a capitalised title between them does not keep \"it\" from its antecedent") {
  std::string explain;
  auto doc =
      annotate("It is the Senate, Madam Speaker, that will fail if it does not act.\n", &explain);
  std::vector<const Mention*> its;
  for (const auto& s : doc.sentences)
    for (const Mention& m : s.mentions)
      if (m.text == "it") its.push_back(&m);
  REQUIRE_MESSAGE(its.size() == 1, describe(doc) << explain);
  CHECK(its[0]->canonical == "Senate");
}

TEST_CASE("pronouns resolve to a compatible antecedent") {
  auto doc = annotate("The Taliban said in Moscow on Friday that they now control 85% of Afghanistan's territory.\n");
  auto they = mention(doc, "they");
  REQUIRE_MESSAGE(they, describe(doc));
  CHECK(they->canonical == "Taliban");
  CHECK(they->resolved_reference);
  // The span is the antecedent's.
  auto taliban = mention(doc, "Taliban");
  REQUIRE(taliban);
  CHECK(they->begin == taliban->begin);
  doc = annotate("President Putin stated that he expects the incoming leadership to follow through on its pledges.\n");
  auto he = mention(doc, "he");
  REQUIRE_MESSAGE(he, describe(doc));
  CHECK(he->canonical == "Vladimir Putin");
  // "she" has no female antecedent: unresolved, not a guess.
  doc = annotate("President Putin said that she would come.\n");
  CHECK_MESSAGE(!mention(doc, "she"), describe(doc));
}

TEST_CASE("the actor rules hold on the sentences of tests/data/entities/actors.txt") {
  const auto cases = kg::test::readActorCases(kg::test::testDataDir() / "entities" / "actors.txt");
  CHECK(cases.size() >= 15);
  for (const kg::test::ActorCase& c : cases) {
    const Document doc = annotate(c.text);
    kg::test::checkActorCase(doc, c, describe(doc));
  }
}

TEST_CASE("the actors of every sample are found with their canonical names and types") {
  for (auto& entry : std::filesystem::directory_iterator(kg::test::testDataDir() / "actors")) {
    if (entry.path().extension() != ".tsv") continue;
    std::string sample = entry.path().stem().string();
    auto text = kg::test::readFile(kg::test::samplesDir() / sample);
    REQUIRE_MESSAGE(!text.empty(), sample);
    auto doc = annotate(text);
    auto ms = allMentions(doc);
    std::ifstream in(entry.path());
    std::string line;
    int checked = 0;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      auto tab = line.find('\t');
      REQUIRE(tab != std::string::npos);
      std::string canonical = line.substr(0, tab);
      auto type = kg::graph::parseActorType(line.substr(tab + 1));
      REQUIRE(type);
      // An actor a group is affiliated with is named too ("al-Qaeda" of "al-Qaeda cells").
      bool found = std::any_of(ms.begin(), ms.end(), [&](const Mention& m) {
        return (m.canonical == canonical && m.type == *type) ||
               (m.affiliation == canonical && m.affiliation_type == *type);
      });
      CHECK_MESSAGE(found, sample << ": " << canonical << " (" << line.substr(tab + 1) << ")");
      ++checked;
    }
    CHECK(checked > 0);
  }
}

}  // TEST_SUITE
