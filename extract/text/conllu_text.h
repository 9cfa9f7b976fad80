// The raw text of a CoNLL-U file, rebuilt for segmentation evaluation and
// training: "# text" of each sentence, a space between sentences and a blank
// line at each "# newpar" / "# newdoc"; gold token spans (a multiword token
// counts as one token) and sentence spans as byte offsets into that text.
//
//   auto gold = kg::extract::rebuildConlluText(kg::extract::readConllu(path), path);
//   auto score = kg::extract::scoreSegmentation(gold, segmenter.segmentText(gold.text));
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "extract/document.h"

namespace kg::extract {

using Span = std::pair<std::size_t, std::size_t>;  // [begin, end) byte offsets

// A treebank as raw text with its gold spans.
struct ConlluText {
  std::string text;              // the rebuilt raw text
  std::vector<Span> tokens;      // gold tokens (multiword tokens whole), in order
  std::vector<Span> sentences;   // gold sentences, in order
  std::size_t unaligned = 0;     // tokens whose form was not found in "# text" (skipped)
};

// Rebuilds the text of `sentences` (as read by readConllu); `name` is for messages.
ConlluText rebuildConlluText(const std::vector<Sentence>& sentences, const std::string& name);

// Precision, recall and F1 (in percent) of one kind of span.
struct PrfScore {
  std::size_t gold = 0;       // gold spans
  std::size_t system = 0;     // system spans
  std::size_t correct = 0;    // spans in both
  double precision = 0;       // correct / system * 100
  double recall = 0;          // correct / gold * 100
  double f1 = 0;              // harmonic mean
};

// Token and sentence scores, as the CoNLL 2018 shared task counts them.
struct SegmentationScore {
  PrfScore tokens;     // surface tokens (a multiword token is one token)
  PrfScore sentences;  // sentences
};

// Scores system sentences (raw spans into gold.text) against the gold spans.
SegmentationScore scoreSegmentation(const ConlluText& gold, const std::vector<Sentence>& system);

// Surface-token spans of a sentence: multiword ranges whole, other words alone.
std::vector<Span> surfaceTokens(const Sentence& sentence);

}  // namespace kg::extract
