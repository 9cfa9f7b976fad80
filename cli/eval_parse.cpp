// kg eval parse --conllu FILE [--gold-tokens] [--json] [--tagger M] [--parser M] [-o OUT]
// Scores UPOS, XPOS, UFeats, Lemma, UAS and LAS as conll18_ud_eval.py does (LAS
// compares the universal part of the relation).
// - With --gold-tokens: the gold words are tagged and parsed; every score is per
//   gold word ("las_full" keeps the subtype).
// - Without: the raw text is rebuilt from the file ("# text", SpaceAfter=No,
//   paragraphs), segmented with UD tokenization, tagged and parsed; system and gold
//   words are aligned by their spans (extract/nlp/parse_eval.h) and every score is an
//   F1, with tokens, sentences and words too.
// -o OUT writes the system's tagged and parsed sentences as CoNLL-U.
#include <CLI/CLI.hpp>
#include <chrono>
#include <iomanip>
#include <sstream>

#include "cli/commands.h"
#include "extract/nlp/conllu.h"
#include "extract/nlp/parse_eval.h"
#include "extract/nlp/parser.h"
#include "extract/nlp/tagger.h"
#include "extract/text/conllu_text.h"
#include "extract/text/segmenter.h"
#include "graph/atomic_file.h"
#include "graph/error.h"

