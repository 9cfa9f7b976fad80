// The records the extraction pipeline passes between its stages, in the
// spirit of UDPipe's word/sentence: plain structs, public fields.
//
//   reader -> Document{raw}            (extract/text)
//   clean-up, segmentation -> sentences with tokens and raw spans
//   tagger, lemmatizer, parser -> upos/xpos/feats/lemma/head/deprel (extract/nlp)
//   entities -> mentions (extract/entities); relations -> triples (extract/relations)
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "graph/triple.h"

namespace kg::extract {

// One syntactic word (a CoNLL-U word line). Heads follow CoNLL-U: 1-based, 0 = root.
struct Token {
  std::string form;          // the word as the tagger/parser sees it (clean text)
  std::string lemma;         // lemma ("_" unknown)
  std::string upos;          // universal POS tag
  std::string xpos;          // Penn Treebank tag
  std::string feats;         // morphological features, "Number=Sing|..." or "_"
  int head = -1;             // 1-based head index, 0 = root, -1 = not parsed
  std::string deprel;        // UD relation with subtype ("nsubj:pass")
  std::string misc;          // CoNLL-U MISC column ("_" or "SpaceAfter=No|...")
  std::size_t begin = 0;     // raw byte offset of the first byte (in the original file)
  std::size_t end = 0;       // raw byte offset one past the last byte
  bool space_after = true;   // whitespace follows in the text
};

// A CoNLL-U multiword token range (e.g. "don't" over words 3-4); rare in English.
struct MultiwordToken {
  int first = 0;             // 1-based first word id
  int last = 0;              // 1-based last word id
  std::string form;          // surface form
  std::string misc;          // MISC column
};

// Another actor a mention names besides its canonical one ("China" of "the two countries"
// after "Russia and China").
struct OtherActor {
  std::string canonical;                            // canonical actor name
  graph::ActorType type = graph::ActorType::Other;  // its actor type
  std::string affiliation;                          // canonical country or organisation of a GROUP
};

// A mention of an actor in a sentence (filled by extract/entities).
struct Mention {
  std::size_t first = 0;        // index of the first token in Sentence::tokens (0-based)
  std::size_t last = 0;         // one past the last token
  std::string text;             // the words as written in the clean text ("Moscow", "he")
  std::string canonical;        // canonical actor name ("Russia"); empty = unresolved
  graph::ActorType type = graph::ActorType::Other;  // actor type of the canonical actor
  std::size_t begin = 0;        // raw byte span of the words, or of the antecedent's
  std::size_t end = 0;          //   mention when resolved from a pronoun/description
  std::string affiliation;      // canonical country of a GROUP ("Russia" for "Russian diplomats")
  graph::ActorType affiliation_type = graph::ActorType::Country;  // the affiliation's actor type
  std::string role;             // role of a PERSON ("foreign minister of Russia"); empty = none
  std::string name_text;        // a PERSON's name without the title before it ("Sergei Lavrov"
  std::size_t name_begin = 0;   //   of "Foreign Minister Sergei Lavrov") and its raw start;
                                //   empty = the whole text (no title, or a resolved reference)
  bool resolved_reference = false;  // resolved from a pronoun or a definite description
  // A mention of several actors ("the two countries" after "Russia and China", "Chinese and
  // Russian diplomats"): the others besides `canonical`; each is an argument of the triples.
  std::vector<OtherActor> also;
  double confidence = 1.0;      // 0..1
};

struct Sentence {
  std::vector<Token> tokens;                  // the words, in order
  std::vector<MultiwordToken> multiword;      // multiword ranges, if any
  std::string text;                           // clean text of the sentence
  std::size_t begin = 0;                      // raw byte offset of the sentence start
  std::size_t end = 0;                        // raw byte offset one past its end
  std::size_t paragraph = 0;                  // index of its paragraph in the document
  std::vector<std::string> comments;          // CoNLL-U comment lines, without "# "
  std::vector<Mention> mentions;              // actor mentions, in token order (extract/entities)
};

// A document as it moves through the pipeline.
struct Document {
  std::string name;                           // as given on the command line, or JSONL id
  std::string raw;                            // the bytes as read (after gunzip)
  std::map<std::string, std::string> meta;    // title, source, author, date, url, ...
  std::vector<Sentence> sentences;            // segmented (and later annotated) sentences
};

}  // namespace kg::extract
