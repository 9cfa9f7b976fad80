#include "extract/text/cleanup.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "extract/text/utf8.h"

namespace kg::extract {

// ---------------------------------------------------------------- OffsetMap

void OffsetMap::copy(std::size_t raw, std::size_t n) {
  if (n == 0) return;
  if (!pieces_.empty()) {
    Piece& last = pieces_.back();
    if (last.identity && last.raw + last.raw_len == raw && last.clean + last.clean_len == clean_size_) {
      last.raw_len += n;
      last.clean_len += n;
      clean_size_ += n;
      return;
    }
  }
  pieces_.push_back({clean_size_, raw, n, n, true});
  clean_size_ += n;
}

void OffsetMap::replace(std::size_t raw, std::size_t raw_len, std::size_t clean_len) {
  if (clean_len == 0) return;  // a deletion: the next piece starts further on in the raw bytes
  pieces_.push_back({clean_size_, raw, clean_len, raw_len, false});
  clean_size_ += clean_len;
}

void OffsetMap::popBack(std::size_t n) {
  while (n > 0 && !pieces_.empty()) {
    Piece& last = pieces_.back();
    std::size_t k = std::min(n, last.clean_len);
    last.clean_len -= k;
    last.raw_len -= k;
    clean_size_ -= k;
    n -= k;
    if (last.clean_len == 0) pieces_.pop_back();
  }
}

void OffsetMap::finish(std::size_t raw_size) { raw_size_ = raw_size; }

void OffsetMap::clear() {
  pieces_.clear();
  clean_size_ = 0;
  raw_size_ = 0;
}

const OffsetMap::Piece* OffsetMap::find(std::size_t clean) const {
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), clean,
                             [](std::size_t c, const Piece& p) { return c < p.clean; });
  if (it == pieces_.begin()) return nullptr;
  --it;
  if (clean >= it->clean + it->clean_len) return nullptr;
  return &*it;
}

std::size_t OffsetMap::rawBegin(std::size_t clean) const {
  if (clean >= clean_size_) return raw_size_;
  if (pieces_.size() == 1 && pieces_[0].identity) return pieces_[0].raw + clean;  // no repairs
  const Piece* p = find(clean);
  if (!p) return 0;
  return p->identity ? p->raw + (clean - p->clean) : p->raw;
}

std::size_t OffsetMap::rawEnd(std::size_t clean) const {
  if (clean == 0) return pieces_.empty() ? 0 : pieces_.front().raw;
  if (pieces_.size() == 1 && pieces_[0].identity && clean <= clean_size_) return pieces_[0].raw + clean;
  const Piece* p = find(clean - 1);
  if (!p) return raw_size_;
  return p->identity ? p->raw + (clean - p->clean) : p->raw + p->raw_len;
}

bool OffsetMap::isIdentity(std::size_t begin, std::size_t end) const {
  if (begin >= end) return true;
  const Piece* p = find(begin);
  return p && p->identity && end <= p->clean + p->clean_len;
}

const OffsetMap::Piece* OffsetMap::Cursor::find(std::size_t clean) {
  const std::vector<Piece>& pieces = map_->pieces_;
  if (piece_ >= pieces.size() || clean < pieces[piece_].clean) {
    const Piece* p = map_->find(clean);  // going back: binary search
    if (p) piece_ = static_cast<std::size_t>(p - pieces.data());
    return p;
  }
  // Forward: a few steps along the pieces, then a binary search for a long jump.
  for (int steps = 0; steps < 8; ++steps) {
    const Piece& p = pieces[piece_];
    if (clean < p.clean) return nullptr;  // between pieces (as find())
    if (clean < p.clean + p.clean_len) return &p;
    if (piece_ + 1 >= pieces.size()) return nullptr;
    ++piece_;
  }
  const Piece* p = map_->find(clean);
  if (p) piece_ = static_cast<std::size_t>(p - pieces.data());
  return p;
}

