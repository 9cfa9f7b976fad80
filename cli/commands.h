// Internal to cli/: one setup function per subcommand, each defined in its own file.
#pragma once

#include "cli/app.h"

namespace kg::cli {

void setupBuild(CLI::App& app, Context& ctx);    // build.cpp:   kg build INPUTS... -o DIR
void setupQuery(CLI::App& app, Context& ctx);    // query.cpp:   kg query GRAPH neighbors|edges|...
void setupExport(CLI::App& app, Context& ctx);   // export.cpp:  kg export GRAPH -f FORMAT -o FILE
void setupRender(CLI::App& app, Context& ctx);   // render.cpp:  kg render GRAPH -o FILE.svg
void setupExtract(CLI::App& app, Context& ctx);  // extract.cpp: kg extract INPUTS --format jsonl
void setupParse(CLI::App& app, Context& ctx);    // parse.cpp:   kg parse INPUTS -> CoNLL-U

// `kg train <what>`; `train` is the parent subcommand.
void setupTrainTagger(CLI::App& train, Context& ctx);  // train_tagger.cpp
void setupTrainParser(CLI::App& train, Context& ctx);  // train_parser.cpp
void setupTrainNer(CLI::App& train, Context& ctx);     // train_ner.cpp
void setupTrainSegmenter(CLI::App& train, Context& ctx);  // eval_segment.cpp

// `kg eval <what>`; `eval` is the parent subcommand.
void setupEvalSegment(CLI::App& eval, Context& ctx);  // eval_segment.cpp
void setupEvalParse(CLI::App& eval, Context& ctx);    // eval_parse.cpp
void setupEvalNer(CLI::App& eval, Context& ctx);      // eval_ner.cpp
void setupEvalCoref(CLI::App& eval, Context& ctx);    // eval_coref.cpp

}  // namespace kg::cli
