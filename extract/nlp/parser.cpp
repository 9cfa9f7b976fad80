// Arc-eager transition parser with a dynamic oracle and an averaged perceptron.
// See parser.h for the interface. Layout of this file:
//   hashing and the flat key index, the parse state and its transitions,
//   features, the dynamic-oracle costs, the compact (inference) model and its
//   file format, training, pseudo-projective transformation, scoring.
#include "extract/nlp/parser.h"

#include <algorithm>
#include <bitset>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <iomanip>
#include <map>
#include <new>
#include <numeric>
#include <random>
#include <string_view>
#include <unordered_map>

#include <sys/mman.h>
#include <zlib.h>

#include "extract/nlp/model_io.h"
#include "extract/nlp/perceptron.h"
#include "graph/error.h"

namespace kg::extract {
namespace {

constexpr char kMagic[] = "KGPARSER";
constexpr std::uint32_t kVersion = 6;  // 1: uncompressed streams, 2: no feature flags, 3: no
                                       // supertagger section, 4: every label has arcs, 5: no
                                       // dropped templates (all still read)
constexpr std::uint32_t kPunctFeatures = 1;     // feature flag: punctuation between s0 and n0
constexpr std::uint32_t kSupertagFeatures = 2;  // feature flag: stacked supertags (model part)
constexpr std::uint32_t kWideSupertags = 4;     // feature flag: supertagger sees more context

// ---------------------------------------------------------------- hashing

inline std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

inline std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

std::uint64_t hashText(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return mix64(h);
}

// A feature key from a template id and up to three values; never 0.
inline std::uint64_t featureKey(std::uint64_t tmpl, std::uint64_t a, std::uint64_t b = 0,
                                std::uint64_t c = 0) {
  std::uint64_t k = mix64(tmpl * 0x9e3779b97f4a7c15ULL + a * 0xff51afd7ed558ccdULL +
                          rotl(b, 21) * 0xc4ceb9fe1a85ec53ULL + rotl(c, 42) * 0x2545f4914f6cdd1dULL);
  return k ? k : 1;
}

// Feature keys stored in the model: the high 32 bits of the 64-bit key (never 0).
inline std::uint32_t shortKey(std::uint64_t k) {
  auto s = static_cast<std::uint32_t>(k >> 32);
  return s ? s : 1;
}

// Home slot of a short key in a table of mask+1 slots. Short keys are the high bits
// of a mixed hash, already uniform: their low bits index the table as they are.
inline std::size_t slotOf(std::uint32_t key, std::size_t mask) {
  return static_cast<std::size_t>(key) & mask;
}

// Open-addressing map from non-zero keys to 32-bit values.
template <typename Key>
class KeyIndex {
 public:
  static constexpr std::uint32_t kMissing = 0xffffffffu;
  void reserve(std::size_t n) {
    std::size_t cap = 16;
    while (cap < n * 2) cap <<= 1;
    if (cap > keys_.size()) rehash(cap);
  }
  std::uint32_t get(Key key) const {
    if (keys_.empty()) return kMissing;
    std::size_t mask = keys_.size() - 1;
    for (std::size_t i = mix64(key) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) return values_[i];
      if (keys_[i] == 0) return kMissing;
    }
  }
  // Returns the value of `key`, inserting `value` first if it is absent.
  std::uint32_t getOrInsert(Key key, std::uint32_t value) {
    if ((size_ + 1) * 2 > keys_.size()) rehash(keys_.empty() ? 1024 : keys_.size() * 2);
    std::size_t mask = keys_.size() - 1;
    for (std::size_t i = mix64(key) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) return values_[i];
      if (keys_[i] == 0) {
        keys_[i] = key;
        values_[i] = value;
        ++size_;
        return value;
      }
    }
  }
  std::size_t size() const { return size_; }

 private:
  void rehash(std::size_t cap) {
    std::vector<Key> old_keys(cap, 0);
    std::vector<std::uint32_t> old_values(cap, 0);
    old_keys.swap(keys_);
    old_values.swap(values_);
    size_ = 0;
    for (std::size_t i = 0; i < old_keys.size(); ++i) {
      if (old_keys[i] != 0) getOrInsert(old_keys[i], old_values[i]);
    }
  }
  std::vector<Key> keys_;
  std::vector<std::uint32_t> values_;
  std::size_t size_ = 0;
};

// ---------------------------------------------------------------- tokens

// What the features see of one word.
struct WordInfo {
  std::uint64_t w = 0;    // lower-cased form
  std::uint64_t p = 0;    // XPOS (UPOS when XPOS is missing)
  std::uint64_t u = 0;    // UPOS
  std::uint64_t wp = 0;   // word and tag together
  std::uint64_t suf = 0;  // last three characters of the lower-cased form
  int punct = 0;          // punctuation words up to and including this one
  std::uint64_t st = 0;   // predicted supertag (relation + head direction), 0 = not tagged
};

// Fills `out` (reusing its storage) with the word information of `s`.
void fillWordInfos(const Sentence& s, std::vector<WordInfo>& out);

// A stand-in word ("<ROOT>", "<NONE>", "<EDGE>") with its own hashes; `supertag`
// empty: none.
WordInfo placeholder(std::string_view word, std::string_view tag, std::string_view supertag = {}) {
  WordInfo w;
  w.w = hashText(word);
  w.p = w.u = hashText(tag);
  w.wp = mix64(w.w ^ rotl(w.p, 17));
  w.suf = w.w;
  if (!supertag.empty()) w.st = hashText(supertag);
  return w;
}

std::vector<WordInfo> wordInfos(const Sentence& s) {
  std::vector<WordInfo> out;
  fillWordInfos(s, out);
  return out;
}

void fillWordInfos(const Sentence& s, std::vector<WordInfo>& out) {
  out.assign(s.tokens.size() + 3, WordInfo{});
  // 0 = root; n+1, n+2 = padding beyond the end (never read as words).
  out[0] = placeholder("<ROOT>", "<ROOT-TAG>", "<ROOT-ST>");
  std::string lower;
  int punct = 0;
  for (std::size_t i = 0; i < s.tokens.size(); ++i) {
    const Token& t = s.tokens[i];
    bool all_punct = !t.form.empty();
    for (unsigned char c : t.form) {
      if (!std::ispunct(c)) all_punct = false;
    }
    punct += all_punct ? 1 : 0;
    out[i + 1].punct = punct;
    lower.assign(t.form);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    for (char& c : lower) {
      if (c >= '0' && c <= '9') c = '0';
    }
    WordInfo& wi = out[i + 1];
    wi.w = hashText(lower);
    const std::string& tag = (t.xpos.empty() || t.xpos == "_") ? t.upos : t.xpos;
    wi.p = hashText(tag) + 1;
    wi.u = hashText(t.upos) + 2;
    wi.wp = mix64(wi.w ^ rotl(wi.p, 17));
    wi.suf = hashText(lower.size() > 3 ? std::string_view(lower).substr(lower.size() - 3)
                                       : std::string_view(lower)) + 3;
  }
}

// ---------------------------------------------------------------- state

constexpr int kShift = 0;
constexpr int kReduce = 1;

// A configuration of the arc-eager system: stack (0 = root at the bottom),
// buffer front b (1..n, n+1 = empty) and the arcs built so far.
struct State {
  int n = 0;
  std::vector<int> stack;
  int b = 1;
  std::vector<int> head, label;  // per word (0..n), -1 = none
  std::vector<int> l1, l2, r1, r2;  // leftmost two and rightmost two children
  std::vector<int> nl, nr;          // number of left / right children
  std::vector<std::uint64_t> lset, rset;  // sets of left / right child labels
  bool root_used = false;

  State() = default;
  explicit State(int words) { reset(words); }

  // The initial configuration for `words` words (reusing the storage).
  void reset(int words) {
    n = words;
    b = 1;
    root_used = false;
    stack.clear();
    stack.reserve(n + 1);
    stack.push_back(0);
    head.assign(n + 1, -1);
    label.assign(n + 1, -1);
    l1.assign(n + 1, -1);
    l2.assign(n + 1, -1);
    r1.assign(n + 1, -1);
    r2.assign(n + 1, -1);
    nl.assign(n + 1, 0);
    nr.assign(n + 1, 0);
    lset.assign(n + 1, 0);
    rset.assign(n + 1, 0);
  }
  bool terminal() const { return b > n; }
  int s0() const { return stack.back(); }

  void addArc(int h, int d, int l) {
    head[d] = h;
    label[d] = l;
    if (d < h) {
      if (l1[h] < 0 || d < l1[h]) {
        l2[h] = l1[h];
        l1[h] = d;
      } else if (l2[h] < 0 || d < l2[h]) {
        l2[h] = d;
      }
      ++nl[h];
      lset[h] |= 1ULL << (l & 63);
    } else {
      if (r1[h] < 0 || d > r1[h]) {
        r2[h] = r1[h];
        r1[h] = d;
      } else if (r2[h] < 0 || d > r2[h]) {
        r2[h] = d;
      }
      ++nr[h];
      rset[h] |= 1ULL << (l & 63);
    }
  }
};

// The classes: 0 shift, 1 reduce, 2+k left-arc and 2+A+k right-arc with the
// label arc_labels[k] (A arc labels). Training gives every label an arc (k = label
// id); a model cut down by Parser::pruned(keep_lifted) keeps arcs for some labels
// only, while label ids (which the features read) stay those of training.
struct TransitionSystem {
  int labels = 0;               // relation labels (ids 0..labels-1)
  int root = 0;                 // label id of "root"
  std::vector<int> arc_labels;  // label id of each arc pair, ascending
  int root_arc = 0;             // k of the root label in arc_labels

  // Every label gets an arc (as training builds the system).
  void setLabels(int n, int root_label) {
    labels = n;
    root = root_label;
    arc_labels.resize(static_cast<std::size_t>(n));
    std::iota(arc_labels.begin(), arc_labels.end(), 0);
    root_arc = root_label;
  }
  // Only the labels `ids` (ascending, including root) get arcs.
  void keepArcs(std::vector<int> ids) {
    arc_labels = std::move(ids);
    root_arc = static_cast<int>(std::find(arc_labels.begin(), arc_labels.end(), root) -
                                arc_labels.begin());
  }
  int arcs() const { return static_cast<int>(arc_labels.size()); }
  int classes() const { return 2 + 2 * arcs(); }

  bool valid(const State& st, int cls) const {
    if (st.terminal()) return false;
    int s0 = st.s0();
    if (cls == kShift) return true;
    if (cls == kReduce) return s0 != 0 && st.head[s0] >= 0;
    if (cls < 2 + arcs()) return s0 != 0 && st.head[s0] < 0;
    int k = cls - 2 - arcs();
    if (s0 == 0) return k == root_arc && !st.root_used;
    return k != root_arc;
  }

