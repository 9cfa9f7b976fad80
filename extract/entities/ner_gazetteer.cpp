#include "extract/entities/ner_gazetteer.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <numeric>
#include <sstream>

#include "extract/nlp/perceptron.h"
#include "graph/error.h"

namespace kg::extract::entities {
namespace {

// Lower-case words of `s`: runs of ASCII letters and digits, and of non-ASCII bytes.
std::vector<std::string> normalisedWords(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c >= 0x80) {
      cur += static_cast<char>(std::tolower(c));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string join(const std::vector<std::string>& words, std::size_t first, std::size_t last) {
  std::string out;
  for (std::size_t i = first; i < last; ++i) {
    if (i > first) out += ' ';
    out += words[i];
  }
  return out;
}

// Splits one CSV line (quoted fields with "" escapes).
std::vector<std::string> csvFields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

// Words that end company names without being the name ("Google, Inc." -> "Google").
bool corporateSuffix(const std::string& w) {
  static const std::vector<std::string> suffixes = {
      "inc", "incorporated", "corp", "corporation", "co", "ltd", "llc", "limited", "company",
      "gmbh", "ag", "sa", "srl", "bv", "nv", "plc", "pty", "pvt", "kg", "oy", "ab", "spa",
      "sas", "lp", "llp", "pte", "kk", "jsc", "ooo", "se", "s", "a", "l", "de", "cv"};
  return std::find(suffixes.begin(), suffixes.end(), w) != suffixes.end();
}

}  // namespace

void NerGazetteer::add(std::string_view phrase, std::uint8_t types) {
  auto words = normalisedWords(phrase);
  if (words.empty() || words.size() > 8 || types == 0) return;
  keys_.push_back(perceptron::hashString(join(words, 0, words.size())));
  types_.push_back(types);
  max_words_ = std::max<std::uint32_t>(max_words_, static_cast<std::uint32_t>(words.size()));
}

void NerGazetteer::loadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw kg::InputError(path, "cannot be opened for reading");
  bool csv = path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
  bool tsv = path.size() >= 4 && path.compare(path.size() - 4, 4, ".tsv") == 0;
  std::string base = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  bool wordnet = base.rfind("data.", 0) == 0;
  std::string line;
  std::size_t line_no = 0;
  std::size_t before = keys_.size();
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (csv) {
      // Registry,Assignment,Organization Name,Organization Address
      if (line_no == 1) {
        if (line.rfind("Registry,", 0) != 0) throw kg::InputError(path, line_no, "not an IEEE registry CSV");
        continue;
      }
      if (line.empty()) continue;
      // A quoted field may hold line breaks: read on until the quotes balance.
      std::string record = line;
      std::string more;
      while (std::count(record.begin(), record.end(), '"') % 2 == 1 && std::getline(in, more)) {
        ++line_no;
        if (!more.empty() && more.back() == '\r') more.pop_back();
        record += ' ' + more;
      }
      auto fields = csvFields(record);
      if (fields.size() < 3) throw kg::InputError(path, line_no, "expected at least 3 CSV fields");
      auto words = normalisedWords(fields[2]);
      if (words.empty() || words[0] == "private" || words[0] == "ieee") continue;
      add(fields[2], kOrg);
      std::size_t n = words.size();
      while (n > 1 && corporateSuffix(words[n - 1])) --n;
      if (n < words.size() && (n > 1 || words[0].size() >= 3)) add(join(words, 0, n), kOrg);
      continue;
    }
    if (tsv) {
      // A typed name list: "ORG<TAB>Burger King", one name a line.
      if (line.empty()) continue;
      std::size_t tab = line.find('\t');
      if (tab == std::string::npos) throw kg::InputError(path, line_no, "expected TYPE<TAB>name");
      std::string type = line.substr(0, tab);
      std::uint8_t types = type == "PER" ? kPer : type == "ORG" ? kOrg : type == "LOC" ? kLoc : 0;
      if (types == 0)
        throw kg::InputError(path, line_no, "unknown type \"" + type + "\" (PER, ORG or LOC)");
      add(std::string_view(line).substr(tab + 1), types);
      continue;
    }
    if (!wordnet) {
      // A word list: capitalised entries, possessives left out ("Tampa", not "Tampa's").
      if (line.empty()) continue;
      if (line.find_first_of(" \t") != std::string::npos)
        throw kg::InputError(path, line_no, "expected one word a line");
      if (std::isupper(static_cast<unsigned char>(line[0])) && line.find('\'') == std::string::npos)
        add(line, kName);
      continue;
    }
    // WordNet data.noun: offset lexfile type count(hex) {word lex_id} pointer_count {pointer}...
    if (line.empty() || line[0] == ' ') continue;  // licence header
    std::istringstream ss(line);
    std::string offset, lexfile, type, count_hex;
    if (!(ss >> offset >> lexfile >> type >> count_hex))
      throw kg::InputError(path, line_no, "expected a WordNet synset line");
    unsigned long count = 0;
    try {
      count = std::stoul(count_hex, nullptr, 16);
    } catch (const std::exception&) {
      throw kg::InputError(path, line_no, "bad word count \"" + count_hex + "\"");
    }
    std::vector<std::string> words;
    for (unsigned long i = 0; i < count; ++i) {
      std::string word, lex_id;
      if (!(ss >> word >> lex_id)) throw kg::InputError(path, line_no, "truncated synset");
      words.push_back(word);
    }
    bool instance = line.find(" @i ") != std::string::npos;
    std::uint8_t types = lexfile == "14" ? kOrg : lexfile == "15" ? kLoc : lexfile == "18" && instance ? kPer : 0;
    if (types == 0) continue;
    for (std::string& w : words) {
      if (w.empty() || !std::isupper(static_cast<unsigned char>(w[0]))) continue;  // proper nouns only
      std::replace(w.begin(), w.end(), '_', ' ');
      add(w, types);
    }
  }
  if (keys_.size() == before) throw kg::InputError(path, "no names found");
  finish();
}

