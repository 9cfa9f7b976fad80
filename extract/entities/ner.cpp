#include "extract/entities/ner.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <map>
#include <mutex>
#include <numeric>
#include <random>
#include <sstream>
#include <unordered_map>

#include "extract/entities/gum_entities.h"
#include "extract/entities/lexicon.h"
#include "extract/entities/ner_gazetteer.h"
#include "extract/nlp/conllu.h"
#include "extract/nlp/model_io.h"
#include "extract/nlp/perceptron.h"
#include "extract/nlp/tagger.h"
#include "extract/nlp/word_clusters.h"
#include "graph/error.h"

namespace kg::extract::entities {
namespace {

using perceptron::hashCombine;
using perceptron::hashString;

constexpr const char* kMagic = "KGNERMDL";
constexpr std::uint32_t kVersion = 7;  // 4: document-level features; 5: cue words, name lists,
                                       // common words; 6: stacked second pass; 7: word clusters
const std::array<const char*, 3> kTypes = {"PER", "ORG", "LOC"};
constexpr int kNumLabels = 13;  // O + {B,I,L,U} x {PER,ORG,LOC}
constexpr int kSink = 13;       // structured-perceptron helper class, never predicted
constexpr int kNumClasses = 14;

// Label ids: 0 = O; 1 + 4*type + {0 B, 1 I, 2 L, 3 U}.
int labelOf(int type, int part) { return 1 + 4 * type + part; }
int typeOf(int label) { return (label - 1) / 4; }
int partOf(int label) { return (label - 1) % 4; }
bool opens(int label) { return label > 0 && (partOf(label) == 0 || partOf(label) == 1); }

bool allowed(int prev, int cur, bool is_last) {
  if (opens(prev)) {
    if (cur == 0 || typeOf(cur) != typeOf(prev)) return false;
    int p = partOf(cur);
    return is_last ? p == 2 : (p == 1 || p == 2);
  }
  if (cur == 0) return true;
  int p = partOf(cur);
  return is_last ? p == 3 : (p == 0 || p == 3);
}

int typeIndex(const std::string& t) {
  for (std::size_t i = 0; i < kTypes.size(); ++i)
    if (t == kTypes[i]) return static_cast<int>(i);
  return -1;
}

std::vector<int> bilou(const NerExample& ex) {
  std::vector<int> labels(ex.words.size(), 0);
  for (const NerSpan& s : ex.spans) {
    int t = typeIndex(s.type);
    if (t < 0 || s.last <= s.first || s.last > labels.size()) continue;
    if (s.last - s.first == 1) {
      labels[s.first] = labelOf(t, 3);
      continue;
    }
    labels[s.first] = labelOf(t, 0);
    for (std::size_t i = s.first + 1; i + 1 < s.last; ++i) labels[i] = labelOf(t, 1);
    labels[s.last - 1] = labelOf(t, 2);
  }
  return labels;
}

// The span of `spans` that holds word `i`, or null.
const NerSpan* covering(const std::vector<NerSpan>& spans, std::size_t i) {
  for (const NerSpan& sp : spans)
    if (sp.first <= i && i < sp.last) return &sp;
  return nullptr;
}

// Spans in text order, as predict() returns them, after a rule added some.
void sortByStart(std::vector<NerSpan>& spans) {
  std::sort(spans.begin(), spans.end(),
            [](const NerSpan& a, const NerSpan& b) { return a.first < b.first; });
}

std::vector<NerSpan> spansOf(const std::vector<int>& labels) {
  std::vector<NerSpan> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    int l = labels[i];
    if (l == 0) continue;
    int p = partOf(l);
    if (p == 3) out.push_back({i, i + 1, kTypes[static_cast<std::size_t>(typeOf(l))]});
    else if (p == 0) start = i;
    else if (p == 2) out.push_back({start, i + 1, kTypes[static_cast<std::size_t>(typeOf(l))]});
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// hashString(lower(s)), without building the lower-cased copy.
std::uint64_t lowerHash(std::string_view s) {
  perceptron::StringHash h;
  for (char c : s) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    h.add(std::string_view(&l, 1));
  }
  return h.value();
}

// "Xxxx", "dd", "X.X." with runs collapsed to at most 2 (long shape keeps 4).
std::string shape(std::string_view w, std::size_t max_run) {
  std::string out;
  char last = 0;
  std::size_t run = 0;
  for (unsigned char c : w) {
    char s = std::isupper(c) ? 'X' : std::islower(c) ? 'x' : std::isdigit(c) ? 'd' : c >= 0x80 ? 'u' : static_cast<char>(c);
    if (s == last) {
      if (++run >= max_run) continue;
    } else {
      run = 0;
    }
    out += s;
    last = s;
  }
  return out;
}

// The example's space_after, one per word (a space after words it leaves out).
std::vector<bool> spacesOf(const NerExample& ex) {
  std::vector<bool> spaces = ex.space_after;
  spaces.resize(ex.words.size(), true);
  return spaces;
}

// The gazetteer tag of every token: position (B/I/L/U) and the kind of phrase.
std::vector<std::string> gazetteerTags(const NerExample& ex, const Lexicon* lex) {
  std::vector<std::string> tags(ex.words.size());
  if (!lex) return tags;
  const std::vector<bool> spaces = spacesOf(ex);
  // Web text writes names in lower case ("flying to france"): a second pass matches the
  // capitalised forms of lower-case words, tagged apart ("lc" prefix).
  std::vector<std::string> titled = ex.words;
  bool any_lower = false;
  for (std::string& w : titled)
    if (!w.empty() && std::islower(static_cast<unsigned char>(w[0]))) {
      w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
      any_lower = true;
    }
  for (int pass = 0; pass < (any_lower ? 2 : 1); ++pass) {
    const std::vector<std::string>& words = pass == 0 ? ex.words : titled;
    for (std::size_t i = 0; i < words.size();) {
      auto m = tags[i].empty() ? lex->longestMatch(words, spaces, i) : std::nullopt;
      bool free = m && std::all_of(tags.begin() + static_cast<long>(m->first), tags.begin() + static_cast<long>(m->last),
                                   [](const std::string& t) { return t.empty(); });
      bool lower_word = m && pass == 1 && std::islower(static_cast<unsigned char>(ex.words[i][0]));
      if (!m || !free || (pass == 1 && !lower_word)) {
        ++i;
        continue;
      }
      std::string kind = pass == 1 ? "lc" : "";
      switch (m->kind) {
        case EntryKind::Actor:
          kind += std::string(graph::toString(lex->actors()[m->index].type));
          break;
        case EntryKind::Capital: kind += "CAPITAL"; break;
        case EntryKind::Place: kind += "PLACE"; break;
        case EntryKind::Demonym: kind += "DEMONYM"; break;
        case EntryKind::Body: kind += "BODY"; break;
        case EntryKind::Title: kind += "TITLE"; break;
      }
      if (m->last - m->first == 1) {
        tags[i] = "U-" + kind;
      } else {
        tags[m->first] = "B-" + kind;
        for (std::size_t j = m->first + 1; j + 1 < m->last; ++j) tags[j] = "I-" + kind;
        tags[m->last - 1] = "L-" + kind;
      }
      i = m->last;
    }
  }
  return tags;
}

bool startsUpper(const std::string& w) {
  return !w.empty() && std::isupper(static_cast<unsigned char>(w[0]));
}

// A quotation mark as a token: straight, LaTeX-style or typographic.
bool quoteWord(const std::string& w) {
  return w == "\"" || w == "``" || w == "''" || w == "\xE2\x80\x9C" || w == "\xE2\x80\x9D";
}

// Words that end or stand in names of a kind (Ratinov & Roth's lexicon features).
const std::unordered_map<std::string, const char*>& cueWords() {
  static const std::unordered_map<std::string, const char*> cues = [] {
    std::unordered_map<std::string, const char*> m;
    for (const char* w : {"inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.", "llc", "co", "co.",
                          "company", "group", "bank", "university", "college", "hospital", "church",
                          "school", "academy", "institute", "restaurant", "cafe", "café", "hotel", "inn",
                          "airlines", "airways", "association", "council", "ministry", "department",
                          "agency", "party", "club", "society", "foundation", "center", "centre",
                          "services", "service", "systems", "solutions", "technologies", "motors",
                          "auto", "repair", "plumbing", "dental", "clinic", "salon", "spa", "grill",
                          "pizza", "pizzeria", "bakery", "bar", "pub", "market", "store", "shop",
                          "pharmacy", "insurance", "realty", "studio", "studios", "records", "press",
                          "news", "times", "post", "journal", "network", "union", "league", "committee",
                          "commission", "board", "court", "office", "bureau", "army", "navy", "police",
                          "team", "fc", "brothers", "bros", "bros.", "associates", "partners",
                          "international", "industries", "enterprises", "holdings", "labs",
                          "laboratories", "museum", "library", "cinema", "theatre", "theater", "gym",
                          "fitness", "care", "health", "medical", "vet", "veterinary", "animal"})
      m[w] = "ORG";
    for (const char* w : {"street", "st", "st.", "avenue", "ave", "ave.", "road", "rd", "rd.", "boulevard",
                          "blvd", "lane", "drive", "park", "river", "lake", "mountain", "mount", "mt",
                          "mt.", "island", "islands", "beach", "bay", "county", "city", "valley",
                          "province", "state", "republic", "kingdom", "ocean", "sea", "desert", "square",
                          "bridge", "airport", "mall", "plaza", "heights", "hills", "falls", "springs",
                          "canyon", "coast", "peninsula", "district", "region", "highway", "hwy"})
      m[w] = "LOC";
    for (const char* w : {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "sir",
                          "president", "senator", "governor", "minister", "king", "queen", "uncle",
                          "aunt", "st", "saint", "jr", "jr.", "sr", "sr."})
      if (!m.count(w)) m[w] = "PER";
    return m;
  }();
  return cues;
}

}  // namespace

struct NerDocument {
  // What the document says about one lower-cased word.
  struct WordStats {
    int lower = 0;                        // occurrences written all in lower case
    int upper_inside = 0;                 // capitalised occurrences not first in their sentence
    std::vector<std::uint64_t> context;   // hashed neighbour words ("p:in", "n:island"), distinct
  };
  std::unordered_map<std::string, WordStats> words;  // lower-cased form -> statistics
  std::vector<std::string> storms;  // names the document gives storms ("Rita" of "Hurricane Rita")
  std::vector<std::vector<std::string>> sentences;    // the words of each sentence, in order
  std::vector<std::vector<bool>> spaces;              // their space_after
  // The first pass's labels of the whole document and what they say about each word and
  // name (stacked second pass), computed once per model that asks (`owner`).
  struct FirstPass {
    std::vector<std::vector<int>> labels;                               // per sentence, per token
    std::unordered_map<std::string, std::array<int, 4>> word_labels;    // lower-cased word -> O/PER/ORG/LOC count
    std::unordered_map<std::string, std::array<int, 3>> span_types;     // lower-cased name -> PER/ORG/LOC count
    // The initials of the names typed above ("TBWC" of "Tarim Basin Water Commission";
    // "of", "for", "and", "the", "&" skipped) -> PER/ORG/LOC count, for acronyms.
    std::unordered_map<std::string, std::array<int, 3>> initials;
  };
  mutable std::mutex mutex;                            // guards the two below
  mutable const void* owner = nullptr;                 // the model first_pass was computed for
  mutable std::shared_ptr<const FirstPass> first_pass;  // null until computed
};

// What a model knows of words besides its weights, read at training time and saved
// with it.
struct NerWordKnowledge {
  std::vector<std::uint64_t> first_names;  // sorted hashes of lower-cased first names
  NerGazetteer names;                      // name lists (may be empty)
  std::vector<std::uint64_t>
      common_words;       // sorted hashes of words the training text writes in lower case
  WordClusters clusters;  // embedding clusters of lower-cased words (may be empty)
};

namespace {

constexpr std::size_t kMaxDocContext = 12;  // distinct neighbour words kept per word

// Document-level features of a capitalised token: how the document writes the same word
// elsewhere (also in lower case? capitalised inside a sentence?) and its neighbours there.
void documentFeatures(const NerDocument& doc, const std::string& word, const std::string& low,
                      std::vector<std::uint64_t>& f) {
  if (!startsUpper(word)) return;
  auto it = doc.words.find(low);
  if (it == doc.words.end()) return;
  const auto& st = it->second;
  std::string seen = std::string(st.lower > 0 ? "L" : "-") + (st.upper_inside > 0 ? "U" : "-");
  f.push_back(hashCombine(50, hashString(seen)));
  for (std::uint64_t c : st.context) f.push_back(hashCombine(51, c));
}

// Lower-cased words [first, last) joined by spaces (a name's key).
std::string nameKey(const std::vector<std::string>& low, std::size_t first, std::size_t last) {
  std::string out;
  for (std::size_t i = first; i < last; ++i) out += (i > first ? " " : "") + low[i];
  return out;
}

constexpr std::size_t kMaxStackName = 6;  // longest name (words) matched by the second pass

// Words an acronym leaves out of its initials ("Department of Defense", "DoD").
bool skipWord(const std::string& lower_word) {
  return lower_word == "of" || lower_word == "for" || lower_word == "and" || lower_word == "the" ||
         lower_word == "&";
}

// An all-capitals word of 2 to `max_letters` letters ("CPA", "TBWC").
bool acronymWord(const std::string& w, std::size_t max_letters = 6) {
  return w.size() >= 2 && w.size() <= max_letters &&
         std::all_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Adds the first pass's labels of one sentence to word and name counts (`sign` times).
void countFirstPass(const std::vector<std::string>& words, const std::vector<int>& labels, int sign,
                    std::unordered_map<std::string, std::array<int, 4>>& word_labels,
                    std::unordered_map<std::string, std::array<int, 3>>& span_types) {
  std::vector<std::string> low(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) low[i] = lower(words[i]);
  for (std::size_t i = 0; i < words.size() && i < labels.size(); ++i)
    word_labels[low[i]][labels[i] == 0 ? 0 : static_cast<std::size_t>(1 + typeOf(labels[i]))] += sign;
  for (const NerSpan& sp : spansOf(labels))
    if (sp.last - sp.first <= kMaxStackName && sp.last <= words.size())
      span_types[nameKey(low, sp.first, sp.last)][static_cast<std::size_t>(typeIndex(sp.type))] += sign;
}

// What the second pass reads of the first pass from one sentence (Krishnan & Manning
// 2006): the document's first-pass counts without the sentence's own, worked out once
// per sentence.
struct StackContext {
  bool ok = false;                     // the document has first-pass labels for this sentence
  std::vector<std::string> word_value; // per token: how the other sentences label its word ("" = never)
  std::vector<int> window_type;        // per (first word, length - 1) name window: kTypes index, -1 = none
};

StackContext stackContext(const NerDocument& doc, const NerExample& ex,
                          const std::vector<std::string>& low) {
  StackContext ctx;
  std::shared_ptr<const NerDocument::FirstPass> fp;
  {
    std::lock_guard<std::mutex> lock(doc.mutex);
    fp = doc.first_pass;
  }
  // An example changed since it was linked (other words) gets no second-pass features.
  if (!fp || ex.doc_index >= fp->labels.size() || fp->labels[ex.doc_index].size() != ex.words.size()) return ctx;
  ctx.ok = true;
  // The sentence's own labels are left out (only the other sentences speak).
  std::unordered_map<std::string, std::array<int, 4>> own_words;
  std::unordered_map<std::string, std::array<int, 3>> own_spans;
  countFirstPass(ex.words, fp->labels[ex.doc_index], 1, own_words, own_spans);
  const std::size_t n = ex.words.size();
  ctx.word_value.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    auto wit = fp->word_labels.find(low[k]);
    if (wit == fp->word_labels.end()) continue;
    std::array<int, 4> c = wit->second;
    auto own = own_words.find(low[k]);
    if (own != own_words.end())
      for (std::size_t t = 0; t < 4; ++t) c[t] -= own->second[t];
    int total = c[0] + c[1] + c[2] + c[3];
    if (total <= 0) continue;
    std::size_t best = 1;
    for (std::size_t t = 2; t < 4; ++t)
      if (c[t] > c[best]) best = t;
    int named = c[1] + c[2] + c[3];
    ctx.word_value[k] = named == 0 ? "O" : std::string(kTypes[best - 1]) + (2 * named >= total ? "|most" : "|some");
  }
  ctx.window_type.assign(n * kMaxStackName, -1);
  std::string key;
  for (std::size_t a = 0; a < n; ++a) {
    key.clear();
    for (std::size_t len = 1; len <= kMaxStackName && a + len <= n; ++len) {
      if (len > 1) key += ' ';
      key += low[a + len - 1];  // nameKey(low, a, a + len), grown one word at a time
      auto sit = fp->span_types.find(key);
      if (sit == fp->span_types.end()) continue;
      std::array<int, 3> c = sit->second;
      auto own = own_spans.find(key);
      if (own != own_spans.end())
        for (std::size_t t = 0; t < 3; ++t) c[t] -= own->second[t];
      std::size_t best = 0;
      for (std::size_t t = 1; t < 3; ++t)
        if (c[t] > c[best]) best = t;
      if (c[best] > 0) ctx.window_type[a * kMaxStackName + len - 1] = static_cast<int>(best);
    }
  }
  return ctx;
}

// Second-pass features of token k: how the first pass labelled the same word and the
// same names in the document's other sentences.
void stackFeatures(const StackContext& ctx, std::size_t k, std::size_t n,
                   const std::vector<std::string>& sshp, std::vector<std::uint64_t>& f) {
  if (!ctx.ok) return;
  auto add = [&](std::uint64_t id, std::initializer_list<std::string_view> pieces) {
    f.push_back(hashCombine(id, hashString(pieces)));
  };
  if (!ctx.word_value[k].empty()) {
    add(80, {ctx.word_value[k]});
    add(81, {ctx.word_value[k], "|", sshp[k]});
  }
  // The longest name the other sentences labelled that covers token k.
  for (std::size_t len = std::min(kMaxStackName, n); len >= 1; --len) {
    for (std::size_t a = k + 1 >= len ? k + 1 - len : 0; a <= k && a + len <= n; ++a) {
      int best = ctx.window_type[a * kMaxStackName + len - 1];
      if (best < 0) continue;
      const char* part = len == 1 ? "U" : k == a ? "B" : k + 1 == a + len ? "L" : "I";
      add(82, {kTypes[best], "|", part});
      return;
    }
  }
}

// Label-independent features of every token.
std::vector<std::vector<std::uint64_t>> staticFeatures(const NerExample& ex, const Lexicon* lex,
                                                       const NerWordKnowledge& known, bool use_tags,
                                                       bool use_document = true,
                                                       bool stack = false) {
  const std::vector<std::uint64_t>& first_names = known.first_names;
  const NerGazetteer& names = known.names;
  const std::vector<std::uint64_t>& common_words = known.common_words;
  const std::size_t n = ex.words.size();
  std::vector<std::string> low(n), shp(n), sshp(n);
  std::vector<std::uint64_t> low_hash(n);  // hashString(low[i]): the word's key in every list
  for (std::size_t i = 0; i < n; ++i) {
    low[i] = lower(ex.words[i]);
    low_hash[i] = hashString(low[i]);
    shp[i] = shape(ex.words[i], 4);
    sshp[i] = shape(ex.words[i], 1);
  }
  std::vector<std::string> gaz = gazetteerTags(ex, lex);
  bool tagged = use_tags && ex.tags.size() == n;
  auto word = [&](long i) -> const std::string& {
    static const std::string bos = "<s>", eos = "</s>";
    if (i < 0) return bos;
    if (i >= static_cast<long>(n)) return eos;
    return low[static_cast<std::size_t>(i)];
  };
  auto at = [&](const std::vector<std::string>& v, long i) -> std::string_view {
    if (i < 0) return "<s>";
    if (i >= static_cast<long>(n)) return "</s>";
    return v[static_cast<std::size_t>(i)];
  };
  // How the sentence is written: all lower case ("i am from mexico"), all capitals, or
  // normal; and whether it is a short line (an e-mail greeting or signature: "Jill :").
  std::size_t alpha = 0, lower_initial = 0, all_caps = 0, words = 0;
  for (const std::string& w : ex.words) {
    if (w.empty() || !std::isalpha(static_cast<unsigned char>(w[0]))) continue;
    ++words;
    if (w.size() > 1 || w != "I") {
      ++alpha;
      if (std::islower(static_cast<unsigned char>(w[0]))) ++lower_initial;
      if (std::none_of(w.begin(), w.end(), [](char c) { return std::islower(static_cast<unsigned char>(c)); })) ++all_caps;
    }
  }
  std::string_view mode = alpha >= 3 && lower_initial == alpha ? "lower"
                          : alpha >= 3 && all_caps == alpha    ? "caps"
                          : words <= 3                         ? "short"
                                                               : "normal";
  std::vector<bool> first_name(n, false);
  for (std::size_t k = 0; k < n; ++k)
    first_name[k] = startsUpper(ex.words[k]) || (mode == "lower" && !low[k].empty())
                        ? std::binary_search(first_names.begin(), first_names.end(), low_hash[k])
                        : false;
  // Cue words: the kind of the token itself, and of the nearest cue in the run of
  // capitalised words that follows it (up to 4 words: "Joe 's [Auto Repair]").
  std::vector<std::string> cue(n), cue_ahead(n);
  for (std::size_t k = 0; k < n; ++k) {
    auto it = cueWords().find(low[k]);
    if (it != cueWords().end()) cue[k] = it->second;
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (!startsUpper(ex.words[k]) && mode != "lower") continue;
    for (std::size_t j = k + 1; j < n && j <= k + 4; ++j) {
      bool cap = startsUpper(ex.words[j]) || (mode == "lower" && std::isalpha(static_cast<unsigned char>(ex.words[j][0])));
      if (!cap && ex.words[j] != "'s" && ex.words[j] != "&") break;
      if (!cue[j].empty()) {
        cue_ahead[k] = cue[j] + std::to_string(j - k);
        break;
      }
    }
  }
  std::vector<std::string> gz = names.tags(ex.words);
  // A capitalised word that is also a common lower-case word ("Following", "Thanks") is
  // less likely a name than one never written in lower case ("Lavrov"), first in a
  // sentence above all.
  auto common = [&](std::size_t k) {
    return std::binary_search(common_words.begin(), common_words.end(), low_hash[k]);
  };
  // Embedding clusters of each word (0 = not in the clustered vocabulary).
  const WordClusters& clusters = known.clusters;
  std::vector<std::uint32_t> leaf(clusters.empty() ? 0 : n);
  for (std::size_t k = 0; k < leaf.size(); ++k) leaf[k] = clusters.leafOfHash(low_hash[k]);
  auto clusterAt = [&](long i, int level) -> std::uint64_t {
    if (i < 0) return 1u << 30;
    if (i >= static_cast<long>(n)) return 1u << 31;
    return clusters.prefix(leaf[static_cast<std::size_t>(i)], level);
  };
  std::vector<std::vector<std::uint64_t>> out(n);
  StackContext stack_ctx;
  if (stack && use_document && ex.document) stack_ctx = stackContext(*ex.document, ex, low);
  for (std::size_t k = 0; k < n; ++k) {
    long i = static_cast<long>(k);
    auto& f = out[k];
    f.reserve(64);
    auto add = [&](std::uint64_t id, std::string_view v) { f.push_back(hashCombine(id, hashString(v))); };
    // add() of the pieces' concatenation, without building it.
    auto addJoined = [&](std::uint64_t id, std::initializer_list<std::string_view> pieces) {
      f.push_back(hashCombine(id, hashString(pieces)));
    };
    const std::string& w = ex.words[k];
    f.push_back(hashCombine(1, 0));  // bias
    f.push_back(hashCombine(2, low_hash[k]));
    add(3, w);
    const std::string_view lw = low[k];
    add(4, lw.substr(0, 3));
    add(5, lw.size() > 3 ? lw.substr(lw.size() - 3) : lw);
    add(6, lw.size() > 2 ? lw.substr(lw.size() - 2) : lw);
    add(7, lw.size() > 4 ? lw.substr(lw.size() - 4) : lw);
    add(8, shp[k]);
    add(9, sshp[k]);
    add(10, word(i - 1));
    add(11, word(i + 1));
    add(12, word(i - 2));
    add(13, word(i + 2));
    addJoined(14, {at(sshp, i - 1), "|", sshp[k]});
    addJoined(15, {sshp[k], "|", at(sshp, i + 1)});
    addJoined(16, {(k == 0 ? "first|" : "mid|"), sshp[k]});
    add(17, gaz[k]);
    addJoined(18, {at(gaz, i - 1), "|", gaz[k]});
    addJoined(19, {gaz[k], "|", at(gaz, i + 1)});
    addJoined(20, {word(i - 1), "|", low[k]});
    addJoined(21, {low[k], "|", word(i + 1)});
    addJoined(22, {at(sshp, i - 1), "|", sshp[k], "|", at(sshp, i + 1)});
    if (first_name[k]) add(26, "first-name");
    if (k > 0 && first_name[k - 1]) addJoined(27, {"after-first-name|", sshp[k]});
    if (mode != "normal") {
      addJoined(23, {mode, "|", sshp[k]});
      addJoined(24, {mode, "|", low[k]});
      addJoined(25, {mode, "|", gaz[k]});
    }
    if (tagged) {
      auto tag = [&](long j) { return at(ex.tags, j); };
      add(30, tag(i));
      addJoined(31, {tag(i - 1), "|", tag(i)});
      addJoined(32, {tag(i), "|", tag(i + 1)});
      addJoined(33, {tag(i), "|", sshp[k]});
      addJoined(34, {tag(i), "|", gaz[k]});
    }
    if (!cue[k].empty()) addJoined(55, {cue[k], "|", sshp[k]});
    if (!cue_ahead[k].empty()) {
      add(56, cue_ahead[k]);
      addJoined(57, {std::string_view(cue_ahead[k]).substr(0, 3), "|", sshp[k]});
    }
    if (k > 0 && !cue[k - 1].empty()) addJoined(58, {cue[k - 1], "-before|", sshp[k]});
    // "the province of X", "the University of X": the cue two words back, across "of".
    if (k > 1 && low[k - 1] == "of" && !cue[k - 2].empty())
      addJoined(59, {cue[k - 2], "-of|", sshp[k]});
    if (!common_words.empty() && startsUpper(w)) {
      std::string_view c = common(k) ? "common" : "rare";
      addJoined(73, {c, (k == 0 ? "|first" : "|mid")});
      addJoined(74, {c, "|", sshp[k], "|", word(i + 1)});
      addJoined(75, {c, "|", word(i - 1)});
    }
    if (!gz[k].empty()) {
      add(70, gz[k]);
      addJoined(71, {gz[k], "|", sshp[k]});
      addJoined(72, {gz[k], "|", mode});
    }
    if (!clusters.empty()) {
      // The word's clusters at every level, the middle level with its shape, and the
      // neighbours' middle-level clusters (Ratinov & Roth's cluster-prefix features).
      const int depth = clusters.depth(), mid = (depth + 1) / 2;
      for (int level = 1; level <= depth; ++level)
        f.push_back(hashCombine(90 + static_cast<std::uint64_t>(level), clusterAt(i, level)));
      f.push_back(hashCombine(hashCombine(95, clusterAt(i, mid)), hashString(sshp[k])));
      f.push_back(hashCombine(96, clusterAt(i - 1, mid)));
      f.push_back(hashCombine(97, clusterAt(i + 1, mid)));
    }
    if (use_document && ex.document) documentFeatures(*ex.document, w, low[k], f);
    stackFeatures(stack_ctx, k, n, sshp, f);
  }
  return out;
}

// First-order label features (the previous label alone and with the word), so that
// decoding can be exact (Viterbi).
std::uint64_t prevLabelKey(int prev) { return hashCombine(40, static_cast<std::uint64_t>(prev)); }
std::uint64_t prevLabelWordKey(int prev, std::uint64_t word_hash) {
  return hashCombine(hashCombine(42, static_cast<std::uint64_t>(prev)), word_hash);
}
void dynamicFeatures(std::vector<std::uint64_t>& f, std::uint64_t word_hash, int prev, int /*prev2*/) {
  f.push_back(prevLabelKey(prev));
  f.push_back(prevLabelWordKey(prev, word_hash));
}

const std::vector<std::string> kTitleWords = {
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "professor",
    "president", "sir", "king", "queen", "prince", "princess", "general", "gen.", "senator",
    "sen.", "governor", "gov.", "minister", "prime", "secretary", "pope", "lord", "lady",
    "captain", "capt.", "lt.", "sgt.", "mayor", "judge", "justice", "rev.", "reverend",
    "chancellor", "ambassador", "dame", "saint"};

bool isTitleWord(const std::string& w) {
  std::string l = lower(w);
  return std::find(kTitleWords.begin(), kTitleWords.end(), l) != kTitleWords.end();
}

// A person's name starts after its titles and greetings ("Dr [Joseph]", "Dear [Nina]"), as
// the training data's conversion and UNER have it; the model sometimes takes them in.
void dropLeadingTitles(const std::vector<std::string>& words, std::vector<NerSpan>& spans) {
  for (NerSpan& sp : spans)
    while (sp.type == "PER" && sp.last - sp.first >= 2 &&
           (isTitleWord(words[sp.first]) || lower(words[sp.first]) == "dear"))
      ++sp.first;
}

// A storm's title, written with a capital ("Hurricane", "Cyclone").
bool stormWord(const std::string& w) {
  return w == "Hurricane" || w == "Cyclone" || w == "Typhoon" || w == "Storm";
}

// Words before a name that the model leaves out although they belong to it: a person's
// initial ("[A.] Noel Anketell Kramer"), the "St." or "Mt." of a place ("[St.] Thomas",
// which the model alone types as a person) and the "General" of a company.
void namePrefixes(const std::vector<std::string>& words, std::vector<NerSpan>& spans) {
  auto initial = [&](std::size_t i) {
    const std::string& w = words[i];
    return w.size() == 2 && w[0] >= 'A' && w[0] <= 'Z' && w[1] == '.';
  };
  auto saint = [&](std::size_t i) {
    const std::string& w = words[i];
    return w == "St." || w == "St" || w == "Ste." || w == "Mt." || w == "Mt";
  };
  for (std::size_t k = 0; k < spans.size(); ++k) {
    NerSpan& sp = spans[k];
    const std::size_t free_from = k > 0 ? spans[k - 1].last : 0;  // words no span holds
    if (sp.type == "PER")
      while (sp.first > free_from && initial(sp.first - 1)) --sp.first;
    if (sp.first > free_from && saint(sp.first - 1)) {
      --sp.first;
      if (sp.type == "PER") sp.type = "LOC";
    }
    // "General" before a company is its name's, not a title ("[General Motors]").
    if (sp.type == "ORG" && sp.first > free_from && words[sp.first - 1] == "General") --sp.first;
  }
  // A mountain's or a fort's name the model left out entirely ("[Ft. Worth]", whose
  // "Worth" is a common word): "St." alone is too ambiguous here ("Carol St. Clair").
  auto taken = [&](std::size_t i) { return covering(spans, i) != nullptr; };
  bool added = false;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    const std::string& w = words[i];
    if ((w != "Ft." && w != "Ft" && w != "Mt." && w != "Mt") || taken(i)) continue;
    std::size_t last = i + 1;
    while (last < words.size() && last < i + 3 && startsUpper(words[last]) && !taken(last) &&
           std::isalpha(static_cast<unsigned char>(words[last][0])))
      ++last;
    if (last == i + 1 || (last < words.size() && taken(last))) continue;
    spans.push_back({i, last, "LOC"});
    added = true;
    i = last - 1;
  }
  if (added) sortByStart(spans);
}

// Heads of person mentions that are roles, not names ("the President", "Protector of Mexico").
const std::vector<std::string> kTitleHeads = {
    "chair",    "chairman",     "chairwoman", "emperor",    "empress", "earl",       "duke",
    "duchess",  "baron",        "count",      "countess",   "fellow",  "commander",  "command",
    "chief",    "director",     "founder",    "founders",   "bishop",  "archbishop", "protector",
    "member",   "members",      "head",       "leader",     "vice",    "speaker",    "doctor",
    "officer",  "colonel",      "major",      "lieutenant", "admiral", "marshal",    "sheriff",
    "attorney", "commissioner", "chancellor", "viceroy",    "consul"};

bool isTitleHead(const std::string& w) {
  std::string l = lower(w);
  return isTitleWord(w) ||
         std::find(kTitleHeads.begin(), kTitleHeads.end(), l) != kTitleHeads.end();
}

// Whether `w` is letters only ("Rich", "ARCHIBALD"; not "11:30", "O'Neill").
bool lettersOnly(const std::string& w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
    return std::isalpha(static_cast<unsigned char>(c));
  });
}

