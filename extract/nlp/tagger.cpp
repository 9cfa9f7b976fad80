#include "extract/nlp/tagger.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <unordered_map>

#include "extract/nlp/lemmatizer.h"
#include "extract/nlp/model_io.h"
#include "extract/nlp/perceptron.h"
#include "graph/error.h"

#ifndef KG_MODELS_DIR
#define KG_MODELS_DIR "extract/models"
#endif

namespace kg::extract {

using perceptron::hashCombine;
using perceptron::hashString;

namespace {

constexpr std::string_view kMagic = "KGTAGGER";
constexpr std::uint32_t kVersion = 5;  // 3: more templates; 4: only the lexicon's (kLex, kLexP1);
                                       // 5: second-pass margin (4 still read)
constexpr std::uint32_t kNone = 0xffffffffu;

// A word's frequency and top-label share needed to lock it to its label.
constexpr std::uint32_t kLockMinCount = 20;
constexpr double kLockMinShare = 0.995;
// A word's frequency needed for its ambiguity class (set of labels seen).
constexpr std::uint32_t kAmbiguityMinCount = 3;
constexpr double kAmbiguityMinShare = 0.01;

// Feature templates (the first argument of every key).
enum Template : std::uint64_t {
  kBias = 1, kWord, kForm, kSuf1, kSuf2, kSuf3, kSuf4, kPre1, kPre2, kPre3, kShape, kFlags,
  kWordM1, kWordP1, kWordM2, kWordP2, kSuf3M1, kSuf3P1, kAmb, kAmbM1, kAmbP1, kAmbP2,
  kWordWordP1, kWordM1Word, kAmbAmbP1, kShapeM1, kShapeP1,
  kLex, kLexP1,
  // dynamic templates (previous predicted labels)
  kTagM1, kTagM2TagM1, kTagM1Word, kTagM1AmbP1, kTagM1Suf3,
  // second pass: first-pass labels of this word and the words to its right
  kSelf, kR1, kR1R2, kTagM1R1, kR1Word,
  // FEATS classifier (given the labels of the sentence)
  kFLabel, kFDict, kFWord, kFSuf3, kFPrev, kFNext, kFPrevWord, kFNextWord, kFPrev2, kFFirst,
  kFSubj, kFSubjLabel, kFNext2, kFPrevNext,
};
constexpr std::size_t kFeatsFeatures = 14;
constexpr std::size_t kStaticFeatures = 29;  // kBias .. kLexP1
constexpr std::size_t kDynamicFeatures = 5;  // kTagM1 .. kTagM1Suf3
constexpr std::size_t kRightFeatures = 5;    // kSelf .. kR1Word
constexpr std::size_t kMaxFeatures = kStaticFeatures + kDynamicFeatures + kRightFeatures;

std::uint64_t hashLower(std::string_view s) { return SuffixRules::hashLower(s); }

// Byte length of the last (first) k UTF-8 characters of s.
std::size_t suffixBytes(std::string_view s, std::size_t k) {
  std::size_t i = s.size();
  while (k > 0 && i > 0) {
    --i;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    --k;
  }
  return s.size() - i;
}
std::size_t prefixBytes(std::string_view s, std::size_t k) {
  std::size_t i = 0;
  while (k > 0 && i < s.size()) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    --k;
  }
  return i;
}

// Word shape with runs collapsed: "McDonald's" -> "XxXx'x", "1,000" -> "d,d".
std::uint64_t shapeHash(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  char last = 0;
  for (unsigned char c : s) {
    char k;
    if (c >= 'A' && c <= 'Z') k = 'X';
    else if (c >= 'a' && c <= 'z') k = 'x';
    else if (c >= '0' && c <= '9') k = 'd';
    else if (c >= 0x80) {
      if ((c & 0xC0) == 0x80) continue;
      k = 'u';
    } else k = static_cast<char>(c);
    if (k == last) continue;
    last = k;
    h = (h ^ static_cast<unsigned char>(k)) * 0x100000001b3ULL;
  }
  return perceptron::mix(h);
}

std::uint64_t flagsOf(std::string_view s, bool first) {
  bool upper = false, lower = false, digit = false, hyphen = false, other = false;
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= '0' && c <= '9') digit = true;
    else if (c == '-') hyphen = true;
    else other = true;
  }
  bool init_upper = !s.empty() && s[0] >= 'A' && s[0] <= 'Z';
  return (upper ? 1u : 0u) | (lower ? 2u : 0u) | (digit ? 4u : 0u) | (hyphen ? 8u : 0u) |
         (other ? 16u : 0u) | (init_upper ? 32u : 0u) | (first ? 64u : 0u);
}

// Whether `form` ends with `suffix` (lower-case) after at least two more bytes, ignoring
// the case of ASCII letters: a regular inflection of a stem ("shoring" ends with "ing").
bool endsWithLower(std::string_view form, std::string_view suffix) {
  const std::size_t n = form.size();
  if (n <= suffix.size() + 1) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    char x = form[n - suffix.size() + i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (x != suffix[i]) return false;
  }
  return true;
}

// Key of the lowercased concatenation a + b in the word lexicon.
std::uint64_t lexKey(std::string_view a, std::string_view b = {}) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::string_view s : {a, b}) {
    for (unsigned char c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
      h = (h ^ c) * 0x100000001b3ULL;
    }
  }
  return perceptron::mix(h);
}

// Bits of a word lexicon entry (WordNet): the parts of speech its form has.
enum LexBits : std::uint32_t {
  kLexNoun = 1, kLexVerb = 2, kLexAdj = 4, kLexAdv = 8,
  kLexName = 16,        // a capitalised noun entry (a name: "Paris")
  kLexVerbForm = 32,    // an irregular verb form ("went")
  kLexNounForm = 64,    // an irregular plural ("children")
  kLexAdjForm = 128,    // an irregular comparative ("better")
};

// Reads the WordNet database files in `dir` (index.*, *.exc, data.noun) into
// lexKey -> LexBits; multi-word entries are skipped. Throws InputError on a missing file.
std::map<std::uint64_t, std::uint8_t> readWordNet(const std::string& dir) {
  std::map<std::uint64_t, std::uint8_t> lex;
  auto each = [&](const std::string& name, const std::function<void(std::string_view)>& line) {
    std::string path = dir + "/" + name;
    std::ifstream in(path);
    if (!in) throw kg::InputError(path, "cannot open the word lexicon file");
    std::string l;
    while (std::getline(in, l)) {
      if (l.empty() || l[0] == ' ') continue;  // licence header
      line(l);
    }
  };
  auto firstWord = [](std::string_view l) { return l.substr(0, std::min(l.find(' '), l.size())); };
  auto add = [&](std::string_view w, std::uint8_t bits) {
    if (w.empty() || w.find('_') != std::string_view::npos) return;
    lex[lexKey(w)] |= bits;
  };
  const std::pair<const char*, std::uint8_t> parts[] = {
      {"noun", kLexNoun}, {"verb", kLexVerb}, {"adj", kLexAdj}, {"adv", kLexAdv}};
  for (auto [part, bits] : parts) {
    each(std::string("index.") + part, [&](std::string_view l) { add(firstWord(l), bits); });
  }
  each("verb.exc", [&](std::string_view l) { add(firstWord(l), kLexVerbForm); });
  each("noun.exc", [&](std::string_view l) { add(firstWord(l), kLexNounForm); });
  each("adj.exc", [&](std::string_view l) { add(firstWord(l), kLexAdjForm); });
  // data.noun: "offset lex_filenum ss_type w_cnt(hex) word lex_id word lex_id ... | gloss".
  each("data.noun", [&](std::string_view l) {
    std::vector<std::string_view> f;
    std::size_t i = 0;
    while (f.size() < 4 && i < l.size()) {
      std::size_t j = std::min(l.find(' ', i), l.size());
      f.push_back(l.substr(i, j - i));
      i = j + 1;
    }
    if (f.size() < 4) return;
    unsigned long count = std::strtoul(std::string(f[3]).c_str(), nullptr, 16);
    for (unsigned long k = 0; k < count && i < l.size(); ++k) {
      std::size_t j = std::min(l.find(' ', i), l.size());
      std::string_view w = l.substr(i, j - i);
      if (!w.empty() && w[0] >= 'A' && w[0] <= 'Z') add(w, kLexName);
      i = std::min(l.find(' ', j + 1), l.size()) + 1;  // skip lex_id
    }
  });
  return lex;
}

