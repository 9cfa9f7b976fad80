// kg extract INPUTS... [--format jsonl|tsv] [-o FILE] [--threads N] [--glob PATTERN]
//                      [--actors FILE] [--explain]
//
// Runs the extraction pipeline (extract/pipeline.h) on articles and writes one
// triple per line (TRIPLES.md), documents in input order whatever --threads is.
#include <CLI/CLI.hpp>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "extract/pipeline.h"
#include "graph/atomic_file.h"
#include "graph/error.h"
#include "graph/triple.h"

namespace kg::cli {

namespace {

struct ExtractCommand {
  std::vector<std::string> inputs;    // files, folders, "-", .gz, JSONL corpora
  std::string format = "jsonl";       // jsonl or tsv
  std::string output = "-";           // output file, "-" = standard output
  unsigned threads = 1;               // documents processed in parallel
  std::vector<std::string> globs;     // file-name patterns in folders (default *.txt, *.md)
  std::vector<std::string> actors;    // extra actor lexicons
  bool explain = false;               // print actor merges and resolutions to stderr
};

// TSV: one header line, then one line per triple; tabs and newlines in text become spaces.
std::string tsvField(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return out;
}

void writeTsvHeader(std::ostream& out) {
  out << "doc\tsentence_begin\tsentence_end\tsubject\tsubject_type\trelation\tobject\t"
         "object_type\tnegated\tmodality\tattributed_to\tconfidence\textractor\tsentence\n";
}

void writeTsv(const graph::Triple& t, std::ostream& out) {
  out << tsvField(t.doc) << '\t' << t.sentence_offset.begin << '\t' << t.sentence_offset.end
      << '\t' << tsvField(t.subject) << '\t' << graph::toString(t.subject_type) << '\t'
      << t.relation << '\t' << tsvField(t.object) << '\t' << graph::toString(t.object_type)
      << '\t' << (t.negated ? "yes" : "no") << '\t' << graph::toString(t.modality) << '\t'
      << tsvField(t.attributed_to) << '\t' << t.confidence << '\t' << t.extractor << '\t'
      << tsvField(t.sentence) << '\n';
}

void runExtract(const ExtractCommand& cmd, Context& ctx) {
  if (cmd.format != "jsonl" && cmd.format != "tsv")
    throw UsageError("extract: unknown format '" + cmd.format + "' (known: jsonl, tsv)");
  if (cmd.threads == 0) throw UsageError("extract: --threads must be at least 1");
  extract::PipelineOptions options;
  options.threads = cmd.threads;
  if (!cmd.globs.empty()) options.read.globs = cmd.globs;
  options.actors.extra_lexicons = cmd.actors;
  options.actors.explain = cmd.explain;
  if (cmd.explain) options.explain = &ctx.err;
  extract::Pipeline pipeline(options);

  std::unique_ptr<AtomicFile> file;
  if (cmd.output != "-") file = std::make_unique<AtomicFile>(cmd.output);
  std::ostream& out = file ? file->stream() : ctx.out;
  if (cmd.format == "tsv") writeTsvHeader(out);
  std::size_t documents = 0, triples = 0;
  pipeline.run(
      cmd.inputs,
      [&](const extract::Document&, std::vector<graph::Triple>&& ts) {
        ++documents;
        for (const graph::Triple& t : ts) {
          if (cmd.format == "jsonl")
            out << graph::toJsonLine(t) << '\n';
          else
            writeTsv(t, out);
          ++triples;
        }
      },
      ctx.err);
  if (file) {
    file->commit();
    ctx.err << "extract: " << documents << " documents, " << triples << " triples -> "
            << cmd.output << '\n';
  } else {
    out.flush();
  }
}

}  // namespace

void setupExtract(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<ExtractCommand>();
  CLI::App* sub = app.add_subcommand("extract", "Extract who-does-what-to-whom triples from articles");
  sub->add_option("inputs", cmd->inputs,
                  "Articles: files, folders, - for standard input, .gz, JSONL corpora")
      ->required();
  sub->add_option("--format", cmd->format, "Output format: jsonl (TRIPLES.md) or tsv")
      ->capture_default_str();
  sub->add_option("-o,--output", cmd->output, "Output file, - for standard output")
      ->capture_default_str();
  sub->add_option("--threads", cmd->threads,
                  "Documents processed in parallel (the output is the same for any N)")
      ->capture_default_str();
  sub->add_option("--glob", cmd->globs, "File-name patterns read inside folders (default *.txt, *.md)");
  sub->add_option("--actors", cmd->actors, "Extra actor lexicon (JSON, as extract/data/actors.json)");
  sub->add_flag("--explain", cmd->explain, "Print actor merges and resolutions to standard error");
  sub->footer("Example: kg extract samples/*.txt --format jsonl -o triples.jsonl --threads 2");
  sub->callback([cmd, &ctx] { runExtract(*cmd, ctx); });
}

}  // namespace kg::cli
