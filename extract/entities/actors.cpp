#include "extract/entities/actors.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>
#include <unordered_map>

#include "extract/entities/lexicon.h"
#include "extract/entities/ner.h"
#include "graph/error.h"

namespace kg::extract {

namespace entities {

Lexicon loadLexicon(const ActorOptions& options) {
  Lexicon lex;
  // The generated first names first: the curated lexicon's genders win over them.
  if (options.lexicon_path.empty()) lex.loadFile(std::string(KG_DATA_DIR) + "/first_names.json");
  lex.loadFile(options.lexicon_path.empty() ? std::string(KG_DATA_DIR) + "/actors.json"
                                            : options.lexicon_path);
  lex.loadIsoCodes(options.iso_codes_dir.empty() ? "/usr/share/iso-codes/json" : options.iso_codes_dir);
  for (const std::string& f : options.extra_lexicons) lex.loadFile(f);
  return lex;
}

std::string nerModelPath(const ActorOptions& options) {
  return options.model_path.empty() ? std::string(KG_MODELS_DIR) + "/ner.bin" : options.model_path;
}

}  // namespace entities

using entities::EntryKind;
using entities::Lexicon;
using entities::PhraseMatch;
using graph::ActorType;

struct ActorRecognizer::Impl {
  ActorOptions options;
  Lexicon lexicon;
  entities::NerModel ner;  // may be empty (no model file): lexicon and rules only
};

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The lemma of a token in lower case, its form when it has none.
std::string lemmaOf(const Token& t) {
  return lower(t.lemma.empty() || t.lemma == "_" ? t.form : t.lemma);
}

bool isCapitalised(const std::string& w) {
  unsigned char c = w.empty() ? 0 : static_cast<unsigned char>(w[0]);
  return std::isupper(c) || c >= 0x80;
}

bool isPunct(const std::string& w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::ispunct(c); });
}

bool oneOf(const std::string& w, std::initializer_list<const char*> list) {
  return std::any_of(list.begin(), list.end(), [&](const char* s) { return w == s; });
}

// Transliteration key: Sergei/Sergey, Shahin/Shaheen, Suhail/Sohail come out near-identical.
std::string translitKey(std::string_view name) {
  std::string s = lower(entities::stripDiacritics(name));
  auto replace = [&](const std::string& from, const std::string& to) {
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
      s.replace(p, from.size(), to);
  };
  replace("ee", "i");
  replace("ey", "i");
  replace("ei", "i");
  replace("oo", "u");
  replace("ou", "u");
  replace("kh", "h");
  replace("ph", "f");
  replace("w", "v");
  replace("y", "i");
  std::string out;
  for (char c : s)
    if (out.empty() || out.back() != c) out += c;
  return out;
}

std::size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// Whether key `shorter` is key `longer` without a Russian surname's ending ("kabul" of
// "kabulov": the article wrote "Zamir Kabul"), keeping at least 5 letters.
bool withoutSurnameEnding(const std::string& shorter, const std::string& longer) {
  if (shorter.size() < 5 || longer.size() <= shorter.size() ||
      longer.compare(0, shorter.size(), shorter) != 0)
    return false;
  const std::string ending = longer.substr(shorter.size());
  return oneOf(ending, {"ov", "ev", "ova", "eva", "in", "ina"});
}

// Near-identical names: each word's transliteration key within edit distance 1
// (none for words shorter than 4 letters), same number of words; the last word (the
// surname) may also lack a Russian surname's ending.
bool nearIdentical(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size() || a.empty()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::string ka = translitKey(a[i]), kb = translitKey(b[i]);
    std::size_t allowed = std::min(ka.size(), kb.size()) >= 4 ? 1 : 0;
    if (editDistance(ka, kb) <= allowed) continue;
    if (i + 1 == a.size() && a.size() >= 2 &&
        (withoutSurnameEnding(ka, kb) || withoutSurnameEnding(kb, ka)))
      continue;
    return false;
  }
  return true;
}

