// kg's error family. Libraries throw; only cli/main.cpp catches, prints
// "kg: <message>" and returns the exit code.
//
//   if (!in) throw kg::InputError(path, "cannot be opened for reading");
//   // -> "samples/x.txt: cannot be opened for reading", exit code 1
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace kg {

// Process exit codes: 0 ok, 1 error, 2 usage.
enum ExitCode : int { kExitOk = 0, kExitError = 1, kExitUsage = 2 };

// Base of every error kg throws; carries the exit code the CLI returns.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, int exit_code = kExitError)
      : std::runtime_error(message), exit_code_(exit_code) {}
  // The process exit code for this error.
  int exitCode() const { return exit_code_; }

 private:
  int exit_code_;
};

// The command line was wrong (unknown format, missing argument): exit code 2.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(message, kExitUsage) {}
};

// A file (or stream) could not be read, or its content is malformed.
// The message always starts with the file name, and the line when known:
// "graph.json:12: expected an object".
class InputError : public Error {
 public:
  InputError(const std::string& file, const std::string& problem)
      : Error(file + ": " + problem) {}
  InputError(const std::string& file, std::size_t line, const std::string& problem)
      : Error(file + ":" + std::to_string(line) + ": " + problem) {}
};

// An output could not be written (bad directory, disk full).
class OutputError : public Error {
 public:
  OutputError(const std::string& file, const std::string& problem)
      : Error(file + ": " + problem) {}
};

}  // namespace kg
