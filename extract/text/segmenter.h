// Sentence splitting and UD English tokenization of a document, after clean-up.
// Every token carries its exact raw byte span; boilerplate is left out and
// document metadata (title, source, author) goes to Document::meta.
//
//   kg::extract::Document doc;  doc.name = "a.txt";  doc.raw = text;
//   kg::extract::segment(doc);                       // default segmenter
//   for (auto& s : doc.sentences)
//     for (auto& t : s.tokens) use(t.form, doc.raw.substr(t.begin, t.end - t.begin));
//
//   kg::extract::SegmentOptions ud;  ud.document_structure = false;  ud.split_hyphens = true;
//   kg::extract::Segmenter udSegmenter(ud);          // as UD EWT/GUM tokenize
//
// The sentence-boundary classifier (extract/models/segmenter.bin) is retrained with
//   kg train segmenter -o extract/models/segmenter.bin
//       --conllu ../shared/ud/en_ewt-ud-train.conllu ../shared/ud/en_gum-ud-train.conllu
// and scored with `kg eval segment --conllu ../shared/ud/en_ewt-ud-dev.conllu`.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "extract/document.h"
#include "extract/text/cleanup.h"

namespace kg::extract {

class BoundaryModel;

// How a document is segmented.
struct SegmentOptions {
  CleanOptions clean;               // the clean-up steps
  bool split_hyphens = false;       // "long-term" -> long - term as in UD; false keeps "Al-Qaeda"
  bool document_structure = true;   // headline, Source:/Author: lines, boilerplate, "1." markers
  bool use_model = true;            // use the trained boundary classifier if it can be loaded
  std::string model_path;           // empty = KG_MODELS_DIR "/segmenter.bin"
  std::size_t max_sentence_tokens = 400;  // a longer run of words is cut (parsers need bounded input)
};

class Segmenter {
 public:
  // Loads the boundary model when options.use_model (a missing default model
  // falls back to rules; a missing explicit model_path throws InputError).
  explicit Segmenter(SegmentOptions options = {});
  ~Segmenter();
  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;

  // Fills doc.sentences (and doc.meta) from doc.raw; previous sentences are replaced.
  void segment(Document& doc) const;
  // Sentences of `raw` (no document metadata is kept).
  std::vector<Sentence> segmentText(std::string_view raw) const;
  // True if a trained boundary model is in use.
  bool hasModel() const { return model_ != nullptr; }
  const SegmentOptions& options() const { return options_; }

  // Trains the boundary classifier on CoNLL-U files (gold sentences) and saves it to `path`.
  // `log` receives one progress line per epoch.
  static void train(const std::vector<std::string>& conllu_files, const std::string& path,
                    const SegmentOptions& options, int epochs, std::ostream& log);

 private:
  SegmentOptions options_;
  std::unique_ptr<BoundaryModel> model_;
};

// Segments `doc` with the default news segmenter (shared, loaded once).
void segment(Document& doc);
// Sentences of `raw` with the default news segmenter.
std::vector<Sentence> segmentText(std::string_view raw);

// The default model path (KG_MODELS_DIR "/segmenter.bin").
std::string defaultSegmenterModelPath();

}  // namespace kg::extract
