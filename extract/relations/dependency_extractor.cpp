// The "dependency" relation extractor: rules over UD trees (see README.md in this
// folder). Every rule reads one construction and names itself in Triple::extractor.
#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "extract/relations/lexicon.h"
#include "extract/relations/relation_extractor.h"
#include "extract/relations/verb_forms.h"
#include "graph/error.h"

namespace kg::extract {
namespace {

using graph::ActorType;
using graph::ByteSpan;
using graph::Modality;
using graph::Triple;
using relations::Lexicon;

// One argument of a relation: an actor or a concrete noun phrase.
struct Arg {
  std::string name;         // canonical name (actor) or trimmed noun phrase
  std::string text;         // words in the sentence
  ActorType type = ActorType::Other;  // actor type
  ByteSpan span;            // raw bytes of `text` (antecedent's when resolved)
  double confidence = 1.0;  // how sure the argument is
  bool actor = false;       // a resolved actor mention
  std::string affiliation;  // country (or organisation) of a GROUP
  std::string role;         // role of a PERSON ("foreign minister of Russia")
  int mention = -1;         // index in Sentence::mentions, -1 = none
};

// The argument for a resolved actor mention (index `m` in Sentence::mentions).
Arg actorArg(const Mention& men, int m) {
  Arg a;
  a.name = men.canonical;
  a.text = men.text;
  a.type = men.type;
  a.span = {men.begin, men.end};
  if (!men.name_text.empty()) {  // the name, not its title: "Sergei Lavrov"
    a.text = men.name_text;
    a.span.begin = men.name_begin;
  }
  a.confidence = men.confidence;
  a.actor = true;
  a.affiliation = men.affiliation;
  a.role = men.role;
  a.mention = m;
  return a;
}

// Who fills the subject slots of a predicate.
struct Roles {
  std::vector<int> agents;    // doers (nsubj, obl:agent, controllers)
  std::vector<int> patients;  // undergoers of a passive (nsubj:pass)
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The lemma of a token in lower case, its form when it has none.
std::string lemmaOf(const Token& t) {
  return lower(t.lemma.empty() || t.lemma == "_" ? t.form : t.lemma);
}

std::string baseRel(const std::string& deprel) { return deprel.substr(0, deprel.find(':')); }

bool hasFeature(const Token& t, std::string_view feat) {
  return t.feats.find(feat) != std::string::npos;
}

// Everything the rules ask of one sentence's tree.
class Tree {
 public:
  Tree(const Sentence& s) : s_(s), heads_(s.tokens.size(), -1), kids_(s.tokens.size()) {
    ok_ = !s.tokens.empty();
    const int n = static_cast<int>(s.tokens.size());
    for (int i = 0; i < n; ++i) {
      int h = s.tokens[i].head;
      if (h < 0 || h > n || h == i + 1) {
        ok_ = false;
        return;
      }
      heads_[i] = h - 1;
    }
    // A cycle would make the upward walks loop: check that every token reaches the root.
    for (int i = 0; i < n && ok_; ++i) {
      int cur = i, steps = 0;
      while (cur >= 0 && steps <= n) cur = head(cur), ++steps;
      if (steps > n) ok_ = false;
    }
    if (!ok_) return;
    for (int i = 0; i < n; ++i) {
      if (base(i) == "appos") reattachAppositive(i);
    }
    for (int i = 0; i < n; ++i) {
      if (heads_[i] >= 0) kids_[heads_[i]].push_back(i);
    }
  }
  bool ok() const { return ok_; }
  int size() const { return static_cast<int>(s_.tokens.size()); }
  const Token& tok(int i) const { return s_.tokens[i]; }
  int head(int i) const { return heads_[i]; }  // -1 = root
  const std::vector<int>& kids(int i) const { return kids_[i]; }
  const std::string& deprel(int i) const { return s_.tokens[i].deprel; }
  std::string base(int i) const { return baseRel(s_.tokens[i].deprel); }
  const std::string& upos(int i) const { return s_.tokens[i].upos; }
  std::string lemma(int i) const {
    const Token& t = s_.tokens[i];
    if (t.upos == "VERB" || t.upos == "AUX")
      if (const char* irregular = verbs::irregularLemma(lower(t.form))) return irregular;
    return lemmaOf(t);
  }
  std::string form(int i) const { return lower(s_.tokens[i].form); }
  // Children with exactly this deprel (or this base relation when `any_subtype`).
  std::vector<int> kidsWith(int i, std::string_view rel, bool any_subtype = false) const {
    std::vector<int> out;
    for (int k : kids_[i])
      if (deprel(k) == rel || (any_subtype && base(k) == rel)) out.push_back(k);
    return out;
  }
  int firstKid(int i, std::string_view rel) const {
    for (int k : kids_[i])
      if (deprel(k) == rel) return k;
    return -1;
  }
  // The preposition of a nominal: its case child, with fixed parts ("out of"); "" = none.
  std::string prep(int i) const {
    for (int k : kids_[i]) {
      if (base(k) != "case") continue;
      std::string p = form(k);
      for (int f : kids_[k])
        if (base(f) == "fixed") p += "-" + form(f);
      return p;
    }
    return "";
  }
  bool isVerb(int i) const { return upos(i) == "VERB"; }
  bool isNominal(int i) const {
    return upos(i) == "NOUN" || upos(i) == "PROPN" || upos(i) == "PRON" || upos(i) == "NUM";
  }
  bool isPassive(int i) const {
    for (int k : kids_[i])
      if (deprel(k) == "aux:pass" || deprel(k) == "nsubj:pass" || deprel(k) == "obl:agent")
        return true;
    return false;
  }
  bool isRelativizer(int i) const {
    const std::string l = lemma(i);
    return hasFeature(tok(i), "PronType=Rel") ||
           ((l == "who" || l == "which" || l == "that" || l == "whom") &&
            (upos(i) == "PRON" || upos(i) == "DET"));
  }
  // Conjuncts: i and its conj children, recursively.
  std::vector<int> withConjuncts(int i) const {
    std::vector<int> out{i};
    for (std::size_t j = 0; j < out.size() && out.size() < 64; ++j)
      for (int k : kids_[out[j]])
        if (base(k) == "conj") out.push_back(k);
    return out;
  }

 private:
  // An appositive is a noun beside a noun. One the parser hangs on a verb ("led by
  // Ahmad Massoud, a son of Ahmad Shah Massoud (1953-2001), a once influential
  // leader", after the parenthesis) goes to the nearest name or noun before it,
  // outside parentheses (the head of a flat name or compound).
  void reattachAppositive(int a) {
    const int h = heads_[a];
    if (h < 0 || (upos(h) != "VERB" && upos(h) != "AUX")) return;
    int first = a;  // the appositive's first word
    for (int k = a - 1; k >= 0; --k) {
      if (inSubtree(k, a)) first = k;
    }
    int depth = 0;
    for (int j = first - 1; j >= 0; --j) {
      const std::string& f = s_.tokens[j].form;
      if (f == ")") ++depth;
      if (f == "(" && depth > 0) --depth;
      if (depth > 0 || upos(j) == "PUNCT") continue;
      if (upos(j) != "PROPN" && upos(j) != "NOUN") return;
      int noun = j;
      while (heads_[noun] >= 0 && (base(noun) == "flat" || base(noun) == "compound"))
        noun = heads_[noun];
      if (inSubtree(noun, a)) return;
      heads_[a] = noun;
      return;
    }
  }
  // True when `k` is `top` or below it.
  bool inSubtree(int k, int top) const {
    for (int cur = k, steps = 0; cur >= 0 && steps <= size(); cur = heads_[cur], ++steps) {
      if (cur == top) return true;
    }
    return false;
  }

  const Sentence& s_;
  std::vector<int> heads_;  // by token: its head (-1 = root), appositives re-attached
  std::vector<std::vector<int>> kids_;
  bool ok_ = true;
};

class DependencyExtractor : public RelationExtractor {
 public:
  explicit DependencyExtractor(const RelationOptions& options)
      : options_(options),
        lex_(Lexicon::load(options.data_dir.empty() ? std::string(KG_DATA_DIR)
                                                    : options.data_dir)) {}

  std::vector<Triple> extract(const Document& doc, const Sentence& s) const override;

 private:
  RelationOptions options_;
  Lexicon lex_;
  friend class SentenceRun;
};

// The work on one sentence: the rules, and the triples they emit.
class SentenceRun {
 public:
  SentenceRun(const DependencyExtractor& ex, const Document& doc, const Sentence& s)
      : lex_(ex.lex_), opts_(ex.options_), doc_(doc), s_(s), t_(s) {}

  std::vector<Triple> run();

 private:
  // --- arguments ---
  int mentionAt(int i) const;
  std::optional<Arg> arg(int i, int depth = 0) const;
  std::vector<Arg> args(const std::vector<int>& tokens) const;
  std::string nameOf(int lo, int hi, int own) const;
  std::vector<Arg> distributed(int i, const Arg& a) const;
  std::optional<std::string> demonstrativeName(int i) const;
  // --- predicate properties ---
  Roles roles(int v, int depth = 0) const;
  std::vector<int> controller(int matrix) const;
  int intentionObject(int matrix) const;
  int personRelative(int rel, int noun) const;
  // Whether predicate v is negated; `arguments`: also by a "no"/"neither" on its subject
  // or object.
  bool negated(int v, int depth = 0, bool arguments = true) const;
  int clauseNumber(int v) const;
  bool objectControls(const std::string& mark, const std::string& verb) const;
  int headlineClaimant(int v) const;
  int agreeingNoun(int v, int noun) const;
  // Whether conjunct v is a bare verb that shares the auxiliary of its head conjunct h
  // ("will not attack Kabul or seize its airport").
  bool sharesAuxiliary(int v, int h) const;
  Modality ownModality(int v, int depth = 0) const;
  bool conditional(int v) const;
  std::optional<std::string> speaker(int v) const;
  // --- rules ---
  void verbRules(int v);
  void lightVerb(int v, int noun, const std::string& noun_prep, const std::vector<Arg>& subjects,
                 bool& used);
  void copulaRule(int p);
  void nominalPredicate(const std::vector<Arg>& subjects, int p, int pred_verb,
                        const char* rule);
  void apposRule(int a);
  void roleTitleRule(int m);
  void eventNounRule(int n);
  bool otherSideNamed(int v) const;
  void mutual(const std::vector<Arg>& sides, const std::string& relation, const std::string& lemma,
              int pred, double rule_conf, const char* rule);
  // --- output ---
  void emit(const Arg& subj, const std::string& relation, const std::string& lemma,
            const Arg& obj, int pred, double rule_conf, const std::string& rule,
            std::optional<bool> neg = std::nullopt);
  std::string roleRelation(int noun) const;
  std::optional<Arg> roleObject(int noun) const;
  ActorType actorType(const std::string& canonical) const;