std::uint64_t key(Template t, std::uint64_t v) { return hashCombine(t, v); }
std::uint64_t key(Template t, std::uint64_t a, std::uint64_t b) {
  return hashCombine(hashCombine(t, a), b);
}

// Per-word values the features are built from.
struct WordInfo {
  std::uint64_t word = 0;    // hash of the lowercased form
  std::uint64_t suf3 = 0;    // hash of the last 3 characters, lowercased
  std::uint64_t shape = 0;   // shape hash
  std::uint64_t amb = 0;     // ambiguity class (0 = unknown word)
  std::uint64_t lex = 0;     // lexicon class (lexClass)
};

}  // namespace

struct Tagger::Model {
  std::vector<std::string> labels;        // "UPOS|XPOS"
  std::vector<std::string> upos, xpos;    // split labels
  std::vector<std::uint64_t> tag_keys;    // Lemmatizer::tagKey per label
  perceptron::CompactWeights weights;     // label scores, first pass (left context)
  perceptron::CompactWeights weights2;    // second pass (also first-pass labels on the right); may be empty
  std::vector<std::uint64_t> lock_keys;   // hashString(form) of locked words, sorted
  std::vector<std::uint32_t> lock_labels; // their labels
  std::vector<std::uint64_t> amb_keys;    // hashLower(form) of frequent words, sorted
  std::vector<std::uint64_t> amb_values;  // their ambiguity classes
  std::vector<std::uint64_t> lex_keys;    // lexKey of the word lexicon's forms, sorted
  std::vector<std::uint8_t> lex_bits;     // their LexBits
  perceptron::FlatMap lex_index;          // lexKey -> LexBits
  Lemmatizer lemmatizer;                  // lemmas and dictionary features
  perceptron::CompactWeights feats_weights;  // FEATS classes given labels and context; may be empty
  std::vector<std::vector<std::uint32_t>> feats_allowed;  // per label: FEATS classes seen with it
  std::vector<std::uint8_t> nominal;      // per label: PRON, NOUN or PROPN (a possible subject)
  perceptron::FlatMap lock_index;         // form -> label
  perceptron::FlatMap amb_index;          // lowercased form -> position in amb_values
  // The second pass skips words whose first-pass label is this far ahead (in score
  // units) of the next; infinity: every word gets both passes (version 4 models).
  float second_pass_margin = std::numeric_limits<float>::infinity();

  void buildIndexes() {
    lock_index = perceptron::FlatMap();
    amb_index = perceptron::FlatMap();
    lock_index.reserve(lock_keys.size());
    for (std::size_t i = 0; i < lock_keys.size(); ++i) lock_index.set(lock_keys[i], lock_labels[i]);
    lex_index = perceptron::FlatMap();
    lex_index.reserve(lex_keys.size());
    for (std::size_t i = 0; i < lex_keys.size(); ++i) lex_index.set(lex_keys[i], lex_bits[i]);
    amb_index.reserve(amb_keys.size());
    for (std::size_t i = 0; i < amb_keys.size(); ++i) {
      amb_index.set(amb_keys[i], static_cast<std::uint32_t>(i));
    }
    upos.clear();
    xpos.clear();
    tag_keys.clear();
    nominal.clear();
    for (const auto& l : labels) {
      auto bar = l.find('|');
      upos.push_back(l.substr(0, bar));
      xpos.push_back(bar == std::string::npos ? "_" : l.substr(bar + 1));
      tag_keys.push_back(Lemmatizer::tagKey(upos.back(), xpos.back()));
      nominal.push_back(upos.back() == "PRON" || upos.back() == "NOUN" || upos.back() == "PROPN");
    }
  }

