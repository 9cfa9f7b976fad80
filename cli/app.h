// The kg command line (CLI11). Each subcommand lives in its own file with an
// options struct and a setup function (CLI11's subcom_in_files example), so a
// test can run any subcommand in-process:
//
//   std::ostringstream out, err;
//   int code = kg::cli::run({"query", "g.json", "neighbors", "Russia"}, out, err);
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace kg::cli {

// Where a subcommand writes its results and its diagnostics.
struct Context {
  std::ostream& out;  // results (tables, JSON, CoNLL-U, triples on "-")
  std::ostream& err;  // warnings and progress
};

// Builds the `kg` application with every subcommand registered; callbacks write to `ctx`.
std::unique_ptr<CLI::App> makeApp(Context& ctx);

// Parses and runs `args` (without the program name). Returns the exit code:
// 0 ok, 1 error (message "kg: ..." on err), 2 usage error.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace kg::cli
