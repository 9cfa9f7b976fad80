// Clean-up + sentence splitting + tokenization throughput on one thread over a
// ~50 MB corpus made of the samples repeated (each copy one document), measured twice:
//   split    Segmenter::split: clean text, sentences and tokens as spans with raw offsets
//            (the clean-up + segmentation figure of issue #3);
//   segment  Segmenter::segment: the same plus the Document's Sentence/Token records
//            that the tagger and parser read.
// Each line gives wall and CPU time (user + system) and MB/s, and the peak memory so far.
//
//   build/bench/bench_segment [MEGABYTES [split|segment]]   (both passes unless one is named)
//   build/bench/bench_segment --dump FILE...   the segmentation of files, to compare outputs
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
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

// CPU time of this process (user + system), in seconds.
double cpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// Peak resident memory so far, in MB.
double peakMb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

// Runs `pass` over every document of the corpus and prints one line of figures.
template <class Pass>
void measure(const char* name, const std::vector<std::string>& corpus, double mb, Pass&& pass) {
  std::size_t sentences = 0, tokens = 0;
  auto start = std::chrono::steady_clock::now();
  double cpu_start = cpuSeconds();
  for (const std::string& text : corpus) pass(text, sentences, tokens);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu = cpuSeconds() - cpu_start;
  std::printf("%-11s %zu sentences, %zu tokens; wall %.3f s, %.1f MB/s; cpu %.3f s, %.1f MB/s; "
              "peak memory %.1f MB\n",
              name, sentences, tokens, secs, mb / secs, cpu, mb / cpu, peakMb());
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--dump") return dump(argc, argv);
  double target_mb = argc > 1 ? std::atof(argv[1]) : 50.0;
  std::string only = argc > 2 ? argv[2] : "";
  if (target_mb <= 0 || (only != "" && only != "split" && only != "segment")) {
    std::fprintf(stderr, "usage: bench_segment [MEGABYTES [split|segment]] | --dump FILE...\n");
    return 2;
  }
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
  std::sort(samples.begin(), samples.end());  // the same corpus whatever the directory order
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
  double mb = static_cast<double>(total) / (1024.0 * 1024.0);
  std::printf("bench_segment: %.1f MB, %zu documents, model %s, one thread\n", mb, corpus.size(),
              segmenter.hasModel() ? "yes" : "no");
  // Spans: clean-up + sentences + tokens with raw spans (Segmenter::split), storage reused.
  kg::extract::Segmentation seg;
  if (only != "segment") measure("split", corpus, mb, [&](const std::string& text, std::size_t& sentences, std::size_t& tokens) {
    segmenter.split(text, seg);
    sentences += seg.sentences.size();
    tokens += seg.tokens.size();
  });
  // Records: the same plus the Document's Sentence/Token records (Segmenter::segment).
  kg::extract::Document doc;
  if (only != "split") measure("segment", corpus, mb, [&](const std::string& text, std::size_t& sentences, std::size_t& tokens) {
    doc.raw = text;
    doc.meta.clear();
    segmenter.segment(doc);
    sentences += doc.sentences.size();
    for (const auto& s : doc.sentences) tokens += s.tokens.size();
  });
  return 0;
}
