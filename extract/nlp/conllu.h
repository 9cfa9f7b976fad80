// CoNLL-U reading and writing (https://universaldependencies.org/format.html).
//
//   kg::extract::ConlluReader reader("en_ewt-ud-train.conllu");
//   kg::extract::Sentence s;
//   while (reader.next(s)) { ... s.tokens[i].deprel ... }
//
// Words go to Sentence::tokens (heads 1-based, 0 = root); multiword ranges to
// Sentence::multiword; empty nodes (ids like "8.1") are skipped; comments are kept
// (the "# text = ..." comment also fills Sentence::text). Malformed lines throw
// kg::InputError naming the file and line.
#pragma once

#include <fstream>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "extract/document.h"

namespace kg::extract {

class ConlluReader {
 public:
  // Reads from a file; throws InputError if it cannot be opened.
  explicit ConlluReader(const std::string& path);
  // Reads from a stream; `name` is used in error messages.
  ConlluReader(std::istream& in, std::string name);
  // Reads the next sentence into `out`; false at end of input.
  bool next(Sentence& out);
  // Line number of the last line read (1-based).
  std::size_t line() const { return line_; }

 private:
  std::unique_ptr<std::ifstream> owned_;
  std::istream* in_;
  std::string name_;
  std::size_t line_ = 0;
};

// Reads a whole CoNLL-U file.
std::vector<Sentence> readConllu(const std::string& path);
// Reads several CoNLL-U files, one after the other (training sets: EWT + GUM).
std::vector<Sentence> readConllu(const std::vector<std::string>& paths);

// Writes one sentence in CoNLL-U (comments, multiword ranges, words, blank line).
void writeConllu(std::ostream& out, const Sentence& sentence);

// The id of a "newdoc id = X" comment line (with or without its "#"): "X"; "" when the
// comment has no id ("newdoc").
std::string newdocId(const std::string& comment);

}  // namespace kg::extract
