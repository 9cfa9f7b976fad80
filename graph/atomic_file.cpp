#include "graph/atomic_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <streambuf>

#include "graph/error.h"

namespace kg {

// A minimal streambuf over a FILE*, so stream() and file() share one buffer.
struct AtomicFile::StreamBuf : std::streambuf {
  explicit StreamBuf(std::FILE* fp) : fp_(fp) {}
  int_type overflow(int_type c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    return std::fputc(c, fp_) == EOF ? traits_type::eof() : c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n <= 0) return 0;  // fwrite takes no null pointer, even for nothing
    return static_cast<std::streamsize>(std::fwrite(s, 1, static_cast<std::size_t>(n), fp_));
  }
  int sync() override { return std::fflush(fp_) == 0 ? 0 : -1; }
  std::FILE* fp_;
};

AtomicFile::AtomicFile(const std::filesystem::path& target) : target_(target) {
  if (target_ == "-") {
    is_stdout_ = true;
    fp_ = stdout;
    return;
  }
  std::filesystem::path dir = target_.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw OutputError(target_.string(), "directory " + dir.string() + " does not exist");
  }
  if (std::filesystem::is_directory(target_, ec)) {
    throw OutputError(target_.string(), "is a directory");
  }
  std::string pattern = (dir / ("." + target_.filename().string() + ".XXXXXX")).string();
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    throw OutputError(target_.string(), std::string("cannot create a temporary file: ") +
                                            std::strerror(errno));
  }
  temp_ = pattern;
  // mkstemp creates 0600; outputs get the usual 0666 & ~umask.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  fp_ = ::fdopen(fd, "wb");
  if (fp_ == nullptr) {
    ::close(fd);
    std::filesystem::remove(temp_, ec);
    throw OutputError(target_.string(), "cannot open a temporary file");
  }
}

AtomicFile::~AtomicFile() {
  stream_.reset();
  buf_.reset();
  if (is_stdout_ || committed_) return;
  if (fp_ != nullptr) std::fclose(fp_);
  std::error_code ec;
  std::filesystem::remove(temp_, ec);
}

std::ostream& AtomicFile::stream() {
  if (!stream_) {
    buf_ = std::make_unique<StreamBuf>(fp_);
    stream_ = std::make_unique<std::ostream>(buf_.get());
  }
  return *stream_;
}

std::FILE* AtomicFile::file() { return fp_; }

void AtomicFile::commit() {
  if (committed_) return;
  if (stream_) stream_->flush();
  bool ok = std::fflush(fp_) == 0 && !std::ferror(fp_);
  if (is_stdout_) {
    committed_ = true;
    if (!ok) throw OutputError("-", "write to standard output failed");
    return;
  }
  stream_.reset();
  buf_.reset();
  ok = (std::fclose(fp_) == 0) && ok;
  fp_ = nullptr;
  std::error_code ec;
  if (!ok) {
    std::filesystem::remove(temp_, ec);
    committed_ = true;
    throw OutputError(target_.string(), "write failed (disk full?)");
  }
  std::filesystem::rename(temp_, target_, ec);
  committed_ = true;
  if (ec) {
    std::filesystem::remove(temp_, ec);
    throw OutputError(target_.string(), "cannot rename temporary file into place: " + ec.message());
  }
}

void writeFileAtomically(const std::filesystem::path& target, const std::string& content) {
  AtomicFile out(target);
  out.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  out.commit();
}

}  // namespace kg