  // kStaticFeatures keys per word of `s`, appended to `out`.
  void staticFeatures(const Sentence& s, std::vector<WordInfo>& info,
                      std::vector<std::uint64_t>& out) const {
    const std::size_t n = s.tokens.size();
    info.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::string_view f = s.tokens[i].form;
      WordInfo& w = info[i];
      w.word = hashLower(f);
      w.suf3 = hashLower(f.substr(f.size() - suffixBytes(f, 3)));
      w.shape = shapeHash(f);
      std::uint32_t a = amb_index.get(w.word, kNone);
      w.amb = a == kNone ? 0 : amb_values[a];
      w.lex = lexClass(f);
    }
    static const WordInfo kStart{hashString("<s>"), hashString("<s>"), hashString("<s>"), 1,
                                 1u << 20};
    static const WordInfo kEnd{hashString("</s>"), hashString("</s>"), hashString("</s>"), 2,
                               1u << 21};
    auto at = [&](std::ptrdiff_t j) -> const WordInfo& {
      if (j < 0) return kStart;
      if (j >= static_cast<std::ptrdiff_t>(n)) return kEnd;
      return info[static_cast<std::size_t>(j)];
    };
    for (std::size_t i = 0; i < n; ++i) {
      std::string_view f = s.tokens[i].form;
      auto p = static_cast<std::ptrdiff_t>(i);
      const WordInfo& w = info[i];
      out.push_back(key(kBias, 0));
      out.push_back(key(kWord, w.word));
      out.push_back(key(kForm, hashString(f)));
      out.push_back(key(kSuf1, hashLower(f.substr(f.size() - suffixBytes(f, 1)))));
      out.push_back(key(kSuf2, hashLower(f.substr(f.size() - suffixBytes(f, 2)))));
      out.push_back(key(kSuf3, w.suf3));
      out.push_back(key(kSuf4, hashLower(f.substr(f.size() - suffixBytes(f, 4)))));
      out.push_back(key(kPre1, hashLower(f.substr(0, prefixBytes(f, 1)))));
      out.push_back(key(kPre2, hashLower(f.substr(0, prefixBytes(f, 2)))));
      out.push_back(key(kPre3, hashLower(f.substr(0, prefixBytes(f, 3)))));
      out.push_back(key(kShape, w.shape));
      out.push_back(key(kFlags, flagsOf(f, i == 0)));
      out.push_back(key(kWordM1, at(p - 1).word));
      out.push_back(key(kWordP1, at(p + 1).word));
      out.push_back(key(kWordM2, at(p - 2).word));
      out.push_back(key(kWordP2, at(p + 2).word));
      out.push_back(key(kSuf3M1, at(p - 1).suf3));
      out.push_back(key(kSuf3P1, at(p + 1).suf3));
      out.push_back(key(kAmb, w.amb));
      out.push_back(key(kAmbM1, at(p - 1).amb));
      out.push_back(key(kAmbP1, at(p + 1).amb));
      out.push_back(key(kAmbP2, at(p + 2).amb));
      out.push_back(key(kWordWordP1, w.word, at(p + 1).word));
      out.push_back(key(kWordM1Word, at(p - 1).word, w.word));
      out.push_back(key(kAmbAmbP1, w.amb, at(p + 1).amb));
      out.push_back(key(kShapeM1, at(p - 1).shape, w.shape));
      out.push_back(key(kShapeP1, w.shape, at(p + 1).shape));
      std::uint64_t upper_here = !f.empty() && f[0] >= 'A' && f[0] <= 'Z' ? 1 : 0;
      std::uint64_t here = upper_here * 2 + (i == 0 ? 1 : 0);
      out.push_back(key(kLex, w.lex, here));
      out.push_back(key(kLexP1, w.lex, at(p + 1).lex));
    }
  }

  // Writes the keys of word i to `out` and returns their number: its static
  // features, the two previous labels t1, t2 and, for the second pass, the
  // first-pass labels `first` (nullptr in the first pass).
  static std::size_t features(const std::vector<WordInfo>& info, const std::uint64_t* statics,
                              std::size_t i, std::uint32_t t1, std::uint32_t t2,
                              const std::uint32_t* first, std::uint32_t end_label,
                              std::uint64_t* out) {
    const std::size_t n = info.size();
    std::copy_n(statics + i * kStaticFeatures, kStaticFeatures, out);
    std::uint64_t* d = out + kStaticFeatures;
    std::uint64_t amb_next = i + 1 < n ? info[i + 1].amb : 2;
    d[0] = key(kTagM1, t1);
    d[1] = key(kTagM2TagM1, t2, t1);
    d[2] = key(kTagM1Word, t1, info[i].word);
    d[3] = key(kTagM1AmbP1, t1, amb_next);
    d[4] = key(kTagM1Suf3, t1, info[i].suf3);
    if (!first) return kStaticFeatures + kDynamicFeatures;
    std::uint32_t r1 = i + 1 < n ? first[i + 1] : end_label;
    std::uint32_t r2 = i + 2 < n ? first[i + 2] : end_label;
    d[5] = key(kSelf, first[i]);
    d[6] = key(kR1, r1);
    d[7] = key(kR1R2, r1, r2);
    d[8] = key(kTagM1R1, t1, r1);
    d[9] = key(kR1Word, r1, info[i].word);
    return kMaxFeatures;
  }

  // Lexicon class of a form: the LexBits of the form itself, and whether a regular
  // inflection of a lexicon entry explains it (bits 8..): "-s" of a noun or verb,
  // "-ed"/"-ing" of a verb, "-er"/"-est" of an adjective, "-ly" of an adjective.
  std::uint64_t lexClass(std::string_view f) const {
    if (lex_keys.empty()) return 0;
    auto bits = [&](std::string_view a, std::string_view b = {}) -> std::uint64_t {
      return lex_index.get(lexKey(a, b), 0);
    };
    std::uint64_t c = bits(f);
    const std::size_t n = f.size();
    auto ends = [&](std::string_view suf) { return endsWithLower(f, suf); };
    auto stem = [&](std::size_t k) { return f.substr(0, n - k); };
    if (ends("s")) {
      std::uint64_t b = bits(stem(1));
      if (ends("es")) b |= bits(stem(2));
      if (ends("ies")) b |= bits(stem(3), "y");
      c |= (b & (kLexNoun | kLexVerb)) << 8;
    }
    if (ends("ed")) {
      std::uint64_t b = bits(stem(2)) | bits(stem(1));
      if (n > 4 && f[n - 3] == f[n - 4]) b |= bits(stem(3));
      if (ends("ied")) b |= bits(stem(3), "y");
      c |= (b & kLexVerb) << 10;
    }
    if (ends("ing")) {
      std::uint64_t b = bits(stem(3)) | bits(stem(3), "e");
      if (n > 5 && f[n - 4] == f[n - 5]) b |= bits(stem(4));
      c |= (b & kLexVerb) << 11;
    }
    if (ends("er") || ends("est")) {
      std::size_t k = ends("er") ? 2 : 3;
      std::uint64_t b = bits(stem(k)) | bits(stem(k - 1));
      if (n > k + 2 && f[n - k - 1] == f[n - k - 2]) b |= bits(stem(k + 1));
      c |= (b & kLexAdj) << 12;
    }
    if (ends("ly")) c |= (bits(stem(2)) & kLexAdj) << 13;
    return c;
  }

  std::uint32_t locked(std::string_view form) const {
    return lock_index.get(hashString(form), kNone);
  }

  // One greedy left-to-right pass with weights `w` (second pass when `first` is set).
  // With `margins`, the first pass records how far each word's best label is ahead of
  // the next (locked words keep -1), and the second pass keeps the first-pass label of
  // every word at least second_pass_margin ahead.
  void pass(const Sentence& s, const std::vector<WordInfo>& info,
            const std::vector<std::uint64_t>& statics, const perceptron::CompactWeights& w,
            const std::uint32_t* first, std::vector<std::uint32_t>& out,
            std::vector<float>& scores, std::vector<float>* margins = nullptr) const {
    const std::size_t n = s.tokens.size();
    const std::size_t nl = labels.size();
    const auto start_label = static_cast<std::uint32_t>(nl);
    const auto end_label = static_cast<std::uint32_t>(nl + 1);
    out.assign(n, 0);
    scores.resize(nl);
    std::uint64_t keys[kMaxFeatures];
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t lock = locked(s.tokens[i].form);
      if (lock != kNone) {
        out[i] = lock;
        continue;
      }
      std::size_t m = features(info, statics.data(), i, i >= 1 ? out[i - 1] : start_label,
                               i >= 2 ? out[i - 2] : start_label, first, end_label, keys);
      if (first && margins && (*margins)[i] >= second_pass_margin) {
        out[i] = first[i];  // the first pass was sure: no second look
        continue;
      }
      std::fill(scores.begin(), scores.end(), 0.0f);
      w.score(keys, m, scores.data());
      out[i] = static_cast<std::uint32_t>(std::max_element(scores.begin(), scores.end()) -
                                          scores.begin());
      if (!first && margins) {
        float runner_up = -std::numeric_limits<float>::infinity();
        for (std::size_t c = 0; c < nl; ++c) {
          if (c != out[i]) runner_up = std::max(runner_up, scores[c]);
        }
        (*margins)[i] = scores[out[i]] - runner_up;
      }
    }
  }

  // Keys of the FEATS classifier for word i: its label, the dictionary's FEATS class,
  // neighbouring words and labels, and the nearest nominal to its left (agreement).
  static void featsFeatures(const std::vector<WordInfo>& info, const std::uint32_t* lab,
                            std::size_t i, std::uint32_t dict, std::uint64_t subj_word,
                            std::uint32_t subj_label, std::uint32_t start_label,
                            std::uint32_t end_label, std::uint64_t* out) {
    const std::size_t n = info.size();
    std::uint32_t l0 = lab[i];
    std::uint32_t lm1 = i >= 1 ? lab[i - 1] : start_label, lm2 = i >= 2 ? lab[i - 2] : start_label;
    std::uint32_t lp1 = i + 1 < n ? lab[i + 1] : end_label, lp2 = i + 2 < n ? lab[i + 2] : end_label;
    std::uint64_t wm1 = i >= 1 ? info[i - 1].word : 1, wp1 = i + 1 < n ? info[i + 1].word : 2;
    out[0] = key(kFLabel, l0);
    out[1] = key(kFDict, dict, l0);
    out[2] = key(kFWord, info[i].word, l0);
    out[3] = key(kFSuf3, info[i].suf3, l0);
    out[4] = key(kFPrev, lm1, l0);
    out[5] = key(kFNext, l0, lp1);
    out[6] = key(kFPrevWord, wm1, l0);
    out[7] = key(kFNextWord, l0, wp1);
    out[8] = hashCombine(key(kFPrev2, lm2, lm1), l0);
    out[9] = key(kFFirst, i == 0 ? 1 : 0, l0);
    out[10] = key(kFSubj, subj_word, l0);
    out[11] = key(kFSubjLabel, subj_label, l0);
    out[12] = hashCombine(key(kFNext2, l0, lp1), lp2);
    out[13] = hashCombine(key(kFPrevNext, lm1, l0), lp1);
  }

  // FEATS class of every word given its labels (kNoClass: none known).
  void predictFeats(const Sentence& s, const std::vector<WordInfo>& info,
                    const std::vector<std::uint32_t>& lab, std::vector<std::uint32_t>& out,
                    std::vector<float>& scores) const {
    const std::size_t n = s.tokens.size();
    const auto start_label = static_cast<std::uint32_t>(labels.size());
    out.assign(n, Lemmatizer::kNoClass);
    std::uint64_t subj_word = 0;
    std::uint32_t subj_label = start_label;
    std::uint64_t keys[kFeatsFeatures];
    scores.resize(lemmatizer.numFeatsClasses());
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t l = lab[i];
      std::uint32_t dict = lemmatizer.featsClass(s.tokens[i].form, tag_keys[l]);
      if (feats_weights.numFeatures() == 0 || l >= feats_allowed.size() ||
          feats_allowed[l].empty()) {
        out[i] = dict;
        if (nominal[l]) subj_word = info[i].word, subj_label = l;
        continue;
      }
      const auto& allowed = feats_allowed[l];
      if (allowed.size() == 1) {
        out[i] = allowed[0];
      } else {
        featsFeatures(info, lab.data(), i, dict, subj_word, subj_label, start_label,
                      start_label + 1, keys);
        std::fill(scores.begin(), scores.end(), 0.0f);
        feats_weights.score(keys, kFeatsFeatures, scores.data());
        std::uint32_t best = allowed[0];
        for (auto c : allowed) {
          if (scores[c] > scores[best]) best = c;
        }
        out[i] = best;
      }
      if (nominal[l]) {
        subj_word = info[i].word;
        subj_label = l;
      }
    }
  }

  // The words a Title Case line writes in lower case: articles, conjunctions, short
  // prepositions and the clitics the tokenizer splits off ("Won't" -> "Wo" "n't").
  static bool titleLowerWord(std::string_view f) {
    static constexpr std::string_view kWords[] = {
        "a",    "an",  "and",  "as",  "at",  "but", "by",   "for", "from", "in",
        "into", "n't", "nor",  "of",  "off", "on",  "onto", "or",  "out",  "over",
        "per",  "'s",  "than", "the", "to",  "up",  "via",  "vs",  "with"};
    for (std::string_view w : kWords)
      if (f == w) return true;
    return false;
  }

  // Whether `label` (kNone: none) is a closed-class tag: a function word.
  bool closedClass(std::uint32_t label) const {
    if (label == kNone) return false;
    const std::string& u = upos[label];
    return u == "ADP" || u == "AUX" || u == "CCONJ" || u == "DET" || u == "PART" || u == "PRON" ||
           u == "SCONJ";
  }

  // Title Case lines ("Taliban: Control 85% of Afghanistan", "Russia Won't Interfere
  // With Afghanistan") capitalise common words, which the tagger then takes for names.
  // In a sentence where every lower-case word is one of those and at least two words
  // after the first are capitalised, a capitalised word is tagged as if lower-case when
  // that lower-case form is one of those, a function word the tagger always tags alike
  // (a locked form: "if", "wo"), or a word-lexicon entry that is no name ("Control", "With"; not
  // "China", "Taliban", nor unknown words). An open-class word next to another capitalised
  // word is lowered only when it is the run's verb: a run of capitalised words is often
  // a name made of common words ("Animal News Center", "Bill Gates").
  // `saved` gets the changed tokens' positions and forms; tag() puts the forms back once
  // the tags are set.
  void lowerTitleCase(Sentence& s, std::vector<std::pair<std::size_t, std::string>>& saved) const {
    saved.clear();
    if (lex_keys.empty()) return;
    const std::size_t n = s.tokens.size();
    auto initialUpper = [](std::string_view f) {
      if (f.size() < 2 || f[0] < 'A' || f[0] > 'Z') return false;
      bool lower = false;
      for (char c : f.substr(1)) {
        if (c >= 'A' && c <= 'Z') return false;  // "NATO", "McCain": not a Title Case word
        lower = lower || (c >= 'a' && c <= 'z');
      }
      return lower;
    };
    std::size_t capitals = 0;
    for (std::size_t i = 0; i < n; ++i) {
      std::string_view f = s.tokens[i].form;
      if (initialUpper(f)) {
        capitals += i > 0 ? 1 : 0;
      } else if (!f.empty() && f[0] >= 'a' && f[0] <= 'z' && !titleLowerWord(f)) {
        return;  // an open-class lower-case word: ordinary text
      }
    }
    if (capitals < 2) return;
    enum Kind : std::uint8_t { kOther, kKeep, kClosed, kOpen };
    thread_local std::vector<Kind> kind;
    thread_local std::string lower;
    kind.assign(n, kOther);
    for (std::size_t i = 0; i < n; ++i) {
      std::string_view f = s.tokens[i].form;
      if (!initialUpper(f)) continue;
      lower.assign(f);
      lower[0] = static_cast<char>(lower[0] + 32);
      std::uint64_t bits = lexClass(lower);
      if (titleLowerWord(lower) || closedClass(locked(lower)))
        kind[i] = kClosed;
      else if (bits != 0 && (bits & kLexName) == 0)
        kind[i] = kOpen;
      else
        kind[i] = kKeep;
    }
    // Whether the word next to i in direction `step` is a capitalised one that may be part
    // of a name with it ("NASA Administrator"), also across "of", "for" and "the" ("House
    // of Assembly", "Club for Growth").
    auto capitalNext = [&](std::size_t i, std::ptrdiff_t step) {
      for (auto j = static_cast<std::ptrdiff_t>(i) + step;
           j >= 0 && j < static_cast<std::ptrdiff_t>(n); j += step) {
        std::string_view f = s.tokens[static_cast<std::size_t>(j)].form;
        if (f == "of" || f == "for" || f == "the") continue;
        return !f.empty() && f[0] >= 'A' && f[0] <= 'Z' &&
               kind[static_cast<std::size_t>(j)] != kClosed;
      }
      return false;
    };
    thread_local std::vector<char> in_run;
    in_run.assign(n, 0);
    bool runs = false;
    for (std::size_t i = 0; i < n; ++i) {
      in_run[i] = kind[i] == kOpen && (capitalNext(i, 1) || capitalNext(i, -1));
      runs = runs || in_run[i];
    }
    auto lowerFirst = [&](std::size_t i, int delta) {
      char& c = s.tokens[i].form[0];
      c = static_cast<char>(c + delta);
    };
    // In a run, a word the tagger takes for a verb once every candidate is lower-case may
    // be the headline's verb ("China Pledges Aid", "Taliban Fighters Seize Kunduz"); the
    // other words of the run stay as written.
    thread_local std::vector<std::uint32_t> trial;
    if (runs) {
      for (std::size_t i = 0; i < n; ++i)
        if (kind[i] == kClosed || kind[i] == kOpen) lowerFirst(i, 32);
      predict(s, trial);
      for (std::size_t i = 0; i < n; ++i)
        if (kind[i] == kClosed || kind[i] == kOpen) lowerFirst(i, -32);
    }
    auto lowerWord = [&](std::size_t i) {
      saved.emplace_back(i, s.tokens[i].form);
      lowerFirst(i, 32);
    };
    // A headline's verb follows its capitalised subject and is no -ing form ("Taliban Seize",
    // not "Will Rogers", "Bartram Building").
    auto runVerb = [&](std::size_t i) {
      return in_run[i] && capitalNext(i, -1) && xpos[trial[i]] != "VBG" &&
             (upos[trial[i]] == "VERB" || upos[trial[i]] == "AUX");
    };
    for (std::size_t i = 0; i < n; ++i)
      if (kind[i] == kClosed || runVerb(i)) lowerWord(i);
    // Then the open-class words no longer next to a capitalised word ("China pledges Aid
    // to": "Aid").
    for (std::size_t i = 0; i < n; ++i)
      if (kind[i] == kOpen && s.tokens[i].form[0] <= 'Z' && !capitalNext(i, 1) &&
          !capitalNext(i, -1))
        lowerWord(i);
  }

  // Fills upos, xpos, feats and lemma of every word.
  void annotate(Sentence& s) const {
    thread_local std::vector<std::uint32_t> lab, feats;
    thread_local std::vector<float> scores;
    predict(s, lab);
    predictFeats(s, infoBuffer(), lab, feats, scores);
    for (std::size_t i = 0; i < s.tokens.size(); ++i) {
      Token& t = s.tokens[i];
      t.upos = upos[lab[i]];
      t.xpos = xpos[lab[i]];
      t.feats = feats[i] == Lemmatizer::kNoClass ? "_" : lemmatizer.featsName(feats[i]);
      t.lemma = verbLemma(t.form, t.xpos, lemmatizer.lemma(t.form, tag_keys[lab[i]]));
    }
  }

  // The lemma of a regular verb form, checked against the word lexicon: when the suffix
  // rules give a lemma the lexicon does not know as a verb and exactly one other regular
  // reading of the form is a verb there, that one ("shoring": "shor" -> "shore",
  // "fading": "fad" -> "fade"). Other words and lemmas are returned as they are.
  std::string verbLemma(std::string_view form, const std::string& xpos, std::string lemma) const {
    if (lex_keys.empty() || xpos.size() != 3 || xpos[0] != 'V' || xpos[1] != 'B') return lemma;
    auto verb = [&](std::string_view a, std::string_view b = {}) {
      return (lex_index.get(lexKey(a, b), 0) & kLexVerb) != 0;
    };
    if (lemma.empty() || verb(lemma)) return lemma;
    const std::size_t n = form.size();
    auto ends = [&](std::string_view suf) { return endsWithLower(form, suf); };
    std::vector<std::pair<std::string_view, std::string_view>> readings;  // stem + ending
    auto stem = [&](std::size_t k) { return form.substr(0, n - k); };
    auto doubled = [&](std::size_t k) { return n > k + 1 && form[n - k - 1] == form[n - k - 2]; };
    if (xpos == "VBG" && ends("ing")) {
      readings = {{stem(3), ""}, {stem(3), "e"}};
      if (doubled(3)) readings.push_back({stem(4), ""});
    } else if ((xpos == "VBD" || xpos == "VBN") && ends("ed")) {
      readings = {{stem(2), ""}, {stem(1), ""}};
      if (doubled(2)) readings.push_back({stem(3), ""});
      if (ends("ied")) readings.push_back({stem(3), "y"});
    } else if (xpos == "VBZ" && ends("s")) {
      readings = {{stem(1), ""}};
      if (ends("es")) readings.push_back({stem(2), ""});
      if (ends("ies")) readings.push_back({stem(3), "y"});
    }
    std::string found;
    for (auto [a, b] : readings) {
      if (!verb(a, b)) continue;
      std::string candidate = std::string(a) + std::string(b);
      for (char& c : candidate)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      if (!found.empty() && found != candidate) return lemma;  // two verbs: keep the rules' lemma
      found = std::move(candidate);
    }
    return found.empty() ? lemma : found;
  }

  // Per-thread word information of the last sentence predict() saw.
  static std::vector<WordInfo>& infoBuffer() {
    thread_local std::vector<WordInfo> info;
    return info;
  }

  // Predicts the label of every word: first pass, then the second pass if there is one.
  void predict(const Sentence& s, std::vector<std::uint32_t>& labels_out) const {
    std::vector<WordInfo>& info = infoBuffer();
    thread_local std::vector<std::uint64_t> statics;
    thread_local std::vector<float> scores;
    thread_local std::vector<std::uint32_t> first;
    statics.clear();
    staticFeatures(s, info, statics);
    if (weights2.numFeatures() == 0) {
      pass(s, info, statics, weights, nullptr, labels_out, scores);
      return;
    }
    thread_local std::vector<float> margins;
    margins.assign(s.tokens.size(), -1.0f);
    std::vector<float>* m = std::isfinite(second_pass_margin) ? &margins : nullptr;
    pass(s, info, statics, weights, nullptr, first, scores, m);
    pass(s, info, statics, weights2, first.data(), labels_out, scores, m);
  }
};

