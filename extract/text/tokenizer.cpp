#include "extract/text/tokenizer.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include "extract/text/utf8.h"
#include "graph/error.h"

namespace kg::extract::text {

namespace {

constexpr bool isSpace(unsigned char c) { return c <= 0x20; }
constexpr bool isLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool isAlnum(unsigned char c) { return isLetter(c) || isDigit(c); }
bool isUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// The key of a word of at most 7 bytes, lower-cased (A-Z) as iequals compares: its bytes
// packed little-endian and its length in the top byte; 0 for a longer word.
constexpr std::uint64_t wordKey(std::string_view w) {
  if (w.size() > 7) return 0;
  std::uint64_t k = static_cast<std::uint64_t>(w.size()) << 56;
  for (std::size_t i = 0; i < w.size(); ++i)
    k |= static_cast<std::uint64_t>(static_cast<unsigned char>(lower(w[i]))) << (8 * i);
  return k;
}

// A fixed list of short words, compared case-insensitively as iequals does.
template <std::size_t N>
class WordSet {
 public:
  constexpr explicit WordSet(const std::array<std::string_view, N>& list) {
    for (std::size_t i = 0; i < N; ++i) keys_[i] = wordKey(list[i]);  // all at most 7 bytes
    std::sort(keys_.begin(), keys_.end());
  }
  // True if `w` equals a word of the list, ignoring ASCII case.
  bool contains(std::string_view w) const {
    if (w.size() > 7) return false;
    return std::binary_search(keys_.begin(), keys_.end(), wordKey(w));
  }

