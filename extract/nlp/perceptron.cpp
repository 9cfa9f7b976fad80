#include "extract/nlp/perceptron.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <sys/mman.h>

#include "graph/error.h"

namespace kg::extract::perceptron {
namespace {
constexpr std::size_t kNoSlot = ~std::size_t{0};

// Gives `v` room for `n` elements and asks for transparent huge pages on the
// still-untouched whole 2 MB pages inside it (random probes then miss the TLB
// far less often). Only a hint: without it the table works the same.
template <typename T>
void reserveHuge(std::vector<T>& v, std::size_t n) {
  std::vector<T>().swap(v);
  v.reserve(n);
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  auto begin = reinterpret_cast<std::uintptr_t>(v.data());
  std::uintptr_t end = begin + n * sizeof(T);
  std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
  std::uintptr_t last = end & ~(kHuge - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}
}  // namespace

void FlatMap::reserve(std::size_t n) {
  std::size_t cap = 16;
  while (cap < n * 2) cap *= 2;
  if (cap <= keys_.size()) return;
  std::vector<std::uint64_t> old_keys = std::move(keys_);
  std::vector<std::uint32_t> old_values = std::move(values_);
  keys_.assign(cap, 0);
  values_.assign(cap, 0);
  size_ = 0;
  for (std::size_t i = 0; i < old_keys.size(); ++i) {
    if (old_keys[i] != 0) set(old_keys[i], old_values[i]);
  }
}

void FlatMap::set(std::uint64_t key, std::uint32_t value) {
  key = key ? key : 1;
  if ((size_ + 1) * 2 > keys_.size()) reserve(size_ + 1 > 8 ? (size_ + 1) * 2 : 16);
  std::size_t mask = keys_.size() - 1;
  for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
    if (keys_[i] == key) {
      values_[i] = value;
      return;
    }
    if (keys_[i] == 0) {
      keys_[i] = key;
      values_[i] = value;
      ++size_;
      return;
    }
  }
}

__attribute__((target_clones("avx2", "default"))) void addDenseRows(
    std::int32_t* sums, const std::int16_t* const* rows, std::size_t count, std::size_t begin,
    std::size_t end) {
  for (std::size_t r = 0; r < count; ++r) {
    const std::int16_t* row = rows[r];
    for (std::size_t c = begin; c < end; ++c) sums[c] += row[c];
  }
}

void CompactWeights::score(const std::uint64_t* keys, std::size_t n, float* scores) const {
  if (slots_.empty()) return;
  // Integer sums (no aliasing with `scores`, no conversion per weight), scaled once.
  thread_local std::vector<std::int32_t> acc;
  acc.assign(sumsSize(), 0);
  addQuantised(keys, n, acc.data());
  for (int c = 0; c < classes_; ++c)
    scores[c] += static_cast<float>(acc[static_cast<std::size_t>(c)]) * scale_;
}

void CompactWeights::addQuantised(const std::uint64_t* keys, std::size_t n,
                                  std::int32_t* sums) const {
  if (slots_.empty()) return;
  const std::size_t mask = slots_.size() - 1;
  constexpr std::size_t kBatch = 64;
  std::size_t pos[kBatch];
  for (std::size_t done = 0; done < n; done += kBatch) {
    const std::size_t m = std::min(kBatch, n - done);
    // Find the slots first (prefetching), then add the rows: the memory loads overlap.
    for (std::size_t k = 0; k < m; ++k) {
      std::uint64_t key = keys[done + k] ? keys[done + k] : 1;
      pos[k] = mix(key) & mask;
      __builtin_prefetch(&slots_[pos[k]]);
    }
    for (std::size_t k = 0; k < m; ++k) {
      std::uint64_t key = keys[done + k] ? keys[done + k] : 1;
      std::size_t i = pos[k];
      while (slots_[i].key != key && slots_[i].key != 0) i = (i + 1) & mask;
      pos[k] = slots_[i].key == key ? i : kNoSlot;
      if (pos[k] == kNoSlot) continue;
      const Slot& s = slots_[i];
      const char* p;
      std::size_t bytes;
      if (s.end == kDense) {
        p = reinterpret_cast<const char*>(dense_.data() + s.begin);
        bytes = padded_ * sizeof(std::int16_t);
      } else {
        p = reinterpret_cast<const char*>(entries_.data() + s.begin);
        bytes = (s.end - s.begin) * sizeof(Entry);
      }
      for (std::size_t b = 0; b < bytes; b += 64) __builtin_prefetch(p + b);
    }
    const std::int16_t* dense_rows[kBatch];
    std::size_t num_dense = 0;
    for (std::size_t k = 0; k < m; ++k) {
      if (pos[k] == kNoSlot) continue;
      const Slot& s = slots_[pos[k]];
      if (s.end == kDense) {
        dense_rows[num_dense++] = dense_.data() + s.begin;
        continue;
      }
      const Entry* e = entries_.data() + s.begin;
      const Entry* end = entries_.data() + s.end;
      for (; e != end; ++e) sums[e->cls] += e->weight;
    }
    addDenseRows(sums, dense_rows, num_dense, 0, padded_);
  }
}

void CompactWeights::buildIndex() {
  // Rows from `threshold` entries on become dense (at most ~64 MB of them).
  padded_ = (static_cast<std::size_t>(classes_) + 15) / 16 * 16;
  auto length = [this](std::size_t r) { return static_cast<std::size_t>(begin_[r + 1] - begin_[r]); };
  std::size_t threshold = std::max<std::size_t>(8, padded_ / 8);
  auto denseRows = [&](std::size_t t) {
    std::size_t c = 0;
    for (std::size_t r = 0; r < keys_.size(); ++r) c += length(r) >= t ? 1 : 0;
    return c;
  };
  while (threshold <= padded_ && denseRows(threshold) * padded_ * 2 > (std::size_t{64} << 20)) {
    threshold *= 2;
  }
  std::size_t cap = 16;
  while (cap < keys_.size() * 2) cap *= 2;
  reserveHuge(slots_, cap);
  slots_.assign(cap, Slot{0, 0, 0});
  std::size_t dense_rows = denseRows(threshold);
  reserveHuge(dense_, dense_rows * padded_);
  dense_.assign(dense_rows * padded_, 0);
  std::size_t next_dense = 0;
  const std::size_t mask = cap - 1;
  for (std::size_t r = 0; r < keys_.size(); ++r) {
    std::uint64_t key = keys_[r] ? keys_[r] : 1;
    std::size_t i = mix(key) & mask;
    while (slots_[i].key != 0 && slots_[i].key != key) i = (i + 1) & mask;
    if (length(r) >= threshold) {
      auto offset = static_cast<std::uint32_t>(next_dense);
      std::int16_t* row = dense_.data() + next_dense;
      for (std::uint32_t j = begin_[r]; j < begin_[r + 1]; ++j) row[class_of_[j]] = weights_[j];
      next_dense += padded_;
      slots_[i] = Slot{key, offset, kDense};
    } else {
      slots_[i] = Slot{key, begin_[r], begin_[r + 1]};
    }
  }
  reserveHuge(entries_, weights_.size());
  entries_.resize(weights_.size());
  for (std::size_t j = 0; j < weights_.size(); ++j) entries_[j] = Entry{class_of_[j], weights_[j]};
}

void CompactWeights::save(ModelWriter& out) const {
  out.write<std::int32_t>(classes_);
  out.write<float>(scale_);
  out.writeVector(keys_);
  out.writeVector(begin_);
  out.writeVector(class_of_);
  out.writeVector(weights_);
}

CompactWeights CompactWeights::load(ModelReader& in) {
  CompactWeights w;
  w.classes_ = in.read<std::int32_t>();
  w.scale_ = in.read<float>();
  w.keys_ = in.readVector<std::uint64_t>();
  w.begin_ = in.readVector<std::uint32_t>();
  w.class_of_ = in.readVector<std::uint16_t>();
  w.weights_ = in.readVector<std::int16_t>();
  if (w.classes_ <= 0 || w.classes_ > 65535 || !std::isfinite(w.scale_)) {
    in.fail("corrupt weights (class count or scale)");
  }
  if (w.begin_.size() != w.keys_.size() + 1 || w.begin_.front() != 0 ||
      w.begin_.back() != w.weights_.size() || w.class_of_.size() != w.weights_.size()) {
    in.fail("corrupt weights (row offsets)");
  }
  for (std::size_t i = 0; i + 1 < w.begin_.size(); ++i) {
    if (w.begin_[i] > w.begin_[i + 1]) in.fail("corrupt weights (row offsets)");
    if (i > 0 && w.keys_[i - 1] >= w.keys_[i]) in.fail("corrupt weights (keys not sorted)");
  }
  for (auto c : w.class_of_) {
    if (c >= w.classes_) in.fail("corrupt weights (class out of range)");
  }
  w.buildIndex();
  return w;
}

AveragedPerceptron::AveragedPerceptron(int classes) : classes_(classes) {}

void AveragedPerceptron::addFeature(std::uint64_t key) {
  auto [it, inserted] = index_.emplace(key, static_cast<std::int32_t>(rows_.size()));
  if (inserted) {
    row_keys_.push_back(key);
    rows_.emplace_back();
  }
}

void AveragedPerceptron::lookup(const std::vector<std::uint64_t>& keys,
                                std::vector<std::int32_t>& rows) const {
  rows.clear();
  for (auto k : keys) {
    auto it = index_.find(k);
    rows.push_back(it == index_.end() ? -1 : it->second);
  }
}

void AveragedPerceptron::score(const std::vector<std::int32_t>& rows,
                               std::vector<float>& scores) const {
  scores.assign(static_cast<std::size_t>(classes_), 0.0f);
  for (auto r : rows) {
    if (r < 0) continue;
    for (const Entry& e : rows_[static_cast<std::size_t>(r)]) scores[e.cls] += e.w;
  }
}

void AveragedPerceptron::update(const std::vector<std::int32_t>& rows, int gold, int predicted) {
  if (gold == predicted) return;
  auto bump = [this](std::vector<Entry>& row, int cls, float delta) {
    for (Entry& e : row) {
      if (e.cls == cls) {
        e.total += static_cast<double>(clock_ - e.stamp) * e.w;
        e.stamp = clock_;
        e.w += delta;
        return;
      }
    }
    row.push_back(Entry{static_cast<std::uint16_t>(cls), delta, 0.0, clock_});
  };
  for (auto r : rows) {
    if (r < 0) continue;
    auto& row = rows_[static_cast<std::size_t>(r)];
    bump(row, gold, 1.0f);
    bump(row, predicted, -1.0f);
  }
}

CompactWeights AveragedPerceptron::average(float min_abs) const {
  const double clock = static_cast<double>(clock_);
  std::vector<std::size_t> order(rows_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [this](std::size_t a, std::size_t b) { return row_keys_[a] < row_keys_[b]; });
  // Averaged value of every entry, rows in key order, and the largest magnitude.
  std::vector<std::uint64_t> keys;
  std::vector<std::uint32_t> begin = {0};
  std::vector<std::uint16_t> classes;
  std::vector<float> values;
  std::vector<std::pair<std::uint16_t, float>> row;
  double max_abs = 0;
  for (std::size_t r : order) {
    row.clear();
    for (const Entry& e : rows_[r]) {
      double a = (e.total + static_cast<double>(clock_ - e.stamp) * e.w) / clock;
      if (std::fabs(a) < min_abs || a == 0) continue;
      row.emplace_back(e.cls, static_cast<float>(a));
      max_abs = std::max(max_abs, std::fabs(a));
    }
    if (row.empty()) continue;
    std::sort(row.begin(), row.end());
    for (auto [cls, a] : row) {
      classes.push_back(cls);
      values.push_back(a);
    }
    keys.push_back(row_keys_[r]);
    begin.push_back(static_cast<std::uint32_t>(values.size()));
  }
  CompactWeights out;
  out.classes_ = classes_;
  out.quantise(keys, begin, classes, values, max_abs);
  return out;
}

void CompactWeights::quantise(const std::vector<std::uint64_t>& keys,
                              const std::vector<std::uint32_t>& begin,
                              const std::vector<std::uint16_t>& classes,
                              const std::vector<float>& values, double max_abs) {
  scale_ = max_abs > 0 ? static_cast<float>(max_abs / 32767.0) : 1.0f;
  keys_.clear();
  begin_.assign(1, 0);
  class_of_.clear();
  weights_.clear();
  for (std::size_t r = 0; r < keys.size(); ++r) {
    std::size_t before = weights_.size();
    for (std::uint32_t j = begin[r]; j < begin[r + 1]; ++j) {
      long q = std::lround(values[j] / scale_);
      if (q == 0) continue;
      q = std::clamp(q, -32767L, 32767L);
      class_of_.push_back(classes[j]);
      weights_.push_back(static_cast<std::int16_t>(q));
    }
    if (weights_.size() == before) continue;  // nothing left of this feature
    keys_.push_back(keys[r]);
    begin_.push_back(static_cast<std::uint32_t>(weights_.size()));
  }
  buildIndex();
}

CompactWeights CompactWeights::mean(const std::vector<const CompactWeights*>& models) {
  if (models.empty()) throw kg::Error("perceptron: no weights to average");
  const int classes = models.front()->classes_;
  for (const CompactWeights* m : models)
    if (m->classes_ != classes)
      throw kg::Error("perceptron: cannot average weights with different class counts");
  std::vector<std::uint64_t> keys;
  std::vector<std::uint32_t> begin = {0};
  std::vector<std::uint16_t> class_of;
  std::vector<float> values;
  std::vector<double> sum(static_cast<std::size_t>(classes), 0.0);  // of the current key
  std::vector<std::uint8_t> seen(static_cast<std::size_t>(classes), 0);
  std::vector<std::uint16_t> touched;             // classes with a weight for the current key
  std::vector<std::size_t> at(models.size(), 0);  // cursor into each model's sorted keys
  const double count = static_cast<double>(models.size());
  double max_abs = 0;
  for (;;) {
    // The smallest key under the cursors: every key of the union once, ascending.
    bool any = false;
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < models.size(); ++i) {
      const auto& k = models[i]->keys_;
      if (at[i] < k.size() && (!any || k[at[i]] < key)) {
        key = k[at[i]];
        any = true;
      }
    }
    if (!any) break;
    for (std::size_t i = 0; i < models.size(); ++i) {
      const CompactWeights& m = *models[i];
      if (at[i] == m.keys_.size() || m.keys_[at[i]] != key) continue;
      for (std::uint32_t j = m.begin_[at[i]]; j < m.begin_[at[i] + 1]; ++j) {
        std::uint16_t c = m.class_of_[j];
        if (!seen[c]) {
          seen[c] = 1;
          touched.push_back(c);
        }
        sum[c] += static_cast<double>(m.weights_[j]) * m.scale_;
      }
      ++at[i];
    }
    std::sort(touched.begin(), touched.end());
    for (std::uint16_t c : touched) {
      double a = sum[c] / count;
      sum[c] = 0;
      seen[c] = 0;
      if (a == 0) continue;
      class_of.push_back(c);
      values.push_back(static_cast<float>(a));
      max_abs = std::max(max_abs, std::fabs(a));
    }
    touched.clear();
    if (values.size() > begin.back()) {
      keys.push_back(key);
      begin.push_back(static_cast<std::uint32_t>(values.size()));
    }
  }
  CompactWeights out;
  out.classes_ = classes;
  out.quantise(keys, begin, class_of, values, max_abs);
  return out;
}

}  // namespace kg::extract::perceptron
