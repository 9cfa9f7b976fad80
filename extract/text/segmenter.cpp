#include "extract/text/segmenter.h"

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <random>
#include <unordered_set>

#include "extract/nlp/conllu.h"
#include "extract/text/boundary_model.h"
#include "extract/text/conllu_text.h"
#include "extract/text/tokenizer.h"
#include "graph/error.h"

#ifndef KG_MODELS_DIR
#define KG_MODELS_DIR "extract/models"
#endif

namespace kg::extract {

using text::Word;

namespace {

bool isSpaceByte(char c) { return static_cast<unsigned char>(c) <= 0x20; }
bool isUpperByte(char c) { return c >= 'A' && c <= 'Z'; }
bool isLowerByte(char c) { return c >= 'a' && c <= 'z'; }
bool isDigitByte(char c) { return c >= '0' && c <= '9'; }
bool isAlnumByte(char c) { return isUpperByte(c) || isLowerByte(c) || isDigitByte(c); }

bool startsWithI(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char a = s[i], b = p[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a + 32);
    if (a != b) return false;
  }
  return true;
}

// A clean-text range [begin, end) that is one paragraph.
struct Paragraph {
  std::size_t begin = 0;  // clean offset
  std::size_t end = 0;    // clean offset
  bool headline = false;  // the headline: one sentence, never split
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && isSpaceByte(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpaceByte(s.back())) s.remove_suffix(1);
  return s;
}

// Splits clean text into paragraphs: blank lines always separate; a single line
// break separates too unless the text was hard-wrapped (the next line goes on in
// lower case, or the line ends with a comma or hyphen).
void splitParagraphs(std::string_view t, std::vector<Paragraph>& out) {
  out.clear();
  std::size_t i = 0;
  bool open = false;
  Paragraph cur;
  while (i < t.size()) {
    std::size_t nl = t.find('\n', i);
    std::size_t e = nl == std::string_view::npos ? t.size() : nl;
    std::string_view line = t.substr(i, e - i);
    std::string_view tl = trim(line);
    if (tl.empty()) {
      if (open) out.push_back(cur);
      open = false;
    } else {
      std::size_t b = static_cast<std::size_t>(tl.data() - t.data());
      std::size_t le = b + tl.size();
      bool join = false;
      if (open) {
        char last = t[cur.end - 1];
        join = isLowerByte(tl.front()) || last == ',' || (last == '-' && cur.end >= 2 && isAlnumByte(t[cur.end - 2]));
      }
      if (join) {
        cur.end = le;
      } else {
        if (open) out.push_back(cur);
        cur = Paragraph{b, le, false};
        open = true;
      }
    }
    if (nl == std::string_view::npos) break;
    i = nl + 1;
  }
  if (open) out.push_back(cur);
}

std::vector<Paragraph> splitParagraphs(std::string_view t) {
  std::vector<Paragraph> out;
  splitParagraphs(t, out);
  return out;
}

// Lines that are not part of the article.
bool isBoilerplate(std::string_view l) {
  static constexpr std::string_view kPrefixes[] = {
      "comments are closed", "machine translated from", "translated from", "share this",
      "share on", "share:", "subscribe", "follow us", "click here", "sign up for",
      "read more", "related:", "related articles", "advertisement", "leave a comment",
      "leave a reply", "you may also like", "print this", "email this", "tags:", "tagged:",
      "all rights reserved", "copyright"};
  if (l == "Tags" || l == "TAGS" || l == "Share" || l == "Tweet") return true;
  for (std::string_view p : kPrefixes)
    if (startsWithI(l, p)) return true;
  if (l.size() >= 2 && l[0] == '*' && l[1] == ' ') return true;  // footnote to banned-organisation marks
  return false;
}

// "Source: Colonel Cassad" -> {"source", "Colonel Cassad"}; `value` is a part of `l`.
bool metaLine(std::string_view l, std::string_view& key, std::string_view& value) {
  static constexpr std::pair<std::string_view, std::string_view> kKeys[] = {
      {"source:", "source"}, {"author:", "author"}, {"authors:", "author"}, {"by ", "author"},
      {"written by ", "author"}, {"date:", "date"}, {"published:", "date"}};
  for (auto [prefix, k] : kKeys) {
    if (!startsWithI(l, prefix)) continue;
    std::string_view v = trim(l.substr(prefix.size()));
    if (v.empty() || v.size() > 80) return false;
    if (k == "author") {  // a name: a few capitalised words, no final stop
      if (!isUpperByte(v.front()) || v.back() == '.') return false;
      if (std::count(v.begin(), v.end(), ' ') > 5) return false;
    }
    key = k;
    value = v;
    return true;
  }
  return false;
}

// True if a line ends as a sentence does (., !, ?, … possibly before quotes/brackets).
bool hasFinalPunctuation(std::string_view l) {
  while (!l.empty()) {
    unsigned char c = static_cast<unsigned char>(l.back());
    if (c == '"' || c == '\'' || c == ')' || c == ']') {
      l.remove_suffix(1);
      continue;
    }
    if (l.size() >= 3 && (l.substr(l.size() - 3) == "\xE2\x80\x9D" || l.substr(l.size() - 3) == "\xE2\x80\x99")) {
      l.remove_suffix(3);
      continue;
    }
    break;
  }
  if (l.empty()) return false;
  char c = l.back();
  return c == '.' || c == '!' || c == '?' || c == ':' || l.ends_with("\xE2\x80\xA6");
}

// Length of a numbered paragraph marker ("1. ", "12) ") before a capital letter, or 0.
std::size_t listMarker(std::string_view l) {
  std::size_t k = 0;
  while (k < l.size() && k < 3 && isDigitByte(l[k])) ++k;
  if (k == 0 || k > 2 || k + 2 >= l.size()) return 0;
  if (l[k] != '.' && l[k] != ')') return 0;
  std::size_t m = k + 1;
  if (l[m] != ' ') return 0;
  while (m < l.size() && l[m] == ' ') ++m;
  if (m >= l.size() || !isUpperByte(l[m])) return 0;
  return m;
}

// ---------------------------------------------------------------- boundary decisions

// The form of a word of `t` (its offsets are valid: no bounds check).
std::string_view formOf(std::string_view t, const Word& w) {
  return std::string_view(t.data() + w.begin, w.end - w.begin);
}

bool isTerminal(std::string_view f) {
  if (f.empty()) return false;
  char c = f[0];
  if (c != '.' && c != '!' && c != '?' && c != '\xE2') return false;
  if (f.size() == 1) return true;
  if (f == "\xE2\x80\xA6") return true;
  if (f.size() >= 2 && f.find_first_not_of("!?") == std::string_view::npos) return true;
  if (f.size() >= 2 && f.find_first_not_of('.') == std::string_view::npos) return true;
  return false;
}

bool isClosingQuote(std::string_view f) {
  if (f.empty() || isAlnumByte(f[0])) return false;
  return f == "\"" || f == "'" || f == ")" || f == "]" || f == "\xE2\x80\x9D" ||
         f == "\xE2\x80\x99" || f == "}" || f == "\xC2\xBB";
}

// The rule: a sentence ends after word i.
bool ruleBoundary(std::string_view t, const std::vector<Word>& w, std::size_t i) {
  std::size_t n = w.size();
  if (i + 1 >= n) return true;
  if (w[i].newline_after) return true;
  std::string_view f = formOf(t, w[i]);
  std::string_view nx = formOf(t, w[i + 1]);
  bool terminal = isTerminal(f);
  if (!terminal && isClosingQuote(f) && i > 0 && !w[i - 1].space_after &&
      isTerminal(formOf(t, w[i - 1])))
    terminal = true;
  if (!terminal && f.size() > 1 && f.back() == '.' && !text::isTitleAbbreviation(f)) {
    // "U.S." or "etc." can end a sentence before a capitalised word.
    terminal = !nx.empty() && isUpperByte(nx.front()) && f.size() > 2;
  }
  if (!terminal) return false;
  // The stop is followed directly by a closing quote or bracket: the boundary comes after it.
  if (!w[i].space_after && isClosingQuote(nx)) return false;
  if (nx.empty()) return true;
  char c = nx.front();
  if (isLowerByte(c)) return false;
  if (c == ',' || c == ';' || c == ')' || c == ':' || (c == '.' && nx.size() == 1)) return false;
  return true;
}

constexpr std::uint64_t mix(std::uint64_t h) {  // splitmix64 finaliser
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

// Byte tables for the per-word pass of the boundary features.
struct ByteTables {
  unsigned char lower[256] = {};  // the byte lower-cased (A-Z only)
  unsigned char shape[256] = {};  // X upper, x lower, d digit, u non-ASCII, other bytes as is
  unsigned char alnum[256] = {};  // 1 for an ASCII letter or digit, or a byte >= 0xC3 (hasAlnum)
  unsigned char rest_class[256] = {};  // 1 for a-z, 2 for any other byte (shape fast path)
  constexpr ByteTables() {
    for (int b = 0; b < 256; ++b) {
      bool up = b >= 'A' && b <= 'Z', lo = b >= 'a' && b <= 'z', dg = b >= '0' && b <= '9';
      lower[b] = static_cast<unsigned char>(up ? b + 32 : b);
      shape[b] = static_cast<unsigned char>(up ? 'X' : lo ? 'x' : dg ? 'd' : b >= 0x80 ? 'u' : b);
      alnum[b] = (up || lo || dg || b >= 0xC3) ? 1 : 0;
      rest_class[b] = lo ? 1 : 2;
    }
  }
};
constexpr ByteTables kBytes;

// What the boundary features need of one word. The flags are computed for every word of a
// paragraph, the hashes only for the words around a candidate boundary, once.
// Word hashes: the lower-cased form (first 24 bytes), and the shape (X upper, x lower,
// d digit, u non-ASCII, other bytes as is, repeats collapsed, at most 6 symbols).
struct WordInfo {
  std::uint64_t lower = 0;   // hash of the lower-cased form, | 1; 0 = not computed yet
  std::uint64_t shape = 0;   // hash of the shape, | 1 (computed with `lower`)
  bool alnum = false;        // an ASCII letter/digit or a non-ASCII letter byte (hasAlnum)
  bool upper_first = false;  // the form starts with A-Z
  bool dot_last = false;     // the form ends with '.'
};

constexpr std::uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;
constexpr std::uint64_t kShapeSeed = 7;

// The flags of a non-empty form `f` (hashes left to compute).
WordInfo wordFlags(std::string_view f) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(f.data());
  const std::size_t n = f.size();
  WordInfo info;
  std::size_t k = 0;
  while (k < n && !kBytes.alnum[p[k]]) ++k;
  info.alnum = k < n;
  info.upper_first = n > 0 && p[0] >= 'A' && p[0] <= 'Z';
  info.dot_last = n > 0 && p[n - 1] == '.';
  return info;
}

// Hash of the shape of a symbol sequence (at most 6 symbols, repeats already collapsed).
constexpr std::uint64_t shapeOf(std::string_view symbols) {
  std::uint64_t sh = kShapeSeed;
  for (char c : symbols) sh = (sh ^ static_cast<unsigned char>(c)) * kFnvPrime;
  return sh;
}
constexpr std::uint64_t kShapeLower = shapeOf("x");     // "the"
constexpr std::uint64_t kShapeCapital = shapeOf("Xx");  // "Taliban"

// Computes the hashes of a non-empty form `f` into `info`: the lower-cased form (first 24
// bytes) and the shape, in one pass over the bytes for most words.
void hashWord(std::string_view f, WordInfo& info) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(f.data());
  const std::size_t n = f.size();
  const std::size_t e = n < 24 ? n : 24;
  std::uint64_t lh = (kFnvOffset ^ kBytes.lower[p[0]]) * kFnvPrime;
  unsigned rest = 0;  // 1: a lower-case letter seen after the first byte, 2: anything else
  for (std::size_t k = 1; k < e; ++k) {
    lh = (lh ^ kBytes.lower[p[k]]) * kFnvPrime;
    rest |= kBytes.rest_class[p[k]];
  }
  for (std::size_t k = e; k < n; ++k) rest |= kBytes.rest_class[p[k]];
  info.lower = mix(lh) | 1;
  // The common words: lower-case ASCII letters after a first letter.
  if (rest == 1 && kBytes.shape[p[0]] == 'x') {
    info.shape = mix(kShapeLower) | 1;
    return;
  }
  if (rest == 1 && kBytes.shape[p[0]] == 'X') {
    info.shape = mix(kShapeCapital) | 1;
    return;
  }
  // Branch-free update because symbols alternate unpredictably.
  std::uint64_t sh = kShapeSeed;
  unsigned prev = 0, symbols = 0;
  for (std::size_t k = 0; k < n && symbols < 6; ++k) {
    unsigned sym = kBytes.shape[p[k]];
    std::uint64_t change = sym != prev;
    std::uint64_t mask = 0 - change;
    sh = (((sh ^ sym) * kFnvPrime) & mask) | (sh & ~mask);
    symbols += static_cast<unsigned>(change);
    prev = sym;
  }
  info.shape = mix(sh) | 1;
}

