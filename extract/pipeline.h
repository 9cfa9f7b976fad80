// The whole extraction pipeline in one place: read -> clean/segment -> tag ->
// parse -> actors -> relations -> triples. A Pipeline loads its models once and
// is then const and thread-safe; run() processes documents on N threads and
// delivers them in input order, so the output does not depend on the threads.
//
//   kg::extract::PipelineOptions options;
//   options.threads = 2;
//   kg::extract::Pipeline pipeline(options);
//   pipeline.run({"samples/"}, [&](const kg::extract::Document& doc,
//                                  std::vector<kg::graph::Triple>&& triples) {
//     for (auto& t : triples) std::cout << kg::graph::toJsonLine(t) << '\n';
//   }, std::cerr);
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "extract/document.h"
#include "extract/entities/actors.h"
#include "extract/relations/relation_extractor.h"
#include "extract/text/reader.h"
#include "extract/text/segmenter.h"
#include "graph/triple.h"

namespace kg::extract {

// What the pipeline reads and which models and rules it uses.
struct PipelineOptions {
  ReadOptions read;                       // globs for folders, size limit
  SegmentOptions segment;                 // clean-up and segmentation (boundary model)
  ActorOptions actors;                    // actor lexicons (--actors FILE) and models
  RelationOptions relations;              // rule tables of the relation extractor
  std::string tagger_model;               // tagger file; empty = Tagger::defaultPath()
  std::string parser_model;               // parser file; empty = Parser::defaultPath()
  std::string extractor = "dependency";   // RelationExtractor::create name
  unsigned threads = 1;                   // documents processed in parallel (>= 1)
  std::ostream* explain = nullptr;        // actor merges and resolutions (--explain), or null
};

// Called once per document, in input order, with its triples in sentence order.
using TripleSink = std::function<void(const Document& doc, std::vector<graph::Triple>&& triples)>;

class Pipeline {
 public:
  // Loads the segmenter, tagger, parser, actor recognizer and relation rules;
  // throws kg::InputError naming the model or table that cannot be loaded.
  explicit Pipeline(PipelineOptions options = {});
  ~Pipeline();
  Pipeline(Pipeline&&) noexcept;
  Pipeline& operator=(Pipeline&&) noexcept;

  // Runs every stage after reading on `doc` (doc.raw set) and returns its triples.
  std::vector<graph::Triple> process(Document& doc) const;

  // Reads `inputs` (files, folders, "-", .gz, JSONL corpora), processes them on
  // options.threads threads and calls `sink` for each document in input order;
  // reader warnings go to `warnings`.
  void run(const std::vector<std::string>& inputs, const TripleSink& sink,
           std::ostream& warnings) const;

  // The options it was built with.
  const PipelineOptions& options() const;

 private:
  struct Stages;
  std::unique_ptr<Stages> stages_;
  PipelineOptions options_;
};

}  // namespace kg::extract