  void apply(State& st, int cls) const {
    int s0 = st.s0();
    const int A = arcs();
    if (cls == kShift) {
      st.stack.push_back(st.b++);
    } else if (cls == kReduce) {
      st.stack.pop_back();
    } else if (cls < 2 + A) {
      st.addArc(st.b, s0, arc_labels[static_cast<std::size_t>(cls - 2)]);
      st.stack.pop_back();
    } else {
      st.addArc(s0, st.b, arc_labels[static_cast<std::size_t>(cls - 2 - A)]);
      if (s0 == 0) st.root_used = true;
      st.stack.push_back(st.b++);
    }
  }
};

// ---------------------------------------------------------------- features

constexpr int kMaxFeatures = 112;

// Template ids of extractFeatures (the first argument of each add()): 0 the bias,
// 1-86 always, 93-94 with kPunctFeatures, 95-109 with kSupertagFeatures.
constexpr int kTemplateIds = 110;
// A set of template ids: those a model leaves out (ParserOptions::drop_templates).
using TemplateSet = std::bitset<kTemplateIds>;

// True when `t` is a template id that a model may leave out (any but the bias).
bool isDroppableTemplate(long long t) {
  return (t >= 1 && t <= 86) || (t >= 93 && t < kTemplateIds);
}

// The templates fall into groups. Every group but kStateGroup reads one word only
// (the buffer front group: the front and the two words after it), together with
// that word's label when it is a child (a label never changes once set), so its
// keys stay the same for as long as that word fills the group's role: parsing sums
// their weights once per word and role (Parser::Model::parse).
enum FeatureGroup {
  kStateGroup,   // the rest: pairs of roles, distances, valencies, label sets, ...
  kBufferFront,  // n0 with n1 and n2 (and the bias)
  kS0Word,
  kS1Word,
  kS0Head,
  kS0Head2,
  kS0Left,
  kS0Left2,
  kS0Right,
  kS0Right2,
  kN0Left,
  kN0Left2,
  kFeatureGroups
};
constexpr std::uint32_t kAllGroups = (1u << kFeatureGroups) - 1;

// The words of a state that the templates read (-1 = none; 0 = the root).
struct Roles {
  int word[kFeatureGroups];  // by group: the word the group reads (unused for kStateGroup)
  int n1 = -1, n2 = -1;      // the two words after the buffer front

  explicit Roles(const State& st) {
    const int n = st.n;
    const int s0 = st.s0();
    const int n0 = st.b <= n ? st.b : -1;
    const int s0h = s0 > 0 ? st.head[s0] : -1;
    word[kStateGroup] = -1;
    word[kBufferFront] = n0;
    word[kS0Word] = s0;
    word[kS1Word] = st.stack.size() > 1 ? st.stack[st.stack.size() - 2] : -1;
    word[kS0Head] = s0h;
    word[kS0Head2] = s0h > 0 ? st.head[s0h] : -1;
    word[kS0Left] = st.l1[s0];
    word[kS0Left2] = st.l2[s0];
    word[kS0Right] = st.r1[s0];
    word[kS0Right2] = st.r2[s0];
    word[kN0Left] = n0 >= 0 ? st.l1[n0] : -1;
    word[kN0Left2] = n0 >= 0 ? st.l2[n0] : -1;
    n1 = st.b + 1 <= n ? st.b + 1 : -1;
    n2 = st.b + 2 <= n ? st.b + 2 : -1;
  }
};

// Fills `keys` with the feature keys of the state in the groups of `groups` (a
// bit per FeatureGroup), except those of the templates in `dropped`; returns how
// many. `flags` (kPunctFeatures, ...) adds the templates of later model versions.
int extractFeatures(const State& st, const std::vector<WordInfo>& info, std::uint64_t* keys,
                    std::uint32_t flags, const TemplateSet& dropped,
                    std::uint32_t groups = kAllGroups) {
  static const WordInfo kNone = placeholder("<NONE>", "<NONE-TAG>", "<NONE-ST>");
  auto at = [&](int i) -> const WordInfo& { return i < 0 ? kNone : info[i]; };
  auto lab = [&](int i) -> std::uint64_t { return i < 0 ? 0 : static_cast<std::uint64_t>(st.label[i] + 1); };
  const Roles r(st);
  const int s0i = r.word[kS0Word];
  const int n0i = r.word[kBufferFront];
  const int s0hi = r.word[kS0Head];
  const int s0li = r.word[kS0Left], s0l2i = r.word[kS0Left2];
  const int s0ri = r.word[kS0Right], s0r2i = r.word[kS0Right2];
  const int n0li = r.word[kN0Left], n0l2i = r.word[kN0Left2];
  const WordInfo &S0 = at(s0i), &S1 = at(r.word[kS1Word]), &N0 = at(n0i), &N1 = at(r.n1),
                 &N2 = at(r.n2);
  const WordInfo &S0h = at(s0hi), &S0h2 = at(r.word[kS0Head2]), &S0l = at(s0li), &S0l2 = at(s0l2i);
  const WordInfo &S0r = at(s0ri), &S0r2 = at(s0r2i), &N0l = at(n0li), &N0l2 = at(n0l2i);
  std::uint64_t dist = 0;
  if (n0i >= 0) dist = s0i == 0 ? 99 : static_cast<std::uint64_t>(std::min(n0i - s0i, 10));
  const std::uint64_t s0vl = static_cast<std::uint64_t>(st.nl[s0i]);
  const std::uint64_t s0vr = static_cast<std::uint64_t>(st.nr[s0i]);
  const std::uint64_t n0vl = n0i >= 0 ? static_cast<std::uint64_t>(st.nl[n0i]) : 0;
  const std::uint64_t s0sl = st.lset[s0i], s0sr = st.rset[s0i];
  const std::uint64_t n0sl = n0i >= 0 ? st.lset[n0i] : 0;

  int k = 0;
  // The one place that decides whether a template is read (inlined: GCC would
  // otherwise call it for each of the ~110 templates, 10% of parsing time).
  auto add = [&](FeatureGroup g, std::uint64_t t, std::uint64_t a, std::uint64_t b = 0,
                 std::uint64_t c = 0) __attribute__((always_inline)) {
    if ((groups >> g & 1u) && !dropped[t]) keys[k++] = featureKey(t, a, b, c);
  };
  add(kBufferFront, 0, 1);  // bias
  // single words
  add(kS0Word, 1, S0.wp);
  add(kS0Word, 2, S0.w);
  add(kS0Word, 3, S0.p);
  add(kBufferFront, 4, N0.wp);
  add(kBufferFront, 5, N0.w);
  add(kBufferFront, 6, N0.p);
  add(kBufferFront, 7, N1.wp);
  add(kBufferFront, 8, N1.w);
  add(kBufferFront, 9, N1.p);
  add(kBufferFront, 10, N2.wp);
  add(kBufferFront, 11, N2.w);
  add(kBufferFront, 12, N2.p);
  // word pairs
  add(kStateGroup, 13, S0.wp, N0.wp);
  add(kStateGroup, 14, S0.wp, N0.w);
  add(kStateGroup, 15, S0.w, N0.wp);
  add(kStateGroup, 16, S0.wp, N0.p);
  add(kStateGroup, 17, S0.p, N0.wp);
  add(kStateGroup, 18, S0.w, N0.w);
  add(kStateGroup, 19, S0.p, N0.p);
  add(kBufferFront, 20, N0.p, N1.p);
  // three words
  add(kBufferFront, 21, N0.p, N1.p, N2.p);
  add(kStateGroup, 22, S0.p, N0.p, N1.p);
  add(kStateGroup, 23, S0h.p, S0.p, N0.p);
  add(kStateGroup, 24, S0.p, S0l.p, N0.p);
  add(kStateGroup, 25, S0.p, S0r.p, N0.p);
  add(kStateGroup, 26, S0.p, N0.p, N0l.p);
  // distance
  add(kStateGroup, 27, S0.w, dist);
  add(kStateGroup, 28, S0.p, dist);
  add(kStateGroup, 29, N0.w, dist);
  add(kStateGroup, 30, N0.p, dist);
  add(kStateGroup, 31, S0.w, N0.w, dist);
  add(kStateGroup, 32, S0.p, N0.p, dist);
  // valency
  add(kStateGroup, 33, S0.w, s0vr);
  add(kStateGroup, 34, S0.p, s0vr);
  add(kStateGroup, 35, S0.w, s0vl);
  add(kStateGroup, 36, S0.p, s0vl);
  add(kStateGroup, 37, N0.w, n0vl);
  add(kStateGroup, 38, N0.p, n0vl);
  // unigrams of the neighbourhood
  add(kS0Head, 39, S0h.w);
  add(kS0Head, 40, S0h.p);
  add(kStateGroup, 41, lab(s0i > 0 ? s0i : -1));
  add(kS0Left, 42, S0l.w);
  add(kS0Left, 43, S0l.p);
  add(kS0Left, 44, lab(s0li));
  add(kS0Right, 45, S0r.w);
  add(kS0Right, 46, S0r.p);
  add(kS0Right, 47, lab(s0ri));
  add(kN0Left, 48, N0l.w);
  add(kN0Left, 49, N0l.p);
  add(kN0Left, 50, lab(n0li));
  // third order
  add(kS0Head2, 51, S0h2.w);
  add(kS0Head2, 52, S0h2.p);
  add(kStateGroup, 53, lab(s0hi > 0 ? s0hi : -1));
  add(kS0Left2, 54, S0l2.w);
  add(kS0Left2, 55, S0l2.p);
  add(kS0Left2, 56, lab(s0l2i));
  add(kS0Right2, 57, S0r2.w);
  add(kS0Right2, 58, S0r2.p);
  add(kS0Right2, 59, lab(s0r2i));
  add(kN0Left2, 60, N0l2.w);
  add(kN0Left2, 61, N0l2.p);
  add(kN0Left2, 62, lab(n0l2i));
  add(kStateGroup, 63, S0.p, S0l.p, S0l2.p);
  add(kStateGroup, 64, S0.p, S0r.p, S0r2.p);
  add(kStateGroup, 65, S0.p, S0h.p, S0h2.p);
  add(kStateGroup, 66, N0.p, N0l.p, N0l2.p);
  // label sets
  add(kStateGroup, 67, S0.w, s0sr);
  add(kStateGroup, 68, S0.p, s0sr);
  add(kStateGroup, 69, S0.w, s0sl);
  add(kStateGroup, 70, S0.p, s0sl);
  add(kStateGroup, 71, N0.w, n0sl);
  add(kStateGroup, 72, N0.p, n0sl);
  // extras: second stack word, UPOS, suffixes, the arc state of s0
  add(kStateGroup, 73, S1.p, S0.p, N0.p);
  add(kS1Word, 74, S1.wp);
  add(kStateGroup, 75, lab(s0i > 0 ? s0i : -1), N0.p);
  add(kStateGroup, 76, lab(s0i > 0 ? s0i : -1), S0.p, N0.p);
  add(kStateGroup, 77, S0.u, N0.u);
  add(kBufferFront, 78, N0.u, N1.u);
  add(kBufferFront, 79, N0.suf, N0.p);
  add(kS0Word, 80, S0.suf, S0.p);
  add(kStateGroup, 81, S0.w, N0.p, N1.p);
  add(kStateGroup, 82, S0.p, N0.w, N1.p);
  add(kStateGroup, 83, S0h.p, S0.w, N0.p);
  add(kStateGroup, 84, S1.p, S0.w, N0.w);
  add(kStateGroup, 85, s0i > 0 && st.head[s0i] >= 0 ? 1 : 0, S0.p, N0.p);
  add(kStateGroup, 86, S0.u, N0.u, N1.u);
  if (flags & kPunctFeatures) {
    // punctuation words between s0 and n0 (0..3): attachments across commas
    std::uint64_t between = 0;
    if (n0i > 0) between = static_cast<std::uint64_t>(std::min(info[n0i - 1].punct - info[s0i].punct, 3));
    // (template ids 87-92 belonged to ambiguity-class templates that did not help)
    add(kStateGroup, 93, S0.p, N0.p, between);
    add(kStateGroup, 94, lab(s0i > 0 ? s0i : -1), N0.p, between);
  }
  if (flags & kSupertagFeatures) {
    // stacked supertags (Ouchi et al. 2014): each word's predicted relation and
    // head direction
    add(kS0Word, 95, S0.st);
    add(kBufferFront, 96, N0.st);
    add(kBufferFront, 97, N1.st);
    add(kStateGroup, 98, S0.st, N0.st);
    add(kStateGroup, 99, S0.st, N0.p);
    add(kStateGroup, 100, S0.p, N0.st);
    add(kStateGroup, 101, S0.st, N0.st, N1.st);
    add(kStateGroup, 102, S1.st, S0.st);
    add(kStateGroup, 103, S0l.st, S0.st);
    add(kStateGroup, 104, S0r.st, S0.st, N0.st);
    add(kStateGroup, 105, N0l.st, N0.st);
    add(kStateGroup, 106, S0h.st, S0.st);
    add(kStateGroup, 107, S0.st, N0.st, dist);
    add(kStateGroup, 108, S0.wp, N0.st);
    add(kStateGroup, 109, S0.st, N0.wp);
  }
  return k;
}

