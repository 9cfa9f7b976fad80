// The kg executable: everything happens in kg::cli::run.
#include <iostream>
#include <string>
#include <vector>

#include "cli/app.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  return kg::cli::run(args, std::cout, std::cerr);
}
