// Binary model files: a magic number and a version first, then each part of
// the model saves and loads itself through these streams (fastText's
// signModel/checkModel). Little-endian, fixed-width integers; loading a wrong,
// truncated or newer file throws kg::InputError naming the file.
//
//   kg::extract::ModelWriter w(path, "KGTAGGER", 1);
//   w.write<std::uint32_t>(n); w.writeString(name); w.writeVector(weights);
//   w.commit();                                  // atomic: temp file renamed
//
//   kg::extract::ModelReader r(path, "KGTAGGER", 1);
//   auto n = r.read<std::uint32_t>(); auto name = r.readString(); ...
//   r.expectEnd();
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "graph/atomic_file.h"
#include "graph/error.h"

namespace kg::extract {

class ModelWriter {
 public:
  // Starts a model file: `magic` (8 characters) and `version` are written first.
  ModelWriter(const std::string& path, std::string_view magic, std::uint32_t version);
  // Appends a trivially copyable value.
  template <typename T>
  void write(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_->stream().write(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  // Appends a length-prefixed string.
  void writeString(std::string_view s);
  // Appends a length-prefixed vector of trivially copyable values.
  template <typename T>
  void writeVector(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    write<std::uint64_t>(v.size());
    out_->stream().write(reinterpret_cast<const char*>(v.data()),
                         static_cast<std::streamsize>(v.size() * sizeof(T)));
  }
  // Appends a length-prefixed list of strings.
  void writeStrings(const std::vector<std::string>& v);
  // Finishes the file (renames it into place); throws OutputError on failure.
  void commit();

 private:
  std::unique_ptr<kg::AtomicFile> out_;
};

class ModelReader {
 public:
  // Opens `path` and checks magic and version; throws InputError naming the file.
  ModelReader(const std::string& path, std::string_view magic, std::uint32_t version)
      : ModelReader(path, magic, version, version) {}
  // Same, accepting any version in [oldest, newest] (see version()).
  ModelReader(const std::string& path, std::string_view magic, std::uint32_t oldest,
              std::uint32_t newest);
  // The file's format version.
  std::uint32_t version() const { return version_; }
  // Reads a trivially copyable value; throws InputError("truncated") past the end.
  template <typename T>
  T read() {
    static_assert(std::is_trivially_copyable_v<T>);
    T value;
    need(sizeof(T));
    std::memcpy(&value, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  std::string readString();
  template <typename T>
  std::vector<T> readVector() {
    static_assert(std::is_trivially_copyable_v<T>);
    auto n = read<std::uint64_t>();
    if (n > (data_.size() - pos_) / sizeof(T)) fail("truncated or corrupt (vector length)");
    std::vector<T> v(n);
    if (n > 0) std::memcpy(v.data(), data_.data() + pos_, n * sizeof(T));  // no null pointer
    pos_ += n * sizeof(T);
    return v;
  }
  std::vector<std::string> readStrings();
  // Throws unless every byte was consumed.
  void expectEnd();
  // Throws InputError(path, message).
  [[noreturn]] void fail(const std::string& message) const;
  const std::string& path() const { return path_; }

 private:
  void need(std::size_t n) const;
  std::string path_;
  std::string data_;
  std::size_t pos_ = 0;
  std::uint32_t version_ = 0;
};

}  // namespace kg::extract