// ---------------------------------------------------------------- oracle

// Dynamic-oracle costs (Goldberg & Nivre 2012) of every class in `st`, with
// gold heads `gh` and labels `gl` (indexed by word, 1..n); invalid classes cost INT_MAX.
void oracleCosts(const TransitionSystem& ts, const State& st, const std::vector<int>& gh,
                 const std::vector<int>& gl, const std::vector<char>& in_stack,
                 std::vector<int>& cost) {
  const int C = ts.classes();
  cost.assign(C, std::numeric_limits<int>::max());
  if (st.terminal()) return;
  const int n = st.n, b = st.b, s0 = st.s0();
  // shift: b loses heads and headless dependents in the stack
  {
    int c = 0;
    for (int k : st.stack) {
      if (gh[b] == k) ++c;
      if (k > 0 && gh[k] == b && st.head[k] < 0) ++c;
    }
    cost[kShift] = c;
  }
  if (ts.valid(st, kReduce)) {
    int c = 0;
    for (int k = b; k <= n; ++k) {
      if (gh[k] == s0) ++c;
    }
    cost[kReduce] = c;
  }
  if (s0 != 0 && st.head[s0] < 0) {
    int c = 0;
    if (gh[s0] > b) ++c;
    for (int k = b; k <= n; ++k) {
      if (gh[k] == s0) ++c;
    }
    for (int k = 0; k < ts.arcs(); ++k) {
      if (!ts.valid(st, 2 + k)) continue;
      cost[2 + k] = c + (gh[s0] == b && gl[s0] != ts.arc_labels[static_cast<std::size_t>(k)] ? 1 : 0);
    }
  }
  {
    int c = 0;
    if (gh[b] != s0 && ((gh[b] >= 0 && gh[b] < b && in_stack[gh[b]]) || gh[b] > b)) ++c;
    for (int k : st.stack) {
      if (k > 0 && gh[k] == b && st.head[k] < 0) ++c;
    }
    for (int k = 0; k < ts.arcs(); ++k) {
      int cls = 2 + ts.arcs() + k;
      if (!ts.valid(st, cls)) continue;
      cost[cls] = c + (gh[b] == s0 && gl[b] != ts.arc_labels[static_cast<std::size_t>(k)] ? 1 : 0);
    }
  }
}

// Allocates large blocks on 2 MB boundaries and asks for transparent huge pages:
// scoring probes the weight tables at random, and with 4 kB pages nearly every
// probe is also a TLB miss.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding
  T* allocate(std::size_t n) {
    constexpr std::size_t kHuge = std::size_t{2} << 20;
    const std::size_t bytes = std::max<std::size_t>(n * sizeof(T), 1);
    const std::size_t align = bytes >= kHuge ? kHuge : 64;
    const std::size_t rounded = (bytes + align - 1) / align * align;
    void* p = std::aligned_alloc(align, rounded);
    if (!p) throw std::bad_alloc();
    if (align == kHuge) madvise(p, rounded, MADV_HUGEPAGE);
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t) { std::free(p); }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
  template <typename U>
  bool operator!=(const HugePageAllocator<U>&) const { return false; }
};
template <typename T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

using perceptron::addDenseRows;

// sums[c] += rows[r][c] for every row r and class c < width.
__attribute__((target_clones("avx2", "default"))) void addRows(
    std::int32_t* sums, const std::int32_t* const* rows, std::size_t count, std::size_t width) {
  for (std::size_t r = 0; r < count; ++r) {
    const std::int32_t* row = rows[r];
    for (std::size_t c = 0; c < width; ++c) sums[c] += row[c];
  }
}

// Quantised averaged weights, for inference: feature key -> (class, weight) list.
struct CompactWeights {
  float scale = 1;                       // weight = quantised * scale
  std::vector<std::uint32_t> keys;       // feature keys (short), sorted
  std::vector<std::uint32_t> begin;      // keys.size()+1 offsets into weights
  HugeVector<std::uint32_t> weights;     // (class << 16) | uint16(quantised weight)
  // One probe finds a feature's key and its row bounds (one cache line).
  struct Slot {
    std::uint32_t key;    // short feature key, 0 = empty
    std::uint32_t begin;  // first entry of its row in `weights`, or its offset in `dense`
    std::uint32_t end;    // one past its last entry, or kDense
  };
  static constexpr std::uint32_t kDense = 0xffffffffu;
  HugeVector<Slot> slots;                // open-addressing table over keys
  std::size_t padded = 0;                // classes rounded up to 16 (length of a dense row)
  HugeVector<std::int16_t> dense;        // long rows expanded to `padded` weights each

  // Builds `slots` (and `dense`: rows with many classes become dense rows, added
  // as one contiguous vectorisable block; integer sums, so the scores are unchanged).
  void buildIndex() {
    std::size_t classes = 0;
    for (std::uint32_t v : weights) classes = std::max<std::size_t>(classes, (v >> 16) + 1);
    padded = (classes + 15) / 16 * 16;
    // Dense from `threshold` entries on, at most ~160 MB of dense rows.
    std::size_t threshold = std::max<std::size_t>(8, padded / 16);
    auto denseRows = [&](std::size_t t) {
      std::size_t c = 0;
      for (std::size_t f = 0; f < keys.size(); ++f) c += begin[f + 1] - begin[f] >= t ? 1 : 0;
      return c;
    };
    while (threshold <= padded && denseRows(threshold) * padded * 2 > (std::size_t{160} << 20)) {
      threshold *= 2;
    }
    dense.clear();
    std::size_t cap = 16;
    while (cap < keys.size() * 2) cap <<= 1;
    slots.assign(cap, Slot{0, 0, 0});
    const std::size_t mask = cap - 1;
    for (std::size_t f = 0; f < keys.size(); ++f) {
      std::size_t i = slotOf(keys[f], mask);
      while (slots[i].key != 0 && slots[i].key != keys[f]) i = (i + 1) & mask;
      if (padded > 0 && begin[f + 1] - begin[f] >= threshold &&
          dense.size() + padded < kDense) {
        slots[i] = Slot{keys[f], static_cast<std::uint32_t>(dense.size()), kDense};
        dense.resize(dense.size() + padded, 0);
        std::int16_t* row = dense.data() + slots[i].begin;
        for (std::uint32_t j = begin[f]; j < begin[f + 1]; ++j) {
          row[weights[j] >> 16] += static_cast<std::int16_t>(weights[j] & 0xffffu);
        }
      } else {
        slots[i] = Slot{keys[f], begin[f], begin[f + 1]};
      }
    }
  }

  // Classes [begin, end) of a dense row (multiples of 16, end <= padded).
  struct Span {
    std::uint32_t begin, end;
  };

  // Adds the (integer) scores of the features to `scores`. The slots of all
  // features are prefetched first, then their rows, so the cache misses overlap.
  // Dense rows add only the classes in `spans` (all when `spans` is empty): the
  // caller reads no other score. Sparse rows always add every entry.
  void score(const std::uint64_t* feats, int n, std::int32_t* scores,
             std::initializer_list<Span> spans = {}) const {
    if (slots.empty()) return;
    const Span all[1] = {{0, static_cast<std::uint32_t>(padded)}};
    const Span* span_begin = spans.size() ? spans.begin() : all;
    const Span* span_end = spans.size() ? spans.end() : all + 1;
    const std::size_t mask = slots.size() - 1;
    std::uint32_t key[kMaxFeatures];
    std::size_t pos[kMaxFeatures];
    for (int k = 0; k < n; ++k) {
      key[k] = shortKey(feats[k]);
      pos[k] = slotOf(key[k], mask);
      __builtin_prefetch(&slots[pos[k]]);
    }
    // Rows found: dense ones (added together at the end) and sparse ones.
    const std::int16_t* dense_rows[kMaxFeatures];
    const Slot* sparse_rows[kMaxFeatures];
    std::size_t num_dense = 0, num_sparse = 0;
    for (int k = 0; k < n; ++k) {
      std::size_t i = pos[k];
      while (slots[i].key != key[k] && slots[i].key != 0) i = (i + 1) & mask;
      if (slots[i].key != key[k]) continue;
      // prefetch every cache line of the row that will be read
      if (slots[i].end == kDense) {
        const std::int16_t* row = dense.data() + slots[i].begin;
        dense_rows[num_dense++] = row;
        for (const Span* sp = span_begin; sp != span_end; ++sp) {
          const char* p = reinterpret_cast<const char*>(row + sp->begin);
          const std::size_t bytes = (sp->end - sp->begin) * sizeof(std::int16_t);
          for (std::size_t b = 0; b < bytes; b += 64) __builtin_prefetch(p + b);
        }
      } else {
        sparse_rows[num_sparse++] = &slots[i];
        const char* p = reinterpret_cast<const char*>(weights.data() + slots[i].begin);
        const std::size_t bytes = (slots[i].end - slots[i].begin) * sizeof(std::uint32_t);
        for (std::size_t b = 0; b < bytes; b += 64) __builtin_prefetch(p + b);
      }
    }
    const std::uint32_t* w = weights.data();
    for (std::size_t k = 0; k < num_sparse; ++k) {
      for (std::uint32_t j = sparse_rows[k]->begin, e = sparse_rows[k]->end; j < e; ++j) {
        std::uint32_t v = w[j];
        scores[v >> 16] += static_cast<std::int16_t>(v & 0xffffu);
      }
    }
    for (const Span* sp = span_begin; sp != span_end; ++sp) {
      addDenseRows(scores, dense_rows, num_dense, sp->begin, sp->end);
    }
  }
};

