// Clean-up + sentence splitting + tokenization throughput on one thread over a
// ~50 MB corpus made of the samples repeated (each copy one document).
//
//   build/bench_segment [MEGABYTES]      prints wall time, MB/s and peak memory
#include <sys/resource.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "extract/document.h"
#include "extract/text/segmenter.h"

// --dump FILE...: prints every sentence, token, raw span and metadata (to check that
// speed changes leave the output byte-identical).
int dump(int argc, char** argv) {
  kg::extract::Segmenter segmenter;
  for (int a = 2; a < argc; ++a) {
    std::ifstream in(argv[a], std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    kg::extract::Document doc;
    doc.raw = ss.str();
    segmenter.segment(doc);
    std::printf("# file %s\n", argv[a]);
    for (const auto& [k, v] : doc.meta) std::printf("# meta %s = %s\n", k.c_str(), v.c_str());
    for (const auto& s : doc.sentences) {
      std::printf("# sentence p%zu [%zu,%zu) %s\n", s.paragraph, s.begin, s.end, s.text.c_str());
      for (const auto& c : s.comments) std::printf("# comment %s\n", c.c_str());
      for (const auto& m : s.multiword)
        std::printf("# mwt %d-%d %s %s\n", m.first, m.last, m.form.c_str(), m.misc.c_str());
      for (const auto& t : s.tokens)
        std::printf("%s\t%zu\t%zu\t%d\t%s\n", t.form.c_str(), t.begin, t.end, t.space_after ? 1 : 0,
                    t.misc.c_str());
    }
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--dump") return dump(argc, argv);
  double target_mb = argc > 1 ? std::atof(argv[1]) : 50.0;
  std::vector<std::string> samples;
  for (const auto& entry : std::filesystem::directory_iterator(KG_SAMPLES_DIR)) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    samples.push_back(ss.str());
  }
  if (samples.empty()) {
    std::fprintf(stderr, "bench_segment: no samples in %s\n", KG_SAMPLES_DIR);
    return 1;
  }
  const std::size_t target = static_cast<std::size_t>(target_mb * 1024 * 1024);
  std::vector<std::string> corpus;
  std::size_t total = 0;
  while (total < target) {
    for (const std::string& s : samples) {
      corpus.push_back(s);
      total += s.size();
    }
  }
  kg::extract::Segmenter segmenter;  // the default news segmenter with its boundary model
  std::size_t sentences = 0, tokens = 0;
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  kg::extract::Document doc;
  for (const std::string& text : corpus) {
    doc.raw = text;
    doc.meta.clear();
    segmenter.segment(doc);
    sentences += doc.sentences.size();
    for (const auto& s : doc.sentences) tokens += s.tokens.size();
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  double mb = static_cast<double>(total) / (1024.0 * 1024.0);
  std::printf("bench_segment: %.1f MB, %zu documents, %zu sentences, %zu tokens, model %s\n", mb,
              corpus.size(), sentences, tokens, segmenter.hasModel() ? "yes" : "no");
  std::printf("wall %.3f s, %.1f MB/s (one thread); cpu %.3f s, %.1f MB/s; peak memory %.1f MB\n",
              secs, mb / secs, cpu, mb / cpu, static_cast<double>(ru.ru_maxrss) / 1024.0);
  return 0;
}
