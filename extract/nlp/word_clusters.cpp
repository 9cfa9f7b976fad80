#include "extract/nlp/word_clusters.h"

#include <rapidjson/error/en.h>
#include <rapidjson/filereadstream.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <numeric>
#include <random>
#include <sstream>
#include <unordered_set>

#include "graph/error.h"

namespace kg::extract {
namespace {

using perceptron::hashString;

constexpr std::uint32_t kMaxLeaves = 65536;  // leaves are stored as uint16

// Embeddings read from a file: words (lower-cased, first occurrence kept) and vectors.
struct Embeddings {
  std::vector<std::string> words;
  std::vector<float> vectors;
  std::size_t dims = 0;
  std::unordered_set<std::string> seen;
  // Adds a word unless a more frequent one has the same lower-cased form.
  bool add(std::string word, const float* v) {
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (word.empty() || !seen.insert(word).second) return false;
    words.push_back(std::move(word));
    vectors.insert(vectors.end(), v, v + dims);
    return true;
  }
};

// GloVe text: "word v1 ... vN" per line.
Embeddings readGloveText(const std::string& path, std::size_t max_words) {
  std::ifstream in(path);
  if (!in) throw kg::InputError(path, "cannot be opened for reading");
  Embeddings e;
  std::string line;
  std::vector<float> v;
  std::size_t line_no = 0;
  while (e.words.size() < max_words && std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    std::size_t sp = line.find(' ');
    if (sp == std::string::npos || sp == 0)
      throw kg::InputError(path, line_no, "expected a word and its vector");
    v.clear();
    const char* p = line.c_str() + sp;
    const char* end = line.c_str() + line.size();
    while (p < end) {
      char* next = nullptr;
      float x = std::strtof(p, &next);
      if (next == p) {
        while (p < end && *p == ' ') ++p;
        if (p < end) throw kg::InputError(path, line_no, "a vector value is not a number");
        break;
      }
      if (!std::isfinite(x)) throw kg::InputError(path, line_no, "a vector value is not finite");
      v.push_back(x);
      p = next;
    }
    if (e.dims == 0) e.dims = v.size();
    if (v.empty() || v.size() != e.dims)
      throw kg::InputError(path, line_no,
                           "the vector has " + std::to_string(v.size()) + " values, expected " +
                               std::to_string(e.dims));
    e.add(line.substr(0, sp), v.data());
  }
  if (e.words.empty()) throw kg::InputError(path, "no word vectors");
  return e;
}

// wink-embeddings JSON, read as a stream (the file is ~300 MB): the top-level
// "dimensions", then each "vectors" member "word": [v1, ..., vN, ...].
class WinkHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, WinkHandler> {
 public:
  WinkHandler(Embeddings& e, std::size_t max_words) : e_(e), max_words_(max_words) {}
  bool done() const { return done_; }
  const std::string& problem() const { return problem_; }

  bool Key(const char* s, rapidjson::SizeType len, bool) {
    if (depth_ == 1) key_.assign(s, len);
    if (depth_ == 2 && in_vectors_) word_.assign(s, len);
    return true;
  }
  bool StartObject() {
    if (depth_ == 1 && key_ == "vectors") {
      if (e_.dims == 0) return fail("\"dimensions\" must come before \"vectors\"");
      in_vectors_ = true;
    }
    ++depth_;
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    --depth_;
    if (depth_ == 1 && in_vectors_) {
      in_vectors_ = false;
      done_ = true;
      return false;  // nothing else is needed
    }
    return true;
  }
  bool StartArray() {
    ++depth_;
    if (depth_ == 3 && in_vectors_) v_.clear();
    return true;
  }
  bool EndArray(rapidjson::SizeType) {
    if (depth_ == 3 && in_vectors_) {
      if (v_.size() < e_.dims)
        return fail("the vector of \"" + word_ + "\" has " + std::to_string(v_.size()) +
                    " values, expected " + std::to_string(e_.dims));
      e_.add(word_, v_.data());
      if (e_.words.size() >= max_words_) {
        done_ = true;
        return false;
      }
    }
    --depth_;
    return true;
  }
  bool Double(double d) { return number(d); }
  bool Int(int i) { return number(i); }
  bool Uint(unsigned u) { return number(u); }
  bool Int64(std::int64_t i) { return number(static_cast<double>(i)); }
  bool Uint64(std::uint64_t u) { return number(static_cast<double>(u)); }
  bool Default() { return true; }  // strings, booleans, nulls elsewhere: ignored