// A capitalised word after a personal honorific is a person's name even when the model,
// seeing a common word or one in capitals, leaves it out ("Mr. [Lay] will be in San Jose",
// "Mr. [ARCHIBALD] :"): up to three such words no span holds, and no title among them
// ("Mr. President", "Mr. Chief Justice").
// "Dr" after a capitalised word is a street's "Drive" ("Oak Dr"), not a doctor.
void honorificNames(const std::vector<std::string>& words, std::vector<NerSpan>& spans) {
  static constexpr std::string_view kHonorifics[] = {"mr",  "mr.",  "mrs", "mrs.", "ms",
                                                     "ms.", "miss", "dr",  "dr."};
  auto taken = [&](std::size_t i) { return covering(spans, i) != nullptr; };
  auto nameWord = [&](std::size_t i) {
    const std::string& w = words[i];
    return startsUpper(w) && std::all_of(w.begin(), w.end(), [](char c) {
             return std::isalpha(static_cast<unsigned char>(c)) || c == '\'' || c == '-';
           });
  };
  bool added = false;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    const std::string h = lower(words[i]);
    if (std::find(std::begin(kHonorifics), std::end(kHonorifics), h) == std::end(kHonorifics))
      continue;
    if (h[0] == 'd' && i > 0 && startsUpper(words[i - 1]) && lower(words[i - 1]) != "dear")
      continue;
    std::size_t last = i + 1;
    while (last < words.size() && last < i + 4 && nameWord(last) && !taken(last)) ++last;
    if (last == i + 1 || (last < words.size() && (taken(last) || isTitleHead(words[last]))) ||
        std::any_of(words.begin() + static_cast<long>(i) + 1,
                    words.begin() + static_cast<long>(last),
                    [](const std::string& w) { return isTitleHead(w); }))
      continue;
    spans.push_back({i + 1, last, "PER"});
    added = true;
    i = last - 1;
  }
  if (added) sortByStart(spans);
}