// The weight-table bucket of feature template `id` with values a, b, c.
constexpr std::uint32_t featureBucket(std::uint64_t id, std::uint64_t a = 0, std::uint64_t b = 0,
                                      std::uint64_t c = 0) {
  std::uint64_t h = mix(id * 0x9E3779B97F4A7C15ULL + a + ((b * 0xC2B2AE3D27D4EB4FULL) ^ (b >> 29)) +
                        ((c * 0x165667B19E3779F9ULL) ^ (c >> 31)));
  return static_cast<std::uint32_t>(h) & (BoundaryModel::kBuckets - 1);
}

// The buckets of the features whose values are few: bias, rule, line break, words since
// the last boundary.
struct FixedBuckets {
  std::uint32_t bias = 0;              // template 1
  std::uint32_t rule[2] = {};          // template 2: the rule's decision
  std::uint32_t newline[2] = {};       // template 17: a line break follows
  std::uint32_t since_rule[8][2] = {};  // template 18: words since the last boundary (binned), rule
  constexpr FixedBuckets() {
    bias = featureBucket(1);
    for (std::uint64_t r = 0; r < 2; ++r) {
      rule[r] = featureBucket(2, r);
      newline[r] = featureBucket(17, r);
      for (std::uint64_t sb = 0; sb < 8; ++sb) since_rule[sb][r] = featureBucket(18, sb, r);
    }
  }
};
constexpr FixedBuckets kFixedBuckets;