std::vector<std::string> splitWords(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

// A person seen in the document.
struct DocPerson {
  std::string canonical;            // canonical name
  std::vector<std::string> words;   // the longest name the document used
  std::string gender;               // "male", "female", ""
  bool argument = false;            // named as an argument of a clause (subject, object,
                                    // obl) at least once, not only inside a noun phrase
};

// Per-document state of annotate().
class DocumentAnnotator {
 public:
  DocumentAnnotator(const ActorRecognizer::Impl& impl, Document& doc, std::ostream* explain)
      : impl_(impl), lex_(impl.lexicon), doc_(doc), explain_(explain) {}

  void run() {
    // The NER model reads the whole document: a name is typed more reliably when it
    // also sees how the other sentences write it (entities::linkDocument).
    examples_.clear();
    if (impl_.ner.ok()) {
      for (const Sentence& s : doc_.sentences) examples_.push_back(entities::exampleOf(s));
      entities::linkDocument(examples_, 0, examples_.size());
    }
    for (std::size_t si = 0; si < doc_.sentences.size(); ++si) {
      Sentence& s = doc_.sentences[si];
      s.mentions.clear();
      sentence_ = &s;
      sentence_index_ = si;
      prepare();
      findMentions();
      resolveReferences();
      sortMentions(s);
    }
    // "we" may be attributed after the quote ("..., we will ...," he said. / next
    // sentence), so it is resolved once every sentence has its mentions.
    resolveFirstPersonPlural();
    completeSurnames();
    typeAffiliations();
  }

  // The actor type of every mention's affiliation: the lexicon's, else that of the
  // document's mention of it, else an organisation ("Taliban spokesman Zabihullah Mujahid":
  // the Taliban are no country, although most affiliations are).
  void typeAffiliations() {
    std::unordered_map<std::string, ActorType> named;
    for (const Sentence& s : doc_.sentences)
      for (const Mention& m : s.mentions)
        if (!m.resolved_reference && !m.canonical.empty()) named.emplace(m.canonical, m.type);
    for (Sentence& s : doc_.sentences)
      for (Mention& m : s.mentions) {
        if (m.affiliation.empty()) continue;
        if (auto idx = lex_.actorByName(m.affiliation))
          m.affiliation_type = lex_.actors()[*idx].type;
        else if (auto it = named.find(m.affiliation); it != named.end())
          m.affiliation_type = it->second;
        else
          m.affiliation_type = ActorType::Organization;
      }
  }

 private:
  // ---------- sentence helpers ----------
  // Whether every word of `s` has a head and a relation.
  static bool parsedSentence(const Sentence& s) {
    return !s.tokens.empty() && std::all_of(s.tokens.begin(), s.tokens.end(), [](const Token& t) {
      return t.head >= 0 && !t.deprel.empty();
    });
  }

  static void sortMentions(Sentence& s) {
    std::sort(s.mentions.begin(), s.mentions.end(),
              [](const Mention& a, const Mention& b) { return a.first < b.first; });
  }

  void prepare() {
    loadWords();
    const Sentence& s = *sentence_;
    taken_.assign(s.tokens.size(), false);
    title_actors_.clear();
    matches_.assign(s.tokens.size(), std::nullopt);
    for (std::size_t i = 0; i < forms_.size(); ++i) matches_[i] = lex_.longestMatch(forms_, spaces_, i);
    ner_.clear();
    if (impl_.ner.ok() && sentence_index_ < examples_.size()) {
      for (auto& span : impl_.ner.predict(examples_[sentence_index_], &lex_)) ner_[span.first] = span;
    }
  }

  // The words of *sentence_ (forms, lower-case forms, spaces) and whether it is tagged/parsed.
  void loadWords() {
    const Sentence& s = *sentence_;
    forms_.clear();
    spaces_.clear();
    lows_.clear();
    for (const Token& t : s.tokens) {
      forms_.push_back(t.form);
      spaces_.push_back(t.space_after);
      lows_.push_back(lower(t.form));
    }
    tagged_ = !s.tokens.empty() && std::all_of(s.tokens.begin(), s.tokens.end(), [](const Token& t) {
      return !t.upos.empty() && t.upos != "_";
    });
    parsed_ = parsedSentence(s);
  }

  std::string upos(std::size_t i) const { return tagged_ && i < forms_.size() ? sentence_->tokens[i].upos : ""; }

  std::string textOf(std::size_t first, std::size_t last) const {
    std::string out;
    for (std::size_t i = first; i < last; ++i) {
      out += forms_[i];
      if (i + 1 < last && spaces_[i]) out += ' ';
    }
    return out;
  }

  void say(const std::string& what) const {
    if (explain_ && impl_.options.explain)
      *explain_ << doc_.name << ": sentence " << sentence_index_ + 1 << ": " << what << '\n';
  }

  // The token of [first, last) whose head lies outside (the last token without a parse).
  std::size_t headOf(std::size_t first, std::size_t last) const {
    if (!parsed_) return last - 1;
    for (std::size_t i = first; i < last; ++i) {
      int h = sentence_->tokens[i].head;
      if (h <= 0 || static_cast<std::size_t>(h - 1) < first || static_cast<std::size_t>(h - 1) >= last) return i;
    }
    return last - 1;
  }

  // Whether the words [first, last) are an argument of a clause (subject, object,
  // oblique, or the root of a fragment), a conjunct counting as its first conjunct;
  // false inside a noun phrase ("a son of [Ahmad Shah Massoud]") or without a parse.
  bool clauseArgument(std::size_t first, std::size_t last) const {
    if (!parsed_) return false;
    std::size_t h = headOf(first, last);
    for (int hops = 0; sentence_->tokens[h].deprel == "conj" && sentence_->tokens[h].head > 0 && hops < 8; ++hops)
      h = static_cast<std::size_t>(sentence_->tokens[h].head - 1);
    const std::string& rel = sentence_->tokens[h].deprel;
    std::string base = rel.substr(0, rel.find(':'));
    return oneOf(base, {"nsubj", "obj", "iobj", "obl", "csubj", "root"});
  }

  Mention& add(std::size_t first, std::size_t last, std::string canonical, ActorType type,
               double confidence, const std::string& why) {
    Mention m;
    m.first = first;
    m.last = last;
    m.text = textOf(first, last);
    m.canonical = std::move(canonical);
    m.type = type;
    m.begin = sentence_->tokens[first].begin;
    m.end = sentence_->tokens[last - 1].end;
    m.confidence = confidence;
    for (std::size_t i = first; i < last; ++i) taken_[i] = true;
    if (type == ActorType::Organization) rememberOrganization(first, last, m.canonical);
    rememberAcronym(first, last, m.canonical, type);
    if (m.text != m.canonical || !why.empty())
      say("'" + m.text + "' -> " + m.canonical + " (" + std::string(graph::toString(type)) + ")" +
          (why.empty() ? "" : ": " + why));
    sentence_->mentions.push_back(std::move(m));
    return sentence_->mentions.back();
  }

  bool free(std::size_t first, std::size_t last) const {
    if (last > taken_.size()) return false;
    for (std::size_t i = first; i < last; ++i)
      if (taken_[i]) return false;
    return true;
  }

  std::optional<PhraseMatch> matchAt(std::size_t i, EntryKind kind) const {
    if (i >= matches_.size() || !matches_[i] || matches_[i]->kind != kind) return std::nullopt;
    return matches_[i];
  }

  // A country (or state-like actor) named at i: demonym, country name, or capital +
  // "'s". Sets `end` past it.
  std::optional<std::string> countryAt(std::size_t i, std::size_t& end, bool allow_possessive) const {
    if (i >= forms_.size() || !matches_[i]) return std::nullopt;
    const PhraseMatch& m = *matches_[i];
    std::string country;
    if (m.kind == EntryKind::Demonym) country = m.value;
    else if (m.kind == EntryKind::Actor && lex_.actors()[m.index].type == ActorType::Country)
      country = lex_.actors()[m.index].name;
    else if (m.kind == EntryKind::Capital && allow_possessive) country = lex_.actors()[m.index].capital_of;
    else return std::nullopt;
    end = m.last;
    bool possessive = end < forms_.size() && (forms_[end] == "'s" || forms_[end] == "’s" || forms_[end] == "'");
    if (m.kind == EntryKind::Capital && !possessive) return std::nullopt;
    if (possessive) ++end;
    return country;
  }

  // ---------- mention finding, left to right ----------
  void findMentions() {
    const std::size_t n = forms_.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (taken_[i]) continue;
      if (personWithTitle(i) || body(i) || group(i) || groupOf(i) || capitalPhrase(i) ||
          lexiconActor(i) || acronym(i) || shortOrganizationName(i) || nerSpan(i) ||
          lexiconSurname(i) || namedPlace(i) || demonymAlone(i) || localAuthorities(i))
        continue;
    }
  }

  // A capitalised name that a place noun names ("the city of Islam-Qala", "Jiangsu
  // province") is a place even when the recognizer missed it.
  bool namedPlace(std::size_t i) {
    if (!parsed_ || !isCapitalised(forms_[i]) || upos(i) != "PROPN") return false;
    std::size_t j = i + 1;
    while (j < forms_.size() &&
           ((upos(j) == "PROPN" && isCapitalised(forms_[j])) ||
            (forms_[j] == "-" && j + 1 < forms_.size() && isCapitalised(forms_[j + 1]))))
      j += forms_[j] == "-" ? 2 : 1;
    if (!free(i, j) || !placeNamed(*sentence_, headOf(i, j))) return false;
    add(i, j, entities::normalizeSurface(textOf(i, j)), ActorType::Location, 0.75,
        "a name the place noun names");
    return true;
  }

  // "In Tajikistan, the authorities set up camps": the authorities (or government) of
  // the country where their clause happens, a GROUP affiliated with it.
  bool localAuthorities(std::size_t i) {
    if (!parsed_ || i == 0 || lows_[i - 1] != "the" ||
        !oneOf(lows_[i], {"authorities", "government"}) || !free(i, i + 1))
      return false;
    const auto& toks = sentence_->tokens;
    if (toks[i].deprel.rfind("nsubj", 0) != 0 || toks[i].head <= 0) return false;
    const int verb = toks[i].head;
    for (std::size_t k = 0; k < toks.size(); ++k) {
      if (toks[k].head != verb || toks[k].deprel != "obl") continue;
      bool in = false;
      for (const Token& c : toks)
        if (c.head == static_cast<int>(k) + 1 && c.deprel == "case" && lower(c.form) == "in")
          in = true;
      if (!in) continue;
      for (const Mention& m : sentence_->mentions) {
        if (k < m.first || k >= m.last || m.type != ActorType::Country || m.canonical.empty())
          continue;
        const std::string country = m.canonical;
        std::string adj = lex_.adjectiveOf(country);
        if (adj.empty()) adj = country;
        Mention& g = add(i, i + 1, adj + " " + lows_[i], ActorType::Group, 0.75,
                         "the " + lows_[i] + " of " + country + ", where their clause happens");
        g.affiliation = country;
        return true;
      }
    }
    return false;
  }

  // Title words starting at i ("Foreign Minister", "Special Representative"); end past them.
  std::optional<std::string> titlesAt(std::size_t i, std::size_t& end) const {
    std::string title;
    std::size_t j = i;
    while (auto t = matchAt(j, EntryKind::Title)) {
      if (!isCapitalised(forms_[j]) && title.empty() && t->value != "spokesman") break;
      title = title.empty() ? t->value : title + " " + t->value;
      j = t->last;
    }
    if (title.empty()) return std::nullopt;
    end = j;
    return title;
  }

  // Person name at i: lexicon person, NER PER span, or capitalised proper nouns.
  bool personNameAt(std::size_t i, std::size_t& end) const {
    if (i >= forms_.size()) return false;
    if (matches_[i] && matches_[i]->kind == EntryKind::Actor &&
        lex_.actors()[matches_[i]->index].type == ActorType::Person) {
      end = matches_[i]->last;
      return true;
    }
    if (auto it = ner_.find(i); it != ner_.end() && it->second.type == "PER") {
      end = it->second.last;
      return true;
    }
    std::size_t j = i;
    while (j < forms_.size() && isCapitalised(forms_[j]) && !isPunct(forms_[j]) &&
           (!tagged_ || upos(j) == "PROPN") && !matches_[j])
      ++j;
    if (j == i || j - i > 4) return false;
    end = j;
    return true;
  }

  bool personWithTitle(std::size_t i) {
    std::size_t j = i;
    std::string of;
    std::size_t after_country = i;
    if (auto c = countryAt(i, after_country, true)) {
      of = *c;
      j = after_country;
    } else if (matches_[i] && matches_[i]->kind == EntryKind::Actor &&
               lex_.actors()[matches_[i]->index].type == ActorType::Organization) {
      of = lex_.actors()[matches_[i]->index].name;
      j = matches_[i]->last;
    } else if (matches_[i] && matches_[i]->kind == EntryKind::Capital &&
               matches_[i]->last < forms_.size() &&
               oneOf(lows_[matches_[i]->last], {"spokesman", "spokeswoman", "spokesperson", "aide",
                                                "adviser", "advisor", "official", "envoy"})) {
      // "Kremlin spokesman Dmitry Peskov", "White House spokesperson": the seat speaks for
      // its state (a capital before other titles is the city: "Kabul governor").
      of = lex_.actors()[matches_[i]->index].capital_of;
      after_country = matches_[i]->last;
      j = after_country;
    }
    std::size_t after_title = j;
    auto title = titlesAt(j, after_title);
    if (!title) return false;
    std::size_t name_end = after_title;
    if (!personNameAt(after_title, name_end) || !free(i, name_end)) return false;
    if (onlyTitles(after_title, name_end)) return false;  // "Chief Justice": a title after a title
    // A title word that opens an organisation's or a place's name ("General Motors",
    // "Prince Edward Island" as the recognizer has them) is no title.
    for (std::size_t k = i; k < after_title; ++k)
      if (auto it = ner_.find(k);
          it != ner_.end() && it->second.type != "PER" && it->second.last > after_title)
        return false;
    std::string gender = genderFromWords(i, after_title);
    Mention& m = person(i, after_title, name_end, gender);
    m.role = of.empty() ? roleWithKnownCountry(*title, m.canonical) : *title + " of " + of;
    // "Former Afghan President Ashraf Ghani": a role held before; "Acting Foreign
    // Minister Amir Khan Muttaqi": held for now.
    if (i > 0 && oneOf(lows_[i - 1], {"former", "ex", "ex-", "acting"}))
      m.role = (lows_[i - 1] == "acting" ? "acting " : "former ") + m.role;
    if (!of.empty()) m.affiliation = of;
    if (!of.empty() && j > i) {
      // The country or organisation the title names ("Afghanistan's" in "Afghanistan's
      // President Ashraf Ghani", "Taliban" in "Taliban spokesman Zabihullah Mujahid") is
      // inside the person's mention; descriptions may still mean it.
      std::size_t last = j;
      while (last > i + 1 && (lows_[last - 1] == "'s" || lows_[last - 1] == "\u2019s")) --last;
      Mention c;
      c.first = i;
      c.last = last;
      c.text = textOf(i, last);
      c.canonical = of;
      c.type = after_country > i ? ActorType::Country : ActorType::Organization;
      c.begin = sentence_->tokens[i].begin;
      c.end = sentence_->tokens[last - 1].end;
      title_actors_.push_back(std::move(c));
    }
    say("role of " + m.canonical + ": " + m.role);
    return true;
  }

  std::string roleWithKnownCountry(const std::string& title, const std::string& canonical) const {
    if (auto idx = lex_.actorByName(canonical)) {
      const CanonicalActor& a = lex_.actors()[*idx];
      if (!a.country.empty() && (title == a.role || title.find(a.role) != std::string::npos ||
                                 a.role.find(title) != std::string::npos))
        return title + " of " + a.country;
    }
    return title;
  }

  std::string genderFromWords(std::size_t first, std::size_t last) const {
    for (std::size_t i = first; i < last; ++i) {
      std::string g = lex_.genderOf(forms_[i]);
      if (!g.empty()) return g;
    }
    return "";
  }

  // Creates the PERSON mention over [first, name_end) whose name is [name_first, name_end).
  Mention& person(std::size_t first, std::size_t name_first, std::size_t name_end, std::string gender) {
    std::vector<std::string> words;
    for (std::size_t k = name_first; k < name_end; ++k)
      if (!isPunct(forms_[k])) words.push_back(entities::normalizeSurface(forms_[k]));
    std::string why;
    std::string canonical = canonicalPerson(textOf(name_first, name_end), words, gender, why);
    // "the Biden administration": the government of the country the person leads.
    if (name_end < forms_.size() && lows_[name_end] == "administration" &&
        free(first, name_end + 1))
      if (auto m = lex_.find(canonical); m && m->kind == EntryKind::Actor) {
        const CanonicalActor& a = lex_.actors()[m->index];
        if (a.type == ActorType::Person && !a.country.empty() &&
            oneOf(a.role, {"president", "prime minister"}))
          return add(first, name_end + 1, a.country, ActorType::Country, 0.85,
                     "the administration of " + a.name + ", " + a.role + " of " + a.country);
      }
    if (clauseArgument(name_first, name_end))
      for (auto& p : persons_)
        if (p.canonical == canonical) p.argument = true;
    Mention& m = add(first, name_end, canonical, ActorType::Person, 0.9, why);
    if (name_first > first && name_first < name_end) {
      m.name_text = textOf(name_first, name_end);
      m.name_begin = sentence_->tokens[name_first].begin;
    }
    appositiveRole(name_end, m);
    precedingAppositiveRole(first, name_end, m);
    return m;
  }

  std::string canonicalPerson(const std::string& text, const std::vector<std::string>& words,
                              std::string gender, std::string& why) {
    // A first name gives the gender; a word alone too ("Richard", "Carol": in conversation
    // and letters people go by their first names), unless it is the surname of someone the
    // document named before (resolved below).
    if (gender.empty()) gender = lex_.genderOf(words.front());
    if (auto m = lex_.find(text); m && m->kind == EntryKind::Actor &&
                                  lex_.actors()[m->index].type == ActorType::Person) {
      const CanonicalActor& a = lex_.actors()[m->index];
      if (a.name != text) why = "lexicon alias";
      remember(a.name, words, a.gender);
      return a.name;
    }
    if (words.size() == 1) {
      // A surname alone: the full name seen earlier in the document, then the lexicon.
      std::size_t sharing = 0;
      if (const DocPerson* p = personWithSurname(words[0], sharing)) {
        why = "surname of " + p->canonical +
              (sharing > 1 ? ", the only one of the document's people with that surname named as a clause argument"
                           : " seen earlier in the document");
        return p->canonical;
      }
      if (sharing > 1) {
        why = "surname of several people of the document: left alone";
        remember(words[0], words, gender);
        return words[0];
      }
      if (auto idx = lex_.personBySurname(words[0])) {
        why = "surname of the lexicon person " + lex_.actors()[*idx].name;
        remember(lex_.actors()[*idx].name, splitWords(lex_.actors()[*idx].name), lex_.actors()[*idx].gender);
        return lex_.actors()[*idx].name;
      }
    } else {
      for (auto& p : persons_) {
        if (p.words == words) return p.canonical;
        if (nearIdentical(p.words, words)) {
          why = "transliteration variant of " + p.canonical;
          return p.canonical;
        }
      }
      // Lexicon persons with a near-identical name (Sohail Shahin / Suhail Shaheen).
      for (const CanonicalActor& a : lex_.actors()) {
        if (a.type != ActorType::Person) continue;
        if (nearIdentical(splitWords(a.name), words)) {
          why = "transliteration variant of the lexicon person " + a.name;
          remember(a.name, words, a.gender);
          return a.name;
        }
      }
    }
    std::string canonical;
    for (auto& w : words) canonical += (canonical.empty() ? "" : " ") + w;
    remember(canonical, words, gender);
    return canonical;
  }

  void remember(const std::string& canonical, const std::vector<std::string>& words, const std::string& gender) {
    for (auto& p : persons_) {
      if (p.canonical == canonical) {
        if (words.size() > p.words.size()) p.words = words;
        if (p.gender.empty()) p.gender = gender;
        return;
      }
    }
    persons_.push_back({canonical, words, gender});
  }

  // An organisation's name of three words or more, as written and as its canonical name,
  // for shortOrganizationName().
  void rememberOrganization(std::size_t first, std::size_t last, const std::string& canonical) {
    auto keep = [&](std::vector<std::string> words) {
      if (words.size() < 3) return;
      for (const auto& [w, c] : organizations_)
        if (w == words && c == canonical) return;
      organizations_.emplace_back(std::move(words), canonical);
    };
    std::vector<std::string> written;
    for (std::size_t k = first; k < last; ++k)
      if (!isPunct(forms_[k])) written.push_back(forms_[k]);
    keep(std::move(written));
    keep(splitWords(canonical));
  }

  // "the Coalition Provisional Authority (CPA)": an acronym in brackets right after a name
  // of two capitalised words or more, whose initials it spells (skipping "of", "for",
  // "and", "the", "&"), names that actor for the rest of the document.
  void rememberAcronym(std::size_t first, std::size_t last, const std::string& canonical,
                       ActorType type) {
    if (type == ActorType::Person || type == ActorType::Other || last + 2 >= forms_.size() ||
        forms_[last] != "(" || forms_[last + 2] != ")")
      return;
    const std::string& acr = forms_[last + 1];
    if (acr.size() < 2 || acr.size() > 8 ||
        !std::all_of(acr.begin(), acr.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
      return;
    std::string initials;
    for (std::size_t k = first; k < last; ++k) {
      if (oneOf(lows_[k], {"of", "for", "and", "the", "&"}) || isPunct(forms_[k])) continue;
      if (!isCapitalised(forms_[k])) return;
      initials += forms_[k][0];
    }
    if (initials == acr) acronyms_[acr] = {canonical, type};
  }

  bool acronym(std::size_t i) {
    auto it = acronyms_.find(forms_[i]);
    if (it == acronyms_.end() || !free(i, i + 1)) return false;
    add(i, i + 1, it->second.first, it->second.second, 0.8,
        "acronym of " + it->second.first + " defined in the document");
    return true;
  }

  // The last words of an organisation's longer name seen earlier in the document, as a
  // capitalised phrase of its own: "the Resistance Front" after "the National Resistance
  // Front", as a surname after a full name. The whole run of capitalised words must be
  // that ending ("Massoud Resistance Front" is another name), of two words or more, and
  // the ending one organisation's only.
  bool shortOrganizationName(std::size_t i) {
    if (!isCapitalised(forms_[i]) ||
        (i > 0 && isCapitalised(forms_[i - 1]) && lows_[i - 1] != "the"))
      return false;
    std::size_t end = i;
    while (end < forms_.size() && !taken_[end] && isCapitalised(forms_[end])) ++end;
    if (end - i < 2 || (end < forms_.size() && isCapitalised(forms_[end]))) return false;
    const std::size_t len = end - i;
    const std::string* found = nullptr;
    const std::vector<std::string>* name = nullptr;
    for (const auto& [words, canonical] : organizations_) {
      if (words.size() <= len || !std::equal(forms_.begin() + static_cast<long>(i),
                                             forms_.begin() + static_cast<long>(end),
                                             words.end() - static_cast<long>(len)))
        continue;
      if (found && *found != canonical) return false;  // two organisations end so
      found = &canonical;
      name = &words;
    }
    if (!found) return false;
    std::string full;
    for (const std::string& w : *name) full += (full.empty() ? "" : " ") + w;
    add(i, end, *found, ActorType::Organization, 0.7,
        "the end of '" + full + "', named earlier in the document");
    return true;
  }

  // A role read from an apposition: the title and what it is "of" or "for".
  struct AppositionRole {
    std::string role;         // "head of Russian delegation"
    std::string affiliation;  // "Russia", "" for none
    std::size_t end = 0;      // one past the apposition's last word
  };

  // The role of a title at token j ("[the] Title [of|for [the] X]"), or nullopt when no title
  // starts there.
  std::optional<AppositionRole> appositionRoleAt(std::size_t j) const {
    if (j < forms_.size() && lows_[j] == "the") ++j;
    std::size_t after = j;
    auto title = titlesAt(j, after);
    if (!title) {
      if (auto t = matchAt(j, EntryKind::Title)) {
        title = t->value;
        after = t->last;
      } else {
        return std::nullopt;
      }
    }
    AppositionRole r;
    r.end = after;
    std::string of;
    bool named_body = false;  // "of the Russian International Affairs Council": a name, not the country
    // "of X"; "for X" only for a spokesman ("a spokesman for the Foreign Ministry"): a
    // representative or envoy "for Afghanistan" is sent to it.
    const bool speaker = *title == "spokesman";
    if (after < forms_.size() && (lows_[after] == "of" || (speaker && lows_[after] == "for"))) {
      std::size_t k = after + 1;
      if (k < forms_.size() && lows_[k] == "the") ++k;
      std::size_t end = k;
      if (auto c = countryAt(k, end, true)) {
        of = *c;
        r.end = end;
        // "of the Taliban delegation", "of Moscow's Ministry of Foreign Affairs": the body/group wins.
        if (auto b = matchAt(end, EntryKind::Body)) {
          of = lex_.adjectiveOf(of) + " " + b->value;
          r.end = b->last;
        } else if (end < forms_.size() && lex_.isGroupNoun(lows_[end]) &&
                   matches_[k]->kind == EntryKind::Demonym) {
          // "of the Russian delegation": the group, affiliated with the country.
          r.affiliation = of;
          of = lex_.adjectiveOf(of) + " " + lows_[end];
          r.end = end + 1;
        } else if (matches_[k]->kind == EntryKind::Demonym && end < forms_.size() &&
                   !matches_[end] && isCapitalised(forms_[end]) &&
                   std::isalpha(static_cast<unsigned char>(forms_[end][0]))) {
          // A demonym opening a capitalised name the lexicon does not know is part of
          // that name: the person works for it, not for the country.
          std::size_t e = end;
          while (e < forms_.size() && isCapitalised(forms_[e]) && std::isalpha(static_cast<unsigned char>(forms_[e][0])))
            ++e;
          of = textOf(k, e);
          named_body = true;
          r.end = e;
        }
      } else if (matches_[k] && matches_[k]->kind == EntryKind::Actor) {
        // "of the Taliban delegation": the role names the group, the affiliation the actor.
        std::string actor = lex_.actors()[matches_[k]->index].name;
        std::size_t e = matches_[k]->last;
        const bool group = e < forms_.size() && lex_.isGroupNoun(lows_[e]);
        of = group ? actor + " " + lows_[e] : actor;
        r.affiliation = actor;
        r.end = group ? e + 1 : e;
      }
    }
    r.role = of.empty() ? *title : *title + " of " + of;
    if (!of.empty() && !named_body && r.affiliation.empty()) r.affiliation = of;
    return r;
  }

  // ", [the] Title of [the] X" after a person: role (and affiliation) from an apposition.
  void appositiveRole(std::size_t i, Mention& m) {
    if (i + 1 >= forms_.size() || forms_[i] != ",") return;
    auto r = appositionRoleAt(i + 1);
    if (!r) return;
    m.role = r->role;
    if (m.affiliation.empty()) m.affiliation = r->affiliation;
    say("role of " + m.canonical + " from the apposition: " + m.role);
  }

  // "[The] Title of [the] X , Name ," before a person ("The head of the Russian delegation,
  // Zamir Kabulov, told ...", "A spokeswoman for the Foreign Ministry, Maria Zakharova,
  // said"): the role of the title the name is in apposition to. The name must be closed by
  // a comma or end the sentence, and the title phrase must open the sentence or follow a
  // comma, so that the two are one noun phrase.
  void precedingAppositiveRole(std::size_t first, std::size_t name_end, Mention& m) {
    if (!m.role.empty() || first < 3 || forms_[first - 1] != ",") return;
    if (name_end < forms_.size() && forms_[name_end] != "," && forms_[name_end] != ".") return;
    const std::size_t comma = first - 1;
    for (std::size_t j = comma >= 8 ? comma - 8 : 0; j + 1 < comma; ++j) {
      std::size_t t = j;
      if (oneOf(lows_[t], {"a", "an"})) ++t;  // "A spokesman for ...": "the" is the helper's
      auto r = appositionRoleAt(t);
      if (!r || r->end != comma) continue;
      if (j > 0 && forms_[j - 1] != ",") return;
      m.role = r->role;
      if (m.affiliation.empty()) m.affiliation = r->affiliation;
      say("role of " + m.canonical + " from the apposition before: " + m.role);
      return;
    }
  }

  // Government bodies: "Russian Foreign Ministry", "Moscow's Ministry of Foreign
  // Affairs", "Foreign Ministry of Russia", "the Afghan government".
  bool body(std::size_t i) {
    std::size_t j = i;
    std::optional<std::string> country = countryAt(i, j, true);
    if (country) {
      auto b = matchAt(j, EntryKind::Body);
      if (!b || !free(i, b->last)) return false;
      // "Afghan government forces" is a group, not the government.
      if (b->last < forms_.size() && lex_.isGroupNoun(lows_[b->last - 1] + " " + lows_[b->last])) return false;
      std::string adj = lex_.adjectiveOf(*country);
      std::string name = (adj.empty() ? *country : adj) + " " + b->value;
      Mention& m = add(i, b->last, name, ActorType::Organization, 0.9, "government body of " + *country);
      m.affiliation = *country;
      return true;
    }
    auto b = matchAt(i, EntryKind::Body);
    if (!b) return false;
    std::size_t k = b->last;
    if (k + 1 < forms_.size() && lows_[k] == "of") {
      std::size_t c = k + 1;
      if (lows_[c] == "the") ++c;
      std::size_t end = c;
      if (auto of = countryAt(c, end, false); of && free(i, end)) {
        std::string adj = lex_.adjectiveOf(*of);
        Mention& m = add(i, end, (adj.empty() ? *of : adj) + " " + b->value, ActorType::Organization, 0.9,
                         "government body of " + *of);
        m.affiliation = *of;
        return true;
      }
    }
    // A capitalised body on its own ("the Foreign Ministry") is an organization.
    if (isCapitalised(forms_[i]) && b->last - i > 1 && free(i, b->last)) {
      add(i, b->last, b->value, ActorType::Organization, 0.7, "government body");
      return true;
    }
    return false;
  }

  // The word after a coordinator at token k ("and", "or", ",", ", and"): the next conjunct
  // of a list ("Russia, China and Iran"), or 0 when k coordinates nothing.
  std::size_t conjunctAfter(std::size_t k) const {
    if (k + 1 >= forms_.size() || (lows_[k] != "and" && lows_[k] != "or" && lows_[k] != ","))
      return 0;
    std::size_t next = k + 1;
    if (lows_[k] == "," && (lows_[next] == "and" || lows_[next] == "or")) ++next;
    return next < forms_.size() ? next : 0;
  }

  // Group nouns after a demonym, country or organization: "Russian diplomats",
  // "Taliban fighters", "US troops", "Afghan nation".
  // The group noun at token j, of up to two words ("officials", "border guards"), in
  // `noun`; returns the token past it, or 0 for none.
  std::size_t groupNounAt(std::size_t j, std::string& noun) const {
    if (j + 1 < forms_.size() && lex_.isGroupNoun(lows_[j] + " " + lows_[j + 1])) {
      noun = lows_[j] + " " + lows_[j + 1];
      return j + 2;
    }
    if (j < forms_.size() && lex_.isGroupNoun(lows_[j])) {
      noun = lows_[j];
      return j + 1;
    }
    return 0;
  }

  bool group(std::size_t i) {
    std::string affiliation, adj;
    std::size_t j = i;
    if (auto c = countryAt(i, j, false)) {
      affiliation = *c;
      adj = lex_.adjectiveOf(*c);
      if (adj.empty()) adj = *c;
    } else if (matches_[i] && matches_[i]->kind == EntryKind::Actor &&
               lex_.actors()[matches_[i]->index].type == ActorType::Organization) {
      affiliation = lex_.actors()[matches_[i]->index].name;
      adj = affiliation;
      j = matches_[i]->last;
    } else {
      return false;
    }
    std::string noun;
    std::size_t end = groupNounAt(j, noun);
    // Coordinated countries before one group noun ("Chinese and Russian intelligence
    // agencies", "US, British and French troops"): one group per country, the first as the
    // mention's actor and the others in `also`.
    std::vector<std::pair<std::string, std::string>> others;  // affiliation, adjective
    if (!end && !adj.empty() && lex_.actorByName(affiliation) &&
        lex_.actors()[*lex_.actorByName(affiliation)].type == ActorType::Country) {
      std::size_t k = j;
      for (std::size_t next; !end && (next = conjunctAfter(k)) != 0;) {
        std::size_t after = next;
        auto c = countryAt(next, after, false);
        if (!c || *c == affiliation) break;
        std::string a = lex_.adjectiveOf(*c);
        others.emplace_back(*c, a.empty() ? *c : a);
        k = after;
        end = groupNounAt(k, noun);
      }
      if (!end) others.clear();
    }
    if (!end || !free(i, end)) return false;
    Mention& m = add(i, end, adj + " " + noun, ActorType::Group, 0.85, "group affiliated with " + affiliation);
    m.affiliation = affiliation;
    for (const auto& [aff, a] : others) {
      m.also.push_back({a + " " + noun, ActorType::Group, aff});
      say("also the group " + a + " " + noun + ", affiliated with " + aff);
    }
    return true;
  }

  // A group noun followed by the state or organisation it belongs to: "representatives of
  // the Taliban", "a delegation from Moscow" (a seat of government: its state), "refugees
  // from Afghanistan", and for officials also the seat or country they are in ("government
  // officials in Kabul", "the authorities in Tajikistan"; not "troops in Afghanistan"). The
  // GROUP affiliated with it, as "Taliban representatives" would be; the actor must end
  // the noun phrase ("members of the Taliban delegation" is the delegation's).
  bool groupOf(std::size_t i) {
    std::string noun;
    const std::size_t e = groupNounAt(i, noun);
    // A capitalised group noun inside a sentence opens a name ("Friends of the Earth").
    if (!e || e + 1 >= forms_.size() || (i > 0 && isCapitalised(forms_[i]))) return false;
    const std::string& prep = lows_[e];
    const bool official =
        oneOf(noun, {"officials", "government officials", "authorities", "leaders", "leadership"});
    if (prep != "of" && prep != "from" && !(prep == "in" && official)) return false;
    std::size_t p = e + 1;
    if (lows_[p] == "the") ++p;
    if (p >= forms_.size() || !matches_[p]) return false;
    const PhraseMatch& m = *matches_[p];
    // The state or organisation matched at p ("" if none), and its adjective.
    auto actorAt = [&](std::size_t at, std::string& adj) -> std::string {
      if (at >= forms_.size() || !matches_[at]) return "";
      const PhraseMatch& a = *matches_[at];
      std::string name;
      bool country = false;
      if (a.kind == EntryKind::Actor && (lex_.actors()[a.index].type == ActorType::Country ||
                                         lex_.actors()[a.index].type == ActorType::Organization)) {
        name = lex_.actors()[a.index].name;
        country = lex_.actors()[a.index].type == ActorType::Country;
      } else if (a.kind == EntryKind::Capital && prep != "of") {
        name = lex_.actors()[a.index].capital_of;  // "from Moscow", "in Kabul"
        country = true;
      }
      // A country's adjective ("Russian"); an organisation's own name ("Taliban", not its
      // member noun "Talib").
      adj = country ? lex_.adjectiveOf(name) : "";
      if (adj.empty()) adj = name;
      return name;
    };
    std::string adj;
    const std::string affiliation = actorAt(p, adj);
    if (affiliation.empty()) return false;
    std::size_t q = m.last;
    // Coordinated actors ("leaders of Russia and China", "delegations from China, Pakistan
    // and Iran"): a group of each.
    std::vector<OtherActor> others;
    for (std::size_t next; (next = conjunctAfter(q)) != 0;) {
      if (!matches_[next]) break;
      std::string other_adj;
      const std::string other = actorAt(next, other_adj);
      if (other.empty() || other == affiliation) break;
      others.push_back({other_adj + " " + noun, ActorType::Group, other});
      q = matches_[next]->last;
    }
    if (q < forms_.size() &&
        (upos(q) == "NOUN" || upos(q) == "PROPN" || forms_[q] == "'s" || forms_[q] == "’s"))
      return false;
    if (!free(i, q)) return false;
    Mention& g = add(i, q, adj + " " + noun, ActorType::Group, 0.8,
                     "group '" + noun + " " + prep + "' " + affiliation + ", affiliated with it");
    g.affiliation = affiliation;
    g.also = others;
    return true;
  }

  // "the Russian capital", "the Afghan capital": the capital of that country.
  bool capitalPhrase(std::size_t i) {
    std::size_t j = i;
    auto c = countryAt(i, j, false);
    if (!c || j >= forms_.size() || lows_[j] != "capital" || !free(i, j + 1)) return false;
    for (const CanonicalActor& a : lex_.actors()) {
      if (a.capital_of == *c) {
        placeOrState(i, j + 1, a);
        return true;
      }
    }
    return false;
  }

  // A capital or seat of government: the state when it acts, else the city.
  void placeOrState(std::size_t first, std::size_t last, const CanonicalActor& a) {
    std::string why;
    if (actsAsState(first, last, why)) {
      ActorType t = ActorType::Country;
      if (auto idx = lex_.actorByName(a.capital_of)) t = lex_.actors()[*idx].type;
      add(first, last, a.capital_of, t, 0.8, "seat of government acting for the state (" + why + ")");
    } else {
      add(first, last, a.name, ActorType::Location, 0.8, "a place (" + why + ")");
    }
  }

  bool actsAsState(std::size_t first, std::size_t last, std::string& why) const {
    static const std::initializer_list<const char*> locative = {
        "in", "at", "near", "around", "outside", "inside", "across", "into", "of", "throughout",
        "within", "over", "from", "through", "beyond", "toward", "towards", "between", "via"};
    static const std::initializer_list<const char*> motion = {
        "go", "travel", "fly", "come", "return", "arrive", "move", "flee", "bring", "head",
        "send", "deport", "walk", "drive", "visit", "relocate", "evacuate", "trip", "flight", "visit"};
    static const std::initializer_list<const char*> taken = {
        "capture",  "seize",    "take",     "occupy",   "enter",  "leave",     "reach",
        "storm",    "besiege",  "encircle", "surround", "shell",  "bomb",      "overrun",
        "liberate", "evacuate", "control",  "hold",     "retake", "recapture", "visit",
        "abandon",  "defend",   "fortify",  "blockade"};
    static const std::initializer_list<const char*> place_nouns = {
        "streets", "street", "center", "centre", "outskirts", "suburbs", "residents", "airport",
        "metro", "square", "squares", "districts", "district", "mayor", "people", "walls",
        "hotels", "hotel", "streets", "population", "citizens", "inhabitants", "neighborhoods"};
    if (parsed_) {
      std::size_t h = headOf(first, last);
      const Token& t = sentence_->tokens[h];
      std::string rel = t.deprel;
      std::size_t gov = t.head > 0 ? static_cast<std::size_t>(t.head - 1) : h;
      if (rel == "conj" && t.head > 0) {  // a conjunct acts like the first conjunct
        rel = sentence_->tokens[gov].deprel;
        gov = sentence_->tokens[gov].head > 0 ? static_cast<std::size_t>(sentence_->tokens[gov].head - 1) : gov;
      }
      std::string base = rel.substr(0, rel.find(':'));
      // A city taken, held or entered is the city ("the Taliban captured Kabul", "Kabul was
      // captured by the Taliban").
      if ((base == "obj" || rel == "nsubj:pass") && gov != h &&
          oneOf(lower(sentence_->tokens[gov].lemma), taken)) {
        why = rel + " of '" + lower(sentence_->tokens[gov].lemma) + "'";
        return false;
      }
      if (base == "nsubj" || base == "obj" || base == "iobj" || rel == "obl:agent" || base == "csubj") {
        why = rel;
        return true;
      }
      if (base == "nmod" && rel == "nmod:poss") {
        why = rel;
        return !oneOf(lows_[gov], place_nouns);
      }
      if (base == "obl" || base == "nmod") {
        std::string prep;
        for (std::size_t k = 0; k < forms_.size(); ++k)
          if (sentence_->tokens[k].head == static_cast<int>(h + 1) && sentence_->tokens[k].deprel == "case")
            prep = lows_[k];
        why = rel + (prep.empty() ? "" : " '" + prep + "'");
        if (prep.empty() || oneOf(prep, locative)) return false;
        std::string gov_lemma = lower(sentence_->tokens[gov].lemma);
        if (prep == "to" && (oneOf(gov_lemma, motion) || oneOf(lows_[gov], motion))) return false;
        return true;
      }
      why = rel;
      return false;
    }
    // No parse: the word before decides.
    std::size_t k = first;
    while (k > 0 && oneOf(lows_[k - 1], {"the", "a"})) --k;
    if (last < forms_.size() && (forms_[last] == "'s" || forms_[last] == "’s") && last + 1 < forms_.size() &&
        oneOf(lows_[last + 1], place_nouns)) {
      why = "possessor of a place";
      return false;
    }
    if (k > 0 && oneOf(lows_[k - 1], locative)) {
      why = "after '" + lows_[k - 1] + "'";
      return false;
    }
    if (k > 0 && lows_[k - 1] == "to" && k > 1 && oneOf(lows_[k - 2], motion)) {
      why = "destination";
      return false;
    }
    why = k > 0 ? "after '" + lows_[k - 1] + "'" : "sentence start";
    return true;
  }

  bool lexiconActor(std::size_t i) {
    if (!matches_[i]) return false;
    const PhraseMatch& m = *matches_[i];
    if (!free(i, m.last)) return false;
    // The surname of a person the document named in full is that person, also when it is
    // a place's name ("Valeska Paris ... Paris was born in Switzerland").
    if (m.last == i + 1 && m.kind != EntryKind::Title && m.kind != EntryKind::Demonym &&
        std::any_of(persons_.begin(), persons_.end(), [&](const DocPerson& p) {
          return p.words.size() > 1 && p.words.back() == forms_[i];
        })) {
      person(i, i, i + 1, "");
      return true;
    }
    if (m.kind == EntryKind::Capital) {
      placeOrState(i, m.last, lex_.actors()[m.index]);
      return true;
    }
    if (m.kind == EntryKind::Place) {
      // Subdivision names are common words too: only when the recognizer agrees.
      auto it = ner_.find(i);
      if (it == ner_.end() || it->second.type != "LOC" || it->second.last != m.last) return false;
      add(i, m.last, lex_.actors()[m.index].name, ActorType::Location, 0.8, "");
      return true;
    }
    if (m.kind != EntryKind::Actor) return false;
    const CanonicalActor& a = lex_.actors()[m.index];
    // Lower-case text for an upper-case name (e.g. "who" vs WHO) is not a match: the
    // lexicon is case-sensitive, but guard against sentence-initial function words.
    if (a.type == ActorType::Person) {
      person(i, i, m.last, a.gender);
      return true;
    }
    add(i, m.last, a.name, a.type, 0.95, a.name != textOf(i, m.last) ? "lexicon alias" : "");
    return true;
  }

  bool nerSpan(std::size_t i) {
    auto it = ner_.find(i);
    if (it == ner_.end()) return false;
    entities::NerSpan span = it->second;
    if (lows_[span.first] == "the" && span.last - span.first > 1) ++span.first;
    if (span.type == "PER") extendByFlatName(span);
    if (!free(span.first, span.last)) return false;
    // The lexicon knows better what a recognised name stands for ("the Kremlin").
    if (span.first != i && (personWithTitle(span.first) || body(span.first) || group(span.first) ||
                            capitalPhrase(span.first) || lexiconActor(span.first)))
      return true;
    std::string text = textOf(span.first, span.last);
    // A name that a place noun names is a place, whatever the recognizer says ("the
    // northern province of Panjshir").
    if (span.type == "PER" && parsed_ && placeNamed(*sentence_, headOf(span.first, span.last)))
      span.type = "LOC";
    // A name that a person noun is called by is a person's ("a Tajik woman named
    // [Khursheda]"), whatever the recognizer says; the noun gives the gender.
    std::optional<std::string> named_gender;
    if (parsed_) named_gender = personNamed(*sentence_, headOf(span.first, span.last));
    if (named_gender) span.type = "PER";
    // A name ending in an organisation or place the lexicon knows is of its kind ("the
    // Afghan Taliban"), whatever the recognizer says.
    for (std::size_t k = span.first + 1; span.type == "PER" && k < span.last; ++k) {
      auto known = lex_.find(textOf(k, span.last));
      if (!known || known->kind != EntryKind::Actor) continue;
      ActorType t = lex_.actors()[known->index].type;
      if (t != ActorType::Person)
        span.type = t == ActorType::Organization || t == ActorType::Group ? "ORG" : "LOC";
    }
    if (span.type == "PER" && onlyTitles(span.first, span.last)) return false;
    if (span.type == "PER") {
      std::string gender = genderFromWords(span.first > 0 ? span.first - 1 : 0, span.first);
      if (gender.empty() && named_gender) gender = *named_gender;
      person(span.first, span.first, span.last, gender);
      return true;
    }
    // A world region is a place ("terrorists could infiltrate Central Asia", typed an
    // organisation by the recognizer).
    if (std::string region = lex_.regionOf(text); !region.empty()) {
      add(span.first, span.last, region, ActorType::Location, 0.85, "a region");
      return true;
    }
    if (auto m = lex_.find(text); m && (m->kind == EntryKind::Actor || m->kind == EntryKind::Place)) {
      const CanonicalActor& a = lex_.actors()[m->index];
      add(span.first, span.last, a.name, a.type, 0.85, "recognised, then found in the lexicon");
      return true;
    }
    if (span.type == "ORG") add(span.first, span.last, entities::normalizeSurface(text), ActorType::Organization, 0.75, "");
    else add(span.first, span.last, entities::normalizeSurface(text), ActorType::Location, 0.75, "");
    return true;
  }

  // A person's name goes on over capitalised proper nouns the parser joins to it with
  // `flat` (to a word of the name, or beside it to the same head): "Biologist [Nick] Bos",
  // where the recognizer stopped at the first name.
  void extendByFlatName(entities::NerSpan& span) const {
    if (!parsed_) return;
    const auto& toks = sentence_->tokens;
    auto inSpan = [&](int head) {
      return head > static_cast<int>(span.first) && head <= static_cast<int>(span.last);
    };
    while (span.last < toks.size() && span.last - span.first < 5) {
      const Token& t = toks[span.last];
      if (t.deprel != "flat" || t.upos != "PROPN" || !isCapitalised(t.form) || taken_[span.last])
        break;
      if (oneOf(lows_[span.last],
                {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                 "january", "february", "march", "april", "may", "june", "july", "august",
                 "september", "october", "november", "december"}))
        break;  // "Wikinews interviews Aner Shalev Wednesday"
      const Token& first = toks[span.first];
      if (!inSpan(t.head) && !(first.deprel == "flat" && t.head == first.head)) break;
      ++span.last;
    }
  }

  // The surname of a lexicon person alone, as a proper noun, when the recognizer saw no
  // name there ("Lavrov met with the Taliban delegation": the first word of a sentence).
  bool lexiconSurname(std::size_t i) {
    if (!tagged_ || upos(i) != "PROPN" || !isCapitalised(forms_[i]) || !free(i, i + 1))
      return false;
    if (i + 1 < forms_.size() && upos(i + 1) == "PROPN" && isCapitalised(forms_[i + 1]))
      return false;
    if (i > 0 && upos(i - 1) == "PROPN" && isCapitalised(forms_[i - 1])) return false;
    if (!lex_.personBySurname(forms_[i])) return false;
    person(i, i, i + 1, "");
    return true;
  }

  // "the Chinese", "Afghans" used as a noun: a GROUP affiliated with the country.
  bool demonymAlone(std::size_t i) {
    auto d = matchAt(i, EntryKind::Demonym);
    if (!d || !free(i, d->last)) return false;
    std::size_t next = d->last;
    bool noun_follows;
    if (next >= forms_.size()) noun_follows = false;
    else if (tagged_) noun_follows = oneOf(upos(next), {"NOUN", "PROPN", "ADJ", "NUM"});
    else noun_follows = !(isPunct(forms_[next]) ||
                          oneOf(lows_[next], {"to", "and", "or", "are", "were", "have", "had", "will", "would",
                                              "say", "said", "in", "of", "who", "that", "do", "did", "also",
                                              "can", "could", "should", "must", "may"}));
    if (noun_follows) return false;
    bool plural = lows_[i].back() == 's' || (i > 0 && lows_[i - 1] == "the");
    if (!plural) return false;
    Mention& m = add(i, d->last, textOf(i, d->last), ActorType::Group, 0.7, "people of " + d->value);
    m.affiliation = d->value;
    return true;
  }

  // ---------- coreference ----------
  struct Candidate {
    const Mention* mention;
    std::size_t sentence;
    bool subject;
  };

  // Whether mention `m` of this sentence is the subject of a verb above word `i` in the
  // same clause, or in clauses that share it (conj, xcomp): "The former Soviet Union has
  // its own experience in [that country]". A description there names something else, as
  // a name would; in a reported or subordinate clause it may not ("The Taliban ...
  // representatives said that [the movement] has no plans").
  bool subjectAbove(const Mention& m, std::size_t i) const {
    if (!parsed_) return false;
    const auto& toks = sentence_->tokens;
    std::size_t h = headOf(m.first, m.last);
    if (toks[h].deprel.rfind("nsubj", 0) != 0 || toks[h].head <= 0) return false;
    const int verb = toks[h].head;
    int cur = static_cast<int>(i) + 1;
    for (std::size_t hops = 0; cur > 0 && hops < toks.size(); ++hops) {
      if (cur == verb) return true;
      const Token& t = toks[static_cast<std::size_t>(cur - 1)];
      std::string_view base = std::string_view(t.deprel).substr(0, t.deprel.find(':'));
      if (base == "ccomp" || base == "parataxis" || base == "advcl" || base == "acl" || base == "csubj") return false;
      cur = t.head;
    }
    return false;
  }

  // Whether a word of `m` is a subject, or `m` names the place noun that is ("The
  // western province of [Herat] fell to the Taliban").
  bool isSubject(const Sentence& s, const Mention& m) const {
    for (std::size_t k = m.first; k < m.last && k < s.tokens.size(); ++k) {
      if (s.tokens[k].deprel.rfind("nsubj", 0) == 0) return true;
      if (s.tokens[k].head > 0 && s.tokens[k].head - 1 >= static_cast<int>(m.first) &&
          s.tokens[k].head - 1 < static_cast<int>(m.last))
        continue;  // not the mention's head
      if (auto noun = placeNamed(s, k)) return s.tokens[*noun].deprel.rfind("nsubj", 0) == 0;
    }
    return false;
  }

  // Antecedents before token `pos` of this sentence and in the two sentences before, by
  // salience: subjects of this sentence (nearest first), subjects of the previous
  // sentence, the other mentions of this sentence (nearest first), then the rest of the
  // previous sentence and the sentence before it (subjects first, nearest first). A
  // subject outranks a name buried in a phrase of the pronoun's own sentence
  // ("Byron ... Placed under the care of a Dr. Bailey, he ..." is Byron).
  std::vector<Candidate> candidates(std::size_t pos) const {
    std::vector<Candidate> here, previous, rest;
    for (std::size_t back = 0; back <= 2 && back <= sentence_index_; ++back) {
      const Sentence& s = doc_.sentences[sentence_index_ - back];
      std::vector<Candidate> sentence;
      for (const Mention& m : s.mentions) {
        if (back == 0 && m.last > pos) continue;
        if (m.canonical.empty()) continue;
        sentence.push_back({&m, sentence_index_ - back, isSubject(s, m)});
      }
      std::stable_sort(sentence.begin(), sentence.end(), [](const Candidate& a, const Candidate& b) {
        if (a.subject != b.subject) return a.subject;
        return a.mention->first > b.mention->first;
      });
      (back == 0 ? here : back == 1 ? previous : rest).insert(
          (back == 0 ? here : back == 1 ? previous : rest).end(), sentence.begin(), sentence.end());
    }
    std::vector<Candidate> out;
    auto take = [&](const std::vector<Candidate>& from, bool subjects) {
      for (const Candidate& c : from)
        if (c.subject == subjects) out.push_back(c);
    };
    take(here, true);
    take(previous, true);
    take(here, false);
    take(previous, false);
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
  }

  // Whether a PERSON mention can be the antecedent of he/she: not a plural ("Senators",
  // "the Sams"), not a bare title or honorific ("Secretary", "Lord", "President"), not God
  // in an exclamation and not a name modifying a noun.
  bool namesOnePerson(const Candidate& c) const {
    const Mention& m = *c.mention;
    const Sentence& s = doc_.sentences[c.sentence];
    if (m.last == 0 || m.last > s.tokens.size()) return false;
    const Token& last = s.tokens[m.last - 1];
    if (last.xpos == "NNS" || last.xpos == "NNPS") return false;
    if (m.last - m.first == 1 && titleWord(last.form)) return false;
    if (m.last - m.first == 1 && exclamation(s, m.first)) return false;
    // A name modifying a noun is no referent ("this whole Ahab quality").
    if (last.deprel == "compound" && last.head > 0 &&
        s.tokens[static_cast<std::size_t>(last.head - 1)].upos == "NOUN")
      return false;
    return true;
  }

  // Whether the name at token `k` is God's (or the Lord's, Christ's) in an exclamation,
  // which refers to no one the text goes on about: "for God's sake", "thank God", "oh my
  // God", "God knows", "God forbid", "so help me God", "I swear to God", or a discourse
  // word of the parse.
  static bool exclamation(const Sentence& s, std::size_t k) {
    auto low = [&](long i) {
      return i >= 0 && i < static_cast<long>(s.tokens.size())
                 ? lower(s.tokens[static_cast<std::size_t>(i)].form)
                 : std::string();
    };
    const long i = static_cast<long>(k);
    if (!oneOf(low(i), {"god", "lord", "christ", "jesus", "gosh"})) return false;
    if (s.tokens[k].deprel == "discourse") return true;
    const std::string prev = low(i - 1), prev2 = low(i - 2), next = low(i + 1);
    if (prev == "for" && oneOf(next, {"'s", "\u2019s", "sake", "sakes"})) return true;
    if (oneOf(prev, {"thank", "oh", "omg"}) ||
        (prev == "my" && (prev2.empty() || prev2 == "oh" || isPunct(prev2))))
      return true;
    if (oneOf(next, {"knows", "forbid", "bless", "damn", "willing"}) && prev != "the") return true;
    if (prev == "me" && prev2 == "help") return true;
    return prev == "to" && oneOf(prev2, {"swear", "hope"});
  }

  // A title or honorific ("President", "Mr.", "Justice"), from the lexicon or this list.
  bool titleWord(const std::string& form) const {
    if (auto t = lex_.find(form); t && t->kind == EntryKind::Title) return true;
    return oneOf(
        lower(form),
        {"secretary", "president", "senator", "minister", "justice", "judge",     "governor",
         "lord",      "lady",      "king",    "queen",    "emperor", "empress",   "prince",
         "princess",  "chairman",  "general", "colonel",  "captain", "professor", "dr",
         "dr.",       "mr",        "mr.",     "mrs",      "mrs.",    "ms",        "ms.",
         "sir",       "madam",     "pope",    "bishop",   "mayor",   "sheikh",    "doctor"});
  }

  // Whether tokens [first, last) are only titles and honorifics ("Mr. Chief Justice",
  // "Your Honor"): a way of addressing someone, not a name.
  bool onlyTitles(std::size_t first, std::size_t last) const {
    bool any = false;
    for (std::size_t k = first; k < last; ++k) {
      if (isPunct(forms_[k])) continue;
      if (!titleWord(forms_[k]) &&
          !oneOf(lows_[k], {"chief", "vice", "deputy", "your", "his", "her", "honor", "honour",
                            "excellency", "majesty", "highness", "grace", "lordship"}))
        return false;
      any = true;
    }
    return any;
  }

  // What a pronoun agrees with.
  enum class Agreement { Male, Female, Neuter, Plural };

  // A noun the pronoun may mean instead of an actor, and where it is.
  struct Competitor {
    std::size_t sentence;  // sentence index
    std::size_t token;     // token index
    std::string form;      // the noun
  };

  // Whether candidate `c` is the subject of a clause the pronoun at `pos` belongs to
  // ("the Taliban ... announced that they control", "Russia will never allow its ..."):
  // the antecedent then needs no check for nouns in between. The path from the pronoun's
  // head up to the subject's verb must not pass through a noun ("Putin thanked the
  // soldier who had saved his life" is not such a path).
  bool governs(const Candidate& c, std::size_t pos) const {
    if (!parsed_ || c.sentence != sentence_index_ || !c.subject || c.mention->resolved_reference) return false;
    const auto& toks = sentence_->tokens;
    std::size_t subj = c.mention->first;
    while (subj < c.mention->last && toks[subj].deprel.rfind("nsubj", 0) != 0) ++subj;
    if (subj >= c.mention->last || toks[subj].head <= 0) return false;
    std::size_t verb = static_cast<std::size_t>(toks[subj].head - 1);
    // A coordinated or paratactic clause is a clause of its own ("Russia announced a plan,
    // and Lavrov defended it").
    auto own = [&](std::size_t k) {
      return toks[k].deprel.rfind("conj", 0) == 0 || toks[k].deprel.rfind("parataxis", 0) == 0;
    };
    if (own(pos)) return false;
    int h = toks[pos].head;
    for (int steps = 0; h > 0 && steps < 12; ++steps) {
      std::size_t k = static_cast<std::size_t>(h - 1);
      if (k == verb) return true;
      if (steps > 0 && (toks[k].upos == "NOUN" || toks[k].upos == "PROPN")) return false;
      if (own(k)) return false;
      h = toks[k].head;
    }
    return false;
  }

  // Whether candidate `c` is the subject of the verb whose object the pronoun at `pos` is
  // ("him", "her", "them", "it", not reflexive nor possessive), which it then cannot mean
  // (binding's principle B: "Pachomius called on him", "The Tsar employed him and raised
  // him"): the verb's own subject, or, for a verb without one, that of the verb it is
  // coordinated with or completes ("appointed him" of "Pachomius called on him ... and
  // eventually appointed him"). An object after "with", "near" or another preposition of
  // place may be the subject ("He took his wife with him").
  bool clauseMate(const Candidate& c, std::size_t pos) const {
    if (!parsed_ || c.sentence != sentence_index_ || c.mention->resolved_reference) return false;
    const auto& toks = sentence_->tokens;
    if (!oneOf(lows_[pos], {"him", "her", "them", "it"})) return false;
    const std::string& rel = toks[pos].deprel;
    if (rel != "obj" && rel != "iobj" && rel.rfind("obl", 0) != 0) return false;
    if (rel.rfind("obl", 0) == 0) {
      bool ok = false;  // a case marker of the ones that bind
      for (std::size_t k = 0; k < toks.size(); ++k)
        if (toks[k].head == static_cast<int>(pos) + 1 && toks[k].deprel == "case")
          ok = oneOf(lower(toks[k].form),
                     {"to", "on", "at", "about", "for", "from", "against", "of"});
      if (!ok) return false;
    }
    if (toks[pos].head <= 0) return false;
    std::size_t verb = static_cast<std::size_t>(toks[pos].head - 1);
    for (int steps = 0; steps < 4; ++steps) {
      std::optional<std::size_t> subj;
      for (std::size_t k = 0; k < toks.size(); ++k)
        if (toks[k].head == static_cast<int>(verb) + 1 && toks[k].deprel.rfind("nsubj", 0) == 0)
          subj = k;
      if (subj) return *subj >= c.mention->first && *subj < c.mention->last;
      const std::string& vrel = toks[verb].deprel;
      if ((vrel.rfind("conj", 0) != 0 && vrel != "xcomp") || toks[verb].head <= 0) return false;
      verb = static_cast<std::size_t>(toks[verb].head - 1);
    }
    return false;
  }

  // The first candidate, in salience order, that `fits` and that no agreeing noun
  // separates from the pronoun at `pos` (nor surrounds, with `embedded`); a noun found
  // between blocks that candidate and, with `past_blocks`, only the candidates before the
  // noun, not the ones after it ("Russia will never allow its security sphere to fall into
  // the hands of Pakistan and its allies": the second "its" is Pakistan); without it, the
  // pronoun stays unresolved (he/she: on GUM test, going on past a person noun cost
  // precision). `blocked` gets the last blocking noun.
  template <typename Fits>
  std::optional<Candidate> choose(std::size_t pos, Agreement agreement, bool embedded, bool past_blocks,
                                  Fits fits, std::string& blocked) const {
    std::optional<std::pair<std::size_t, std::size_t>> barrier;
    for (const Candidate& c : candidates(pos)) {
      if (!fits(c)) continue;
      if (barrier && std::make_pair(c.sentence, c.mention->first) < *barrier) continue;
      if (governs(c, pos)) return c;
      auto other = competitorBetween(c, pos, agreement);
      if (!other && embedded) other = embeddingNoun(c, agreement);
      if (!other && agreement == Agreement::Plural) other = pluralSubjectNoun(c, pos);
      if (other) {
        auto at = std::make_pair(other->sentence, other->token);
        if (!barrier || *barrier < at) barrier = at;
        blocked = other->form + "' stands between it and " + c.mention->canonical;
        if (!past_blocks) return std::nullopt;
        continue;
      }
      return c;
    }
    return std::nullopt;
  }

  // The common noun that candidate `c` is buried in and that agrees with it/they ("a
  // decree abolishing the United States Congress", "the streets of Moscow"): the
  // pronoun more likely means the whole phrase. "" when none within two steps up.
  std::optional<Competitor> embeddingNoun(const Candidate& c, Agreement agreement) const {
    const Sentence& s = doc_.sentences[c.sentence];
    const Mention& m = *c.mention;
    if (m.resolved_reference || m.last > s.tokens.size() || s.tokens.empty() || s.tokens[0].head < 0) return std::nullopt;
    std::size_t head = m.last - 1;
    for (std::size_t k = m.first; k < m.last; ++k) {
      int h = s.tokens[k].head;
      if (h <= 0 || static_cast<std::size_t>(h - 1) < m.first || static_cast<std::size_t>(h - 1) >= m.last) {
        head = k;
        break;
      }
    }
    if (placeNamed(s, head)) return std::nullopt;  // "the province of Panjshir" is Panjshir
    std::size_t k = head;
    for (int step = 0; step < 2; ++step) {
      int h = s.tokens[k].head;
      if (h <= 0) return std::nullopt;
      k = static_cast<std::size_t>(h - 1);
      const Token& t = s.tokens[k];
      if (t.upos != "NOUN") continue;
      std::string lemma = lemmaOf(t);
      if (personNoun(lemma)) return std::nullopt;
      bool plural = t.feats.find("Number=Plur") != std::string::npos || t.xpos == "NNS";
      if (plural == (agreement == Agreement::Plural)) return Competitor{c.sentence, k, t.form};
      return std::nullopt;
    }
    return std::nullopt;
  }

  // Whether the pronoun at `pos` is the subject of a verb of will ("Wouldn't it want to
  // lock a customer into its own repair network", "it decided", "it plans to"), which only
  // an actor does: a thing named in between is no referent.
  bool willingSubjectAt(std::size_t pos) const {
    if (!parsed_ || pos >= sentence_->tokens.size()) return false;
    const Token& t = sentence_->tokens[pos];
    if (t.deprel != "nsubj" || t.head <= 0) return false;
    const std::string verb = lemmaOf(sentence_->tokens[static_cast<std::size_t>(t.head - 1)]);
    return oneOf(verb, {"want", "decide", "plan", "intend", "hope", "wish", "agree", "promise",
                        "threaten", "seek", "choose", "vow", "pledge"});
  }

  // Whether word `pos` of this sentence is the subject of a verb of saying.
  bool speakerAt(std::size_t pos) const {
    if (!parsed_ || pos >= sentence_->tokens.size()) return false;
    const Token& t = sentence_->tokens[pos];
    if (t.deprel != "nsubj" || t.head <= 0) return false;
    return speechVerb(sentence_->tokens[static_cast<std::size_t>(t.head - 1)]);
  }

  // Whether word k of `s` hangs (through at most three nmod arcs) from a copular
  // predicate whose subject is mention `m`, or the place noun `m` names.
  static bool inPredicateOf(const Sentence& s, std::size_t k, const Mention& m) {
    const auto inside = [&](std::size_t j) { return m.first <= j && j < m.last; };
    if (k >= s.tokens.size()) return false;
    for (int step = 0; step < 3; ++step) {
      const Token& t = s.tokens[k];
      if (t.head <= 0 || t.deprel.rfind("nmod", 0) != 0) return false;
      const int pred = t.head;
      k = static_cast<std::size_t>(pred - 1);
      bool copula = false, subject = false;
      for (std::size_t j = 0; j < s.tokens.size(); ++j) {
        const Token& d = s.tokens[j];
        if (d.head != pred) continue;
        if (d.deprel == "cop") copula = true;
        if (d.deprel != "nsubj") continue;
        subject = subject || inside(j);
        for (std::size_t w = m.first; w < m.last && w < s.tokens.size(); ++w)
          subject = subject || placeNamed(s, w) == j;
      }
      if (copula && subject) return true;
    }
    return false;
  }

  // The place noun that word `head` of `s` names ("the province of [Panjshir]",
  // "[Jiangsu] province", "the city of [Herat]"), if any.
  static std::optional<std::size_t> placeNamed(const Sentence& s, std::size_t head) {
    const Token& t = s.tokens[head];
    if (t.head <= 0) return std::nullopt;
    const std::size_t noun = static_cast<std::size_t>(t.head - 1);
    if (!oneOf(lower(s.tokens[noun].form), {"province", "city", "town", "village", "district", "region", "valley",
                                            "state", "island", "capital", "county", "republic"}))
      return std::nullopt;
    if (t.deprel == "compound" && head < noun) return noun;
    if (t.deprel.rfind("nmod", 0) != 0 || head < noun) return std::nullopt;
    for (std::size_t k = noun + 1; k < head; ++k)
      if (s.tokens[k].head == static_cast<int>(head) + 1 && s.tokens[k].deprel == "case" && lower(s.tokens[k].form) == "of")
        return noun;
    return std::nullopt;
  }

  // The gender ("" unknown) of the person noun that word `head` of `s` is the name of
  // ("a woman named [Khursheda]", "a man called [Ali]": the name is the object or
  // predicate of "name"/"call" in a participle clause on the noun); nullopt otherwise.
  static std::optional<std::string> personNamed(const Sentence& s, std::size_t head) {
    const Token& t = s.tokens[head];
    if (t.head <= 0 || (t.deprel != "xcomp" && t.deprel.rfind("obj", 0) != 0)) return std::nullopt;
    const Token& verb = s.tokens[static_cast<std::size_t>(t.head - 1)];
    if (!oneOf(lower(verb.lemma), {"name", "call"}) || verb.deprel.rfind("acl", 0) != 0 ||
        verb.head <= 0)
      return std::nullopt;
    return personNoun(lower(s.tokens[static_cast<std::size_t>(verb.head - 1)].lemma));
  }

  // The gender of a common noun that names a person ("man" -> "male", "doctor" -> ""),
  // nullopt when it names no person.
  static std::optional<std::string> personNoun(const std::string& lemma) {
    if (oneOf(lemma, {"man", "boy", "father", "husband", "son", "brother", "king", "prince", "uncle",
                      "grandfather", "gentleman", "lord", "guy", "dad", "nephew", "monk", "priest", "businessman",
                      "chairman", "spokesman", "sir", "emperor", "bishop"}))
      return "male";
    if (oneOf(lemma, {"woman", "girl", "mother", "wife", "daughter", "sister", "queen", "princess", "aunt",
                      "grandmother", "lady", "mom", "mum", "niece", "nun", "actress", "widow", "businesswoman",
                      "chairwoman", "spokeswoman", "madam", "empress"}))
      return "female";
    if (oneOf(lemma, {"person", "child", "baby", "kid", "friend", "parent", "doctor", "patient", "player",
                      "student", "teacher", "lawyer", "officer", "soldier", "victim", "individual", "owner",
                      "driver", "writer", "author", "artist", "partner", "colleague", "neighbor", "neighbour",
                      "wizard", "stranger", "worker", "employee", "reporter", "journalist", "judge", "witness",
                      "suspect", "plaintiff", "defendant", "customer", "user", "member", "leader", "expert",
                      "scientist", "researcher", "candidate", "nurse", "pilot", "captain", "guard", "servant",
                      "master", "boss", "manager", "director", "professor", "cousin", "relative", "teenager",
                      "adult", "speaker", "narrator", "character", "hero", "fighter", "official", "cricketer"}))
      return "";
    return std::nullopt;
  }

  // A plural common noun kg did not recognise, subject of a non-subject candidate's own
  // sentence ("the authorities set up camps for Afghan refugees. They ..."): as the
  // subject it is the more salient referent of "they".
  std::optional<Competitor> pluralSubjectNoun(const Candidate& c, std::size_t pos) const {
    if (c.subject) return std::nullopt;
    const Sentence& s = doc_.sentences[c.sentence];
    if (!parsedSentence(s)) return std::nullopt;
    std::size_t end = c.sentence == sentence_index_ ? std::min(pos, s.tokens.size()) : s.tokens.size();
    for (std::size_t k = 0; k < end; ++k) {
      const Token& t = s.tokens[k];
      if (t.upos != "NOUN" || t.deprel != "nsubj") continue;
      if (std::any_of(s.mentions.begin(), s.mentions.end(), [&](const Mention& m) { return m.first <= k && k < m.last; }))
        continue;
      if (t.feats.find("Number=Plur") != std::string::npos || t.xpos == "NNS") return Competitor{c.sentence, k, t.form};
    }
    return std::nullopt;
  }

  // A common noun heading an argument between candidate `c` and the pronoun at `pos`
  // that agrees with the pronoun, which then more likely means it than the actor ("the
  // man who rode beside him", "the procession ... it"): the noun, or "" when none.
  std::optional<Competitor> competitorBetween(const Candidate& c, std::size_t pos, Agreement agreement) const {
    if (!parsed_) return std::nullopt;
    for (std::size_t si = c.sentence; si <= sentence_index_; ++si) {
      const Sentence& s = doc_.sentences[si];
      std::size_t from = si == c.sentence ? c.mention->last : 0;
      std::size_t to = si == sentence_index_ ? std::min(pos, s.tokens.size()) : s.tokens.size();
      for (std::size_t k = from; k < to; ++k) {
        const Token& t = s.tokens[k];
        if (t.upos != "NOUN" && t.upos != "PROPN") continue;
        if (std::any_of(s.mentions.begin(), s.mentions.end(),
                        [&](const Mention& m) { return m.first <= k && k < m.last; }))
          continue;
        // A conjunct of a noun stands where its first conjunct stands ("An undistinguished
        // student and an unskilled cricketer, he ...": both describe "he").
        const Token* first = &t;
        for (int steps = 0; steps < 8 && first->deprel == "conj" && first->head > 0; ++steps) {
          const Token& h = s.tokens[static_cast<std::size_t>(first->head - 1)];
          if (h.upos != "NOUN" && h.upos != "PROPN") break;
          first = &h;
        }
        std::string rel = first->deprel.substr(0, first->deprel.find(':'));
        // Appositions and predicates name the antecedent itself ("Norton, a businessman").
        if (!oneOf(rel, {"nsubj", "obj", "iobj", "obl", "nmod", "conj"}) ||
            oneOf(first->deprel, {"obl:tmod", "obl:npmod", "nmod:tmod", "nmod:npmod",
                                  "nmod:unmarked", "obl:unmarked"}))
          continue;
        // "as a businessman" describes someone of its clause, like a predicate ("Norton made
        // a living as a businessman, but he lost his fortune").
        if (std::any_of(s.tokens.begin(), s.tokens.end(), [&](const Token& d) {
              return d.head == static_cast<int>(k + 1) && d.deprel == "case" &&
                     lower(d.form) == "as";
            }))
          continue;
        std::string lemma = lemmaOf(t);
        // A speaker is a person or a group: "the authorities set up tent camps ... They also
        // announced" is not about the camps. ("It says" may be a sign or a report.)
        if ((agreement != Agreement::Neuter ? speakerAt(pos) : willingSubjectAt(pos)) &&
            !personNoun(lemma) && !lex_.isGroupNoun(lower(t.form)) && t.upos != "PROPN")
          continue;
        // Nouns inside the predicate of the candidate's copular clause describe it ("[The
        // province of Panjshir] is the only pocket of resistance to the Taliban. It ...").
        if (si == c.sentence && rel == "nmod" && inPredicateOf(s, k, *c.mention)) continue;
        bool plural = t.feats.find("Number=Plur") != std::string::npos || t.xpos == "NNS" || t.xpos == "NNPS";
        // A name kg did not recognise ("The House", "Fort Pillow") may be the referent of
        // it/they, when it is a subject, object or noun modifier (not "on Monday"). Not for
        // he/she: names of persons are recognised, and on GUM dev/test this cost more
        // right resolutions than it saved.
        bool proper = t.upos == "PROPN";
        bool personal = agreement == Agreement::Male || agreement == Agreement::Female;
        if (proper && (personal || !oneOf(rel, {"nsubj", "obj", "iobj", "nmod"}) ||
                       oneOf(lemma, {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                                     "january", "february", "march", "april", "may", "june", "july", "august",
                                     "september", "october", "november", "december"})))
          continue;
        // A capitalised title is a person too ("Madam Speaker, ... in the Senate. ... it").
        auto person = proper ? personNoun(lower(lemma)) : personNoun(lemma);
        // "his mother", "her father": a relative of the pronoun's referent, not the referent
        // ("my father" is someone else's: the narrator's).
        if (person && std::any_of(s.tokens.begin(), s.tokens.end(), [&](const Token& d) {
              return d.head == static_cast<int>(k + 1) && d.deprel == "nmod:poss" && d.upos == "PRON" &&
                     !oneOf(lower(d.form), {"my", "our", "your"});
            }))
          continue;
        bool agrees = false;
        switch (agreement) {
          case Agreement::Male:
            agrees = !plural && person && *person != "female";
            break;
          case Agreement::Female:
            agrees = !plural && person && *person != "male";
            break;
          case Agreement::Neuter:
            agrees = !plural && !person;
            break;
          case Agreement::Plural:
            agrees = plural;
            break;
        }
        if (agrees) return Competitor{si, k, t.form};
      }
    }
    return std::nullopt;
  }

  std::string genderOfCanonical(const std::string& canonical) const {
    for (auto& p : persons_)
      if (p.canonical == canonical && !p.gender.empty()) return p.gender;
    if (auto idx = lex_.actorByName(canonical); idx && !lex_.actors()[*idx].gender.empty())
      return lex_.actors()[*idx].gender;
    if (auto it = pronoun_gender_.find(canonical); it != pronoun_gender_.end()) return it->second;
    return "";
  }

  // Whether an actor the lexicon makes plural is named here as a singular description
  // ("the Taliban ... the group said it"): then "it" may mean it.
  static bool singularDescription(const Sentence& s, const Mention& m) {
    return m.resolved_reference && m.last > 0 && m.last <= s.tokens.size() &&
           s.tokens[m.last - 1].xpos == "NN";
  }

  bool pluralActor(const Mention& m) const {
    if (m.type == ActorType::Group) return true;
    if (auto idx = lex_.actorByName(m.canonical)) return lex_.actors()[*idx].plural;
    return false;
  }

  // Whether an organisation is named by a collective noun that English refers to as
  // "they" ("the Indian government ... they", "the police"): its last word, as written.
  bool collectiveNoun(const Candidate& c) const {
    const Mention& m = *c.mention;
    const Sentence& s = doc_.sentences[c.sentence];
    if (m.resolved_reference || m.last == 0 || m.last > s.tokens.size()) return false;
    return oneOf(lower(s.tokens[m.last - 1].form),
                 {"government", "administration", "police", "team", "army", "military", "committee",
                  "council", "band", "staff", "crew", "family"});
  }

  bool armedActor(const Mention& m) const {
    if (auto idx = lex_.actorByName(m.canonical)) return lex_.actors()[*idx].kind == "armed";
    return false;
  }

  // Resolves words [first, last) to `antecedent`'s actor and, for a description or pronoun
  // of several actors ("the two countries", "their"), also to `also`.
  void resolve(std::size_t first, std::size_t last, const Mention& antecedent, double confidence,
               const std::string& why, const std::vector<OtherActor>& also = {}) {
    Mention r = antecedent;
    r.also = also;
    r.first = first;
    r.last = last;
    r.text = textOf(first, last);
    r.name_text.clear();
    r.resolved_reference = true;
    r.confidence = confidence;
    for (std::size_t i = first; i < last; ++i) taken_[i] = true;
    say("'" + r.text + "' -> " + r.canonical + " (" + std::string(graph::toString(r.type)) + "): " + why);
    const std::string canonical = r.canonical;
    const ActorType type = r.type;
    sentence_->mentions.push_back(std::move(r));
    if (last == first + 1 && oneOf(lows_[first], {"its", "their", "our"}))
      possessedGroup(last, canonical, type, also);
  }

  // "its fighters", "their diplomats", "our forces" after "its"/"their"/"our" resolved to a
  // state or organisation (a speaker's "our": the body it speaks for): the GROUP affiliated
  // with it, as "Taliban fighters" or "Russian diplomats" would be. "their" of two actors ("Russia
  // and China ... their ministers") gives a group of each.
  void possessedGroup(std::size_t j, const std::string& owner, ActorType type,
                      const std::vector<OtherActor>& others) {
    auto groupable = [](ActorType t) {
      return t == ActorType::Country || t == ActorType::Organization;
    };
    if (!groupable(type)) return;
    std::string noun;
    const std::size_t end = groupNounAt(j, noun);
    if (!end || !free(j, end)) return;
    auto name = [&](const std::string& actor, ActorType t) {
      std::string adj = t == ActorType::Country ? lex_.adjectiveOf(actor) : "";
      return (adj.empty() ? actor : adj) + " " + noun;
    };
    Mention& m = add(j, end, name(owner, type), ActorType::Group, 0.75,
                     "group of the possessor, affiliated with " + owner);
    m.affiliation = owner;
    for (const OtherActor& o : others)
      if (groupable(o.type))
        m.also.push_back({name(o.canonical, o.type), ActorType::Group, o.canonical});
  }

  void resolveReferences() {
    for (std::size_t i = 0; i < forms_.size(); ++i) {
      if (taken_[i]) continue;
      const std::string& w = lows_[i];
      if (oneOf(w, {"he", "him", "his", "himself"})) pronoun(i, "male");
      else if (oneOf(w, {"she", "her", "hers", "herself"})) pronoun(i, "female");
      else if (oneOf(w, {"it", "its", "itself"})) neuter(i);
      else if (oneOf(w, {"they", "them", "their", "theirs", "themselves"})) plural(i);
      else if (pairDescription(i))
        continue;
      // we/us/our: resolveFirstPersonPlural(), once the whole document is annotated
      // "the country", and demonstratives the tagger reads as determiners ("that country",
      // not "said that militants ...")
      else if (i + 1 < forms_.size() &&
               (w == "the" || (oneOf(w, {"this", "that", "these", "those"}) && tagged_ && upos(i) == "DET")))
        description(i);
    }
  }

  // "the two countries", "both leaders": the two actors last named together ("Russia and
  // China ... the two countries"), in this sentence before it or in the two before, of
  // a type the noun fits. The description is both: Mention::also holds the second.
  bool pairDescription(std::size_t i) {
    if (!parsed_) return false;
    std::size_t j = 0, from = i + 1;  // the noun; the first word of the mention
    if (lows_[i] == "both") {
      j = i + 1;
      from = i;
    } else if (lows_[i] == "the" && i + 1 < forms_.size() && lows_[i + 1] == "two") {
      j = i + 2;
    } else {
      return false;
    }
    if (j >= forms_.size() || !free(from, j + 1)) return false;
    using T = ActorType;
    static const std::map<std::string, std::vector<T>> kNouns = {
        {"countries", {T::Country}},
        {"nations", {T::Country}},
        {"states", {T::Country}},
        {"governments", {T::Country}},
        {"leaders", {T::Person}},
        {"presidents", {T::Person}},
        {"ministers", {T::Person}},
        {"men", {T::Person}},
        {"organizations", {T::Organization}},
        {"organisations", {T::Organization}},
        {"sides", {T::Country, T::Organization, T::Person, T::Group}}};
    auto noun = kNouns.find(lows_[j]);
    if (noun == kNouns.end()) return false;
    auto pair = lastPair(i, noun->second, 2, false);
    if (!pair) return false;
    const OtherActor other{pair->second->canonical, pair->second->type, pair->second->affiliation};
    resolve(from, j + 1, *pair->first, 0.6,
            "'" + lows_[j] + "' of two: " + pair->first->canonical + " and " + other.canonical,
            {other});
    return true;
  }

  // The two actors last named together with "and" ("Russia and China", not "Russia, China
  // and Iran" nor "Italy or South Korea"), of one of `types` and the same type, before
  // word `pos` of this sentence or in the `window` sentences before it; with
  // `subjects_only`, only a pair that is a subject. Pointers into the sentences' mentions,
  // valid until the next resolve().
  struct Pair {
    const Mention* first;
    const Mention* second;
    std::size_t sentence;
  };
  std::optional<Pair> lastPair(std::size_t pos, const std::vector<ActorType>& types,
                               std::size_t window, bool subjects_only) const {
    auto head = [](const Sentence& s, const Mention& m) {
      for (std::size_t k = m.first; k < m.last; ++k) {
        const int h = s.tokens[k].head;
        if (h <= 0 || static_cast<std::size_t>(h - 1) < m.first ||
            static_cast<std::size_t>(h - 1) >= m.last)
          return k;
      }
      return m.last - 1;
    };
    for (std::size_t back = 0; back <= window && back <= sentence_index_; ++back) {
      const Sentence& s = doc_.sentences[sentence_index_ - back];
      const Mention* best[2] = {nullptr, nullptr};
      for (const Mention& second : s.mentions) {
        if (second.canonical.empty() || second.resolved_reference ||
            second.last > s.tokens.size() || (back == 0 && second.last > pos))
          continue;
        const Token& t = s.tokens[head(s, second)];
        if (t.deprel != "conj" || t.head <= 0) continue;
        const std::size_t h = static_cast<std::size_t>(t.head - 1);
        if (subjects_only && s.tokens[h].deprel.rfind("nsubj", 0) != 0) continue;
        std::size_t conjuncts = 0;
        bool joined = false;
        for (const Token& d : s.tokens) {
          conjuncts += d.head == t.head && d.deprel == "conj";
          joined |= d.head == static_cast<int>(head(s, second) + 1) && d.deprel == "cc" &&
                    lower(d.form) == "and";
        }
        if (conjuncts != 1 || !joined) continue;
        for (const Mention& first : s.mentions) {
          if (&first == &second || first.canonical.empty() || first.resolved_reference ||
              first.last > s.tokens.size() || head(s, first) != h || first.type != second.type ||
              first.canonical == second.canonical)
            continue;
          if (std::find(types.begin(), types.end(), first.type) == types.end()) continue;
          if (!best[1] || second.first > best[1]->first) best[0] = &first, best[1] = &second;
        }
      }
      if (best[0]) return Pair{best[0], best[1], sentence_index_ - back};
    }
    return std::nullopt;
  }

  // he/she: the most salient person of that gender (or of unknown gender, which the
  // pronoun then fixes for the rest of the document), unless a person noun that agrees
  // stands between them ("the man", "his mother").
  void pronoun(std::size_t i, const std::string& gender) {
    std::string blocked;
    auto c = choose(
        i, gender == "male" ? Agreement::Male : Agreement::Female, false, false,
        [&](const Candidate& k) {
          if (k.mention->type != ActorType::Person || !k.mention->also.empty()) return false;
          if (!k.mention->resolved_reference && !namesOnePerson(k)) return false;
          if (clauseMate(k, i)) return false;
          std::string g = genderOfCanonical(k.mention->canonical);
          return g.empty() || g == gender;
        },
        blocked);
    // A subject he/she continues the chain of the same pronoun (centering's "continue")
    // over a person named in the previous sentences that is no subject ("she came up with
    // a few projects ... Those included Drew Cass, Devin Thurlow. She had several ideas").
    auto chain = pronoun_chain_.find(gender);
    if (chain != pronoun_chain_.end() && chain->second.second + 3 >= sentence_index_ && parsed_ &&
        sentence_->tokens[i].deprel.rfind("nsubj", 0) == 0 &&
        (!c || (!c->subject && !c->mention->resolved_reference &&
                c->mention->canonical != chain->second.first.canonical))) {
      const Mention antecedent = chain->second.first;
      chain->second.second = sentence_index_;
      resolve(i, i + 1, antecedent, 0.6, "continues the '" + lows_[i] + "' before it");
      return;
    }
    if (!c) {
      if (!blocked.empty()) say("'" + forms_[i] + "' left unresolved: '" + blocked);
      return;
    }
    std::string g = genderOfCanonical(c->mention->canonical);
    // resolve() may move this sentence's mentions: the name is taken first.
    if (g.empty()) pronoun_gender_[c->mention->canonical] = gender;
    pronoun_chain_[gender] = {*c->mention, sentence_index_};
    resolve(i, i + 1, *c->mention, g.empty() ? 0.55 : 0.75,
            g.empty() ? "nearest person (gender unknown)" : "nearest " + gender + " person");
  }

  void neuter(std::size_t i) {
    if (parsed_ && sentence_->tokens[i].deprel == "expl") return;
    // "it is/was/seems ..." is mostly expletive or about a situation: left alone, but
    // for a plain passive ("It is led by Ahmad Massoud").
    if (lows_[i] == "it" && i + 1 < forms_.size() &&
        oneOf(lows_[i + 1], {"is", "was", "'s", "seems", "seemed", "appears", "appeared", "would",
                             "will", "has", "had"}) &&
        !plainPassiveSubject(i) && !reportingStateSubject(i))
      return;
    // A singular common noun in between, or around the actor, is the likelier referent
    // ("the procession ... it", "a decree abolishing Congress. In it, ..."), but not of
    // "its" before what only an actor has ("Tajikistan, which hosts a Russian military
    // base, ... Its president").
    auto fits = [&](const Candidate& k) {
      const Mention& m = *k.mention;
      if (!m.also.empty()) return false;  // "their", "the two countries": two actors
      if (clauseMate(k, i)) return false;  // "Microsoft has replaced it"
      if (m.type == ActorType::Location) return subjectPlace(k);
      return (m.type == ActorType::Country || m.type == ActorType::Organization) &&
             (!pluralActor(m) || singularDescription(doc_.sentences[k.sentence], m));
    };
    if (lows_[i] == "its" && i + 1 < forms_.size() && actorsPart(i + 1)) {
      for (const Candidate& k : candidates(i)) {
        if (!fits(k)) continue;
        resolve(i, i + 1, *k.mention, 0.65,
                "nearest singular organization or country: '" + lows_[i + 1] + "' is an actor's");
        return;
      }
      return;
    }
    std::string blocked;
    auto c = choose(i, Agreement::Neuter, true, true, fits, blocked);
    if (!c) {
      if (!blocked.empty()) say("'" + forms_[i] + "' left unresolved: '" + blocked);
      return;
    }
    resolve(i, i + 1, *c->mention, 0.65,
            c->mention->type == ActorType::Location ? "a place as the subject of its sentence"
                                                    : "nearest singular organization or country");
  }

  // Whether the noun phrase at token j names what only a state or organisation has: a
  // title ("president", "foreign minister") or one of its parts and people.
  bool actorsPart(std::size_t j) const {
    if (matchAt(j, EntryKind::Title) || matchAt(j, EntryKind::Body)) return true;
    return oneOf(lows_[j], {"president", "leader",      "leaders",      "leadership",  "government",
                            "army",      "military",    "citizens",     "capital",     "troops",
                            "forces",    "allies",      "officials",    "authorities", "ambassador",
                            "spokesman", "spokeswoman", "spokesperson", "members",     "fighters",
                            "diplomats", "embassy"});
  }

  // Whether word i is the subject of a clause that a country or organisation says
  // ("Russia denied that it had supplied weapons", "The Kremlin said it would not ..."):
  // then "it would/had ..." is that actor, not an expletive.
  bool reportingStateSubject(std::size_t i) const {
    if (!parsed_) return false;
    const auto& toks = sentence_->tokens;
    if (toks[i].deprel != "nsubj" || toks[i].head <= 0) return false;
    const Token& clause = toks[static_cast<std::size_t>(toks[i].head - 1)];
    if (clause.deprel != "ccomp" || clause.head <= 0) return false;
    const int verb = clause.head;
    if (!lex_.isSpeechVerb(lower(toks[static_cast<std::size_t>(verb - 1)].lemma))) return false;
    for (std::size_t k = 0; k < i; ++k) {
      if (toks[k].head != verb || toks[k].deprel != "nsubj") continue;
      for (const Mention& m : sentence_->mentions)
        if (m.first <= k && k < m.last)
          return (m.type == ActorType::Country || m.type == ActorType::Organization) &&
                 (!pluralActor(m) || singularDescription(*sentence_, m));
    }
    return false;
  }

  // Whether word i is the passive subject of a verb with an agent and no clause of its
  // own: "It is led by Ahmad Massoud" is about something, "it is believed by many that
  // ..." is not.
  bool plainPassiveSubject(std::size_t i) const {
    if (!parsed_) return false;
    const auto& toks = sentence_->tokens;
    if (toks[i].deprel != "nsubj:pass" || toks[i].head <= 0) return false;
    const int verb = toks[i].head;
    bool agent = false;
    for (const Token& t : toks) {
      if (t.head != verb) continue;
      if (t.deprel == "obl:agent") agent = true;
      std::string_view base = std::string_view(t.deprel).substr(0, t.deprel.find(':'));
      if (base == "ccomp" || base == "xcomp" || base == "csubj") return false;
    }
    return agent;
  }

  // A place as the subject of its sentence, by name or named by the subject noun ("The
  // northern province of Panjshir is the only pocket of resistance"): "it" may mean it.
  bool subjectPlace(const Candidate& c) const {
    return !c.mention->resolved_reference && parsedSentence(doc_.sentences[c.sentence]) && c.subject;
  }

  void plural(std::size_t i) {
    // A plural common noun in between, or around the group, is the likelier referent
    // ("the masks ... they", "the leaders of the Taliban ... they").
    std::string blocked;
    auto c = choose(i, Agreement::Plural, true, true,
                    [&](const Candidate& k) {
                      const Mention& m = *k.mention;
                      if (clauseMate(k, i)) return false;
                      return m.type == ActorType::Group ||
                             (m.type == ActorType::Organization &&
                              (pluralActor(m) || armedActor(m) || collectiveNoun(k)));
                    },
                    blocked);
    // Two actors that are this sentence's subject outrank a group named before it ("The
    // Taliban leaders met in Doha. Russia and China said they ...").
    if (c && c->sentence < sentence_index_ && pairSubject(i, 0)) return;
    if (!c && blocked.empty() && pairSubject(i, 1)) return;
    if (!c) {
      if (!blocked.empty()) say("'" + forms_[i] + "' left unresolved: '" + blocked);
      return;
    }
    resolve(i, i + 1, *c->mention, 0.65, "nearest group or collective organization");
  }

  // "they" with no group to take it: two actors named together as the subject of this
  // sentence before it or, with a `window` of 1, of the previous one ("Putin and Xi met on
  // Monday. They agreed ..."), with no plural noun in between.
  bool pairSubject(std::size_t i, std::size_t window) {
    using T = ActorType;
    auto pair = lastPair(i, {T::Country, T::Organization, T::Person, T::Group}, window, true);
    if (!pair) return false;
    if (competitorBetween(Candidate{pair->second, pair->sentence, true}, i, Agreement::Plural))
      return false;
    const OtherActor other{pair->second->canonical, pair->second->type, pair->second->affiliation};
    resolve(i, i + 1, *pair->first, 0.6,
            "the two actors of a subject: " + pair->first->canonical + " and " + other.canonical,
            {other});
    return true;
  }

  // ---------- we / us / our ----------
  // "We", "us", "our" stand for the body a speaker represents: the speaker of the
  // quote they are in (the subject of a verb of saying outside the quotes, in the same
  // sentence, in the sentence that closes the quote, or earlier in the paragraph), or
  // the subject of the verb of saying whose reported clause holds them ("declaring
  // that we would like to negotiate"). A person speaks for the country or organization
  // of their role, a group of officials or representatives for theirs, an organization
  // or country for itself. Anything else (the author's "we", a quoted witness) stays
  // unresolved.
  void resolveFirstPersonPlural() {
    std::vector<std::vector<char>> quoted;  // built for the first sentence that needs it
    for (std::size_t si = 0; si < doc_.sentences.size(); ++si) {
      Sentence& s = doc_.sentences[si];
      if (std::none_of(s.tokens.begin(), s.tokens.end(), [](const Token& t) { return firstPersonPlural(t.form); }))
        continue;
      if (quoted.empty()) quoted = quoteMap();
      sentence_ = &s;
      sentence_index_ = si;
      loadWords();
      taken_.assign(s.tokens.size(), false);
      for (const Mention& m : s.mentions)
        for (std::size_t k = m.first; k < m.last && k < taken_.size(); ++k) taken_[k] = true;
      std::size_t before = s.mentions.size();
      for (std::size_t i = 0; i < forms_.size(); ++i) {
        if (taken_[i] || !firstPersonPlural(forms_[i])) continue;
        const Mention* speaker = quoted[si][i] ? quoteSpeaker(si, i, quoted) : reportingSpeaker(si, i);
        if (!speaker) {
          say("'" + forms_[i] + "' left unresolved: no speaker found");
          continue;
        }
        auto body = speaksFor(*speaker);
        if (!body) {
          say("'" + forms_[i] + "' left unresolved: speaker " + speaker->canonical + " speaks for no known body");
          continue;
        }
        std::string who = speaker->canonical;
        resolve(i, i + 1, *body, 0.6, "speaker " + who + " speaks for " + body->canonical);
      }
      if (s.mentions.size() != before) sortMentions(s);
    }
  }

  // we, us, our, ours in any case, without building a lower-case copy.
  static bool firstPersonPlural(std::string_view w) {
    auto is = [&](std::string_view word) {
      return w.size() == word.size() && std::equal(w.begin(), w.end(), word.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
             });
    };
    return is("we") || is("us") || is("our") || is("ours");
  }

  // For every token of every sentence: inside double quotes or not. The state runs on
  // over the sentences of a paragraph and starts closed in each new paragraph.
  std::vector<std::vector<char>> quoteMap() const {
    std::vector<std::vector<char>> inside(doc_.sentences.size());
    bool open = false;
    std::size_t paragraph = 0;
    for (std::size_t si = 0; si < doc_.sentences.size(); ++si) {
      const Sentence& s = doc_.sentences[si];
      if (si == 0 || s.paragraph != paragraph) open = false;
      paragraph = s.paragraph;
      inside[si].assign(s.tokens.size(), 0);
      for (std::size_t k = 0; k < s.tokens.size(); ++k) {
        const std::string& f = s.tokens[k].form;
        if (f == "\u201c" || f == "\u00ab" || f == "\u201e") open = true;
        else if (f == "\"") open = !open;
        inside[si][k] = open ? 1 : 0;
        if (f == "\u201d" || f == "\u00bb") open = false;
      }
    }
    return inside;
  }

  // The mention covering token k of sentence s (the first one), or nullptr.
  static const Mention* mentionAt(const Sentence& s, std::size_t k) {
    for (const Mention& m : s.mentions)
      if (m.first <= k && k < m.last && !m.canonical.empty()) return &m;
    return nullptr;
  }

  static const Mention* mentionStartingAt(const Sentence& s, std::size_t k) {
    for (const Mention& m : s.mentions)
      if (m.first == k && !m.canonical.empty()) return &m;
    return nullptr;
  }
  static const Mention* mentionEndingAt(const Sentence& s, std::size_t last) {
    for (const Mention& m : s.mentions)
      if (m.last == last && !m.canonical.empty()) return &m;
    return nullptr;
  }

  // The mention that is the subject of verb v of sentence s (nsubj), or nullptr.
  const Mention* subjectOf(const Sentence& s, std::size_t v) const {
    for (std::size_t c = 0; c < s.tokens.size(); ++c)
      if (s.tokens[c].head == static_cast<int>(v) + 1 && s.tokens[c].deprel == "nsubj") return mentionAt(s, c);
    return nullptr;
  }

  bool speechVerb(const Token& t) const {
    return (t.upos == "VERB" || t.upos.empty()) && lex_.isSpeechVerb(lemmaOf(t));
  }

  // The speaker of sentence si: subject of a verb of saying outside the quotes (the
  // verb nearest to token `near`), or nullptr.
  const Mention* attribution(std::size_t si, std::size_t near, const std::vector<char>& quoted) const {
    const Sentence& s = doc_.sentences[si];
    if (!parsedSentence(s)) return nullptr;
    const Mention* best = nullptr;
    std::size_t best_distance = 0;
    for (std::size_t v = 0; v < s.tokens.size(); ++v) {
      if (quoted[v] || !speechVerb(s.tokens[v])) continue;
      const Mention* m = subjectOf(s, v);
      // The parse may miss the subject of an inverted or plain attribution: a mention
      // right after the verb ("said Sergei Lavrov") or right before it ("Putin said").
      if (!m && v + 1 < s.tokens.size()) m = mentionStartingAt(s, v + 1);
      if (!m && v > 0) m = mentionEndingAt(s, v);
      std::size_t distance = v > near ? v - near : near - v;
      if (m && (!best || distance < best_distance)) {
        best = m;
        best_distance = distance;
      }
    }
    return best;
  }

  // The speaker of the quote holding token i of sentence si.
  const Mention* quoteSpeaker(std::size_t si, std::size_t i,
                              const std::vector<std::vector<char>>& quoted) const {
    if (const Mention* m = attribution(si, i, quoted[si])) return m;
    const std::size_t paragraph = doc_.sentences[si].paragraph;
    // The quote goes on into the next sentences: its attribution may close it.
    for (std::size_t sj = si + 1; sj < doc_.sentences.size() && doc_.sentences[sj].paragraph == paragraph; ++sj) {
      if (quoted[sj - 1].empty() || !quoted[sj - 1].back()) break;
      if (const Mention* m = attribution(sj, 0, quoted[sj])) return m;
    }
    // Earlier in the paragraph (the same speaker goes on), then, when the paragraph
    // opens with a quote, at the end of the previous paragraph.
    for (std::size_t back = 1; back <= si; ++back) {
      std::size_t sj = si - back;
      const Sentence& prev = doc_.sentences[sj];
      if (prev.paragraph != paragraph) {
        // sj + 1 is the first sentence of this paragraph.
        bool opens_with_quote = !quoted[sj + 1].empty() && quoted[sj + 1].front();
        return opens_with_quote ? attribution(sj, prev.tokens.size(), quoted[sj]) : nullptr;
      }
      if (const Mention* m = attribution(sj, prev.tokens.size(), quoted[sj])) return m;
    }
    return nullptr;
  }

  // Outside quotes: the subject of the verb of saying whose reported clause (ccomp,
  // parataxis) holds token i; a verb of saying without a subject of its own
  // ("..., declaring that we ...") takes the subject of the verb it depends on.
  const Mention* reportingSpeaker(std::size_t si, std::size_t i) const {
    const Sentence& s = doc_.sentences[si];
    if (!parsedSentence(s)) return nullptr;
    std::size_t cur = i;
    for (std::size_t steps = 0; steps < s.tokens.size() && s.tokens[cur].head > 0; ++steps) {
      std::size_t h = static_cast<std::size_t>(s.tokens[cur].head - 1);
      const std::string& rel = s.tokens[cur].deprel;
      if (speechVerb(s.tokens[h])) {
        if (rel != "ccomp" && rel != "parataxis") return nullptr;
        if (const Mention* m = subjectOf(s, h)) return m;
        const std::string& hrel = s.tokens[h].deprel;
        if (s.tokens[h].head > 0 && (hrel == "advcl" || hrel == "xcomp" || hrel == "conj"))
          return subjectOf(s, static_cast<std::size_t>(s.tokens[h].head - 1));
        return nullptr;
      }
      cur = h;
    }
    return nullptr;
  }

  // The body a speaker speaks for, as the mention "we" copies; nullopt if none.
  std::optional<Mention> speaksFor(const Mention& m) const {
    std::string body;
    ActorType type = ActorType::Organization;
    if (m.type == ActorType::Person) {
      // The body of the person's role: given with this mention, or earlier ("Putin said"
      // after "Russian President Vladimir Putin"), or by the lexicon ("Foreign Minister
      // Sergei Lavrov": the lexicon knows he is Russia's).
      auto bodyOf = [&](const Mention& e) -> std::string {
        if (e.type != ActorType::Person || e.canonical != m.canonical || e.role.empty()) return "";
        if (!e.affiliation.empty()) return e.affiliation;
        if (auto idx = lex_.actorByName(e.canonical)) return lex_.actors()[*idx].country;
        return "";
      };
      body = bodyOf(m);
      for (std::size_t sj = 0; body.empty() && sj < doc_.sentences.size(); ++sj)
        for (const Mention& e : doc_.sentences[sj].mentions)
          if (body = bodyOf(e); !body.empty()) break;
    } else if (m.type == ActorType::Group && !m.affiliation.empty()) {
      std::string text = lower(m.text);
      std::size_t sp = text.rfind(' ');
      std::string last = sp == std::string::npos ? text : text.substr(sp + 1);
      std::size_t sp2 = sp == std::string::npos || sp == 0 ? std::string::npos : text.rfind(' ', sp - 1);
      std::string last2 = sp2 == std::string::npos ? text : text.substr(sp2 + 1);
      if (lex_.isSpeakingGroup(last) || lex_.isSpeakingGroup(last2)) body = m.affiliation;
    } else if (m.type == ActorType::Organization || m.type == ActorType::Country) {
      body = m.canonical;
      type = m.type;
    }
    if (body.empty()) return std::nullopt;
    // The affiliation may be a body of the organization ("Taliban delegation").
    if (auto idx = lex_.actorByName(body)) {
      type = lex_.actors()[*idx].type;
    } else if (body.find(' ') != std::string::npos) {
      if (auto idx2 = lex_.actorByName(body.substr(0, body.find(' ')))) {
        body = body.substr(0, body.find(' '));
        type = lex_.actors()[*idx2].type;
      }
    }
    Mention target = m;
    target.canonical = body;
    target.type = type;
    target.role.clear();
    target.affiliation.clear();
    return target;
  }

  // The country of the GROUP that is the subject of the verbs above word j (up to four
  // steps through objects, complements and clauses on nouns), as a mention to resolve to.
  std::optional<Mention> groupCountryAbove(std::size_t j) const {
    if (!parsed_) return std::nullopt;
    const auto& toks = sentence_->tokens;
    int cur = static_cast<int>(j) + 1;
    for (int step = 0; step < 4 && cur > 0; ++step) {
      for (std::size_t k = 0; k < toks.size(); ++k) {
        if (toks[k].head != cur || toks[k].deprel != "nsubj") continue;
        // the first subject found decides
        for (const Mention& m : sentence_->mentions) {
          if (k < m.first || k >= m.last || m.type != ActorType::Group || m.affiliation.empty())
            continue;
          auto idx = lex_.actorByName(m.affiliation);
          if (!idx || lex_.actors()[*idx].type != ActorType::Country) return std::nullopt;
          Mention home = m;
          home.canonical = m.affiliation;
          home.type = ActorType::Country;
          home.affiliation.clear();
          home.role.clear();
          return home;
        }
        return std::nullopt;
      }
      const Token& t = toks[static_cast<std::size_t>(cur - 1)];
      std::string_view base = std::string_view(t.deprel).substr(0, t.deprel.find(':'));
      if (base != "obj" && base != "acl" && base != "xcomp" && base != "obl") return std::nullopt;
      cur = t.head;
    }
    return std::nullopt;
  }

  // Whether an organisation's name says it is a government body.
  static bool namedAsBody(const std::string& canonical) {
    const std::string l = lower(canonical);
    for (const char* w : {"ministry", "department", "office", "agency", "bureau", "commission",
                          "secretariat", "directorate", "administration", "service"})
      if (l.find(w) != std::string::npos) return true;
    return false;
  }

  // The role of a PERSON mention: its own, else the lexicon person's ("foreign minister").
  std::string roleOf(const Mention& m) const {
    if (!m.role.empty()) return m.role.substr(0, m.role.find(" of "));
    if (auto idx = lex_.actorByName(m.canonical);
        idx && lex_.actors()[*idx].type == ActorType::Person)
      return lex_.actors()[*idx].role;
    return "";
  }

  // "the minister", "the foreign minister", "the spokesman" after a person holding that
  // role ("Lavrov said ... The minister spoke after talks"): the nearest such person. The
  // words must be the end of the role, lower-case, as a description.
  bool roleDescription(std::size_t i) {
    std::vector<std::string> words;
    std::size_t j = i + 1;
    while (j < forms_.size() && words.size() < 3 && !isCapitalised(forms_[j]) && tagged_ &&
           (upos(j) == "NOUN" || upos(j) == "ADJ")) {
      words.push_back(lows_[j]);
      ++j;
    }
    if (words.empty() || upos(j - 1) != "NOUN" || !free(i + 1, j)) return false;
    if (j < forms_.size() && (lows_[j] == "of" || upos(j) == "NOUN" || upos(j) == "PROPN"))
      return false;
    // Most definite nouns name no role: a look at the persons near first, before ranking
    // the candidates.
    bool near = false;
    for (std::size_t back = 0; back <= 2 && back <= sentence_index_ && !near; ++back)
      for (const Mention& m : doc_.sentences[sentence_index_ - back].mentions)
        if (m.type == ActorType::Person) {
          const std::string role = lower(roleOf(m));
          if (role == words.back() || (role.size() > words.back().size() &&
                                       role.compare(role.size() - words.back().size() - 1,
                                                    std::string::npos, " " + words.back()) == 0)) {
            near = true;
            break;
          }
        }
    if (!near) return false;
    for (const Candidate& c : candidates(i)) {
      const Mention& m = *c.mention;
      if (m.type != ActorType::Person) continue;
      const std::vector<std::string> role = splitWords(lower(roleOf(m)));
      if (role.size() < words.size() ||
          !std::equal(words.begin(), words.end(), role.end() - static_cast<long>(words.size())))
        continue;
      // "the president" is not the vice president
      if (std::any_of(role.begin(), role.end() - static_cast<long>(words.size()),
                      [](const std::string& w) {
                        return oneOf(w, {"vice", "deputy", "assistant", "former", "acting",
                                         "caretaker", "under", "ex"});
                      }))
        continue;
      resolve(i + 1, j, m, 0.6,
              "definite description '" + textOf(i + 1, j) + "': the person with that role");
      return true;
    }
    return false;
  }

  void description(std::size_t i) {
    if (roleDescription(i)) return;
    std::size_t j = i + 1;
    // Adjectives may stand between ("this influential organization", "the radical
    // movement"), but not one that sets the referent apart from the ones named before
    // ("the other country", "the neighbouring country", "the new government").
    while (tagged_ && j + 1 < forms_.size() && j < i + 3 && upos(j) == "ADJ") {
      if (oneOf(lows_[j], {"other", "another", "different", "new", "next", "first", "second",
                           "third", "last", "previous", "former", "latter", "neighbouring",
                           "neighboring", "foreign", "rival", "opposing", "same", "such"}))
        return;
      ++j;
    }
    const entities::Description* d = lex_.description(lows_[j]);
    if (!d || taken_[j]) return;
    if (j + 1 < forms_.size() && (lows_[j + 1] == "of" || (tagged_ && upos(j + 1) == "NOUN"))) return;
    // A country or organisation named in a title earlier in this sentence comes before the
    // previous sentences' actors ("Afghanistan's President Ashraf Ghani ... fled the
    // country", "Taliban spokesman Zabihullah Mujahid said the movement ...").
    auto titleCountry = [&]() {
      for (auto it = title_actors_.rbegin(); it != title_actors_.rend(); ++it) {
        if (it->last > i || std::find(d->types.begin(), d->types.end(), it->type) == d->types.end())
          continue;
        if (d->armed && it->type == ActorType::Organization && !armedActor(*it)) continue;
        resolve(i + 1, j + 1, *it, 0.6,
                "definite description '" + lows_[j] + "': the " +
                    (it->type == ActorType::Country ? "country" : "organization") + " of a title");
        return true;
      }
      return false;
    };
    // An antecedent named with the description's own noun ("the Taliban delegation ...
    // the delegation") wins over nearer actors of a compatible type.
    const std::vector<Candidate> cands = candidates(i);  // valid until a resolve()
    for (const Candidate& c : cands) {
      const Mention& m = *c.mention;
      if (!m.also.empty()) continue;  // two actors: not "the country"
      std::string text = lower(m.text);
      std::size_t sp = text.rfind(' ');
      if (sp != std::string::npos && text.substr(sp + 1) == lows_[j] &&
          std::find(d->types.begin(), d->types.end(), m.type) != d->types.end()) {
        resolve(i + 1, j + 1, m, 0.65, "definite description '" + lows_[j] + "' names '" + m.text + "'");
        return;
      }
    }
    // The country of a group that is the subject above it ("their Afghan interpreters
    // will have no reason to leave the country").
    const bool country =
        std::find(d->types.begin(), d->types.end(), ActorType::Country) != d->types.end();
    if (auto home = country ? groupCountryAbove(j) : std::nullopt) {
      resolve(i + 1, j + 1, *home, 0.6,
              "definite description '" + lows_[j] + "': the country of the group " + home->text);
      return;
    }
    // Not the subject of a verb above it, under any of its names ("The former Soviet
    // Union has its own experience in that country").
    std::vector<std::string> above;
    for (const Mention& m : sentence_->mentions)
      if (m.last <= i && subjectAbove(m, i)) above.push_back(m.canonical);
    bool title_checked = false;
    for (const Candidate& c : cands) {
      if (!title_checked && c.sentence != sentence_index_) {
        title_checked = true;
        if (titleCountry()) return;
      }
      const Mention& m = *c.mention;
      if (!m.also.empty()) continue;
      if (std::find(d->types.begin(), d->types.end(), m.type) == d->types.end()) continue;
      if (std::find(above.begin(), above.end(), m.canonical) != above.end()) continue;
      if (d->armed && m.type == ActorType::Organization && !armedActor(m)) continue;
      if (lows_[j] == "delegation" && m.canonical.find("delegation") == std::string::npos &&
          m.type != ActorType::Organization)
        continue;
      // "the ministry", "the department": a body named as one ("Russian Foreign Ministry",
      // "State Department"), not any organisation ("Environment Canada spokeswoman ... told
      // CBC News the department will look into it" is not CBC News).
      if ((lows_[j] == "ministry" || lows_[j] == "department") && !namedAsBody(m.canonical))
        continue;
      resolve(i + 1, j + 1, m, 0.6, "definite description '" + lows_[j] + "'");
      return;
    }
    if (!title_checked) titleCountry();
  }

  // The person of the document whose full name ends with `surname` (or a near-identical
  // word). When several do (`sharing` > 1: "Ahmad Massoud, a son of Ahmad Shah Massoud"),
  // the only one named as a clause argument, or none rather than a guess.
  const DocPerson* personWithSurname(const std::string& surname, std::size_t& sharing) const {
    std::vector<const DocPerson*> same;
    for (const DocPerson& p : persons_)
      if (p.words.size() > 1 && (p.words.back() == surname || nearIdentical({p.words.back()}, {surname})))
        same.push_back(&p);
    sharing = same.size();
    if (same.size() > 1) std::erase_if(same, [](const DocPerson* p) { return !p->argument; });
    return same.size() == 1 ? same[0] : nullptr;
  }

  // A surname used before the full name ("Zarif ... Mohammad Javad Zarif"): renamed
  // to the full name once the document has given it.
  void completeSurnames() {
    for (Sentence& s : doc_.sentences) {
      for (Mention& m : s.mentions) {
        if (m.type != ActorType::Person || m.canonical.find(' ') != std::string::npos) continue;
        std::size_t sharing = 0;
        if (const DocPerson* p = personWithSurname(m.canonical, sharing)) {
          say("'" + m.text + "' -> " + p->canonical + ": surname of the full name given later");
          m.canonical = p->canonical;
        }
      }
    }
  }

  const ActorRecognizer::Impl& impl_;
  const Lexicon& lex_;
  Document& doc_;
  std::ostream* explain_;
  Sentence* sentence_ = nullptr;
  std::size_t sentence_index_ = 0;
  std::vector<std::string> forms_, lows_;
  std::vector<bool> spaces_;
  bool tagged_ = false, parsed_ = false;
  std::vector<bool> taken_;
  std::vector<std::optional<PhraseMatch>> matches_;
  std::unordered_map<std::size_t, entities::NerSpan> ner_;
  std::vector<entities::NerExample> examples_;  // NER input of every sentence, linked as one document
  std::vector<Mention>
      title_actors_;  // countries and organisations named inside this sentence's person titles
  std::vector<DocPerson> persons_;
  // Organisations' names of three words or more (written or canonical), with the canonical name.
  std::vector<std::pair<std::vector<std::string>, std::string>> organizations_;
  std::unordered_map<std::string, std::string> pronoun_gender_;  // person -> gender its pronouns gave
  // gender -> the person its last he/she was resolved to, and in which sentence
  std::unordered_map<std::string, std::pair<Mention, std::size_t>> pronoun_chain_;
  // Acronyms defined in the document ("CPA") -> the actor they name, with its type.
  std::unordered_map<std::string, std::pair<std::string, ActorType>> acronyms_;
};

}  // namespace

