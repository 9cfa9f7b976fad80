// kg eval segment --conllu FILE [--json]: tokenization and sentence splitting
// scored against a UD treebank, as the CoNLL 2018 shared task scores them.
// kg train segmenter --conllu FILE... -o MODEL: trains the sentence-boundary classifier.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "extract/nlp/conllu.h"
#include "extract/text/conllu_text.h"
#include "extract/text/segmenter.h"
#include "graph/error.h"

namespace kg::cli {

namespace {

struct EvalSegmentOptions {
  std::string conllu;         // the gold treebank
  bool json = false;          // last line is a JSON object
  std::string model;          // boundary model (empty = default)
  bool no_model = false;      // rules only
  bool keep_hyphens = false;  // news tokenization ("Al-Qaeda") instead of UD ("Al - Qaeda")
};

struct TrainSegmenterOptions {
  std::vector<std::string> conllu;  // training treebanks
  std::string output;               // model path
  int epochs = 8;                   // perceptron epochs
  bool keep_hyphens = false;        // train on news tokenization
};

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

void runEval(const EvalSegmentOptions& o, Context& ctx) {
  extract::SegmentOptions so;
  so.document_structure = false;
  so.split_hyphens = !o.keep_hyphens;
  so.use_model = !o.no_model;
  so.model_path = o.model;
  extract::Segmenter segmenter(so);
  auto gold = extract::rebuildConlluText(extract::readConllu(o.conllu), o.conllu);
  auto system = segmenter.segmentText(gold.text);
  auto score = extract::scoreSegmentation(gold, system);
  auto row = [&](const char* name, const extract::PrfScore& s) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%-10s | %9.2f | %9.2f | %9.2f | %7zu | %7zu\n", name,
                  s.precision, s.recall, s.f1, s.gold, s.system);
    ctx.out << buf;
  };
  ctx.out << o.conllu << (segmenter.hasModel() ? " (boundary model)" : " (rules only)") << "\n";
  ctx.out << "Metric     | Precision |    Recall |  F1 Score |    Gold |  System\n";
  ctx.out << "-----------+-----------+-----------+-----------+---------+--------\n";
  row("Tokens", score.tokens);
  row("Sentences", score.sentences);
  if (gold.unaligned) ctx.err << "warning: " << gold.unaligned << " gold tokens not found in # text\n";
  if (o.json) {
    ctx.out << "{\"tokens_f1\": " << fmt(score.tokens.f1)
            << ", \"tokens_precision\": " << fmt(score.tokens.precision)
            << ", \"tokens_recall\": " << fmt(score.tokens.recall)
            << ", \"sentences_f1\": " << fmt(score.sentences.f1)
            << ", \"sentences_precision\": " << fmt(score.sentences.precision)
            << ", \"sentences_recall\": " << fmt(score.sentences.recall)
            << ", \"gold_tokens\": " << score.tokens.gold
            << ", \"gold_sentences\": " << score.sentences.gold << "}\n";
  }
}

}  // namespace

void setupEvalSegment(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<EvalSegmentOptions>();
  CLI::App* cmd = app.add_subcommand("segment", "Score tokenization and sentence splitting on CoNLL-U");
  cmd->add_option("--conllu", o->conllu, "Gold CoNLL-U file (its # text rebuilds the raw text)")
      ->required();
  cmd->add_flag("--json", o->json, "Print a JSON object as the last line (percentages)");
  cmd->add_option("--model", o->model, "Sentence-boundary model (default: extract/models/segmenter.bin)");
  cmd->add_flag("--no-model", o->no_model, "Rules only, no boundary classifier");
  cmd->add_flag("--keep-hyphens", o->keep_hyphens,
                "Keep hyphenated words whole (news mode) instead of UD's split");
  cmd->callback([o, &ctx] { runEval(*o, ctx); });
}

void setupTrainSegmenter(CLI::App& train, Context& ctx) {
  auto o = std::make_shared<TrainSegmenterOptions>();
  CLI::App* cmd = train.add_subcommand("segmenter", "Train the sentence-boundary classifier on CoNLL-U");
  cmd->add_option("--conllu", o->conllu, "Training treebanks (gold sentences)")->required();
  cmd->add_option("-o,--output", o->output, "Model file to write")->required();
  cmd->add_option("--epochs", o->epochs, "Perceptron epochs")->check(CLI::Range(1, 100));
  cmd->add_flag("--keep-hyphens", o->keep_hyphens, "Train on news tokenization");
  cmd->callback([o, &ctx] {
    extract::SegmentOptions so;
    so.document_structure = false;
    so.split_hyphens = !o->keep_hyphens;
    extract::Segmenter::train(o->conllu, o->output, so, o->epochs, ctx.err);
    ctx.out << "wrote " << o->output << "\n";
  });
}

}  // namespace kg::cli
