#include "extract/text/reader.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>

#include "extract/text/cleanup.h"
#include "graph/error.h"

namespace fs = std::filesystem;

namespace kg::extract {

namespace {

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Reads bytes from a file (plain or gzip, detected by zlib) or from stdin.
class ByteSource {
 public:
  explicit ByteSource(const std::string& path) : path_(path) {
    if (path == "-") {
      stdin_ = true;
      return;
    }
    gz_ = gzopen(path.c_str(), "rb");
    if (!gz_) throw InputError(path, "cannot be opened for reading");
    gzbuffer(gz_, 1 << 17);
  }
  ~ByteSource() {
    if (gz_) gzclose(gz_);
  }
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Reads up to n bytes; 0 at the end. Throws InputError on a read error or a truncated .gz.
  std::size_t read(char* buf, std::size_t n) {
    if (stdin_) {
      std::cin.read(buf, static_cast<std::streamsize>(n));
      return static_cast<std::size_t>(std::cin.gcount());
    }
    int got = gzread(gz_, buf, static_cast<unsigned>(std::min<std::size_t>(n, 1u << 30)));
    int errnum = Z_OK;
    const char* msg = gzerror(gz_, &errnum);
    if (got < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
      std::string m = msg ? msg : "read error";
      if (errnum == Z_BUF_ERROR || m.find("unexpected end") != std::string::npos)
        throw InputError(path_, "truncated gzip data (" + m + ")");
      throw InputError(path_, "cannot be read (" + m + ")");
    }
    return static_cast<std::size_t>(got);
  }