// ---------------------------------------------------------------- supertags

constexpr int kMaxSupertagFeatures = 40;

// The hash a supertag id stands for in the parser's features (never 0).
inline std::uint64_t supertagHash(int id) {
  return mix64(static_cast<std::uint64_t>(id) + 0x5bd1e995ULL) | 1;
}

// Fills `keys` with the supertagger's feature keys for word i (1..n) of `info`,
// given the ids of the two previous predicted supertags (-1 = none); returns how many.
// With `wide`, also the words two away, the neighbours' suffixes and the distance
// to the nearest verb on each side.
int supertagFeatures(const std::vector<WordInfo>& info, int n, int i, int prev1, int prev2,
                     bool wide, std::uint64_t* keys) {
  static const WordInfo kEdge = placeholder("<EDGE>", "<EDGE-TAG>");
  auto at = [&](int j) -> const WordInfo& { return j < 1 || j > n ? kEdge : info[j]; };
  const WordInfo &W = at(i), &L1 = at(i - 1), &L2 = at(i - 2), &R1 = at(i + 1), &R2 = at(i + 2);
  const auto t1 = static_cast<std::uint64_t>(prev1 + 2), t2 = static_cast<std::uint64_t>(prev2 + 2);
  const auto before = static_cast<std::uint64_t>(std::min(i - 1, 3));
  const auto after = static_cast<std::uint64_t>(std::min(n - i, 3));
  int k = 0;
  auto add = [&](std::uint64_t t, std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0) {
    keys[k++] = featureKey(t, a, b, c);
  };
  add(200, 1);
  add(201, W.w);
  add(202, W.p);
  add(203, W.wp);
  add(204, W.suf, W.p);
  add(205, W.u);
  add(206, L1.w);
  add(207, L1.p);
  add(208, R1.w);
  add(209, R1.p);
  add(210, L2.p);
  add(211, R2.p);
  add(212, L1.p, W.p);
  add(213, W.p, R1.p);
  add(214, L1.p, W.p, R1.p);
  add(215, W.p, R1.p, R2.p);
  add(216, L2.p, L1.p, W.p);
  add(217, W.w, R1.p);
  add(218, L1.p, W.w);
  add(219, L1.w, W.w);
  add(220, W.w, R1.w);
  add(221, t1);
  add(222, t1, t2);
  add(223, t1, W.p);
  add(224, t1, W.w);
  add(225, t1, W.p, R1.p);
  add(226, W.p, before, after);
  if (wide) {
    static const std::uint64_t kVerb = hashText("VERB") + 2;
    std::uint64_t left = 0, right = 0;  // distance to the nearest verb (0 = none within 8)
    for (int j = i - 1; j >= 1 && j >= i - 8; --j) {
      if (info[j].u == kVerb) {
        left = static_cast<std::uint64_t>(i - j < 4 ? i - j : 4);
        break;
      }
    }
    for (int j = i + 1; j <= n && j <= i + 8; ++j) {
      if (info[j].u == kVerb) {
        right = static_cast<std::uint64_t>(j - i < 4 ? j - i : 4);
        break;
      }
    }
    add(227, W.p, left, right);
    add(228, W.w, left, right);
    add(229, t1, W.p, left * 8 + right);
    add(230, L2.w);
    add(231, R2.w);
    add(232, L1.suf);
    add(233, R1.suf);
  }
  return k;
}

// A greedy left-to-right averaged-perceptron classifier predicting each word's
// supertag: its relation and the side of its head ("nsubj/R", "obj/L", "root").
struct Supertagger {
  std::vector<std::string> labels;  // supertag names by id
  CompactWeights w;                 // quantised averaged weights
  bool wide = false;                // the wider feature set (kWideSupertags)

  // Sets info[1..n].st to the predicted supertags.
  void tag(std::vector<WordInfo>& info, int n) const {
    thread_local std::vector<std::int32_t> scores;
    const int C = static_cast<int>(labels.size());
    if (C == 0) return;
    scores.resize(std::max<std::size_t>(static_cast<std::size_t>(C), w.padded));
    std::uint64_t feats[kMaxSupertagFeatures];
    int prev1 = -1, prev2 = -1;
    for (int i = 1; i <= n; ++i) {
      int nf = supertagFeatures(info, n, i, prev1, prev2, wide, feats);
      std::fill(scores.begin(), scores.end(), 0);
      w.score(feats, nf, scores.data());
      int best = 0;
      for (int c = 1; c < C; ++c) {
        if (scores[c] > scores[best]) best = c;
      }
      info[i].st = supertagHash(best);
      prev2 = prev1;
      prev1 = best;
    }
  }
};

}  // namespace

// ---------------------------------------------------------------- the model

struct Parser::Model {
  std::vector<std::string> labels;       // relation names, sorted; "d|h" = lifted
  TransitionSystem ts;                   // classes over the labels
  CompactWeights w;                      // the averaged perceptron
  std::uint32_t flags = 0;               // further feature templates (kPunctFeatures, ...)
  TemplateSet dropped;                   // templates left out (none before version 6)
  Supertagger supertagger;               // stacked supertags (when kSupertagFeatures)

  // Called with every state parse() scores (for checkFeatureGroups).
  using Observer = std::function<void(const State&, const std::vector<WordInfo>&)>;

  // Parses `s` with these weights (heads and labels, then de-projectivised).
  void parse(Sentence& s, const Observer* observe = nullptr) const {
    const int n = static_cast<int>(s.tokens.size());
    if (n == 0) return;
    // buffers reused across sentences (one set per thread)
    thread_local std::vector<WordInfo> info;
    thread_local State st;
    thread_local std::vector<std::int32_t> scores;
    fillWordInfos(s, info);
    if (flags & kSupertagFeatures) supertagger.tag(info, n);
    st.reset(n);
    const int C = ts.classes();
    const std::size_t row_width = std::max<std::size_t>(static_cast<std::size_t>(C), w.padded);
    scores.resize(row_width);
    // The summed weights of each word group (FeatureGroup but kStateGroup) for each
    // word that filled its role so far (slot word+1: -1 = none), computed on first use.
    thread_local std::vector<std::int32_t> group_sums;
    thread_local std::vector<char> group_done;
    const std::size_t words = static_cast<std::size_t>(n) + 2;
    group_sums.resize(kFeatureGroups * words * row_width);
    group_done.assign(kFeatureGroups * words, 0);
    std::uint64_t feats[kMaxFeatures];
    const std::int32_t* sums[kFeatureGroups];
    while (!st.terminal()) {
      if (observe) (*observe)(st, info);
      const Roles roles(st);
      for (int g = kStateGroup + 1; g < kFeatureGroups; ++g) {
        const std::size_t slot =
            static_cast<std::size_t>(g) * words + static_cast<std::size_t>(roles.word[g] + 1);
        std::int32_t* row = group_sums.data() + slot * row_width;
        if (!group_done[slot]) {
          std::fill(row, row + row_width, 0);
          int nf = extractFeatures(st, info, feats, flags, dropped, 1u << g);
          w.score(feats, nf, row);
          group_done[slot] = 1;
        }
        sums[g] = row;
      }
      int nf = extractFeatures(st, info, feats, flags, dropped, 1u << kStateGroup);
      std::fill(scores.begin(), scores.end(), 0);
      // The first best valid class in class order (as ts.valid() decides, unrolled
      // into ranges: shift, reduce, left arcs, right arcs). Dense weight rows add
      // only the blocks of 16 classes that hold valid ones.
      const int s0 = st.s0();
      const int L = ts.arcs();
      const auto block = [](int c) { return static_cast<std::uint32_t>(c) / 16 * 16; };
      const auto right = block(2 + L);
      const auto width = static_cast<std::uint32_t>(w.padded);
      if (s0 == 0) {
        const auto r = block(2 + L + ts.root_arc);
        if (r == 0) {
          w.score(feats, nf, scores.data(), {{0, 16}});
        } else {
          w.score(feats, nf, scores.data(), {{0, 16}, {r, r + 16}});
        }
      } else if (st.head[s0] >= 0 && right >= 16) {
        w.score(feats, nf, scores.data(), {{0, 16}, {right, width}});
      } else {
        w.score(feats, nf, scores.data());
      }
      addRows(scores.data(), sums + kStateGroup + 1, kFeatureGroups - kStateGroup - 1, row_width);
      const std::int32_t* sc = scores.data();
      int best = kShift;
      auto consider = [&](int c) {
        if (sc[c] > sc[best]) best = c;
      };
      if (s0 != 0 && st.head[s0] >= 0) consider(kReduce);
      if (s0 != 0 && st.head[s0] < 0) {
        for (int c = 2; c < 2 + L; ++c) consider(c);
      }
      if (s0 == 0) {
        if (!st.root_used) consider(2 + L + ts.root_arc);
      } else {
        for (int c = 2 + L; c < 2 + 2 * L; ++c) {
          if (c != 2 + L + ts.root_arc) consider(c);
        }
      }
      ts.apply(st, best);
    }
    // Words left without a head: the first becomes the root if there is none,
    // the others attach to the root word.
    int root_word = -1;
    for (int i = 1; i <= n; ++i) {
      if (st.head[i] == 0) {
        root_word = i;
        break;
      }
    }
    for (int i = 1; i <= n; ++i) {
      if (st.head[i] >= 0) continue;
      if (root_word < 0) {
        root_word = i;
        st.head[i] = 0;
        st.label[i] = ts.root;
      } else {
        st.head[i] = root_word;
        st.label[i] = -1;
      }
    }
    for (int i = 1; i <= n; ++i) {
      Token& t = s.tokens[i - 1];
      t.head = st.head[i];
      t.deprel = st.label[i] >= 0 ? labels[st.label[i]] : std::string("dep");
      if (t.head == 0) t.deprel = "root";
    }
    deprojectivize(s);
  }
};

// ---------------------------------------------------------------- training weights