namespace kg::cli {
namespace {

struct EvalParseOptions {
  std::string conllu;        // gold CoNLL-U file
  bool gold_tokens = false;  // score on the gold words (else on raw text, aligned)
  bool json = false;         // last line {"upos": ..., "las": ...}
  std::string tagger;        // tagger model ("" = committed model)
  std::string parser;        // parser model ("" = committed model)
  std::string output;        // write the system's CoNLL-U here ("" = not written)
};

// -o OUT: the system's sentences as CoNLL-U (written atomically).
void writeSystem(const EvalParseOptions& opt, const std::vector<extract::Sentence>& system) {
  if (opt.output.empty()) return;
  kg::AtomicFile file(opt.output);
  for (const auto& s : system) extract::writeConllu(file.stream(), s);
  file.commit();
}

// Raw-text mode: segment the rebuilt text, tag, parse, align with the gold words.
void runRawText(const std::vector<extract::Sentence>& gold, const EvalParseOptions& opt,
                const extract::Tagger& tagger, const extract::Parser& parser, Context& ctx) {
  auto text = extract::rebuildConlluText(gold, opt.conllu);
  extract::SegmentOptions so;
  so.document_structure = false;  // a treebank: no headlines, bylines or boilerplate
  so.split_hyphens = true;        // UD tokenization
  extract::Segmenter segmenter(so);
  auto started = std::chrono::steady_clock::now();
  std::vector<extract::Sentence> system = segmenter.segmentText(text.text);
  std::size_t words = 0;
  for (auto& s : system) {
    tagger.tag(s);
    parser.parse(s);
    words += s.tokens.size();
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  writeSystem(opt, system);
  extract::ParseEvaluation e = extract::evaluateParse(gold, text, system);
  std::ostream& out = ctx.out;
  out << std::fixed << std::setprecision(2);
  out << "Metric     | Precision |    Recall |  F1 Score\n"
      << "-----------+-----------+-----------+----------\n";
  auto row = [&](const char* name, const extract::PrfScore& p) {
    out << std::left << std::setw(11) << name << std::right << "| " << std::setw(9) << p.precision << " | "
        << std::setw(9) << p.recall << " | " << std::setw(9) << p.f1 << '\n';
  };
  row("Tokens", e.tokens);
  row("Sentences", e.sentences);
  row("Words", e.words);
  row("UPOS", e.upos);
  row("XPOS", e.xpos);
  row("UFeats", e.ufeats);
  row("Lemmas", e.lemmas);
  row("UAS", e.uas);
  row("LAS", e.las);
  out << words << " system words, " << system.size() << " system sentences, " << std::setprecision(0)
      << (secs > 0 ? static_cast<double>(words) / secs : 0.0) << " words/s (segment + tag + parse)\n";
  if (opt.json) {
    out << std::setprecision(2) << "{\"tokens\": " << e.tokens.f1 << ", \"sentences\": " << e.sentences.f1
        << ", \"words\": " << e.words.f1 << ", \"upos\": " << e.upos.f1 << ", \"xpos\": " << e.xpos.f1
        << ", \"ufeats\": " << e.ufeats.f1 << ", \"lemma\": " << e.lemmas.f1 << ", \"uas\": " << e.uas.f1
        << ", \"las\": " << e.las.f1 << "}\n";
  }
}

void runEvalParse(const EvalParseOptions& opt, Context& ctx) {
  auto gold = extract::readConllu(opt.conllu);
  auto tagger = opt.tagger.empty() ? extract::Tagger::loadDefault() : extract::Tagger::load(opt.tagger);
  auto parser = opt.parser.empty() ? extract::Parser::loadDefault() : extract::Parser::load(opt.parser);
  if (!opt.gold_tokens) {
    runRawText(gold, opt, tagger, parser, ctx);
    return;
  }
  std::vector<extract::Sentence> system;
  system.reserve(gold.size());
  auto started = std::chrono::steady_clock::now();
  for (const auto& g : gold) {
    extract::Sentence s;
    s.text = g.text;
    s.tokens.reserve(g.tokens.size());
    for (const auto& gt : g.tokens) {
      extract::Token t;
      t.form = gt.form;
      t.misc = gt.misc;
      t.space_after = gt.space_after;
      s.tokens.push_back(std::move(t));
    }
    tagger.tag(s);
    parser.parse(s);
    system.push_back(std::move(s));
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::size_t words = 0, upos = 0, xpos = 0, ufeats = 0, lemma = 0;
  for (std::size_t i = 0; i < gold.size(); ++i) {
    for (std::size_t j = 0; j < gold[i].tokens.size(); ++j) {
      const auto& g = gold[i].tokens[j];
      const auto& p = system[i].tokens[j];
      ++words;
      upos += g.upos == p.upos;
      xpos += g.xpos == p.xpos;
      ufeats += extract::universalFeatures(g.feats) == extract::universalFeatures(p.feats);
      lemma += g.lemma == p.lemma;
    }
  }
  writeSystem(opt, system);
  auto parse = extract::scoreParses(gold, system);
  auto pct = [&](std::size_t k) {
    return words ? 100.0 * static_cast<double>(k) / static_cast<double>(words) : 0.0;
  };
  std::ostream& out = ctx.out;
  out << std::fixed << std::setprecision(2);
  out << "Metric     | Score (%)\n"
      << "-----------+----------\n"
      << "UPOS       | " << std::setw(8) << pct(upos) << '\n'
      << "XPOS       | " << std::setw(8) << pct(xpos) << '\n'
      << "UFeats     | " << std::setw(8) << pct(ufeats) << '\n'
      << "Lemmas     | " << std::setw(8) << pct(lemma) << '\n'
      << "UAS        | " << std::setw(8) << parse.uas << '\n'
      << "LAS        | " << std::setw(8) << parse.las << '\n'
      << "LAS (full) | " << std::setw(8) << parse.las_full << '\n'
      << words << " words, " << gold.size() << " sentences, " << std::setprecision(0)
      << (secs > 0 ? static_cast<double>(words) / secs : 0.0) << " words/s (tag + parse)\n";
  if (opt.json) {
    out << std::setprecision(2) << "{\"upos\": " << pct(upos) << ", \"xpos\": " << pct(xpos)
        << ", \"ufeats\": " << pct(ufeats) << ", \"lemma\": " << pct(lemma)
        << ", \"uas\": " << parse.uas << ", \"las\": " << parse.las
        << ", \"las_full\": " << parse.las_full << ", \"words\": " << words << "}\n";
  }
}

}  // namespace

void setupEvalParse(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<EvalParseOptions>();
  CLI::App* cmd = app.add_subcommand(
      "parse", "Score tagging, lemmas and parsing on CoNLL-U (CoNLL 2018 metrics)");
  cmd->add_option("--conllu", opt->conllu, "Gold CoNLL-U file")->required();
  cmd->add_flag("--gold-tokens", opt->gold_tokens,
                "Tag and parse the gold words (default: segment the raw text and align)");
  cmd->add_flag("--json", opt->json, "Print the scores as JSON on the last line");
  cmd->add_option("--tagger", opt->tagger, "Tagger model (default: the committed model)");
  cmd->add_option("--parser", opt->parser, "Parser model (default: the committed model)");
  cmd->add_option("-o,--output", opt->output, "Write the tagged and parsed words as CoNLL-U");
  cmd->callback([opt, &ctx] { runEvalParse(*opt, ctx); });
}

}  // namespace kg::cli