 private:
  bool number(double d) {
    if (depth_ == 1 && key_ == "dimensions") {
      if (d < 1 || d > 10000) return fail("\"dimensions\" must be between 1 and 10000");
      e_.dims = static_cast<std::size_t>(d);
    }
    if (depth_ == 3 && in_vectors_) {
      if (!std::isfinite(d)) return fail("a value of \"" + word_ + "\" is not finite");
      v_.push_back(static_cast<float>(d));
    }
    return true;
  }
  bool fail(std::string why) {
    problem_ = std::move(why);
    return false;
  }
  Embeddings& e_;
  std::size_t max_words_;
  int depth_ = 0;
  std::string key_, word_, problem_;
  bool in_vectors_ = false;
  bool done_ = false;
  std::vector<float> v_;
};

Embeddings readWinkJson(const std::string& path, std::size_t max_words) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw kg::InputError(path, "cannot be opened for reading");
  Embeddings e;
  std::vector<char> buffer(1 << 16);
  rapidjson::FileReadStream stream(f.get(), buffer.data(), buffer.size());
  WinkHandler handler(e, max_words);
  rapidjson::Reader reader;
  rapidjson::ParseResult ok = reader.Parse(stream, handler);
  if (!handler.problem().empty()) throw kg::InputError(path, handler.problem());
  if (!ok && !handler.done())
    throw kg::InputError(path, std::string("invalid JSON at byte ") + std::to_string(ok.Offset()) +
                                   " (" + rapidjson::GetParseError_En(ok.Code()) + ")");
  if (e.words.empty()) throw kg::InputError(path, "no \"vectors\" with word vectors");
  return e;
}

// The first non-blank byte of a file ('{' for JSON).
int firstByte(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw kg::InputError(path, "cannot be opened for reading");
  char c = 0;
  while (in.get(c))
    if (!std::isspace(static_cast<unsigned char>(c))) return static_cast<unsigned char>(c);
  return -1;
}

float dot(const float* a, const float* b, std::size_t n) {
  float s = 0;
  for (std::size_t i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}

void normalise(float* v, std::size_t n) {
  float norm = std::sqrt(dot(v, v, n));
  if (norm > 0)
    for (std::size_t i = 0; i < n; ++i) v[i] /= norm;
}

// Spherical k-means of the unit vectors `points` (rows of `data`) into k clusters;
// returns each point's cluster, 0..k-1, clusters numbered by their first point.
std::vector<std::uint32_t> kmeans(const std::vector<float>& data, std::size_t dims,
                                  const std::vector<std::uint32_t>& points, std::size_t k,
                                  int iterations, std::mt19937_64& rng) {
  const std::size_t n = points.size();
  std::vector<std::uint32_t> assign(n, 0);
  if (n <= k) {
    std::iota(assign.begin(), assign.end(), 0u);
    return assign;
  }
  auto row = [&](std::size_t i) {
    return data.data() + static_cast<std::size_t>(points[i]) * dims;
  };
  // k-means++ seeding with the cosine distance.
  std::vector<float> centroids(k * dims);
  std::vector<float> dist(n, 2.0f);
  std::size_t first = std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  std::copy(row(first), row(first) + dims, centroids.begin());
  for (std::size_t c = 1; c < k; ++c) {
    const float* prev = centroids.data() + (c - 1) * dims;
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      dist[i] = std::min(dist[i], std::max(0.0f, 1.0f - dot(row(i), prev, dims)));
      total += static_cast<double>(dist[i]) * dist[i];
    }
    double r = std::uniform_real_distribution<double>(0, total)(rng);
    std::size_t pick = n - 1;
    for (std::size_t i = 0; i < n; ++i) {
      r -= static_cast<double>(dist[i]) * dist[i];
      if (r <= 0) {
        pick = i;
        break;
      }
    }
    std::copy(row(pick), row(pick) + dims, centroids.begin() + static_cast<long>(c * dims));
  }
  std::vector<double> sums(k * dims);
  std::vector<std::size_t> counts(k);
  for (int it = 0; it < iterations; ++it) {
    bool changed = it == 0;
    for (std::size_t i = 0; i < n; ++i) {
      const float* v = row(i);
      std::uint32_t best = 0;
      float best_sim = -2;
      for (std::size_t c = 0; c < k; ++c) {
        float s = dot(v, centroids.data() + c * dims, dims);
        if (s > best_sim) {
          best_sim = s;
          best = static_cast<std::uint32_t>(c);
        }
      }
      if (assign[i] != best) changed = true;
      assign[i] = best;
      dist[i] = 1.0f - best_sim;
    }
    if (!changed) break;
    std::fill(sums.begin(), sums.end(), 0.0);
    std::fill(counts.begin(), counts.end(), 0);
    for (std::size_t i = 0; i < n; ++i) {
      const float* v = row(i);
      double* s = sums.data() + assign[i] * dims;
      for (std::size_t d = 0; d < dims; ++d) s[d] += v[d];
      ++counts[assign[i]];
    }
    for (std::size_t c = 0; c < k; ++c) {
      float* cen = centroids.data() + c * dims;
      if (counts[c] == 0) {
        // An empty cluster restarts at the point farthest from its centroid.
        std::size_t far =
            static_cast<std::size_t>(std::max_element(dist.begin(), dist.end()) - dist.begin());
        std::copy(row(far), row(far) + dims, cen);
        dist[far] = 0;
        continue;
      }
      for (std::size_t d = 0; d < dims; ++d) cen[d] = static_cast<float>(sums[c * dims + d]);
      normalise(cen, dims);
    }
  }
  // Number clusters by their first point so that the result does not depend on seeding
  // order, and make the numbers dense (a cluster may have ended empty).
  std::vector<std::uint32_t> order(k, ~0u);
  std::uint32_t next = 0;
  for (std::uint32_t& a : assign) {
    if (order[a] == ~0u) order[a] = next++;
    a = order[a];
  }
  return assign;
}

}  // namespace