void NerGazetteer::finish() {
  std::vector<std::size_t> order(keys_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys_[a] < keys_[b]; });
  std::vector<std::uint64_t> keys;
  std::vector<std::uint8_t> types;
  for (std::size_t i : order) {
    if (!keys.empty() && keys.back() == keys_[i]) {
      types.back() |= types_[i];
    } else {
      keys.push_back(keys_[i]);
      types.push_back(types_[i]);
    }
  }
  keys_ = std::move(keys);
  types_ = std::move(types);
  reindex();
}

void NerGazetteer::reindex() {
  index_ = perceptron::FlatMap();
  index_.reserve(keys_.size());
  for (std::size_t i = 0; i < keys_.size(); ++i) index_.set(keys_[i], static_cast<std::uint32_t>(i));
}

void NerGazetteer::removeWords(const std::vector<std::string>& words) {
  std::vector<std::uint64_t> drop;
  for (const std::string& w : words) {
    auto norm = normalisedWords(w);
    if (norm.size() == 1) drop.push_back(perceptron::hashString(norm[0]));
  }
  std::sort(drop.begin(), drop.end());
  std::size_t out = 0;
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (std::binary_search(drop.begin(), drop.end(), keys_[i])) continue;
    keys_[out] = keys_[i];
    types_[out] = types_[i];
    ++out;
  }
  keys_.resize(out);
  types_.resize(out);
  reindex();
}

std::vector<std::string> NerGazetteer::tags(const std::vector<std::string>& words) const {
  std::vector<std::string> out(words.size());
  if (keys_.empty()) return out;
  std::vector<std::vector<std::string>> norm(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) norm[i] = normalisedWords(words[i]);
  auto typeName = [](std::uint8_t t) {
    if ((t & (kLoc | kOrg | kPer)) == 0) return std::string(t & kName ? "NAME" : "");
    std::string s;
    for (auto [bit, name] : {std::pair{kLoc, "LOC"}, {kOrg, "ORG"}, {kPer, "PER"}})
      if (t & bit) s += (s.empty() ? "" : "+") + std::string(name);
    return s;
  };
  for (std::size_t i = 0; i < words.size();) {
    if (norm[i].empty()) {
      ++i;
      continue;
    }
    perceptron::StringHash phrase;  // the words from i to j, space-separated
    bool empty = true;
    std::size_t count = 0, best_last = 0;
    std::uint8_t best_types = 0;
    for (std::size_t j = i; j < words.size(); ++j) {
      if (norm[j].empty()) continue;
      count += norm[j].size();
      if (count > max_words_) break;
      for (const std::string& w : norm[j]) {
        if (!empty) phrase.add(" ");
        phrase.add(w);
        empty = false;
      }
      constexpr std::uint32_t kAbsent = 0xffffffffu;
      std::uint32_t at = index_.get(phrase.value(), kAbsent);
      if (at != kAbsent) {
        best_last = j + 1;
        best_types = types_[at];
      }
    }
    if (best_last == 0) {
      ++i;
      continue;
    }
    std::string t = typeName(best_types);
    if (best_last - i == 1) {
      out[i] = "U-" + t;
    } else {
      out[i] = "B-" + t;
      for (std::size_t k = i + 1; k + 1 < best_last; ++k) out[k] = "I-" + t;
      out[best_last - 1] = "L-" + t;
    }
    i = best_last;
  }
  return out;
}

void NerGazetteer::save(ModelWriter& out) const {
  out.writeVector(keys_);
  out.writeVector(types_);
  out.write<std::uint32_t>(max_words_);
}

NerGazetteer NerGazetteer::load(ModelReader& in) {
  NerGazetteer g;
  g.keys_ = in.readVector<std::uint64_t>();
  g.types_ = in.readVector<std::uint8_t>();
  g.max_words_ = in.read<std::uint32_t>();
  if (g.types_.size() != g.keys_.size()) in.fail("gazetteer types do not match its phrases");
  if (!std::is_sorted(g.keys_.begin(), g.keys_.end())) in.fail("gazetteer phrases are not sorted");
  if (g.max_words_ > 8) in.fail("gazetteer phrase too long");
  g.reindex();
  return g;
}

}  // namespace kg::extract::entities