 private:
  std::string path_;
  gzFile gz_ = nullptr;
  bool stdin_ = false;
};

std::string readAll(const std::string& path, std::size_t limit) {
  ByteSource src(path);
  std::string out;
  std::vector<char> buf(1 << 17);
  while (std::size_t n = src.read(buf.data(), buf.size())) {
    out.append(buf.data(), n);
    if (out.size() > limit) throw InputError(path, "document larger than " + std::to_string(limit) + " bytes");
  }
  return out;
}

// Returns false (with a warning) if the document must be skipped; warns about invalid UTF-8.
bool checkText(const std::string& where, const std::string& raw, std::ostream& warnings) {
  if (std::memchr(raw.data(), 0, raw.size())) {
    warnings << "warning: " << where << ": contains NUL bytes (binary file?), skipped\n";
    return false;
  }
  std::size_t bad = findInvalidUtf8(raw);
  if (bad != std::string::npos)
    warnings << "warning: " << where << ": invalid UTF-8 at byte " << bad
             << ", replaced by U+FFFD\n";
  return true;
}

void readTextFile(const std::string& path, const ReadOptions& options,
                  const std::function<void(Document&&)>& sink, std::ostream& warnings) {
  Document doc;
  doc.name = path;
  doc.raw = readAll(path, options.max_document_bytes);
  if (!checkText(path, doc.raw, warnings)) return;
  sink(std::move(doc));
}

std::string jsonString(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  if (v.IsDouble()) return std::to_string(v.GetDouble());
  return {};
}

void readJsonl(const std::string& path, const ReadOptions& options,
               const std::function<void(Document&&)>& sink, std::ostream& warnings) {
  ByteSource src(path);
  std::vector<char> buf(1 << 17);
  std::string line;
  std::size_t line_no = 0;
  auto handle = [&](std::string& l) {
    ++line_no;
    if (!l.empty() && l.back() == '\r') l.pop_back();
    if (l.find_first_not_of(" \t") == std::string::npos) return;  // blank line
    rapidjson::Document j;
    j.Parse(l.data(), l.size());
    if (j.HasParseError())
      throw InputError(path, line_no,
                       std::string("invalid JSON (") + rapidjson::GetParseError_En(j.GetParseError()) +
                           " at column " + std::to_string(j.GetErrorOffset() + 1) + ")");
    if (!j.IsObject()) throw InputError(path, line_no, "expected a JSON object");
    auto text = j.FindMember("text");
    if (text == j.MemberEnd() || !text->value.IsString())
      throw InputError(path, line_no, "missing string field \"text\"");
    Document doc;
    auto id = j.FindMember("id");
    doc.name = id != j.MemberEnd() ? jsonString(id->value) : std::string();
    if (doc.name.empty()) doc.name = path + ":" + std::to_string(line_no);
    doc.raw.assign(text->value.GetString(), text->value.GetStringLength());
    for (const char* key : {"title", "date", "source", "url"}) {
      auto m = j.FindMember(key);
      if (m != j.MemberEnd()) {
        std::string v = jsonString(m->value);
        if (!v.empty()) doc.meta[key] = v;
      }
    }
    if (!checkText(path + ":" + std::to_string(line_no) + " (" + doc.name + ")", doc.raw, warnings)) return;
    sink(std::move(doc));
  };
  while (std::size_t n = src.read(buf.data(), buf.size())) {
    std::size_t start = 0;
    for (;;) {
      const char* nl = static_cast<const char*>(std::memchr(buf.data() + start, '\n', n - start));
      if (!nl) {
        line.append(buf.data() + start, n - start);
        if (line.size() > options.max_document_bytes)
          throw InputError(path, line_no + 1, "line longer than " + std::to_string(options.max_document_bytes) + " bytes");
        break;
      }
      std::size_t end = static_cast<std::size_t>(nl - buf.data());
      line.append(buf.data() + start, end - start);
      handle(line);
      line.clear();
      start = end + 1;
    }
  }
  if (!line.empty()) handle(line);
}

bool isJsonl(std::string_view path) {
  return endsWith(path, ".jsonl") || endsWith(path, ".jsonl.gz") || endsWith(path, ".ndjson") ||
         endsWith(path, ".ndjson.gz");
}

void readFile(const std::string& path, const ReadOptions& options,
              const std::function<void(Document&&)>& sink, std::ostream& warnings) {
  if (isJsonl(path))
    readJsonl(path, options, sink, warnings);
  else
    readTextFile(path, options, sink, warnings);
}

bool selected(const fs::path& p, const ReadOptions& options) {
  std::string name = p.filename().string();
  if (name.empty() || name[0] == '.') return false;
  std::string plain = endsWith(name, ".gz") ? name.substr(0, name.size() - 3) : name;
  for (const std::string& g : options.globs)
    if (globMatch(g, name) || globMatch(g, plain)) return true;
  return false;
}

}  // namespace

bool globMatch(std::string_view pattern, std::string_view name) {
  std::size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '[') {
      std::size_t close = pattern.find(']', p + 1);
      if (close != std::string_view::npos) {
        std::string_view set = pattern.substr(p + 1, close - p - 1);
        bool neg = !set.empty() && (set[0] == '!' || set[0] == '^');
        if (neg) set.remove_prefix(1);
        bool hit = false;
        for (std::size_t k = 0; k < set.size(); ++k) {
          if (k + 2 < set.size() && set[k + 1] == '-') {
            if (name[n] >= set[k] && name[n] <= set[k + 2]) hit = true;
            k += 2;
          } else if (set[k] == name[n]) {
            hit = true;
          }
        }
        if (hit != neg) {
          p = close + 1;
          ++n;
          continue;
        }
      }
    } else if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
      ++p;
      ++n;
      continue;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
      continue;
    }
    if (star == std::string_view::npos) return false;
    p = star + 1;
    n = ++mark;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

void readInputs(const std::vector<std::string>& inputs, const ReadOptions& options,
                const std::function<void(Document&&)>& sink, std::ostream& warnings) {
  for (const std::string& input : inputs) {
    if (input == "-") {
      readTextFile(input, options, sink, warnings);
      continue;
    }
    std::error_code ec;
    fs::file_status st = fs::status(input, ec);
    if (ec || !fs::exists(st)) throw InputError(input, "no such file or directory");
    if (fs::is_directory(st)) {
      std::vector<fs::path> files;
      fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec);
      if (ec) throw InputError(input, "cannot be listed (" + ec.message() + ")");
      for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) throw InputError(input, "cannot be listed (" + ec.message() + ")");
        if (it->is_regular_file(ec) && selected(it->path(), options)) files.push_back(it->path());
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) readFile(f.string(), options, sink, warnings);
      continue;
    }
    readFile(input, options, sink, warnings);
  }
}

}  // namespace kg::extract
