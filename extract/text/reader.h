// Reading the input of `kg build` / `kg extract` / `kg parse`: files, folders
// (recursive, sorted), "-" for stdin, gzip (.gz) and JSON Lines corpora
// ({"id","text", optional "title","date","source","url"}), one document at a
// time so a large corpus streams through in bounded memory.
//
//   kg::extract::ReadOptions options;                  // *.txt and *.md in folders
//   kg::extract::readInputs({"samples/", "corpus.jsonl.gz"}, options,
//       [&](kg::extract::Document&& doc) { kg::extract::segment(doc); ... }, std::cerr);
//
// Document::raw holds the bytes as read (after gunzip, before any repair), so
// every offset points into the input file (for JSONL: into the decoded "text").
// Invalid UTF-8 gives a warning naming the file and byte offset (clean-up
// repairs it to U+FFFD); a file with NUL bytes is skipped with a warning; an
// unreadable file, a truncated .gz or a bad JSONL line throws kg::InputError.
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "extract/document.h"

namespace kg::extract {

// What readInputs reads.
struct ReadOptions {
  std::vector<std::string> globs = {"*.txt", "*.md"};  // file-name patterns inside folders
  // (a gzipped file is taken if its name without ".gz" matches: "*.txt" takes a.txt.gz;
  //  files named *.jsonl / *.jsonl.gz are read as JSON Lines corpora)
  std::size_t max_document_bytes = std::size_t{1} << 30;  // larger documents are an InputError
};

// Calls `sink` once per document of `inputs` (files, folders, "-"), in order;
// warnings (invalid UTF-8, skipped binary files) go to `warnings`.
void readInputs(const std::vector<std::string>& inputs, const ReadOptions& options,
                const std::function<void(Document&&)>& sink, std::ostream& warnings);

// True if `name` matches the glob `pattern` ('*', '?', '[abc]').
bool globMatch(std::string_view pattern, std::string_view name);

}  // namespace kg::extract
