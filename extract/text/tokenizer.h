// Internal to extract/text: UD English (EWT) tokenization of clean text.
// Words are substrings of the clean text; contractions and possessives are
// split into words that share one surface token (a CoNLL-U multiword token),
// as EWT does ("don't" = do + n't, "Bush's" = Bush + 's).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace kg::extract::text {

// How tokens are cut.
struct TokenizeOptions {
  bool split_hyphens = false;  // "long-term" -> long - term (UD EWT/GUM); false keeps "Al-Qaeda"
};

// One word of the clean text (16 bytes: texts are below 4 GiB).
struct Word {
  std::uint32_t begin = 0;     // clean byte offset of the first byte
  std::uint32_t end = 0;       // clean byte offset one past the last byte
  std::int32_t group = -1;     // surface-token id shared by the words of one multiword token, or -1
  bool space_after = true;     // whitespace follows
  bool newline_after = false;  // a line break follows
};

// Appends the words of clean text[begin, end) to `out`. Throws InputError if `text` is
// 4 GiB or more.
void tokenize(std::string_view text, std::size_t begin, std::size_t end,
              const TokenizeOptions& options, std::vector<Word>& out);

// True if `word` (with its final period) is an abbreviation kept whole ("Mr.", "U.S.", "J.").
bool isAbbreviation(std::string_view word);

// True if `word` is a title or month abbreviation that does not end a sentence ("Mr.", "Gen.").
bool isTitleAbbreviation(std::string_view word);

}  // namespace kg::extract::text