// The buckets of the features that depend only on the shapes around a candidate and on
// three small values (templates 6-11, 16, 19, 20), remembered for the last shape contexts
// seen: the shapes of running text repeat, so most candidates find theirs.
class ShapeBucketCache {
 public:
  static constexpr std::size_t kFeatures = 9;
  struct Entry {
    std::uint64_t sp = 0, sw = 0, sn = 0, s2 = 0;  // the shapes (sw == 0: empty entry)
    std::uint32_t small = 0;                        // space after, abbreviation, rule (packed)
    std::uint32_t bucket[kFeatures] = {};           // templates 6, 7, 8, 9, 10, 11, 16, 19, 20
  };

  // The buckets for shapes sp, sw, sn, s2 (sw is a shape hash: odd, never 0).
  const Entry& get(std::uint64_t sp, std::uint64_t sw, std::uint64_t sn, std::uint64_t s2,
                   std::uint64_t space, std::uint64_t abbr, std::uint64_t rule) {
    if (entries_.empty()) entries_.resize(kEntries);
    const std::uint32_t small = static_cast<std::uint32_t>(space | (abbr << 1) | (rule << 3));
    std::uint64_t key = sp ^ (sw * 3) ^ (sn * 5) ^ (s2 * 7) ^ small;
    Entry& e = entries_[(key ^ (key >> 29)) & (kEntries - 1)];
    if (e.sw == sw && e.sp == sp && e.sn == sn && e.s2 == s2 && e.small == small) return e;
    e.sp = sp;
    e.sw = sw;
    e.sn = sn;
    e.s2 = s2;
    e.small = small;
    e.bucket[0] = featureBucket(6, sw);
    e.bucket[1] = featureBucket(7, sn);
    e.bucket[2] = featureBucket(8, s2);
    e.bucket[3] = featureBucket(9, sp, sw);
    e.bucket[4] = featureBucket(10, sw, sn);
    e.bucket[5] = featureBucket(11, sw, sn, s2);
    e.bucket[6] = featureBucket(16, space, sw, sn);
    e.bucket[7] = featureBucket(19, abbr, sn);
    e.bucket[8] = featureBucket(20, rule, sn);
    return e;
  }