std::size_t OffsetMap::Cursor::slowBegin(std::size_t clean) {
  const OffsetMap& m = *map_;
  if (clean >= m.clean_size_) return m.raw_size_;
  if (m.pieces_.size() == 1 && m.pieces_[0].identity) return m.pieces_[0].raw + clean;  // no repairs
  const Piece* p = find(clean);
  current();
  if (!p) return 0;
  return p->identity ? p->raw + (clean - p->clean) : p->raw;
}

std::size_t OffsetMap::Cursor::slowEnd(std::size_t clean) {
  const OffsetMap& m = *map_;
  if (clean == 0) return m.pieces_.empty() ? 0 : m.pieces_.front().raw;
  if (m.pieces_.size() == 1 && m.pieces_[0].identity && clean <= m.clean_size_)
    return m.pieces_[0].raw + clean;
  const Piece* p = find(clean - 1);
  current();
  if (!p) return m.raw_size_;
  return p->identity ? p->raw + (clean - p->clean) : p->raw + p->raw_len;
}

// ---------------------------------------------------------------- helpers

namespace {

// The Windows-1252 byte for a code point, or -1. Latin-1 code points map to
// themselves (this also covers C1 controls left by Latin-1 decoders).
int cp1252Byte(char32_t cp) {
  if (cp >= 0x80 && cp <= 0xFF) return static_cast<int>(cp);
  switch (cp) {
    case 0x20AC: return 0x80;
    case 0x201A: return 0x82;
    case 0x0192: return 0x83;
    case 0x201E: return 0x84;
    case 0x2026: return 0x85;
    case 0x2020: return 0x86;
    case 0x2021: return 0x87;
    case 0x02C6: return 0x88;
    case 0x2030: return 0x89;
    case 0x0160: return 0x8A;
    case 0x2039: return 0x8B;
    case 0x0152: return 0x8C;
    case 0x017D: return 0x8E;
    case 0x2018: return 0x91;
    case 0x2019: return 0x92;
    case 0x201C: return 0x93;
    case 0x201D: return 0x94;
    case 0x2022: return 0x95;
    case 0x2013: return 0x96;
    case 0x2014: return 0x97;
    case 0x02DC: return 0x98;
    case 0x2122: return 0x99;
    case 0x0161: return 0x9A;
    case 0x203A: return 0x9B;
    case 0x0153: return 0x9C;
    case 0x017E: return 0x9E;
    case 0x0178: return 0x9F;
    default: return -1;
  }
}

bool isUnicodeSpace(char32_t cp) {
  return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

bool isZeroWidth(char32_t cp) {
  return cp == 0x200B || cp == 0xFEFF || cp == 0x2060 || cp == 0xAD || cp == 0x200E ||
         cp == 0x200F;
}

bool isLineSeparator(char32_t cp) { return cp == 0x2028 || cp == 0x2029 || cp == 0x85; }

bool isCombining(char32_t cp) {
  return cp >= 0x300 && utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->combining_class != 0;
}

// True when a starter without following marks may still change under NFC.
bool mayChangeAlone(char32_t cp) {
  if (cp < 0x340) return false;
  if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xAC00 && cp <= 0xD7A3)) return true;  // Hangul
  return utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->comp_exclusion;
}

bool isAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool isAsciiAlnum(unsigned char c) { return isAsciiLetter(c) || (c >= '0' && c <= '9'); }

class Cleaner {
 public:
  Cleaner(std::string_view raw, const CleanOptions& o, CleanText& out) : raw_(raw), o_(o), out_(out) {
    out_.text.clear();
    out_.map.clear();
    out_.repairs = 0;
    out_.text.reserve(raw.size() + raw.size() / 16);
    mojibake_evidence_ = raw.find("\xC3\xA2\xE2\x82\xAC") != std::string_view::npos;
  }

  void run() {
    std::size_t i = 0;
    const std::size_t n = raw_.size();
    while (i < n) {
      // Fast path: a run of plain ASCII bytes is copied as is.
      std::size_t j = plainAsciiEnd(i);
      if (j > i) {
        emitCopy(i, j - i);
        i = j;
        continue;
      }
      if (raw_[i] == '*') {
        i = bannedMark(i);
        continue;
      }
      i = nonAscii(i);
    }
    out_.map.finish(n);
  }