Tagger::Tagger() = default;
Tagger::~Tagger() = default;
Tagger::Tagger(const Tagger&) = default;
Tagger& Tagger::operator=(const Tagger&) = default;
Tagger::Tagger(Tagger&&) noexcept = default;
Tagger& Tagger::operator=(Tagger&&) noexcept = default;

std::string Tagger::defaultPath() { return std::string(KG_MODELS_DIR) + "/tagger.bin"; }

Tagger Tagger::loadDefault() { return load(defaultPath()); }

Tagger Tagger::loadDefaultIfPresent(std::ostream& warnings) {
  if (!std::filesystem::exists(defaultPath())) return Tagger();
  try {
    return loadDefault();
  } catch (const kg::Error& e) {
    warnings << "kg: warning: tagger not used: " << e.what() << '\n';
    return Tagger();
  }
}

Tagger Tagger::load(const std::string& path) {
  ModelReader in(path, kMagic, 4, kVersion);
  auto m = std::make_shared<Model>();
  m->labels = in.readStrings();
  if (m->labels.empty() || m->labels.size() > 65535) in.fail("corrupt tagger (label set)");
  m->weights = perceptron::CompactWeights::load(in);
  m->weights2 = perceptron::CompactWeights::load(in);
  if (m->weights.numClasses() != static_cast<int>(m->labels.size()) ||
      m->weights2.numClasses() != static_cast<int>(m->labels.size())) {
    in.fail("corrupt tagger (weights do not match the label set)");
  }
  m->lock_keys = in.readVector<std::uint64_t>();
  m->lock_labels = in.readVector<std::uint32_t>();
  if (m->lock_keys.size() != m->lock_labels.size()) in.fail("corrupt tagger (tag dictionary)");
  for (auto l : m->lock_labels) {
    if (l >= m->labels.size()) in.fail("corrupt tagger (tag dictionary label)");
  }
  m->amb_keys = in.readVector<std::uint64_t>();
  m->amb_values = in.readVector<std::uint64_t>();
  if (m->amb_keys.size() != m->amb_values.size()) in.fail("corrupt tagger (ambiguity classes)");
  m->lex_keys = in.readVector<std::uint64_t>();
  m->lex_bits = in.readVector<std::uint8_t>();
  if (m->lex_keys.size() != m->lex_bits.size()) in.fail("corrupt tagger (word lexicon)");
  m->lemmatizer = Lemmatizer::load(in);
  m->feats_weights = perceptron::CompactWeights::load(in);
  if (m->feats_weights.numClasses() != static_cast<int>(m->lemmatizer.numFeatsClasses())) {
    in.fail("corrupt tagger (FEATS weights do not match the FEATS classes)");
  }
  auto allowed_begin = in.readVector<std::uint32_t>();
  auto allowed = in.readVector<std::uint32_t>();
  if (allowed_begin.size() != m->labels.size() + 1 || allowed_begin.front() != 0 ||
      allowed_begin.back() != allowed.size()) {
    in.fail("corrupt tagger (FEATS classes per label)");
  }
  for (std::size_t l = 0; l < m->labels.size(); ++l) {
    if (allowed_begin[l] > allowed_begin[l + 1]) in.fail("corrupt tagger (FEATS classes per label)");
    m->feats_allowed.emplace_back(allowed.begin() + allowed_begin[l],
                                  allowed.begin() + allowed_begin[l + 1]);
  }
  for (auto c : allowed) {
    if (c >= m->lemmatizer.numFeatsClasses()) in.fail("corrupt tagger (FEATS class out of range)");
  }
  if (in.version() >= 5) {
    m->second_pass_margin = in.read<float>();
    if (!(m->second_pass_margin > 0)) in.fail("corrupt tagger (second-pass margin)");
  }
  in.expectEnd();
  m->buildIndexes();
  Tagger t;
  t.model_ = std::move(m);
  return t;
}