// "'s", also typographic ("’s").
bool isPossessive(const std::string& w) { return w == "'s" || w == "\xE2\x80\x99s"; }

// "Cheapest drinks in [Keene] !", "flower shops around [Norman]": a one-word name typed a
// person after a preposition that places things (in, around, near, inside, outside) is a
// place, unless it is a known first name, a word the training text also writes in lower
// case ("believe in God"), or something of it follows ("in Smith 's work", "in Smith (
// 2004 )", "in Kennedy versus Washington").
void placesAfterPrepositions(const NerExample& ex, const NerWordKnowledge& known,
                             std::vector<NerSpan>& spans) {
  auto listed = [](const std::vector<std::uint64_t>& hashes, const std::string& w) {
    return std::binary_search(hashes.begin(), hashes.end(), hashString(lower(w)));
  };
  static constexpr std::string_view kPreps[] = {"in", "around", "near", "inside", "outside"};
  const std::vector<std::string>& words = ex.words;
  for (NerSpan& sp : spans) {
    const std::size_t i = sp.first;
    if (sp.type != "PER" || sp.last != i + 1 || i == 0 ||
        std::find(std::begin(kPreps), std::end(kPreps), lower(words[i - 1])) == std::end(kPreps))
      continue;
    if (i + 1 < words.size()) {
      const std::string next = lower(words[i + 1]);
      if (isPossessive(next) || next == "(" || next == "versus" || next == "v." || next == "vs." ||
          startsUpper(words[i + 1]))
        continue;
    }
    if (listed(known.first_names, words[i]) || listed(known.common_words, words[i])) continue;
    sp.type = "LOC";
  }
}

// A first name typed alone is followed by its surname when the next word is a capitalised
// proper noun no span holds ("[Steve Jobs]", "[Kenneth Lay]": common words that the model
// leaves out after a first name). Needs the tags.
void firstNameSurnames(const NerExample& ex, const std::vector<std::uint64_t>& first_names,
                       std::vector<NerSpan>& spans) {
  const std::vector<std::string>& words = ex.words;
  if (ex.tags.size() != words.size()) return;
  for (std::size_t k = 0; k < spans.size(); ++k) {
    NerSpan& sp = spans[k];
    const std::size_t next = sp.last;
    if (sp.type != "PER" || sp.last != sp.first + 1 || next >= words.size() ||
        (k + 1 < spans.size() && spans[k + 1].first == next))
      continue;
    const std::string& w = words[next];
    if (ex.tags[next] != "PROPN" || !startsUpper(w) || isTitleHead(w) || !lettersOnly(w) ||
        !std::binary_search(first_names.begin(), first_names.end(),
                            hashString(lower(words[sp.first]))))
      continue;
    sp.last = next + 1;
  }
}