namespace {

// Averaged-perceptron weights with sparse rows and lazy averaging.
// A weight before quantisation: short feature key, class and value.
struct WeightItem {
  std::uint32_t key;
  std::uint16_t cls;
  double w;
};

// Sorts `items` by key and class and sums those with the same pair (short keys
// may collide, and averaging adds the models' weights).
std::vector<WeightItem> mergedWeights(std::vector<WeightItem> items) {
  std::sort(items.begin(), items.end(), [](const WeightItem& a, const WeightItem& b) {
    return a.key != b.key ? a.key < b.key : a.cls < b.cls;
  });
  std::vector<WeightItem> merged;
  for (const WeightItem& it : items) {
    if (!merged.empty() && merged.back().key == it.key && merged.back().cls == it.cls) {
      merged.back().w += it.w;
    } else {
      merged.push_back(it);
    }
  }
  return merged;
}

// `merged` quantised to int16 at scale max_abs / 32000, without the weights below
// `threshold` in magnitude or rounding to 0, indexed for scoring.
CompactWeights quantisedWeights(const std::vector<WeightItem>& merged, double max_abs,
                                double threshold) {
  CompactWeights m;
  const double scale = max_abs > 0 ? max_abs / 32000.0 : 1.0;
  m.scale = static_cast<float>(scale);
  for (const WeightItem& it : merged) {
    if (std::fabs(it.w) < threshold) continue;
    const long q = std::clamp(std::lround(it.w / scale), -32767L, 32767L);
    if (q == 0) continue;
    if (m.keys.empty() || m.keys.back() != it.key) {
      m.keys.push_back(it.key);
      m.begin.push_back(static_cast<std::uint32_t>(m.weights.size()));
    }
    m.weights.push_back((static_cast<std::uint32_t>(it.cls) << 16) |
                        static_cast<std::uint16_t>(static_cast<std::int16_t>(q)));
  }
  m.begin.push_back(static_cast<std::uint32_t>(m.weights.size()));
  m.buildIndex();
  return m;
}

class TrainingWeights {
 public:
  explicit TrainingWeights(int classes) : classes_(classes) {}

  void score(const std::uint64_t* feats, int n, std::vector<float>& scores) const {
    std::fill(scores.begin(), scores.end(), 0.0f);
    for (int i = 0; i < n; ++i) {
      std::uint32_t r = index_.get(feats[i]);
      if (r == KeyIndex<std::uint64_t>::kMissing) continue;
      for (const Entry& e : rows_[r]) scores[e.cls] += e.w;
    }
  }

  void update(const std::uint64_t* feats, int n, int cls, float delta) {
    for (int i = 0; i < n; ++i) {
      std::uint32_t r = index_.getOrInsert(feats[i], static_cast<std::uint32_t>(rows_.size()));
      if (r == rows_.size()) {
        rows_.emplace_back();
        keys_.push_back(feats[i]);
      }
      auto& row = rows_[r];
      Entry* e = nullptr;
      for (Entry& x : row) {
        if (x.cls == cls) {
          e = &x;
          break;
        }
      }
      if (!e) {
        row.push_back(Entry{static_cast<std::uint16_t>(cls), 0.0f, 0.0, clock_});
        e = &row.back();
      }
      e->total += static_cast<double>(clock_ - e->stamp) * e->w;
      e->stamp = clock_;
      e->w += delta;
    }
  }

  void tick() { ++clock_; }

  // Builds the quantised averaged weights into `m` (keys, begin, weights, scale).
  void average(CompactWeights& m, double prune) const {
    std::vector<WeightItem> items;
    double max_abs = 0;
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      for (const Entry& e : rows_[r]) {
        double total = e.total + static_cast<double>(clock_ - e.stamp) * e.w;
        double avg = total / static_cast<double>(clock_);
        if (avg == 0) continue;
        items.push_back(WeightItem{shortKey(keys_[r]), e.cls, avg});
        max_abs = std::max(max_abs, std::fabs(avg));
      }
    }
    m = quantisedWeights(mergedWeights(std::move(items)), max_abs, prune * max_abs);
  }

  std::size_t features() const { return rows_.size(); }

 private:
  struct Entry {
    std::uint16_t cls;    // class
    float w;              // current weight
    double total;         // sum of the weight over time up to `stamp`
    std::uint64_t stamp;  // clock of the last change
  };
  int classes_;
  std::uint64_t clock_ = 1;
  KeyIndex<std::uint64_t> index_;
  std::vector<std::uint64_t> keys_;
  std::vector<std::vector<Entry>> rows_;
};

// Trains the supertagger's weights on the sentences `which` of `infos` (word
// information) with gold supertag ids `gold` (indexed by word, 1..n): greedy,
// predicted history, `iterations` shuffled passes with `seed`.
void trainSupertagger(const std::vector<std::vector<WordInfo>>& infos,
                      const std::vector<std::vector<int>>& gold,
                      const std::vector<std::size_t>& which, int classes, int iterations,
                      std::uint64_t seed, bool wide, CompactWeights& out) {
  TrainingWeights weights(classes);
  std::mt19937_64 rng(seed);
  std::vector<std::size_t> order = which;
  std::vector<float> scores(static_cast<std::size_t>(classes));
  std::uint64_t feats[kMaxSupertagFeatures];
  for (int it = 0; it < iterations; ++it) {
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t idx : order) {
      const auto& info = infos[idx];
      const int n = static_cast<int>(gold[idx].size()) - 1;
      int prev1 = -1, prev2 = -1;
      for (int i = 1; i <= n; ++i) {
        int nf = supertagFeatures(info, n, i, prev1, prev2, wide, feats);
        weights.score(feats, nf, scores);
        int pred = 0;
        for (int c = 1; c < classes; ++c) {
          if (scores[c] > scores[pred]) pred = c;
        }
        const int want = gold[idx][i];
        if (pred != want) {
          weights.update(feats, nf, want, 1.0f);
          weights.update(feats, nf, pred, -1.0f);
        }
        weights.tick();
        prev2 = prev1;
        prev1 = pred;
      }
    }
  }
  weights.average(out, 0.0);
}

// The gold supertag of token j (0-based) of `s`: relation and head side.
std::string goldSupertag(const Sentence& s, std::size_t j) {
  const Token& t = s.tokens[j];
  if (t.head == 0) return "root";
  std::string rel = t.deprel.empty() || t.deprel == "_" ? std::string("dep") : t.deprel;
  return rel + (t.head < static_cast<int>(j) + 1 ? "/L" : "/R");
}

std::string_view universalPart(std::string_view deprel) {
  auto colon = deprel.find(':');
  return colon == std::string_view::npos ? deprel : deprel.substr(0, colon);
}

// Head of word i (1-based) in `heads` (index 0 unused); cycle-safe ancestor test.
bool dominates(const std::vector<int>& heads, int ancestor, int word) {
  int n = static_cast<int>(heads.size()) - 1;
  int k = word;
  for (int steps = 0; steps <= n + 1; ++steps) {
    if (k == ancestor) return true;
    if (k <= 0) return ancestor == 0;
    k = heads[k];
    if (k < 0) return false;
  }
  return false;
}

bool arcProjective(const std::vector<int>& heads, int d) {
  int h = heads[d];
  if (h <= 0) return true;
  int lo = std::min(h, d), hi = std::max(h, d);
  for (int k = lo + 1; k < hi; ++k) {
    if (!dominates(heads, h, k)) return false;
  }
  return true;
}

// True when the heads form a tree rooted at 0 (every word reaches 0, no cycle).
bool isTree(const Sentence& s) {
  int n = static_cast<int>(s.tokens.size());
  std::vector<int> heads(n + 1, 0);
  for (int i = 1; i <= n; ++i) {
    heads[i] = s.tokens[i - 1].head;
    if (heads[i] < 0 || heads[i] > n || heads[i] == i) return false;
  }
  for (int i = 1; i <= n; ++i) {
    if (!dominates(heads, 0, i)) return false;
  }
  return true;
}

}  // namespace

// ---------------------------------------------------------------- pseudo-projectivity

bool isProjective(const Sentence& s) {
  int n = static_cast<int>(s.tokens.size());
  std::vector<int> heads(n + 1, 0);
  for (int i = 1; i <= n; ++i) heads[i] = s.tokens[i - 1].head;
  for (int d = 1; d <= n; ++d) {
    if (heads[d] < 0 || heads[d] > n) continue;
    if (!arcProjective(heads, d)) return false;
  }
  return true;
}

int projectivize(Sentence& s) {
  int n = static_cast<int>(s.tokens.size());
  if (!isTree(s)) return 0;
  std::vector<int> heads(n + 1, 0);
  for (int i = 1; i <= n; ++i) heads[i] = s.tokens[i - 1].head;
  std::vector<char> lifted(n + 1, 0);
  int lifts = 0;
  for (int guard = 0; guard < n * n + 1; ++guard) {
    int pick = -1, pick_span = 0;
    for (int d = 1; d <= n; ++d) {
      if (arcProjective(heads, d)) continue;
      int span = std::abs(heads[d] - d);
      if (pick < 0 || span < pick_span) {
        pick = d;
        pick_span = span;
      }
    }
    if (pick < 0) break;
    int h = heads[pick];
    if (!lifted[pick]) {
      std::string head_rel(s.tokens[h - 1].deprel);
      if (auto bar = head_rel.find('|'); bar != std::string::npos) head_rel.resize(bar);
      s.tokens[pick - 1].deprel += "|" + head_rel;
      lifted[pick] = 1;
    }
    heads[pick] = heads[h];
    ++lifts;
  }
  for (int i = 1; i <= n; ++i) s.tokens[i - 1].head = heads[i];
  return lifts;
}

void deprojectivize(Sentence& s) {
  int n = static_cast<int>(s.tokens.size());
  std::vector<int> heads(n + 1, 0);
  for (int i = 1; i <= n; ++i) heads[i] = s.tokens[i - 1].head;
  // Process words top-down (breadth-first from the root) so that a lifted
  // word's own head is already in place.
  std::vector<int> order;
  {
    std::vector<std::vector<int>> kids(n + 1);
    for (int i = 1; i <= n; ++i) {
      if (heads[i] >= 0 && heads[i] <= n) kids[heads[i]].push_back(i);
    }
    std::vector<char> seen(n + 1, 0);
    std::vector<int> queue{0};
    seen[0] = 1;
    for (std::size_t q = 0; q < queue.size(); ++q) {
      for (int c : kids[queue[q]]) {
        if (seen[c]) continue;
        seen[c] = 1;
        queue.push_back(c);
        order.push_back(c);
      }
    }
  }
  for (int d : order) {
    std::string& rel = s.tokens[d - 1].deprel;
    auto bar = rel.find('|');
    if (bar == std::string::npos) continue;
    std::string want = rel.substr(bar + 1);
    rel.resize(bar);
    int p = heads[d];
    if (p < 0) continue;
    // breadth-first below p, left to right, skipping d's own subtree
    std::vector<std::vector<int>> kids(n + 1);
    for (int i = 1; i <= n; ++i) {
      if (heads[i] >= 0 && heads[i] <= n) kids[heads[i]].push_back(i);
    }
    std::vector<int> queue{p};
    int found = -1;
    for (std::size_t q = 0; q < queue.size() && found < 0; ++q) {
      for (int c : kids[queue[q]]) {
        if (c == d) continue;
        std::string_view crel = s.tokens[c - 1].deprel;
        if (auto cb = crel.find('|'); cb != std::string_view::npos) crel = crel.substr(0, cb);
        if (crel == want) {
          found = c;
          break;
        }
        queue.push_back(c);
      }
    }
    if (found > 0) heads[d] = found;
  }
  for (int i = 1; i <= n; ++i) s.tokens[i - 1].head = heads[i];
}