void Tagger::save(const std::string& path) const {
  if (!model_) throw kg::Error("tagger: no model to save");
  ModelWriter out(path, kMagic, kVersion);
  out.writeStrings(model_->labels);
  model_->weights.save(out);
  model_->weights2.save(out);
  out.writeVector(model_->lock_keys);
  out.writeVector(model_->lock_labels);
  out.writeVector(model_->amb_keys);
  out.writeVector(model_->amb_values);
  out.writeVector(model_->lex_keys);
  out.writeVector(model_->lex_bits);
  model_->lemmatizer.save(out);
  model_->feats_weights.save(out);
  std::vector<std::uint32_t> allowed_begin{0}, allowed;
  for (const auto& a : model_->feats_allowed) {
    allowed.insert(allowed.end(), a.begin(), a.end());
    allowed_begin.push_back(static_cast<std::uint32_t>(allowed.size()));
  }
  out.writeVector(allowed_begin);
  out.writeVector(allowed);
  out.write<float>(model_->second_pass_margin);
  out.commit();
}

void Tagger::tag(Sentence& sentence) const {
  if (!model_) throw kg::Error("tagger: no model loaded");
  thread_local std::vector<std::pair<std::size_t, std::string>> saved;
  model_->lowerTitleCase(sentence, saved);
  model_->annotate(sentence);
  for (auto& [i, form] : saved) {
    Token& t = sentence.tokens[i];
    if (t.upos == "PROPN") t.lemma = form;  // a name's lemma is its form
    t.form = std::move(form);
  }
}