 private:
  static constexpr std::size_t kEntries = 1024;
  std::vector<Entry> entries_;
};

// Boundary features of one paragraph's words: word information computed once,
// candidates tested and scored without building feature lists.
class BoundaryFeatures {
 public:
  // Prepares the words of a paragraph (the buffer is reused across paragraphs).
  void reset(std::string_view t, const std::vector<Word>& w) {
    t_ = t;
    w_ = &w;
    info_.resize(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) info_[i] = wordFlags(formOf(t, w[i]));
  }

  // True if the classifier is asked after word i: a line end, punctuation, a final period,
  // or a word not starting with a capital before a capitalised word or punctuation.
  // (Evaluated without branches: the answers alternate unpredictably.)
  bool candidate(std::size_t i) const {
    const WordInfo& a = info_[i];
    const WordInfo& b = info_[i + 1];
    const Word& next = (*w_)[i + 1];
    return (*w_)[i].newline_after | !a.alnum | a.dot_last |
           (!a.upper_first & (next.end > next.begin) & (b.upper_first | !b.alnum));
  }

  // Calls `emit(bucket)` for the features of the decision after word i, in the order of
  // the trained model; `since` = words since the last boundary.
  template <class Emit>
  void features(std::size_t i, std::size_t since, Emit&& emit) {
    const std::vector<Word>& w = *w_;
    std::uint64_t lw = lower(i), ln = lower(i + 1), lp = i > 0 ? lower(i - 1) : 11;
    std::uint64_t sw = shape(i), sn = shape(i + 1), sp = i > 0 ? shape(i - 1) : 13;
    std::uint64_t s2 = i + 2 < w.size() ? shape(i + 2) : 17;
    std::string_view f = formOf(t_, w[i]);
    std::uint64_t rule = ruleBoundary(t_, w, i) ? 1 : 0;
    std::uint64_t sb = since <= 3 ? since : since <= 6 ? 4 : since <= 12 ? 5 : since <= 25 ? 6 : 7;
    std::uint64_t abbr = 0;
    if (info_[i].dot_last)  // both tests need the final period
      abbr = (text::isAbbreviation(f) ? 1 : 0) + (text::isTitleAbbreviation(f) ? 2 : 0);
    const ShapeBucketCache::Entry& shapes =
        shape_buckets_.get(sp, sw, sn, s2, w[i].space_after ? 1 : 0, abbr, rule);
    emit(kFixedBuckets.bias);
    emit(kFixedBuckets.rule[rule]);
    emit(featureBucket(3, lw));
    emit(featureBucket(4, ln));
    emit(featureBucket(5, lp));
    emit(shapes.bucket[0]);  // 6: sw
    emit(shapes.bucket[1]);  // 7: sn
    emit(shapes.bucket[2]);  // 8: s2
    emit(shapes.bucket[3]);  // 9: sp, sw
    emit(shapes.bucket[4]);  // 10: sw, sn
    emit(shapes.bucket[5]);  // 11: sw, sn, s2
    emit(featureBucket(12, lw, sn));
    emit(featureBucket(13, sw, ln));
    emit(featureBucket(14, lw, ln));
    emit(featureBucket(15, lp, lw));
    emit(shapes.bucket[6]);  // 16: space after, sw, sn
    emit(kFixedBuckets.newline[w[i].newline_after ? 1 : 0]);
    emit(kFixedBuckets.since_rule[sb][rule]);
    emit(shapes.bucket[7]);  // 19: abbr, sn
    emit(shapes.bucket[8]);  // 20: rule, sn
  }

