#include "extract/nlp/lemmatizer.h"

#include <map>
#include <numeric>
#include <tuple>
#include <unordered_map>

namespace kg::extract {
namespace {

using perceptron::hashCombine;
using perceptron::hashString;

// Suffixes longer than this need at least kMinRuleTypes training words to become a rule.
constexpr std::size_t kShortSuffix = 2;
constexpr std::uint32_t kMinRuleTypes = 2;

std::uint32_t argmax(const std::map<std::uint32_t, std::uint32_t>& counts) {
  std::uint32_t best = 0, best_count = 0;
  for (auto [cls, n] : counts) {
    if (n > best_count) {  // ties keep the smaller class id: deterministic
      best = cls;
      best_count = n;
    }
  }
  return best;
}

bool isLower(std::string_view s) {
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') return false;
  }
  return true;
}

std::string asciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

void sortPairs(std::vector<std::uint64_t>& keys, std::vector<std::uint32_t>& values) {
  std::vector<std::size_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return keys[a] < keys[b]; });
  std::vector<std::uint64_t> k;
  std::vector<std::uint32_t> v;
  for (auto i : order) {
    k.push_back(keys[i]);
    v.push_back(values[i]);
  }
  keys = std::move(k);
  values = std::move(v);
}

}  // namespace

SuffixRules SuffixRules::train(const std::vector<Item>& items, const Applicable& applicable) {
  // Word types (exact form, tag) with their class counts.
  struct Type {
    std::string_view form;
    std::uint64_t tag;
    std::map<std::uint32_t, std::uint32_t> counts;
    std::uint32_t best = 0;
  };
  std::unordered_map<std::uint64_t, std::size_t> type_index;
  std::vector<Type> types;
  for (const Item& it : items) {
    auto key = exceptionKey(it.tag, hashString(it.form));
    auto [pos, inserted] = type_index.emplace(key, types.size());
    if (inserted) types.push_back(Type{it.form, it.tag, {}, 0});
    ++types[pos->second].counts[it.cls];
  }
  for (Type& t : types) t.best = argmax(t.counts);

  // Rules: the most frequent class of the word types sharing (tag, suffix).
  struct RuleStat {
    std::map<std::uint32_t, std::uint32_t> counts;
    std::uint32_t types = 0;
    std::size_t k = 0;
  };
  std::unordered_map<std::uint64_t, RuleStat> stats;
  for (const Type& t : types) {
    for (std::size_t k = 0; k <= std::min(kMaxSuffix, t.form.size()); ++k) {
      if (!applicable(t.best, t.form)) continue;
      auto& s = stats[ruleKey(t.tag, hashLower(t.form.substr(t.form.size() - k)), k)];
      ++s.counts[t.best];
      ++s.types;
      s.k = k;
    }
  }
  SuffixRules r;
  for (const auto& [key, s] : stats) {
    if (s.k > kShortSuffix && s.types < kMinRuleTypes) continue;
    r.rule_keys_.push_back(key);
    r.rule_values_.push_back(argmax(s.counts));
  }
  sortPairs(r.rule_keys_, r.rule_values_);
  r.buildIndex();

  // Exceptions: words the rules get wrong. Lowercase words first, so that a
  // capitalised word can rely on its lowercase exception ("Fled" -> "fled").
  std::vector<std::size_t> order(types.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_partition(order.begin(), order.end(),
                        [&](std::size_t i) { return isLower(types[i].form); });
  for (std::size_t i : order) {
    const Type& t = types[i];
    std::uint32_t predicted = 0xffffffffu;
    r.find(t.form, t.tag, [&](std::uint32_t c) {
      if (!applicable(c, t.form)) return false;
      predicted = c;
      return true;
    });
    if (predicted == t.best) continue;
    auto key = exceptionKey(t.tag, hashString(t.form));
    r.exceptions_.set(key, t.best);
    r.exception_keys_.push_back(key);
    r.exception_values_.push_back(t.best);
  }
  sortPairs(r.exception_keys_, r.exception_values_);
  return r;
}

void SuffixRules::buildIndex() {
  rules_ = perceptron::FlatMap();
  exceptions_ = perceptron::FlatMap();
  rules_.reserve(rule_keys_.size());
  for (std::size_t i = 0; i < rule_keys_.size(); ++i) rules_.set(rule_keys_[i], rule_values_[i]);
  exceptions_.reserve(exception_keys_.size());
  for (std::size_t i = 0; i < exception_keys_.size(); ++i) {
    exceptions_.set(exception_keys_[i], exception_values_[i]);
  }
}

void SuffixRules::save(ModelWriter& out) const {
  out.writeVector(rule_keys_);
  out.writeVector(rule_values_);
  out.writeVector(exception_keys_);
  out.writeVector(exception_values_);
}

SuffixRules SuffixRules::load(ModelReader& in, std::uint32_t num_classes) {
  SuffixRules r;
  r.rule_keys_ = in.readVector<std::uint64_t>();
  r.rule_values_ = in.readVector<std::uint32_t>();
  r.exception_keys_ = in.readVector<std::uint64_t>();
  r.exception_values_ = in.readVector<std::uint32_t>();
  if (r.rule_keys_.size() != r.rule_values_.size() ||
      r.exception_keys_.size() != r.exception_values_.size()) {
    in.fail("corrupt lemmatizer rules (sizes)");
  }
  for (auto v : r.rule_values_) {
    if (v >= num_classes) in.fail("corrupt lemmatizer rules (class out of range)");
  }
  for (auto v : r.exception_values_) {
    if (v >= num_classes) in.fail("corrupt lemmatizer exceptions (class out of range)");
  }
  r.buildIndex();
  return r;
}

std::uint64_t Lemmatizer::tagKey(std::string_view upos, std::string_view xpos) {
  return perceptron::hashCombine(hashString(upos), hashString(xpos));
}

Lemmatizer::Script Lemmatizer::scriptFor(std::string_view form, std::string_view lemma) {
  Script s;
  s.lower = isLower(lemma);
  std::string base = s.lower ? asciiLower(form) : std::string(form);
  std::size_t lcp = 0;
  while (lcp < base.size() && lcp < lemma.size() && base[lcp] == lemma[lcp]) ++lcp;
  s.strip = static_cast<std::uint32_t>(base.size() - lcp);
  s.append = std::string(lemma.substr(lcp));
  return s;
}

bool Lemmatizer::applicable(const Script& s, std::string_view form) {
  if (s.strip > form.size()) return false;
  if (s.strip == form.size()) return !s.append.empty();
  unsigned char cut = static_cast<unsigned char>(form[form.size() - s.strip]);
  return s.strip == 0 || (cut & 0xC0) != 0x80;  // never cut inside a UTF-8 character
}

Lemmatizer Lemmatizer::train(const std::vector<Sentence>& sentences) {
  Lemmatizer lem;
  std::map<std::tuple<bool, std::uint32_t, std::string>, std::uint32_t> script_ids;
  std::map<std::string, std::uint32_t> feats_ids;
  std::vector<SuffixRules::Item> lemma_items, feats_items;
  // Annotation slips: a lemma that is never a word of the treebank ("fled" ->
  // "flead" in GUM) is replaced by the most frequent attested lemma of the same
  // (lowercased form, UPOS) when there is one ("flee").
  std::unordered_map<std::uint64_t, bool> attested;  // hashString(lowercased word)
  std::unordered_map<std::uint64_t, std::map<std::string, std::uint32_t>> lemmas_of;
  for (const Sentence& s : sentences) {
    for (const Token& t : s.tokens) {
      attested[hashString(asciiLower(t.form))] = true;
      if (!t.lemma.empty() && t.lemma != "_") {
        ++lemmas_of[hashCombine(hashString(asciiLower(t.form)), hashString(t.upos))][t.lemma];
      }
    }
  }
  auto cleanLemma = [&](const Token& t) -> const std::string& {
    if (attested.count(hashString(asciiLower(t.lemma)))) return t.lemma;
    const auto& counts = lemmas_of[hashCombine(hashString(asciiLower(t.form)), hashString(t.upos))];
    const std::string* best = nullptr;
    std::uint32_t best_n = 0;
    for (const auto& [lemma, n] : counts) {
      if (n > best_n && attested.count(hashString(asciiLower(lemma)))) best = &lemma, best_n = n;
    }
    return best ? *best : t.lemma;
  };
  for (const Sentence& s : sentences) {
    for (const Token& t : s.tokens) {
      if (t.form.empty()) continue;
      std::uint64_t tag = tagKey(t.upos, t.xpos);
      const std::string& feats = t.feats.empty() ? std::string("_") : t.feats;
      auto [f, f_new] = feats_ids.emplace(feats, static_cast<std::uint32_t>(lem.feats_.size()));
      if (f_new) lem.feats_.push_back(feats);
      feats_items.push_back({t.form, tag, f->second});
      if (t.lemma.empty() || (t.lemma == "_" && t.form != "_")) continue;
      Script sc = scriptFor(t.form, cleanLemma(t));
      auto [it, is_new] = script_ids.emplace(std::make_tuple(sc.lower, sc.strip, sc.append),
                                             static_cast<std::uint32_t>(lem.scripts_.size()));
      if (is_new) lem.scripts_.push_back(sc);
      lemma_items.push_back({t.form, tag, it->second});
    }
  }
  lem.lemma_rules_ = SuffixRules::train(lemma_items, [&lem](std::uint32_t c, std::string_view form) {
    return applicable(lem.scripts_[c], form);
  });
  lem.feats_rules_ =
      SuffixRules::train(feats_items, [](std::uint32_t, std::string_view) { return true; });
  return lem;
}

std::string Lemmatizer::lemma(std::string_view form, std::uint64_t tag) const {
  std::string out;
  bool found = lemma_rules_.find(form, tag, [&](std::uint32_t c) {
    const Script& s = scripts_[c];
    if (!applicable(s, form)) return false;
    out.assign(form.substr(0, form.size() - s.strip));
    if (s.lower) {
      for (char& ch : out) {
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
      }
    }
    out += s.append;
    return true;
  });
  if (!found) out.assign(form);
  return out;
}

const std::string& Lemmatizer::feats(std::string_view form, std::uint64_t tag) const {
  static const std::string kNone = "_";
  const std::string* out = &kNone;
  feats_rules_.find(form, tag, [&](std::uint32_t c) {
    out = &feats_[c];
    return true;
  });
  return *out;
}

std::uint32_t Lemmatizer::featsClass(std::string_view form, std::uint64_t tag) const {
  std::uint32_t out = kNoClass;
  feats_rules_.find(form, tag, [&](std::uint32_t c) {
    out = c;
    return true;
  });
  return out;
}

std::uint32_t Lemmatizer::featsId(std::string_view feats) const {
  if (feats.empty()) feats = "_";
  for (std::size_t i = 0; i < feats_.size(); ++i) {
    if (feats_[i] == feats) return static_cast<std::uint32_t>(i);
  }
  return kNoClass;
}

void Lemmatizer::apply(Token& token, std::uint64_t tag) const {
  token.lemma = lemma(token.form, tag);
  token.feats = feats(token.form, tag);
}

void Lemmatizer::save(ModelWriter& out) const {
  std::vector<std::uint8_t> lower;
  std::vector<std::uint32_t> strip;
  std::vector<std::string> append;
  for (const Script& s : scripts_) {
    lower.push_back(s.lower ? 1 : 0);
    strip.push_back(s.strip);
    append.push_back(s.append);
  }
  out.writeVector(lower);
  out.writeVector(strip);
  out.writeStrings(append);
  out.writeStrings(feats_);
  lemma_rules_.save(out);
  feats_rules_.save(out);
}

Lemmatizer Lemmatizer::load(ModelReader& in) {
  Lemmatizer lem;
  auto lower = in.readVector<std::uint8_t>();
  auto strip = in.readVector<std::uint32_t>();
  auto append = in.readStrings();
  if (lower.size() != strip.size() || lower.size() != append.size()) {
    in.fail("corrupt lemmatizer (edit scripts)");
  }
  for (std::size_t i = 0; i < lower.size(); ++i) {
    lem.scripts_.push_back(Script{lower[i] != 0, strip[i], append[i]});
  }
  lem.feats_ = in.readStrings();
  lem.lemma_rules_ = SuffixRules::load(in, static_cast<std::uint32_t>(lem.scripts_.size()));
  lem.feats_rules_ = SuffixRules::load(in, static_cast<std::uint32_t>(lem.feats_.size()));
  return lem;
}

}  // namespace kg::extract
