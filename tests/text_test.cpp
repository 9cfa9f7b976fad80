// Text ingestion: reading, clean-up with an offset map, tokenization, sentence splitting.
#include <algorithm>
#include <sstream>
#include <thread>

#include "extract/nlp/conllu.h"
#include "extract/text/cleanup.h"
#include "extract/text/conllu_text.h"
#include "extract/text/reader.h"
#include "extract/text/segmenter.h"
#include "graph/error.h"
#include "test_support.h"

using namespace kg::extract;

namespace {

std::vector<Document> readAll(const std::vector<std::string>& inputs, std::string* warnings = nullptr,
                              const ReadOptions& options = {}) {
  std::vector<Document> docs;
  std::ostringstream warn;
  readInputs(inputs, options, [&](Document&& d) { docs.push_back(std::move(d)); }, warn);
  if (warnings) *warnings = warn.str();
  return docs;
}

Document segmentedSample(const std::string& name) {
  Document doc;
  doc.name = name;
  doc.raw = kg::test::readFile(kg::test::samplesDir() / name);
  segment(doc);
  return doc;
}

std::vector<std::string> forms(const Sentence& s) {
  std::vector<std::string> out;
  for (const auto& t : s.tokens) out.push_back(t.form);
  return out;
}

std::vector<std::string> formsOf(std::string_view text, bool split_hyphens = false) {
  SegmentOptions o;
  o.document_structure = false;
  o.split_hyphens = split_hyphens;
  std::vector<std::string> out;
  for (const auto& s : Segmenter(o).segmentText(text))
    for (const auto& t : s.tokens) out.push_back(t.form);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::vector<std::string>& seq) {
  return std::search(v.begin(), v.end(), seq.begin(), seq.end()) != v.end();
}

const Sentence* findSentence(const Document& d, std::string_view needle) {
  for (const auto& s : d.sentences)
    if (s.text.find(needle) != std::string::npos) return &s;
  return nullptr;
}

}  // namespace

