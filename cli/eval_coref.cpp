// kg eval coref: how well the actor recognizer resolves pronouns and definite
// descriptions, scored against GUM's coreference clusters (MISC Entity=). Each
// document is rebuilt from its gold words only (gold sentences and tokens, no
// gold tags or tree), tagged and parsed by the committed models, annotated by
// ActorRecognizer, and scored as extract/entities/coref_eval.h defines.
//
//   kg eval coref --conllu en_gum-ud-dev.conllu --json
//   kg eval coref --conllu en_gum-ud-dev.conllu --show-errors 40
#include <CLI/CLI.hpp>

#include <iomanip>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "extract/entities/actors.h"
#include "extract/entities/coref_eval.h"
#include "extract/entities/lexicon.h"
#include "extract/nlp/parser.h"
#include "extract/nlp/tagger.h"
#include "graph/error.h"

namespace kg::cli {
namespace {

struct EvalCorefOptions {
  std::string conllu;                  // GUM CoNLL-U gold file
  std::string tagger;                  // tagger model (default: committed)
  std::string parser;                  // parser model (default: committed)
  std::vector<std::string> lexicons;   // extra lexicons
  bool json = false;                   // last line is a JSON object
  int show_errors = 0;                 // print up to N wrong resolutions
  int show_missed = 0;                 // print up to N gold anaphors kg missed
  bool show_correct = false;           // print the right resolutions too (within the same limit)
};

std::string jsonEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

void setupEvalCoref(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<EvalCorefOptions>();
  CLI::App* cmd = app.add_subcommand("coref", "Score pronoun/description resolution on GUM coreference");
  cmd->add_option("--conllu", opt->conllu, "Gold GUM CoNLL-U file (Entity= clusters)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--tagger", opt->tagger, "Tagger model (default: the committed one)");
  cmd->add_option("--parser", opt->parser, "Parser model (default: the committed one)");
  cmd->add_option("--actors", opt->lexicons, "Extra lexicon files");
  cmd->add_flag("--json", opt->json, "Print a JSON object as the last line");
  cmd->add_option("--show-errors", opt->show_errors, "Print up to N wrong resolutions (to stderr)");
  cmd->add_option("--show-missed", opt->show_missed,
                  "Print up to N gold anaphors with a recognised antecedent that kg missed (to stderr)");
  cmd->add_flag("--show-correct", opt->show_correct, "With --show-errors: print right resolutions too");
  cmd->callback([opt, &ctx] {
    namespace coref = extract::coref;
    extract::ActorOptions ao;
    ao.extra_lexicons = opt->lexicons;
    auto actors = extract::ActorRecognizer::loadDefault(ao);
    auto lexicon = extract::entities::loadLexicon(ao);
    auto tagger = opt->tagger.empty() ? extract::Tagger::loadDefault() : extract::Tagger::load(opt->tagger);
    auto parser = opt->parser.empty() ? extract::Parser::loadDefault() : extract::Parser::load(opt->parser);
    coref::DescriptionTest is_description = [&lexicon](const std::string& w) {
      return lexicon.description(w) != nullptr;
    };
    coref::CorefScore total;
    for (const coref::GoldDocument& gold : coref::readGumCoref(opt->conllu)) {
      extract::Document doc = gold.document;
      tagger.tag(doc.sentences);
      for (auto& s : doc.sentences) parser.parse(s);
      actors.annotate(doc);
      total.add(coref::scoreCoreference(gold, doc, is_description));
    }
    int shown = 0;
    for (const auto& d : total.decisions) {
      if (shown >= opt->show_errors) break;
      if (d.correct && !opt->show_correct) continue;
      ++shown;
      ctx.err << (d.correct ? "RIGHT " : "WRONG ") << d.document << " s" << d.sentence + 1 << " [" << d.kind
              << "] '" << d.anaphor << "' -> '" << d.antecedent << "'; gold: "
              << (d.gold.empty() ? "(no earlier mention)" : "'" + d.gold + "'") << '\n';
    }
    shown = 0;
    for (const auto& d : total.missed) {
      if (shown++ >= opt->show_missed) break;
      ctx.err << "MISSED " << d.document << " s" << d.sentence + 1 << " [" << d.kind << "] '" << d.anaphor
              << "'; recognised antecedent: '" << d.antecedent << "'\n";
    }
    ctx.out << std::fixed << std::setprecision(2);
    ctx.out << "kind\tgold\tresolved\tcorrect\tP\tR\n";
    auto row = [&](const std::string& name, const coref::KindCounts& c) {
      double p = c.resolved ? 100.0 * static_cast<double>(c.correct) / static_cast<double>(c.resolved) : 0.0;
      double r = c.gold ? 100.0 * static_cast<double>(c.correct_gold) / static_cast<double>(c.gold) : 0.0;
      ctx.out << name << '\t' << c.gold << '\t' << c.resolved << '\t' << c.correct << '\t' << p << '\t' << r << '\n';
    };
    for (const char* kind : {"he/she", "they", "it", "we", "description"}) {
      auto it = total.by_kind.find(kind);
      row(kind, it == total.by_kind.end() ? coref::KindCounts{} : it->second);
    }
    row("all", total.total);
    ctx.out << "precision " << total.precision() << "  recall " << total.recall() << "  F1 " << total.f1() << '\n';
    if (opt->json) {
      ctx.out << "{\"precision\": " << total.precision() << ", \"recall\": " << total.recall()
              << ", \"f1\": " << total.f1() << ", \"gold\": " << total.total.gold
              << ", \"resolved\": " << total.total.resolved << ", \"correct\": " << total.total.correct
              << ", \"kinds\": {";
      bool first = true;
      for (const char* kind : {"he/she", "they", "it", "we", "description"}) {
        auto it = total.by_kind.find(kind);
        coref::KindCounts c = it == total.by_kind.end() ? coref::KindCounts{} : it->second;
        ctx.out << (first ? "" : ", ") << '"' << jsonEscape(kind) << "\": {\"gold\": " << c.gold
                << ", \"resolved\": " << c.resolved << ", \"correct\": " << c.correct
                << ", \"correct_gold\": " << c.correct_gold << '}';
        first = false;
      }
      ctx.out << "}}\n";
    }
  });
}

}  // namespace kg::cli