  // Features of the decision after word i as a list (training).
  void features(std::size_t i, std::size_t since, std::vector<std::uint32_t>& out) {
    out.clear();
    features(i, since, [&](std::uint32_t f) { out.push_back(f); });
  }

  // Model score of the decision after word i (the features summed in the same order as
  // BoundaryModel::score, so the decisions are the same).
  float score(const BoundaryModel& model, std::size_t i, std::size_t since) {
    const float* weights = model.weights();
    float s = 0;
    features(i, since, [&](std::uint32_t f) { s += weights[f]; });
    return s;
  }

 private:
  // The hashes of word i, computed on first use.
  const WordInfo& hashed(std::size_t i) {
    WordInfo& info = info_[i];
    if (!info.lower) hashWord(formOf(t_, (*w_)[i]), info);
    return info;
  }
  std::uint64_t lower(std::size_t i) { return hashed(i).lower; }
  std::uint64_t shape(std::size_t i) { return hashed(i).shape; }

  std::string_view t_;
  const std::vector<Word>* w_ = nullptr;
  std::vector<WordInfo> info_;
  ShapeBucketCache shape_buckets_;
};

}  // namespace

// ---------------------------------------------------------------- Segmenter

std::string defaultSegmenterModelPath() { return std::string(KG_MODELS_DIR) + "/segmenter.bin"; }

