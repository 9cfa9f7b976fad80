// kg eval ner: exact-span precision/recall/F1 (PER/ORG/LOC) of the entity
// recognizer on an IOB2 file (UNER) or on GUM CoNLL-U (Entity= annotations,
// converted as extract/entities/ner.h says). Gold POS tags are never used: the
// words are tagged by the committed tagger when its model exists, else the model
// runs without tag features.
//
//   kg eval ner --iob2 uner-en_ewt-ud-test.iob2 --json
//   kg eval ner --conllu en_gum-ud-test.conllu
//   kg eval ner --iob2 uner-en_ewt-ud-test.iob2 --per-document a.tsv   (counts per document,
//       for a paired bootstrap of two models: scripts/ner-compare a.tsv b.tsv)
//   kg eval ner --conllu en_ewt-ud-train.conllu --predictions out.iob2   (the predicted
//       spans as IOB2, readable by `kg train ner --train`: error lists, or machine-labelled
//       text for self-training)
#include <CLI/CLI.hpp>

#include <iomanip>
#include <map>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "extract/entities/actors.h"
#include "extract/entities/lexicon.h"
#include "extract/entities/ner.h"
#include "extract/nlp/tagger.h"
#include "graph/atomic_file.h"
#include "graph/error.h"

namespace kg::cli {
namespace {

struct EvalNerOptions {
  std::string iob2;                    // IOB2 gold file
  std::string conllu;                  // GUM CoNLL-U gold file
  std::string model;                   // model (default: committed ner.bin)
  std::vector<std::string> lexicons;   // extra lexicons
  bool json = false;                   // last line is a JSON object
  bool no_tagger = false;              // never tag (tag features off)
  int show_errors = 0;                 // print up to N sentences with errors
  std::string per_document;            // TSV of counts per document, or ""
  std::string predictions;             // IOB2 file of the predicted spans, or ""
};

}  // namespace

void setupEvalNer(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<EvalNerOptions>();
  CLI::App* cmd = app.add_subcommand("ner", "Score entity recognition on IOB2 or CoNLL-U");
  auto* iob = cmd->add_option("--iob2", opt->iob2, "Gold IOB2 file (UNER)")->check(CLI::ExistingFile);
  auto* con = cmd->add_option("--conllu", opt->conllu, "Gold GUM CoNLL-U file (Entity=)")->check(CLI::ExistingFile);
  iob->excludes(con);
  cmd->add_option("-m,--model", opt->model, "NER model (default: the committed extract/models/ner.bin)");
  cmd->add_option("--actors", opt->lexicons, "Extra lexicon files");
  cmd->add_flag("--json", opt->json, "Print a JSON object as the last line");
  cmd->add_option("--show-errors", opt->show_errors, "Print up to N sentences with wrong spans");
  cmd->add_flag("--no-tagger", opt->no_tagger, "Do not POS-tag the words first");
  cmd->add_option("--per-document", opt->per_document,
                  "Write the counts of each document (id, sentences, gold, predicted, correct) to "
                  "this TSV file");
  cmd->add_option("--predictions", opt->predictions,
                  "Write the predicted spans as IOB2 (same documents and sentences) to this file");
  cmd->callback([opt, &ctx] {
    if (opt->iob2.empty() && opt->conllu.empty())
      throw kg::UsageError("eval ner: give --iob2 FILE or --conllu FILE");
    // Opened first: a bad output path fails before the work.
    std::unique_ptr<kg::AtomicFile> per_document;
    if (!opt->per_document.empty())
      per_document = std::make_unique<kg::AtomicFile>(opt->per_document);
    std::unique_ptr<kg::AtomicFile> predictions;
    if (!opt->predictions.empty()) predictions = std::make_unique<kg::AtomicFile>(opt->predictions);
    extract::ActorOptions ao;
    ao.extra_lexicons = opt->lexicons;
    ao.model_path = opt->model;
    auto lexicon = extract::entities::loadLexicon(ao);
    auto model = extract::entities::NerModel::load(extract::entities::nerModelPath(ao));
    auto gold = !opt->iob2.empty() ? extract::entities::readIob2(opt->iob2)
                                   : extract::entities::readGumEntities(opt->conllu);
    extract::Tagger tagger = opt->no_tagger ? extract::Tagger() : extract::Tagger::loadDefaultIfPresent(ctx.err);
    extract::entities::NerScores total;
    std::map<std::string, extract::entities::NerScores> by_type;
    // Documents in file order: consecutive sentences of one linked document (or one id).
    struct DocumentCounts {
      std::string id;
      std::size_t sentences = 0;
      extract::entities::NerScores scores;
    };
    std::vector<DocumentCounts> documents;
    const void* last_document = nullptr;
    if (tagger.ok()) {
      extract::entities::tagExamples(gold, tagger);
    } else {
      for (auto& ex : gold) ex.tags.clear();  // never gold tags
    }
    for (auto& ex : gold) {
      auto pred = model.predict(ex, &lexicon);
      total.add(ex.spans, pred);
      if (documents.empty() || !ex.document || ex.document.get() != last_document ||
          ex.doc_id != documents.back().id)
        documents.push_back({ex.doc_id, 0, {}});
      last_document = ex.document.get();
      ++documents.back().sentences;
      documents.back().scores.add(ex.spans, pred);
      if (predictions) {
        if (documents.back().sentences == 1 && !ex.doc_id.empty())
          predictions->stream() << "# newdoc id = " << ex.doc_id << '\n';
        extract::entities::writeIob2Sentence(predictions->stream(), ex, pred);
      }
      if (opt->show_errors > 0 && pred != ex.spans) {
        --opt->show_errors;
        auto show = [&](const std::vector<extract::entities::NerSpan>& spans) {
          std::string out;
          for (auto& sp : spans) {
            out += " [";
            for (std::size_t k = sp.first; k < sp.last; ++k) out += (k > sp.first ? " " : "") + ex.words[k];
            out += "]" + sp.type;
          }
          return out;
        };
        std::string text;
        for (auto& w : ex.words) text += w + " ";
        ctx.err << text << "\n  gold:" << show(ex.spans) << "\n  pred:" << show(pred) << '\n';
      }
      for (const char* type : {"PER", "ORG", "LOC"}) {
        std::vector<extract::entities::NerSpan> g, p;
        for (auto& s : ex.spans) if (s.type == type) g.push_back(s);
        for (auto& s : pred) if (s.type == type) p.push_back(s);
        by_type[type].add(g, p);
      }
    }
    ctx.out << std::fixed << std::setprecision(2);
    ctx.out << "tagger: " << (tagger.ok() ? "yes" : "no") << '\n';
    for (auto& [type, sc] : by_type)
      ctx.out << type << "\tgold " << sc.gold << "\tpredicted " << sc.predicted << "\tP " << sc.precision()
              << "\tR " << sc.recall() << "\tF1 " << sc.f1() << '\n';
    ctx.out << "all\tgold " << total.gold << "\tpredicted " << total.predicted << "\tP "
            << total.precision() << "\tR " << total.recall() << "\tF1 " << total.f1() << '\n';
    if (per_document) {
      auto& file = *per_document;
      file.stream() << "document\tsentences\tgold\tpredicted\tcorrect\n";
      for (std::size_t d = 0; d < documents.size(); ++d) {
        const auto& doc = documents[d];
        file.stream() << (doc.id.empty() ? "#" + std::to_string(d + 1) : doc.id) << '\t'
                      << doc.sentences << '\t' << doc.scores.gold << '\t' << doc.scores.predicted
                      << '\t' << doc.scores.correct << '\n';
      }
      file.commit();
    }
    if (predictions) predictions->commit();
    if (opt->json)
      ctx.out << "{\"precision\": " << total.precision() << ", \"recall\": " << total.recall()
              << ", \"f1\": " << total.f1() << "}\n";
  });
}

}  // namespace kg::cli