 private:
  // The end of the run of ASCII bytes other than '*' that starts at raw_[i]: eight bytes
  // at a time while none is >= 0x80 or '*', then byte by byte.
  std::size_t plainAsciiEnd(std::size_t i) const {
    const std::size_t n = raw_.size();
    const char* p = raw_.data();
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    constexpr std::uint64_t kStars = kOnes * static_cast<unsigned char>('*');
    while (i + 8 <= n) {
      std::uint64_t v;
      std::memcpy(&v, p + i, 8);
      std::uint64_t x = v ^ kStars;  // a zero byte where v has '*'
      if ((v | ((x - kOnes) & ~x)) & kHigh) break;  // a byte >= 0x80, or a '*'
      i += 8;
    }
    while (i < n) {
      unsigned char c = static_cast<unsigned char>(p[i]);
      if (c >= 0x80 || c == '*') break;
      ++i;
    }
    return i;
  }

  void emitCopy(std::size_t raw, std::size_t len) {
    out_.text.append(raw_.data() + raw, len);
    out_.map.copy(raw, len);
  }
  void emitReplace(std::size_t raw, std::size_t raw_len, std::string_view clean) {
    out_.text.append(clean);
    out_.map.replace(raw, raw_len, clean.size());
    ++out_.repairs;
  }

  // '*' after a capitalised name ("Taliban *", "ISIS*,") is a mark, not text.
  std::size_t bannedMark(std::size_t i) {
    if (o_.banned_marks && isBannedMark(i)) {
      bool space_before = i > 0 && raw_[i - 1] == ' ';
      if (space_before && !out_.text.empty() && out_.text.back() == ' ' &&
          out_.map.isIdentity(out_.text.size() - 1, out_.text.size())) {
        out_.text.pop_back();
        out_.map.popBack(1);
      }
      ++out_.repairs;  // deletion
      return i + 1;
    }
    emitCopy(i, 1);
    return i + 1;
  }

  bool isBannedMark(std::size_t i) const {
    const std::size_t n = raw_.size();
    // What follows: end, whitespace or closing punctuation.
    if (i + 1 < n) {
      char c = raw_[i + 1];
      if (!(c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',' || c == '.' || c == ';' ||
            c == ':' || c == ')' || c == '!' || c == '?'))
        return false;
    }
    // What precedes: a name, directly or after one space.
    std::size_t k = i;
    if (k > 0 && raw_[k - 1] == ' ') --k;
    std::size_t word_end = k;
    while (k > 0 && (isAsciiAlnum(static_cast<unsigned char>(raw_[k - 1])) || raw_[k - 1] == '-')) --k;
    if (k == word_end) return false;
    if (!(raw_[k] >= 'A' && raw_[k] <= 'Z')) return false;
    if (k > 0 && raw_[k - 1] == '*') return false;  // *Emphasis* in Markdown
    return true;
  }

  std::size_t nonAscii(std::size_t i) {
    char32_t cp;
    std::size_t len = utf8::decode(raw_, i, cp);
    if (len == 0) {  // invalid byte
      emitReplace(i, 1, "\xEF\xBF\xBD");
      return i + 1;
    }
    if (o_.spaces) {
      if (isUnicodeSpace(cp)) {
        emitReplace(i, len, " ");
        return i + len;
      }
      if (isLineSeparator(cp)) {
        emitReplace(i, len, "\n");
        return i + len;
      }
      if (isZeroWidth(cp)) {
        ++out_.repairs;
        return i + len;
      }
    }
    if (o_.mojibake) {
      std::size_t m = mojibake(i, cp, len);
      if (m) return i + m;
    }
    if (o_.nfc) return normalise(i, cp, len);
    emitCopy(i, len);
    return i + len;
  }

