// Tests of extract/nlp/parse_eval: CoNLL 2018 scores on raw text, words aligned by
// their spans, and `kg eval parse` without --gold-tokens.
#include <doctest/doctest.h>

#include "extract/nlp/conllu.h"
#include "extract/nlp/parse_eval.h"
#include "extract/nlp/parser.h"
#include "extract/text/conllu_text.h"
#include "test_support.h"

namespace {

using kg::extract::Sentence;
using kg::extract::Token;

// Two gold sentences; "won't" is a multiword token (wo + n't), as in EWT.
const char* kGold =
    "# text = Russia won't wait.\n"
    "1\tRussia\tRussia\tPROPN\tNNP\tNumber=Sing\t4\tnsubj\t_\t_\n"
    "2-3\twon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\two\twill\tAUX\tMD\tVerbForm=Fin\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\tPolarity=Neg\t4\tadvmod\t_\t_\n"
    "4\twait\twait\tVERB\tVB\tVerbForm=Inf\t0\troot\t_\tSpaceAfter=No\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n"
    "\n"
    "# text = Kabul fell.\n"
    "1\tKabul\tKabul\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_\n"
    "2\tfell\tfall\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\tSpaceAfter=No\n"
    "3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
    "\n";

Token word(const std::string& form, std::size_t begin, std::size_t end, const std::string& upos, int head,
           const std::string& deprel, const std::string& lemma) {
  Token t;
  t.form = form;
  t.begin = begin;
  t.end = end;
  t.upos = upos;
  t.head = head;
  t.deprel = deprel;
  t.lemma = lemma;
  return t;
}

}  // namespace

