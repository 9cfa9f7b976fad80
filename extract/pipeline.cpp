#include "extract/pipeline.h"

#include <atomic>
#include <exception>
#include <mutex>
#include <string>
#include <utility>
#include <thread>

#include "extract/nlp/parser.h"
#include "extract/nlp/tagger.h"
#include "extract/text/segmenter.h"

namespace kg::extract {

// The loaded models, shared read-only by every worker thread.
struct Pipeline::Stages {
  Segmenter segmenter;                          // clean-up and sentence/token split
  Tagger tagger;                                // upos, xpos, feats, lemma
  Parser parser;                                // heads and deprels
  ActorRecognizer actors;                       // mentions, canonical names, coreference
  std::unique_ptr<RelationExtractor> relations; // triples from the trees
};

Pipeline::Pipeline(PipelineOptions options)
    : stages_(new Stages{Segmenter(options.segment),
                         options.tagger_model.empty() ? Tagger::loadDefault()
                                                      : Tagger::load(options.tagger_model),
                         options.parser_model.empty() ? Parser::loadDefault()
                                                      : Parser::load(options.parser_model),
                         ActorRecognizer::loadDefault(options.actors),
                         RelationExtractor::create(options.extractor, options.relations)}),
      options_(std::move(options)) {
  if (options_.threads == 0) options_.threads = 1;
}

Pipeline::~Pipeline() = default;
Pipeline::Pipeline(Pipeline&&) noexcept = default;
Pipeline& Pipeline::operator=(Pipeline&&) noexcept = default;

const PipelineOptions& Pipeline::options() const { return options_; }

// The pipeline, stage by stage (UDPipe's pipeline::process).
std::vector<graph::Triple> Pipeline::process(Document& doc) const {
  stages_->segmenter.segment(doc);                         // clean-up, sentences, tokens
  for (Sentence& s : doc.sentences) {
    stages_->tagger.tag(s);                                // upos, xpos, feats, lemma
    stages_->parser.parse(s);                              // head, deprel
  }
  stages_->actors.annotate(doc, options_.explain);         // Sentence::mentions
  std::vector<graph::Triple> triples;
  for (const Sentence& s : doc.sentences)                  // relations -> triples
    for (graph::Triple& t : stages_->relations->extract(doc, s)) triples.push_back(std::move(t));
  return triples;
}

void Pipeline::run(const std::vector<std::string>& inputs, const TripleSink& sink,
                   std::ostream& warnings) const {
  // Documents are processed in batches: the workers share a batch, then the
  // results are delivered in input order. Bounded memory, deterministic output.
  const std::size_t threads = options_.explain ? 1 : options_.threads;  // explanations stay readable
  const std::size_t max_docs = 16 * threads;
  const std::size_t max_bytes = std::size_t{16} << 20;
  std::vector<Document> batch;
  std::size_t batch_bytes = 0;

  auto flush = [&] {
    std::vector<std::vector<graph::Triple>> results(batch.size());
    if (threads == 1 || batch.size() == 1) {
      for (std::size_t i = 0; i < batch.size(); ++i) results[i] = process(batch[i]);
    } else {
      std::atomic<std::size_t> next{0};
      std::exception_ptr error;
      std::mutex error_mutex;
      auto work = [&] {
        for (std::size_t i = next++; i < batch.size(); i = next++) {
          try {
            results[i] = process(batch[i]);
          } catch (...) {
            std::lock_guard<std::mutex> lock(error_mutex);
            if (!error) error = std::current_exception();
          }
        }
      };
      std::vector<std::thread> pool;
      for (std::size_t t = 1; t < std::min(threads, batch.size()); ++t) pool.emplace_back(work);
      work();
      for (auto& th : pool) th.join();
      if (error) std::rethrow_exception(error);
    }
    for (std::size_t i = 0; i < batch.size(); ++i) sink(batch[i], std::move(results[i]));
    batch.clear();
    batch_bytes = 0;
  };

  readInputs(
      inputs, options_.read,
      [&](Document&& doc) {
        batch_bytes += doc.raw.size();
        batch.push_back(std::move(doc));
        if (batch.size() >= max_docs || batch_bytes >= max_bytes) flush();
      },
      warnings);
  if (!batch.empty()) flush();
}

}  // namespace kg::extract
