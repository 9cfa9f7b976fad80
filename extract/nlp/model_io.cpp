#include "extract/nlp/model_io.h"

#include <fstream>
#include <sstream>

namespace kg::extract {

ModelWriter::ModelWriter(const std::string& path, std::string_view magic, std::uint32_t version)
    : out_(std::make_unique<kg::AtomicFile>(path)) {
  std::string m(magic);
  m.resize(8, ' ');
  out_->stream().write(m.data(), 8);
  write<std::uint32_t>(version);
}

void ModelWriter::writeString(std::string_view s) {
  write<std::uint32_t>(static_cast<std::uint32_t>(s.size()));
  out_->stream().write(s.data(), static_cast<std::streamsize>(s.size()));
}

void ModelWriter::writeStrings(const std::vector<std::string>& v) {
  write<std::uint64_t>(v.size());
  for (const auto& s : v) writeString(s);
}

void ModelWriter::commit() { out_->commit(); }

ModelReader::ModelReader(const std::string& path, std::string_view magic, std::uint32_t oldest,
                         std::uint32_t newest)
    : path_(path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot open model file");
  std::ostringstream ss;
  ss << in.rdbuf();
  data_ = ss.str();
  std::string m(magic);
  m.resize(8, ' ');
  if (data_.size() < 12 || data_.compare(0, 8, m) != 0) {
    fail("not a kg model of this kind (expected magic '" + std::string(magic) + "')");
  }
  pos_ = 8;
  auto v = read<std::uint32_t>();
  if (v < oldest || v > newest) {
    std::string readable = oldest == newest ? "version " + std::to_string(newest)
                                            : "versions " + std::to_string(oldest) + " to " +
                                                  std::to_string(newest);
    fail("model version " + std::to_string(v) + ", this kg reads " + readable +
         " (retrain or update kg)");
  }
  version_ = v;
}

std::string ModelReader::readString() {
  auto n = read<std::uint32_t>();
  need(n);
  std::string s = data_.substr(pos_, n);
  pos_ += n;
  return s;
}

std::vector<std::string> ModelReader::readStrings() {
  auto n = read<std::uint64_t>();
  if (n > data_.size() - pos_) fail("truncated or corrupt (list length)");
  std::vector<std::string> v;
  v.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) v.push_back(readString());
  return v;
}

void ModelReader::expectEnd() {
  if (pos_ != data_.size()) fail("unexpected data after the end of the model");
}

void ModelReader::fail(const std::string& message) const { throw InputError(path_, message); }

void ModelReader::need(std::size_t n) const {
  if (n > data_.size() - pos_) fail("truncated model file");
}

}  // namespace kg::extract