 private:
  std::array<std::uint64_t, N> keys_{};
};

template <std::size_t N>
bool inList(std::string_view w, const WordSet<N>& set) {
  return set.contains(w);
}

// Abbreviations (without the final period) seen in EWT/GUM and news.
constexpr std::array<std::string_view, 78> kAbbreviationList = {
    "mr", "mrs", "ms", "dr", "prof", "st", "etc", "vs", "sept", "inc", "al", "no", "nos",
    "oct", "dec", "nov", "jr", "sr", "co", "corp", "ltd", "wed", "sat", "rev", "lt", "gen",
    "feb", "jan", "mon", "tue", "tues", "thu", "thur", "thurs", "fri", "sun", "aug", "apr",
    "mar", "jun", "jul", "sep", "capt", "col", "sgt", "adm", "gov", "sen", "rep", "reps",
    "ft", "mt", "ave", "blvd", "rd", "la", "fla", "calif", "mass", "div", "attn", "approx",
    "dept", "est", "fig", "messrs", "pres", "vol", "pp", "cf", "ca", "maj", "cmdr", "gens",
    "govt", "univ", "bros", "arrv"};

// Abbreviations that are (nearly) never the last word of a sentence.
constexpr std::array<std::string_view, 41> kTitleAbbreviationList = {
    "mr", "mrs", "ms", "dr", "prof", "st", "vs", "sept", "no", "nos", "oct", "dec", "nov",
    "rev", "lt", "gen", "feb", "jan", "aug", "apr", "mar", "jun", "jul", "sep", "capt",
    "col", "sgt", "adm", "gov", "sen", "rep", "reps", "ft", "mt", "messrs", "pres", "maj",
    "cmdr", "gens", "e.g", "i.e"};

// Prefixes that UD English keeps attached with their hyphen ("non-profit", "e-mail").
constexpr std::array<std::string_view, 28> kHyphenPrefixList = {
    "non", "e", "anti", "mid", "re", "co", "pre", "pro", "cross", "post", "over", "semi",
    "multi", "ex", "sub", "counter", "mini", "inter", "neo", "socio", "psycho", "ultra",
    "bi", "un", "de", "vice", "mis", "tri"};

constexpr WordSet kAbbreviations(kAbbreviationList);
constexpr WordSet kTitleAbbreviations(kTitleAbbreviationList);
constexpr WordSet kHyphenPrefixes(kHyphenPrefixList);

constexpr std::array<std::string_view, 14> kEmoticonList = {":)", ":-)", ":(", ":-(", ";)", ";-)", ":D",
                                                    ":P", ":p", ":/", "<3", "^_^", ":o", "=)"};
constexpr WordSet kEmoticons(kEmoticonList);

// Opening punctuation split off the front of a chunk (ASCII).
bool isOpening(unsigned char c) {
  return c == '"' || c == '(' || c == '[' || c == '{' || c == '<' || c == '`' || c == '*' ||
         c == '\'';
}
// Closing punctuation split off the end of a chunk (ASCII), '.' handled apart.
bool isClosing(unsigned char c) {
  return c == '"' || c == ')' || c == ']' || c == '}' || c == '>' || c == ',' || c == ';' ||
         c == ':' || c == '!' || c == '?' || c == '\'' || c == '%' || c == '*' || c == '-';
}
// Non-ASCII punctuation always split ("“", "”", "‘", "’", "—", "–", "…", "«", "»").
bool isSplitPunctCp(char32_t cp) {
  return cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 || cp == 0x2014 ||
         cp == 0x2013 || cp == 0x2026 || cp == 0xAB || cp == 0xBB || cp == 0x201E ||
         cp == 0x2022 || cp == 0xBF || cp == 0xA1 || cp == 0x2015;
}

bool isStopChar(char c) { return c == '.' || c == '!' || c == '?'; }
bool isSymbolRunChar(char c) {
  return c == '*' || c == '+' || c == '=' || c == '-' || c == '_' || c == '~' || c == '#';
}

// Length of the punctuation run starting at t[k] (within [k, e)): "!!!", "?!", "..?",
// "***", "==--", "<<"; 1 for a lone character.
std::size_t runForward(std::string_view t, std::size_t k, std::size_t e) {
  char c = t[k];
  std::size_t m = k + 1;
  if (isStopChar(c)) {
    while (m < e && isStopChar(t[m])) ++m;
  } else if (isSymbolRunChar(c)) {
    while (m < e && isSymbolRunChar(t[m])) ++m;
  } else if (c == '<' || c == '>') {
    while (m < e && t[m] == c) ++m;
  }
  return m - k;
}

// Length of the punctuation run ending at t[e-1] (within [b, e)).
std::size_t runBackward(std::string_view t, std::size_t b, std::size_t e) {
  char c = t[e - 1];
  std::size_t m = e - 1;
  if (isStopChar(c)) {
    while (m > b && isStopChar(t[m - 1])) --m;
  } else if (isSymbolRunChar(c)) {
    while (m > b && isSymbolRunChar(t[m - 1])) --m;
  } else if (c == '<' || c == '>') {
    while (m > b && t[m - 1] == c) --m;
  }
  return e - m;
}

// The length of the UTF-8 character ending at text[e-1].
std::size_t lastCharLen(std::string_view t, std::size_t b, std::size_t e) {
  std::size_t k = e - 1;
  while (k > b && (static_cast<unsigned char>(t[k]) & 0xC0) == 0x80) --k;
  return e - k;
}

bool looksLikeUrl(std::string_view s) {
  if (s.size() < 4) return false;
  bool marks = false;  // quick rejection: every URL or address has '.', '@' or ':'
  for (char c : s)
    if (c == '.' || c == '@' || c == ':') {
      marks = true;
      break;
    }
  if (!marks) return false;
  auto starts = [&](std::string_view p) { return s.size() > p.size() && iequals(s.substr(0, p.size()), p); };
  if (starts("http://") || starts("https://") || starts("ftp://") || starts("www.") ||
      starts("mailto:"))
    return true;
  // e-mail: x@y.z, with only the characters addresses use
  std::size_t at = s.find('@');
  if (at != std::string_view::npos) {
    if (at == 0 || s.find('.', at) == std::string_view::npos || s.find('.', at) + 1 >= s.size())
      return false;
    for (char c : s)
      if (!(isAlnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' ||
            c == '+' || c == '-' || c == '@'))
        return false;
    return true;
  }
  // bare domain with a path or a common top-level domain: "example.com", "bbc.co.uk/news"
  std::size_t dot = s.find('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  for (char c : s)
    if (!(isAlnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '/' ||
          c == '_' || c == '?' || c == '=' || c == '&' || c == '%' || c == '#' || c == '~' ||
          c == ':'))
      return false;
  std::size_t host_end = s.find('/');
  std::string_view host = s.substr(0, host_end);
  std::size_t last = host.rfind('.');
  if (last == std::string_view::npos || last + 1 >= host.size()) return false;
  std::string_view tld = host.substr(last + 1);
  static constexpr WordSet kTlds(std::array<std::string_view, 12>{
      "com", "org", "net", "edu", "gov", "ru", "uk", "de", "info", "io", "af", "us"});
  return inList(tld, kTlds);
}

// Byte classes of the chunk scan: what a chunk contains decides which rules can apply.
enum : unsigned char {
  kSpaceByte = 1,    // <= 0x20: ends a chunk
  kNotLetter = 2,    // not an ASCII letter
  kUrlMark = 4,      // '.', '@', ':' (every URL or address has one)
  kApostrophe = 8,   // '\'' or the first byte of "’" (clitics, negations)
  kSlash = 16,       // '/'
  kHyphen = 32,      // '-'
};

struct ChunkClasses {
  unsigned char c[256] = {};
  constexpr ChunkClasses() {
    for (int b = 0; b < 256; ++b) {
      unsigned char v = isLetter(static_cast<unsigned char>(b)) ? 0 : kNotLetter;
      if (b <= 0x20) v |= kSpaceByte;
      if (b == '.' || b == '@' || b == ':') v |= kUrlMark;
      if (b == '\'' || b == 0xE2) v |= kApostrophe;
      if (b == '/') v |= kSlash;
      if (b == '-') v |= kHyphen;
      c[b] = v;
    }
  }
};
constexpr ChunkClasses kChunkClasses;

class Tokenizer {
 public:
  Tokenizer(std::string_view t, const TokenizeOptions& o, std::vector<Word>& out)
      : t_(t), o_(o), out_(out) {}

  void run(std::size_t begin, std::size_t end) {
    std::size_t i = begin;
    const unsigned char* p = reinterpret_cast<const unsigned char*>(t_.data());
    while (i < end && isSpace(p[i])) ++i;
    while (i < end) {
      // One pass finds the end of the chunk and what kinds of bytes it holds; a word of
      // fewer than 8 ASCII letters is found eight bytes at a time.
      std::size_t j = i + shortLetterWord(p + i, end - i);
      unsigned classes = 0;
      if (j == i) {
        while (j < end) {
          unsigned c = kChunkClasses.c[p[j]];
          if (c & kSpaceByte) break;
          classes |= c;
          ++j;
        }
      }
      classes_ = classes;
      std::size_t first = out_.size();
      if (!(classes & kNotLetter) && (j - i < 5 || j - i > 6 || !isSpecialWord(t_.substr(i, j - i))))
        emit(i, j);  // the fast path of chunk(), inline: a plain word of ASCII letters
      else if (!wordAndMark(i, j, classes))
        chunk(i, j, !(classes & kNotLetter));
      // The whitespace after the chunk, up to the next word (it may go past `end`).
      const std::size_t size = t_.size();
      bool nl = false;
      std::size_t k = j;
      if (k + 1 < size && p[k] == ' ' && !isSpace(p[k + 1]))
        k = k + 1;  // one space, the common case
      else
        while (k < size && isSpace(p[k])) nl |= p[k++] == '\n';
      if (out_.size() > first) {
        out_.back().space_after = j < size;
        out_.back().newline_after = nl;
      }
      i = k < end ? k : end;
    }
  }

 private:
  // The length of the word at p if it is made of ASCII letters and ends (at a byte <= 0x20)
  // within the next 16 bytes, all within `avail`; else 0. Eight bytes at a time.
  static std::size_t shortLetterWord(const unsigned char* p, std::size_t avail) {
    std::size_t n = 0;
    for (; n + 8 <= avail && n < 16; n += 8) {
      constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
      std::uint64_t v;
      std::memcpy(&v, p + n, 8);
      if (v & kHigh) return 0;  // a non-ASCII byte (every byte below is < 0x80: no carries)
      std::uint64_t space = ~(v + kOnes * (0x80 - 0x21)) & kHigh;  // bytes <= 0x20
      std::uint64_t x = v | (kOnes * 0x20);                          // lower case
      std::uint64_t letter = (x + kOnes * (0x80 - 'a')) & ~(x + kOnes * (0x80 - 'z' - 1)) & kHigh;
      std::uint64_t before = space ? (space & (0 - space)) - 1 : ~std::uint64_t{0};  // bytes before the end
      if ((letter & before) != (kHigh & before)) return 0;
      if (space) return n + (static_cast<std::size_t>(__builtin_ctzll(space)) >> 3);
    }
    return 0;
  }

  // The second fast path of chunk(): ASCII letters and one closing mark ("Kabul," "said."
  // "(IS" excepted), split as chunk() splits them. False (nothing emitted) for anything
  // else, and for abbreviations ("Mr.") and "cannot," ... that chunk() treats apart.
  bool wordAndMark(std::size_t b, std::size_t e, unsigned classes) {
    if (e - b < 2 || (classes & ~static_cast<unsigned>(kNotLetter | kUrlMark))) return false;
    const unsigned char* p = reinterpret_cast<const unsigned char*>(t_.data());
    unsigned char c = p[e - 1];
    if (!(c == ',' || c == '.' || c == ';' || c == ':' || c == '?' || c == '!' || c == ')' || c == '"'))
      return false;
    for (std::size_t k = b; k + 1 < e; ++k)
      if (!isLetter(p[k])) return false;
    if (e - 1 - b >= 5 && e - 1 - b <= 6 && isSpecialWord(t_.substr(b, e - 1 - b))) return false;
    if (c == '.' && isAbbreviation(t_.substr(b, e - b))) return false;
    emit(b, e - 1);
    emit(e - 1, e);
    return true;
  }

  void emit(std::size_t b, std::size_t e, int group = -1) {
    if (b < e)
      out_.push_back(Word{static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e), group, false, false});
  }

  // looksLikeUrl(s) for a part `s` of the current chunk: false without '.', '@' or ':'.
  bool url(std::string_view s) const { return (classes_ & kUrlMark) && looksLikeUrl(s); }

  // A part [b, e) of the current chunk: chunk(b, e, plain) with plain worked out.
  void chunk(std::size_t b, std::size_t e) {
    bool plain = b < e;
    for (std::size_t k = b; k < e; ++k)
      if (!isLetter(static_cast<unsigned char>(t_[k]))) {
        plain = false;
        break;
      }
    chunk(b, e, plain);
  }

  // One whitespace-free chunk [b, e); `plain`: it is all ASCII letters.
  void chunk(std::size_t b, std::size_t e, bool plain) {
    std::string_view s = t_.substr(b, e - b);
    // Fast path: a plain word of ASCII letters ("cannot", "gonna", ... excepted).
    if (plain && (s.size() < 5 || s.size() > 6 || !isSpecialWord(s))) {
      emit(b, e);
      return;
    }
    if (s.size() <= 3 && !isAlnum(static_cast<unsigned char>(s[0])) && inList(s, kEmoticons)) {
      emit(b, e);
      return;
    }
    // Trailing tokens, innermost last, kept on a stack shared with the recursive calls
    // of middle() (they pop back to their own base before returning): no allocation per chunk.
    const std::size_t tail_base = tail_.size();
    // Leading punctuation.
    while (b < e) {
      std::string_view rest = t_.substr(b, e - b);
      if (url(stripTrailing(rest))) break;
      unsigned char c = static_cast<unsigned char>(t_[b]);
      if (c < 0x80) {
        if (c == '\'' && e - b > 1) {
          // "'s", "'re" standing alone are clitics; "'90s" keeps its apostrophe.
          if (isCliticRest(rest.substr(1)) || isDigit(static_cast<unsigned char>(t_[b + 1]))) break;
        }
        if (isOpening(c)) {
          std::size_t len = runForward(t_, b, e);
          if (b + len == e) break;
          emit(b, b + len);
          b += len;
          continue;
        }
        if ((c == '$' || c == '#') && e - b > 1 && isDigit(static_cast<unsigned char>(t_[b + 1]))) {
          emit(b, b + 1);
          ++b;
          continue;
        }
        if (isStopChar(static_cast<char>(c)) || isSymbolRunChar(static_cast<char>(c)) || c == '>' ||
            c == '~' || c == '\\' || c == '/' || c == '%' || c == '&' || c == '^' || c == '|') {
          std::size_t len = runForward(t_, b, e);
          if (c == '.' && len == 1 && b + 1 < e && isDigit(static_cast<unsigned char>(t_[b + 1]))) break;  // ".5"
          if ((c == '/' || c == '&' || c == '%') && len == 1 && e - b > 1) break;
          if (b + len == e) break;  // the whole rest is this run
          emit(b, b + len);
          b += len;
          continue;
        }
        break;
      }
      char32_t cp = 0;
      std::size_t len = utf8::decode(t_, b, cp);
      if (len == 0) break;
      if (cp == 0x2019 && e - b > len &&
          (isCliticRest(rest.substr(len)) || isDigit(static_cast<unsigned char>(t_[b + len]))))
        break;  // "’s", "’80s"
      if (isSplitPunctCp(cp) || cp == 0x20AC || cp == 0xA3 || cp == 0xA5) {  // € £ ¥ too
        if (b + len == e) break;
        emit(b, b + len);
        b += len;
        continue;
      }
      break;
    }
    // Trailing punctuation.
    while (b < e) {
      std::string_view rest = t_.substr(b, e - b);
      unsigned char c = static_cast<unsigned char>(t_[e - 1]);
      if (c < 0x80) {
        if (url(rest) && !(c == '.' || c == ',' || c == '"' || c == '\'' || c == '>' ||
                                    c == ';' || c == '!' || c == '?' ||
                                    (c == ')' && rest.find('(') == std::string_view::npos) ||
                                    (c == ']' && rest.find('[') == std::string_view::npos)))
          break;
        if (isStopChar(static_cast<char>(c)) || isSymbolRunChar(static_cast<char>(c)) || c == '<' ||
            c == '>') {
          std::size_t len = runBackward(t_, b, e);
          if (len == e - b) break;  // only punctuation left
          if (c == '.' && len == 1 && isAbbreviation(rest)) break;
          if (c == '-' && len == 1 && isLetter(static_cast<unsigned char>(t_[e - 2])) &&
              rest.find('-') == rest.size() - 1 && rest.size() <= 8)
            break;  // "re-", "wh-": a cut-off word
          tail_.emplace_back(e - len, e);
          e -= len;
          continue;
        }
        if (isClosing(c) && e - b > 1) {
          tail_.emplace_back(e - 1, e);
          --e;
          continue;
        }
        break;
      }
      std::size_t len = lastCharLen(t_, b, e);
      char32_t cp = 0;
      if (utf8::decode(t_, e - len, cp) != len) break;
      if (isSplitPunctCp(cp) && e - b > len) {
        tail_.emplace_back(e - len, e);
        e -= len;
        continue;
      }
      break;
    }
    middle(b, e);
    for (std::size_t k = tail_.size(); k > tail_base; --k) emit(tail_[k - 1].first, tail_[k - 1].second);
    tail_.resize(tail_base);
  }

  static std::string_view stripTrailing(std::string_view s) {
    while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ')' ||
                          s.back() == ';' || s.back() == '"' || s.back() == '\'' ||
                          s.back() == '>' || s.back() == ':' || s.back() == '!' || s.back() == '?'))
      s.remove_suffix(1);
    return s;
  }

