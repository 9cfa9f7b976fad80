// Tests of the embedding clusters (extract/nlp/word_clusters.h): clustering, the two
// file formats, their errors, and the model round trip.
#include <random>

#include "extract/nlp/model_io.h"
#include "extract/nlp/word_clusters.h"
#include "graph/error.h"
#include "test_support.h"

namespace {

using kg::extract::WordClusters;

// Three groups of 20 words whose vectors point near three directions (seeded noise):
// "a0".."a19" near x, "b*" near y, "c*" near z, in 4 dimensions.
void threeGroups(std::vector<std::string>& words, std::vector<float>& vectors) {
  std::mt19937_64 rng(7);
  std::normal_distribution<float> noise(0, 0.05f);
  for (int g = 0; g < 3; ++g)
    for (int i = 0; i < 20; ++i) {
      words.push_back(std::string(1, static_cast<char>('a' + g)) + std::to_string(i));
      for (int d = 0; d < 4; ++d) vectors.push_back((d == g ? 1.0f : 0.0f) + noise(rng));
    }
}

WordClusters::Options options(int branching, int depth) {
  WordClusters::Options o;
  o.branching = branching;
  o.depth = depth;
  return o;
}

}  // namespace

TEST_SUITE("perceptron") {
  TEST_CASE("word clusters: words near one direction share their top cluster, others do not") {
    std::vector<std::string> words;
    std::vector<float> vectors;
    threeGroups(words, vectors);
    WordClusters c = WordClusters::cluster(words, vectors, 4, options(3, 2));
    CHECK(c.size() == 60);
    CHECK(c.depth() == 2);
    for (char g : {'a', 'b', 'c'}) {
      std::uint32_t top = c.prefix(c.leaf(std::string(1, g) + "0"), 1);
      CHECK(top >= 1);
      CHECK(top <= 3);
      for (int i = 1; i < 20; ++i)
        CHECK(c.prefix(c.leaf(std::string(1, g) + std::to_string(i)), 1) == top);
    }
    CHECK(c.prefix(c.leaf("a0"), 1) != c.prefix(c.leaf("b0"), 1));
    CHECK(c.prefix(c.leaf("b0"), 1) != c.prefix(c.leaf("c0"), 1));
    CHECK(c.prefix(c.leaf("a0"), 1) != c.prefix(c.leaf("c0"), 1));
    // The second level splits each group: 9 leaves at most, the top cluster their prefix.
    std::uint32_t leaf = c.leaf("a3");
    CHECK(leaf >= 1);
    CHECK(leaf <= 9);
    CHECK(c.prefix(leaf, 2) == leaf);
    CHECK((leaf - 1) / 3 + 1 == c.prefix(leaf, 1));
    CHECK(c.leaf("zzz") == 0);
    CHECK(c.prefix(0, 1) == 0);
    // Deterministic: same words, same clusters.
    CHECK(WordClusters::cluster(words, vectors, 4, options(3, 2)) == c);
  }

  TEST_CASE(
      "word clusters: GloVe text and wink JSON give the same clusters; only the first words are "
      "kept") {
    kg::test::TempDir dir;
    std::vector<std::string> words;
    std::vector<float> vectors;
    threeGroups(words, vectors);
    std::string text,
        json = R"({"precision": 8, "dimensions": 4, "words": ["ignored"], "vectors": {)";
    for (std::size_t i = 0; i < words.size(); ++i) {
      text += words[i];
      if (i) json += ", ";
      json += '"';
      json += words[i];
      json += "\": [";
      for (int d = 0; d < 4; ++d) {
        text += ' ';
        text += std::to_string(vectors[i * 4 + d]);
        json += std::to_string(vectors[i * 4 + d]) + ", ";
      }
      json += "1.0, " + std::to_string(i) + "]";
      text += "\n";
    }
    json += R"(}, "unkVector": [0, 0, 0, 0, 0, -1]})";
    kg::test::writeFile(dir / "vectors.txt", text);
    kg::test::writeFile(dir / "vectors.json", json);
    WordClusters::Options o = options(3, 2);
    WordClusters from_text = WordClusters::build((dir / "vectors.txt").string(), o);
    WordClusters from_json = WordClusters::build((dir / "vectors.json").string(), o);
    CHECK(from_text.size() == 60);
    CHECK(from_text == from_json);
    o.max_words = 25;  // a0..a19, b0..b4
    WordClusters first = WordClusters::build((dir / "vectors.json").string(), o);
    CHECK(first.size() == 25);
    CHECK(first.leaf("b4") != 0);
    CHECK(first.leaf("b5") == 0);
    CHECK(WordClusters::build((dir / "vectors.txt").string(), o) == first);
  }

  TEST_CASE("word clusters: a bad embeddings file is refused with its name and line") {
    kg::test::TempDir dir;
    kg::test::writeFile(dir / "short.txt", "the 0.1 0.2 0.3\nof 0.1 0.2\n");
    kg::test::writeFile(dir / "nan.txt", "the 0.1 0.2 0.3\nof 0.1 zero 0.3\n");
    kg::test::writeFile(
        dir / "broken.json",
        R"({"dimensions": 3, "vectors": {"the": [0.1, 0.2, 0.3, 1, 0], "of": [0.1,)");
    kg::test::writeFile(dir / "tiny.json", R"({"dimensions": 3, "vectors": {"the": [0.1, 0.2]}})");
    const WordClusters::Options o;
    auto message = [&](const std::string& name) {
      try {
        WordClusters::build((dir / name).string(), o);
      } catch (const kg::InputError& e) {
        return std::string(e.what());
      }
      return std::string("no error");
    };
    CHECK(message("short.txt").find("short.txt:2") != std::string::npos);
    CHECK(message("short.txt").find("expected 3") != std::string::npos);
    CHECK(message("nan.txt").find("nan.txt:2") != std::string::npos);
    CHECK(message("broken.json").find("invalid JSON") != std::string::npos);
    CHECK(message("tiny.json").find("\"the\" has 2 values, expected 3") != std::string::npos);
    CHECK(message("missing.txt").find("cannot be opened") != std::string::npos);
    CHECK_THROWS_AS(WordClusters::cluster({"a"}, {1, 0}, 2, options(2, 20)), kg::UsageError);
  }

  TEST_CASE("word clusters: saved and loaded inside a model file, unchanged") {
    kg::test::TempDir dir;
    std::vector<std::string> words;
    std::vector<float> vectors;
    threeGroups(words, vectors);
    WordClusters c = WordClusters::cluster(words, vectors, 4, options(4, 2));
    std::string path = (dir / "clusters.bin").string();
    {
      kg::extract::ModelWriter w(path, "KGTEST01", 1);
      c.save(w);
      WordClusters().save(w);
      w.commit();
    }
    kg::extract::ModelReader r(path, "KGTEST01", 1);
    WordClusters loaded = WordClusters::load(r);
    WordClusters empty = WordClusters::load(r);
    r.expectEnd();
    CHECK(loaded == c);
    CHECK(loaded.leaf("c7") == c.leaf("c7"));
    CHECK(empty.empty());
    CHECK(empty.leaf("a0") == 0);
  }
}