// An e-mail's greeting or closing line names a person: "Hi Rich ,", "Thanks , Jean", "Thanks
// From Bill", when the line is only the greeting word, an optional comma (or "from", "to"),
// one or two capitalised words and final punctuation, and the words are no way of
// addressing a group nor a title ("Hi All !", "Dear Sir"). The model leaves out common
// words ("Rich").
void greetingNames(const std::vector<std::string>& words, std::vector<NerSpan>& spans) {
  static constexpr std::string_view kGreetings[] = {"dear", "hi",     "hello",
                                                    "hey",  "thanks", "cheers"};
  static constexpr std::string_view kGroups[] = {
      "all", "everyone", "everybody", "guys", "there", "team", "folks", "both", "again", "friends"};
  const std::size_t n = words.size();
  if (n < 2 || std::find(std::begin(kGreetings), std::end(kGreetings), lower(words[0])) ==
                   std::end(kGreetings))
    return;
  std::size_t first = words[1] == "," ? 2 : 1;
  if (first < n && (lower(words[first]) == "from" || lower(words[first]) == "to"))
    ++first;  // "Thanks From Bill"
  std::size_t last = first;
  while (last < n && last < first + 2 && startsUpper(words[last]) && lettersOnly(words[last]))
    ++last;
  if (last == first) return;
  for (std::size_t k = last; k < n; ++k)
    if (!std::all_of(words[k].begin(), words[k].end(),
                     [](char c) { return std::ispunct(static_cast<unsigned char>(c)); }))
      return;
  for (std::size_t k = first; k < last; ++k) {
    const std::string w = lower(words[k]);
    if (std::find(std::begin(kGroups), std::end(kGroups), w) != std::end(kGroups) ||
        isTitleHead(words[k]))
      return;
  }
  if (std::any_of(spans.begin(), spans.end(),
                  [&](const NerSpan& sp) { return sp.first < last && first < sp.last; }))
    return;
  spans.push_back({first, last, "PER"});
  sortByStart(spans);
}