  static bool isCliticRest(std::string_view r) {
    return iequals(r, "s") || iequals(r, "re") || iequals(r, "ll") || iequals(r, "ve") ||
           iequals(r, "m") || iequals(r, "d") || iequals(r, "em") || iequals(r, "t");
  }

  // The inside of a chunk, without its leading/trailing punctuation.
  void middle(std::size_t b, std::size_t e) {
    if (b >= e) return;
    std::string_view s = t_.substr(b, e - b);
    if (url(s)) {
      emit(b, e);
      return;
    }
    // Internal punctuation that always splits: brackets, quotes, commas between words, dashes.
    for (std::size_t k = b; k < e;) {
      unsigned char c = static_cast<unsigned char>(t_[k]);
      std::size_t len = 1;
      bool split = false;
      if (c < 0x80) {
        if (c == '(' || c == ')' || c == '[' || c == ']' || c == '"' || c == ';' || c == '{' ||
            c == '}' || c == '<' || c == '>') {
          split = true;
          len = runForward(t_, k, e);
        } else if (c == '!' || c == '?') {
          split = true;
          len = runForward(t_, k, e);
        } else if (c == '.' && k + 1 < e && t_[k + 1] == '.') {  // "okay..won't"
          split = true;
          len = runForward(t_, k, e);
        } else if (c == '*' || c == '=' || c == '+') {
          split = true;
          len = runForward(t_, k, e);
        }
        else if (c == ',' && !(k > b && k + 1 < e && isDigit(static_cast<unsigned char>(t_[k - 1])) &&
                               isDigit(static_cast<unsigned char>(t_[k + 1]))))
          split = true;
        else if (c == '-' && k + 1 < e && t_[k + 1] == '-') {
          len = runForward(t_, k, e);
          split = true;
        }
      } else {
        char32_t cp = 0;
        len = utf8::decode(t_, k, cp);
        if (len == 0) len = 1;
        else if (isSplitPunctCp(cp) && !(cp == 0x2019 && isApostrophe(b, e, k))) split = true;
      }
      if (split && !(k == b && k + len == e)) {
        chunk(b, k);
        emit(k, k + len);
        chunk(k + len, e);
        return;
      }
      k += len;
    }
    word(b, e);
  }

