// Scores of a segmented, tagged and parsed text against a gold treebank, as the
// CoNLL 2018 shared task's evaluation (conll18_ud_eval.py) counts them: system and
// gold words are aligned through their character spans in the raw text, and every
// metric is an F1 over words (precision over system words, recall over gold words).
//
//   auto gold = kg::extract::readConllu("en_ewt-ud-test.conllu");
//   auto text = kg::extract::rebuildConlluText(gold, "en_ewt-ud-test.conllu");
//   auto system = udSegmenter.segmentText(text.text);     // raw byte spans into text.text
//   for (auto& s : system) { tagger.tag(s); parser.parse(s); }
//   kg::extract::ParseEvaluation e = kg::extract::evaluateParse(gold, text, system);
//   std::cout << e.las.f1 << '\n';
//
// Alignment: a gold and a system surface token align when their byte spans are equal;
// their words then align one to one, or, when either side is a multiword token, by
// the longest common subsequence of their lower-cased forms. Tokens whose spans
// differ align no words (conll18_ud_eval.py also aligns words inside overlapping
// multiword tokens of different spans; English treebanks have almost none).
// UAS: aligned words whose heads are both the root, or align to each other;
// LAS: UAS and the same universal relation (the part before ':'); UFeats compares
// the universal features only; Lemmas compares lemmas as written.
#pragma once

#include <string>
#include <vector>

#include "extract/document.h"
#include "extract/text/conllu_text.h"

namespace kg::extract {

// The CoNLL 2018 metrics of one system analysis.
struct ParseEvaluation {
  PrfScore tokens;     // surface tokens (a multiword token is one)
  PrfScore sentences;  // sentences
  PrfScore words;      // syntactic words (aligned words)
  PrfScore upos;       // aligned words with the gold UPOS
  PrfScore xpos;       // ... XPOS
  PrfScore ufeats;     // ... universal features
  PrfScore lemmas;     // ... lemma
  PrfScore uas;        // ... head
  PrfScore las;        // ... head and universal relation
};

// Scores `system` (sentences whose tokens carry raw byte spans into gold_text.text)
// against `gold` (as read by readConllu) and its rebuilt text; throws kg::Error when
// the gold tokens could not all be placed in the text.
ParseEvaluation evaluateParse(const std::vector<Sentence>& gold, const ConlluText& gold_text,
                              const std::vector<Sentence>& system);

// The universal features of a FEATS value, sorted ("_" when none), as
// conll18_ud_eval.py compares UFeats.
std::string universalFeatures(const std::string& feats);

}  // namespace kg::extract