WordClusters WordClusters::build(const std::string& path, const Options& options) {
  Embeddings e = firstByte(path) == '{' ? readWinkJson(path, options.max_words)
                                        : readGloveText(path, options.max_words);
  return cluster(e.words, e.vectors, e.dims, options);
}

WordClusters WordClusters::cluster(const std::vector<std::string>& words,
                                   const std::vector<float>& vectors, std::size_t dims,
                                   const Options& options) {
  if (options.branching < 2 || options.branching > 256 || options.depth < 1 || options.depth > 4)
    throw kg::UsageError("word clusters: branching must be 2-256 and depth 1-4");
  double leaves = std::pow(static_cast<double>(options.branching), options.depth);
  if (leaves > kMaxLeaves)
    throw kg::UsageError("word clusters: branching^depth must be at most " +
                         std::to_string(kMaxLeaves));
  if (dims == 0 || vectors.size() != words.size() * dims)
    throw kg::UsageError("word clusters: vectors do not match the words");
  std::vector<float> data = vectors;
  for (std::size_t i = 0; i < words.size(); ++i) normalise(data.data() + i * dims, dims);

  const auto b = static_cast<std::uint32_t>(options.branching);
  std::vector<std::uint32_t> leaf(words.size(), 0);
  std::mt19937_64 rng(options.seed);
  // Split group by group, level by level; a group's words share the leading digits.
  std::vector<std::vector<std::uint32_t>> groups(1);
  groups[0].resize(words.size());
  std::iota(groups[0].begin(), groups[0].end(), 0u);
  for (int level = 0; level < options.depth; ++level) {
    std::vector<std::vector<std::uint32_t>> next;
    for (const auto& group : groups) {
      if (group.empty()) continue;
      auto assign = kmeans(data, dims, group, b, options.iterations, rng);
      std::vector<std::vector<std::uint32_t>> children(b);
      for (std::size_t i = 0; i < group.size(); ++i) {
        leaf[group[i]] = leaf[group[i]] * b + assign[i];
        children[assign[i]].push_back(group[i]);
      }
      for (auto& c : children)
        if (!c.empty()) next.push_back(std::move(c));
    }
    groups = std::move(next);
  }
  WordClusters out;
  out.branching_ = b;
  out.depth_ = options.depth;
  std::vector<std::pair<std::uint64_t, std::uint16_t>> entries;
  entries.reserve(words.size());
  for (std::size_t i = 0; i < words.size(); ++i)
    entries.emplace_back(hashString(words[i]), static_cast<std::uint16_t>(leaf[i]));
  std::sort(entries.begin(), entries.end());
  // Same hash twice (same word): the first, most frequent, stays.
  entries.erase(std::unique(entries.begin(), entries.end(),
                            [](const auto& x, const auto& y) { return x.first == y.first; }),
                entries.end());
  for (const auto& [key, l] : entries) {
    out.keys_.push_back(key);
    out.leaves_.push_back(l);
  }
  out.reindex();
  return out;
}