  // True if the "’" at k inside [b, e) is an apostrophe: a letter or digit on both sides.
  bool isApostrophe(std::size_t b, std::size_t e, std::size_t k) const {
    if (k == b || k + 3 >= e) return false;
    unsigned char prev = static_cast<unsigned char>(t_[k - 1]);
    unsigned char next = static_cast<unsigned char>(t_[k + 3]);
    return (isAlnum(prev) || prev >= 0x80) && (isAlnum(next) || next >= 0x80);
  }

  static bool isSpecialWord(std::string_view s) {
    return iequals(s, "cannot") || iequals(s, "gonna") || iequals(s, "gotta") || iequals(s, "wanna");
  }

  // A word: clitics, then hyphens and slashes.
  void word(std::size_t b, std::size_t e) {
    std::string_view s = t_.substr(b, e - b);
    // Negation: "don't" = do + n't, "can't" = ca + n't, "won't" = wo + n't.
    for (std::string_view neg : {std::string_view("n't"), std::string_view("n\xE2\x80\x99t")}) {
      if (!(classes_ & kApostrophe)) break;  // both need an apostrophe
      if (s.size() > neg.size() && iequals(s.substr(s.size() - neg.size()), neg) &&
          isLetter(static_cast<unsigned char>(s[s.size() - neg.size() - 1]))) {
        int g = next_group_++;
        hyphens(b, e - neg.size(), g);
        emit(e - neg.size(), e, g);
        return;
      }
    }
    // Other clitics and the possessive: 's 're 'll 've 'm 'd.
    for (std::string_view ap : {std::string_view("'"), std::string_view("\xE2\x80\x99")}) {
      if (!(classes_ & kApostrophe)) break;
      std::size_t pos = s.rfind(ap);
      if (pos == std::string_view::npos || pos == 0) continue;
      std::string_view rest = s.substr(pos + ap.size());
      if (!isCliticRest(rest) || iequals(rest, "t") || iequals(rest, "em")) continue;
      unsigned char before = static_cast<unsigned char>(s[pos - 1]);
      if (!(isAlnum(before) || before >= 0x80)) continue;
      int g = next_group_++;
      hyphens(b, b + pos, g);
      emit(b + pos, e, g);
      return;
    }
    // "cannot" = can + not, "gonna" = gon + na, "gotta" = got + ta, "wanna" = wan + na.
    if (isSpecialWord(s)) {
      int g = next_group_++;
      emit(b, b + 3, g);
      emit(b + 3, e, g);
      return;
    }
    hyphens(b, e, -1);
  }