// Times are no names: "AM", "PM" and time zones after a time ("10 AM CST", "11:30 PST"),
// which the model sometimes types a person or an organisation.
void dropTimeWords(const std::vector<std::string>& words, std::vector<NerSpan>& spans) {
  static constexpr std::string_view kTimeWords[] = {"AM",  "PM",  "A.M.", "P.M.", "CST",
                                                    "CDT", "EST", "EDT",  "PST",  "PDT",
                                                    "MST", "MDT", "GMT",  "UTC"};
  auto timeWord = [&](std::size_t i) {
    return std::find(std::begin(kTimeWords), std::end(kTimeWords), words[i]) !=
           std::end(kTimeWords);
  };
  auto afterTime = [&](std::size_t i) {
    if (i == 0) return false;
    const std::string& w = words[i - 1];
    return timeWord(i - 1) ||
           std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  std::erase_if(spans, [&](const NerSpan& sp) {
    return sp.last == sp.first + 1 && timeWord(sp.first) && afterTime(sp.first);
  });
}

// Names that punctuation splits, joined as UNER and GUM annotate them: a company's legal
// form after a comma belongs to it ("Google , Inc.", "Enron Broadband Services , Inc.":
// one organisation; typed alone, it takes the word before the comma: "CCGM , L.P."), and
// a quoted "Last , First" (e-mail headers: "Lenhart , Matthew") is one person.
// A company's legal form ("Inc.", "LLC", "L.P."), as a word of its own.
bool legalFormWord(const std::string& word) {
  static constexpr std::string_view kForms[] = {"inc",  "inc.",  "llc", "l.l.c.", "ltd",  "ltd.",
                                                "corp", "corp.", "co.", "plc",    "l.p.", "lp"};
  const std::string w = lower(word);
  return std::find(std::begin(kForms), std::end(kForms), w) != std::end(kForms);
}

void joinSplitNames(const std::vector<std::string>& words, std::vector<NerSpan>& spans) {
  auto legalForm = [&](std::size_t i) { return legalFormWord(words[i]); };
  auto quote = [&](std::size_t i) { return quoteWord(words[i]); };
  std::vector<NerSpan> out;
  for (std::size_t k = 0; k < spans.size(); ++k) {
    NerSpan sp = spans[k];
    const std::size_t n = words.size();
    // A legal form typed alone after ", Name": the company ("CCGM , L.P.").
    if (sp.last == sp.first + 1 && legalForm(sp.first) && sp.first >= 2 &&
        words[sp.first - 1] == "," && !words[sp.first - 2].empty() &&
        words[sp.first - 2][0] >= 'A' && words[sp.first - 2][0] <= 'Z' &&
        (out.empty() || out.back().last < sp.first - 1)) {
      sp = {sp.first - 2, sp.last, "ORG"};
      out.push_back(sp);
      continue;
    }
    if (sp.last + 1 < n && words[sp.last] == "," && legalForm(sp.last + 1) &&
        (k + 1 == spans.size() || spans[k + 1].first > sp.last + 1 ||
         spans[k + 1].last == sp.last + 2)) {
      sp.type = "ORG";
      sp.last += 2;
      if (k + 1 < spans.size() && spans[k + 1].first < sp.last) ++k;  // "Inc." typed alone
    } else if (sp.type == "PER" && k + 1 < spans.size() && spans[k + 1].type == "PER" &&
               spans[k + 1].first == sp.last + 1 && words[sp.last] == "," && sp.first > 0 &&
               quote(sp.first - 1) && spans[k + 1].last < n && quote(spans[k + 1].last) &&
               sp.last - sp.first == 1 && spans[k + 1].last - spans[k + 1].first == 1) {
      sp.last = spans[k + 1].last;
      ++k;
    }
    out.push_back(sp);
  }
  spans = std::move(out);
}

// A run of capitalised words that ends in a legal form is a company ("[CCNG , Inc.]",
// "[Enron Net Works LLC]", "[VISAKHA INDUSTRIAL GASES PVT. LTD.]"), also when the model typed
// only its first word ("[Enron] Net Works LLC"): up to five words after any title, a comma
// allowed before the form, none of them in a person's or place's span ("Traci Warner" of a
// signature stays a person).
void legalFormNames(const std::vector<std::string>& words, std::vector<NerSpan>& spans) {
  auto spanAt = [&](std::size_t i) { return covering(spans, i); };
  bool changed = false;
  for (std::size_t i = 1; i < words.size(); ++i) {
    if (!legalFormWord(words[i]) || !startsUpper(words[i])) continue;
    if (const NerSpan* sp = spanAt(i); sp && !(sp->type == "ORG" && sp->last == i + 1)) continue;
    std::size_t end = words[i - 1] == "," ? i - 1 : i;  // the run is [first, end)
    std::size_t first = end;
    while (first > 0 && end - first < 5 && startsUpper(words[first - 1]) &&
           std::isalpha(static_cast<unsigned char>(words[first - 1][0])) &&
           !legalFormWord(words[first - 1]) && !isTitleHead(words[first - 1]))
      --first;
    // A name of several words typed before the company's own is another one ("[Emery
    // Financial Group] PaineWebber , Inc."); a single word opens the company's name.
    for (const NerSpan& sp : spans)
      if (sp.first >= first && sp.last < end && sp.last - sp.first > 1) first = sp.last;
    if (first >= end) continue;
    bool ok = true;
    for (std::size_t k = first; k < i && ok; ++k) {
      const NerSpan* sp = spanAt(k);
      ok = !sp || (sp->type == "ORG" && sp->first >= first);
    }
    if (!ok) continue;
    std::erase_if(spans, [&](const NerSpan& sp) { return sp.first < i + 1 && first < sp.last; });
    spans.push_back({first, i + 1, "ORG"});
    changed = true;
  }
  if (changed) sortByStart(spans);
}

// An all-capitals word the model leaves out ("CPA"), whose expansion elsewhere in the
// document spells it ("Coalition Provisional Authority", initials of its capitalised
// words, "of", "for", "and", "the" and "&" skipped) and was named by the stacked model's
// first pass, takes that name's type (its most frequent one).
void acronymSpans(const NerExample& ex, std::vector<NerSpan>& spans) {
  if (!ex.document) return;
  std::shared_ptr<const NerDocument::FirstPass> fp;
  {
    std::lock_guard<std::mutex> lock(ex.document->mutex);
    fp = ex.document->first_pass;
  }
  if (!fp || fp->initials.empty()) return;
  bool added = false;
  for (std::size_t i = 0; i < ex.words.size(); ++i) {
    if (!acronymWord(ex.words[i]) || covering(spans, i)) continue;
    auto it = fp->initials.find(ex.words[i]);
    if (it == fp->initials.end()) continue;
    const auto best = std::max_element(it->second.begin(), it->second.end());
    if (*best <= 0) continue;
    spans.push_back(
        {i, i + 1, std::string(kTypes[static_cast<std::size_t>(best - it->second.begin())])});
    added = true;
  }
  if (added) sortByStart(spans);
}

// An acronym defined in brackets: "the Housing Authority of New Orleans ( HANO )". When the
// capitalised words before the bracket spell it (initials, skipWord() words left out), they
// are one name, of the type the model gave exactly them, else an organisation (the model
// often types a place inside: "New Orleans"), and the acronym takes the same type. An
// acronym in brackets right after an organisation is that organisation's ("World
// Conservation Union ( IUCN )"). Such acronyms have up to 8 letters ("GNOFHAC").
void bracketAcronyms(const std::vector<std::string>& words, std::vector<NerSpan>& spans) {
  auto covered = [&](std::size_t i) { return covering(spans, i) != nullptr; };
  bool changed = false;
  for (std::size_t i = 3; i + 1 < words.size(); ++i) {
    const std::string& acronym = words[i];
    if (words[i - 1] != "(" || words[i + 1] != ")" || !acronymWord(acronym, 8)) continue;
    const std::size_t last = i - 1;         // the name is [first, last)
    std::size_t first = last, spelled = 0;  // letters of the acronym matched from its end
    while (first > 0 && spelled < acronym.size()) {
      const std::string& w = words[first - 1];
      if (skipWord(lower(w)) && first - 1 > 0 && spelled > 0) {
        --first;
        continue;
      }
      if (!startsUpper(w) || acronymWord(w) || w[0] != acronym[acronym.size() - 1 - spelled]) break;
      --first;
      ++spelled;
    }
    std::string type;
    if (spelled == acronym.size() && spelled >= 2 && !skipWord(lower(words[first]))) {
      auto exact = std::find_if(spans.begin(), spans.end(), [&](const NerSpan& sp) {
        return sp.first == first && sp.last == last;
      });
      type = exact != spans.end() ? exact->type : "ORG";
      if (exact == spans.end()) {
        // A name the model started earlier keeps its start ("The [Amalgamated] Union of
        // Dock Workers ( UDW )").
        for (const NerSpan& sp : spans)
          if (sp.first < first && first < sp.last) first = sp.first;
        std::erase_if(spans, [&](const NerSpan& sp) { return sp.first < last && first < sp.last; });
        spans.push_back({first, last, type});
        changed = true;
      }
    } else {
      auto before = std::find_if(spans.begin(), spans.end(),
                                 [&](const NerSpan& sp) { return sp.last == last; });
      if (before == spans.end() || before->type != "ORG") continue;
      type = "ORG";
    }
    if (covered(i)) continue;
    spans.push_back({i, i + 1, type});
    changed = true;
  }
  if (changed) sortByStart(spans);
}

// Storms are no people ("Hurricane Rita", "Cyclone Phailin"; UNER and GUM leave them
// unnamed): a name after a storm's title, one that starts with it, and one word the
// document names a storm elsewhere ("Rita packed winds of ...") are dropped; organisations
// stay ("the Hurricane Center").
void dropStorms(const NerExample& ex, std::vector<NerSpan>& spans) {
  const std::vector<std::string>& words = ex.words;
  const std::vector<std::string>* storms = ex.document ? &ex.document->storms : nullptr;
  std::erase_if(spans, [&](const NerSpan& sp) {
    if (sp.type == "ORG") return false;
    if (sp.first > 0 && stormWord(words[sp.first - 1])) return true;
    if (sp.last == sp.first + 2 && stormWord(words[sp.first])) return true;
    return sp.last == sp.first + 1 && sp.type == "PER" && storms &&
           std::find(storms->begin(), storms->end(), words[sp.first]) != storms->end();
  });
}

// An e-mail address's display name (`" Ryan Reynolds " < rreynol...@cogeco.ca`, `" Lenhart ,
// Matthew " <`) is a person: one to three capitalised words between quotes (a comma after
// the first allowed), not opening with an article, right before "<" and an address.
void emailDisplayNames(const std::vector<std::string>& words, std::vector<NerSpan>& spans) {
  const std::size_t n = words.size();
  auto quote = [&](std::size_t i) { return quoteWord(words[i]); };
  auto capitalised = [&](std::size_t i) { return startsUpper(words[i]); };
  bool changed = false;
  for (std::size_t lt = 3; lt + 1 < n; ++lt) {
    if (words[lt] != "<" || !quote(lt - 1) || words[lt + 1].find('@') == std::string::npos)
      continue;
    std::size_t open = lt - 2;
    while (open > 0 && !quote(open) && lt - 1 - open <= 5) --open;
    if (!quote(open)) continue;
    const std::size_t first = open + 1, last = lt - 1;  // the name: [first, last)
    std::size_t names = 0;
    bool ok = last > first;
    for (std::size_t k = first; k < last && ok; ++k) {
      if (words[k] == "," && k == first + 1) continue;
      ok = capitalised(k);
      ++names;
    }
    const std::string w0 = lower(words[first]);
    if (!ok || names > 3 || w0 == "the" || w0 == "a" || w0 == "an") continue;
    std::erase_if(spans, [&](const NerSpan& sp) { return sp.first < last && first < sp.last; });
    spans.push_back({first, last, "PER"});
    changed = true;
  }
  if (changed) sortByStart(spans);
}

// A place written in lower case after a preposition of place ("migratory birds in
// punjab", "pizza from chicago"): one or two lower-case words after in/to/from/near/at/
// around/of that, capitalised, the lexicon knows as a country, subdivision (iso-codes) or
// capital, or the model's name lists only as a place (WordNet: "the taking of mecca"), that
// the training text never writes in lower case (not "turkey", "china"), and that are
// tagged as nouns heading their phrase.
void lowerCasePlaces(const NerExample& ex, const Lexicon* lexicon,
                     const std::vector<std::uint64_t>& common_words, const NerGazetteer& names,
                     std::vector<NerSpan>& spans) {
  if (!lexicon) return;
  const std::size_t n = ex.words.size();
  std::vector<std::string> listed;  // name-list tags of the words, computed when needed
  auto lowerWord = [&](std::size_t i) {
    const std::string& w = ex.words[i];
    return w.size() >= 3 &&
           std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  };
  auto taken = [&](std::size_t i) { return covering(spans, i) != nullptr; };
  auto common = [&](std::size_t i) {
    return std::binary_search(common_words.begin(), common_words.end(), hashString(ex.words[i]));
  };
  static constexpr std::string_view kPreps[] = {"in", "to", "from", "near", "at", "around", "of"};
  bool added = false;
  for (std::size_t i = 1; i < n; ++i) {
    const std::string prep = lower(ex.words[i - 1]);
    if (std::find(std::begin(kPreps), std::end(kPreps), prep) == std::end(kPreps)) continue;
    for (std::size_t len = 2; len >= 1; --len) {
      if (i + len > n) continue;
      bool ok = true;
      std::string name;
      for (std::size_t k = i; k < i + len && ok; ++k) {
        ok = lowerWord(k) && !taken(k) && !common(k);
        std::string w = ex.words[k];
        w[0] = static_cast<char>(w[0] - 32);
        name += (k > i ? " " : "") + w;
      }
      // A noun heading its phrase, when tagged: not "a cluster of antique subway cars".
      const bool tagged = ex.tags.size() == n;
      if (ok && tagged) {
        for (std::size_t k = i; k < i + len; ++k)
          ok = ok && (ex.tags[k] == "NOUN" || ex.tags[k] == "PROPN");
        ok = ok && (i + len == n || (ex.tags[i + len] != "NOUN" && ex.tags[i + len] != "PROPN"));
      }
      if (!ok) continue;
      // A place of the model's name lists only (WordNet's noun.location: "chicago").
      if (listed.empty()) listed = names.tags(ex.words);
      const bool list_place =
          len == 1 ? listed[i] == "U-LOC" : listed[i] == "B-LOC" && listed[i + 1] == "L-LOC";
      if (list_place) {
        spans.push_back({i, i + len, "LOC"});
        added = true;
        break;
      }
      const auto m = lexicon->find(name);
      if (!m) continue;
      const bool place = m->kind == EntryKind::Place || m->kind == EntryKind::Capital ||
                         (m->kind == EntryKind::Actor &&
                          lexicon->actors()[m->index].type == graph::ActorType::Country);
      if (!place) continue;
      spans.push_back({i, i + len, "LOC"});
      added = true;
      break;
    }
  }
  if (added) sortByStart(spans);
}

// "Chillicothe , OH", "Baltimore , MD 21202": a state's postal code after a place and a
// comma is a place too (not "Harry Preuss , MD", after a person).
void stateCodes(const NerExample& ex, const Lexicon* lexicon, std::vector<NerSpan>& spans) {
  if (!lexicon) return;
  std::vector<NerSpan> added;
  for (std::size_t k = 0; k < spans.size(); ++k) {
    const std::size_t i = spans[k].last + 1;
    if (spans[k].type != "LOC" || i >= ex.words.size() || ex.words[i - 1] != "," ||
        !lexicon->isStateCode(ex.words[i]) || (k + 1 < spans.size() && spans[k + 1].first <= i))
      continue;
    added.push_back({i, i + 1, "LOC"});
  }
  if (added.empty()) return;
  spans.insert(spans.end(), added.begin(), added.end());
  sortByStart(spans);
}

// A predicted span that is exactly a name of the curated lexicon's actors (extract/data/
// actors.json: countries, organisations, people, with their aliases) takes the lexicon's
// type (person, organisation; a country is a place): the lexicon is what kg's actors
// follow, and the model sometimes types a name it rarely saw by its shape ("al-Qaeda" as a
// place, like "al-Anbar"). Seats of government ("the Pentagon", also listed as an
// organisation) are places standing for their state, too ambiguous to retype. Only the
// type changes.
void lexiconTypes(const NerExample& ex, const Lexicon* lexicon, std::vector<NerSpan>& spans) {
  if (!lexicon || spans.empty()) return;
  const std::vector<bool> spaces = spacesOf(ex);
  for (NerSpan& sp : spans) {
    auto m = lexicon->longestMatch(ex.words, spaces, sp.first);
    if (!m || m->last != sp.last || m->kind != EntryKind::Actor) continue;
    switch (lexicon->actors()[m->index].type) {
      case graph::ActorType::Person:
        sp.type = "PER";
        break;
      case graph::ActorType::Organization:
        sp.type = "ORG";
        break;
      case graph::ActorType::Country:
        sp.type = "LOC";
        break;
      default:
        break;
    }
  }
}

// "The" also when capitalised: UNER leaves it out ("the [CPA]", "The [Washington Monthly]").
bool isArticle(const std::string& w) {
  std::string l = lower(w);
  return l == "the" || l == "a" || l == "an";
}

// Lower-case words inside names: particles ("Marquis de Lafayette", "Peter the Great",
// "Coahuila y Texas"), for places and organisations also linking words ("Bank of
// America", "Organization for Security and Cooperation"), and parts of hyphenated
// names ("Bourg - la - Reine", "Wong Kwok - kin").
bool nameInternal(const Sentence& s, std::size_t i, bool person) {
  static const std::vector<std::string> particles = {
      "the", "de", "da", "das", "do", "dos", "del", "della", "der", "den", "van", "von",
      "la",  "le", "du", "des", "y",  "e",   "al",  "bin",   "ibn", "el",  "-"};
  static const std::vector<std::string> linking = {"of", "and", "&", "for"};
  std::string l = lower(s.tokens[i].form);
  if (std::find(particles.begin(), particles.end(), l) != particles.end()) return true;
  if (!person && std::find(linking.begin(), linking.end(), l) != linking.end()) return true;
  return (i > 0 && s.tokens[i - 1].form == "-") ||
         (i + 1 < s.tokens.size() && s.tokens[i + 1].form == "-");
}

bool capitalised(const std::string& w) {
  unsigned char c = w.empty() ? 0 : static_cast<unsigned char>(w[0]);
  // U+2000-U+206F (typographic quotes and dashes: "’s", "—") are not capitalised letters.
  if (w.size() >= 2 && c == 0xE2 && static_cast<unsigned char>(w[1]) == 0x80) return false;
  return std::isupper(c) || std::isdigit(c) || c >= 0x80;
}

// Whether a possessive is elliptical, with nothing possessed after it: `next` (the word
// after it, empty at the end of the sentence) is punctuation other than an opening quote
// or bracket (not "England 's " City "" nor a citation's "Navarro 's ( 2016 )"), or, when
// tagged (`next_upos`), a preposition, subordinator, auxiliary or pronoun: "[Lord 's] in
// 1805", "[Powell 's] which is", "would be [wendy 's] .".
bool nothingPossessed(const std::string& next, const std::string& next_upos) {
  if (next.empty()) return true;
  if (next_upos == "ADP" || next_upos == "SCONJ" || next_upos == "AUX" || next_upos == "PRON")
    return true;
  static const std::vector<std::string> opening = {
      "\"", "(", "[", "'", "`", "``", "\xE2\x80\x9C", "\xE2\x80\x98"};
  if (std::find(opening.begin(), opening.end(), next) != opening.end()) return false;
  return std::all_of(next.begin(), next.end(),
                     [](char c) { return std::ispunct(static_cast<unsigned char>(c)); });
}

// A shop, restaurant or ground named with a possessive, as reviews name them ("going to
// [Del Frisco 's] for dinner", "like [McDonald s] ,", the apostrophe lost): a predicted name
// followed by "'s" (or a lone "s") with nothing possessed after it, and followed by one
// wherever the document writes it, is a place that includes the possessive, as UNER and
// the GUM conversion annotate them. Not "Goldsmith 's , maintains" in a document that
// also names "Lynn Goldsmith", nor "Alan 's mechanic", nor a double genitive ("one of
// Victor Bout 's").
void possessiveShops(const NerExample& ex, std::vector<NerSpan>& spans) {
  const std::size_t n = ex.words.size();
  const bool tagged = ex.tags.size() == n;
  auto marker = [](const std::vector<std::string>& words, std::size_t i) {
    return i < words.size() && (isPossessive(words[i]) || words[i] == "s");
  };
  // Every occurrence of words [first, last) of `ex` in `sentences` is followed by a marker.
  auto alwaysPossessive = [&](const std::vector<std::vector<std::string>>& sentences,
                              std::size_t first, std::size_t last) {
    const std::size_t len = last - first;
    for (const auto& words : sentences)
      for (std::size_t i = 0; i + len <= words.size(); ++i)
        if (std::equal(words.begin() + static_cast<long>(i),
                       words.begin() + static_cast<long>(i + len),
                       ex.words.begin() + static_cast<long>(first)) &&
            !marker(words, i + len))
          return false;
    return true;
  };
  for (std::size_t k = 0; k < spans.size(); ++k) {
    NerSpan& sp = spans[k];
    const std::size_t m = sp.last;  // the marker
    if (!marker(ex.words, m) || (k + 1 < spans.size() && spans[k + 1].first <= m)) continue;
    const std::string none;
    const std::string& next = m + 1 < n ? ex.words[m + 1] : none;
    if (!nothingPossessed(next, tagged && m + 1 < n ? ex.tags[m + 1] : none)) continue;
    if (sp.first > 0 && lower(ex.words[sp.first - 1]) == "of") continue;  // "one of Victor Bout 's"
    const bool ok = ex.document ? alwaysPossessive(ex.document->sentences, sp.first, sp.last)
                                : alwaysPossessive({ex.words}, sp.first, sp.last);
    if (!ok) continue;
    sp.last = m + 1;
    sp.type = "LOC";
  }
}

}  // namespace

struct NerModel::Model {
  bool use_tags = true;              // whether tag features were trained
  perceptron::CompactWeights weights;
  NerWordKnowledge known;                   // word lists and clusters read at training time
  bool stacked = false;                     // a second pass (`second`) reads the first pass's document labels
  perceptron::CompactWeights second;        // second-pass weights (when stacked)
};

NerModel::NerModel() = default;
NerModel::~NerModel() = default;
NerModel::NerModel(NerModel&&) noexcept = default;
NerModel& NerModel::operator=(NerModel&&) noexcept = default;
NerModel::NerModel(const NerModel&) = default;
NerModel& NerModel::operator=(const NerModel&) = default;

void NerScores::add(const std::vector<NerSpan>& gold_spans,
                    const std::vector<NerSpan>& predicted_spans) {
  gold += gold_spans.size();
  predicted += predicted_spans.size();
  for (const NerSpan& p : predicted_spans)
    if (std::find(gold_spans.begin(), gold_spans.end(), p) != gold_spans.end()) ++correct;
}