void Tagger::tag(std::vector<Sentence>& sentences) const {
  for (auto& s : sentences) tag(s);
}

Tagger Tagger::withSecondPassMargin(double margin) const {
  if (!model_) throw kg::Error("tagger: no model loaded");
  if (!(margin > 0)) throw kg::UsageError("tagger: the second-pass margin must be positive");
  auto m = std::make_shared<Model>(*model_);
  m->second_pass_margin = static_cast<float>(margin);
  m->buildIndexes();
  Tagger t;
  t.model_ = std::move(m);
  return t;
}

TaggerScores Tagger::evaluate(const std::vector<Sentence>& gold) const {
  TaggerScores sc;
  std::size_t upos = 0, xpos = 0, feats = 0, all = 0, lemma = 0;
  for (const Sentence& g : gold) {
    Sentence s;
    s.tokens.resize(g.tokens.size());
    for (std::size_t i = 0; i < g.tokens.size(); ++i) s.tokens[i].form = g.tokens[i].form;
    tag(s);
    for (std::size_t i = 0; i < g.tokens.size(); ++i) {
      const Token& a = s.tokens[i];
      const Token& b = g.tokens[i];
      bool u = a.upos == b.upos, x = a.xpos == b.xpos, f = a.feats == b.feats;
      upos += u;
      xpos += x;
      feats += f;
      all += u && x && f;
      lemma += a.lemma == b.lemma;
      ++sc.words;
    }
  }
  auto pct = [&](std::size_t n) { return sc.words ? 100.0 * n / sc.words : 0.0; };
  sc.upos = pct(upos);
  sc.xpos = pct(xpos);
  sc.ufeats = pct(feats);
  sc.all_tags = pct(all);
  sc.lemma = pct(lemma);
  return sc;
}