// ---------------------------------------------------------------- scoring

ParserScores scoreParses(const std::vector<Sentence>& gold, const std::vector<Sentence>& pred) {
  if (gold.size() != pred.size()) {
    throw kg::Error("scoreParses: " + std::to_string(gold.size()) + " gold sentences but " +
                    std::to_string(pred.size()) + " parsed ones");
  }
  std::size_t words = 0, uas = 0, las = 0, las_full = 0;
  for (std::size_t i = 0; i < gold.size(); ++i) {
    const auto& g = gold[i].tokens;
    const auto& p = pred[i].tokens;
    if (g.size() != p.size()) {
      throw kg::Error("scoreParses: sentence " + std::to_string(i + 1) + " has " +
                      std::to_string(g.size()) + " gold words but " + std::to_string(p.size()) +
                      " parsed ones");
    }
    for (std::size_t j = 0; j < g.size(); ++j) {
      ++words;
      if (g[j].head != p[j].head) continue;
      ++uas;
      if (universalPart(g[j].deprel) == universalPart(p[j].deprel)) ++las;
      if (g[j].deprel == p[j].deprel) ++las_full;
    }
  }
  ParserScores s;
  s.words = words;
  if (words > 0) {
    s.uas = 100.0 * static_cast<double>(uas) / static_cast<double>(words);
    s.las = 100.0 * static_cast<double>(las) / static_cast<double>(words);
    s.las_full = 100.0 * static_cast<double>(las_full) / static_cast<double>(words);
  }
  return s;
}

// ---------------------------------------------------------------- Parser

Parser::Parser() = default;
Parser::~Parser() = default;
Parser::Parser(const Parser&) = default;
Parser& Parser::operator=(const Parser&) = default;
Parser::Parser(Parser&&) noexcept = default;
Parser& Parser::operator=(Parser&&) noexcept = default;

std::string Parser::defaultPath() { return std::string(KG_MODELS_DIR) + "/parser.bin"; }

Parser Parser::loadDefault() { return load(defaultPath()); }

void Parser::parse(Sentence& sentence) const {
  if (!model_) throw kg::Error("parser: no model loaded");
  model_->parse(sentence);
}

std::string Parser::checkFeatureGroups(Sentence sentence) const {
  if (!model_) throw kg::Error("parser: no model loaded");
  const std::uint32_t flags = model_->flags;
  std::string problem;
  std::map<std::pair<int, int>, std::vector<std::uint64_t>> seen;  // (group, word) -> keys
  std::uint64_t keys[kMaxFeatures];
  int transition = 0;
  const Model::Observer observe = [&](const State& st, const std::vector<WordInfo>& info) {
    ++transition;
    if (!problem.empty()) return;
    const int n = extractFeatures(st, info, keys, flags, model_->dropped);
    std::vector<std::uint64_t> all(keys, keys + n), grouped;
    const Roles roles(st);
    for (int g = kStateGroup; g < kFeatureGroups; ++g) {
      const int m = extractFeatures(st, info, keys, flags, model_->dropped, 1u << g);
      grouped.insert(grouped.end(), keys, keys + m);
      if (g == kStateGroup) continue;
      std::vector<std::uint64_t> mine(keys, keys + m);
      auto [it, added] = seen.emplace(std::make_pair(g, roles.word[g]), mine);
      if (!added && it->second != mine) {
        problem = "transition " + std::to_string(transition) + ": feature group " +
                  std::to_string(g) + " of word " + std::to_string(roles.word[g]) +
                  " has other keys than when that word last filled its role";
        return;
      }
    }
    std::sort(all.begin(), all.end());
    std::sort(grouped.begin(), grouped.end());
    if (all != grouped) {
      problem = "transition " + std::to_string(transition) +
                ": the feature groups together are not all the features";
    }
  };
  model_->parse(sentence, &observe);
  return problem;
}

ParserScores Parser::evaluate(const std::vector<Sentence>& gold) const {
  std::vector<Sentence> pred = gold;
  for (auto& s : pred) parse(s);
  return scoreParses(gold, pred);
}

namespace {

// zlib-compresses a vector of trivially copyable values.
template <typename T>
std::vector<std::uint8_t> deflateVector(const std::vector<T>& v) {
  uLongf cap = compressBound(static_cast<uLong>(v.size() * sizeof(T)));
  std::vector<std::uint8_t> out(cap);
  if (compress2(out.data(), &cap, reinterpret_cast<const Bytef*>(v.data()),
                static_cast<uLong>(v.size() * sizeof(T)), 9) != Z_OK) {
    throw kg::Error("parser: zlib compression failed");
  }
  out.resize(cap);
  return out;
}

template <typename T>
void writeCompressed(ModelWriter& w, const std::vector<T>& v) {
  w.write<std::uint64_t>(v.size());
  w.writeVector(deflateVector(v));
}

template <typename T>
std::vector<T> readCompressed(ModelReader& r) {
  auto n = r.read<std::uint64_t>();
  auto packed = r.readVector<std::uint8_t>();
  if (n > (std::uint64_t{1} << 32)) r.fail("corrupt parser model (vector length)");
  std::vector<T> v(n);
  uLongf size = static_cast<uLongf>(n * sizeof(T));
  if (uncompress(reinterpret_cast<Bytef*>(v.data()), &size, packed.data(),
                 static_cast<uLong>(packed.size())) != Z_OK ||
      size != n * sizeof(T)) {
    r.fail("corrupt parser model (compressed data)");
  }
  return v;
}

// Writes the scale and the weights of `cw` (compressed streams).
void writeWeights(ModelWriter& w, const CompactWeights& cw) {
  w.write<float>(cw.scale);
  // keys as deltas, feature lengths, classes and weights as separate streams (they
  // compress better apart)
  std::vector<std::uint32_t> deltas(cw.keys.size());
  std::uint32_t prev = 0;
  for (std::size_t i = 0; i < deltas.size(); ++i) {
    deltas[i] = cw.keys[i] - prev;
    prev = cw.keys[i];
  }
  std::vector<std::uint16_t> lengths(cw.keys.size());
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    lengths[i] = static_cast<std::uint16_t>(cw.begin[i + 1] - cw.begin[i]);
  }
  std::vector<std::uint16_t> classes(cw.weights.size());
  std::vector<std::int16_t> values(cw.weights.size());
  for (std::size_t i = 0; i < cw.weights.size(); ++i) {
    classes[i] = static_cast<std::uint16_t>(cw.weights[i] >> 16);
    values[i] = static_cast<std::int16_t>(cw.weights[i] & 0xffffu);
  }
  writeCompressed(w, deltas);
  writeCompressed(w, lengths);
  writeCompressed(w, classes);
  writeCompressed(w, values);
}

// Reads what writeWeights() wrote (or the uncompressed streams of version 1) into
// `cw`, checking it against `num_classes`, and builds its index.
void readWeights(ModelReader& r, bool v1, std::uint32_t num_classes, CompactWeights& cw) {
  cw.scale = r.read<float>();
  if (!(cw.scale > 0) || !std::isfinite(cw.scale)) r.fail("corrupt parser model (scale)");
  std::vector<std::uint32_t> deltas;
  std::vector<std::uint16_t> lengths, classes;
  std::vector<std::int16_t> values;
  if (v1) {
    deltas = r.readVector<std::uint32_t>();
    lengths = r.readVector<std::uint16_t>();
    for (std::uint32_t v : r.readVector<std::uint32_t>()) {
      classes.push_back(static_cast<std::uint16_t>(v >> 16));
      values.push_back(static_cast<std::int16_t>(v & 0xffffu));
    }
  } else {
    deltas = readCompressed<std::uint32_t>(r);
    lengths = readCompressed<std::uint16_t>(r);
    classes = readCompressed<std::uint16_t>(r);
    values = readCompressed<std::int16_t>(r);
  }
  if (lengths.size() != deltas.size() || classes.size() != values.size()) {
    r.fail("corrupt parser model (feature count)");
  }
  cw.keys.resize(deltas.size());
  cw.begin.resize(deltas.size() + 1);
  std::uint32_t key = 0;
  std::uint64_t pos = 0;
  for (std::size_t i = 0; i < deltas.size(); ++i) {
    if (deltas[i] == 0 || key + deltas[i] < key) r.fail("corrupt parser model (keys)");
    key += deltas[i];
    cw.keys[i] = key;
    cw.begin[i] = static_cast<std::uint32_t>(pos);
    pos += lengths[i];
  }
  if (pos != classes.size()) r.fail("corrupt parser model (weight count)");
  cw.begin[deltas.size()] = static_cast<std::uint32_t>(pos);
  cw.weights.resize(classes.size());
  for (std::size_t i = 0; i < classes.size(); ++i) {
    if (classes[i] >= num_classes) r.fail("corrupt parser model (class out of range)");
    cw.weights[i] = (static_cast<std::uint32_t>(classes[i]) << 16) |
                    static_cast<std::uint16_t>(values[i]);
  }
  cw.buildIndex();
}

}  // namespace

void Parser::save(const std::string& path) const {
  if (!model_) throw kg::Error("parser: no model to save");
  ModelWriter w(path, kMagic, kVersion);
  w.writeStrings(model_->labels);
  w.write<std::uint32_t>(static_cast<std::uint32_t>(model_->ts.root));
  std::vector<std::uint32_t> arcs(model_->ts.arc_labels.begin(), model_->ts.arc_labels.end());
  w.writeVector(arcs);
  writeWeights(w, model_->w);
  w.write<std::uint32_t>(model_->flags);
  std::vector<std::uint32_t> dropped;
  for (int t = 0; t < kTemplateIds; ++t) {
    if (model_->dropped[static_cast<std::size_t>(t)])
      dropped.push_back(static_cast<std::uint32_t>(t));
  }
  w.writeVector(dropped);
  if (model_->flags & kSupertagFeatures) {
    w.writeStrings(model_->supertagger.labels);
    writeWeights(w, model_->supertagger.w);
  }
  w.commit();
}

