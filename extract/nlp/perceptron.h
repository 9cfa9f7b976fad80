// Averaged perceptron over hashed sparse features, shared by the statistical
// stages (tagger, and any other classifier that wants it). Features are 64-bit
// keys built with hashString/hashCombine (no strings in the hot path); training
// uses sparse rows with lazy averaging; the averaged model is quantised to int16
// (CompactWeights) for a small file and fast scoring.
//
//   using namespace kg::extract::perceptron;
//   AveragedPerceptron model(num_classes);
//   model.addFeature(key);                        // the feature set (e.g. seen twice)
//   std::vector<std::int32_t> rows; model.lookup(keys, rows);
//   model.score(rows, scores);                    // scores.size() == num_classes
//   if (best != gold) model.update(rows, gold, best);
//   model.tick();                                 // one training instance done
//   CompactWeights w = model.average();           // quantised averaged weights
//   w.score(keys.data(), keys.size(), scores.data());
//   w.save(writer); auto w2 = CompactWeights::load(reader);
//   CompactWeights m = CompactWeights::mean({&w, &w2});  // scores the mean of theirs
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extract/nlp/model_io.h"

namespace kg::extract::perceptron {

// splitmix64 finaliser: a well-mixed 64-bit value.
inline std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Combines a hash with another value (order matters).
inline std::uint64_t hashCombine(std::uint64_t h, std::uint64_t v) {
  return mix(h * 0x100000001b3ULL ^ v);
}

// hashString() of a string given in pieces, without building it:
//   StringHash h; h.add("B-"); h.add(type); h.value() == hashString("B-" + type)
class StringHash {
 public:
  // Appends the bytes of `s`.
  void add(std::string_view s) {
    for (unsigned char c : s) state_ = (state_ ^ c) * 0x100000001b3ULL;
  }
  // The hash of everything appended so far.
  std::uint64_t value() const { return mix(state_); }

 private:
  std::uint64_t state_ = 0xcbf29ce484222325ULL;  // FNV-1a state
};

// FNV-1a over the bytes of `s`, mixed.
inline std::uint64_t hashString(std::string_view s) {
  StringHash h;
  h.add(s);
  return h.value();
}

// hashString() of the pieces' concatenation, without building it.
inline std::uint64_t hashString(std::initializer_list<std::string_view> pieces) {
  StringHash h;
  for (std::string_view piece : pieces) h.add(piece);
  return h.value();
}

// Open-addressing map from non-zero 64-bit keys to 32-bit values (0 is the empty key).
class FlatMap {
 public:
  // Prepares room for `n` keys.
  void reserve(std::size_t n);
  // Inserts or overwrites `key` (key 0 is remapped internally).
  void set(std::uint64_t key, std::uint32_t value);
  // The value of `key`, or `missing`.
  std::uint32_t get(std::uint64_t key, std::uint32_t missing) const {
    if (keys_.empty()) return missing;
    key = key ? key : 1;
    std::size_t mask = keys_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) return values_[i];
      if (keys_[i] == 0) return missing;
    }
  }
  // Number of keys.
  std::size_t size() const { return size_; }

 private:
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> values_;
  std::size_t size_ = 0;
};

// Averaged weights quantised to int16, for inference. Immutable after construction.
// Rows with many classes are expanded to dense rows (one vectorised add each);
// the others stay (class, weight) lists.
class CompactWeights {
 public:
  CompactWeights() = default;
  // Adds the weights of `keys[0..n)` to `scores` (size numClasses()); unknown keys are ignored.
  void score(const std::uint64_t* keys, std::size_t n, float* scores) const;
  // The same in quantised units: adds to `sums` (size sumsSize(), at least numClasses());
  // score() adds sums[c] * scale(). Integer sums of parts add up exactly to the sum of the
  // whole, so a caller may cache the sums of keys it scores often.
  void addQuantised(const std::uint64_t* keys, std::size_t n, std::int32_t* sums) const;
  std::size_t sumsSize() const { return std::max(static_cast<std::size_t>(classes_), padded_); }
  float scale() const { return scale_; }
  // Number of classes.
  int numClasses() const { return classes_; }
  // Number of features kept.
  std::size_t numFeatures() const { return keys_.size(); }
  // Number of non-zero weights.
  std::size_t numWeights() const { return weights_.size(); }
  // Writes the weights through `out`.
  void save(ModelWriter& out) const;
  // Reads weights written by save(); throws InputError on corrupt data.
  static CompactWeights load(ModelReader& in);
  // The mean of `models` (a feature missing from one counts as 0 there), quantised
  // again: it scores the mean of their scores, up to quantisation, at the cost of one
  // model (an ensemble of linear models trained with different seeds). The order of
  // `models` fixes the result. kg::Error when empty or the class counts differ.
  static CompactWeights mean(const std::vector<const CompactWeights*>& models);

