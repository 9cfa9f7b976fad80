// kg eval parse --conllu FILE [--gold-tokens] [--json] [--tagger M] [--parser M] [-o OUT]
// Tags and parses the gold words of FILE and scores UPOS, XPOS, UFeats, Lemma,
// UAS and LAS per word as conll18_ud_eval.py does on gold tokenization (LAS
// compares the universal part of the relation; "las_full" keeps the subtype).
// Without --gold-tokens the gold words are used too (raw-text mode, which
// needs an alignment of system and gold tokens, is not implemented); a note
// on stderr says so.
#include <CLI/CLI.hpp>
#include <chrono>
#include <iomanip>
#include <sstream>

#include "cli/commands.h"
#include "extract/nlp/conllu.h"
#include "extract/nlp/parser.h"
#include "extract/nlp/tagger.h"
#include "graph/atomic_file.h"
#include "graph/error.h"

namespace kg::cli {
namespace {

struct EvalParseOptions {
  std::string conllu;        // gold CoNLL-U file
  bool gold_tokens = false;  // score on the gold words (the only mode so far)
  bool json = false;         // last line {"upos": ..., "las": ...}
  std::string tagger;        // tagger model ("" = committed model)
  std::string parser;        // parser model ("" = committed model)
  std::string output;        // write the system's CoNLL-U here ("" = not written)
};

// Universal features only, as conll18_ud_eval.py compares UFeats.
std::string universalFeats(const std::string& feats) {
  static const char* kUniversal[] = {
      "PronType", "NumType", "Poss",   "Reflex", "Foreign", "Abbr",     "Typo",
      "Gender",   "Animacy", "NounClass", "Number", "Case", "Definite", "Degree",
      "VerbForm", "Mood",    "Tense",  "Aspect", "Voice",   "Evident",  "Polarity",
      "Person",   "Polite",  "Clusivity"};
  if (feats.empty() || feats == "_") return "_";
  std::vector<std::string> kept;
  std::stringstream ss(feats);
  std::string item;
  while (std::getline(ss, item, '|')) {
    auto eq = item.find('=');
    std::string name = item.substr(0, eq);
    for (const char* u : kUniversal) {
      if (name == u) {
        kept.push_back(item);
        break;
      }
    }
  }
  std::sort(kept.begin(), kept.end());
  std::string out;
  for (const auto& k : kept) out += (out.empty() ? "" : "|") + k;
  return out.empty() ? "_" : out;
}

void runEvalParse(const EvalParseOptions& opt, Context& ctx) {
  auto gold = extract::readConllu(opt.conllu);
  if (!opt.gold_tokens) {
    ctx.err << "eval parse: raw-text alignment is not implemented; scoring on gold tokens\n";
  }
  auto tagger = opt.tagger.empty() ? extract::Tagger::loadDefault() : extract::Tagger::load(opt.tagger);
  auto parser = opt.parser.empty() ? extract::Parser::loadDefault() : extract::Parser::load(opt.parser);
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
      ufeats += universalFeats(g.feats) == universalFeats(p.feats);
      lemma += g.lemma == p.lemma;
    }
  }
  if (!opt.output.empty()) {
    kg::AtomicFile file(opt.output);
    for (const auto& s : system) extract::writeConllu(file.stream(), s);
    file.commit();
  }
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
  cmd->add_flag("--gold-tokens", opt->gold_tokens, "Tag and parse the gold words");
  cmd->add_flag("--json", opt->json, "Print the scores as JSON on the last line");
  cmd->add_option("--tagger", opt->tagger, "Tagger model (default: the committed model)");
  cmd->add_option("--parser", opt->parser, "Parser model (default: the committed model)");
  cmd->add_option("-o,--output", opt->output, "Write the tagged and parsed words as CoNLL-U");
  cmd->callback([opt, &ctx] { runEvalParse(*opt, ctx); });
}

}  // namespace kg::cli