Tagger Tagger::train(const std::vector<Sentence>& train, const std::vector<Sentence>& dev,
                     const TaggerOptions& options, std::ostream& progress) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  auto say = [&](const char* fmt, auto... args) {
    if (!options.verbose) return;
    char buf[512];
    std::snprintf(buf, sizeof buf, fmt, args...);
    progress << buf << std::flush;
  };

  if (!(options.second_pass_margin > 0)) {
    throw kg::UsageError("tagger: the second-pass margin must be positive");
  }
  auto base = std::make_shared<Model>();
  base->second_pass_margin = static_cast<float>(options.second_pass_margin);
  // Label set (in order of first appearance: deterministic) and gold labels.
  std::map<std::string, std::uint32_t> label_ids;
  std::vector<std::vector<std::uint32_t>> gold(train.size());
  std::size_t tokens = 0;
  for (std::size_t si = 0; si < train.size(); ++si) {
    for (const Token& t : train[si].tokens) {
      std::string l = t.upos + "|" + t.xpos;
      auto [it, is_new] = label_ids.emplace(l, static_cast<std::uint32_t>(base->labels.size()));
      if (is_new) base->labels.push_back(l);
      gold[si].push_back(it->second);
      ++tokens;
    }
  }
  if (tokens == 0) throw kg::InputError("tagger training data", "no words to train on");
  const std::size_t nl = base->labels.size();
  const auto start_label = static_cast<std::uint32_t>(nl);
  const auto end_label = static_cast<std::uint32_t>(nl + 1);
  say("tagger: %zu sentences, %zu words, %zu labels\n", train.size(), tokens, nl);

  // Tag dictionary (locked words) and ambiguity classes.
  {
    std::unordered_map<std::uint64_t, std::map<std::uint32_t, std::uint32_t>> by_form, by_lower;
    for (std::size_t si = 0; si < train.size(); ++si) {
      for (std::size_t i = 0; i < train[si].tokens.size(); ++i) {
        const std::string& f = train[si].tokens[i].form;
        ++by_form[hashString(f)][gold[si][i]];
        ++by_lower[hashLower(f)][gold[si][i]];
      }
    }
    std::vector<std::pair<std::uint64_t, std::uint32_t>> locks;
    for (const auto& [k, counts] : by_form) {
      std::uint32_t total = 0, best = 0, best_n = 0;
      for (auto [l, n] : counts) {
        total += n;
        if (n > best_n) best = l, best_n = n;
      }
      if (total >= kLockMinCount && best_n >= kLockMinShare * total) locks.emplace_back(k, best);
    }
    std::sort(locks.begin(), locks.end());
    for (auto [k, l] : locks) {
      base->lock_keys.push_back(k);
      base->lock_labels.push_back(l);
    }
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ambs;
    for (const auto& [k, counts] : by_lower) {
      std::uint32_t total = 0;
      for (auto [l, n] : counts) total += n;
      if (total < kAmbiguityMinCount) continue;
      std::uint64_t h = 0x51;
      for (auto [l, n] : counts) {
        if (n >= kAmbiguityMinShare * total) h = hashCombine(h, l);
      }
      ambs.emplace_back(k, h);
    }
    std::sort(ambs.begin(), ambs.end());
    for (auto [k, v] : ambs) {
      base->amb_keys.push_back(k);
      base->amb_values.push_back(v);
    }
  }
  if (!options.lexicon_dir.empty()) {
    if (!std::filesystem::is_directory(options.lexicon_dir)) {
      throw kg::InputError(options.lexicon_dir,
                           "no WordNet database folder (Debian wordnet-base; '' trains without it)");
    }
    for (auto [k, b] : readWordNet(options.lexicon_dir)) {
      base->lex_keys.push_back(k);
      base->lex_bits.push_back(b);
    }
  }
  base->buildIndexes();
  base->weights = perceptron::AveragedPerceptron(static_cast<int>(nl)).average();
  base->weights2 = base->weights;
  say("tagger: %zu locked words, %zu ambiguity classes, %zu lexicon forms\n",
      base->lock_keys.size(), base->amb_keys.size(), base->lex_keys.size());

  // Lemmas and features.
  base->lemmatizer = Lemmatizer::train(train);
  const std::size_t nf = base->lemmatizer.numFeatsClasses();
  base->feats_weights = perceptron::AveragedPerceptron(static_cast<int>(nf)).average();
  say("tagger: lemmatizer trained (%.1f s)\n", elapsed());

  // Static features of every training word.
  std::vector<std::vector<WordInfo>> infos(train.size());
  std::vector<std::vector<std::uint64_t>> statics(train.size());
  for (std::size_t si = 0; si < train.size(); ++si) {
    base->staticFeatures(train[si], infos[si], statics[si]);
  }

  // Trains perceptron weights on the sentences `subset`; `first` holds first-pass
  // labels for a second pass (nullptr: first pass). `evaluate(weights, iteration)`
  // scores each iteration's averaged weights; the best are returned.
  using Evaluate = std::function<double(const perceptron::CompactWeights&, int)>;
  auto trainWeights = [&](const std::vector<std::size_t>& subset,
                          const std::vector<std::vector<std::uint32_t>>* first, int iterations,
                          std::uint64_t seed, const Evaluate& evaluate) {
    perceptron::AveragedPerceptron model(static_cast<int>(nl));
    std::vector<std::uint64_t> keys(kMaxFeatures);
    {
      // The feature set: features seen often enough with gold previous labels.
      std::unordered_map<std::uint64_t, std::uint32_t> counts;
      for (std::size_t si : subset) {
        const auto& g = gold[si];
        for (std::size_t i = 0; i < g.size(); ++i) {
          std::size_t m = Model::features(infos[si], statics[si].data(), i,
                                          i >= 1 ? g[i - 1] : start_label,
                                          i >= 2 ? g[i - 2] : start_label,
                                          first ? (*first)[si].data() : nullptr, end_label,
                                          keys.data());
          for (std::size_t j = 0; j < m; ++j) ++counts[keys[j]];
        }
      }
      std::vector<std::uint64_t> kept;
      const auto min_count = static_cast<std::uint32_t>(std::max(1, options.min_feature_count));
      for (auto [k, n] : counts) {
        if (n >= min_count) kept.push_back(k);
      }
      std::sort(kept.begin(), kept.end());
      for (auto k : kept) model.addFeature(k);
      say("tagger:   %zu features (of %zu seen), %.0f s\n", kept.size(), counts.size(),
          elapsed());
    }
    std::vector<std::size_t> order = subset;
    std::mt19937_64 rng(seed);
    perceptron::CompactWeights best;
    double best_score = -1e300;
    std::vector<std::int32_t> rows;
    std::vector<float> scores;
    std::vector<std::uint32_t> predicted;
    for (int iter = 1; iter <= iterations; ++iter) {
      // Fisher-Yates with the seeded engine (std::shuffle's algorithm is unspecified).
      for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
      std::size_t correct = 0, seen = 0;
      for (std::size_t si : order) {
        const Sentence& s = train[si];
        const std::size_t n = s.tokens.size();
        predicted.assign(n, 0);
        for (std::size_t i = 0; i < n; ++i) {
          std::uint32_t lock = base->locked(s.tokens[i].form);
          if (lock != kNone) {
            predicted[i] = lock;
            continue;
          }
          std::size_t m = Model::features(infos[si], statics[si].data(), i,
                                          i >= 1 ? predicted[i - 1] : start_label,
                                          i >= 2 ? predicted[i - 2] : start_label,
                                          first ? (*first)[si].data() : nullptr, end_label,
                                          keys.data());
          keys.resize(m);
          model.lookup(keys, rows);
          keys.resize(kMaxFeatures);
          model.score(rows, scores);
          auto guess = static_cast<std::uint32_t>(
              std::max_element(scores.begin(), scores.end()) - scores.begin());
          std::uint32_t g = gold[si][i];
          model.update(rows, static_cast<int>(g), static_cast<int>(guess));
          model.tick();
          predicted[i] = guess;
          correct += guess == g;
          ++seen;
        }
      }
      auto avg = model.average();
      say("tagger:   iteration %d/%d: train %.2f%% (unlocked words), %zu weights, %.0f s\n", iter,
          iterations, seen ? 100.0 * correct / seen : 0.0, avg.numWeights(), elapsed());
      double score = evaluate(avg, iter);
      if (score > best_score) {
        best_score = score;
        best = std::move(avg);
      }
    }
    return best;
  };

  // Scores a model on dev (UPOS), printing every score.
  auto devScore = [&](std::shared_ptr<Model> m, int iter) {
    if (dev.empty()) return static_cast<double>(iter);  // no dev set: the last iteration wins
    Tagger t;
    t.model_ = std::move(m);
    TaggerScores d = t.evaluate(dev);
    say("tagger:   dev UPOS %.2f XPOS %.2f UFeats %.2f AllTags %.2f Lemma %.2f\n", d.upos, d.xpos,
        d.ufeats, d.all_tags, d.lemma);
    return d.upos;
  };

  std::vector<std::size_t> all(train.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  say("tagger: first pass (left context)\n");
  base->weights = trainWeights(all, nullptr, options.iterations, options.seed,
                               [&](const perceptron::CompactWeights& w, int iter) {
                                 auto m = std::make_shared<Model>(*base);
                                 m->weights = w;
                                 return devScore(m, iter);
                               });
  if (options.two_pass && train.size() >= 2) {
    // First-pass labels of the training data as the tagger will see them on new
    // text: each fold is tagged by a first pass trained on the other folds.
    const std::size_t folds = static_cast<std::size_t>(std::max(2, options.folds));
    std::vector<std::vector<std::uint32_t>> first(train.size());
    for (std::size_t f = 0; f < folds; ++f) {
      std::vector<std::size_t> rest, held;
      for (std::size_t si = 0; si < train.size(); ++si) (si % folds == f ? held : rest).push_back(si);
      say("tagger: jackknife fold %zu/%zu (%zu sentences held out)\n", f + 1, folds, held.size());
      auto fold = std::make_shared<Model>(*base);
      fold->weights = trainWeights(rest, nullptr, options.jackknife_iterations, options.seed + f + 1,
                                   [](const perceptron::CompactWeights&, int iter) {
                                     return static_cast<double>(iter);
                                   });
      std::vector<float> scores;
      for (std::size_t si : held) {
        fold->pass(train[si], infos[si], statics[si], fold->weights, nullptr, first[si], scores);
      }
    }
    say("tagger: second pass (first-pass labels on the right)\n");
    base->weights2 = trainWeights(all, &first, options.iterations, options.seed + 1000,
                                  [&](const perceptron::CompactWeights& w, int iter) {
                                    auto m = std::make_shared<Model>(*base);
                                    m->weights2 = w;
                                    return devScore(m, iter);
                                  });
  }
  if (options.feats_iterations > 0) {
    // FEATS classifier: chooses among the FEATS seen with each label, from context.
    say("tagger: FEATS classifier\n");
    std::vector<std::vector<std::uint32_t>> gold_feats(train.size());
    std::vector<std::map<std::uint32_t, std::uint32_t>> per_label(nl);
    {
      std::unordered_map<std::string, std::uint32_t> ids;
      for (std::uint32_t c = 0; c < nf; ++c) ids.emplace(base->lemmatizer.featsName(c), c);
      for (std::size_t si = 0; si < train.size(); ++si) {
        for (std::size_t i = 0; i < train[si].tokens.size(); ++i) {
          const std::string& f = train[si].tokens[i].feats;
          auto it = ids.find(f.empty() ? std::string("_") : f);
          std::uint32_t c = it == ids.end() ? Lemmatizer::kNoClass : it->second;
          gold_feats[si].push_back(c);
          if (c != Lemmatizer::kNoClass) ++per_label[gold[si][i]][c];
        }
      }
    }
    base->feats_allowed.assign(nl, {});
    for (std::size_t l = 0; l < nl; ++l) {
      std::vector<std::pair<std::uint32_t, std::uint32_t>> byc;  // (-count, class)
      for (auto [c, n] : per_label[l]) byc.emplace_back(~n, c);
      std::sort(byc.begin(), byc.end());
      for (auto [n, c] : byc) base->feats_allowed[l].push_back(c);
    }
    // Context of word i for the classifier, from gold labels.
    auto featsKeys = [&](std::size_t si, std::size_t i, std::uint64_t& subj_word,
                         std::uint32_t& subj_label, std::uint64_t* keys) {
      std::uint32_t l = gold[si][i];
      std::uint32_t dict = base->lemmatizer.featsClass(train[si].tokens[i].form, base->tag_keys[l]);
      Model::featsFeatures(infos[si], gold[si].data(), i, dict, subj_word, subj_label, start_label,
                           end_label, keys);
    };
    perceptron::AveragedPerceptron fmodel(static_cast<int>(nf));
    std::vector<std::uint64_t> keys(kFeatsFeatures);
    {
      std::unordered_map<std::uint64_t, std::uint32_t> counts;
      for (std::size_t si = 0; si < train.size(); ++si) {
        std::uint64_t subj_word = 0;
        std::uint32_t subj_label = start_label;
        for (std::size_t i = 0; i < gold[si].size(); ++i) {
          std::uint32_t l = gold[si][i];
          if (base->feats_allowed[l].size() > 1 && gold_feats[si][i] != Lemmatizer::kNoClass) {
            featsKeys(si, i, subj_word, subj_label, keys.data());
            for (auto k : keys) ++counts[k];
          }
          if (base->nominal[l]) subj_word = infos[si][i].word, subj_label = l;
        }
      }
      std::vector<std::uint64_t> kept;
      for (auto [k, n] : counts) {
        if (n >= static_cast<std::uint32_t>(std::max(1, options.min_feature_count))) kept.push_back(k);
      }
      std::sort(kept.begin(), kept.end());
      for (auto k : kept) fmodel.addFeature(k);
      say("tagger:   %zu features (of %zu seen)\n", kept.size(), counts.size());
    }
    std::vector<std::size_t> order = all;
    std::mt19937_64 rng(options.seed + 2000);
    std::vector<std::int32_t> rows;
    std::vector<float> scores;
    double best_feats = -1;
    perceptron::CompactWeights best;
    for (int iter = 1; iter <= options.feats_iterations; ++iter) {
      for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
      std::size_t correct = 0, seen = 0;
      for (std::size_t si : order) {
        std::uint64_t subj_word = 0;
        std::uint32_t subj_label = start_label;
        for (std::size_t i = 0; i < gold[si].size(); ++i) {
          std::uint32_t l = gold[si][i];
          const auto& allowed = base->feats_allowed[l];
          std::uint32_t g = gold_feats[si][i];
          if (allowed.size() > 1 && g != Lemmatizer::kNoClass) {
            featsKeys(si, i, subj_word, subj_label, keys.data());
            fmodel.lookup(keys, rows);
            fmodel.score(rows, scores);
            std::uint32_t guess = allowed[0];
            for (auto c : allowed) {
              if (scores[c] > scores[guess]) guess = c;
            }
            fmodel.update(rows, static_cast<int>(g), static_cast<int>(guess));
            fmodel.tick();
            correct += guess == g;
            ++seen;
          }
          if (base->nominal[l]) subj_word = infos[si][i].word, subj_label = l;
        }
      }
      auto avg = fmodel.average();
      say("tagger:   iteration %d/%d: train %.2f%% (ambiguous words), %zu weights, %.0f s\n", iter,
          options.feats_iterations, seen ? 100.0 * correct / seen : 0.0, avg.numWeights(),
          elapsed());
      double score = iter;
      if (!dev.empty()) {
        Tagger t;
        auto m = std::make_shared<Model>(*base);
        m->feats_weights = avg;
        t.model_ = m;
        TaggerScores d = t.evaluate(dev);
        say("tagger:   dev UPOS %.2f XPOS %.2f UFeats %.2f AllTags %.2f Lemma %.2f\n", d.upos,
            d.xpos, d.ufeats, d.all_tags, d.lemma);
        score = d.ufeats;
      }
      if (score > best_feats) {
        best_feats = score;
        best = std::move(avg);
      }
    }
    base->feats_weights = std::move(best);
  }
  say("tagger: done, %zu + %zu + %zu weights, %.0f s\n", base->weights.numWeights(),
      base->weights2.numWeights(), base->feats_weights.numWeights(), elapsed());
  Tagger out;
  out.model_ = base;
  return out;
}

}  // namespace kg::extract
