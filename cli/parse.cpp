// kg parse INPUTS... [-o FILE]: reads raw text (files, folders, "-", .gz, JSONL),
// segments it into sentences and tokens, tags and parses them, and prints
// CoNLL-U with "# newdoc id", "# doc", "# sent_id" and "# text" comments.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "extract/nlp/conllu.h"
#include "extract/nlp/parser.h"
#include "extract/nlp/tagger.h"
#include "extract/text/reader.h"
#include "extract/text/segmenter.h"
#include "graph/atomic_file.h"
#include "graph/error.h"

namespace kg::cli {
namespace {

struct ParseOptions {
  std::vector<std::string> inputs;  // files, folders, "-"
  std::string output = "-";         // CoNLL-U destination ("-" = stdout)
  std::string tagger;               // tagger model ("" = committed model)
  std::string parser;               // parser model ("" = committed model)
};

void runParse(const ParseOptions& opt, Context& ctx) {
  auto tagger = opt.tagger.empty() ? extract::Tagger::loadDefault() : extract::Tagger::load(opt.tagger);
  auto parser = opt.parser.empty() ? extract::Parser::loadDefault() : extract::Parser::load(opt.parser);
  std::unique_ptr<AtomicFile> file;
  if (opt.output != "-") file = std::make_unique<AtomicFile>(opt.output);
  std::ostream& out = file ? file->stream() : ctx.out;
  std::size_t doc_no = 0;
  extract::readInputs(
      opt.inputs, extract::ReadOptions{},
      [&](extract::Document&& doc) {
        ++doc_no;
        extract::segment(doc);
        std::size_t sent_no = 0;
        for (auto& s : doc.sentences) {
          if (s.tokens.empty()) continue;
          ++sent_no;
          tagger.tag(s);
          parser.parse(s);
          s.comments.clear();
          if (sent_no == 1) {
            s.comments.push_back("newdoc id = " + doc.name);
            s.comments.push_back("doc = " + doc.name);
          }
          s.comments.push_back("sent_id = " + std::to_string(doc_no) + "-" +
                               std::to_string(sent_no));
          std::string text = s.text;
          for (char& c : text) {
            if (c == '\n' || c == '\r') c = ' ';
          }
          s.comments.push_back("text = " + text);
          extract::writeConllu(out, s);
        }
      },
      ctx.err);
  if (file) {
    file->commit();
  } else {
    out.flush();
  }
}

}  // namespace

void setupParse(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<ParseOptions>();
  CLI::App* cmd = app.add_subcommand("parse", "Tag and parse raw text, print CoNLL-U");
  cmd->add_option("inputs", opt->inputs, "Text files, folders, JSONL corpora or - for stdin")
      ->required()
      ->expected(1, -1);
  cmd->add_option("-o,--output", opt->output, "CoNLL-U output file (- = stdout)")
      ->capture_default_str();
  cmd->add_option("--tagger", opt->tagger, "Tagger model (default: the committed model)");
  cmd->add_option("--parser", opt->parser, "Parser model (default: the committed model)");
  cmd->callback([opt, &ctx] { runParse(*opt, ctx); });
}

}  // namespace kg::cli
