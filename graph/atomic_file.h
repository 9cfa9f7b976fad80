// Writes an output file so that readers never see half of it: the content
// goes to a temporary file beside the target, renamed into place on commit().
// If commit() is never called (an exception), the temporary file is removed
// and the previous target, if any, is untouched.
//
//   kg::AtomicFile out("out/graph.dot");
//   out.stream() << text;        // or fwrite(..., out.file())
//   out.commit();                // throws kg::OutputError on failure
#pragma once

#include <cstdio>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

namespace kg {

class AtomicFile {
 public:
  // Opens a temporary file next to `target`; throws OutputError if the
  // directory does not exist or is not writable. "-" means standard output
  // (written directly, commit() flushes).
  explicit AtomicFile(const std::filesystem::path& target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // A C++ stream onto the temporary file.
  std::ostream& stream();
  // The same file as a C FILE*, for C libraries (libcgraph's agwrite).
  // Do not mix stream() and file() on one AtomicFile.
  std::FILE* file();
  // Flushes, checks for write errors, and renames the temporary file onto the target.
  void commit();
  // The path being written.
  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::FILE* fp_ = nullptr;
  bool is_stdout_ = false;
  bool committed_ = false;
  struct StreamBuf;
  std::unique_ptr<StreamBuf> buf_;
  std::unique_ptr<std::ostream> stream_;
};

// Writes `content` to `target` atomically.
void writeFileAtomically(const std::filesystem::path& target, const std::string& content);

}  // namespace kg