 private:
  friend class AveragedPerceptron;
  // Sets the weights from float rows: `keys` ascending, row r holding the
  // (class ascending, value) pairs values[begin[r]..begin[r+1]); values are quantised
  // with the scale of `max_abs`, those that round to 0 dropped, then empty rows.
  void quantise(const std::vector<std::uint64_t>& keys, const std::vector<std::uint32_t>& begin,
                const std::vector<std::uint16_t>& classes, const std::vector<float>& values,
                double max_abs);
  void buildIndex();
  // Lookup structures built from the arrays below (one cache line per probe).
  struct Slot {
    std::uint64_t key;    // feature key, 0 = empty
    std::uint32_t begin;  // first entry of its row in entries_, or its offset in dense_
    std::uint32_t end;    // one past its last entry, or kDense
  };
  static constexpr std::uint32_t kDense = 0xffffffffu;
  struct Entry {
    std::uint16_t cls;    // class
    std::int16_t weight;  // quantised weight
  };
  int classes_ = 0;
  float scale_ = 1;                     // weight = quantised * scale_
  std::vector<std::uint64_t> keys_;     // feature keys, sorted
  std::vector<std::uint32_t> begin_;    // keys_.size()+1 offsets into classes_/weights_
  std::vector<std::uint16_t> class_of_; // class of each weight
  std::vector<std::int16_t> weights_;   // quantised weights
  std::vector<Slot> slots_;             // open-addressing table over keys_
  std::vector<Entry> entries_;          // class_of_ and weights_ interleaved
  std::size_t padded_ = 0;              // classes rounded up to 16 (length of a dense row)
  std::vector<std::int16_t> dense_;     // long rows expanded to padded_ weights each
};

// sums[c] += rows[r][c] for every row r < count and class c in [begin, end): dense
// rows of quantised weights, added in one vectorised loop (AVX2 when the CPU has
// it). Integer sums, so the order of rows never changes a score.
void addDenseRows(std::int32_t* sums, const std::int16_t* const* rows, std::size_t count,
                  std::size_t begin, std::size_t end);

// Multi-class averaged perceptron with sparse rows, for training.
class AveragedPerceptron {
 public:
  explicit AveragedPerceptron(int classes);
  // Adds `key` to the feature set (features outside the set are ignored).
  void addFeature(std::uint64_t key);
  // Number of features in the set.
  std::size_t numFeatures() const { return rows_.size(); }
  // Maps keys to row ids (-1 = unknown feature), clearing `rows` first.
  void lookup(const std::vector<std::uint64_t>& keys, std::vector<std::int32_t>& rows) const;
  // Sets `scores` (resized to the class count) to the current weights' scores.
  void score(const std::vector<std::int32_t>& rows, std::vector<float>& scores) const;
  // Perceptron update: +1 for `gold`, -1 for `predicted` on every row.
  void update(const std::vector<std::int32_t>& rows, int gold, int predicted);
  // Advances the averaging clock by one instance.
  void tick() { ++clock_; }
  // The averaged weights, quantised; entries whose |weight| < min_abs are dropped.
  CompactWeights average(float min_abs = 0) const;

 private:
  struct Entry {
    std::uint16_t cls;      // class
    float w;                // current weight
    double total;           // sum of weights over time up to `stamp`
    std::uint64_t stamp;    // clock of the last change
  };
  int classes_;
  std::uint64_t clock_ = 1;
  std::unordered_map<std::uint64_t, std::int32_t> index_;  // key -> row
  std::vector<std::uint64_t> row_keys_;                    // row -> key
  std::vector<std::vector<Entry>> rows_;                   // sparse rows
};

}  // namespace kg::extract::perceptron
