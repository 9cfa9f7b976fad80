// Text clean-up with an exact map back to the raw bytes. Every change (UTF-8
// repair, NFC, odd spaces, mojibake, banned-organisation marks) is recorded, so
// any span of the clean text maps to the raw byte span it came from.
//
//   kg::extract::CleanText c = kg::extract::cleanText(doc.raw);
//   std::size_t b = c.map.rawBegin(5), e = c.map.rawEnd(12);  // raw span of clean [5, 12)
//   // for text untouched by repairs: raw.substr(b, e - b) == c.text.substr(5, 7)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kg::extract {

// What the clean-up changes; everything is on by default.
struct CleanOptions {
  bool nfc = true;           // Unicode NFC (utf8proc)
  bool spaces = true;        // NBSP and other Unicode spaces -> ' ', zero-width characters dropped
  bool mojibake = true;      // UTF-8 read as Windows-1252/Latin-1 ("â€™" -> "’", "Ã©" -> "é")
  bool banned_marks = true;  // "Taliban *", "ISIS*": the mark after a banned organisation dropped
};

// Maps offsets in a clean text back to offsets in the raw bytes it came from.
// Stored as pieces: identity pieces (copied bytes) and replacement pieces
// (a clean range produced from a raw range, mapped as a whole).
class OffsetMap {
  struct Piece;

 public:
  // Raw offset of clean offset `clean` as a start (clean.size() maps to the raw end).
  std::size_t rawBegin(std::size_t clean) const;
  // Raw offset of clean offset `clean` as an exclusive end (0 maps to the raw start).
  std::size_t rawEnd(std::size_t clean) const;
  // True if clean [begin, end) was copied unchanged from the raw bytes.
  bool isIdentity(std::size_t begin, std::size_t end) const;

  // Sequential lookups: the same answers as rawBegin/rawEnd, in O(1) amortised time when
  // the clean offsets asked for do not decrease (as when walking the tokens of a text).
  class Cursor {
   public:
    explicit Cursor(const OffsetMap& map) : map_(&map) { current(); }
    // Same as OffsetMap::rawBegin(clean).
    std::size_t rawBegin(std::size_t clean) {
      return clean - quick_begin_ < quick_len_ ? quick_raw_ + (clean - quick_begin_) : slowBegin(clean);
    }
    // Same as OffsetMap::rawEnd(clean).
    std::size_t rawEnd(std::size_t clean) {
      return clean - 1 - quick_begin_ < quick_len_ && clean > 0 ? quick_raw_ + (clean - quick_begin_)
                                                                : slowEnd(clean);
    }

   private:
    // Caches the current piece if it is an identity piece (the common case): clean offsets
    // in [quick_begin_, quick_begin_ + quick_len_) map to quick_raw_ + (clean - quick_begin_).
    void current() {
      quick_len_ = 0;
      if (piece_ >= map_->pieces_.size()) return;
      const Piece& p = map_->pieces_[piece_];
      if (!p.identity) return;
      quick_begin_ = p.clean;
      quick_len_ = p.clean_len;
      quick_raw_ = p.raw;
    }
    std::size_t slowBegin(std::size_t clean);
    std::size_t slowEnd(std::size_t clean);
    const Piece* find(std::size_t clean);
    const OffsetMap* map_;
    std::size_t piece_ = 0;        // index of the last piece found
    std::size_t quick_begin_ = 0;  // the current identity piece: first clean offset,
    std::size_t quick_len_ = 0;    //   clean length (0 = the current piece is no identity piece),
    std::size_t quick_raw_ = 0;    //   first raw offset
  };

  // Builder (used by cleanText): `n` bytes copied from raw offset `raw`.
  void copy(std::size_t raw, std::size_t n);
  // Builder: `clean_len` clean bytes produced from raw [raw, raw + raw_len) (0 = deletion).
  void replace(std::size_t raw, std::size_t raw_len, std::size_t clean_len);
  // Builder: removes the last `n` clean bytes, which must come from an identity piece.
  void popBack(std::size_t n);
  // Builder: the raw length (maps clean end to it).
  void finish(std::size_t raw_size);
  // Builder: empties the map (its storage is kept for the next text).
  void clear();

 private:
  struct Piece {
    std::size_t clean;      // first clean byte
    std::size_t raw;        // first raw byte
    std::size_t clean_len;  // clean bytes
    std::size_t raw_len;    // raw bytes
    bool identity;          // copied byte for byte
  };
  const Piece* find(std::size_t clean) const;
  std::vector<Piece> pieces_;  // in clean order, non-empty clean ranges only
  std::size_t clean_size_ = 0;  // clean bytes so far
  std::size_t raw_size_ = 0;    // raw length (after finish)
};

// A clean text and its map to the raw bytes.
struct CleanText {
  std::string text;          // clean UTF-8, NFC
  OffsetMap map;             // clean offset -> raw offset
  std::size_t repairs = 0;   // number of changes that were not plain copies
};

// Cleans `raw` (any bytes; invalid UTF-8 becomes U+FFFD).
CleanText cleanText(std::string_view raw, const CleanOptions& options = {});
// The same into `out` (its previous contents replaced, its storage reused).
void cleanText(std::string_view raw, const CleanOptions& options, CleanText& out);

// Byte offset of the first invalid UTF-8 sequence in `s`, or npos.
std::size_t findInvalidUtf8(std::string_view s);

}  // namespace kg::extract