  const Lexicon& lex_;
  const RelationOptions& opts_;
  const Document& doc_;
  const Sentence& s_;
  Tree t_;
  std::vector<Triple> out_;
  std::set<int> light_nouns_;          // nouns consumed by a light-verb rule
};

// ---------------------------------------------------------------- arguments

int SentenceRun::mentionAt(int i) const {
  for (std::size_t m = 0; m < s_.mentions.size(); ++m) {
    const Mention& men = s_.mentions[m];
    if (men.first <= static_cast<std::size_t>(i) && static_cast<std::size_t>(i) < men.last &&
        men.last <= s_.tokens.size())
      return static_cast<int>(m);
  }
  return -1;
}

// The name of the phrase over tokens [lo, hi] (mention `own` being the phrase's own):
// its words, a description resolved to an actor written as that actor ("conflict in
// that country" -> "conflict in Afghanistan"), its determiner dropped. A plural's bare
// possessive apostrophe after such an actor becomes "'s" ("the militants' leadership" ->
// "Taliban's leadership").
std::string SentenceRun::nameOf(int lo, int hi, int own) const {
  std::string name;
  bool after_actor = false;  // the last words written were a resolved description's actor
  for (int k = lo; k <= hi; ++k) {
    int km = mentionAt(k);
    int next = k < hi ? mentionAt(k + 1) : -1;
    auto described = [&](int mi) {
      const Mention& men = s_.mentions[static_cast<std::size_t>(mi)];
      return mi != own && men.resolved_reference && !men.canonical.empty() &&
             static_cast<int>(men.last) - 1 <= hi && t_.upos(static_cast<int>(men.last) - 1) != "PRON";
    };
    if (t_.upos(k) == "DET" && km < 0 && next >= 0 && described(next) &&
        static_cast<int>(s_.mentions[static_cast<std::size_t>(next)].first) == k + 1)
      continue;
    int last = k;
    const std::string& form = s_.tokens[static_cast<std::size_t>(k)].form;
    if (km >= 0 && described(km) && static_cast<int>(s_.mentions[static_cast<std::size_t>(km)].first) == k) {
      name += s_.mentions[static_cast<std::size_t>(km)].canonical;
      last = static_cast<int>(s_.mentions[static_cast<std::size_t>(km)].last) - 1;
      after_actor = true;
    } else {
      name += form;
      if (after_actor && (form == "'" || form == "\xE2\x80\x99") && name.size() > form.size() &&
          name[name.size() - form.size() - 1] != 's')
        name += 's';
      after_actor = false;
    }
    if (last < hi && s_.tokens[static_cast<std::size_t>(last)].space_after) name += ' ';
    k = last;
  }
  return name;
}

// Resolved actor first, else a concrete noun phrase trimmed to its head and key
// modifiers; nullopt for pronouns, abstract and temporal nouns.
std::optional<Arg> SentenceRun::arg(int i, int depth) const {
  if (depth > 4 || i < 0) return std::nullopt;
  const int m = mentionAt(i);
  if (m >= 0) {
    const Mention& men = s_.mentions[m];
    // A mention only counts for its own head word, not for a noun it modifies
    // ("Taliban" in "Taliban fighters" is no argument of "occupied").
    int mh = -1;
    for (std::size_t k = men.first; k < men.last; ++k) {
      int h = t_.head(static_cast<int>(k));
      if (h < static_cast<int>(men.first) || h >= static_cast<int>(men.last)) {
        mh = static_cast<int>(k);
        break;
      }
    }
    if (mh == i || t_.upos(i) == "PRON") {
      if (men.canonical.empty()) {
        if (t_.upos(i) == "PRON") return std::nullopt;
      } else {
        return actorArg(men, m);
      }
    }
    // A second word of the mention that the parse hangs on the same word as the mention's
    // head (two subjects for "US , British and French troops attacked"), or a conjunct
    // inside it ("Uzbek" of "with Tajik and Uzbek forces", whose groups the mention
    // holds): the mention counts once, by its head. ("South Korea" of "North and South
    // Korea exchanged", whose "South" hangs on "North", stays the phrase's.)
    // Nor does the group noun that ends a group mention, hung elsewhere by the parser
    // ("hold exercises with Tajik and Uzbek [forces]" as a second object of "hold").
    if (!men.canonical.empty() && mh >= 0 && mh != i) {
      const int ih = t_.head(i);
      const bool conj_inside = t_.base(i) == "conj" && ih >= static_cast<int>(men.first) &&
                               ih < static_cast<int>(men.last);
      const bool group_tail = mh < i && i + 1 == static_cast<int>(men.last) &&
                              men.type == ActorType::Group && t_.upos(i) == "NOUN";
      if (ih == t_.head(mh) || conj_inside || group_tail) return std::nullopt;
    }
  }
  const std::string lem = t_.lemma(i);
  const std::string& up = t_.upos(i);
  // "interfere in what is happening in Afghanistan": the place where it happens.
  if (up == "PRON" && lem == "what")
    for (int v : t_.kids(i))
      if (t_.deprel(v) == "acl:relcl" && lex_.event_verbs.count(t_.lemma(v)))
        for (int k : t_.kids(v))
          if (t_.base(k) == "obl" && t_.prep(k) == "in" && mentionAt(k) >= 0)
            return arg(k, depth + 1);
  // "85% of the territory", "a wave of refugees", "the city of Islam-Qala". A fraction of
  // a place stays a fraction ("control 85% of Afghanistan" is not control of Afghanistan):
  // the phrase below, with its number.
  const bool fraction = lex_.fraction_nouns.count(lem) > 0;
  bool fraction_of_place = false;
  if (lex_.quantity_nouns.count(lem) || up == "NUM") {
    for (int k : t_.kids(i)) {
      if (t_.base(k) != "nmod" || t_.prep(k) != "of") continue;
      const int km = mentionAt(k);
      fraction_of_place = fraction && km >= 0 &&
                          !s_.mentions[static_cast<std::size_t>(km)].canonical.empty() &&
                          (s_.mentions[static_cast<std::size_t>(km)].type == ActorType::Country ||
                           s_.mentions[static_cast<std::size_t>(km)].type == ActorType::Location);
      if (!fraction_of_place) return arg(k, depth + 1);
      break;
    }
  }
  if ((lex_.quantity_nouns.count(lem) || up == "NUM") && !fraction_of_place) {
    // "Afghanistan's domestic affairs" -> Afghanistan
    for (int k : t_.kids(i))
      if (t_.deprel(k) == "nmod:poss" && t_.upos(k) != "PRON" && mentionAt(k) >= 0)
        return arg(k, depth + 1);
    if (up == "NUM") return std::nullopt;
  }
  if (up != "NOUN" && up != "PROPN" && !fraction_of_place) return std::nullopt;
  // "Swedish captain Andreas Granqvist", "the president, Ashraf Ghani": a word without an
  // actor that the parser made the head of the name after it stands for that name's actor.
  if (m < 0)
    for (int k : t_.kids(i)) {
      if (k < i || (t_.base(k) != "flat" && t_.base(k) != "appos")) continue;
      // The name's head word ("Umar" of "their founding father, Mullah Umar").
      const int km = mentionAt(k);
      if (km >= 0 && !s_.mentions[static_cast<std::size_t>(km)].canonical.empty())
        if (auto a = arg(k, depth + 1); a && a->actor) return a;
      break;
    }
  if (lex_.abstract_nouns.count(lem) || lex_.time_nouns.count(lem)) return std::nullopt;
  if (t_.deprel(i) == "obl:tmod" || t_.deprel(i) == "obl:npmod") return std::nullopt;

  // The head, its compounds and flat names, and its descriptive adjectives.
  static const std::set<std::string> kSkipAdj = {"other", "such", "own", "more", "many",
                                                 "much", "several", "same", "certain",
                                                 "various", "few", "whole", "entire", "only"};
  int lo = i, hi = i;
  std::string affiliation;
  std::function<void(int)> take = [&](int h) {
    for (int k : t_.kids(h)) {
      const std::string b = t_.base(k);
      bool keep = b == "compound" || b == "flat" ||
                  (b == "amod" && !kSkipAdj.count(t_.lemma(k)) && k < i) ||
                  (b == "nummod" && h == i && fraction_of_place);
      if (!keep) continue;
      if (k < lo - 8 || k > hi + 8) continue;  // far away: a parse error
      lo = std::min(lo, k);
      hi = std::max(hi, k);
      int km = mentionAt(k);
      if (km >= 0 && b == "amod" && !s_.mentions[km].canonical.empty() &&
          s_.mentions[km].type == ActorType::Country && affiliation.empty())
        affiliation = s_.mentions[km].canonical;
      take(k);
    }
  };
  take(i);
  // Keep an actor possessor: "Afghanistan's domestic affairs", "the Taliban's political office".
  for (int k : t_.kids(i)) {
    if (t_.deprel(k) != "nmod:poss" || k > i || k < lo - 6) continue;
    int km = mentionAt(k);
    if (km < 0 || s_.mentions[km].canonical.empty() || t_.upos(k) == "PRON") continue;
    lo = std::min(lo, static_cast<int>(s_.mentions[km].first));
  }
  // Keep a prepositional modifier naming an actor: "situation in Afghanistan".
  for (int k : t_.kids(i)) {
    if (t_.base(k) != "nmod" || k < i) continue;
    const std::string p = t_.prep(k);
    if (p != "in" && p != "of" && p != "with" && p != "on") continue;
    int km = mentionAt(k);
    if (km < 0 || s_.mentions[km].canonical.empty() || t_.upos(k) == "PRON") continue;
    int last = static_cast<int>(s_.mentions[km].last) - 1;
    // Only when it follows the head directly: "situation in Afghanistan".
    int case_tok = -1;
    for (int c : t_.kids(k))
      if (t_.base(c) == "case") case_tok = c;
    bool adjacent = case_tok >= 0 && case_tok <= hi + 2;
    if (adjacent) hi = std::max(hi, last);
    break;
  }
  // Trim leading/trailing punctuation and determiners.
  while (lo < i && (t_.upos(lo) == "PUNCT" || t_.upos(lo) == "DET")) ++lo;
  while (hi > i && t_.upos(hi) == "PUNCT") --hi;
  Arg a;
  for (int k = lo; k <= hi; ++k) {
    a.text += s_.tokens[k].form;
    if (k < hi && s_.tokens[k].space_after) a.text += ' ';
  }
  if (m >= 0 && s_.mentions[m].canonical.empty() && !s_.mentions[m].text.empty())
    a.text = s_.mentions[m].text;
  a.name = nameOf(lo, hi, m);
  if (m < 0 && lo <= i && hi == i)
    if (auto earlier = demonstrativeName(i)) a.name = *earlier;
  a.span = {s_.tokens[lo].begin, s_.tokens[hi].end};
  a.confidence = 0.8;
  a.affiliation = affiliation;
  a.type = affiliation.empty() ? ActorType::Other : ActorType::Group;
  if (m >= 0) {
    a.type = s_.mentions[m].type;
    a.mention = m;
    if (!s_.mentions[m].affiliation.empty()) a.affiliation = s_.mentions[m].affiliation;
  }
  return a;
}

// "this situation" after "the situation in Afghanistan": the name of the nearest
// phrase of the two sentences before with the same noun and an actor after "in" or
// "of" ("situation in Afghanistan"); nullopt when noun i has no demonstrative.
std::optional<std::string> SentenceRun::demonstrativeName(int i) const {
  bool demonstrative = false;
  for (int k : t_.kids(i))
    if (t_.base(k) == "det" && (t_.lemma(k) == "this" || t_.lemma(k) == "that"))
      demonstrative = true;
  const auto& all = doc_.sentences;
  if (!demonstrative || all.empty() || &s_ < all.data() || &s_ >= all.data() + all.size())
    return std::nullopt;
  const std::string noun = t_.lemma(i);
  const auto here = static_cast<std::size_t>(&s_ - all.data());
  for (std::size_t back = 1; back <= 2 && back <= here; ++back) {
    const Sentence& p = all[here - back];
    for (std::size_t k = p.tokens.size(); k-- > 0;) {
      if (p.tokens[k].upos != "NOUN" || lemmaOf(p.tokens[k]) != noun) continue;
      for (std::size_t j = k + 1; j < p.tokens.size(); ++j) {
        if (p.tokens[j].head != static_cast<int>(k) + 1 || p.tokens[j].deprel != "nmod") continue;
        std::string prep;
        for (const Token& c : p.tokens)
          if (c.head == static_cast<int>(j) + 1 && c.deprel == "case") prep = lower(c.form);
        if (prep != "in" && prep != "of") continue;
        for (const Mention& men : p.mentions)
          if (men.first <= j && j < men.last && !men.canonical.empty() &&
              men.type != ActorType::Other)
            return p.tokens[k].form + " " + prep + " " + men.canonical;
      }
    }
  }
  return std::nullopt;
}

std::vector<Arg> SentenceRun::args(const std::vector<int>& tokens) const {
  std::vector<Arg> out;
  for (int i : tokens) {
    auto a = arg(i);
    if (!a) continue;
    // "his Chinese counterpart Xi Jinping" parsed as two arguments, "the US envoy for
    // Afghanistan Zalmay Khalilzad" with the envoy as the argument: a relational noun right
    // before a person's name, or before a prepositional actor and the name, is that person,
    // named once.
    if (a->mention < 0 && lex_.relational_nouns.count(t_.lemma(i))) {
      const int n = static_cast<int>(s_.tokens.size());
      int at = i + 1;
      if (at + 1 < n && (t_.lemma(at) == "for" || t_.lemma(at) == "to" || t_.lemma(at) == "of")) {
        int k = at + 1;
        if (k < n && t_.lemma(k) == "the") ++k;
        const int km = k < n ? mentionAt(k) : -1;
        const Mention* actor = km >= 0 ? &s_.mentions[static_cast<std::size_t>(km)] : nullptr;
        if (actor && actor->type != ActorType::Person && actor->first == static_cast<std::size_t>(k))
          at = static_cast<int>(actor->last);
      }
      const int pm = at < n ? mentionAt(at) : -1;
      const Mention* named = pm >= 0 ? &s_.mentions[static_cast<std::size_t>(pm)] : nullptr;
      if (named && named->type == ActorType::Person && named->first == static_cast<std::size_t>(at) &&
          !named->canonical.empty() && !named->resolved_reference) {
        const Arg person = actorArg(*named, pm);
        if (std::none_of(out.begin(), out.end(),
                         [&](const Arg& o) { return o.name == person.name; }) &&
            std::find(tokens.begin(), tokens.end(), at) == tokens.end())
          out.push_back(person);
        continue;
      }
    }
    if (a->mention < 0) {
      auto each = distributed(i, *a);
      if (!each.empty()) {
        out.insert(out.end(), each.begin(), each.end());
        continue;
      }
    }
    out.push_back(*a);
    // "the two countries": each of the two actors the description names.
    if (a->mention >= 0 && a->actor)
      for (const OtherActor& other : s_.mentions[static_cast<std::size_t>(a->mention)].also) {
        Arg b = *a;
        b.name = other.canonical;
        b.type = other.type;
        b.affiliation = other.affiliation;
        b.role.clear();
        out.push_back(std::move(b));
      }
  }
  return out;
}

// A phrase whose "on"/"against" modifier is coordinated, one per conjunct: "attacks on
// civilians, schools and mosques" -> "attacks on civilians", "attacks on schools", ...
// Empty when the phrase `a` of noun i has no such modifier. The text of each runs from
// the phrase to its conjunct, as written.
std::vector<Arg> SentenceRun::distributed(int i, const Arg& a) const {
  std::vector<Arg> out;
  for (int k : t_.kids(i)) {
    if (t_.base(k) != "nmod" || k < i || (t_.prep(k) != "on" && t_.prep(k) != "against")) continue;
    const std::vector<int> conjuncts = t_.withConjuncts(k);
    if (conjuncts.size() < 2) continue;
    for (int c : conjuncts) {
      const int cm = mentionAt(c);
      if (cm >= 0 || (t_.upos(c) != "NOUN" && t_.upos(c) != "PROPN")) return {};
      Arg each = a;
      each.name = a.name + " " + t_.prep(k) + " " + t_.form(c);
      each.text.clear();
      for (int w = i; w <= c; ++w) {
        each.text += s_.tokens[w].form;
        if (w < c && s_.tokens[w].space_after) each.text += ' ';
      }
      each.span = {s_.tokens[i].begin, s_.tokens[c].end};
      out.push_back(std::move(each));
    }
    return out;
  }
  return out;
}

// ---------------------------------------------------------------- predicates

// The object of `matrix` when it is a noun of intention ("have no plans to usurp"),
// else -1.
int SentenceRun::intentionObject(int matrix) const {
  for (int k : t_.kidsWith(matrix, "obj"))
    if (lex_.intention_nouns.count(t_.lemma(k))) return k;
  return -1;
}

std::vector<int> SentenceRun::controller(int matrix) const {
  // "they have no plans to usurp power": the subject has the plan.
  if (intentionObject(matrix) >= 0) {
    Roles r = roles(matrix, 1);
    if (!r.agents.empty()) return r.agents;
  }
  std::vector<int> objs = t_.kidsWith(matrix, "obj");
  if (objs.empty()) objs = t_.kidsWith(matrix, "iobj");
  if (!objs.empty()) return t_.withConjuncts(objs.front());
  // "called on the Chinese to invest": the prepositional object controls.
  for (int k : t_.kids(matrix))
    if (t_.base(k) == "obl" && (t_.prep(k) == "on" || t_.prep(k) == "upon"))
      return t_.withConjuncts(k);
  Roles r = roles(matrix, 1);
  return r.agents.empty() ? r.patients : r.agents;
}

// Whether the object of `verb` is the subject of its "-ing" clause after `mark`: "warned
// the Taliban against attacking" (any verb), "prevented them from entering" (prevention
// verbs), "thanked Russia for helping", "accused the US of destabilising" (verbs of
// praise and blame); not "get a baseline from asking", "lead the party for working
// Americans".
bool SentenceRun::objectControls(const std::string& mark, const std::string& verb) const {
  const std::string m = lower(mark);
  if (m == "against") return true;
  if (m == "from") return lex_.prevention_verbs.count(verb) > 0;
  if (m == "of" || m == "for")
    return lex_.accusation_verbs.count(verb) > 0 || lex_.praise_verbs.count(verb) > 0;
  return false;
}

// A headline's "X: V ...": "Taliban: Control 85% of Afghanistan" is what the Taliban
// claim to do. For a finite or bare verb without a subject, read as the parataxis of a
// root noun without a copula or subject, with the colon between them: that noun;
// otherwise -1.
int SentenceRun::headlineClaimant(int v) const {
  const int h = t_.head(v);
  if (h < 0 || t_.base(v) != "parataxis" || t_.head(h) >= 0 || h > v) return -1;
  if (t_.upos(h) != "PROPN" && t_.upos(h) != "NOUN") return -1;
  if (t_.firstKid(v, "nsubj") >= 0 || t_.firstKid(v, "nsubj:pass") >= 0) return -1;
  // A bare name before the colon, a finite or bare verb after it: not "X is the
  // loophole ...: tapping into our fears".
  if (t_.firstKid(h, "cop") >= 0 || t_.firstKid(h, "nsubj") >= 0) return -1;
  const std::string& x = t_.tok(v).xpos;
  if (x != "VB" && x != "VBP" && x != "VBZ" && x != "VBD") return -1;
  for (int j = h + 1; j < v; ++j)
    if (t_.form(j) == ":") return h;
  return -1;
}

// Grammatical number of a finite clause from its verb or auxiliary: 1 singular ("continues",
// "was"), 2 plural ("continue", "were"), 0 unknown.
int SentenceRun::clauseNumber(int v) const {
  std::vector<int> words = t_.kids(v);
  words.insert(words.begin(), v);
  for (int k : words) {
    if (k != v && t_.base(k) != "aux" && t_.base(k) != "cop") continue;
    const Token& tk = t_.tok(k);
    if (tk.xpos == "VBZ" || lower(tk.form) == "was") return 1;
    if (tk.xpos == "VBP" || lower(tk.form) == "were") return 2;
  }
  return 0;
}

// The noun a relative clause on `noun` is about: `noun`, unless the clause's verb
// disagrees with it in number and the noun it modifies agrees ("an alliance between
// China and Russia that continues against the US" is the alliance's; "a group of
// soldiers that was ..." the group's).
int SentenceRun::agreeingNoun(int v, int noun) const {
  const int number = clauseNumber(v);
  if (number == 0) return noun;
  auto numberOf = [&](int n) {
    if (t_.withConjuncts(n).size() > 1) return 2;
    const std::string& x = t_.tok(n).xpos;
    return x == "NNS" || x == "NNPS" ? 2 : x == "NN" || x == "NNP" ? 1 : 0;
  };
  const int own = numberOf(noun);
  if (own == 0 || own == number || t_.base(noun) != "nmod" || t_.head(noun) < 0) return noun;
  const int up = t_.head(noun);
  return t_.upos(up) == "NOUN" && numberOf(up) == number ? up : noun;
}

// What relativizer `rel` of a clause attached to `noun` stands for. "who" never means a
// country or place: "a citizen of Kazakhstan, who has six deputies" is about the
// citizen; and a predicate noun stands for its subject ("Their leader is a citizen of
// Kazakhstan, who ..." -> "leader"), whether the clause hangs on it or on the place.
// -1 (no argument) when no such noun is found.
int SentenceRun::personRelative(int rel, int noun) const {
  const std::string l = t_.lemma(rel);
  if (l != "who" && l != "whom") return noun;
  // "X, a leader who fought": the person the appositive describes
  if (t_.base(noun) == "appos" && t_.head(noun) >= 0) {
    const int m = mentionAt(t_.head(noun));
    if (m >= 0 && s_.mentions[static_cast<std::size_t>(m)].type == ActorType::Person)
      return t_.head(noun);
  }
  auto place = [&](int k) {
    int m = mentionAt(k);
    if (m < 0) return false;
    ActorType type = s_.mentions[static_cast<std::size_t>(m)].type;
    return type == ActorType::Country || type == ActorType::Location;
  };
  int up = noun;
  for (int step = 0; step < 2 && place(up); ++step) {
    if (t_.base(up) != "nmod" || t_.head(up) < 0) return -1;
    up = t_.head(up);
  }
  if (place(up)) return -1;
  bool copula = false;
  int subject = -1;
  for (int k : t_.kids(up)) {
    if (t_.base(k) == "cop") copula = true;
    if (t_.deprel(k) == "nsubj") subject = k;
  }
  return copula && subject >= 0 ? subject : up;
}

Roles SentenceRun::roles(int v, int depth) const {
  Roles r;
  if (depth > 8) return r;
  auto relHead = [&](int tok) {
    // "who" in a relative clause stands for the noun the clause modifies.
    if (t_.isRelativizer(tok) && t_.base(v) == "acl" && t_.head(v) >= 0)
      return personRelative(tok, agreeingNoun(v, t_.head(v)));
    return tok;
  };
  for (int k : t_.kids(v)) {
    const std::string& d = t_.deprel(k);
    if (d != "nsubj" && d != "obl:agent" && d != "nsubj:pass") continue;
    // A subject takes no preposition: "in negotiations" read as one is a parse error,
    // unless the word may open a clause ("after the administration announced").
    if (d != "obl:agent") {
      const std::string prep = t_.prep(k);
      if (!prep.empty() && !lex_.clause_prepositions.count(lower(prep))) continue;
    }
    const int who = relHead(k);
    if (who < 0) continue;
    for (int c : t_.withConjuncts(who)) (d == "nsubj:pass" ? r.patients : r.agents).push_back(c);
  }
  // "Acting Foreign Minister Amir Khan Muttaqi met ...", parsed with "Acting" as a clausal
  // subject whose object is the name: the name is the subject.
  if (r.agents.empty() && r.patients.empty())
    for (int k : t_.kidsWith(v, "csubj"))
      if (lower(t_.form(k)) == "acting")
        for (int o : t_.kidsWith(k, "obj"))
          for (int c : t_.withConjuncts(o)) r.agents.push_back(c);
  // A passive's "by" phrase is its agent even when labelled plain obl.
  if (r.agents.empty() && t_.isPassive(v))
    for (int k : t_.kids(v))
      if (t_.deprel(k) == "obl" && t_.prep(k) == "by")
        for (int c : t_.withConjuncts(k)) r.agents.push_back(c);
  const int h = t_.head(v);
  if (h < 0) return r;
  const std::string rel = t_.base(v);
  const bool passive = t_.isPassive(v);
  if (rel == "conj") {
    if (r.agents.empty() && r.patients.empty()) {
      Roles hr = roles(h, depth + 1);
      if (passive || (t_.tok(v).xpos == "VBN" && !hr.patients.empty() && hr.agents.empty()))
        r.patients = hr.patients.empty() ? hr.agents : hr.patients;
      else
        r.agents = hr.agents;
    } else if (r.patients.empty() && passive && t_.firstKid(v, "nsubj") < 0) {
      // "was planned by X, financed by Y": each conjunct has its own agent.
      r.patients = roles(h, depth + 1).patients;
    }
    return r;
  }
  // "The Taliban, backed by Pakistan, ...": a passive participle on a noun with its agent.
  // On the agent of another passive it is that passive's conjunct, misread ("planned by
  // British intelligence, financed by Saudi Arabia": the plan is financed).
  if (!r.agents.empty() && r.patients.empty() && t_.deprel(v) == "acl" && passive &&
      t_.head(v) >= 0) {
    const int noun = t_.head(v);
    if (t_.deprel(noun) == "obl:agent" && t_.head(noun) >= 0)
      r.patients = roles(t_.head(noun), depth + 1).patients;
    else
      r.patients = t_.withConjuncts(noun);
  }
  if (!r.agents.empty() || !r.patients.empty()) return r;
  // "The Taliban's foreign minister Amir Khan Muttaqi met the envoy", parsed with the
  // name as the root and "met" as its dep: a finite verb hung on the nominal root before
  // it has that nominal as its subject.
  if (t_.deprel(v) == "dep" && t_.deprel(h) == "root" && h < v && t_.upos(h) == "PROPN" &&
      !passive && (t_.tok(v).xpos == "VBD" || t_.tok(v).xpos == "VBZ" || t_.tok(v).xpos == "VBP")) {
    r.agents = t_.withConjuncts(h);
    return r;
  }
  if (rel == "xcomp") {
    std::vector<int> c = controller(h);
    (passive ? r.patients : r.agents) = c;
  } else if (rel == "advcl") {
    const Token& tk = t_.tok(v);
    std::string mark;
    for (int k : t_.kids(v))
      if (t_.base(k) == "mark") mark = t_.form(k);
    bool finite = false;  // "what is happening": a clause with its own auxiliary
    for (int k : t_.kids(v))
      if (t_.base(k) == "aux" || t_.base(k) == "cop") finite = true;
    bool called_on = false;  // "called on the Chinese to invest", read as a purpose clause
    if (mark == "to" && t_.lemma(h) == "call")
      for (int k : t_.kids(h))
        if (t_.base(k) == "obl" && (t_.prep(k) == "on" || t_.prep(k) == "upon")) called_on = true;
    // "warned the Taliban against attacking", "prevented them from entering", "thanked
    // Russia for helping": the object does it.
    const bool object_control = !finite && tk.xpos == "VBG" && objectControls(mark, t_.lemma(h));
    std::vector<int> objects = t_.kidsWith(h, "obj");
    if (objects.empty()) objects = t_.kidsWith(h, "iobj");
    // "urging the Taliban to form a government", the infinitive read as a purpose clause:
    // the object of a verb of urging does it.
    const bool urged =
        mark == "to" && !objects.empty() && lex_.object_control_verbs.count(t_.lemma(h)) > 0;
    if (called_on) {
      r.agents = controller(h);
    } else if ((object_control || urged) && !objects.empty()) {
      r.agents = t_.withConjuncts(objects.front());
    } else if (object_control && t_.firstKid(h, "nsubj:pass") >= 0) {
      // "The Taliban were accused by Human Rights Watch of killing": in the passive, the
      // subject is who was accused, and does it.
      r.agents = t_.withConjuncts(t_.firstKid(h, "nsubj:pass"));
    } else if (!finite && (mark == "to" || mark == "in" || mark == "without" || mark == "by" ||
                           tk.xpos == "VBG" || tk.xpos == "VB")) {
      Roles hr = roles(h, depth + 1);
      r.agents = hr.agents;
    }
  } else if (const int claimant = headlineClaimant(v); claimant >= 0) {
    r.agents = t_.withConjuncts(claimant);
  } else if (rel == "parataxis" &&
             (t_.tok(v).xpos == "VBG" || hasFeature(t_.tok(v), "VerbForm=Ger"))) {
    // "We are keeping a close eye on it, actively cooperating with our allies": a
    // participle read as parataxis shares the subject, as an adverbial one does.
    r.agents = roles(h, depth + 1).agents;
  } else if (rel == "acl" && t_.deprel(v) == "acl") {
    const Token& tk = t_.tok(v);
    bool infinitive = false;
    for (int k : t_.kids(v))
      if (t_.base(k) == "mark" && t_.form(k) == "to") infinitive = true;
    if (infinitive) {
      // "has no plans to interfere": the subject of "has"; "Russia was in no hurry to
      // recognise": the subject of the copular noun.
      if (t_.deprel(h) == "obj" && t_.head(h) >= 0) r.agents = roles(t_.head(h), depth + 1).agents;
      else if (!t_.kidsWith(h, "cop").empty())
        r.agents = roles(h, depth + 1).agents;
    } else if (tk.xpos == "VBG" || hasFeature(tk, "VerbForm=Ger")) {
      r.agents = t_.withConjuncts(h);
    } else if (tk.xpos == "VBN" || hasFeature(tk, "VerbForm=Part")) {
      r.patients = t_.withConjuncts(h);
    }
  } else if (rel == "acl") {  // acl:relcl without a subject relativizer
    if (t_.isPassive(v)) r.patients = t_.withConjuncts(h);
  }
  return r;
}

bool SentenceRun::negated(int v, int depth, bool arguments) const {
  if (depth > 6) return false;
  for (int k : t_.kids(v)) {
    const std::string b = t_.base(k);
    const std::string l = t_.lemma(k);
    if ((b == "advmod" || b == "neg" || b == "cc") &&
        (l == "not" || l == "n't" || l == "never" || l == "neither" || l == "nor"))
      return true;
    // "has no relations with", "No country recognised", "recognised neither X nor Y"
    if (arguments && (b == "obj" || b == "nsubj"))
      for (int c : t_.kids(k))
        if ((t_.base(c) == "det" && t_.lemma(c) == "no") || t_.lemma(c) == "neither") return true;
    if (b == "advmod" && (l == "longer" || t_.form(k) == "longer"))  // "no longer"
      for (int kk : t_.kids(k))
        if (t_.lemma(kk) == "no") return true;
    if (b == "mark" && l == "without") return true;
  }
  const int h = t_.head(v);
  if (h < 0) return false;
  const std::string rel = t_.base(v);
  if (rel == "xcomp") {
    // "not going to wage", "refused to extradite", "have no plans to usurp"
    const int plan = intentionObject(h);
    bool no_plan = false;
    if (plan >= 0)
      for (int k : t_.kids(plan))
        if (t_.base(k) == "det" && t_.lemma(k) == "no") no_plan = true;
    // "has yet to recognise": not yet
    bool yet = false;
    if (t_.lemma(h) == "have" || t_.lemma(h) == "be")
      for (int k : t_.kids(h)) yet |= t_.base(k) == "advmod" && t_.lemma(k) == "yet";
    // ("have no plans to usurp": the "no" is the plan's, counted here once)
    return ((negated(h, depth + 1, plan < 0) != no_plan) != yet) !=
           (lex_.negative_verbs.count(t_.lemma(h)) > 0);
  }
  // "warned the Taliban against attacking", "prevented them from entering", "refrained
  // from", "stopped short of recognising": what is kept from happening.
  if ((rel == "advcl" || rel == "acl") && t_.tok(v).xpos == "VBG")
    for (int k : t_.kids(v)) {
      if (t_.base(k) != "mark") continue;
      const std::string m = lower(t_.form(k));
      // ("decided against supporting"; "benefited from", "get a baseline from asking" are
      // not prevention)
      if (m == "against" || (m == "from" && lex_.prevention_verbs.count(t_.lemma(h))) ||
          (m == "of" && t_.lemma(h) == "short"))
        return true;
    }
  // "Russia denied that it had supplied weapons": the content is what the speaker says
  // did not happen.
  if (rel == "ccomp" && lex_.negative_verbs.count(t_.lemma(h))) return true;
  if (rel == "conj" && sharesAuxiliary(v, h)) {
    // "will never be ready to create an inclusive government, cleanse Afghanistan of
    // terrorists": a bare verb joined to a predicate with its auxiliary shares the
    // auxiliary and the negation beside it, unless "but" sets it against it.
    for (int k : t_.kids(v))
      if (t_.base(k) == "cc" && (t_.lemma(k) == "but" || t_.lemma(k) == "yet")) return false;
    return negated(h, depth + 1);
  }
  if (t_.deprel(v) == "acl") {
    // "has no plans to interfere", "have no reason to leave"
    for (int k : t_.kids(h))
      if (t_.base(k) == "det" && t_.lemma(k) == "no") return true;
    if (t_.deprel(h) == "obj" && t_.head(h) >= 0) return negated(t_.head(h), depth + 1);
  }
  return false;
}

bool SentenceRun::sharesAuxiliary(int v, int h) const {
  if (t_.tok(v).xpos != "VB" || t_.firstKid(v, "nsubj") >= 0 || t_.firstKid(v, "nsubj:pass") >= 0 ||
      t_.firstKid(v, "aux") >= 0 || t_.firstKid(v, "aux:pass") >= 0)
    return false;
  return t_.firstKid(h, "aux") >= 0;
}

Modality SentenceRun::ownModality(int v, int depth) const {
  for (int k : t_.kids(v)) {
    if (t_.base(k) != "aux") continue;
    const std::string l = t_.lemma(k), f = t_.form(k);
    if (lex_.possible_auxes.count(l) || lex_.possible_auxes.count(f)) return Modality::Possible;
    if (lex_.future_auxes.count(l) || lex_.future_auxes.count(f)) return Modality::Future;
  }
  const int h = t_.head(v);
  if (h >= 0 && depth < 6) {
    const std::string rel = t_.base(v);
    // A conjoined verb shares the auxiliary only when it shares the subject.
    const bool own_subject = t_.firstKid(v, "nsubj") >= 0 || t_.firstKid(v, "nsubj:pass") >= 0;
    // An infinitive clause ("will push them to support", "will send troops to protect")
    // is as sure as its head.
    bool infinitive = false;
    if (rel == "advcl")
      for (int k : t_.kids(v)) infinitive |= t_.base(k) == "mark" && lower(t_.form(k)) == "to";
    // "Russia wants to operate in Kabul", "agreed to withdraw": what is intended or
    // promised is yet to happen.
    if ((rel == "xcomp" || infinitive) && lex_.intention_verbs.count(t_.lemma(h))) {
      const Modality m = ownModality(h, depth + 1);
      return m == Modality::Asserted ? Modality::Future : m;
    }
    // "Russia called on the Taliban to form a government", "urged them to leave": what is
    // asked for may or may not happen.
    if ((rel == "xcomp" || infinitive) && lex_.request_verbs.count(t_.lemma(h)))
      return Modality::Possible;
    if ((rel == "conj" && !own_subject) || rel == "xcomp" || t_.deprel(v) == "acl" || infinitive)
      return ownModality(h, depth + 1);
  }
  return Modality::Asserted;
}

// An if-clause on the predicate (or the predicate inside one).
bool SentenceRun::conditional(int v) const {
  auto ifMark = [&](int c) {
    for (int k : t_.kids(c))
      if (t_.base(k) == "mark" && (t_.lemma(k) == "if" || t_.lemma(k) == "unless")) return true;
    return false;
  };
  int cur = v;
  for (int steps = 0; cur >= 0 && steps < 8; ++steps) {
    for (int k : t_.kids(cur))
      if (t_.base(k) == "advcl" && ifMark(k)) return true;
    if (t_.base(cur) == "advcl" && ifMark(cur)) return true;
    const std::string rel = t_.base(cur);
    if (rel != "conj" && rel != "xcomp") break;
    cur = t_.head(cur);
  }
  return false;
}

// Whoever is reported as saying the clause of `v`: a reporting verb above it (through
// ccomp), a reporting parataxis ("..., he said"), or "according to X".
std::optional<std::string> SentenceRun::speaker(int v) const {
  auto subjectName = [&](int r) -> std::optional<std::string> {
    Roles ro = roles(r);
    for (int a : ro.agents)
      if (auto x = arg(a)) {
        // "their spokesman said": the spokesman of the actor "their" stands for
        if (!x->actor)
          for (int k : t_.kids(a)) {
            const int km = mentionAt(k);
            if (t_.deprel(k) == "nmod:poss" && t_.upos(k) == "PRON" && km >= 0 &&
                !s_.mentions[static_cast<std::size_t>(km)].canonical.empty())
              return s_.mentions[static_cast<std::size_t>(km)].canonical + "'s " + x->name;
          }
        return x->name;
      }
    return std::string();
  };
  int cur = v;
  for (int steps = 0; cur >= 0 && steps < 12; ++steps) {
    for (int k : t_.kids(cur)) {
      if (t_.base(k) == "obl" && t_.prep(k) == "according-to")
        if (auto a = arg(k)) return a->name;
      // "The jihadists, according to Andrei Kortunov, ..., would struggle": the parser
      // hangs "according to" on the subject.
      if (t_.base(k) == "nsubj")
        for (int j : t_.kids(k))
          if (t_.base(j) == "nmod" && t_.prep(j) == "according-to")
            if (auto a = arg(j)) return a->name;
      if (t_.base(k) == "parataxis" && lex_.reporting_verbs.count(t_.lemma(k)) && k != v)
        return subjectName(k);
      // "..., their spokesman said." read as a conjunct: a reporting verb after a comma at
      // the end, with its own subject and nothing said of its own.
      if (t_.base(k) == "conj" && k > cur && lex_.reporting_verbs.count(t_.lemma(k)) &&
          t_.firstKid(k, "nsubj") >= 0 && t_.kidsWith(k, "obj").empty() &&
          t_.kidsWith(k, "ccomp").empty() && k >= 1 && t_.form(k - 1) != "and") {
        bool last = true;
        for (int j = k + 1; j < t_.size(); ++j) last &= t_.upos(j) == "PUNCT";
        bool comma = false;
        for (int j = cur + 1; j < k; ++j) comma |= t_.form(j) == ",";
        if (last && comma) return subjectName(k);
      }
    }
    if (const int claimant = headlineClaimant(cur); claimant >= 0)
      if (auto a = arg(claimant)) return a->name;
    const int h = t_.head(cur);
    if (h < 0) break;
    if (t_.base(cur) == "ccomp" && lex_.reporting_verbs.count(t_.lemma(h))) return subjectName(h);
    // "Russia accused the United States of destabilising Afghanistan", "blamed the
    // Taliban for attacking": an accusation is what its maker says ("of"/"for" clause on
    // the verb or on its object).
    if ((t_.base(cur) == "advcl" || t_.base(cur) == "acl") && t_.tok(cur).xpos == "VBG") {
      bool of = false;
      for (int k : t_.kids(cur))
        if (t_.base(k) == "mark") of |= lower(t_.form(k)) == "of" || lower(t_.form(k)) == "for";
      const int accuser = t_.base(h) == "obj" || t_.base(h) == "iobj" ? t_.head(h) : h;
      if (of && accuser >= 0 && lex_.accusation_verbs.count(t_.lemma(accuser)))
        return subjectName(accuser);
    }
    cur = h;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- output

void SentenceRun::emit(const Arg& subj, const std::string& relation, const std::string& lemma,
                       const Arg& obj, int pred, double rule_conf, const std::string& rule,
                       std::optional<bool> neg) {
  if (subj.name.empty() || obj.name.empty() || lower(subj.name) == lower(obj.name)) return;
  if (subj.mention >= 0 && subj.mention == obj.mention) return;
  Triple t;
  t.doc = doc_.name;
  t.sentence_offset = {s_.begin, s_.end};
  t.sentence = s_.text;
  t.subject = subj.name;
  t.subject_text = subj.text;
  t.subject_type = subj.type;
  t.subject_span = subj.span;
  t.relation = relation;
  t.lemma = lemma;
  t.object = obj.name;
  t.object_text = obj.text;
  t.object_type = obj.type;
  t.object_span = obj.span;
  t.negated = neg ? *neg : (pred >= 0 && negated(pred));
  if (pred >= 0) {
    t.modality = ownModality(pred);
    if (auto who = speaker(pred)) {
      t.modality = Modality::Reported;
      t.attributed_to = *who;
    }
    if (conditional(pred)) t.modality = Modality::Conditional;
  }
  t.confidence = std::clamp(rule_conf * std::min(subj.confidence, 1.0) *
                                std::min(obj.confidence, 1.0),
                            0.05, 1.0);
  t.confidence = static_cast<double>(static_cast<int>(t.confidence * 100 + 0.5)) / 100;
  t.extractor = rule;
  // What the words say about the arguments: the graph core turns an affiliation
  // into an "affiliated-with" edge and counts roles on the actor.
  t.subject_role = subj.role;
  t.object_role = obj.role;
  if (subj.type == ActorType::Group && !subj.affiliation.empty()) {
    t.subject_affiliation = subj.affiliation;
    t.subject_affiliation_type = actorType(subj.affiliation);
  }
  if (obj.type == ActorType::Group && !obj.affiliation.empty()) {
    t.object_affiliation = obj.affiliation;
    t.object_affiliation_type = actorType(obj.affiliation);
  }
  // One triple per (subject, relation, object, negation) and sentence: keep the surest.
  for (Triple& o : out_) {
    if (o.subject == t.subject && o.relation == t.relation && o.object == t.object &&
        o.negated == t.negated) {
      if (t.confidence > o.confidence) o = std::move(t);
      return;
    }
  }
  out_.push_back(std::move(t));
}

// ---------------------------------------------------------------- rules

std::string SentenceRun::roleRelation(int noun) const {
  std::string rel = "is";
  for (int k : t_.kids(noun)) {
    if (k > noun) continue;
    const std::string b = t_.base(k);
    if ((b == "amod" || b == "compound") && lex_.role_modifiers.count(t_.lemma(k)))
      rel += "-" + t_.lemma(k);
  }
  return rel + "-" + t_.lemma(noun) + "-of";
}

// The actor a relational noun relates to: "friend of X", "X's ambassador", "the WHO director".
std::optional<Arg> SentenceRun::roleObject(int noun) const {
  // A spokesman speaks "for" whom he is the spokesman of ("a spokesman for the Foreign
  // Ministry"); an envoy "for Afghanistan" is sent to it, not by it.
  const bool speaker = lex_.speaking_roles.count(t_.lemma(noun)) > 0;
  for (int k : t_.kids(noun))
    if (t_.base(k) == "nmod" && (t_.prep(k) == "of" || (speaker && t_.prep(k) == "for")))
      if (auto a = arg(k)) return a;
  for (int k : t_.kids(noun)) {
    // An actor written before the noun ("Moscow's envoy", "the WHO regional director"),
    // whatever label a noisy parse gives it.
    const std::string b = t_.base(k);
    if (k < noun && b != "det" && b != "case" && b != "punct" && b != "cc") {
      int m = mentionAt(k);
      if (m >= 0 && !s_.mentions[m].canonical.empty()) {
        return actorArg(s_.mentions[m], m);
      }
    }
  }
  return std::nullopt;
}

void SentenceRun::nominalPredicate(const std::vector<Arg>& subjects, int p, int pred_verb,
                                   const char* rule) {
  if (!lex_.relational_nouns.count(t_.lemma(p))) return;
  auto obj = roleObject(p);
  if (!obj) return;
  const std::string rel = roleRelation(p);
  for (const Arg& s : subjects) emit(s, rel, "be", *obj, pred_verb, 0.8, rule);
}

void SentenceRun::copulaRule(int p) {
  if (t_.firstKid(p, "cop") < 0) return;
  std::vector<int> subj;
  for (int k : t_.kids(p))
    if (t_.deprel(k) == "nsubj") subj = t_.withConjuncts(k);
  if (subj.empty() && t_.base(p) == "conj" && t_.head(p) >= 0) {
    for (int k : t_.kids(t_.head(p)))
      if (t_.deprel(k) == "nsubj") subj = t_.withConjuncts(k);
  }
  // Each conjoined predicate noun: "X is a friend and an ally of Y".
  nominalPredicate(args(subj), p, p, "dep:copula");
}

void SentenceRun::apposRule(int a) {
  int h = t_.head(a);
  if (h < 0) return;
  // "Zalmay Khalilzad and Mullah Omar, the founder of the Taliban": a singular appositive
  // after the last conjunct is that conjunct's, wherever the parser hangs it.
  const std::vector<int> conj = t_.withConjuncts(h);
  const int last = *std::max_element(conj.begin(), conj.end());
  if (last > h && last < a && (t_.tok(a).xpos == "NN" || t_.tok(a).xpos == "NNP")) h = last;
  int person = h, role = a;
  if (lex_.relational_nouns.count(t_.lemma(h)) && !lex_.relational_nouns.count(t_.lemma(a)))
    std::swap(person, role);  // "the representative of X, Samir Kabulov"
  // "The head of the Russian delegation, Zamir Kabulov": the parser hangs the name on the
  // last noun of the title's phrase; the title is the role.
  const int above = t_.head(h);
  if (!lex_.relational_nouns.count(t_.lemma(h)) && above >= 0 && above < h &&
      t_.base(h) == "nmod" && (t_.prep(h) == "of" || t_.prep(h) == "for") &&
      lex_.relational_nouns.count(t_.lemma(above)) && mentionAt(a) >= 0 &&
      s_.mentions[static_cast<std::size_t>(mentionAt(a))].type == ActorType::Person) {
    person = a;
    role = above;
  }
  if (!lex_.relational_nouns.count(t_.lemma(role))) return;
  auto subj = arg(person);
  if (!subj || !subj->actor) return;
  auto obj = roleObject(role);
  if (!obj) return;
  emit(*subj, roleRelation(role), "be", *obj, -1, 0.8, "dep:appos", false);
}

// "Iranian Foreign Minister Zarif", "Afghanistan's President Ashraf Ghani".
void SentenceRun::roleTitleRule(int m) {
  const Mention& men = s_.mentions[m];
  if (men.canonical.empty() || men.type != ActorType::Person || men.resolved_reference) return;
  if (men.first >= men.last || men.last > s_.tokens.size()) return;  // a malformed mention
  int mh = -1;
  for (std::size_t k = men.first; k < men.last; ++k) {
    int h = t_.head(static_cast<int>(k));
    if (h < static_cast<int>(men.first) || h >= static_cast<int>(men.last)) {
      mh = static_cast<int>(k);
      break;
    }
  }
  if (mh < 0) return;
  auto subj = arg(mh);
  if (!subj) return;
  // A title noun in front of the name (outside the mention).
  for (int k : t_.kids(mh)) {
    if (k >= static_cast<int>(men.first)) continue;
    const std::string b = t_.base(k);
    if (b != "compound" && b != "nmod" && b != "amod") continue;
    if (!lex_.relational_nouns.count(t_.lemma(k))) continue;
    std::optional<Arg> obj = roleObject(k);
    if (!obj) {
      // The country may modify the name rather than the title.
      for (int j : t_.kids(mh)) {
        if (j == k || j >= static_cast<int>(men.first)) continue;
        int jm = mentionAt(j);
        if (jm >= 0 && jm != m && !s_.mentions[jm].canonical.empty()) {
          const Mention& o = s_.mentions[jm];
          Arg a;
          a.name = o.canonical;
          a.text = o.text;
          a.type = o.type;
          a.span = {o.begin, o.end};
          a.actor = true;
          a.mention = jm;
          obj = a;
          break;
        }
      }
    }
    if (!obj) continue;
    emit(*subj, roleRelation(k), "be", *obj, -1, 0.75, "dep:title", false);
    return;
  }
  // The actor stage may have folded the title into the mention and given it as
  // Mention::role ("foreign minister of Russia"): use it when the title's noun is
  // written in or just before the mention.
  const std::size_t of = men.role.rfind(" of ");
  if (of == std::string::npos) return;
  const std::string title = lower(men.role.substr(0, of));
  const std::string noun = title.substr(title.rfind(' ') + 1);
  const std::string country = men.role.substr(of + 4);
  bool written = false;
  const std::size_t from = men.first >= 4 ? men.first - 4 : 0;
  for (std::size_t k = from; k < men.last && k < s_.tokens.size(); ++k)
    written |= t_.lemma(static_cast<int>(k)) == noun || t_.form(static_cast<int>(k)) == noun;
  if (!written || country.empty()) return;
  // A triple states what the words say: the country must be written in the title
  // ("Russian President Vladimir Putin"), not known from the lexicon ("President
  // Putin": the role stays an attribute of the mention).
  Arg o;
  o.name = country;
  o.type = actorType(country);
  o.actor = true;
  bool named = false;
  for (const Mention& other : s_.mentions) {
    if (other.canonical != country || other.resolved_reference) continue;
    // In the title: inside the mention, or right before it ("Russia's President X").
    if (other.first >= men.last || other.last > men.last) continue;
    bool adjacent = other.last >= men.first;
    if (other.last + 1 == men.first) adjacent = t_.upos(static_cast<int>(other.last)) == "PART";
    if (!adjacent) continue;
    o.type = other.type;
    o.text = other.text;
    o.span = {other.begin, other.end};
    named = true;
  }
  if (!named && men.affiliation == country) {
    // The actor stage read the country in the title's own words ("Iranian Foreign
    // Minister Zarif", "Afghanistan's President Ashraf Ghani"): Mention::affiliation,
    // named by the title's first word ("Iranian", "Afghanistan").
    const Token& first = s_.tokens[men.first];
    o.text = first.form;
    o.span = {first.begin, first.end};
    named = true;
  }
  if (!named) return;
  std::string rel = "is";
  for (std::size_t p = 0, q; p < title.size(); p = q + 1) {
    q = title.find(' ', p);
    if (q == std::string::npos) q = title.size();
    rel += "-" + title.substr(p, q - p);
  }
  emit(*subj, rel + "-of", "be", o, -1, 0.7, "dep:title", false);
}

// "the talks with the Taliban", "Zarif's talks with the Taliban".
void SentenceRun::eventNounRule(int n) {
  const std::string lem = t_.lemma(n);
  for (const auto& ev : lex_.event_nouns) {
    if (ev.noun != lem) continue;
    // A mutual event between two actors: "the talks between Russia and the Taliban".
    if (ev.prep == "with")
      for (int k : t_.kids(n)) {
        if (t_.base(k) != "nmod" || t_.prep(k) != "between") continue;
        std::vector<Arg> sides;
        for (const Arg& a : args(t_.withConjuncts(k)))
          if (a.actor) sides.push_back(a);
        if (sides.size() == 2)
          emit(sides[0], ev.relation, ev.lemma, sides[1], -1, 0.6, "dep:event");
      }
    std::vector<int> participants;  // "wars against the US and NATO": each conjunct
    for (int k : t_.kids(n))
      if (t_.base(k) == "nmod" && t_.prep(k) == ev.prep)
        for (int c : t_.withConjuncts(k)) participants.push_back(c);
    for (int k : participants) {
      auto obj = arg(k);
      if (!obj || !obj->actor) continue;
      std::vector<Arg> subjects;
      int pred = -1;
      for (int p : t_.kids(n))
        if (t_.deprel(p) == "nmod:poss")
          if (auto a = arg(p)) subjects.push_back(*a);
      if (subjects.empty() && ev.by_affiliation) {
        // "the withdrawal of US troops": the United States withdraws them
        if (obj->affiliation.empty()) continue;
        Arg state = *obj;
        state.name = obj->affiliation;
        state.type = actorType(obj->affiliation);
        state.affiliation.clear();
        state.role.clear();
        state.mention = -1;
        // named by the participant's first word ("US" of "US troops")
        kg::graph::NamedWords named = kg::graph::affiliationWords(obj->text, obj->span);
        state.text = std::move(named.text);
        if (!state.text.empty()) state.span = named.span;
        emit(state, ev.relation, ev.lemma, *obj, -1, 0.6, "dep:event");
        continue;
      }
      if (subjects.empty()) {
        // The subject of a copular predicate that is a place or body of the event:
        // "Panjshir is the only pocket of resistance to the Taliban".
        const int pred_noun = t_.head(n);
        if (t_.base(n) == "nmod" && pred_noun >= 0 && !t_.kidsWith(pred_noun, "cop").empty() &&
            lex_.event_holders.count(t_.lemma(pred_noun)))
          subjects = args(t_.kidsWith(pred_noun, "nsubj"));
      }
      if (subjects.empty()) {
        // The subject of the clause around the noun; when the noun is that subject ("The
        // Kremlin reassured that talks with the Taliban are necessary"), the clause's
        // sayer.
        int cur = t_.head(n);
        for (int steps = 0; cur >= 0 && steps < 6; ++steps, cur = t_.head(cur)) {
          if (!t_.isVerb(cur)) continue;
          Roles r = roles(cur);
          if (std::find(r.agents.begin(), r.agents.end(), n) != r.agents.end()) {
            if (t_.base(cur) == "ccomp" && t_.head(cur) >= 0 &&
                lex_.reporting_verbs.count(t_.lemma(t_.head(cur)))) {
              subjects = args(roles(t_.head(cur)).agents);
              pred = cur;
            }
            break;
          }
          subjects = args(r.agents);
          pred = cur;
          break;
        }
        // Only actors take part ("the war with the Taliban will develop into ...": the war
        // is no party to it).
        std::erase_if(subjects, [](const Arg& a) { return !a.actor; });
      }
      for (const Arg& s : subjects) emit(s, ev.relation, ev.lemma, *obj, pred, 0.6, "dep:event");
    }
  }
}

// Whether the verb names an actor as a side besides its subjects ("fought against the US",
// "met with Xi", "talked to the Taliban"): then coordinated subjects act together, not on each
// other.
bool SentenceRun::otherSideNamed(int v) const {
  static const std::set<std::string> kSides = {"with", "against", "alongside",    "for",
                                               "to",   "beside",  "on-behalf-of", "together-with"};
  for (int k : t_.kids(v)) {
    if (t_.base(k) != "obl" || !kSides.count(t_.prep(k))) continue;
    if (auto a = arg(k); a && a->actor) return true;  // not "talked for an hour"
  }
  return false;
}

// Coordinated subjects of a verb of two sides with no other side named ("Putin and Xi
// met", "Russia and China signed an agreement"): each actor is the others' partner, one
// triple per pair, the first named as the subject.
void SentenceRun::mutual(const std::vector<Arg>& sides, const std::string& relation,
                         const std::string& lemma, int pred, double rule_conf, const char* rule) {
  std::vector<const Arg*> actors;
  for (const Arg& a : sides)
    if (a.actor) actors.push_back(&a);
  if (actors.size() < 2 || actors.size() > 4) return;
  for (std::size_t i = 0; i < actors.size(); ++i)
    for (std::size_t j = i + 1; j < actors.size(); ++j)
      emit(*actors[i], relation, lemma, *actors[j], pred, rule_conf, rule);
}

void SentenceRun::lightVerb(int v, int noun, const std::string& noun_prep,
                            const std::vector<Arg>& subjects, bool& used) {
  const std::string vl = t_.lemma(v), nl = t_.lemma(noun);
  // Prepositional modifiers of the noun or of the verb: candidates for the argument.
  auto argFor = [&](const std::string& prep) -> std::vector<int> {
    std::vector<int> out;
    for (int k : t_.kids(noun))
      if (t_.base(k) == "nmod" && t_.prep(k) == prep)
        for (int c : t_.withConjuncts(k)) out.push_back(c);
    for (int k : t_.kids(v))
      if (t_.base(k) == "obl" && k != noun && t_.prep(k) == prep)
        for (int c : t_.withConjuncts(k)) out.push_back(c);
    return out;
  };
  // Every entry of the verb and noun, each with its preposition ("launch an attack on X",
  // "... against X").
  bool matched = false, found = false, literal = true;
  const relations::LightVerb* with_entry = nullptr;
  for (const auto& lv : lex_.light_verbs) {
    if (lv.verb != vl || lv.noun != nl || lv.noun_prep != noun_prep) continue;
    matched = true;
    literal = literal && lv.literal;
    const std::vector<int> others = argFor(lv.prep);
    if (!others.empty()) found = true;
    for (const Arg& o : args(others))
      for (const Arg& s : subjects) emit(s, lv.relation, lv.lemma, o, v, 0.8, "dep:light");
    if (lv.prep == "with" && !with_entry) with_entry = &lv;
  }
  if (matched) {
    // "Russia and China signed an agreement": the two sides are the subjects.
    if (!found && with_entry && !otherSideNamed(v))
      mutual(subjects, with_entry->relation, with_entry->lemma, v, 0.7, "dep:light-mutual");
    used = !literal;
    light_nouns_.insert(noun);
    return;
  }
  // Generic: a verb whose object is an abstract noun ("keep an eye on X",
  // "take part in X", "accelerate the withdrawal of X") -> keeps-eye-on.
  if (!lex_.abstract_nouns.count(nl) || !noun_prep.empty() || t_.upos(noun) != "NOUN") return;
  std::string base = verbs::thirdPerson(vl);
  for (int k : t_.kidsWith(v, "compound:prt")) base += "-" + t_.form(k);
  if (!noun_prep.empty()) base += "-" + noun_prep;
  base += "-" + nl;
  for (int k : t_.kids(noun)) {
    if (t_.deprel(k) != "nmod") continue;
    const std::string p = t_.prep(k);
    if (p.empty() || (p == "of" && nl == "part")) continue;
    for (const Arg& o : args(t_.withConjuncts(k))) {
      if (!o.actor && o.type == ActorType::Other && p != "of" && p != "on" && p != "in") continue;
      for (const Arg& s : subjects) emit(s, base + "-" + p, vl, o, v, 0.65, "dep:light-generic");
      used = true;
      light_nouns_.insert(noun);
    }
    if (used) return;
  }
  // The possessor of a noun that names something of it: "guarantee their safety",
  // "threaten Afghanistan's security" -> guarantees-safety-of / threatens-security-of.
  if (lex_.possessor_nouns.count(nl)) {
    for (int k : t_.kidsWith(noun, "nmod:poss")) {
      for (const Arg& o : args(t_.withConjuncts(k))) {
        if (!o.actor) continue;
        for (const Arg& s : subjects) emit(s, base + "-of", vl, o, v, 0.6, "dep:light-generic");
        used = true;
        light_nouns_.insert(noun);
      }
    }
    if (used) return;
  }
  if (!lex_.light_verb_heads.count(vl)) return;
  for (int k : t_.kids(v)) {
    if (t_.base(k) != "obl" || k == noun) continue;
    const std::string p = t_.prep(k);
    if (p.empty() || p == "according-to") continue;
    for (const Arg& o : args(t_.withConjuncts(k))) {
      if (!o.actor) continue;
      for (const Arg& s : subjects) emit(s, base + "-" + p, vl, o, v, 0.6, "dep:light-generic");
      used = true;
      light_nouns_.insert(noun);
    }
    if (used) return;
  }
}

void SentenceRun::verbRules(int v) {
  const std::string vl = t_.lemma(v);
  if (vl == "be") return;
  // "have to support", "need to act", "ought to leave": a modal of necessity, whose
  // complement carries the triples; what hangs on it is misattached ("the UN have to
  // support ... as it does now in Libya" is no "has-in Libya").
  if (vl == "have" || vl == "need" || vl == "ought")
    for (int k : t_.kidsWith(v, "xcomp"))
      for (int m : t_.kids(k))
        if (t_.base(m) == "mark" && t_.lemma(m) == "to") return;
  Roles r = roles(v);
  std::string rel = verbs::thirdPerson(vl);
  for (int k : t_.kidsWith(v, "compound:prt")) rel += "-" + t_.form(k);

  std::vector<int> objs;
  for (int k : t_.kids(v)) {
    if (t_.deprel(k) == "obj") {
      int o = t_.isRelativizer(k) && t_.base(v) == "acl" ? t_.head(v) : k;
      for (int c : t_.withConjuncts(o)) objs.push_back(c);
    }
  }
  // An indirect object alone is the object the parser misread ("urged [the Taliban] to
  // form a government").
  if (objs.empty() && !lex_.reporting_verbs.count(vl))
    for (int k : t_.kidsWith(v, "iobj"))
      for (int c : t_.withConjuncts(k)) objs.push_back(c);
  // "the city (that) the Taliban captured": the noun is the object of the clause.
  if (objs.empty() && t_.deprel(v) == "acl:relcl" && !r.agents.empty() && t_.head(v) >= 0) {
    bool has_rel_subject = false;
    for (int k : t_.kids(v))
      if (t_.base(k) == "nsubj" && t_.isRelativizer(k)) has_rel_subject = true;
    bool has_obl_rel = false;
    for (int k : t_.kids(v))
      if (t_.isRelativizer(k) || t_.lemma(k) == "where" || t_.lemma(k) == "whom") has_obl_rel = true;
    if (!has_rel_subject && !has_obl_rel && !t_.isPassive(v) &&
        t_.tok(v).feats.find("VerbForm=Inf") == std::string::npos && t_.kidsWith(v, "obl").empty())
      objs = t_.withConjuncts(t_.head(v));
  }

  // Reporting verbs: only "told the Taliban", "assured Moscow", and their light-verb
  // uses ("announced the end of the operation").
  if (lex_.reporting_verbs.count(vl)) {
    // The object is whom it is said to ("told the Taliban", "assured Moscow that ...");
    // beside the content of a verb without an addressee it is the content's subject,
    // split off by the parser ("claiming the Taliban are democratic").
    std::vector<int> told = objs;
    if (!lex_.addressee_verbs.count(vl) &&
        (!t_.kidsWith(v, "ccomp").empty() || !t_.kidsWith(v, "xcomp").empty()))
      told.clear();
    for (int k : t_.kidsWith(v, "iobj")) told.push_back(k);
    std::vector<Arg> subjects = args(r.agents);
    for (int o : objs) {
      bool used = false;
      lightVerb(v, o, "", subjects, used);
    }
    for (const Arg& o : args(told)) {
      if (!o.actor) continue;
      for (const Arg& s : subjects) emit(s, rel, vl, o, v, 0.8, "dep:tell");
    }
    // "pledged aid to Afghanistan", "promised support": a promise of a thing, not of a
    // clause, is an act like "sent troops to": its other objects go on as any verb's.
    if (!lex_.commissive_verbs.count(vl) || !t_.kidsWith(v, "ccomp").empty() ||
        !t_.kidsWith(v, "xcomp").empty())
      return;
    std::erase_if(objs, [&](int o) {
      auto a = arg(o);
      return !a || a->actor;
    });
    if (objs.empty()) return;
  }

  // A past participle on a noun ("the army stationed in Tajikistan") is a passive too.
  const bool passive = t_.isPassive(v) || (t_.deprel(v) == "acl" && !r.patients.empty());
  std::vector<Arg> agents = args(r.agents);
  if (passive && !r.patients.empty()) {
    std::vector<Arg> patients = args(r.patients);
    if (!agents.empty()) {
      for (const Arg& a : agents)
        for (const Arg& p : patients) emit(a, rel, vl, p, v, 0.8, "dep:passive");
    } else {
      // Agentless passive: kept as the fact about the patient when a
      // prepositional object names who or where ("armed forces is-drawn-into conflict").
      const std::string participle = lower(t_.tok(v).form);
      for (int k : t_.kids(v)) {
        if (t_.deprel(k) != "obl") continue;
        const std::string p = t_.prep(k);
        if (p.empty() || p == "according-to" || p == "by" || p == "as") continue;
        for (const Arg& o : args(t_.withConjuncts(k))) {
          // "banned in Russia": for acts of a state, the country is the agent.
          if (p == "in" && o.type == ActorType::Country && lex_.state_passive_verbs.count(vl)) {
            for (const Arg& pa : patients) emit(o, rel, vl, pa, v, 0.65, "dep:passive-state");
            continue;
          }
          for (const Arg& pa : patients)
            emit(pa, "is-" + participle + "-" + p, vl, o, v, 0.6, "dep:passive-obl");
        }
      }
    }
    return;
  }
  if (agents.empty()) return;
  if (lex_.skip_matrix_verbs.count(vl)) return;
  if (lex_.reciprocal_verbs.count(vl) && objs.empty() && !otherSideNamed(v))
    mutual(agents, rel + "-with", vl, v, 0.7, "dep:mutual");

  bool light_used = false;
  for (int o : objs) {
    bool used = false;
    lightVerb(v, o, "", agents, used);
    light_used |= used;
    if (used) continue;
    for (const Arg& oa : args({o}))
      for (const Arg& s : agents) emit(s, rel, vl, oa, v, 0.85, "dep:svo");
  }
  for (int k : t_.kids(v)) {
    if (t_.deprel(k) != "obl") continue;
    const std::string p = t_.prep(k);
    // Circumstances, not participants: "after the war", "like their father".
    static const std::set<std::string> kNotArgument = {
        "according-to", "by", "despite", "as", "after", "before", "since", "until", "till",
        "during", "like", "unlike", "than", "except", "including", "because-of", "instead-of",
        "apart-from", "among", "within", "throughout", "at", "such-as"};
    if (p.empty() || kNotArgument.count(p)) continue;
    bool used = false;
    if (objs.empty()) lightVerb(v, k, p, agents, used);
    if (used || light_used) continue;
    static const std::set<std::string> kArgumentPreps = {"for", "into", "against", "with",
                                                         "on", "to", "from", "over"};
    // With an object, only an actor after "against" or "to", when no object is one:
    // "scored a goal against Mexico", "sent troops to Tajikistan" (other prepositions
    // there are mostly the object's: "protect the border with Afghanistan").
    if (!objs.empty()) {
      if (p != "against" && p != "to") continue;
      bool actor_object = false;
      for (const Arg& oa : args(objs)) actor_object |= oa.actor;
      if (actor_object) continue;
      for (const Arg& oa : args(t_.withConjuncts(k)))
        if (oa.actor)
          for (const Arg& s : agents) emit(s, rel + "-" + p, vl, oa, v, 0.7, "dep:obl");
      continue;
    }
    for (const Arg& oa : args(t_.withConjuncts(k))) {
      if (!oa.actor && !kArgumentPreps.count(p)) continue;  // "develops at the current pace"
      for (const Arg& s : agents) emit(s, rel + "-" + p, vl, oa, v, 0.75, "dep:obl");
    }
  }
  // "where tens of thousands live": the noun the clause modifies is the place.
  if (t_.deprel(v) == "acl:relcl" && t_.head(v) >= 0) {
    for (int k : t_.kids(v))
      if (t_.lemma(k) == "where" && t_.base(k) == "advmod")
        if (auto place = arg(t_.head(v)))
          for (const Arg& s : agents) emit(s, rel + "-in", vl, *place, v, 0.7, "dep:where");
  }
  // "called China a friend of Afghanistan": object + nominal complement.
  for (int k : t_.kidsWith(v, "xcomp")) {
    if (t_.upos(k) != "NOUN" || objs.empty()) continue;
    nominalPredicate(args({objs.front()}), k, v, "dep:xcomp-noun");
  }
}

// The type of the actor called `canonical` in this document (COUNTRY if it is
// never mentioned by name: affiliations are mostly states).
ActorType SentenceRun::actorType(const std::string& canonical) const {
  for (const Mention& m : s_.mentions)
    if (m.canonical == canonical && !m.resolved_reference) return m.type;
  for (const Sentence& other : doc_.sentences)
    for (const Mention& m : other.mentions)
      if (m.canonical == canonical && !m.resolved_reference) return m.type;
  // Named only as an affiliation ("Taliban spokesman X"): the type the actor stage gave it.
  for (const Mention& m : s_.mentions)
    if (m.affiliation == canonical) return m.affiliation_type;
  for (const Sentence& other : doc_.sentences)
    for (const Mention& m : other.mentions)
      if (m.affiliation == canonical) return m.affiliation_type;
  return ActorType::Country;
}

std::vector<Triple> SentenceRun::run() {
  if (!t_.ok()) return {};
  for (int i = 0; i < t_.size(); ++i)
    if (t_.isVerb(i)) verbRules(i);
  for (int i = 0; i < t_.size(); ++i) {
    if (t_.upos(i) == "NOUN" || t_.upos(i) == "PROPN") {
      copulaRule(i);
      if (!light_nouns_.count(i)) eventNounRule(i);
    }
    if (t_.base(i) == "appos") apposRule(i);
  }
  for (std::size_t m = 0; m < s_.mentions.size(); ++m) roleTitleRule(static_cast<int>(m));
  return std::move(out_);
}

std::vector<Triple> DependencyExtractor::extract(const Document& doc, const Sentence& s) const {
  SentenceRun run(*this, doc, s);
  return run.run();
}

}  // namespace

std::unique_ptr<RelationExtractor> RelationExtractor::create(std::string_view name,
                                                             const RelationOptions& options) {
  if (name == "dependency") return std::make_unique<DependencyExtractor>(options);
  throw UsageError("unknown relation extractor \"" + std::string(name) +
                   "\" (known: dependency)");
}

std::vector<std::string> RelationExtractor::names() { return {"dependency"}; }

}  // namespace kg::extract
