#include "extract/text/boundary_model.h"

#include "extract/nlp/model_io.h"

namespace kg::extract {

namespace {
constexpr std::string_view kMagic = "KGSEGMNT";
constexpr std::uint32_t kVersion = 2;  // 2: numeric feature hashing
}  // namespace

BoundaryModel::BoundaryModel() : weights_(kBuckets, 0.0f) {}

std::uint32_t BoundaryModel::hash(std::string_view s) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h & (kBuckets - 1);
}

float BoundaryModel::score(const std::vector<std::uint32_t>& features) const {
  float s = 0;
  for (std::uint32_t f : features) s += weights_[f];
  return s;
}

void BoundaryModel::update(const std::vector<std::uint32_t>& features, float delta,
                           std::uint64_t step) {
  if (totals_.empty()) {
    totals_.assign(kBuckets, 0.0f);
    stamps_.assign(kBuckets, 0);
  }
  for (std::uint32_t f : features) {
    totals_[f] += static_cast<float>(step - stamps_[f]) * weights_[f];
    stamps_[f] = step;
    weights_[f] += delta;
  }
}

void BoundaryModel::average(std::uint64_t steps) {
  if (totals_.empty() || steps == 0) return;
  for (std::uint32_t f = 0; f < kBuckets; ++f) {
    totals_[f] += static_cast<float>(steps - stamps_[f]) * weights_[f];
    weights_[f] = totals_[f] / static_cast<float>(steps);
  }
  totals_.clear();
  stamps_.clear();
}

void BoundaryModel::save(const std::string& path) const {
  std::vector<std::uint32_t> index;
  std::vector<float> value;
  for (std::uint32_t f = 0; f < kBuckets; ++f) {
    if (weights_[f] != 0.0f) {
      index.push_back(f);
      value.push_back(weights_[f]);
    }
  }
  ModelWriter w(path, kMagic, kVersion);
  w.write<std::uint32_t>(kBuckets);
  w.writeVector(index);
  w.writeVector(value);
  w.commit();
}

BoundaryModel BoundaryModel::load(const std::string& path) {
  ModelReader r(path, kMagic, kVersion);
  if (r.read<std::uint32_t>() != kBuckets) r.fail("unexpected feature table size");
  auto index = r.readVector<std::uint32_t>();
  auto value = r.readVector<float>();
  r.expectEnd();
  if (index.size() != value.size()) r.fail("index and weight counts differ");
  BoundaryModel m;
  for (std::size_t i = 0; i < index.size(); ++i) {
    if (index[i] >= kBuckets) r.fail("feature index out of range");
    m.weights_[index[i]] = value[i];
  }
  return m;
}

}  // namespace kg::extract