TEST_SUITE("text") {
  // ------------------------------------------------------------ clean-up

  TEST_CASE("the damaged mojibake of sample 002 becomes quotes around the quotation") {
    std::string raw = kg::test::readFile(kg::test::samplesDir() / "002_a469bc7d964748ed.txt");
    CleanText c = cleanText(raw);
    CHECK(c.text.find("Russia wants to \xE2\x80\x98" "actively operate in Kabul,\xE2\x80\x99 claiming") != std::string::npos);
    CHECK(c.text.find("\xE2\x80\x98" "democratic.\xE2\x80\x99") != std::string::npos);
    CHECK(c.text.find("\xC3\xA2\xE2\x82\xAC") == std::string::npos);  // no "â€" left
    CHECK(c.text.find("\xE2\x80\xA0") == std::string::npos);          // no dagger left
    // The repaired quote maps back to the whole damaged sequence "â€TM".
    std::size_t q = c.text.find("Kabul,\xE2\x80\x99") + 6;
    CHECK(raw.substr(c.map.rawBegin(q), c.map.rawEnd(q + 3) - c.map.rawBegin(q)) == "\xC3\xA2\xE2\x82\xAC" "TM");
  }

  TEST_CASE("UTF-8 read as Windows-1252 is repaired") {
    CHECK(cleanText("Moscow\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s allies").text == "Moscow\xE2\x80\x99s allies");
    CHECK(cleanText("\xC3\xA2\xE2\x82\xAC\xC5\x93" "fight\xC3\xA2\xE2\x82\xAC\xC2\x9D").text ==
          "\xE2\x80\x9C" "fight\xE2\x80\x9D");
    CHECK(cleanText("caf\xC3\x83\xC2\xA9").text == "caf\xC3\xA9");
  }

  TEST_CASE("a dagger without other mojibake in the text is left alone") {
    CHECK(cleanText("Smith \xE2\x80\xA0" "died 1990").text == "Smith \xE2\x80\xA0" "died 1990");
  }

  TEST_CASE("NFC composes a combining accent and maps back to both raw characters") {
    std::string raw = "Cafe\xCC\x81 Kabul";  // e + COMBINING ACUTE
    CleanText c = cleanText(raw);
    CHECK(c.text == "Caf\xC3\xA9 Kabul");
    CHECK(c.map.rawEnd(5) == 6);           // "Café" ends after the combining mark
    CHECK(c.map.rawBegin(6) == 7);         // "Kabul" starts where it starts in raw
  }

  TEST_CASE("non-breaking and zero-width spaces are cleaned with exact raw spans") {
    std::string raw = "Kabul\xC2\xA0" "Airport Tali\xE2\x80\x8B" "ban";
    auto sents = segmentText(raw);
    REQUIRE(sents.size() == 1);
    CHECK(forms(sents[0]) == std::vector<std::string>{"Kabul", "Airport", "Taliban"});
    const Token& t = sents[0].tokens[2];
    CHECK(raw.substr(t.begin, t.end - t.begin) == "Tali\xE2\x80\x8B" "ban");
    CHECK(raw.substr(sents[0].tokens[1].begin, 7) == "Airport");
  }

  TEST_CASE("invalid UTF-8 becomes U+FFFD and the offsets still point into the raw bytes") {
    std::string raw = "Kabul is\xFF the capital.";
    CleanText c = cleanText(raw);
    CHECK(c.text == "Kabul is\xEF\xBF\xBD the capital.");
    CHECK(findInvalidUtf8(raw) == 8);
    auto sents = segmentText(raw);
    REQUIRE(!sents.empty());
    const Token& last = sents.back().tokens.back();
    CHECK(last.form == ".");
    CHECK(last.begin == raw.size() - 1);
  }

  TEST_CASE("marks after banned organisations are not part of names (sample 003)") {
    Document d = segmentedSample("003_3e5737fc2a18b80b.txt");
    const Sentence* s = findSentence(d, "such as ISIS");
    REQUIRE(s != nullptr);
    auto f = forms(*s);
    CHECK(contains(f, {"ISIS", ",", "Al-Qaeda", ",", "the", "Islamic", "Movement", "of", "Uzbekistan", ","}));
    CHECK(s->text.find('*') == std::string::npos);
    const Sentence* first = findSentence(d, "recognizes the Taliban");
    REQUIRE(first != nullptr);
    CHECK(contains(forms(*first), {"recognizes", "the", "Taliban", ",", "the", "resistance"}));
    // Emphasis in Markdown keeps its stars.
    CHECK(cleanText("a *Bold* claim").text == "a *Bold* claim");
  }

  TEST_CASE("tokens not touched by repairs are exactly their raw bytes in every sample") {
    for (const auto& entry : std::filesystem::directory_iterator(kg::test::samplesDir())) {
      if (entry.path().extension() != ".txt") continue;
      Document d = segmentedSample(entry.path().filename().string());
      REQUIRE(!d.sentences.empty());
      std::size_t checked = 0, repaired = 0;
      for (const auto& s : d.sentences) {
        CHECK(s.begin <= s.end);
        CHECK(s.end <= d.raw.size());
        for (const auto& t : s.tokens) {
          REQUIRE(t.begin <= t.end);
          REQUIRE(t.end <= d.raw.size());
          std::string raw = d.raw.substr(t.begin, t.end - t.begin);
          if (raw == t.form) {
            ++checked;
          } else {
            // Only the mojibake quotes of sample 002 differ from their raw bytes.
            ++repaired;
            CHECK(entry.path().filename() == "002_a469bc7d964748ed.txt");
            CHECK((raw == "\xE2\x80\xA0" || raw == "\xC3\xA2\xE2\x82\xAC" "TM"));
          }
        }
      }
      CHECK(checked > 100);
      CHECK(repaired <= 4);
    }
  }

  // ------------------------------------------------------------ document structure

  TEST_CASE("the headline, source line and boilerplate of sample 000 are recognised") {
    Document d = segmentedSample("000_dcf35f6d50cb4574.txt");
    CHECK(d.meta["title"] ==
          "Russia Won\xE2\x80\x99t Interfere With Afghanistan If Afghanistan Stays Out of Neighboring Countries");
    CHECK(d.meta["source"] == "Colonel Cassad");
    CHECK(findSentence(d, "Machine translated") == nullptr);
    CHECK(findSentence(d, "Source:") == nullptr);
    REQUIRE(d.sentences.size() > 3);
    CHECK(d.sentences[0].comments == std::vector<std::string>{"headline"});
    // "1. Lavrov, ..." loses its paragraph number.
    CHECK(d.sentences[1].tokens[0].form == "Lavrov");
    CHECK(d.sentences[1].text.rfind("Lavrov, following", 0) == 0);
  }

  TEST_CASE("a repeated headline is kept once and comments are closed is dropped (sample 002)") {
    Document d = segmentedSample("002_a469bc7d964748ed.txt");
    std::size_t headlines = 0;
    for (const auto& s : d.sentences)
      if (s.text.find("Russia wants to") != std::string::npos) ++headlines;
    CHECK(headlines == 1);
    CHECK(findSentence(d, "Comments are closed") == nullptr);
    CHECK(d.meta.count("title") == 1);
  }

  TEST_CASE("author lines, footnotes and tags are metadata or boilerplate (samples 003, 004)") {
    Document d3 = segmentedSample("003_3e5737fc2a18b80b.txt");
    CHECK(d3.meta["author"] == "Farid Ahmad");
    CHECK(findSentence(d3, "Author:") == nullptr);
    CHECK(findSentence(d3, "under UN sanctions") == nullptr);
    Document d4 = segmentedSample("004_671bc687376e8093.txt");
    CHECK(findSentence(d4, "Tags") == nullptr);
    CHECK(d4.meta["title"] == "Putin said that Russia would not interfere in Afghanistan\xE2\x80\x99s domestic affairs");
    CHECK(d4.sentences.back().text.find("settling political contradictions.") != std::string::npos);
  }

  // ------------------------------------------------------------ tokenization

  TEST_CASE("negations and clitics are split as in UD English") {
    CHECK(formsOf("I can't go.") == std::vector<std::string>{"I", "ca", "n't", "go", "."});
    CHECK(formsOf("Russia Won\xE2\x80\x99t interfere") ==
          std::vector<std::string>{"Russia", "Wo", "n\xE2\x80\x99t", "interfere"});
    CHECK(formsOf("We cannot wait") == std::vector<std::string>{"We", "can", "not", "wait"});
    CHECK(formsOf("They're sure we'll see what I've done, I'm told he'd go") ==
          std::vector<std::string>{"They", "'re", "sure", "we", "'ll", "see", "what", "I", "'ve",
                                   "done", ",", "I", "'m", "told", "he", "'d", "go"});
  }

  TEST_CASE("a possessive is a multiword token of two words") {
    auto sents = segmentText("Following Zarif\xE2\x80\x99s talks with the Taliban, they left.");
    REQUIRE(sents.size() == 1);
    const Sentence& s = sents[0];
    CHECK(contains(forms(s), {"Zarif", "\xE2\x80\x99s", "talks"}));
    REQUIRE(s.multiword.size() == 1);
    CHECK(s.multiword[0].form == "Zarif\xE2\x80\x99s");
    CHECK(s.multiword[0].first == 2);
    CHECK(s.multiword[0].last == 3);
    CHECK(!s.tokens[1].space_after);
    CHECK(s.tokens[1].misc == "_");  // CoNLL-U: SpaceAfter of a multiword token is on its range line
    CHECK(s.multiword[0].misc == "_");
  }

  TEST_CASE("numbers, percentages, currency and dates keep their shape") {
    CHECK(contains(formsOf("more than 1,500 Afghan soldiers"), {"1,500", "Afghan"}));
    CHECK(contains(formsOf("they control 85% of the territory"), {"85", "%", "of"}));
    CHECK(contains(formsOf("it cost $100 or 3.5 million"), {"$", "100", "or", "3.5", "million"}));
    CHECK(contains(formsOf("without waiting for 9/11."), {"9/11", "."}));
    CHECK(contains(formsOf("the 201st base (1953-2001)"), {"201st", "base", "(", "1953-2001", ")"}));
  }

  TEST_CASE("a word and its closing mark split as the general rules split them") {
    CHECK(formsOf("Kabul, Moscow; Tehran: Doha? Delhi! (Kunduz) \"Herat\" Balkh.") ==
          std::vector<std::string>{"Kabul", ",", "Moscow", ";", "Tehran", ":", "Doha", "?", "Delhi", "!",
                                   "(", "Kunduz", ")", "\"", "Herat", "\"", "Balkh", "."});
    // Abbreviations, "cannot" and numbers keep their own rules.
    CHECK(formsOf("Mr. Smith, J. Doe and Gen. Miller cannot, gonna.") ==
          std::vector<std::string>{"Mr.", "Smith", ",", "J.", "Doe", "and", "Gen.", "Miller", "can", "not",
                                   ",", "gon", "na", "."});
    CHECK(formsOf("in 2021, 1,500 men.") == std::vector<std::string>{"in", "2021", ",", "1,500", "men", "."});
  }

  TEST_CASE("URLs and e-mail addresses are single tokens") {
    CHECK(formsOf("See https://tass.com/politics/1 now.") ==
          std::vector<std::string>{"See", "https://tass.com/politics/1", "now", "."});
    CHECK(formsOf("Write to press@mid.ru, please") ==
          std::vector<std::string>{"Write", "to", "press@mid.ru", ",", "please"});
  }

  TEST_CASE("hyphenated names are kept in news mode and split in UD mode") {
    CHECK(contains(formsOf("the city of Islam-Qala yesterday"), {"of", "Islam-Qala", "yesterday"}));
    CHECK(contains(formsOf("cells of Al-Qaeda."), {"Al-Qaeda", "."}));
    CHECK(contains(formsOf("cells of Al-Qaeda.", true), {"Al", "-", "Qaeda", "."}));
    CHECK(contains(formsOf("a non-profit group", true), {"non-profit"}));
  }

  TEST_CASE("punctuation and quotes are split off words") {
    CHECK(formsOf("\xE2\x80\x9COur territory will never be used,\xE2\x80\x9D said Delava.") ==
          std::vector<std::string>{"\xE2\x80\x9C", "Our", "territory", "will", "never", "be", "used", ",",
                                   "\xE2\x80\x9D", "said", "Delava", "."});
    CHECK(formsOf("the Islamic State (IS).") ==
          std::vector<std::string>{"the", "Islamic", "State", "(", "IS", ")", "."});
    CHECK(contains(formsOf("wives and sisters... war"), {"sisters", "...", "war"}));
  }

  // ------------------------------------------------------------ sentences

  TEST_CASE("abbreviations and initials do not end sentences") {
    auto s = segmentText("Mr. Blinken further stated that the U.S. embassy had closed. Gen. J. Smith agreed.");
    REQUIRE(s.size() == 2);
    CHECK(s[0].tokens[0].form == "Mr.");
    CHECK(contains(forms(s[0]), {"the", "U.S.", "embassy"}));
    CHECK(s[1].text == "Gen. J. Smith agreed.");
  }

  TEST_CASE("a closing quote after the final stop belongs to the sentence") {
    auto s = segmentText("He stated, \xE2\x80\x9CIt is critical.\xE2\x80\x9D The war went on.");
    REQUIRE(s.size() == 2);
    CHECK(s[0].tokens.back().form == "\xE2\x80\x9D");
    CHECK(s[1].text == "The war went on.");
  }

  TEST_CASE("paragraph breaks end sentences and number paragraphs") {
    auto s = segmentText("Taliban: Control 85% of Afghanistan\nThe Taliban said so.\n\nKabul rejected it.");
    REQUIRE(s.size() == 3);
    CHECK(s[0].text == "Taliban: Control 85% of Afghanistan");
    CHECK(s[1].paragraph == s[0].paragraph + 1);
    CHECK(s[2].paragraph == s[1].paragraph + 1);
  }

  TEST_CASE("a hard-wrapped line that goes on in lower case is one sentence") {
    auto s = segmentText("The Taliban said in Moscow that they\ncontrol most of the country. Kabul denied it.");
    REQUIRE(s.size() == 2);
    CHECK(s[0].tokens.size() == 13);  // 12 words and the full stop
  }

  TEST_CASE("a sentence's text and span cover its first to last token") {
    std::string raw = "Iran fears refugees. Fighting began today on the approaches to Kandahar.";
    auto s = segmentText(raw);
    REQUIRE(s.size() == 2);
    CHECK(raw.substr(s[1].begin, s[1].end - s[1].begin) == s[1].text);
    CHECK(s[1].text == "Fighting began today on the approaches to Kandahar.");
  }

  TEST_CASE("very long runs of words are cut into bounded sentences") {
    std::string raw;
    for (int i = 0; i < 1000; ++i) raw += "word ";
    SegmentOptions o;
    o.max_sentence_tokens = 300;
    auto s = Segmenter(o).segmentText(raw);
    REQUIRE(s.size() >= 4);
    for (const auto& x : s) CHECK(x.tokens.size() <= 300);
  }

  // ------------------------------------------------------------ spans (Segmenter::split)

  TEST_CASE("split gives the spans of exactly the tokens and sentences that segment builds") {
    Segmenter segmenter;
    Segmentation seg;
    for (const auto& entry : std::filesystem::directory_iterator(kg::test::samplesDir())) {
      if (entry.path().extension() != ".txt") continue;
      INFO(entry.path().filename().string());
      Document d = segmentedSample(entry.path().filename().string());
      segmenter.split(d.raw, seg);
      REQUIRE(seg.sentences.size() == d.sentences.size());
      std::size_t next = 0;  // the sentences cover the tokens in order, without gaps
      for (std::size_t i = 0; i < d.sentences.size(); ++i) {
        const SentenceSpan& ss = seg.sentences[i];
        const Sentence& s = d.sentences[i];
        CHECK(ss.first == next);
        REQUIRE(ss.last - ss.first == s.tokens.size());
        next = ss.last;
        CHECK(seg.text(ss) == s.text);
        CHECK(ss.paragraph == s.paragraph);
        CHECK(ss.headline == (s.comments == std::vector<std::string>{"headline"}));
        for (std::size_t k = 0; k < s.tokens.size(); ++k) {
          const TokenSpan& t = seg.tokens[ss.first + k];
          CHECK(seg.form(t) == s.tokens[k].form);
          CHECK(t.raw_begin == s.tokens[k].begin);
          CHECK(t.raw_end == s.tokens[k].end);
          CHECK(t.space_after == s.tokens[k].space_after);
        }
      }
      CHECK(next == seg.tokens.size());
      for (const MetaSpan& m : seg.meta) CHECK(d.meta[std::string(m.key)] == seg.value(m));
    }
  }

  TEST_CASE("the words of a contraction are joined to the next one within their multiword token") {
    SegmentOptions o;
    o.document_structure = false;
    Segmentation seg;
    Segmenter(o).split("They don't know Zarif\xE2\x80\x99s plan.", seg);
    std::vector<std::string> f;
    std::vector<bool> joins;
    for (const TokenSpan& t : seg.tokens) {
      f.emplace_back(seg.form(t));
      joins.push_back(t.joins_next);
    }
    CHECK(f == std::vector<std::string>{"They", "do", "n't", "know", "Zarif", "\xE2\x80\x99s", "plan", "."});
    CHECK(joins == std::vector<bool>{false, true, false, false, true, false, false, false});
    CHECK(!seg.tokens[1].space_after);
    CHECK(seg.tokens[2].space_after);
  }

  TEST_CASE("a Segmentation reused for another document holds that document only") {
    Segmenter segmenter;
    Segmentation reused, fresh;
    std::string long_doc = kg::test::readFile(kg::test::samplesDir() / "000_dcf35f6d50cb4574.txt");
    std::string short_doc = "Source: TASS\n\nKabul is calm. The Taliban\xC2\xA0said so.";
    segmenter.split(long_doc, reused);
    REQUIRE(reused.tokens.size() > 100);
    segmenter.split(short_doc, reused);
    segmenter.split(short_doc, fresh);
    CHECK(reused.clean.text == fresh.clean.text);
    CHECK(reused.tokens == fresh.tokens);
    CHECK(reused.sentences == fresh.sentences);
    CHECK(reused.meta == fresh.meta);
    REQUIRE(reused.sentences.size() == 2);
    CHECK(reused.text(reused.sentences[1]) == "The Taliban said so.");
    REQUIRE(reused.meta.size() == 1);
    CHECK(reused.value(reused.meta[0]) == "TASS");
    // The raw span of "said" starts after the two bytes of the no-break space.
    const TokenSpan& said = reused.tokens[reused.sentences[1].first + 2];
    CHECK(short_doc.substr(said.raw_begin, said.raw_end - said.raw_begin) == "said");
    // And back to the long document: the same as a first use.
    segmenter.split(long_doc, reused);
    segmenter.split(long_doc, fresh);
    CHECK(reused.tokens == fresh.tokens);
    CHECK(reused.sentences == fresh.sentences);
  }

  TEST_CASE("one Segmenter shared by two threads gives each the same spans as alone") {
    Segmenter segmenter;
    std::vector<std::string> docs;
    for (const auto& entry : std::filesystem::directory_iterator(kg::test::samplesDir()))
      if (entry.path().extension() == ".txt") docs.push_back(kg::test::readFile(entry.path()));
    REQUIRE(docs.size() >= 2);
    std::vector<Segmentation> alone(docs.size());
    for (std::size_t d = 0; d < docs.size(); ++d) segmenter.split(docs[d], alone[d]);
    // Each thread goes through the documents in its own order, many times.
    std::size_t mismatches[2] = {0, 0};
    auto work = [&](int id) {
      Segmentation seg;
      for (int round = 0; round < 20; ++round)
        for (std::size_t k = 0; k < docs.size(); ++k) {
          std::size_t d = id == 0 ? k : docs.size() - 1 - k;
          segmenter.split(docs[d], seg);
          if (!(seg.tokens == alone[d].tokens && seg.sentences == alone[d].sentences &&
                seg.meta == alone[d].meta && seg.clean.text == alone[d].clean.text))
            ++mismatches[id];
        }
    };
    std::thread other(work, 1);
    work(0);
    other.join();
    CHECK(mismatches[0] == 0);
    CHECK(mismatches[1] == 0);
  }

  TEST_CASE("split of empty, blank or invalid input gives valid spans") {
    Segmenter segmenter;
    Segmentation seg;
    segmenter.split("", seg);
    CHECK(seg.tokens.empty());
    CHECK(seg.sentences.empty());
    CHECK(seg.clean.text.empty());
    segmenter.split(" \n\n\t ", seg);
    CHECK(seg.tokens.empty());
    CHECK(seg.sentences.empty());
    std::string raw = "\xFF\xFE Kabul\xC3 is \xE2\x80 calm.\xF0";
    segmenter.split(raw, seg);
    REQUIRE(!seg.sentences.empty());
    for (const TokenSpan& t : seg.tokens) {
      CHECK(t.clean_begin < t.clean_end);
      CHECK(t.clean_end <= seg.clean.text.size());
      CHECK(t.raw_begin < t.raw_end);
      CHECK(t.raw_end <= raw.size());
    }
    CHECK(seg.form(seg.tokens.front()) == "\xEF\xBF\xBD\xEF\xBF\xBD");  // two U+FFFD
    CHECK(seg.tokens.back().raw_end == raw.size());
  }

  // ------------------------------------------------------------ reading

  TEST_CASE("folders are read recursively in sorted order with globs") {
    kg::test::TempDir dir;
    std::filesystem::create_directories(dir / "b");
    kg::test::writeFile(dir / "b" / "z.txt", "Second.");
    kg::test::writeFile(dir / "a.md", "First.");
    kg::test::writeFile(dir / "skip.csv", "x,y");
    auto docs = readAll({dir.path().string()});
    REQUIRE(docs.size() == 2);
    CHECK(docs[0].raw == "First.");
    CHECK(docs[1].raw == "Second.");
    ReadOptions only_csv;
    only_csv.globs = {"*.csv"};
    CHECK(readAll({dir.path().string()}, nullptr, only_csv).size() == 1);
    CHECK(globMatch("*.txt", "a.txt"));
    CHECK(!globMatch("*.txt", "a.txt.bak"));
    CHECK(globMatch("0[0-9]?_*.txt", "003_x.txt"));
  }

  TEST_CASE("gzip files are read and a truncated gzip file is an input error") {
    kg::test::TempDir dir;
    std::string text = kg::test::readFile(kg::test::samplesDir() / "000_dcf35f6d50cb4574.txt");
    kg::test::writeFile(dir / "a.txt", text);
    auto r = kg::test::runShell("gzip -9 '" + (dir / "a.txt").string() + "'");
    REQUIRE(r.code == 0);
    auto docs = readAll({(dir / "a.txt.gz").string()});
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].raw == text);
    CHECK(readAll({dir.path().string()}).size() == 1);  // *.txt takes a.txt.gz
    std::string gz = kg::test::readFile(dir / "a.txt.gz");
    kg::test::writeFile(dir / "cut.txt.gz", gz.substr(0, gz.size() / 2));
    try {
      readAll({(dir / "cut.txt.gz").string()});
      FAIL("a truncated .gz was accepted");
    } catch (const kg::InputError& e) {
      CHECK(std::string(e.what()).find("cut.txt.gz: truncated") != std::string::npos);
    }
  }

  TEST_CASE("JSON Lines corpora give one document per line with metadata") {
    auto docs = readAll({(kg::test::testDataDir() / "text" / "good.jsonl").string()});
    REQUIRE(docs.size() == 2);
    CHECK(docs[0].name == "a1");
    CHECK(docs[0].raw == "Lavrov met the Taliban. Russia will not interfere.");
    CHECK(docs[0].meta["title"] == "Talks");
    CHECK(docs[0].meta["date"] == "2021-07-09");
    CHECK(docs[0].meta["source"] == "TASS");
    CHECK(docs[0].meta["url"] == "https://tass.com/1");
    CHECK(docs[1].name == "7");
    segment(docs[0]);
    CHECK(docs[0].sentences.size() == 2);
    CHECK(docs[0].meta["title"] == "Talks");  // the corpus title is kept
  }

  TEST_CASE("a bad JSON Lines record is an input error naming file and line") {
    std::string path = (kg::test::testDataDir() / "text" / "bad.jsonl").string();
    std::size_t seen = 0;
    std::ostringstream warn;
    try {
      readInputs({path}, ReadOptions{}, [&](Document&&) { ++seen; }, warn);
      FAIL("bad JSONL was accepted");
    } catch (const kg::InputError& e) {
      CHECK(std::string(e.what()).find("bad.jsonl:2: invalid JSON") != std::string::npos);
    }
    CHECK(seen == 1);  // the good first line was streamed before the error
    try {
      readAll({(kg::test::testDataDir() / "text" / "no_text.jsonl").string()});
      FAIL("a record without text was accepted");
    } catch (const kg::InputError& e) {
      CHECK(std::string(e.what()).find("no_text.jsonl:1: missing string field \"text\"") != std::string::npos);
    }
  }

  TEST_CASE("invalid UTF-8 gives a warning with the byte offset, NUL bytes skip the file") {
    std::string warnings;
    auto docs = readAll({(kg::test::testDataDir() / "text" / "invalid_utf8.txt").string(),
                         (kg::test::testDataDir() / "text" / "nul.txt").string()},
                        &warnings);
    REQUIRE(docs.size() == 1);
    CHECK(warnings.find("invalid_utf8.txt: invalid UTF-8 at byte 8") != std::string::npos);
    CHECK(warnings.find("nul.txt: contains NUL bytes") != std::string::npos);
    segment(docs[0]);
    REQUIRE(!docs[0].sentences.empty());
    CHECK(docs[0].sentences[0].tokens[0].form == "Kabul");
  }

  TEST_CASE("an empty file is a document without sentences and a missing file is an error") {
    auto docs = readAll({(kg::test::testDataDir() / "text" / "empty.txt").string()});
    REQUIRE(docs.size() == 1);
    segment(docs[0]);
    CHECK(docs[0].sentences.empty());
    CHECK_THROWS_AS(readAll({(kg::test::testDataDir() / "text" / "missing.txt").string()}), kg::InputError);
  }

  TEST_CASE("a 100 MB line is read and segmented without trouble") {
    kg::test::TempDir dir;
    std::string word(999, 'a');
    word += ' ';
    std::string big;
    big.reserve(100u << 20);
    while (big.size() + word.size() <= (100u << 20)) big += word;
    big += "end.";
    kg::test::writeFile(dir / "big.txt", big);
    big.clear();
    big.shrink_to_fit();
    auto docs = readAll({(dir / "big.txt").string()});
    REQUIRE(docs.size() == 1);
    CHECK(docs[0].raw.size() > (99u << 20));
    segment(docs[0]);
    REQUIRE(!docs[0].sentences.empty());
    const Token& last = docs[0].sentences.back().tokens.back();
    CHECK(last.form == ".");
    CHECK(last.end == docs[0].raw.size());
    for (const auto& s : docs[0].sentences) CHECK(s.tokens.size() <= 400);
  }

  // ------------------------------------------------------------ model and evaluation

  TEST_CASE("a wrong or truncated boundary model is a clear input error") {
    kg::test::TempDir dir;
    kg::test::writeFile(dir / "bad.bin", "NOTAMODEL");
    SegmentOptions o;
    o.model_path = (dir / "bad.bin").string();
    CHECK_THROWS_AS(Segmenter{o}, kg::InputError);
    std::string good = kg::test::readFile(defaultSegmenterModelPath());
    REQUIRE(good.size() > 100);
    kg::test::writeFile(dir / "cut.bin", good.substr(0, good.size() / 2));
    o.model_path = (dir / "cut.bin").string();
    CHECK_THROWS_AS(Segmenter{o}, kg::InputError);
    o.model_path = (dir / "none.bin").string();
    CHECK_THROWS_AS(Segmenter{o}, kg::InputError);
    CHECK(Segmenter{}.hasModel());
  }

  TEST_CASE("the CoNLL-U text is rebuilt with paragraph breaks and gold spans") {
    auto gold = rebuildConlluText(readConllu((kg::test::testDataDir() / "text" / "mini.conllu").string()), "mini");
    CHECK(gold.text ==
          "Mr. Blinken didn't come. He stayed in the U.S. for 3.5 years.\n\nRussia's army (1,500 troops) left\n");
    REQUIRE(gold.tokens.size() == 21);  // 5 + 9 + 7: "didn't" and "Russia's" are one token each
    CHECK(gold.text.substr(gold.tokens[2].first, gold.tokens[2].second - gold.tokens[2].first) == "didn't");
    REQUIRE(gold.sentences.size() == 3);
    CHECK(gold.unaligned == 0);
  }

  TEST_CASE("kg eval segment scores a perfect segmentation as 100") {
    auto r = kg::test::runKg({"eval", "segment", "--conllu",
                              (kg::test::testDataDir() / "text" / "mini.conllu").string(), "--json"});
    REQUIRE(r.code == 0);
    std::string last = r.out.substr(r.out.rfind('{'));
    CHECK(last.find("\"tokens_f1\": 100.00") != std::string::npos);
    CHECK(last.find("\"sentences_f1\": 100.00") != std::string::npos);
    CHECK(r.out.find("Tokens") != std::string::npos);
  }

  TEST_CASE("segmentation scores count precision and recall over spans") {
    ConlluText gold;
    gold.text = "ab cd. ef";
    gold.tokens = {{0, 2}, {3, 5}, {5, 6}, {7, 9}};
    gold.sentences = {{0, 6}, {7, 9}};
    Sentence sys;  // one sentence, "cd." as one token
    for (auto [b, e] : std::vector<Span>{{0, 2}, {3, 6}, {7, 9}}) {
      Token t;
      t.begin = b;
      t.end = e;
      sys.tokens.push_back(t);
    }
    auto score = scoreSegmentation(gold, {sys});
    CHECK(score.tokens.correct == 2);
    CHECK(score.tokens.precision == doctest::Approx(200.0 / 3));
    CHECK(score.tokens.recall == doctest::Approx(50.0));
    CHECK(score.sentences.correct == 0);
    CHECK(score.sentences.system == 1);
  }

  TEST_CASE("the UD test sets reach the token and sentence bars") {
    KG_REQUIRE_SHARED(shared);
    struct Bar {
      const char* file;
      double tokens, sentences;
    };
    for (Bar bar : {Bar{"en_ewt-ud-test.conllu", 99.0, 80.0}, Bar{"en_gum-ud-test.conllu", 99.0, 90.0}}) {
      auto r = kg::test::runKg({"eval", "segment", "--conllu", (shared / "ud" / bar.file).string(), "--json"});
      REQUIRE(r.code == 0);
      std::string json = r.out.substr(r.out.rfind('{'));
      auto value = [&](const std::string& key) {
        std::size_t p = json.find("\"" + key + "\": ");
        REQUIRE(p != std::string::npos);
        return std::stod(json.substr(p + key.size() + 4));
      };
      INFO(bar.file, " ", json);
      CHECK(value("tokens_f1") >= bar.tokens);
      CHECK(value("sentences_f1") >= bar.sentences);
    }
  }
}