  // Hyphen and slash splitting inside a word (UD mode only for hyphens).
  void hyphens(std::size_t b, std::size_t e, int group) {
    if (b >= e) return;
    std::string_view s = t_.substr(b, e - b);
    if (o_.split_hyphens && (classes_ & kHyphen) && s.find('-') != std::string_view::npos && s.size() > 2 &&
        !url(s)) {
      // Phone numbers and codes stay whole: every part is digits, 3 or more.
      bool phone = true;
      std::size_t part = 0;
      bool has_letter_digit_mix = false;
      for (char c : s) {
        if (c == '-') {
          if (part < 3) phone = false;
          part = 0;
        } else if (isDigit(static_cast<unsigned char>(c))) {
          ++part;
        } else {
          phone = false;
          if (!isLetter(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80 &&
              c != ',' && c != '.')
            has_letter_digit_mix = true;
          ++part;
        }
      }
      if (part < 3) phone = false;
      std::size_t h = s.find('-');
      bool prefix = inList(s.substr(0, h), kHyphenPrefixes);
      if (!phone && !prefix && !has_letter_digit_mix && h > 0 && h + 1 < s.size()) {
        hyphens(b, b + h, group);
        emit(b + h, b + h + 1, group);
        hyphens(b + h + 1, e, group);
        return;
      }
    }
    if ((classes_ & kSlash) && (iequals(s, "w/") || iequals(s, "w/o"))) {
      emit(b, e, group);
      return;
    }
    // "5pm", "70k", "375mm": a number and its unit; "1990s", "2nd" stay.
    if (isDigit(static_cast<unsigned char>(s[0]))) {
      std::size_t k = 0;
      while (k < s.size() && (isDigit(static_cast<unsigned char>(s[k])) || s[k] == ',' || s[k] == '.')) ++k;
      if (k < s.size() && isDigit(static_cast<unsigned char>(s[k - 1]))) {
        std::string_view unit = s.substr(k);
        bool letters = std::all_of(unit.begin(), unit.end(), [](char c) { return isLetter(static_cast<unsigned char>(c)); });
        static constexpr WordSet kKeep(std::array<std::string_view, 7>{"s", "st", "nd", "rd", "th", "d", "D"});
        if (letters && !inList(unit, kKeep)) {
          emit(b, b + k, group);
          emit(b + k, e, group);
          return;
        }
      }
    }
    // "and/or", "he/she": a slash between words splits; "9/11", "1/2" stay.
    std::size_t sl = (classes_ & kSlash) ? s.find('/') : std::string_view::npos;
    if (sl != std::string_view::npos && sl > 0 && sl + 1 < s.size() &&
        isLetter(static_cast<unsigned char>(s[sl - 1])) && isLetter(static_cast<unsigned char>(s[sl + 1])) &&
        s.size() > 3) {
      hyphens(b, b + sl, group);
      emit(b + sl, b + sl + 1, group);
      hyphens(b + sl + 1, e, group);
      return;
    }
    emit(b, e, group);
  }

  std::string_view t_;
  const TokenizeOptions& o_;
  std::vector<Word>& out_;
  int next_group_ = 0;
  unsigned classes_ = 0;  // byte classes of the current whitespace-free chunk (kChunkClasses)
  std::vector<std::pair<std::size_t, std::size_t>> tail_;  // trailing-token stack of chunk()
};

}  // namespace

