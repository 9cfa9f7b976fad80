// Internal to extract/text: an averaged perceptron that decides whether a
// sentence ends after a candidate word. Features are hashed strings into a
// fixed table; the file (KGSEGMNT v2) stores only the non-zero weights.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg::extract {

class BoundaryModel {
 public:
  static constexpr std::uint32_t kBuckets = 1u << 17;

  BoundaryModel();
  // Loads a model file; throws InputError naming the file if it is wrong or truncated.
  static BoundaryModel load(const std::string& path);
  // Saves the (averaged) weights; throws OutputError.
  void save(const std::string& path) const;

  // Score of a feature set (> 0 means a boundary).
  float score(const std::vector<std::uint32_t>& features) const;
  // The weight table (kBuckets entries), for scoring features as they are computed.
  const float* weights() const { return weights_.data(); }
  // Training: adds `delta` to the weights of `features` at time step `step`.
  void update(const std::vector<std::uint32_t>& features, float delta, std::uint64_t step);
  // Training: replaces the weights by their averages over `steps` steps.
  void average(std::uint64_t steps);

  // Hash of a feature string.
  static std::uint32_t hash(std::string_view s);

 private:
  std::vector<float> weights_;
  std::vector<float> totals_;             // training only: summed weight changes * time
  std::vector<std::uint64_t> stamps_;     // training only: last update step
};

}  // namespace kg::extract
