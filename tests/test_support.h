// Internal to tests/: paths to data and helpers shared by the test files.
#pragma once

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/app.h"

namespace kg::test {

inline std::filesystem::path samplesDir() { return KG_SAMPLES_DIR; }
inline std::filesystem::path sourceDir() { return KG_SOURCE_DIR; }
inline std::filesystem::path testDataDir() { return KG_TEST_DATA_DIR; }
inline std::filesystem::path kgBinary() { return KG_BINARY; }

// ../shared (treebanks, schemas, gold triples), or nullopt when it is absent, as on a
// user's machine. Tests that need it print why they skip and return.
inline std::optional<std::filesystem::path> sharedDir() {
  std::filesystem::path p = KG_SHARED_DIR;
  if (std::filesystem::is_directory(p)) return p;
  return std::nullopt;
}

#define KG_REQUIRE_SHARED(var)                                                      \
  auto var##_opt = ::kg::test::sharedDir();                                        \
  if (!var##_opt) {                                                                 \
    MESSAGE("skipped: ../shared not found (treebanks, schemas); CI provides it"); \
    return;                                                                         \
  }                                                                                 \
  const std::filesystem::path& var = *var##_opt

// Skips the test (with a message) when the model file `path` is not there.
#define KG_REQUIRE_MODEL(path)                                        \
  if (!std::filesystem::exists(path)) {                               \
    MESSAGE("skipped: model " << (path) << " missing (kg train ...)"); \
    return;                                                           \
  }

// A fresh empty directory under the build tree, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("kg_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// A field of a case file without its surrounding spaces (and a CR).
inline std::string trimmedField(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

inline std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void writeFile(const std::filesystem::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary);
  out << content;
}

// Runs `kg args...` in-process.
struct CliResult {
  int code = 0;
  std::string out;
  std::string err;
};
inline CliResult runKg(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  CliResult r;
  r.code = kg::cli::run(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// Runs a shell command, returning its exit status and combined output.
inline CliResult runShell(const std::string& command) {
  CliResult r;
  std::string cmd = command + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) {
    r.code = -1;
    return r;
  }
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace kg::test