  // Repairs UTF-8 that was decoded as Windows-1252/Latin-1 and encoded again.
  // Returns the raw bytes consumed, or 0 if there is no clear mojibake at `i`.
  std::size_t mojibake(std::size_t i, char32_t cp, std::size_t len) {
    const std::size_t n = raw_.size();
    int lead = cp1252Byte(cp);
    if (lead >= 0xC2 && lead <= 0xF4) {
      int need = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
      unsigned char bytes[4] = {static_cast<unsigned char>(lead), 0, 0, 0};
      std::size_t j = i + len;
      int got = 0;
      while (got < need && j < n) {
        if (lead == 0xE2 && got == 1 && raw_.compare(j, 2, "TM") == 0) {  // "™" spelt "TM": 0x99
          bytes[1 + got++] = 0x99;
          j += 2;
          continue;
        }
        char32_t c2;
        std::size_t l2 = utf8::decode(raw_, j, c2);
        if (l2 == 0) break;
        int b = cp1252Byte(c2);
        if (b < 0x80 || b > 0xBF) break;
        bytes[1 + got++] = static_cast<unsigned char>(b);
        j += l2;
      }
      if (got == need) {
        std::string_view seq(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(need + 1));
        char32_t fixed;
        if (utf8::decode(seq, 0, fixed) == seq.size() && fixed >= 0x80) {
          emitReplace(i, j - i, o_.spaces && isUnicodeSpace(fixed) ? std::string_view(" ") : seq);
          return j - i;
        }
      }
      // "â€" whose third byte was lost (0x9D is undefined in Windows-1252): a closing quote.
      if (lead == 0xE2 && got == 1 && bytes[1] == 0x80) {
        emitReplace(i, j - i, "\xE2\x80\x9D");
        return j - i;
      }
    }
    // A dagger "†" opening a word in a text with other mojibake is a damaged "‘".
    if (cp == 0x2020 && mojibake_evidence_ && i + len < n &&
        isAsciiLetter(static_cast<unsigned char>(raw_[i + len]))) {
      char prev = i > 0 ? raw_[i - 1] : ' ';
      if (prev == ' ' || prev == '\n' || prev == '\t' || prev == '(' || prev == '"') {
        emitReplace(i, len, "\xE2\x80\x98");
        return len;
      }
    }
    return 0;
  }

  // NFC for a starter and the combining marks that follow it.
  std::size_t normalise(std::size_t i, char32_t cp, std::size_t len) {
    std::size_t start = i;
    // A combining mark after an ASCII letter: take the letter back into the group.
    if (isCombining(cp) && i > 0 && static_cast<unsigned char>(raw_[i - 1]) < 0x80 &&
        !out_.text.empty() && out_.map.isIdentity(out_.text.size() - 1, out_.text.size()) &&
        out_.map.rawEnd(out_.text.size()) == i) {
      out_.text.pop_back();
      out_.map.popBack(1);
      start = i - 1;
    }
    std::size_t j = i + len;
    bool marks = start < i || isCombining(cp);
    while (j < raw_.size()) {
      char32_t c2;
      std::size_t l2 = utf8::decode(raw_, j, c2);
      if (l2 == 0 || !isCombining(c2)) break;
      marks = true;
      j += l2;
    }
    if (!marks && !mayChangeAlone(cp)) {
      emitCopy(start, j - start);
      return j;
    }
    utf8proc_uint8_t* dst = nullptr;
    utf8proc_ssize_t r = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(raw_.data() + start),
                                      static_cast<utf8proc_ssize_t>(j - start), &dst,
                                      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (r < 0 || !dst) {
      std::free(dst);
      emitCopy(start, j - start);
      return j;
    }
    std::string_view norm(reinterpret_cast<const char*>(dst), static_cast<std::size_t>(r));
    if (norm == raw_.substr(start, j - start))
      emitCopy(start, j - start);
    else
      emitReplace(start, j - start, norm);
    std::free(dst);
    return j;
  }

  std::string_view raw_;
  const CleanOptions& o_;
  CleanText& out_;
  bool mojibake_evidence_ = false;
};

}  // namespace

CleanText cleanText(std::string_view raw, const CleanOptions& options) {
  CleanText out;
  Cleaner(raw, options, out).run();
  return out;
}

void cleanText(std::string_view raw, const CleanOptions& options, CleanText& out) {
  Cleaner(raw, options, out).run();
}

std::size_t findInvalidUtf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp;
    std::size_t len = utf8::decode(s, i, cp);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace kg::extract
