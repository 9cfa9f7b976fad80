#include "extract/nlp/conllu.h"

#include <charconv>
#include <string_view>

#include "graph/error.h"

namespace kg::extract {
namespace {

std::vector<std::string_view> splitTabs(std::string_view line) {
  std::vector<std::string_view> cols;
  std::size_t start = 0;
  while (true) {
    std::size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      cols.push_back(line.substr(start));
      return cols;
    }
    cols.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

bool parseInt(std::string_view s, int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

ConlluReader::ConlluReader(const std::string& path)
    : owned_(std::make_unique<std::ifstream>(path, std::ios::binary)), in_(owned_.get()),
      name_(path) {
  if (!*owned_) throw InputError(path, "cannot be opened for reading");
}

ConlluReader::ConlluReader(std::istream& in, std::string name) : in_(&in), name_(std::move(name)) {}

bool ConlluReader::next(Sentence& out) {
  out = Sentence{};
  std::string line;
  bool any = false;
  while (std::getline(*in_, line)) {
    ++line_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (!any) continue;
      for (const Token& t : out.tokens) {
        if (t.head > static_cast<int>(out.tokens.size())) {
          throw InputError(name_, line_, "head " + std::to_string(t.head) + " beyond sentence end");
        }
      }
      return true;
    }
    any = true;
    if (line[0] == '#') {
      std::string_view c(line);
      c.remove_prefix(1);
      if (!c.empty() && c[0] == ' ') c.remove_prefix(1);
      out.comments.emplace_back(c);
      if (c.substr(0, 7) == "text = ") out.text = std::string(c.substr(7));
      continue;
    }
    auto cols = splitTabs(line);
    if (cols.size() != 10) {
      throw InputError(name_, line_, "expected 10 tab-separated columns, found " +
                                         std::to_string(cols.size()));
    }
    std::string_view id = cols[0];
    if (id.find('.') != std::string_view::npos) continue;  // empty node
    if (auto dash = id.find('-'); dash != std::string_view::npos) {
      MultiwordToken mwt;
      if (!parseInt(id.substr(0, dash), mwt.first) || !parseInt(id.substr(dash + 1), mwt.last)) {
        throw InputError(name_, line_, "bad multiword id '" + std::string(id) + "'");
      }
      mwt.form = std::string(cols[1]);
      mwt.misc = std::string(cols[9]);
      out.multiword.push_back(std::move(mwt));
      continue;
    }
    int n = 0;
    if (!parseInt(id, n) || n != static_cast<int>(out.tokens.size()) + 1) {
      throw InputError(name_, line_, "word id '" + std::string(id) + "' out of sequence");
    }
    Token t;
    t.form = std::string(cols[1]);
    t.lemma = std::string(cols[2]);
    t.upos = std::string(cols[3]);
    t.xpos = std::string(cols[4]);
    t.feats = std::string(cols[5]);
    if (cols[6] == "_") {
      t.head = -1;
    } else if (!parseInt(cols[6], t.head) || t.head < 0) {
      throw InputError(name_, line_, "bad head '" + std::string(cols[6]) + "'");
    }
    t.deprel = std::string(cols[7]);
    t.misc = std::string(cols[9]);
    t.space_after = t.misc.find("SpaceAfter=No") == std::string::npos;
    out.tokens.push_back(std::move(t));
  }
  if (in_->bad()) throw InputError(name_, line_, "read error");
  if (any) {
    for (const Token& t : out.tokens) {
      if (t.head > static_cast<int>(out.tokens.size())) {
        throw InputError(name_, line_, "head " + std::to_string(t.head) + " beyond sentence end");
      }
    }
  }
  return any;
}

std::vector<Sentence> readConllu(const std::string& path) {
  ConlluReader reader(path);
  std::vector<Sentence> out;
  Sentence s;
  while (reader.next(s)) out.push_back(std::move(s));
  return out;
}

std::vector<Sentence> readConllu(const std::vector<std::string>& paths) {
  std::vector<Sentence> out;
  for (const std::string& path : paths) {
    ConlluReader reader(path);
    Sentence s;
    while (reader.next(s)) out.push_back(std::move(s));
  }
  return out;
}

void writeConllu(std::ostream& out, const Sentence& s) {
  auto field = [](const std::string& v) -> const std::string& {
    static const std::string kEmpty = "_";
    return v.empty() ? kEmpty : v;
  };
  bool has_text = false;
  for (const auto& c : s.comments) {
    out << "# " << c << '\n';
    if (c.rfind("text = ", 0) == 0) has_text = true;
  }
  if (!has_text && !s.text.empty()) out << "# text = " << s.text << '\n';
  std::size_t m = 0;
  for (std::size_t i = 0; i < s.tokens.size(); ++i) {
    int id = static_cast<int>(i) + 1;
    while (m < s.multiword.size() && s.multiword[m].first == id) {
      const auto& w = s.multiword[m++];
      out << w.first << '-' << w.last << '\t' << w.form << "\t_\t_\t_\t_\t_\t_\t_\t"
          << field(w.misc) << '\n';
    }
    const Token& t = s.tokens[i];
    std::string misc = t.misc;
    if (misc.empty() || misc == "_") misc = t.space_after ? "_" : "SpaceAfter=No";
    out << id << '\t' << t.form << '\t' << field(t.lemma) << '\t' << field(t.upos) << '\t'
        << field(t.xpos) << '\t' << field(t.feats) << '\t'
        << (t.head < 0 ? std::string("_") : std::to_string(t.head)) << '\t' << field(t.deprel)
        << "\t_\t" << misc << '\n';
  }
  out << '\n';
}

std::string newdocId(const std::string& comment) {
  auto eq = comment.find('=');
  if (eq == std::string::npos) return "";
  auto first = comment.find_first_not_of(" \t", eq + 1);
  if (first == std::string::npos) return "";
  auto last = comment.find_last_not_of(" \t\r");
  return comment.substr(first, last - first + 1);
}

}  // namespace kg::extract