// Whitespace after each word, read from the sentence's original text: each word is found
// where the previous one ended (after any whitespace), or a few characters on when words
// before it are spelled otherwise in the text (they keep a space after them). Without the
// text, every word has a space after it.
std::vector<bool> spacesFromText(const std::vector<std::string>& words, const std::string& text) {
  constexpr std::size_t kMaxSkipped = 12;  // characters of unmatched words to skip
  std::vector<bool> spaces(words.size(), true);
  std::size_t pos = 0;
  auto blank = [&](std::size_t at) {
    return std::isspace(static_cast<unsigned char>(text[at])) != 0;
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::size_t at = pos;
    while (at < text.size() && blank(at)) ++at;
    if (words[i].empty()) continue;
    if (text.compare(at, words[i].size(), words[i]) != 0) {
      // After words the text spells otherwise, the next word found a few characters on.
      std::size_t found = text.find(words[i], at);
      if (found == std::string::npos || found - at > kMaxSkipped) continue;
      at = found;
    }
    pos = at + words[i].size();
    spaces[i] = pos >= text.size() || blank(pos);
  }
  return spaces;
}

std::vector<NerExample> readIob2(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw kg::InputError(path, "cannot be opened for reading");
  std::vector<NerExample> out;
  NerExample cur;
  std::vector<int> labels;
  std::string doc_id;  // the current document's id
  std::string text;    // the sentence's "# text = ...", or ""
  auto flush = [&] {
    if (cur.words.empty()) return;
    // BIO -> spans; an I- without a matching B- starts a span (lenient, like conlleval).
    std::size_t start = 0;
    std::string type;
    for (std::size_t i = 0; i <= labels.size(); ++i) {
      int l = i < labels.size() ? labels[i] : 0;
      bool begin = l > 0 && (l % 2 == 1 || type != kTypes[static_cast<std::size_t>((l - 1) / 2)]);
      if (!type.empty() && (l == 0 || begin)) {
        cur.spans.push_back({start, i, type});
        type.clear();
      }
      if (l > 0 && (begin || type.empty())) {
        start = i;
        type = kTypes[static_cast<std::size_t>((l - 1) / 2)];
      }
    }
    cur.space_after = spacesFromText(cur.words, text);
    cur.doc_id = doc_id;
    out.push_back(std::move(cur));
    cur = NerExample{};
    labels.clear();
    text.clear();
  };
  std::string line;
  std::size_t line_no = 0;
  std::size_t doc_start = 0;  // first example of the current document
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      flush();
      continue;
    }
    if (line[0] == '#') {
      if (line.rfind("# newdoc", 0) == 0) {
        flush();
        linkDocument(out, doc_start, out.size());
        doc_start = out.size();
        doc_id = newdocId(line.substr(1));
      } else if (line.rfind("# text = ", 0) == 0) {
        flush();
        text = line.substr(9);
      }
      continue;
    }
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() < 3) throw kg::InputError(path, line_no, "expected id, word and IOB2 tag separated by tabs");
    const std::string& tag = cols[2];
    int l = 0;  // 0 = O; odd = B-type, even = I-type: 1 + 2*type + (I ? 1 : 0)
    if (tag != "O") {
      if (tag.size() < 3 || (tag[0] != 'B' && tag[0] != 'I') || tag[1] != '-')
        throw kg::InputError(path, line_no, "bad IOB2 tag \"" + tag + "\"");
      int t = typeIndex(tag.substr(2));
      if (t >= 0) l = 1 + 2 * t + (tag[0] == 'I' ? 1 : 0);  // other types (MISC) count as O
    }
    cur.words.push_back(cols[1]);
    labels.push_back(l);
  }
  flush();
  linkDocument(out, doc_start, out.size());
  return out;
}

void writeIob2Sentence(std::ostream& out, const NerExample& ex, const std::vector<NerSpan>& spans) {
  const std::vector<std::string>& words = ex.words;
  const std::vector<bool> spaces = spacesOf(ex);
  std::string text;
  for (std::size_t k = 0; k < words.size(); ++k) {
    text += words[k];
    if (k + 1 < words.size() && spaces[k]) text += ' ';
  }
  out << "# text = " << text << '\n';
  std::vector<std::string> tags(words.size(), "O");
  for (const NerSpan& sp : spans)
    for (std::size_t k = sp.first; k < sp.last && k < words.size(); ++k)
      tags[k] = (k == sp.first ? "B-" : "I-") + sp.type;
  for (std::size_t k = 0; k < words.size(); ++k)
    out << k + 1 << '\t' << words[k] << '\t' << tags[k] << '\n';
  out << '\n';
}

std::vector<NerSpan> gumNamedEntities(const Sentence& s) {
  std::vector<std::pair<NerSpan, std::size_t>> candidates;  // span and its head
  const std::vector<GumMention> mentions = gumMentions(s);
  for (const GumMention& m : mentions) {
    std::string type = m.type == "person" ? "PER" : m.type == "organization" ? "ORG"
                       : m.type == "place" ? "LOC" : "";
    if (!type.empty()) candidates.push_back({{m.first, m.last, type}, m.head});
  }
  // Head PROPN test and narrowing to the name.
  std::vector<NerSpan> named;
  for (auto [c, head] : candidates) {
    if (s.tokens[head].upos != "PROPN") {
      // A common-noun mention naming its referent ("the province of [Panjshir]", "[Jiangsu]
      // province", "the physician [Yang Buwei]"): the PROPN run attached to the head by
      // appos, flat, nmod with "of" (or compound, for places) is the name.
      for (std::size_t i = c.first; i < c.last; ++i) {
        const Token& t = s.tokens[i];
        if (t.upos != "PROPN" || t.head != static_cast<int>(head) + 1) continue;
        bool of = i > c.first && lower(s.tokens[i - 1].form) == "of";
        bool attached = t.deprel == "appos" || t.deprel == "flat" || (t.deprel == "nmod" && of) ||
                        (t.deprel == "compound" && c.type == "LOC");
        if (!attached) continue;
        std::size_t a = i, b = i + 1;
        while (a > c.first && s.tokens[a - 1].upos == "PROPN" && s.tokens[a - 1].head == static_cast<int>(i) + 1) --a;
        while (b < c.last && s.tokens[b].upos == "PROPN" && s.tokens[b].head == static_cast<int>(i) + 1) ++b;
        named.push_back({a, b, c.type});
        break;
      }
      continue;
    }
    // UNER conventions: a group of people ("Americans", "Democrats") and a bare title
    // ("the President", "2nd Earl of Clare") are not person names.
    if (c.type == "PER" && (s.tokens[head].xpos == "NNPS" || isTitleHead(s.tokens[head].form))) continue;
    // Coordinated people ("Kirk Bart and Celeste Pollock") are one name each (the nested
    // mentions), as in UNER ("[Chuck] and [Gretchen]").
    if (c.type == "PER" && std::any_of(s.tokens.begin() + static_cast<long>(c.first),
                                       s.tokens.begin() + static_cast<long>(c.last),
                                       [](const Token& t) { return t.deprel == "cc"; }))
      continue;
    for (std::size_t i = head + 1; i < c.last; ++i)
      if (s.tokens[i].form == "," || s.tokens[i].form == "(") { c.last = i; break; }
    for (std::size_t i = head; i > c.first; --i)
      if (s.tokens[i - 1].form == "," || s.tokens[i - 1].form == ")") { c.first = i; break; }
    // A name ends at a lower-case word that is not part of names ("[Museum of Flight] in
    // Seattle", "[Henry Talbot] in the final season of ...", "[Kwong Chun - yu] of the
    // Democratic Party"), and starts after a possessor mention ("Smithsonian 's [National Air
    // and Space Museum]") or, for a person, a description GUM attaches to the head ("NASA
    // Administrator [Charles Bolden]", "Civic Passion 's [Wong Yeung]"): UNER's names.
    bool person = c.type == "PER";
    // A place named with a possessive and nothing possessed, a shop or ground ("[Lord 's] in
    // 1805", "[Powell 's] which is"), keeps it, as UNER's shops do.
    const bool shop = c.type == "LOC" && c.last == head + 2 &&
                      isPossessive(s.tokens[head + 1].form) &&
                      nothingPossessed(c.last < s.tokens.size() ? s.tokens[c.last].form : "",
                                       c.last < s.tokens.size() ? s.tokens[c.last].upos : "");
    for (std::size_t i = head + 1; i < c.last; ++i)
      if (!capitalised(s.tokens[i].form) && !nameInternal(s, i, person)) {
        c.last = i;
        break;
      }
    for (std::size_t i = head; i > c.first; --i) {
      const Token& t = s.tokens[i - 1];
      // The possessor must be a mention of its own: "People 's" stays in "Korean People 's Army".
      bool description = isPossessive(t.form) &&
                         std::any_of(mentions.begin(), mentions.end(), [&](const GumMention& m) {
                           return m.first >= c.first && (m.last == i - 1 || m.last == i);
                         });
      for (std::size_t a = i - 1;
           person && !description && a < head;) {  // up t's heads, within the span
        const Token& u = s.tokens[a];
        if (u.head == static_cast<int>(head) + 1)
          description = u.deprel == "nmod:desc" || u.deprel == "nmod:poss";
        if (u.head <= 0 || u.head == static_cast<int>(head) + 1) break;
        a = static_cast<std::size_t>(u.head - 1);
        if (a < c.first || a >= c.last) break;
      }
      if (description) {
        c.first = i;
        break;
      }
    }
    // Titles lead only people's names: "[General Motors]", "[Prince Edward Island]".
    while (c.first < head &&
           (!capitalised(s.tokens[c.first].form) ||
            (person && isTitleWord(s.tokens[c.first].form)) || isArticle(s.tokens[c.first].form)))
      ++c.first;
    while (c.last > head + 1 && !capitalised(s.tokens[c.last - 1].form) &&
           s.tokens[c.last - 2].form != "-")
      --c.last;
    if (shop) c.last = head + 2;
    named.push_back(c);
  }
  // Outermost first; drop spans overlapping a kept one.
  std::sort(named.begin(), named.end(), [](const NerSpan& a, const NerSpan& b) {
    if (a.last - a.first != b.last - b.first) return a.last - a.first > b.last - b.first;
    return a.first < b.first;
  });
  std::vector<NerSpan> kept;
  for (const NerSpan& c : named) {
    bool overlaps = std::any_of(kept.begin(), kept.end(), [&](const NerSpan& k) {
      return c.first < k.last && k.first < c.last;
    });
    if (!overlaps) kept.push_back(c);
  }
  std::sort(kept.begin(), kept.end(), [](const NerSpan& a, const NerSpan& b) { return a.first < b.first; });
  return kept;
}

void tagExamples(std::vector<NerExample>& examples, const Tagger& tagger) {
  Sentence s;
  for (NerExample& ex : examples) {
    s.tokens.assign(ex.words.size(), Token{});
    for (std::size_t i = 0; i < ex.words.size(); ++i) s.tokens[i].form = ex.words[i];
    tagger.tag(s);
    ex.tags.clear();
    for (const Token& t : s.tokens) ex.tags.push_back(t.upos);
  }
}

NerExample exampleOf(const Sentence& s) {
  NerExample ex;
  bool tagged = !s.tokens.empty();
  for (const Token& t : s.tokens) {
    ex.words.push_back(t.form);
    ex.space_after.push_back(t.space_after);
    if (t.upos.empty() || t.upos == "_") tagged = false;
  }
  if (tagged)
    for (const Token& t : s.tokens) ex.tags.push_back(t.upos);
  return ex;
}