Segmenter::Segmenter(SegmentOptions options) : options_(std::move(options)) {
  if (!options_.use_model) return;
  std::string path = options_.model_path.empty() ? defaultSegmenterModelPath() : options_.model_path;
  if (options_.model_path.empty() && !std::filesystem::exists(path)) return;  // rules only
  if (!std::filesystem::exists(path)) throw InputError(path, "segmenter model not found");
  model_ = std::make_unique<BoundaryModel>(BoundaryModel::load(path));
}

Segmenter::~Segmenter() = default;
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;

namespace {

// Decides sentence ends after each word of one paragraph (the last word always ends one).
void decideBoundaries(std::string_view t, const std::vector<Word>& w, const BoundaryModel* model,
                      std::size_t max_tokens, BoundaryFeatures& features, std::vector<char>& ends) {
  ends.assign(w.size(), 0);
  if (w.empty()) return;
  std::size_t since = 0;
  if (model) features.reset(t, w);
  for (std::size_t i = 0; i + 1 < w.size(); ++i) {
    ++since;
    bool end;
    if (model)
      end = features.candidate(i) && features.score(*model, i, since) > 0;
    else
      end = ruleBoundary(t, w, i);
    if (end || (max_tokens > 0 && since >= max_tokens)) {
      ends[i] = 1;
      since = 0;
    }
  }
  ends.back() = 1;
}

// Appends the words of a paragraph to out.tokens and its sentences to out.sentences
// (ends[i]: a sentence ends after word i). `map` turns clean offsets into raw ones; it is
// asked in text order.
void appendSentences(OffsetMap::Cursor& map, const std::vector<Word>& w, const std::vector<char>& ends,
                     std::uint32_t paragraph, bool headline, Segmentation& out) {
  const std::size_t base = out.tokens.size();
  const std::size_t n = w.size();
  out.tokens.resize(base + n);
  TokenSpan* spans = out.tokens.data() + base;
  for (std::size_t k = 0; k < n; ++k) {
    const Word& wk = w[k];
    TokenSpan& s = spans[k];
    s.clean_begin = static_cast<std::uint32_t>(wk.begin);
    s.clean_end = static_cast<std::uint32_t>(wk.end);
    s.raw_begin = static_cast<std::uint32_t>(map.rawBegin(wk.begin));
    s.raw_end = static_cast<std::uint32_t>(map.rawEnd(wk.end));
    s.space_after = wk.space_after;
    s.joins_next = wk.group >= 0 && k + 1 < n && w[k + 1].group == wk.group;
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!ends[i]) continue;
    out.sentences.push_back(SentenceSpan{static_cast<std::uint32_t>(base + start),
                                         static_cast<std::uint32_t>(base + i + 1), paragraph, headline});
    start = i + 1;
  }
}

// Working storage of Segmenter::split, one per thread, reused across documents.
struct SplitScratch {
  std::vector<Paragraph> paragraphs;  // the paragraphs of the clean text
  std::vector<Word> words;            // the words of one paragraph
  std::vector<char> ends;             // sentence ends after each word of the paragraph
  BoundaryFeatures features;          // boundary-classifier features of the paragraph

  // After a huge document or paragraph, lets its buffers go (a thread keeps at most a few MB).
  void trim() {
    if (words.capacity() > kMaxKeptWords || paragraphs.capacity() > kMaxKeptWords) *this = SplitScratch();
  }
  static constexpr std::size_t kMaxKeptWords = std::size_t{1} << 18;
};

constexpr std::string_view kNoSpaceAfter = "SpaceAfter=No";
constexpr std::string_view kNoMisc = "_";
constexpr std::uint32_t kMaxSpanOffset = 0xFFFFFFFFu;
constexpr std::size_t kMaxKeptBytes = std::size_t{4} << 20;  // segment() keeps the buffers of smaller texts

}  // namespace

