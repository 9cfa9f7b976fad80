// kg parse, kg eval parse and kg train parser, run in-process.
#include <filesystem>
#include <sstream>

#include "extract/nlp/conllu.h"
#include "extract/nlp/parser.h"
#include "test_support.h"

namespace {

bool modelsPresent() {
  return std::filesystem::exists(kg::extract::Parser::defaultPath()) &&
         std::filesystem::exists(kg::test::sourceDir() / "extract" / "models" / "tagger.bin");
}

std::string lastLine(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  auto nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

// The first `n` sentences of a CoNLL-U file, as CoNLL-U text.
std::string firstSentencesText(const std::filesystem::path& file, std::size_t n) {
  kg::extract::ConlluReader reader(file.string());
  std::ostringstream out;
  kg::extract::Sentence s;
  for (std::size_t i = 0; i < n && reader.next(s); ++i) kg::extract::writeConllu(out, s);
  return out.str();
}

}  // namespace

TEST_SUITE("cli-parse") {
  TEST_CASE("kg parse prints CoNLL-U with document, sentence id and text comments") {
    REQUIRE_MESSAGE(modelsPresent(), "committed tagger and parser models");
    kg::test::TempDir dir;
    kg::test::writeFile(dir / "news.txt",
                        "Russia warned Ukraine on Monday. The Taliban captured the city.\n");
    auto r = kg::test::runKg({"parse", (dir / "news.txt").string()});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("# doc = ") != std::string::npos);
    CHECK(r.out.find("# sent_id = 1-1") != std::string::npos);
    CHECK(r.out.find("# sent_id = 1-2") != std::string::npos);
    CHECK(r.out.find("# text = Russia warned Ukraine on Monday.") != std::string::npos);
    // the output reads back as CoNLL-U: two sentences, every word with a head and a relation
    std::istringstream in(r.out);
    kg::extract::ConlluReader reader(in, "output");
    kg::extract::Sentence s;
    int sentences = 0;
    while (reader.next(s)) {
      ++sentences;
      int roots = 0;
      for (const auto& t : s.tokens) {
        CHECK(t.head >= 0);
        CHECK(!t.deprel.empty());
        CHECK(t.deprel.find('|') == std::string::npos);
        roots += t.head == 0;
      }
      CHECK(roots == 1);
      if (sentences == 1) {
        REQUIRE(s.tokens.size() == 6);
        CHECK(s.tokens[0].form == "Russia");
        CHECK(s.tokens[0].head == 2);
        CHECK(s.tokens[0].deprel == "nsubj");
        CHECK(s.tokens[2].deprel == "obj");
        CHECK(s.tokens[1].upos == "VERB");
      }
    }
    CHECK(sentences == 2);
  }

  TEST_CASE("kg parse -o writes the file and a missing input is an error naming it") {
    REQUIRE_MESSAGE(modelsPresent(), "committed tagger and parser models");
    kg::test::TempDir dir;
    kg::test::writeFile(dir / "a.txt", "Iran fears a wave of refugees.\n");
    auto r = kg::test::runKg({"parse", (dir / "a.txt").string(), "-o", (dir / "a.conllu").string()});
    CHECK(r.code == 0);
    CHECK(r.out.empty());
    CHECK(kg::test::readFile(dir / "a.conllu").find("\tfears\t") != std::string::npos);
    auto missing = kg::test::runKg({"parse", (dir / "nope.txt").string()});
    CHECK(missing.code == 1);
    CHECK(missing.err.find("nope.txt") != std::string::npos);
  }