bool isAbbreviation(std::string_view w) {
  if (w.size() < 2 || w.back() != '.') return false;
  std::string_view stem = w.substr(0, w.size() - 1);
  if (stem.size() == 1 && isLetter(static_cast<unsigned char>(stem[0]))) return true;  // "J."
  // "U.S.", "e.g.", "a.m.", "Ph.D."
  bool dotted = stem.find('.') != std::string_view::npos;
  if (dotted) {
    bool ok = true;
    for (char c : stem)
      if (!(isLetter(static_cast<unsigned char>(c)) || c == '.')) ok = false;
    if (ok && stem.front() != '.' && stem.size() <= 8) return true;
  }
  return inList(stem, kAbbreviations);
}

bool isTitleAbbreviation(std::string_view w) {
  if (w.empty() || w.back() != '.') return false;
  std::string_view stem = w.substr(0, w.size() - 1);
  if (stem.size() == 1 && isUpper(static_cast<unsigned char>(stem[0]))) return true;  // initials
  return inList(stem, kTitleAbbreviations);
}

void tokenize(std::string_view text, std::size_t begin, std::size_t end,
              const TokenizeOptions& options, std::vector<Word>& out) {
  if (text.size() >= 0xFFFFFFFFu)
    throw InputError("<text>", "too large to tokenize (" + std::to_string(text.size()) +
                                   " bytes; word offsets are 32-bit)");
  Tokenizer(text, options, out).run(begin, end);
}

}  // namespace kg::extract::text
