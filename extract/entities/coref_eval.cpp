#include "extract/entities/coref_eval.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <unordered_map>

#include "extract/entities/gum_entities.h"
#include "extract/nlp/conllu.h"
#include "graph/error.h"

namespace kg::extract::coref {

namespace {

std::string lower(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool startsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

// Gold mentions of one sentence from its Entity= brackets (entities::gumMentions);
// an unbalanced bracket is an input error.
void readBrackets(const Sentence& s, std::size_t si, const std::string& name, std::size_t line,
                  std::vector<GoldMention>& out) {
  std::string problem;
  for (entities::GumMention& g : entities::gumMentions(s, &problem)) {
    GoldMention m;
    m.sentence = si;
    m.first = g.first;
    m.last = g.last;
    m.head = g.head;
    m.cluster = std::move(g.id);
    m.etype = std::move(g.type);
    out.push_back(std::move(m));
  }
  if (!problem.empty()) throw InputError(name, line, problem + " in sentence " + std::to_string(si + 1));
}

// Gives the sentence raw offsets into doc.raw (words joined per SpaceAfter, a
// space between sentences, a blank line at a new paragraph) and strips everything
// but the words.
void addSentence(Document& doc, Sentence s, bool new_par) {
  if (!doc.raw.empty()) doc.raw += new_par ? "\n\n" : " ";
  s.begin = doc.raw.size();
  s.text.clear();
  for (std::size_t i = 0; i < s.tokens.size(); ++i) {
    Token& t = s.tokens[i];
    t.begin = doc.raw.size();
    doc.raw += t.form;
    t.end = doc.raw.size();
    if (t.space_after && i + 1 < s.tokens.size()) doc.raw += ' ';
    t.lemma.clear();
    t.upos.clear();
    t.xpos.clear();
    t.feats = "_";
    t.head = -1;
    t.deprel.clear();
    t.misc = t.space_after ? "_" : "SpaceAfter=No";
  }
  s.end = doc.raw.size();
  s.text = doc.raw.substr(s.begin, s.end - s.begin);
  s.multiword.clear();
  s.mentions.clear();
  doc.sentences.push_back(std::move(s));
}

const char* const kHeShe[] = {"he", "him", "his", "himself", "she", "her", "hers", "herself"};
const char* const kThey[] = {"they", "them", "their", "theirs", "themselves"};
const char* const kIt[] = {"it", "its", "itself"};
const char* const kWe[] = {"we", "us", "our", "ours", "ourselves"};

template <std::size_t N>
bool in(const std::string& w, const char* const (&list)[N]) {
  return std::any_of(std::begin(list), std::end(list), [&](const char* x) { return w == x; });
}

// "he/she", "they", "it", "we" for a lower-case pronoun; "" otherwise.
std::string pronounKind(const std::string& w) {
  if (in(w, kHeShe)) return "he/she";
  if (in(w, kThey)) return "they";
  if (in(w, kIt)) return "it";
  if (in(w, kWe)) return "we";
  return "";
}

double percent(std::size_t a, std::size_t b) {
  return b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

// Gold lookups of one document.
class GoldIndex {
 public:
  explicit GoldIndex(const GoldDocument& gold) : gold_(gold) {
    for (std::size_t k = 0; k < gold.mentions.size(); ++k) by_sentence_[gold.mentions[k].sentence].push_back(k);
  }

  // The gold mention a kg span [first, last) of sentence `si` stands for (npos if none).
  // With `or_containing`, a span without a gold head inside (a name) may stand for the
  // smallest mention that contains it (below); anaphors may not ("his" of "his brother").
  std::size_t map(std::size_t si, std::size_t first, std::size_t last,
                  bool or_containing = false) const {
    auto it = by_sentence_.find(si);
    if (it == by_sentence_.end()) return npos;
    std::size_t best = npos, best_overlap = 0, best_len = 0;
    for (std::size_t k : it->second) {
      const GoldMention& g = gold_.mentions[k];
      if (g.head < first || g.head >= last) continue;
      std::size_t overlap = std::min(g.last, last) - std::max(g.first, first);
      std::size_t len = g.last - g.first;
      if (best == npos || overlap > best_overlap || (overlap == best_overlap && len < best_len)) {
        best = k;
        best_overlap = overlap;
        best_len = len;
      }
    }
    if (best != npos || !or_containing) return best;
    // No gold head inside the span: a name inside a mention headed by its title or
    // description ("Gary Fan" of "Pan-democrat Gary Fan of the Neo Democrats", whose head
    // is "democrat") stands for the smallest mention that contains it.
    for (std::size_t k : it->second) {
      const GoldMention& g = gold_.mentions[k];
      if (g.first > first || g.last < last) continue;
      std::size_t len = g.last - g.first;
      if (best == npos || len < best_len) {
        best = k;
        best_len = len;
      }
    }
    return best;
  }

  // The sentence and token range of a raw span [begin, end) (false if none).
  bool locate(std::size_t begin, std::size_t end, std::size_t& si, std::size_t& first, std::size_t& last) const {
    const auto& sents = gold_.document.sentences;
    auto it = std::upper_bound(sents.begin(), sents.end(), begin,
                               [](std::size_t b, const Sentence& s) { return b < s.begin; });
    if (it == sents.begin()) return false;
    --it;
    si = static_cast<std::size_t>(it - sents.begin());
    first = npos;
    last = 0;
    for (std::size_t i = 0; i < it->tokens.size(); ++i) {
      const Token& t = it->tokens[i];
      if (t.begin >= begin && t.end <= end) {
        if (first == npos) first = i;
        last = i + 1;
      }
    }
    return first != npos;
  }

  // Whether gold mention a comes before gold mention b (earlier sentence, or ends before b starts).
  bool before(std::size_t a, std::size_t b) const {
    const GoldMention& x = gold_.mentions[a];
    const GoldMention& y = gold_.mentions[b];
    return x.sentence < y.sentence || (x.sentence == y.sentence && x.last <= y.first);
  }

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

 private:
  const GoldDocument& gold_;
  std::unordered_map<std::size_t, std::vector<std::size_t>> by_sentence_;
};

std::string wordsOf(const Sentence& s, std::size_t first, std::size_t last) {
  std::string out;
  for (std::size_t i = first; i < last && i < s.tokens.size(); ++i) {
    out += s.tokens[i].form;
    if (i + 1 < last && s.tokens[i].space_after) out += ' ';
  }
  return out;
}

}  // namespace

std::vector<GoldDocument> readGumCoref(std::istream& in, const std::string& name) {
  std::vector<GoldDocument> out;
  ConlluReader reader(in, name);
  Sentence s;
  while (reader.next(s)) {
    bool new_doc = false, new_par = false;
    std::string doc_id;
    for (const std::string& c : s.comments) {
      if (startsWith(c, "newdoc")) {
        new_doc = true;
        doc_id = newdocId(c);
      }
      if (startsWith(c, "newpar")) new_par = true;
    }
    if (new_doc || out.empty()) {
      out.emplace_back();
      out.back().document.name = doc_id.empty() ? name + "#" + std::to_string(out.size()) : doc_id;
    }
    GoldDocument& doc = out.back();
    std::size_t si = doc.document.sentences.size();
    readBrackets(s, si, name, reader.line(), doc.mentions);
    addSentence(doc.document, std::move(s), new_par);
    s = Sentence{};
  }
  for (GoldDocument& d : out)
    std::stable_sort(d.mentions.begin(), d.mentions.end(), [](const GoldMention& a, const GoldMention& b) {
      if (a.sentence != b.sentence) return a.sentence < b.sentence;
      if (a.first != b.first) return a.first < b.first;
      return a.last > b.last;
    });
  return out;
}

std::vector<GoldDocument> readGumCoref(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot be opened for reading");
  return readGumCoref(in, path);
}

std::string anaphorKind(const std::vector<std::string>& w, const DescriptionTest& is_description) {
  if (w.size() == 1) return pronounKind(w[0]);
  if (w.size() == 2 && w[0] == "the" && is_description && is_description(w[1])) return "description";
  return "";
}

void KindCounts::add(const KindCounts& o) {
  gold += o.gold;
  resolved += o.resolved;
  correct += o.correct;
  correct_gold += o.correct_gold;
}

void CorefScore::add(const CorefScore& o) {
  for (auto& [kind, c] : o.by_kind) by_kind[kind].add(c);
  total.add(o.total);
  decisions.insert(decisions.end(), o.decisions.begin(), o.decisions.end());
  missed.insert(missed.end(), o.missed.begin(), o.missed.end());
}

double CorefScore::precision() const { return percent(total.correct, total.resolved); }
double CorefScore::recall() const { return percent(total.correct_gold, total.gold); }
double CorefScore::f1() const {
  double p = precision(), r = recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

CorefScore scoreCoreference(const GoldDocument& gold, const Document& system, const DescriptionTest& is_description) {
  const auto& gsents = gold.document.sentences;
  if (system.sentences.size() != gsents.size())
    throw InputError(gold.document.name, "system document has " + std::to_string(system.sentences.size()) +
                                             " sentences, gold " + std::to_string(gsents.size()));
  constexpr std::size_t npos = GoldIndex::npos;
  GoldIndex index(gold);
  const auto& gm = gold.mentions;

  // Gold mentions kg recognised as actors (a non-resolved kg mention maps to them),
  // with the canonical names kg gave them.
  std::vector<std::vector<std::string>> recognised(gm.size());
  for (std::size_t si = 0; si < system.sentences.size(); ++si)
    for (const Mention& m : system.sentences[si].mentions) {
      if (m.resolved_reference || m.canonical.empty()) continue;
      std::size_t k = index.map(si, m.first, m.last, true);
      if (k != npos) recognised[k].push_back(m.canonical);
    }

  // The anaphor kind of each gold mention.
  std::vector<std::string> kinds(gm.size());
  for (std::size_t k = 0; k < gm.size(); ++k) {
    std::vector<std::string> w;
    for (std::size_t i = gm[k].first; i < gm[k].last; ++i) w.push_back(lower(gsents[gm[k].sentence].tokens[i].form));
    kinds[k] = anaphorKind(w, is_description);
  }

  // Nearest earlier gold mention of k's cluster that kg recognised (npos if none).
  auto earlierRecognised = [&](std::size_t k, const std::string* canonical) {
    std::size_t found = npos;
    for (std::size_t j = 0; j < gm.size(); ++j) {
      if (j == k || gm[j].cluster != gm[k].cluster || !index.before(j, k) || recognised[j].empty()) continue;
      if (canonical &&
          std::find(recognised[j].begin(), recognised[j].end(), *canonical) == recognised[j].end())
        continue;
      found = j;
    }
    return found;
  };

  CorefScore score;
  std::vector<bool> eligible(gm.size(), false);
  for (std::size_t k = 0; k < gm.size(); ++k) {
    if (kinds[k].empty()) continue;
    if (earlierRecognised(k, nullptr) == npos) continue;
    eligible[k] = true;
    ++score.by_kind[kinds[k]].gold;
    ++score.total.gold;
  }

  std::vector<bool> found(gm.size(), false);  // eligible anaphors resolved correctly
  for (std::size_t si = 0; si < system.sentences.size(); ++si) {
    const Sentence& s = system.sentences[si];
    for (const Mention& m : s.mentions) {
      if (!m.resolved_reference) continue;
      // A description of two actors ("both countries") is not scored: GUM clusters it with
      // the coordination ("Russia and China"), which is no mention of kg's.
      if (!m.also.empty()) continue;
      std::vector<std::string> w;
      for (std::size_t i = m.first; i < m.last && i < s.tokens.size(); ++i) w.push_back(lower(s.tokens[i].form));
      // A pronoun's kind from its word; anything else resolved is a description.
      std::string kind = w.size() == 1 ? pronounKind(w[0]) : "";
      if (kind.empty()) kind = "description";
      CorefDecision d;
      d.document = gold.document.name;
      d.sentence = si;
      d.kind = kind;
      d.anaphor = wordsOf(s, m.first, m.last);
      std::size_t asi = 0, afirst = 0, alast = 0;
      std::size_t ante = npos;
      if (index.locate(m.begin, m.end, asi, afirst, alast)) {
        d.antecedent = wordsOf(gsents[asi], afirst, alast);
        ante = index.map(asi, afirst, alast, true);
      }
      d.antecedent += " = " + m.canonical;
      std::size_t a = index.map(si, m.last - 1, m.last);
      bool correct = false;
      if (a != npos) {
        if (ante != npos && ante != a && gm[ante].cluster == gm[a].cluster) correct = true;
        if (!correct && earlierRecognised(a, &m.canonical) != npos) correct = true;
        std::size_t g = npos;
        for (std::size_t j = 0; j < gm.size(); ++j)
          if (j != a && gm[j].cluster == gm[a].cluster && index.before(j, a)) g = j;
        if (g != npos) d.gold = wordsOf(gsents[gm[g].sentence], gm[g].first, gm[g].last);
      }
      d.correct = correct;
      KindCounts& c = score.by_kind[kind];
      ++c.resolved;
      ++score.total.resolved;
      if (correct) {
        ++c.correct;
        ++score.total.correct;
        if (eligible[a]) {
          found[a] = true;
          ++c.correct_gold;
          ++score.total.correct_gold;
        }
      }
      score.decisions.push_back(std::move(d));
    }
  }
  for (std::size_t k = 0; k < gm.size(); ++k) {
    if (!eligible[k] || found[k]) continue;
    CorefDecision d;
    d.document = gold.document.name;
    d.sentence = gm[k].sentence;
    d.kind = kinds[k];
    d.anaphor = wordsOf(gsents[gm[k].sentence], gm[k].first, gm[k].last);
    std::size_t e = earlierRecognised(k, nullptr);
    d.antecedent = wordsOf(gsents[gm[e].sentence], gm[e].first, gm[e].last) + " = " + recognised[e].front();
    d.gold = d.antecedent;
    score.missed.push_back(std::move(d));
  }
  return score;
}

}  // namespace kg::extract::coref