void Segmenter::split(std::string_view raw, Segmentation& out) const {
  out.tokens.clear();
  out.sentences.clear();
  out.meta.clear();
  if (raw.size() >= kMaxSpanOffset)
    throw InputError("<document>", "too large to segment (" + std::to_string(raw.size()) +
                                       " bytes; spans are 32-bit)");
  cleanText(raw, options_.clean, out.clean);
  if (out.clean.text.size() >= kMaxSpanOffset)
    throw InputError("<document>", "clean text too large to segment (" +
                                       std::to_string(out.clean.text.size()) + " bytes; spans are 32-bit)");
  std::string_view t = out.clean.text;
  text::TokenizeOptions topt;
  topt.split_hyphens = options_.split_hyphens;
  thread_local SplitScratch scratch;
  std::vector<Paragraph>& paras = scratch.paragraphs;
  std::vector<Word>& words = scratch.words;
  std::vector<char>& ends = scratch.ends;
  splitParagraphs(t, paras);
  OffsetMap::Cursor map(out.clean.map);
  std::uint32_t paragraph = 0;
  std::string_view headline;  // a part of the clean text once found (never empty then)
  bool first_content = true;
  for (std::size_t pi = 0; pi < paras.size(); ++pi) {
    Paragraph p = paras[pi];
    std::string_view line = t.substr(p.begin, p.end - p.begin);
    if (options_.document_structure) {
      if (isBoilerplate(line)) continue;
      std::string_view key, value;
      if (metaLine(line, key, value)) {
        std::size_t vb = static_cast<std::size_t>(value.data() - t.data());
        out.meta.push_back(MetaSpan{key, static_cast<std::uint32_t>(vb),
                                    static_cast<std::uint32_t>(vb + value.size())});
        continue;
      }
      if (!headline.empty() && line == headline) continue;  // a repeated headline
      if (first_content) {
        bool repeated = pi + 1 < paras.size() &&
                        t.substr(paras[pi + 1].begin, paras[pi + 1].end - paras[pi + 1].begin) == line;
        if ((!hasFinalPunctuation(line) || repeated) && line.size() < 300) {
          p.headline = true;
          headline = line;
          out.meta.push_back(MetaSpan{"title", static_cast<std::uint32_t>(p.begin),
                                      static_cast<std::uint32_t>(p.end)});
        }
      }
      p.begin += listMarker(line);
    }
    first_content = false;
    words.clear();
    text::tokenize(t, p.begin, p.end, topt, words);
    if (words.empty()) continue;
    if (p.headline && words.size() <= options_.max_sentence_tokens) {
      ends.assign(words.size(), 0);
      ends.back() = 1;
    } else {
      decideBoundaries(t, words, model_.get(), options_.max_sentence_tokens, scratch.features, ends);
    }
    appendSentences(map, words, ends, paragraph, p.headline, out);
    ++paragraph;
  }
  scratch.trim();
}

void Segmenter::materialise(const Segmentation& seg, Document& doc) {
  doc.sentences.clear();
  for (const MetaSpan& m : seg.meta) doc.meta.emplace(std::string(m.key), std::string(seg.value(m)));
  doc.sentences.reserve(seg.sentences.size());
  for (const SentenceSpan& ss : seg.sentences) {
    Sentence& s = doc.sentences.emplace_back();  // built in place: no move of the whole record
    s.paragraph = ss.paragraph;
    if (ss.headline) s.comments.emplace_back("headline");
    s.tokens.resize(ss.last - ss.first);  // default records, then the segmentation's fields
    bool groups = false;
    const char* clean = seg.clean.text.data();
    Token* tok_out = s.tokens.data();
    for (std::uint32_t k = ss.first; k < ss.last; ++k) {
      const TokenSpan& span = seg.tokens[k];
      Token& tok = *tok_out++;
      tok.form.assign(clean + span.clean_begin, span.clean_end - span.clean_begin);
      tok.begin = span.raw_begin;
      tok.end = span.raw_end;
      tok.space_after = span.space_after;
      tok.misc.assign(span.space_after ? kNoMisc : kNoSpaceAfter);
      groups |= span.joins_next;
    }
    // Multiword tokens: runs of words joined to the next one, within the sentence.
    for (std::uint32_t k = ss.first; groups && k < ss.last;) {
      std::uint32_t m = k;
      while (m + 1 < ss.last && seg.tokens[m].joins_next) ++m;
      if (m > k) {
        MultiwordToken& mt = s.multiword.emplace_back();
        mt.first = static_cast<int>(k - ss.first + 1);
        mt.last = static_cast<int>(m - ss.first + 1);
        const std::string_view clean = seg.clean.text;
        mt.form.assign(clean.substr(seg.tokens[k].clean_begin, seg.tokens[m].clean_end - seg.tokens[k].clean_begin));
        mt.misc.assign(seg.tokens[m].space_after ? kNoMisc : kNoSpaceAfter);
        for (std::uint32_t q = k; q <= m; ++q) s.tokens[q - ss.first].misc.assign(kNoMisc);
        s.tokens[m - ss.first].misc = mt.misc;
      }
      k = m + 1;
    }
    s.text.assign(seg.text(ss));
    s.begin = s.tokens.front().begin;
    s.end = s.tokens.back().end;
  }
}

