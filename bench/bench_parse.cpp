// Tagging + parsing throughput on one thread over the EWT test set (gold
// tokens), and the memory the loaded models take. Speeds are given both per
// wall-clock second and per second of this thread's CPU time (the CPU figure
// is the one to compare on a shared, loaded machine).
//
//   build-dir/bench_parse [CONLLU] [--tagger M] [--parser M] [--repeat N]
//
// With --repeat N the speeds are averages over the N passes, and the fastest pass
// (tag + parse, thread CPU) is given too.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "extract/nlp/conllu.h"
#include "extract/nlp/parser.h"
#include "extract/nlp/tagger.h"
#include "graph/error.h"

namespace {

// A field of /proc/self/status in kB ("VmRSS", "VmHWM"), or -1.
long statusKb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  std::size_t len = std::strlen(field);
  while (std::getline(in, line)) {
    if (line.compare(0, len, field) == 0 && line.size() > len && line[len] == ':') {
      return std::stol(line.substr(len + 1));
    }
  }
  return -1;
}

// CPU time of this thread in seconds (the machine is shared: wall time varies).
double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  std::string conllu = std::string(KG_SHARED_DIR) + "/ud/en_ewt-ud-test.conllu";
  std::string tagger_path, parser_path;
  int repeat = 1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--tagger" && i + 1 < argc) {
      tagger_path = argv[++i];
    } else if (a == "--parser" && i + 1 < argc) {
      parser_path = argv[++i];
    } else if (a == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else {
      conllu = a;
    }
  }
  try {
    auto gold = kg::extract::readConllu(conllu);
    // the words only, as the pipeline gives them to the tagger
    std::vector<kg::extract::Sentence> input;
    std::size_t words = 0;
    for (const auto& g : gold) {
      kg::extract::Sentence s;
      for (const auto& t : g.tokens) {
        kg::extract::Token w;
        w.form = t.form;
        s.tokens.push_back(w);
      }
      words += s.tokens.size();
      input.push_back(std::move(s));
    }
    long rss0 = statusKb("VmRSS");
    auto t0 = std::chrono::steady_clock::now();
    auto tagger = tagger_path.empty() ? kg::extract::Tagger::loadDefault()
                                      : kg::extract::Tagger::load(tagger_path);
    long rss1 = statusKb("VmRSS");
    auto parser = parser_path.empty() ? kg::extract::Parser::loadDefault()
                                      : kg::extract::Parser::load(parser_path);
    long rss2 = statusKb("VmRSS");
    double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    double tag_s = 0, parse_s = 0, tag_cpu = 0, parse_cpu = 0;
    double best_pass_cpu = 0;  // the fastest pass (tag + parse, thread CPU)
    std::size_t checksum = 0;
    for (int r = 0; r < repeat; ++r) {
      auto batch = input;
      double ca = threadCpuSeconds();
      auto a = std::chrono::steady_clock::now();
      for (auto& s : batch) tagger.tag(s);
      double cb = threadCpuSeconds();
      auto b = std::chrono::steady_clock::now();
      for (auto& s : batch) parser.parse(s);
      double cc = threadCpuSeconds();
      auto c = std::chrono::steady_clock::now();
      tag_cpu += cb - ca;
      parse_cpu += cc - cb;
      if (r == 0 || cc - ca < best_pass_cpu) best_pass_cpu = cc - ca;
      tag_s += std::chrono::duration<double>(b - a).count();
      parse_s += std::chrono::duration<double>(c - b).count();
      for (const auto& s : batch) {
        for (const auto& t : s.tokens) checksum += static_cast<std::size_t>(t.head);
      }
    }
    double total_words = static_cast<double>(words) * repeat;
    std::printf("bench_parse: %s, %zu sentences, %zu words, %d pass(es), one thread\n",
                conllu.c_str(), input.size(), words, repeat);
    std::printf("  load models      %8.2f s\n", load_s);
    std::printf("  (words/s)            wall  thread CPU\n");
    std::printf("  tagging          %8.0f    %8.0f\n", total_words / tag_s, total_words / tag_cpu);
    std::printf("  parsing          %8.0f    %8.0f\n", total_words / parse_s,
                total_words / parse_cpu);
    std::printf("  tagging+parsing  %8.0f    %8.0f\n", total_words / (tag_s + parse_s),
                total_words / (tag_cpu + parse_cpu));
    if (repeat > 1) {
      // on a shared machine the fastest pass is the least disturbed one
      std::printf("  best of %d passes          %8.0f\n", repeat,
                  static_cast<double>(words) / best_pass_cpu);
    }
    std::printf("  tagger RSS       %8.1f MB\n", static_cast<double>(rss1 - rss0) / 1024.0);
    std::printf("  parser RSS       %8.1f MB\n", static_cast<double>(rss2 - rss1) / 1024.0);
    std::printf("  models RSS       %8.1f MB (delta)\n", static_cast<double>(rss2 - rss0) / 1024.0);
    std::printf("  peak RSS         %8.1f MB (VmHWM, whole process)\n",
                static_cast<double>(statusKb("VmHWM")) / 1024.0);
    std::printf("  (checksum %zu)\n", checksum);
  } catch (const kg::Error& e) {
    std::fprintf(stderr, "bench_parse: %s\n", e.what());
    return e.exitCode();
  }
  return 0;
}