Parser Parser::load(const std::string& path) {
  ModelReader r(path, kMagic, 1, kVersion);
  const std::uint32_t version = r.version();
  const bool v1 = version == 1;
  auto m = std::make_shared<Model>();
  m->labels = r.readStrings();
  if (m->labels.empty() || m->labels.size() > 30000) r.fail("corrupt parser model (label count)");
  auto root = r.read<std::uint32_t>();
  if (root >= m->labels.size() || m->labels[root] != "root") {
    r.fail("corrupt parser model (root label)");
  }
  m->ts.setLabels(static_cast<int>(m->labels.size()), static_cast<int>(root));
  if (version >= 5) {
    auto arcs = r.readVector<std::uint32_t>();
    std::vector<int> ids;
    for (std::uint32_t a : arcs) {
      if (a >= m->labels.size() || (!ids.empty() && static_cast<int>(a) <= ids.back())) {
        r.fail("corrupt parser model (arc labels)");
      }
      ids.push_back(static_cast<int>(a));
    }
    if (std::find(ids.begin(), ids.end(), static_cast<int>(root)) == ids.end()) {
      r.fail("corrupt parser model (arc labels without root)");
    }
    m->ts.keepArcs(std::move(ids));
  }
  readWeights(r, v1, static_cast<std::uint32_t>(m->ts.classes()), m->w);
  if (version >= 3) {
    m->flags = r.read<std::uint32_t>();
    if ((m->flags & ~(kPunctFeatures | kSupertagFeatures | kWideSupertags)) ||
        ((m->flags & kWideSupertags) && !(m->flags & kSupertagFeatures))) {
      r.fail("corrupt parser model (feature flags)");
    }
  }
  if (version >= 6) {
    for (std::uint32_t t : r.readVector<std::uint32_t>()) {
      if (!isDroppableTemplate(t)) r.fail("corrupt parser model (dropped templates)");
      m->dropped.set(t);
    }
  }
  if (m->flags & kSupertagFeatures) {
    if (version < 4) r.fail("corrupt parser model (feature flags)");
    m->supertagger.labels = r.readStrings();
    m->supertagger.wide = (m->flags & kWideSupertags) != 0;
    if (m->supertagger.labels.empty() || m->supertagger.labels.size() > 30000) {
      r.fail("corrupt parser model (supertag count)");
    }
    readWeights(r, false, static_cast<std::uint32_t>(m->supertagger.labels.size()),
                m->supertagger.w);
  }
  r.expectEnd();
  Parser p;
  p.model_ = std::move(m);
  return p;
}

namespace {

// The weights of `from` whose magnitude is at least `fraction` of the largest.
// A copy of `from` without the weights below `fraction` of the largest; with
// `remap` (old class -> new class, -1 = dropped), the classes are renumbered too.
CompactWeights prunedWeights(const CompactWeights& from, double fraction,
                             const std::vector<int>* remap = nullptr) {
  CompactWeights to;
  to.scale = from.scale;
  int max_abs = 0;
  for (std::uint32_t v : from.weights) {
    max_abs = std::max(max_abs, std::abs(static_cast<int>(static_cast<std::int16_t>(v & 0xffffu))));
  }
  const double threshold = fraction * max_abs;
  for (std::size_t f = 0; f < from.keys.size(); ++f) {
    bool any = false;
    for (std::uint32_t j = from.begin[f]; j < from.begin[f + 1]; ++j) {
      std::uint32_t v = from.weights[j];
      int q = static_cast<std::int16_t>(v & 0xffffu);
      if (std::abs(q) < threshold) continue;
      if (remap) {
        std::uint32_t cls = v >> 16;
        int to_cls = cls < remap->size() ? (*remap)[cls] : -1;
        if (to_cls < 0) continue;
        v = (static_cast<std::uint32_t>(to_cls) << 16) | (v & 0xffffu);
      }
      if (!any) {
        to.keys.push_back(from.keys[f]);
        to.begin.push_back(static_cast<std::uint32_t>(to.weights.size()));
        any = true;
      }
      to.weights.push_back(v);
    }
  }
  to.begin.push_back(static_cast<std::uint32_t>(to.weights.size()));
  to.buildIndex();
  return to;
}

// The mean of the weights of `from` (dequantised, summed, divided by their count)
// quantised again. Linear scores: the mean model scores every class as the mean
// of the models' scores, an ensemble at the cost of one model.
CompactWeights averagedWeights(const std::vector<const CompactWeights*>& from) {
  const double n = static_cast<double>(from.size());
  std::vector<WeightItem> items;
  for (const CompactWeights* cw : from) {
    for (std::size_t f = 0; f < cw->keys.size(); ++f) {
      for (std::uint32_t j = cw->begin[f]; j < cw->begin[f + 1]; ++j) {
        const std::uint32_t v = cw->weights[j];
        const double w = static_cast<std::int16_t>(v & 0xffffu) * static_cast<double>(cw->scale);
        items.push_back(WeightItem{cw->keys[f], static_cast<std::uint16_t>(v >> 16), w / n});
      }
    }
  }
  const std::vector<WeightItem> merged = mergedWeights(std::move(items));
  double max_abs = 0;
  for (const WeightItem& it : merged) max_abs = std::max(max_abs, std::fabs(it.w));
  return quantisedWeights(merged, max_abs, 0.0);
}

// The labels whose arcs a parser keeps when only `keep_lifted` lifted labels
// ("d|h") stay: those with the most non-zero weights (the ones training met most).
std::vector<bool> keptLabels(const std::vector<std::string>& labels, const TransitionSystem& ts,
                             const CompactWeights& w, int keep_lifted) {
  std::vector<bool> keep(labels.size(), true);
  if (keep_lifted < 0) return keep;
  const std::size_t A = static_cast<std::size_t>(ts.arcs());
  std::vector<std::size_t> weights_of(labels.size(), 0);
  for (std::uint32_t v : w.weights) {
    std::size_t cls = v >> 16;
    if (cls >= 2 && cls < 2 + 2 * A) weights_of[static_cast<std::size_t>(ts.arc_labels[(cls - 2) % A])] += 1;
  }
  std::vector<std::size_t> lifted;
  for (std::size_t l = 0; l < labels.size(); ++l) {
    if (labels[l].find('|') != std::string::npos) lifted.push_back(l);
  }
  std::stable_sort(lifted.begin(), lifted.end(), [&](std::size_t a, std::size_t b) {
    return weights_of[a] > weights_of[b];
  });
  for (std::size_t i = static_cast<std::size_t>(keep_lifted); i < lifted.size(); ++i) {
    keep[lifted[i]] = false;
  }
  return keep;
}

}  // namespace

Parser Parser::pruned(double fraction, double supertag_fraction, int keep_lifted) const {
  if (!model_) throw kg::Error("parser: no model to prune");
  auto m = std::make_shared<Model>();
  m->labels = model_->labels;
  m->ts = model_->ts;
  m->flags = model_->flags;
  m->dropped = model_->dropped;
  // Label ids stay (features read them); only the arc classes of dropped labels go.
  const std::vector<bool> keep = keptLabels(model_->labels, model_->ts, model_->w, keep_lifted);
  const TransitionSystem& from = model_->ts;
  std::vector<int> ids;
  for (int l : from.arc_labels) {
    if (keep[static_cast<std::size_t>(l)]) ids.push_back(l);
  }
  const int A = from.arcs(), kept = static_cast<int>(ids.size());
  std::vector<int> remap(static_cast<std::size_t>(from.classes()), -1);
  remap[kShift] = kShift;
  remap[kReduce] = kReduce;
  for (int k = 0, to = 0; k < A; ++k) {
    if (!keep[static_cast<std::size_t>(from.arc_labels[static_cast<std::size_t>(k)])]) continue;
    remap[static_cast<std::size_t>(2 + k)] = 2 + to;
    remap[static_cast<std::size_t>(2 + A + k)] = 2 + kept + to;
    ++to;
  }
  m->ts.keepArcs(std::move(ids));
  m->w = prunedWeights(model_->w, fraction, kept == A ? nullptr : &remap);
  m->supertagger.labels = model_->supertagger.labels;
  m->supertagger.wide = model_->supertagger.wide;
  m->supertagger.w = prunedWeights(model_->supertagger.w, supertag_fraction);
  Parser p;
  p.model_ = std::move(m);
  return p;
}

Parser Parser::averaged(const std::vector<Parser>& models) {
  if (models.empty()) throw kg::Error("parser: no models to average");
  for (const Parser& p : models) {
    if (!p.model_) throw kg::Error("parser: no model to average");
  }
  const Model& first = *models.front().model_;
  std::vector<const CompactWeights*> weights, supertag_weights;
  for (const Parser& p : models) {
    const Model& m = *p.model_;
    if (m.labels != first.labels || m.ts.arc_labels != first.ts.arc_labels ||
        m.flags != first.flags || m.dropped != first.dropped ||
        m.supertagger.labels != first.supertagger.labels) {
      throw kg::UsageError(
          "parser: the models to average differ in their labels, transitions or features "
          "(train them with the same data and options, seeds aside)");
    }
    weights.push_back(&m.w);
    supertag_weights.push_back(&m.supertagger.w);
  }
  auto m = std::make_shared<Model>();
  m->labels = first.labels;
  m->ts = first.ts;
  m->flags = first.flags;
  m->dropped = first.dropped;
  m->w = averagedWeights(weights);
  m->supertagger.labels = first.supertagger.labels;
  m->supertagger.wide = first.supertagger.wide;
  if (m->flags & kSupertagFeatures) m->supertagger.w = averagedWeights(supertag_weights);
  Parser p;
  p.model_ = std::move(m);
  return p;
}

std::size_t Parser::numWeights() const { return model_ ? model_->w.weights.size() : 0; }

std::vector<int> Parser::droppedTemplates() const {
  std::vector<int> ids;
  for (int t = 0; model_ && t < kTemplateIds; ++t) {
    if (model_->dropped[static_cast<std::size_t>(t)]) ids.push_back(t);
  }
  return ids;
}

int Parser::featuresPerTransition() const {
  if (!model_) return 0;
  Sentence one;
  one.tokens.resize(1);
  one.tokens[0].form = "word";
  const State st(1);
  std::uint64_t keys[kMaxFeatures];
  return extractFeatures(st, wordInfos(one), keys, model_->flags, model_->dropped);
}