void Segmenter::segment(Document& doc) const {
  doc.sentences.clear();
  thread_local Segmentation seg;  // storage reused across the documents of a thread
  split(doc.raw, seg);
  materialise(seg, doc);
  if (seg.clean.text.capacity() > kMaxKeptBytes || seg.tokens.capacity() > SplitScratch::kMaxKeptWords)
    seg = Segmentation();  // a huge document: let its buffers go
}

std::vector<Sentence> Segmenter::segmentText(std::string_view raw) const {
  Document doc;
  doc.raw = std::string(raw);
  segment(doc);
  return std::move(doc.sentences);
}

void Segmenter::train(const std::vector<std::string>& conllu_files, const std::string& path,
                      const SegmentOptions& options, int epochs, std::ostream& log) {
  struct Example {
    std::vector<std::uint32_t> feats;  // features
    bool end;                          // gold: a sentence ends here
  };
  std::vector<Example> examples;
  text::TokenizeOptions topt;
  topt.split_hyphens = options.split_hyphens;
  for (const std::string& file : conllu_files) {
    ConlluText gold = rebuildConlluText(readConllu(file), file);
    std::unordered_set<std::size_t> gold_ends;
    for (const Span& s : gold.sentences) gold_ends.insert(s.second);
    CleanText clean = cleanText(gold.text, options.clean);
    std::string_view t = clean.text;
    std::vector<Word> words;
    BoundaryFeatures ctx;
    std::size_t before = examples.size();
    for (const Paragraph& p : splitParagraphs(t)) {
      words.clear();
      text::tokenize(t, p.begin, p.end, topt, words);
      std::size_t since = 0;
      ctx.reset(t, words);
      for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        ++since;
        bool end = gold_ends.count(clean.map.rawEnd(words[i].end)) > 0;
        if (ctx.candidate(i)) {
          Example ex;
          ctx.features(i, since, ex.feats);
          ex.end = end;
          examples.push_back(std::move(ex));
        }
        if (end) since = 0;
      }
    }
    log << file << ": " << (examples.size() - before) << " candidate boundaries\n";
  }
  BoundaryModel model;
  std::mt19937 rng(12345);
  std::vector<std::size_t> order(examples.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::uint64_t step = 0;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    std::size_t errors = 0;
    for (std::size_t idx : order) {
      const Example& ex = examples[idx];
      ++step;
      bool predicted = model.score(ex.feats) > 0;
      if (predicted != ex.end) {
        ++errors;
        model.update(ex.feats, ex.end ? 1.0f : -1.0f, step);
      }
    }
    log << "epoch " << epoch << ": " << errors << " errors on " << examples.size()
        << " candidates\n";
  }
  model.average(step);
  model.save(path);
}

namespace {
const Segmenter& defaultSegmenter() {
  static const Segmenter s{SegmentOptions{}};
  return s;
}
}  // namespace

void segment(Document& doc) { defaultSegmenter().segment(doc); }

std::vector<Sentence> segmentText(std::string_view raw) { return defaultSegmenter().segmentText(raw); }

}  // namespace kg::extract
