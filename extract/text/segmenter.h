// Sentence splitting and UD English tokenization of a document, after clean-up.
// Every token carries its exact raw byte span; boilerplate is left out and
// document metadata (title, source, author) goes to Document::meta.
//
//   kg::extract::Document doc;  doc.name = "a.txt";  doc.raw = text;
//   kg::extract::segment(doc);                       // default segmenter
//   for (auto& s : doc.sentences)
//     for (auto& t : s.tokens) use(t.form, doc.raw.substr(t.begin, t.end - t.begin));
//
//   // Spans only, reusing one Segmentation's storage across documents (no Token records):
//   kg::extract::Segmenter segmenter;
//   kg::extract::Segmentation seg;
//   for (const std::string& raw : corpus) {
//     segmenter.split(raw, seg);
//     for (const auto& s : seg.sentences)
//       for (std::uint32_t k = s.first; k < s.last; ++k)
//         use(seg.form(seg.tokens[k]), seg.tokens[k].raw_begin, seg.tokens[k].raw_end);
//   }
//
//   kg::extract::SegmentOptions ud;  ud.document_structure = false;  ud.split_hyphens = true;
//   kg::extract::Segmenter udSegmenter(ud);          // as UD EWT/GUM tokenize
//
// The sentence-boundary classifier (extract/models/segmenter.bin) is retrained with
//   kg train segmenter -o extract/models/segmenter.bin
//       --conllu ../shared/ud/en_ewt-ud-train.conllu ../shared/ud/en_gum-ud-train.conllu
// and scored with `kg eval segment --conllu ../shared/ud/en_ewt-ud-dev.conllu`.
#pragma once

#include <cstdint>
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

// One word of a Segmentation: its span in the clean text and in the raw bytes.
struct TokenSpan {
  std::uint32_t clean_begin = 0;  // clean byte offset of the first byte
  std::uint32_t clean_end = 0;    // clean byte offset one past the last byte
  std::uint32_t raw_begin = 0;    // raw byte offset of the first byte (Token::begin)
  std::uint32_t raw_end = 0;      // raw byte offset one past the last byte (Token::end)
  bool space_after = true;        // whitespace follows in the text
  bool joins_next = false;        // the next word belongs to the same multiword token ("do" of "don't")
  bool operator==(const TokenSpan&) const = default;
};

// One sentence of a Segmentation: a range of its tokens.
struct SentenceSpan {
  std::uint32_t first = 0;      // index of its first word in Segmentation::tokens
  std::uint32_t last = 0;       // one past its last word
  std::uint32_t paragraph = 0;  // index of its paragraph in the document
  bool headline = false;        // the document's headline (Sentence::comments {"headline"})
  bool operator==(const SentenceSpan&) const = default;
};

// One metadata line of a document ("Source: Colonel Cassad", the headline).
struct MetaSpan {
  std::string_view key;         // "title", "source", "author" or "date" (static storage)
  std::uint32_t begin = 0;      // clean byte offset of the value
  std::uint32_t end = 0;        // clean byte offset one past the value
  bool operator==(const MetaSpan&) const = default;
};

// The result of Segmenter::split: the clean text, its words and sentences as spans, and the
// metadata lines. Reusing one Segmentation across documents reuses its storage.
struct Segmentation {
  CleanText clean;                       // clean text and its map to the raw bytes
  std::vector<TokenSpan> tokens;         // every word of the document, in order
  std::vector<SentenceSpan> sentences;   // sentences, in order; every word is in exactly one
  std::vector<MetaSpan> meta;            // metadata lines in document order (first one wins)

  // The clean text of a word (Token::form).
  std::string_view form(const TokenSpan& t) const {
    return std::string_view(clean.text).substr(t.clean_begin, t.clean_end - t.clean_begin);
  }
  // The clean text of a sentence, first to last word (Sentence::text).
  std::string_view text(const SentenceSpan& s) const {
    return std::string_view(clean.text)
        .substr(tokens[s.first].clean_begin, tokens[s.last - 1].clean_end - tokens[s.first].clean_begin);
  }
  // The clean text of a metadata value.
  std::string_view value(const MetaSpan& m) const {
    return std::string_view(clean.text).substr(m.begin, m.end - m.begin);
  }
};

class Segmenter {
 public:
  // Loads the boundary model when options.use_model (a missing default model
  // falls back to rules; a missing explicit model_path throws InputError).
  explicit Segmenter(SegmentOptions options = {});
  ~Segmenter();
  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;

  // Cleans and segments `raw` into `out` (its previous contents are replaced, its storage
  // reused; `raw` must not point into `out`). Throws InputError if `raw` or its clean text
  // is 4 GiB or more (spans are 32-bit). Thread-safe: a Segmenter may be shared.
  void split(std::string_view raw, Segmentation& out) const;
  // Fills doc.sentences (and doc.meta) from doc.raw; previous sentences are replaced.
  // The same as split() followed by materialise().
  void segment(Document& doc) const;
  // Builds doc.sentences (replaced) and adds the metadata to doc.meta (existing keys kept)
  // from a Segmentation of doc.raw.
  static void materialise(const Segmentation& seg, Document& doc);
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
