// Tests of the shared averaged perceptron (extract/nlp/perceptron.h): averaging the
// quantised weights of several models.
#include <cmath>
#include <cstdint>
#include <random>

#include "extract/nlp/perceptron.h"
#include "graph/error.h"
#include "test_support.h"

namespace {

using kg::extract::perceptron::AveragedPerceptron;
using kg::extract::perceptron::CompactWeights;

constexpr int kClasses = 5;
constexpr std::uint64_t kFeatures = 40;
constexpr int kUpdates = 300;

// Weights of a perceptron given `kUpdates` pseudo-random updates (seeded): features
// 1..kFeatures, plus `extra` (a key only this model knows) in every update.
CompactWeights trained(std::uint64_t seed, std::uint64_t extra) {
  AveragedPerceptron model(kClasses);
  for (std::uint64_t k = 1; k <= kFeatures; ++k) model.addFeature(k);
  model.addFeature(extra);
  std::mt19937_64 rng(seed);
  std::vector<std::uint64_t> keys;
  std::vector<std::int32_t> rows;
  for (int u = 0; u < kUpdates; ++u) {
    keys.assign({rng() % kFeatures + 1, rng() % kFeatures + 1, rng() % kFeatures + 1, extra});
    model.lookup(keys, rows);
    int gold = static_cast<int>(rng() % kClasses);
    int predicted = static_cast<int>(rng() % kClasses);
    model.update(rows, gold, predicted);
    model.tick();
  }
  return model.average();
}

// The scores of `keys` under `w`.
std::vector<float> scores(const CompactWeights& w, const std::vector<std::uint64_t>& keys) {
  std::vector<float> out(kClasses, 0.0f);
  w.score(keys.data(), keys.size(), out.data());
  return out;
}

// Feature sets to score: every known feature alone, and some mixtures with unknown keys.
std::vector<std::vector<std::uint64_t>> probes() {
  std::vector<std::vector<std::uint64_t>> out;
  for (std::uint64_t k = 1; k <= kFeatures + 2; ++k) out.push_back({k});
  out.push_back({1000, 1001});
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20; ++i)
    out.push_back({rng() % kFeatures + 1, rng() % kFeatures + 1, 1000, rng() % kFeatures + 1, 999});
  return out;
}

}  // namespace

TEST_SUITE("perceptron") {
  TEST_CASE("the mean of a model with itself scores exactly as the model") {
    CompactWeights w = trained(1, 1000);
    CompactWeights twice = CompactWeights::mean({&w, &w});
    CompactWeights once = CompactWeights::mean({&w});
    CHECK(twice.numFeatures() == w.numFeatures());
    CHECK(twice.numWeights() == w.numWeights());
    for (const auto& keys : probes()) {
      CHECK(scores(twice, keys) == scores(w, keys));
      CHECK(scores(once, keys) == scores(w, keys));
    }
  }

  TEST_CASE("the mean of two models scores the mean of their scores, up to quantisation") {
    CompactWeights a = trained(1, 1000);
    CompactWeights b = trained(2, 1001);  // a key of its own: 0 in the other model
    CompactWeights m = CompactWeights::mean({&a, &b});
    CHECK(m.numClasses() == kClasses);
    CHECK(m.numFeatures() == kFeatures + 2);
    // Every averaged weight is below kUpdates, so the quantisation step is below
    // kUpdates / 32767 and each weight is off by at most half a step.
    const float step = static_cast<float>(kUpdates) / 32767.0f;
    double largest_gap = 0;
    for (const auto& keys : probes()) {
      auto sa = scores(a, keys), sb = scores(b, keys), sm = scores(m, keys);
      for (int c = 0; c < kClasses; ++c) {
        double gap = std::fabs(sm[c] - (sa[c] + sb[c]) / 2);
        CHECK(gap <= 0.5 * step * static_cast<double>(keys.size()) + 1e-4);
        largest_gap = std::max(largest_gap, gap);
      }
    }
    // The models differ (so the test compares something), the mean is neither.
    CHECK(scores(a, {1}) != scores(b, {1}));
    CHECK(largest_gap < 0.05);
  }

  TEST_CASE("the hash of a string's pieces is the hash of the string") {
    // NER features join words, shapes and tags this way: the keys of the committed models.
    using kg::extract::perceptron::hashString;
    CHECK(hashString({"B-", "PER"}) == hashString("B-PER"));
    CHECK(hashString({"Xx", "|", "", "xx"}) == hashString("Xx|xx"));
    CHECK(hashString({}) == hashString(""));
    CHECK(hashString({"ab", "c"}) != hashString({"a", "bd"}));
  }

  TEST_CASE("quantised sums of the parts of a feature set, scaled, are its exact scores") {
    // NER decoding caches the sums of the previous-label feature once per sentence and adds
    // the word's: the result must be bit-identical to scoring both keys at once.
    CompactWeights w = trained(5, 1000);
    for (const auto& keys : probes()) {
      std::vector<std::int32_t> sums(w.sumsSize(), 0);
      for (std::uint64_t key : keys) {
        std::vector<std::int32_t> part(w.sumsSize(), 0);
        w.addQuantised(&key, 1, part.data());
        for (std::size_t c = 0; c < sums.size(); ++c) sums[c] += part[c];
      }
      std::vector<float> expected = scores(w, keys);
      bool any = false;
      for (int c = 0; c < kClasses; ++c) {
        auto cls = static_cast<std::size_t>(c);
        CHECK(static_cast<float>(sums[cls]) * w.scale() == expected[cls]);
        any = any || sums[cls] != 0;
      }
      if (keys.size() == 1 && keys[0] <= kFeatures) CHECK(any);  // known features weigh something
    }
  }

  TEST_CASE("averaging weights is deterministic") {
    CompactWeights a = trained(3, 1000), b = trained(4, 1000), c = trained(5, 1002);
    CompactWeights m1 = CompactWeights::mean({&a, &b, &c});
    CompactWeights m2 = CompactWeights::mean({&a, &b, &c});
    for (const auto& keys : probes()) CHECK(scores(m1, keys) == scores(m2, keys));
  }

  TEST_CASE("averaging no weights or weights with different class counts is an error") {
    CHECK_THROWS_AS(CompactWeights::mean({}), kg::Error);
    CompactWeights a = trained(1, 1000);
    AveragedPerceptron other(kClasses + 1);
    other.addFeature(1);
    std::vector<std::int32_t> rows;
    other.lookup({1}, rows);
    other.update(rows, 0, 1);
    other.tick();
    CompactWeights b = other.average();
    CHECK_THROWS_AS(CompactWeights::mean({&a, &b}), kg::Error);
  }

}  // TEST_SUITE("perceptron")