namespace {

// Trains `model`'s supertagger on all of `data` (gold supertags `names`), and sets
// the supertags of the training words in `infos` by jackknifing: sentences fall
// into opt.supertag_folds folds by a hash of their words (so that a sentence
// counted twice stays in one fold), each tagged by a supertagger trained on the
// other folds. Prints the supertag accuracy on `dev`.
void trainSupertags(const std::vector<Sentence>& data,
                    const std::vector<std::vector<std::string>>& names,
                    const std::vector<Sentence>& dev, const ParserOptions& opt,
                    Supertagger& tagger, std::vector<std::vector<WordInfo>>& infos,
                    std::ostream& progress) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  std::map<std::string, int> ids;
  for (const auto& sent : names) {
    for (const auto& name : sent) ids.emplace(name, 0);
  }
  tagger.labels.clear();
  for (auto& [name, id] : ids) {
    id = static_cast<int>(tagger.labels.size());
    tagger.labels.push_back(name);
  }
  const int classes = static_cast<int>(tagger.labels.size());
  std::vector<std::vector<int>> gold(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) {
    gold[i].assign(names[i].size() + 1, -1);
    for (std::size_t j = 0; j < names[i].size(); ++j) gold[i][j + 1] = ids[names[i][j]];
  }
  // all data: the model's supertagger
  std::vector<std::size_t> all(data.size());
  std::iota(all.begin(), all.end(), 0);
  tagger.wide = opt.wide_supertags;
  trainSupertagger(infos, gold, all, classes, opt.supertag_iterations, opt.seed, tagger.wide,
                   tagger.w);
  if (opt.verbose && !dev.empty()) {
    std::size_t right = 0, words = 0;
    for (const Sentence& s : dev) {
      auto info = wordInfos(s);
      const int n = static_cast<int>(s.tokens.size());
      tagger.tag(info, n);
      for (int j = 0; j < n; ++j) {
        ++words;
        auto it = ids.find(goldSupertag(s, static_cast<std::size_t>(j)));
        if (it != ids.end() && info[j + 1].st == supertagHash(it->second)) ++right;
      }
    }
    progress << "parser: " << classes << " supertags, dev accuracy " << std::fixed
             << std::setprecision(2)
             << 100.0 * static_cast<double>(right) / static_cast<double>(std::max<std::size_t>(words, 1))
             << "%\n";
  }
  // jackknifed supertags of the training words
  const int folds = std::max(2, opt.supertag_folds);
  std::vector<int> fold(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) {
    std::string words;
    for (const Token& t : data[i].tokens) words += t.form + ' ';
    fold[i] = static_cast<int>(hashText(words) % static_cast<std::uint64_t>(folds));
  }
  for (int f = 0; f < folds; ++f) {
    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < data.size(); ++i) {
      if (fold[i] != f) rest.push_back(i);
    }
    Supertagger part;
    part.labels = tagger.labels;
    part.wide = tagger.wide;
    trainSupertagger(infos, gold, rest, classes, opt.supertag_iterations,
                     opt.seed + static_cast<std::uint64_t>(f) + 1, part.wide, part.w);
    std::size_t right = 0, words = 0;
    for (std::size_t i = 0; i < data.size(); ++i) {
      if (fold[i] != f) continue;
      const int n = static_cast<int>(data[i].tokens.size());
      part.tag(infos[i], n);
      for (int j = 1; j <= n; ++j) {
        ++words;
        if (infos[i][j].st == supertagHash(gold[i][j])) ++right;
      }
    }
    if (opt.verbose) {
      progress << "parser: supertag fold " << f + 1 << "/" << folds << " accuracy " << std::fixed
               << std::setprecision(2)
               << 100.0 * static_cast<double>(right) / static_cast<double>(std::max<std::size_t>(words, 1))
               << "%  " << std::setprecision(0)
               << std::chrono::duration<double>(Clock::now() - started).count() << "s\n"
               << std::flush;
    }
  }
}

}  // namespace

Parser Parser::train(const std::vector<Sentence>& train_set, const std::vector<Sentence>& dev,
                     const ParserOptions& opt, std::ostream& progress) {
  using Clock = std::chrono::steady_clock;
  auto started = Clock::now();
  for (int t : opt.drop_templates) {
    if (!isDroppableTemplate(t)) {
      throw kg::UsageError("parser: no feature template " + std::to_string(t) +
                           " to drop (ids 1-86, 93-109)");
    }
  }
  // 1. projectivise the training trees; collect labels
  std::vector<Sentence> data;
  data.reserve(train_set.size());
  std::size_t skipped = 0, lifted_words = 0, words = 0;
  std::map<std::string, std::size_t> counts;
  std::vector<std::vector<std::string>> supertag_names;  // gold supertags per kept sentence
  for (const Sentence& s : train_set) {
    if (s.tokens.empty() || !isTree(s)) {
      ++skipped;
      continue;
    }
    Sentence p;
    p.tokens = s.tokens;
    for (auto& t : p.tokens) {
      if (t.deprel.empty() || t.deprel == "_") t.deprel = "dep";
    }
    if (opt.supertags) {
      auto& names = supertag_names.emplace_back();
      for (std::size_t j = 0; j < p.tokens.size(); ++j) names.push_back(goldSupertag(p, j));
    }
    lifted_words += static_cast<std::size_t>(projectivize(p));
    for (const auto& t : p.tokens) ++counts[t.deprel];
    words += p.tokens.size();
    data.push_back(std::move(p));
  }
  if (data.empty()) throw kg::Error("parser training: no usable training sentences");
  for (auto& s : data) {
    for (auto& t : s.tokens) {
      auto bar = t.deprel.find('|');
      if (bar != std::string::npos && counts[t.deprel] < static_cast<std::size_t>(opt.min_label_count)) {
        t.deprel.resize(bar);
      }
    }
  }
  std::map<std::string, int> label_ids;
  for (const auto& s : data) {
    for (const auto& t : s.tokens) label_ids.emplace(t.deprel, 0);
  }
  label_ids.emplace("root", 0);
  auto model = std::make_shared<Model>();
  for (auto& [name, id] : label_ids) {
    id = static_cast<int>(model->labels.size());
    model->labels.push_back(name);
  }
  model->ts.setLabels(static_cast<int>(model->labels.size()), label_ids["root"]);
  const TransitionSystem& ts = model->ts;
  const int C = ts.classes();
  if (opt.verbose) {
    progress << "parser: " << data.size() << " training sentences (" << words << " words, "
             << skipped << " skipped), " << lifted_words << " lifts for projectivity, "
             << model->labels.size() << " labels, " << C << " transitions\n";
  }
  // gold heads / label ids per sentence
  std::vector<std::vector<int>> gold_heads(data.size()), gold_labels(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto& toks = data[i].tokens;
    gold_heads[i].assign(toks.size() + 1, -1);
    gold_labels[i].assign(toks.size() + 1, -1);
    for (std::size_t j = 0; j < toks.size(); ++j) {
      gold_heads[i][j + 1] = toks[j].head;
      gold_labels[i][j + 1] = label_ids[toks[j].deprel];
    }
  }
  model->flags = opt.punct_features ? kPunctFeatures : 0;
  for (int t : opt.drop_templates) model->dropped.set(static_cast<std::size_t>(t));
  std::vector<std::vector<WordInfo>> infos(data.size());
  for (std::size_t i = 0; i < data.size(); ++i) infos[i] = wordInfos(data[i]);
  if (opt.supertags) {
    model->flags |= kSupertagFeatures | (opt.wide_supertags ? kWideSupertags : 0);
    trainSupertags(data, supertag_names, dev, opt, model->supertagger, infos, progress);
  }

  TrainingWeights weights(C);
  std::mt19937_64 rng(opt.seed);
  std::vector<std::size_t> order(data.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<float> scores(C);
  std::vector<int> cost;
  std::uint64_t feats[kMaxFeatures];
  double best_las = -1;
  int best_iter = 0;
  Model best;
  for (int it = 1; it <= opt.iterations; ++it) {
    std::shuffle(order.begin(), order.end(), rng);
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    std::size_t transitions = 0, errors = 0;
    for (std::size_t idx : order) {
      const auto& gh = gold_heads[idx];
      const auto& gl = gold_labels[idx];
      const int n = static_cast<int>(data[idx].tokens.size());
      State st(n);
      std::vector<char> in_stack(n + 1, 0);
      in_stack[0] = 1;
      while (!st.terminal()) {
        int nf = extractFeatures(st, infos[idx], feats, model->flags, model->dropped);
        weights.score(feats, nf, scores);
        oracleCosts(ts, st, gh, gl, in_stack, cost);
        int pred = -1, best_ok = -1;
        int min_cost = std::numeric_limits<int>::max();
        for (int c = 0; c < C; ++c) {
          if (cost[c] != std::numeric_limits<int>::max()) min_cost = std::min(min_cost, cost[c]);
        }
        for (int c = 0; c < C; ++c) {
          if (cost[c] == std::numeric_limits<int>::max()) continue;  // invalid
          if (pred < 0 || scores[c] > scores[pred]) pred = c;
          if (cost[c] == min_cost && (best_ok < 0 || scores[c] > scores[best_ok])) best_ok = c;
        }
        ++transitions;
        if (cost[pred] > min_cost) {
          ++errors;
          weights.update(feats, nf, best_ok, 1.0f);
          weights.update(feats, nf, pred, -1.0f);
        }
        weights.tick();
        int next = best_ok;
        if (it > opt.static_iterations && pred != best_ok && coin(rng) < opt.explore) next = pred;
        // keep in_stack in step with the transition
        int s0 = st.s0();
        if (next == kShift || next >= 2 + ts.arcs()) {
          in_stack[st.b] = 1;
        } else {
          in_stack[s0] = 0;
        }
        ts.apply(st, next);
      }
    }
    Model candidate;
    candidate.labels = model->labels;
    candidate.ts = model->ts;
    candidate.flags = model->flags;
    candidate.dropped = model->dropped;
    candidate.supertagger = model->supertagger;
    weights.average(candidate.w, opt.prune);
    ParserScores dev_scores;
    if (!dev.empty()) {
      std::vector<Sentence> pred = dev;
      for (auto& s : pred) candidate.parse(s);
      dev_scores = scoreParses(dev, pred);
    }
    double secs = std::chrono::duration<double>(Clock::now() - started).count();
    if (opt.verbose) {
      progress << "parser: iteration " << it << "/" << opt.iterations << "  train errors "
               << std::fixed << std::setprecision(2)
               << 100.0 * static_cast<double>(errors) / static_cast<double>(std::max<std::size_t>(transitions, 1))
               << "%  features " << weights.features() << "  kept " << candidate.w.keys.size()
               << "/" << candidate.w.weights.size() << " weights";
      if (!dev.empty()) {
        progress << "  dev UAS " << dev_scores.uas << " LAS " << dev_scores.las << " (full "
                 << dev_scores.las_full << ")";
      }
      progress << "  " << std::setprecision(0) << secs << "s\n" << std::flush;
    }
    double las = dev.empty() ? static_cast<double>(it) : dev_scores.las_full;
    if (las > best_las) {
      best_las = las;
      best_iter = it;
      best = std::move(candidate);
      if (!opt.checkpoint.empty()) {
        Parser snapshot;
        auto copy = std::make_shared<Model>();
        copy->labels = best.labels;
        copy->ts = best.ts;
        copy->flags = best.flags;
        copy->dropped = best.dropped;
        copy->supertagger = best.supertagger;
        copy->w.scale = best.w.scale;
        copy->w.keys = best.w.keys;
        copy->w.begin = best.w.begin;
        copy->w.weights = best.w.weights;
        snapshot.model_ = std::move(copy);
        snapshot.save(opt.checkpoint);
        if (opt.verbose) progress << "parser: saved iteration " << it << " to " << opt.checkpoint << "\n";
      }
    }
  }
  if (opt.verbose) progress << "parser: keeping iteration " << best_iter << "\n";
  *model = std::move(best);
  Parser p;
  p.model_ = std::move(model);
  return p;
}

}  // namespace kg::extract