std::uint32_t WordClusters::leaf(std::string_view word) const {
  return leafOfHash(hashString(word));
}

std::uint32_t WordClusters::leafOfHash(std::uint64_t word_hash) const {
  constexpr std::uint32_t kAbsent = ~0u;
  std::uint32_t at = index_.get(word_hash, kAbsent);
  return at == kAbsent ? 0 : leaves_[at] + 1u;
}

std::uint32_t WordClusters::prefix(std::uint32_t leaf, int level) const {
  if (leaf == 0 || level < 1) return 0;
  std::uint32_t l = leaf - 1;
  for (int d = depth_; d > level; --d) l /= branching_;
  return l + 1;
}

void WordClusters::reindex() {
  index_ = perceptron::FlatMap();
  index_.reserve(keys_.size());
  for (std::size_t i = 0; i < keys_.size(); ++i)
    index_.set(keys_[i], static_cast<std::uint32_t>(i));
}

void WordClusters::save(ModelWriter& out) const {
  out.write<std::uint32_t>(branching_);
  out.write<std::int32_t>(depth_);
  out.writeVector(keys_);
  out.writeVector(leaves_);
}

WordClusters WordClusters::load(ModelReader& in) {
  WordClusters c;
  c.branching_ = in.read<std::uint32_t>();
  c.depth_ = in.read<std::int32_t>();
  c.keys_ = in.readVector<std::uint64_t>();
  c.leaves_ = in.readVector<std::uint16_t>();
  if (c.keys_.empty() && c.leaves_.empty()) {
    c.branching_ = 0;
    c.depth_ = 0;
    return c;
  }
  if (c.branching_ < 2 || c.branching_ > 256 || c.depth_ < 1 || c.depth_ > 4 ||
      std::pow(static_cast<double>(c.branching_), c.depth_) > kMaxLeaves)
    in.fail("word clusters: bad branching or depth");
  if (c.leaves_.size() != c.keys_.size()) in.fail("word clusters: leaves do not match the words");
  if (!std::is_sorted(c.keys_.begin(), c.keys_.end()))
    in.fail("word clusters: words are not sorted");
  auto limit = static_cast<std::uint32_t>(std::pow(static_cast<double>(c.branching_), c.depth_));
  for (std::uint16_t l : c.leaves_)
    if (l >= limit) in.fail("word clusters: a leaf is out of range");
  c.reindex();
  return c;
}

}  // namespace kg::extract