  TEST_CASE("kg eval parse --json ends with the CoNLL 2018 scores") {
    KG_REQUIRE_SHARED(shared);
    REQUIRE_MESSAGE(modelsPresent(), "committed tagger and parser models");
    kg::test::TempDir dir;
    kg::test::writeFile(dir / "gold.conllu",
                        firstSentencesText(shared / "ud" / "en_ewt-ud-test.conllu", 200));
    auto r = kg::test::runKg(
        {"eval", "parse", "--conllu", (dir / "gold.conllu").string(), "--gold-tokens", "--json"});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("LAS") != std::string::npos);
    std::string json = lastLine(r.out);
    CHECK(json.front() == '{');
    for (const char* key : {"\"upos\"", "\"xpos\"", "\"ufeats\"", "\"lemma\"", "\"uas\"", "\"las\""}) {
      CHECK(json.find(key) != std::string::npos);
    }
    // a model that meets the bars scores far above chance on 200 test sentences
    auto las_at = json.find("\"las\": ");
    REQUIRE(las_at != std::string::npos);
    double las = std::stod(json.substr(las_at + 7));
    CHECK(las > 75.0);
    CHECK(las <= 100.0);
  }

  TEST_CASE("kg eval parse scores a perfect parse of its own output as 100") {
    REQUIRE_MESSAGE(modelsPresent(), "committed tagger and parser models");
    kg::test::TempDir dir;
    kg::test::writeFile(dir / "in.txt", "The army stationed in Tajikistan is on alert.\n");
    auto parsed = kg::test::runKg({"parse", (dir / "in.txt").string(), "-o",
                                   (dir / "sys.conllu").string()});
    REQUIRE(parsed.code == 0);
    auto r = kg::test::runKg({"eval", "parse", "--conllu", (dir / "sys.conllu").string(),
                              "--gold-tokens", "--json"});
    REQUIRE(r.code == 0);
    std::string json = lastLine(r.out);
    CHECK(json.find("\"upos\": 100.00") != std::string::npos);
    CHECK(json.find("\"uas\": 100.00") != std::string::npos);
    CHECK(json.find("\"las\": 100.00") != std::string::npos);
  }

  TEST_CASE("kg train parser needs --train and -o, and reports unreadable files") {
    auto r = kg::test::runKg({"train", "parser", "-o", "x.bin"});
    CHECK(r.code == 2);
    kg::test::TempDir dir;
    auto bad = kg::test::runKg({"train", "parser", "--train", (dir / "none.conllu").string(),
                                "-o", (dir / "p.bin").string()});
    CHECK(bad.code == 1);
    CHECK(bad.err.find("none.conllu") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "p.bin"));
  }

  TEST_CASE("kg train parser writes a model that kg eval parse can load") {
    KG_REQUIRE_SHARED(shared);
    kg::test::TempDir dir;
    kg::test::writeFile(dir / "train.conllu",
                        firstSentencesText(shared / "ud" / "en_ewt-ud-train.conllu", 200));
    kg::test::writeFile(dir / "dev.conllu",
                        firstSentencesText(shared / "ud" / "en_ewt-ud-dev.conllu", 30));
    auto r = kg::test::runKg({"train", "parser", "--train", (dir / "train.conllu").string(),
                              "--dev", (dir / "dev.conllu").string(), "-o",
                              (dir / "p.bin").string(), "--iterations", "2"});
    REQUIRE(r.code == 0);
    CHECK(r.err.find("iteration 2/2") != std::string::npos);
    CHECK(r.err.find("dev UAS") != std::string::npos);
    auto p = kg::extract::Parser::load((dir / "p.bin").string());
    CHECK(p.ok());
    // --from with two models: their mean, pruned; the same model twice is that model
    auto twice = kg::test::runKg({"train", "parser", "--from", (dir / "p.bin").string(),
                                  (dir / "p.bin").string(), "-o", (dir / "mean.bin").string()});
    REQUIRE(twice.code == 0);
    CHECK(kg::test::readFile(dir / "mean.bin") == kg::test::readFile(dir / "p.bin"));
    auto pruned = kg::test::runKg({"train", "parser", "--from", (dir / "p.bin").string(),
                                   (dir / "p.bin").string(), "--prune", "0.05", "-o",
                                   (dir / "small.bin").string()});
    REQUIRE(pruned.code == 0);
    CHECK(kg::extract::Parser::load((dir / "small.bin").string()).numWeights() < p.numWeights());
    // --from trains nothing: --train beside it is a usage error
    auto both = kg::test::runKg({"train", "parser", "--from", (dir / "p.bin").string(), "--train",
                                 (dir / "train.conllu").string(), "-o", (dir / "x.bin").string()});
    CHECK(both.code == 2);
    CHECK(both.err.find("--from") != std::string::npos);
  }
}
