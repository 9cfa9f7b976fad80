// End-to-end throughput of `kg build` on text: read -> segment -> tag -> parse ->
// actors -> relations -> graph merge, over a corpus of samples/*.txt repeated to
// about 5 MB (one file per copy), on 1 thread and on 2 threads.
//
//   build-dir/bench_extract [--mb 5] [--threads 2]
//
// Prints tokens/s for each run, the speed-up, the triples found (identical for any
// thread count) and the peak resident memory.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "extract/pipeline.h"
#include "graph/error.h"
#include "graph/knowledge_graph.h"

namespace {

// A field of /proc/self/status in kB ("VmHWM" = peak resident memory), or -1.
long statusKb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  std::size_t len = std::strlen(field);
  while (std::getline(in, line))
    if (line.compare(0, len, field) == 0 && line.size() > len && line[len] == ':')
      return std::stol(line.substr(len + 1));
  return -1;
}

struct RunResult {
  double seconds = 0;         // wall time of the run
  std::size_t tokens = 0;     // tokens of all sentences
  std::size_t triples = 0;    // triples extracted
  std::size_t relations = 0;  // graph edges after merging
};

RunResult runOnce(const std::filesystem::path& corpus, unsigned threads) {
  kg::extract::PipelineOptions options;
  options.threads = threads;
  kg::extract::Pipeline pipeline(options);  // model loading is not timed
  kg::graph::KnowledgeGraph graph;
  RunResult r;
  auto start = std::chrono::steady_clock::now();
  pipeline.run(
      {corpus.string()},
      [&](const kg::extract::Document& doc, std::vector<kg::graph::Triple>&& triples) {
        for (const auto& s : doc.sentences) r.tokens += s.tokens.size();
        for (const auto& t : triples) graph.add(t);
        r.triples += triples.size();
      },
      std::cerr);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.relations = graph.relationCount();
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  double mb = 5;
  unsigned threads = 2;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--mb" && i + 1 < argc) {
      mb = std::stod(argv[++i]);
    } else if (a == "--threads" && i + 1 < argc) {
      threads = static_cast<unsigned>(std::stoul(argv[++i]));
    } else {
      std::cerr << "usage: bench_extract [--mb 5] [--threads 2]\n";
      return 2;
    }
  }
  try {
    // The corpus: samples/*.txt copied until about `mb` megabytes.
    std::vector<std::filesystem::path> samples;
    for (const auto& e : std::filesystem::directory_iterator(KG_SAMPLES_DIR))
      if (e.path().extension() == ".txt") samples.push_back(e.path());
    std::sort(samples.begin(), samples.end());
    if (samples.empty()) throw kg::InputError(KG_SAMPLES_DIR, "no *.txt samples");
    std::vector<std::string> texts;
    for (const auto& p : samples) {
      std::ifstream in(p, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      texts.push_back(ss.str());
    }
    const auto corpus = std::filesystem::temp_directory_path() / "kg_bench_extract_corpus";
    std::filesystem::remove_all(corpus);
    std::filesystem::create_directories(corpus);
    std::size_t bytes = 0, files = 0;
    const auto target = static_cast<std::size_t>(mb * 1024 * 1024);
    while (bytes < target) {
      for (std::size_t i = 0; i < texts.size() && bytes < target; ++i, ++files) {
        char name[64];
        std::snprintf(name, sizeof name, "%06zu_%s", files, samples[i].filename().c_str());
        std::ofstream(corpus / name, std::ios::binary) << texts[i];
        bytes += texts[i].size();
      }
    }
    std::printf("corpus: %zu files, %.2f MB (samples/*.txt repeated)\n", files, bytes / 1048576.0);

    RunResult one = runOnce(corpus, 1);
    std::printf("1 thread : %8.2f s  %9.0f tokens/s  (%zu tokens, %zu triples, %zu edges)\n",
                one.seconds, one.tokens / one.seconds, one.tokens, one.triples, one.relations);
    RunResult many = runOnce(corpus, threads);
    std::printf("%u threads: %8.2f s  %9.0f tokens/s  (%zu tokens, %zu triples, %zu edges)\n",
                threads, many.seconds, many.tokens / many.seconds, many.tokens, many.triples,
                many.relations);
    std::printf("speed-up: %.2fx   same triples: %s\n", one.seconds / many.seconds,
                one.triples == many.triples && one.relations == many.relations ? "yes" : "NO");
    std::printf("peak memory: %.1f MB\n", statusKb("VmHWM") / 1024.0);
    std::filesystem::remove_all(corpus);
  } catch (const std::exception& e) {
    std::cerr << "bench_extract: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
