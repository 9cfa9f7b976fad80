// Merge benchmark: 1,000,000 synthetic mentions (10,000 actors, 50 relations,
// Zipf-skewed actor choice, 100 documents) merged into one graph, then exported
// as JSON, GraphML and DOT into a temporary directory. Prints wall time per
// phase, throughput and peak RSS.
//
//   build/bench_merge [MENTIONS] [ACTORS] [RELATIONS] [--merge-only]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "export/exporter.h"
#include "graph/error.h"
#include "graph/knowledge_graph.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// User + system CPU seconds of this process: on a loaded machine, wall time
// overstates the cost; both are printed.
double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double peakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// One synthetic mention, compactly, so generating does not dominate the peak memory.
struct Spec {
  std::uint32_t subject, object, relation, doc, sentence;
  std::uint8_t modality;
  bool negated;
  float confidence;
};

double cpu_mark = 0;

void report(const char* phase, double secs, std::size_t items, const char* unit) {
  double cpu = cpuSeconds();
  std::printf("%-16s %8.3f s wall %8.3f s cpu", phase, secs, cpu - cpu_mark);
  cpu_mark = cpu;
  if (items > 0) std::printf("  %12.0f %s/s", static_cast<double>(items) / secs, unit);
  std::printf("  peak RSS %7.1f MB\n", peakRssMb());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  bool merge_only = false;
  if (argc > 1 && std::string(argv[argc - 1]) == "--merge-only") {
    merge_only = true;
    --argc;
  }
  const std::size_t mentions = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1000000;
  const std::size_t actors = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 10000;
  const std::size_t relations = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 50;
  const std::size_t documents = 100;
  if (mentions == 0 || actors < 2 || relations == 0) {
    std::fprintf(stderr, "usage: bench_merge [MENTIONS>0] [ACTORS>=2] [RELATIONS>0]\n");
    return 2;
  }
  std::printf("bench_merge: %zu mentions, %zu actors, %zu relations, %zu documents\n", mentions,
              actors, relations, documents);

  // ---- generate ------------------------------------------------------------
  cpu_mark = cpuSeconds();
  auto t0 = Clock::now();
  std::mt19937_64 rng(20240601);
  // Zipf (s = 1) over actor ranks: a few actors are in most mentions.
  std::vector<double> cdf(actors);
  double total = 0;
  for (std::size_t i = 0; i < actors; ++i) cdf[i] = (total += 1.0 / static_cast<double>(i + 1));
  std::uniform_real_distribution<double> uni(0.0, total);
  auto zipf = [&] {
    return static_cast<std::uint32_t>(std::lower_bound(cdf.begin(), cdf.end(), uni(rng)) - cdf.begin());
  };
  std::vector<std::string> actor_names(actors), relation_names(relations);
  for (std::size_t i = 0; i < actors; ++i) actor_names[i] = "Actor " + std::to_string(i);
  for (std::size_t i = 0; i < relations; ++i) relation_names[i] = "relation-" + std::to_string(i);
  std::vector<Spec> specs(mentions);
  for (std::size_t i = 0; i < mentions; ++i) {
    Spec& s = specs[i];
    s.subject = zipf();
    do s.object = zipf(); while (s.object == s.subject);
    s.relation = static_cast<std::uint32_t>(std::min<std::size_t>(relations - 1, zipf() % relations));
    s.doc = static_cast<std::uint32_t>(rng() % documents);
    s.sentence = static_cast<std::uint32_t>(i);
    s.modality = static_cast<std::uint8_t>(rng() % 5);
    s.negated = rng() % 10 == 0;
    s.confidence = static_cast<float>(0.5 + 0.5 * static_cast<double>(rng() % 1000) / 1000.0);
  }
  // 1% exact repeats: merging must count them once.
  for (std::size_t i = 0; i < mentions / 100; ++i) specs[rng() % mentions] = specs[rng() % mentions];
  report("generate", seconds(t0), mentions, "mentions");

  // ---- merge ---------------------------------------------------------------
  t0 = Clock::now();
  kg::graph::KnowledgeGraph g;
  kg::graph::Triple t;
  std::size_t added = 0;
  for (const Spec& s : specs) {
    const std::size_t offset = static_cast<std::size_t>(s.sentence) * 120;
    t.doc = "doc" + std::to_string(s.doc) + ".txt";
    t.subject = actor_names[s.subject];
    t.subject_text = actor_names[s.subject];
    t.object = actor_names[s.object];
    t.object_text = actor_names[s.object];
    t.relation = relation_names[s.relation];
    t.lemma = relation_names[s.relation];
    t.sentence = t.subject + " " + t.relation + " " + t.object + " (sentence " +
                 std::to_string(s.sentence % 5000) + ").";
    t.sentence_offset = {offset, offset + t.sentence.size()};
    t.subject_span = {offset, offset + t.subject.size()};
    t.object_span = {offset + 40, offset + 40 + t.object.size()};
    t.subject_type = kg::graph::ActorType::Country;
    t.object_type = kg::graph::ActorType::Person;
    t.negated = s.negated;
    t.modality = static_cast<kg::graph::Modality>(s.modality);
    t.confidence = s.confidence;
    t.extractor = "bench";
    if (g.add(t)) ++added;
  }
  const double add_secs = seconds(t0);
  // The first query derives actors, relations and the Boost.Graph adjacency: part of the merge.
  const std::size_t actor_count = g.actorCount();
  const std::size_t relation_count = g.relationCount();
  const double merge_secs = seconds(t0);
  std::printf("  add(): %.3f s, derive graph: %.3f s\n", add_secs, merge_secs - add_secs);
  report("merge", merge_secs, mentions, "mentions");
  std::printf("  -> %zu actors, %zu relations, %zu distinct mentions\n", actor_count,
              relation_count, added);
  specs.clear();
  specs.shrink_to_fit();

  if (merge_only) return 0;

  // ---- queries (one of each heavy kind) ------------------------------------
  t0 = Clock::now();
  auto top = g.top(kg::graph::Centrality::PageRank, 5);
  report("pagerank", seconds(t0), 0, "");
  if (!top.empty()) std::printf("  top actor by PageRank: %s\n", g.actor(top[0].actor).name.c_str());

  // ---- export --------------------------------------------------------------
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("kg_bench_merge_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  int status = 0;
  for (const char* format : {"json", "graphml", "dot"}) {
    std::filesystem::path path = dir / (std::string("graph.") + format);
    t0 = Clock::now();
    try {
      kg::exporters::writeGraph(g, format, path);
      std::string phase = std::string("export ") + format;
      report(phase.c_str(), seconds(t0), relation_count, "relations");
      std::printf("  -> %s, %.1f MB\n", path.c_str(),
                  static_cast<double>(std::filesystem::file_size(path)) / 1e6);
    } catch (const kg::Error& e) {
      std::printf("export %s failed: %s\n", format, e.what());
      status = 1;
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::printf("peak RSS %.1f MB\n", peakRssMb());
  return status;
}