std::vector<std::string> firstNamesOf(const std::string& treebank) {
  std::vector<std::string> out;
  ConlluReader reader(treebank);
  Sentence s;
  while (reader.next(s)) {
    for (const Token& t : s.tokens) {
      if (t.upos != "PROPN" || t.deprel != "flat" || t.head <= 0) continue;
      const Token& first = s.tokens[static_cast<std::size_t>(t.head - 1)];
      if (first.upos == "PROPN" && &first < &t && startsUpper(first.form)) out.push_back(first.form);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<NerExample> lowercasedCopies(const std::vector<NerExample>& examples, double share,
                                         std::uint64_t seed) {
  std::vector<NerExample> out;
  if (share <= 0) return out;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> coin(0, 1);
  for (std::size_t first = 0; first < examples.size();) {
    std::size_t last = first + 1;
    if (examples[first].document)
      while (last < examples.size() && examples[last].document == examples[first].document) ++last;
    if (coin(rng) < share) {
      std::size_t start = out.size();
      for (std::size_t e = first; e < last; ++e) {
        NerExample copy;
        for (const std::string& w : examples[e].words) copy.words.push_back(lower(w));
        copy.space_after = examples[e].space_after;
        copy.spans = examples[e].spans;
        copy.lowercased_copy = true;
        out.push_back(std::move(copy));
      }
      if (examples[first].document) linkDocument(out, start, out.size());
    }
    first = last;
  }
  return out;
}

void linkDocument(std::vector<NerExample>& examples, std::size_t first, std::size_t last) {
  last = std::min(last, examples.size());
  if (first >= last) return;
  auto doc = std::make_shared<NerDocument>();
  for (std::size_t e = first; e < last; ++e) {
    const auto& words = examples[e].words;
    for (std::size_t i = 0; i < words.size(); ++i) {
      const std::string& w = words[i];
      auto& st = doc->words[lower(w)];
      if (!w.empty() && std::islower(static_cast<unsigned char>(w[0]))) {
        ++st.lower;
        continue;
      }
      if (!startsUpper(w)) continue;
      if (i > 0) ++st.upper_inside;
      auto note = [&](std::string_view side, std::size_t j) {
        if (st.context.size() >= kMaxDocContext) return;
        std::uint64_t h = hashCombine(hashString(side), hashString(lower(words[j])));
        if (std::find(st.context.begin(), st.context.end(), h) == st.context.end()) st.context.push_back(h);
      };
      if (i > 0) note("p", i - 1);
      if (i + 1 < words.size()) note("n", i + 1);
    }
  }
  for (std::size_t e = first; e < last; ++e) {
    const auto& words = examples[e].words;
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
      // The title starts the name ("Tropical Storm" aside): not "National Hurricane Center".
      const bool starts = i == 0 || !startsUpper(words[i - 1]) || words[i - 1] == "Tropical";
      if (stormWord(words[i]) && startsUpper(words[i + 1]) && starts &&
          std::find(doc->storms.begin(), doc->storms.end(), words[i + 1]) == doc->storms.end())
        doc->storms.push_back(words[i + 1]);
    }
  }
  for (std::size_t e = first; e < last; ++e) {
    doc->sentences.push_back(examples[e].words);
    doc->spaces.push_back(spacesOf(examples[e]));
  }
  for (std::size_t e = first; e < last; ++e) {
    examples[e].document = doc;
    examples[e].doc_index = e - first;
  }
}

std::vector<NerExample> readGumEntities(const std::string& path) {
  std::vector<NerExample> out;
  ConlluReader reader(path);
  Sentence s;
  std::size_t doc_start = 0;
  std::string doc_id;
  while (reader.next(s)) {
    auto newdoc = std::find_if(s.comments.begin(), s.comments.end(),
                               [](const std::string& c) { return c.rfind("newdoc", 0) == 0; });
    if (newdoc != s.comments.end()) {
      linkDocument(out, doc_start, out.size());
      doc_start = out.size();
      doc_id = newdocId(*newdoc);
    }
    NerExample ex = exampleOf(s);
    ex.doc_id = doc_id;
    ex.spans = gumNamedEntities(s);
    out.push_back(std::move(ex));
  }
  linkDocument(out, doc_start, out.size());
  return out;
}

namespace {

// Viterbi over first-order scores: `stat(i, scores)` adds the static-feature scores of
// token i, `dyn(i, prev, scores)` those of the previous-label features; BILOU
// transitions are enforced (the sink class is never predicted).
template <typename Static, typename Dynamic>
std::vector<int> viterbi(std::size_t n, Static stat_fn, Dynamic dyn_fn) {
  std::vector<int> labels(n, 0);
  if (n == 0) return labels;
  constexpr float kNone = -1e30f;
  std::vector<std::array<float, kNumLabels>> best(n);
  std::vector<std::array<int, kNumLabels>> back(n);
  std::vector<float> stat(kNumClasses), dyn(kNumClasses);
  for (std::size_t i = 0; i < n; ++i) {
    std::fill(stat.begin(), stat.end(), 0.0f);
    stat_fn(i, stat);
    bool last = i + 1 == n;
    best[i].fill(kNone);
    back[i].fill(0);
    for (int p = 0; p < kNumLabels; ++p) {
      float base = i == 0 ? (p == 0 ? 0.0f : kNone) : best[i - 1][static_cast<std::size_t>(p)];
      if (base <= kNone / 2) continue;
      std::fill(dyn.begin(), dyn.end(), 0.0f);
      dyn_fn(i, p, dyn);
      for (int y = 0; y < kNumLabels; ++y) {
        if (!allowed(p, y, last)) continue;
        float v = base + stat[static_cast<std::size_t>(y)] + dyn[static_cast<std::size_t>(y)];
        if (v > best[i][static_cast<std::size_t>(y)]) {
          best[i][static_cast<std::size_t>(y)] = v;
          back[i][static_cast<std::size_t>(y)] = p;
        }
      }
    }
  }
  int y = 0;
  for (int l = 1; l < kNumLabels; ++l)
    if (best[n - 1][static_cast<std::size_t>(l)] > best[n - 1][static_cast<std::size_t>(y)]) y = l;
  for (std::size_t i = n; i-- > 0;) {
    labels[i] = y;
    y = back[i][static_cast<std::size_t>(y)];
  }
  return labels;
}

std::vector<int> decode(const NerExample& ex, const std::vector<std::vector<std::uint64_t>>& feats,
                        const perceptron::CompactWeights& w) {
  std::vector<std::uint64_t> wh(ex.words.size());
  for (std::size_t i = 0; i < wh.size(); ++i) wh[i] = lowerHash(ex.words[i]);
  // dynamicFeatures() in quantised units, as score() sums them: the previous label alone
  // once per sentence, with the word once per token and label.
  const std::size_t width = w.sumsSize();
  std::vector<std::int32_t> alone(static_cast<std::size_t>(kNumLabels) * width, 0), sums(width);
  for (int p = 0; p < kNumLabels; ++p) {
    const std::uint64_t key = prevLabelKey(p);
    w.addQuantised(&key, 1, alone.data() + static_cast<std::size_t>(p) * width);
  }
  const int classes = w.numClasses();
  return viterbi(
      ex.words.size(),
      [&](std::size_t i, std::vector<float>& sc) {
        w.score(feats[i].data(), feats[i].size(), sc.data());
      },
      [&](std::size_t i, int p, std::vector<float>& sc) {
        std::copy_n(alone.begin() + static_cast<long>(static_cast<std::size_t>(p) * width), width,
                    sums.begin());
        const std::uint64_t key = prevLabelWordKey(p, wh[i]);
        w.addQuantised(&key, 1, sums.data());
        for (int c = 0; c < classes; ++c)
          sc[static_cast<std::size_t>(c)] +=
              static_cast<float>(sums[static_cast<std::size_t>(c)]) * w.scale();
      });
}

// The first pass's labels of every sentence of `doc` (its words only: no tags).
std::vector<std::vector<int>> firstPassLabels(const NerDocument& doc, const NerModel::Model& m, const Lexicon* lex) {
  std::shared_ptr<const NerDocument> self(std::shared_ptr<const NerDocument>(), &doc);  // not owning
  std::vector<std::vector<int>> out;
  for (std::size_t i = 0; i < doc.sentences.size(); ++i) {
    NerExample ex;
    ex.words = doc.sentences[i];
    ex.space_after = doc.spaces[i];
    ex.document = self;
    ex.doc_index = i;
    auto feats = staticFeatures(ex, lex, m.known, m.use_tags);
    out.push_back(decode(ex, feats, m.weights));
  }
  return out;
}

// Stores first-pass labels (and their word and name counts) in `doc` for `owner`.

// FirstPass::initials of `fp`'s names in the sentences of `doc`: every run of capitalised
// words (not acronyms) that the first pass typed as a whole, by its initials.
void countInitials(const NerDocument& doc, NerDocument::FirstPass& fp) {
  auto capitalised = [](const std::string& w) { return startsUpper(w) && !acronymWord(w); };
  for (const std::vector<std::string>& words : doc.sentences) {
    std::vector<std::string> low(words.size());
    for (std::size_t a = 0; a < words.size(); ++a) {
      if (!capitalised(words[a])) continue;
      std::string initials;
      for (std::size_t b = a; b < words.size() && b - a < kMaxStackName; ++b) {
        const std::string w = lower(words[b]);
        low[b] = w;
        const bool skip = skipWord(w);
        if (!skip && !capitalised(words[b])) break;
        if (skip) continue;
        initials += words[b][0];
        if (initials.size() < 2) continue;
        auto it = fp.span_types.find(nameKey(low, a, b + 1));
        if (it == fp.span_types.end()) continue;
        for (std::size_t t = 0; t < 3; ++t) fp.initials[initials][t] += std::max(it->second[t], 0);
      }
    }
    // A whole run of three or more capitalised words that the first pass did not type as
    // one name ("the Coalition Provisional Authority goes") counts once as an organisation.
    for (std::size_t a = 0; a < words.size();) {
      if (!capitalised(words[a]) || lower(words[a]) == "the") {
        ++a;
        continue;
      }
      std::size_t end = a + 1;  // [a, end): the run, skipped words inside only
      std::string initials(1, words[a][0]);
      for (std::size_t b = a + 1; b < words.size(); ++b) {
        if (capitalised(words[b])) {
          initials += words[b][0];
          end = b + 1;
        } else if (!skipWord(lower(words[b]))) {
          break;
        }
      }
      if (initials.size() >= 3 && initials.size() <= 6) {
        std::vector<std::string> run_low;
        for (std::size_t b = a; b < end; ++b) run_low.push_back(lower(words[b]));
        if (!fp.span_types.count(nameKey(run_low, 0, run_low.size())))
          ++fp.initials[initials][static_cast<std::size_t>(typeIndex("ORG"))];
      }
      a = end;
    }
  }
}

void setFirstPass(const NerDocument& doc, const void* owner, std::vector<std::vector<int>> labels) {
  auto fp = std::make_shared<NerDocument::FirstPass>();
  for (std::size_t i = 0; i < labels.size() && i < doc.sentences.size(); ++i)
    countFirstPass(doc.sentences[i], labels[i], 1, fp->word_labels, fp->span_types);
  countInitials(doc, *fp);
  fp->labels = std::move(labels);
  std::lock_guard<std::mutex> lock(doc.mutex);
  doc.owner = owner;
  doc.first_pass = std::move(fp);
}

// Computes `doc`'s first-pass labels with `m` unless they are there already.
void ensureFirstPass(const NerDocument& doc, const NerModel::Model& m, const Lexicon* lex) {
  {
    std::lock_guard<std::mutex> lock(doc.mutex);
    if (doc.owner == &m && doc.first_pass) return;
  }
  setFirstPass(doc, &m, firstPassLabels(doc, m, lex));
}

}  // namespace

namespace {

// One perceptron training run (the first pass, or with `stack` the second pass, whose
// documents must already hold first-pass labels); keeps the best epoch on `dev`.
std::shared_ptr<NerModel::Model> trainPass(const std::vector<NerExample>& train,
                                           const std::vector<NerExample>& dev,
                                           const Lexicon* lexicon, const NerTrainOptions& options,
                                           std::ostream& progress, const NerWordKnowledge& known,
                                           bool stack) {
  using Model = NerModel::Model;
  // Training instances: every sentence; tagged ones also untagged (tag dropout) for a
  // share of them, so the model works with and without a tagger.
  struct Instance {
    const NerExample* ex;
    std::vector<std::vector<std::uint64_t>> feats;
    std::vector<std::uint64_t> word_hashes;
    std::vector<int> gold;
  };
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> coin(0, 1);
  std::vector<Instance> data;
  for (const NerExample& ex : train) {
    if (ex.words.empty()) continue;
    std::vector<std::uint64_t> wh;
    for (auto& w : ex.words) wh.push_back(lowerHash(w));
    bool tagged = ex.tags.size() == ex.words.size();
    // The extra copy is also seen without document features (a sentence predicted alone).
    if (tagged && coin(rng) < options.tag_dropout)
      data.push_back({&ex, staticFeatures(ex, lexicon, known, false, false), wh, bilou(ex)});
    data.push_back({&ex, staticFeatures(ex, lexicon, known, true, true, stack), wh, bilou(ex)});
  }
  // Feature set: features seen at least min_feature_count times with gold history.
  std::unordered_map<std::uint64_t, int> counts;
  for (const Instance& in : data) {
    int prev = 0, prev2 = 0;
    for (std::size_t i = 0; i < in.gold.size(); ++i) {
      std::vector<std::uint64_t> keys = in.feats[i];
      dynamicFeatures(keys, in.word_hashes[i], prev, prev2);
      for (auto k : keys) ++counts[k];
      prev2 = prev;
      prev = in.gold[i];
    }
  }
  perceptron::AveragedPerceptron model(kNumClasses);
  for (auto& [k, c] : counts)
    if (c >= options.min_feature_count) model.addFeature(k);
  counts.clear();
  if (options.verbose)
    progress << "ner: " << data.size() << " training instances, " << model.numFeatures()
             << " features\n";

  // Static rows never change: looked up once.
  std::vector<std::vector<std::vector<std::int32_t>>> static_rows(data.size());
  for (std::size_t d = 0; d < data.size(); ++d) {
    static_rows[d].resize(data[d].feats.size());
    for (std::size_t i = 0; i < data[d].feats.size(); ++i) model.lookup(data[d].feats[i], static_rows[d][i]);
  }
  std::vector<std::size_t> order(data.size());
  std::iota(order.begin(), order.end(), 0);
  std::shared_ptr<Model> best;
  double best_f1 = -1;
  std::vector<std::int32_t> rows, rows2;
  std::vector<float> scores;
  std::vector<std::uint64_t> keys;
  auto dynRows = [&](const Instance& in, std::size_t i, int p, std::vector<std::int32_t>& out) {
    keys.clear();
    dynamicFeatures(keys, in.word_hashes[i], p, 0);
    model.lookup(keys, out);
  };
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    std::size_t errors = 0, tokens = 0;
    for (std::size_t idx : order) {
      const Instance& in = data[idx];
      const auto& srows = static_rows[idx];
      std::vector<int> pred = viterbi(
          in.gold.size(),
          [&](std::size_t i, std::vector<float>& sc) {
            model.score(srows[i], scores);
            for (std::size_t c = 0; c < sc.size(); ++c) sc[c] += scores[c];
          },
          [&](std::size_t i, int p, std::vector<float>& sc) {
            dynRows(in, i, p, rows);
            model.score(rows, scores);
            for (std::size_t c = 0; c < sc.size(); ++c) sc[c] += scores[c];
          });
      // Collins' structured update: + gold features, - predicted features.
      for (std::size_t i = 0; i < in.gold.size(); ++i) {
        int g = in.gold[i], y = pred[i];
        int gp = i ? in.gold[i - 1] : 0, yp = i ? pred[i - 1] : 0;
        if (g != y) {
          model.update(srows[i], g, y);
          ++errors;
        }
        if (gp == yp) {
          if (g != y) {
            dynRows(in, i, gp, rows);
            model.update(rows, g, y);
          }
        } else {
          dynRows(in, i, gp, rows);
          model.update(rows, g, kSink);
          dynRows(in, i, yp, rows2);
          model.update(rows2, kSink, y);
        }
        model.tick();
        ++tokens;
      }
    }
    auto candidate = std::make_shared<Model>();
    candidate->use_tags = true;
    candidate->known = known;
    candidate->weights = model.average(options.prune);
    double f1 = 0;
    if (!dev.empty()) {
      NerScores sc;
      for (const NerExample& ex : dev) {
        auto feats = staticFeatures(ex, lexicon, known, candidate->use_tags, true, stack);
        sc.add(ex.spans, spansOf(decode(ex, feats, candidate->weights)));
      }
      f1 = sc.f1();
      if (options.verbose)
        progress << "ner: epoch " << epoch << " train token error " << 100.0 * errors / std::max<std::size_t>(tokens, 1)
                 << "%, dev P " << sc.precision() << " R " << sc.recall() << " F1 " << f1 << '\n';
    } else if (options.verbose) {
      progress << "ner: epoch " << epoch << " train token error "
               << 100.0 * errors / std::max<std::size_t>(tokens, 1) << "%\n";
    }
    if (dev.empty() || f1 > best_f1) {
      best_f1 = f1;
      best = candidate;
    }
  }
  return best;
}

}  // namespace

NerModel NerModel::train(const std::vector<NerExample>& train, const std::vector<NerExample>& dev,
                         const Lexicon* lexicon, const NerTrainOptions& options,
                         std::ostream& progress) {
  if (train.empty()) throw kg::Error("ner: no training sentences");
  NerWordKnowledge known;
  std::vector<std::uint64_t>& first_names = known.first_names;
  for (const std::string& name : options.first_names) first_names.push_back(hashString(lower(name)));
  std::sort(first_names.begin(), first_names.end());
  first_names.erase(std::unique(first_names.begin(), first_names.end()), first_names.end());
  // Words the training text writes in lower case (at least twice; 3 times for the name
  // lists). Lower-cased copies are not the text: their names would count as common words.
  std::unordered_map<std::string, int> lower_count;
  for (const NerExample& ex : train)
    if (!ex.lowercased_copy)
      for (const std::string& w : ex.words)
        if (!w.empty() && std::islower(static_cast<unsigned char>(w[0]))) ++lower_count[w];
  std::vector<std::uint64_t>& common_words = known.common_words;
  for (const auto& [w, c] : lower_count)
    if (c >= 2) common_words.push_back(hashString(lower(w)));
  std::sort(common_words.begin(), common_words.end());
  common_words.erase(std::unique(common_words.begin(), common_words.end()), common_words.end());
  NerGazetteer& names = known.names;
  for (const std::string& f : options.gazetteers) names.loadFile(f);
  if (!options.gazetteers.empty()) {
    // Registry names such as "That" or "Access" are common words: a word the training text
    // writes in lower case at least 3 times is not a name entry.
    std::vector<std::string> common;
    for (const auto& [w, c] : lower_count)
      if (c >= 3) common.push_back(w);
    names.removeWords(common);
  }
  if (options.verbose && !options.gazetteers.empty()) progress << "ner: " << names.size() << " gazetteer names\n";
  if (!options.embeddings.empty()) {
    known.clusters = WordClusters::build(options.embeddings, options.clusters);
    if (options.verbose)
      progress << "ner: " << known.clusters.size() << " words clustered from " << options.embeddings
               << '\n';
  }
  auto first = trainPass(train, dev, lexicon, options, progress, known, false);
  if (options.stack_folds < 2) {
    NerModel out;
    out.model_ = first;
    return out;
  }
  // Stacked second pass: the first pass's labels of each training document come from a
  // model trained without that document (jackknife over `stack_folds` folds of whole
  // documents; identical copies of one document fall in the same fold, lower-cased
  // copies in any).
  static const char jackknife_owner = 0;
  std::vector<std::pair<std::size_t, std::size_t>> docs;  // [first, last) example ranges
  for (std::size_t i = 0; i < train.size();) {
    std::size_t j = i + 1;
    if (train[i].document)
      while (j < train.size() && train[j].document == train[i].document) ++j;
    if (train[i].document) docs.push_back({i, j});
    i = j;
  }
  auto foldOf = [&](std::pair<std::size_t, std::size_t> d) {
    std::string key;
    for (const std::string& w : train[d.first].words) key += w + ' ';
    return static_cast<int>(hashString(key) % static_cast<std::uint64_t>(options.stack_folds));
  };
  NerTrainOptions quiet = options;
  quiet.verbose = false;
  for (int f = 0; f < options.stack_folds; ++f) {
    std::vector<NerExample> rest;
    std::size_t next = 0;
    for (auto d : docs) {
      for (std::size_t i = next; i < d.first; ++i) rest.push_back(train[i]);  // examples without a document
      next = d.second;
      if (foldOf(d) != f)
        for (std::size_t i = d.first; i < d.second; ++i) rest.push_back(train[i]);
    }
    for (std::size_t i = next; i < train.size(); ++i) rest.push_back(train[i]);
    auto fold_model = trainPass(rest, dev, lexicon, quiet, progress, known, false);
    for (auto d : docs)
      if (foldOf(d) == f)
        setFirstPass(*train[d.first].document, &jackknife_owner, firstPassLabels(*train[d.first].document, *fold_model, lexicon));
    if (options.verbose) progress << "ner: jackknife fold " << f + 1 << " of " << options.stack_folds << " labelled\n";
  }
  for (const NerExample& ex : dev)
    if (ex.document) ensureFirstPass(*ex.document, *first, lexicon);
  auto second = trainPass(train, dev, lexicon, options, progress, known, true);
  auto model = std::make_shared<Model>(*first);
  model->stacked = true;
  model->second = second->weights;
  NerModel out;
  out.model_ = model;
  return out;
}

NerModel NerModel::load(const std::string& path) {
  ModelReader r(path, kMagic, 6, kVersion);  // version 6: no word clusters
  auto m = std::make_shared<Model>();
  auto labels = r.read<std::uint32_t>();
  if (labels != kNumClasses) r.fail("unexpected label count");
  m->use_tags = r.read<std::uint8_t>() != 0;
  m->weights = perceptron::CompactWeights::load(r);
  if (m->weights.numClasses() != kNumClasses) r.fail("weights do not match the label set");
  NerWordKnowledge& known = m->known;
  known.first_names = r.readVector<std::uint64_t>();
  if (!std::is_sorted(known.first_names.begin(), known.first_names.end()))
    r.fail("first names are not sorted");
  known.names = NerGazetteer::load(r);
  known.common_words = r.readVector<std::uint64_t>();
  if (!std::is_sorted(known.common_words.begin(), known.common_words.end()))
    r.fail("common words are not sorted");
  if (r.version() >= 7) known.clusters = WordClusters::load(r);
  m->stacked = r.read<std::uint8_t>() != 0;
  if (m->stacked) {
    m->second = perceptron::CompactWeights::load(r);
    if (m->second.numClasses() != kNumClasses) r.fail("second-pass weights do not match the label set");
  }
  r.expectEnd();
  NerModel out;
  out.model_ = m;
  return out;
}

void NerModel::save(const std::string& path) const {
  if (!model_) throw kg::Error("ner: no model to save");
  ModelWriter w(path, kMagic, kVersion);
  w.write<std::uint32_t>(kNumClasses);
  w.write<std::uint8_t>(model_->use_tags ? 1 : 0);
  model_->weights.save(w);
  w.writeVector(model_->known.first_names);
  model_->known.names.save(w);
  w.writeVector(model_->known.common_words);
  model_->known.clusters.save(w);
  w.write<std::uint8_t>(model_->stacked ? 1 : 0);
  if (model_->stacked) model_->second.save(w);
  w.commit();
}

std::string NerModel::averagingConflict(const NerModel& other) const {
  if (!model_ || !other.model_) return "no model loaded";
  const Model& a = *model_;
  const Model& b = *other.model_;
  if (a.weights.numClasses() != b.weights.numClasses()) return "different labels";
  if (a.use_tags != b.use_tags) return "tag features in one model only";
  if (a.stacked != b.stacked) return "a stacked second pass in one model only";
  if (a.known.first_names != b.known.first_names) return "different first names (--names)";
  if (a.known.common_words != b.known.common_words) return "different common words (training text)";
  if (!(a.known.names == b.known.names)) return "different name lists (--gazetteer)";
  if (!(a.known.clusters == b.known.clusters)) return "different word clusters (--embeddings)";
  return "";
}

NerModel NerModel::average(const std::vector<NerModel>& models) {
  if (models.empty()) throw kg::UsageError("ner: no models to average");
  for (std::size_t i = 1; i < models.size(); ++i) {
    std::string why = models.front().averagingConflict(models[i]);
    if (!why.empty())
      throw kg::UsageError("ner: model " + std::to_string(i + 1) +
                           " cannot be averaged with model 1: " + why);
  }
  std::vector<const perceptron::CompactWeights*> first, second;
  for (const NerModel& m : models) {
    first.push_back(&m.model_->weights);
    second.push_back(&m.model_->second);
  }
  auto mean = std::make_shared<Model>(*models.front().model_);
  mean->weights = perceptron::CompactWeights::mean(first);
  if (mean->stacked) mean->second = perceptron::CompactWeights::mean(second);
  NerModel out;
  out.model_ = mean;
  return out;
}

std::vector<NerSpan> NerModel::predict(const NerExample& ex, const Lexicon* lexicon) const {
  if (!model_) throw kg::Error("ner: no model loaded");
  if (ex.words.empty()) return {};
  std::vector<NerSpan> spans;
  if (!model_->stacked) {
    auto feats = staticFeatures(ex, lexicon, model_->known, model_->use_tags);
    spans = spansOf(decode(ex, feats, model_->weights));
  } else {
    if (ex.document) ensureFirstPass(*ex.document, *model_, lexicon);
    auto feats = staticFeatures(ex, lexicon, model_->known, model_->use_tags, true, true);
    spans = spansOf(decode(ex, feats, model_->second));
  }
  dropLeadingTitles(ex.words, spans);
  honorificNames(ex.words, spans);
  firstNameSurnames(ex, model_->known.first_names, spans);
  placesAfterPrepositions(ex, model_->known, spans);
  greetingNames(ex.words, spans);
  namePrefixes(ex.words, spans);
  joinSplitNames(ex.words, spans);
  legalFormNames(ex.words, spans);
  bracketAcronyms(ex.words, spans);
  if (model_->stacked) acronymSpans(ex, spans);
  stateCodes(ex, lexicon, spans);
  emailDisplayNames(ex.words, spans);
  dropStorms(ex, spans);
  lowerCasePlaces(ex, lexicon, model_->known.common_words, model_->known.names, spans);
  possessiveShops(ex, spans);
  dropTimeWords(ex.words, spans);  // after the rules that add acronyms
  lexiconTypes(ex, lexicon, spans);
  return spans;
}

}  // namespace kg::extract::entities