TEST_SUITE("parse-eval") {

TEST_CASE("system words align with gold words through their spans (hand-counted scores)") {
  kg::test::TempDir dir;
  kg::test::writeFile(dir / "gold.conllu", kGold);
  auto gold = kg::extract::readConllu((dir / "gold.conllu").string());
  auto text = kg::extract::rebuildConlluText(gold, "gold.conllu");
  REQUIRE(text.text.rfind("Russia won't wait. Kabul fell.", 0) == 0);

  // System: the multiword token right, "wait" mistagged, "n't" mislabelled, and
  // "fell." left as one token (so "fell" and "." align with nothing).
  Sentence s1;
  s1.tokens = {word("Russia", 0, 6, "PROPN", 4, "nsubj", "Russia"), word("wo", 7, 12, "AUX", 4, "aux", "will"),
               word("n't", 7, 12, "PART", 4, "obj", "not"), word("wait", 13, 17, "NOUN", 0, "root", "wait"),
               word(".", 17, 18, "PUNCT", 4, "punct", ".")};
  s1.multiword.push_back({2, 3, "won't", "_"});
  Sentence s2;
  s2.tokens = {word("Kabul", 19, 24, "PROPN", 2, "nsubj", "Kabul"), word("fell.", 25, 30, "VERB", 0, "root", "fell.")};
  auto e = kg::extract::evaluateParse(gold, text, {s1, s2});

  // Tokens: gold 7 (Russia won't wait . Kabul fell .), system 6, equal spans 5.
  CHECK(e.tokens.gold == 7);
  CHECK(e.tokens.system == 6);
  CHECK(e.tokens.correct == 5);
  CHECK(e.sentences.correct == 2);
  // Words: gold 8, system 7, aligned 6 (all but fell and the last period).
  CHECK(e.words.gold == 8);
  CHECK(e.words.system == 7);
  CHECK(e.words.correct == 6);
  CHECK(e.words.precision == doctest::Approx(100.0 * 6 / 7));
  CHECK(e.words.recall == doctest::Approx(100.0 * 6 / 8));
  // UPOS: "wait" is wrong. Lemmas: all 6 aligned right.
  CHECK(e.upos.correct == 5);
  CHECK(e.lemmas.correct == 6);
  // UAS: Kabul's gold head "fell" has no aligned system word; LAS also loses n't.
  CHECK(e.uas.correct == 5);
  CHECK(e.las.correct == 4);
}

TEST_CASE("a multiword token split differently aligns the words whose forms agree") {
  kg::test::TempDir dir;
  kg::test::writeFile(dir / "gold.conllu", kGold);
  auto gold = kg::extract::readConllu((dir / "gold.conllu").string());
  auto text = kg::extract::rebuildConlluText(gold, "gold.conllu");
  // "won't" as one system word: nothing of the gold pair wo + n't matches its form.
  Sentence s1;
  s1.tokens = {word("Russia", 0, 6, "PROPN", 3, "nsubj", "Russia"), word("won't", 7, 12, "AUX", 3, "aux", "will"),
               word("wait", 13, 17, "VERB", 0, "root", "wait"), word(".", 17, 18, "PUNCT", 3, "punct", ".")};
  auto e = kg::extract::evaluateParse(gold, text, {s1});
  CHECK(e.tokens.correct == 4);  // the span of won't is right
  CHECK(e.words.correct == 3);   // Russia, wait, .
  CHECK(e.uas.correct == 3);     // their heads (wait, root, wait) align
}

TEST_CASE("universal features drop language-specific ones and sort the rest") {
  CHECK(kg::extract::universalFeatures("Tense=Past|ExtPos=ADP|Mood=Ind") == "Mood=Ind|Tense=Past");
  CHECK(kg::extract::universalFeatures("_") == "_");
  CHECK(kg::extract::universalFeatures("ExtPos=ADP") == "_");
}

TEST_CASE("kg eval parse on raw text equals the gold-token scores when the segmentation is right") {
  if (!std::filesystem::exists(kg::extract::Parser::defaultPath())) {
    MESSAGE("skipped: no committed parser model");
    return;
  }
  kg::test::TempDir dir;
  // Two plain sentences the segmenter splits and tokenizes as the gold does.
  kg::test::writeFile(dir / "plain.conllu",
                      "# text = Russia negotiates with the Taliban.\n"
                      "1\tRussia\tRussia\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_\n"
                      "2\tnegotiates\tnegotiate\tVERB\tVBZ\tMood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin\t0\troot\t_\t_\n"
                      "3\twith\twith\tADP\tIN\t_\t5\tcase\t_\t_\n"
                      "4\tthe\tthe\tDET\tDT\tDefinite=Def|PronType=Art\t5\tdet\t_\t_\n"
                      "5\tTaliban\tTaliban\tPROPN\tNNP\tNumber=Sing\t2\tobl\t_\tSpaceAfter=No\n"
                      "6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
                      "\n"
                      "# text = Kabul fell on Sunday.\n"
                      "1\tKabul\tKabul\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_\n"
                      "2\tfell\tfall\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\t_\n"
                      "3\ton\ton\tADP\tIN\t_\t4\tcase\t_\t_\n"
                      "4\tSunday\tSunday\tPROPN\tNNP\tNumber=Sing\t2\tobl:tmod\t_\tSpaceAfter=No\n"
                      "5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n"
                      "\n");
  auto raw = kg::test::runKg({"eval", "parse", "--conllu", (dir / "plain.conllu").string(), "--json"});
  REQUIRE_MESSAGE(raw.code == 0, raw.err);
  auto gold = kg::test::runKg({"eval", "parse", "--conllu", (dir / "plain.conllu").string(), "--gold-tokens", "--json"});
  REQUIRE_MESSAGE(gold.code == 0, gold.err);
  CHECK(raw.out.find("\"tokens\": 100.00") != std::string::npos);
  CHECK(raw.out.find("\"sentences\": 100.00") != std::string::npos);
  CHECK(raw.out.find("\"words\": 100.00") != std::string::npos);
  // The same words, sentences and models: the same tags and trees.
  auto value = [](const std::string& out, const std::string& key) {
    auto p = out.rfind("\"" + key + "\": ");
    REQUIRE(p != std::string::npos);
    return out.substr(p + key.size() + 4, 6);
  };
  for (const char* key : {"upos", "xpos", "lemma", "uas", "las"}) CHECK_MESSAGE(value(raw.out, key) == value(gold.out, key), key);
}

TEST_CASE("kg eval parse names a missing file") {
  auto r = kg::test::runKg({"eval", "parse", "--conllu", "/nonexistent/x.conllu"});
  CHECK(r.code != 0);
  CHECK(r.err.find("/nonexistent/x.conllu") != std::string::npos);
}

}  // TEST_SUITE("parse-eval")