ActorRecognizer::ActorRecognizer(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

ActorRecognizer ActorRecognizer::loadDefault(const ActorOptions& options) {
  auto impl = std::make_shared<Impl>();
  impl->options = options;
  impl->lexicon = entities::loadLexicon(options);
  std::string model = entities::nerModelPath(options);
  // The committed model is optional (the lexicon and rules still work); an explicit one is not.
  if (!options.model_path.empty() || std::filesystem::exists(model))
    impl->ner = entities::NerModel::load(model);
  return ActorRecognizer(std::move(impl));
}

void ActorRecognizer::annotate(Document& doc, std::ostream* explain) const {
  DocumentAnnotator(*impl_, doc, explain).run();
}

std::optional<CanonicalActor> ActorRecognizer::lookup(std::string_view surface) const {
  auto m = impl_->lexicon.find(surface);
  if (!m) return std::nullopt;
  switch (m->kind) {
    case EntryKind::Actor:
    case EntryKind::Capital:
    case EntryKind::Place:
      return impl_->lexicon.actors()[m->index];
    case EntryKind::Demonym: {
      auto idx = impl_->lexicon.actorByName(m->value);
      if (idx) return impl_->lexicon.actors()[*idx];
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<std::string> ActorRecognizer::countryOfDemonym(std::string_view word) const {
  auto m = impl_->lexicon.find(word);
  if (!m || m->kind != EntryKind::Demonym) return std::nullopt;
  return m->value;
}

const ActorOptions& ActorRecognizer::options() const { return impl_->options; }

}  // namespace kg::extract
