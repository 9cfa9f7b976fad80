#include "extract/nlp/parse_eval.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "graph/error.h"

namespace kg::extract {
namespace {

// A surface token: its byte span and the words it holds (global word indices).
struct SurfaceToken {
  Span span;
  std::size_t first = 0;  // first word (global index)
  std::size_t last = 0;   // one past the last word
  bool multiword = false;
};

// A word as the metrics see it.
struct WordView {
  const Token* token = nullptr;
  std::size_t head = 0;  // global index of the head word + 1; 0 = root
};

// The words of `sentences` in order, with heads as global indices (+1, 0 = root).
std::vector<WordView> wordsOf(const std::vector<Sentence>& sentences) {
  std::vector<WordView> out;
  for (const Sentence& s : sentences) {
    std::size_t base = out.size();
    for (const Token& t : s.tokens) {
      WordView w;
      w.token = &t;
      w.head = t.head > 0 && static_cast<std::size_t>(t.head) <= s.tokens.size() ? base + static_cast<std::size_t>(t.head) : 0;
      out.push_back(w);
    }
  }
  return out;
}

// The surface tokens of the sentences: multiword ranges whole, other words alone.
// Spans come from `spans` when given (gold: one per surface token, in order), else
// from the tokens' raw offsets (system).
std::vector<SurfaceToken> surfaceOf(const std::vector<Sentence>& sentences, const std::vector<Span>* spans) {
  std::vector<SurfaceToken> out;
  std::size_t base = 0;
  for (const Sentence& s : sentences) {
    std::size_t i = 0;
    while (i < s.tokens.size()) {
      SurfaceToken t;
      t.first = base + i;
      t.last = base + i + 1;
      for (const MultiwordToken& m : s.multiword) {
        if (m.first == static_cast<int>(i) + 1 && m.last >= m.first &&
            static_cast<std::size_t>(m.last) <= s.tokens.size()) {
          t.last = base + static_cast<std::size_t>(m.last);
          t.multiword = true;
          break;
        }
      }
      std::size_t words = t.last - t.first;
      if (!spans) t.span = {s.tokens[i].begin, s.tokens[i + words - 1].end};
      out.push_back(t);
      i += words;
    }
    base += s.tokens.size();
  }
  if (spans) {
    if (spans->size() != out.size())
      throw Error("eval parse: " + std::to_string(out.size()) + " gold tokens but " +
                  std::to_string(spans->size()) + " placed in the rebuilt text");
    for (std::size_t k = 0; k < out.size(); ++k) out[k].span = (*spans)[k];
  }
  return out;
}

std::string lowerForm(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Aligns the words of two tokens with equal spans: one to one, or by the longest
// common subsequence of lower-cased forms when either is a multiword token.
void alignWords(const SurfaceToken& g, const SurfaceToken& s, const std::vector<WordView>& gw,
                const std::vector<WordView>& sw, std::vector<std::size_t>& system_of_gold) {
  const std::size_t n = g.last - g.first, m = s.last - s.first;
  if (!g.multiword && !s.multiword) {
    system_of_gold[g.first] = s.first;
    return;
  }
  std::vector<std::vector<std::size_t>> lcs(n + 1, std::vector<std::size_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      lcs[i][j] = lowerForm(gw[g.first + i].token->form) == lowerForm(sw[s.first + j].token->form)
                      ? lcs[i + 1][j + 1] + 1
                      : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::size_t i = 0, j = 0;
  while (i < n && j < m) {
    if (lowerForm(gw[g.first + i].token->form) == lowerForm(sw[s.first + j].token->form)) {
      system_of_gold[g.first + i] = s.first + j;
      ++i;
      ++j;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      ++i;
    } else {
      ++j;
    }
  }
}

PrfScore finish(std::size_t gold, std::size_t system, std::size_t correct) {
  PrfScore p;
  p.gold = gold;
  p.system = system;
  p.correct = correct;
  p.precision = system ? 100.0 * static_cast<double>(correct) / static_cast<double>(system) : 0.0;
  p.recall = gold ? 100.0 * static_cast<double>(correct) / static_cast<double>(gold) : 0.0;
  p.f1 = p.precision + p.recall > 0 ? 2 * p.precision * p.recall / (p.precision + p.recall) : 0.0;
  return p;
}

std::string universalRelation(const std::string& deprel) { return deprel.substr(0, deprel.find(':')); }

}  // namespace

std::string universalFeatures(const std::string& feats) {
  static const char* kUniversal[] = {"PronType", "NumType", "Poss",     "Reflex",  "Foreign", "Abbr",
                                     "Typo",     "Gender",  "Animacy",  "NounClass", "Number", "Case",
                                     "Definite", "Degree",  "VerbForm", "Mood",    "Tense",   "Aspect",
                                     "Voice",    "Evident", "Polarity", "Person",  "Polite",  "Clusivity"};
  if (feats.empty() || feats == "_") return "_";
  std::vector<std::string> kept;
  std::stringstream ss(feats);
  std::string item;
  while (std::getline(ss, item, '|')) {
    std::string name = item.substr(0, item.find('='));
    if (std::any_of(std::begin(kUniversal), std::end(kUniversal), [&](const char* u) { return name == u; }))
      kept.push_back(item);
  }
  std::sort(kept.begin(), kept.end());
  std::string out;
  for (const auto& k : kept) out += (out.empty() ? "" : "|") + k;
  return out.empty() ? "_" : out;
}

ParseEvaluation evaluateParse(const std::vector<Sentence>& gold, const ConlluText& gold_text,
                              const std::vector<Sentence>& system) {
  if (gold_text.unaligned > 0)
    throw Error("eval parse: " + std::to_string(gold_text.unaligned) +
                " gold tokens could not be placed in the rebuilt text (score with --gold-tokens)");
  ParseEvaluation e;
  SegmentationScore seg = scoreSegmentation(gold_text, system);
  e.tokens = seg.tokens;
  e.sentences = seg.sentences;

  const std::vector<WordView> gw = wordsOf(gold), sw = wordsOf(system);
  const std::vector<SurfaceToken> gt = surfaceOf(gold, &gold_text.tokens), st = surfaceOf(system, nullptr);
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> system_of_gold(gw.size(), kNone);
  // Both token lists are in text order: walk them together.
  std::size_t a = 0, b = 0;
  while (a < gt.size() && b < st.size()) {
    if (gt[a].span == st[b].span) {
      alignWords(gt[a], st[b], gw, sw, system_of_gold);
      ++a;
      ++b;
    } else if (gt[a].span.first < st[b].span.first ||
               (gt[a].span.first == st[b].span.first && gt[a].span.second < st[b].span.second)) {
      ++a;
    } else {
      ++b;
    }
  }
  std::vector<std::size_t> gold_of_system(sw.size(), kNone);
  for (std::size_t g = 0; g < gw.size(); ++g)
    if (system_of_gold[g] != kNone) gold_of_system[system_of_gold[g]] = g;

  std::size_t aligned = 0, upos = 0, xpos = 0, ufeats = 0, lemmas = 0, uas = 0, las = 0;
  for (std::size_t g = 0; g < gw.size(); ++g) {
    std::size_t s = system_of_gold[g];
    if (s == kNone) continue;
    const Token& gt_ = *gw[g].token;
    const Token& st_ = *sw[s].token;
    ++aligned;
    upos += gt_.upos == st_.upos;
    xpos += gt_.xpos == st_.xpos;
    ufeats += universalFeatures(gt_.feats) == universalFeatures(st_.feats);
    lemmas += gt_.lemma == st_.lemma;
    bool head = (gw[g].head == 0 && sw[s].head == 0) ||
                (gw[g].head != 0 && sw[s].head != 0 && gold_of_system[sw[s].head - 1] == gw[g].head - 1);
    if (head) {
      ++uas;
      las += universalRelation(gt_.deprel) == universalRelation(st_.deprel);
    }
  }
  e.words = finish(gw.size(), sw.size(), aligned);
  e.upos = finish(gw.size(), sw.size(), upos);
  e.xpos = finish(gw.size(), sw.size(), xpos);
  e.ufeats = finish(gw.size(), sw.size(), ufeats);
  e.lemmas = finish(gw.size(), sw.size(), lemmas);
  e.uas = finish(gw.size(), sw.size(), uas);
  e.las = finish(gw.size(), sw.size(), las);
  return e;
}

}  // namespace kg::extract
