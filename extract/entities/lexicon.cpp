#include "extract/entities/lexicon.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include "graph/error.h"

namespace kg::extract::entities {
namespace {

constexpr std::size_t kAmbiguous = std::numeric_limits<std::size_t>::max();

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string readWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw kg::InputError(path, "cannot be opened for reading");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Records the byte offset of every '{' in document order (SAX pass), so that the
// DOM's objects, visited in the same order, can be given their line numbers.
struct ObjectOffsets : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ObjectOffsets> {
  rapidjson::StringStream* stream = nullptr;
  std::vector<std::size_t> offsets;
  bool StartObject() {
    offsets.push_back(stream->Tell());
    return true;
  }
};

// Line of each JSON object of a document, and helpers to report errors there.
class Validator {
 public:
  Validator(const std::string& text, std::string name) : name_(std::move(name)) {
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    rapidjson::StringStream ss(text.c_str());
    ObjectOffsets handler;
    handler.stream = &ss;
    rapidjson::Reader reader;
    rapidjson::ParseResult ok = reader.Parse(ss, handler);
    if (!ok) {
      throw kg::InputError(name_, lineOf(ok.Offset()),
                           std::string("invalid JSON: ") + rapidjson::GetParseError_En(ok.Code()));
    }
    offsets_ = std::move(handler.offsets);
  }
  // Assigns lines to every object of `root` in document (pre-)order.
  void index(const rapidjson::Value& v) {
    if (v.IsObject()) {
      std::size_t k = next_++;
      lines_[&v] = k < offsets_.size() ? lineOf(offsets_[k]) : 0;
      for (auto& m : v.GetObject()) index(m.value);
    } else if (v.IsArray()) {
      for (auto& e : v.GetArray()) index(e);
    }
  }
  [[noreturn]] void fail(const rapidjson::Value& at, const std::string& problem) const {
    auto it = lines_.find(&at);
    if (it != lines_.end() && it->second > 0) throw kg::InputError(name_, it->second, problem);
    throw kg::InputError(name_, problem);
  }
  std::string str(const rapidjson::Value& obj, const char* key, bool required) const {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) {
      if (required) fail(obj, std::string("missing \"") + key + "\"");
      return {};
    }
    if (!it->value.IsString() || it->value.GetStringLength() == 0)
      fail(obj, std::string("\"") + key + "\" must be a non-empty string");
    return it->value.GetString();
  }
  std::vector<std::string> strings(const rapidjson::Value& obj, const char* key) const {
    std::vector<std::string> out;
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) return out;
    if (!it->value.IsArray()) fail(obj, std::string("\"") + key + "\" must be an array of strings");
    for (auto& e : it->value.GetArray()) {
      if (!e.IsString() || e.GetStringLength() == 0)
        fail(obj, std::string("\"") + key + "\" must contain non-empty strings");
      out.emplace_back(e.GetString());
    }
    return out;
  }
  bool flag(const rapidjson::Value& obj, const char* key) const {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd()) return false;
    if (!it->value.IsBool()) fail(obj, std::string("\"") + key + "\" must be true or false");
    return it->value.GetBool();
  }
  void onlyKeys(const rapidjson::Value& obj, std::initializer_list<const char*> keys) const {
    for (auto& m : obj.GetObject()) {
      std::string k = m.name.GetString();
      if (std::none_of(keys.begin(), keys.end(), [&](const char* a) { return k == a; }))
        fail(obj, "unknown field \"" + k + "\"");
    }
  }
  std::size_t lineOf(std::size_t offset) const {
    return static_cast<std::size_t>(
        std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - line_starts_.begin());
  }

 private:
  std::string name_;
  std::vector<std::size_t> line_starts_{0};
  std::vector<std::size_t> offsets_;
  std::size_t next_ = 0;
  std::unordered_map<const rapidjson::Value*, std::size_t> lines_;
};

graph::ActorType typeField(const Validator& val, const rapidjson::Value& obj,
                           graph::ActorType fallback) {
  std::string t = val.str(obj, "type", false);
  if (t.empty()) return fallback;
  auto parsed = graph::parseActorType(t);
  if (!parsed) val.fail(obj, "unknown actor type \"" + t + "\"");
  return *parsed;
}

std::string stripThe(const std::string& s) {
  if (s.size() > 4 && (s.compare(0, 4, "the ") == 0 || s.compare(0, 4, "The ") == 0))
    return s.substr(4);
  return s;
}

}  // namespace

std::string normalizeSurface(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    // U+2018/U+2019 (E2 80 98/99) -> ', U+201C/D -> ", U+2010..2014 -> -
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      unsigned char d = static_cast<unsigned char>(s[i + 2]);
      if (d == 0x98 || d == 0x99) { out += '\''; i += 2; continue; }
      if (d == 0x9C || d == 0x9D) { out += '"'; i += 2; continue; }
      if (d >= 0x90 && d <= 0x94) { out += '-'; i += 2; continue; }
    }
    out += static_cast<char>(c);
  }
  return out;
}

std::string stripDiacritics(std::string_view s) {
  // ASCII has no marks: most words, and the lexicon looks up every word.
  if (std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return std::string(s);
  utf8proc_uint8_t* result = nullptr;
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                        static_cast<utf8proc_ssize_t>(s.size()), &result,
                        static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK));
  if (n < 0 || !result) return std::string(s);
  std::string out(reinterpret_cast<char*>(result), static_cast<std::size_t>(n));
  std::free(result);
  return out;
}

std::size_t Lexicon::addActor(CanonicalActor actor) {
  auto it = by_name_.find(actor.name);
  if (it != by_name_.end()) {
    // A later file refines an actor: fill what it knew not.
    CanonicalActor& old = actors_[it->second];
    if (!actor.capital_of.empty()) old.capital_of = actor.capital_of;
    if (!actor.country.empty()) old.country = actor.country;
    if (!actor.role.empty()) old.role = actor.role;
    if (!actor.gender.empty()) old.gender = actor.gender;
    if (!actor.kind.empty()) old.kind = actor.kind;
    old.plural = old.plural || actor.plural;
    return it->second;
  }
  actors_.push_back(std::move(actor));
  by_name_[actors_.back().name] = actors_.size() - 1;
  return actors_.size() - 1;
}

void Lexicon::addPhrase(const std::string& surface, PhraseMatch entry) {
  std::string key = normalizeSurface(stripThe(surface));
  if (key.empty()) return;
  // The first reading of a phrase wins: actors before capitals before places.
  auto [it, inserted] = phrases_.emplace(key, entry);
  if (!inserted) {
    bool upgrade = it->second.kind == EntryKind::Place && entry.kind != EntryKind::Place;
    if (upgrade) it->second = entry;
  }
  std::size_t sp = key.find_first_of(" -'");
  first_words_.insert(key.substr(0, sp));
  std::string stripped = stripDiacritics(key);
  if (stripped != key) {
    phrases_.emplace(stripped, entry);
    first_words_.insert(stripped.substr(0, stripped.find_first_of(" -'")));
  }
}

void Lexicon::loadFile(const std::string& path) { loadText(readWhole(path), path); }

void Lexicon::loadText(const std::string& text, const std::string& name) {
  Validator val(text, name);
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  if (doc.HasParseError())
    throw kg::InputError(name, val.lineOf(doc.GetErrorOffset()),
                         std::string("invalid JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()));
  val.index(doc);
  if (!doc.IsObject()) throw kg::InputError(name, 1, "the lexicon must be a JSON object");
  val.onlyKeys(doc, {"about", "countries", "historical", "organizations", "persons", "bodies",
                     "titles", "honorifics", "first_names", "group_nouns", "descriptions",
                     "speech_verbs", "speaking_groups", "regions"});
  auto array = [&](const char* key) -> const rapidjson::Value* {
    auto it = doc.FindMember(key);
    if (it == doc.MemberEnd()) return nullptr;
    if (!it->value.IsArray()) val.fail(doc, std::string("\"") + key + "\" must be an array");
    for (auto& e : it->value.GetArray())
      if (!e.IsObject())
        val.fail(doc, std::string("\"") + key + "\" must contain objects");
    return &it->value;
  };
  struct Pending {
    std::string surface;
    PhraseMatch match;
  };
  std::vector<Pending> later;  // capitals, demonyms: after every name of this file

  if (auto* countries = array("countries")) {
    for (auto& c : countries->GetArray()) {
      val.onlyKeys(c, {"iso", "name", "aliases", "demonyms", "capital", "seats"});
      CanonicalActor a;
      a.name = val.str(c, "name", true);
      a.type = graph::ActorType::Country;
      std::string iso = val.str(c, "iso", false);
      if (!iso.empty()) {
        if (iso.size() != 2) val.fail(c, "\"iso\" must be an ISO 3166-1 alpha-2 code");
        iso_names_[iso] = a.name;
      }
      std::size_t idx = addActor(a);
      addPhrase(a.name, {0, 0, EntryKind::Actor, idx, {}});
      for (auto& alias : val.strings(c, "aliases")) addPhrase(alias, {0, 0, EntryKind::Actor, idx, {}});
      for (auto& d : val.strings(c, "demonyms")) {
        later.push_back({d, {0, 0, EntryKind::Demonym, 0, a.name}});
        adjectives_.emplace(a.name, d);
      }
      std::vector<std::string> seats = val.strings(c, "seats");
      std::string capital = val.str(c, "capital", false);
      if (!capital.empty()) seats.insert(seats.begin(), capital);
      for (auto& s : seats) {
        CanonicalActor cap;
        cap.name = stripThe(s);
        cap.type = graph::ActorType::Location;
        cap.capital_of = a.name;
        later.push_back({s, {0, 0, EntryKind::Capital, addActor(cap), {}}});
      }
    }
  }
  auto loadActors = [&](const char* key, graph::ActorType fallback) {
    const rapidjson::Value* list = array(key);
    if (!list) return;
    for (auto& o : list->GetArray()) {
      val.onlyKeys(o, {"name", "type", "aliases", "demonyms", "kind", "country", "role", "of",
                       "gender", "plural", "case_sensitive", "surname"});
      CanonicalActor a;
      a.name = val.str(o, "name", true);
      a.type = typeField(val, o, fallback);
      a.kind = val.str(o, "kind", false);
      a.country = val.str(o, "country", false);
      if (a.country.empty()) a.country = val.str(o, "of", false);
      a.role = val.str(o, "role", false);
      a.gender = val.str(o, "gender", false);
      if (!a.gender.empty() && a.gender != "male" && a.gender != "female")
        val.fail(o, "\"gender\" must be \"male\" or \"female\"");
      a.plural = val.flag(o, "plural");
      val.flag(o, "case_sensitive");  // matching is always case-sensitive; kept as documentation
      // The family name, when it is not the last word of the name ("Xi" of "Xi Jinping").
      const std::string family = val.str(o, "surname", false);
      if (!family.empty() && a.type != graph::ActorType::Person)
        val.fail(o, "\"surname\" is only for persons");
      if (!family.empty() && (" " + a.name + " ").find(" " + family + " ") == std::string::npos)
        val.fail(o, "\"surname\" must be a word of \"name\"");
      std::size_t idx = addActor(a);
      std::vector<std::string> names = val.strings(o, "aliases");
      names.insert(names.begin(), a.name);
      for (auto& n : names) {
        addPhrase(n, {0, 0, EntryKind::Actor, idx, {}});
        if (a.type == graph::ActorType::Person) {
          std::size_t sp = n.rfind(' ');
          if (sp == std::string::npos) continue;
          const bool family_first = !family.empty() && n.rfind(family + " ", 0) == 0;
          std::string surname = family_first ? family : n.substr(sp + 1);
          auto [it, inserted] = surnames_.emplace(surname, idx);
          if (!inserted && it->second != idx) it->second = kAmbiguous;
          std::string first = family_first ? n.substr(sp + 1) : n.substr(0, n.find(' '));
          if (!a.gender.empty()) genders_.emplace(first, a.gender);
        }
      }
      for (auto& d : val.strings(o, "demonyms")) {
        later.push_back({d, {0, 0, EntryKind::Demonym, 0, a.name}});
        adjectives_.emplace(a.name, d);
      }
    }
  };
  loadActors("organizations", graph::ActorType::Organization);
  loadActors("persons", graph::ActorType::Person);
  loadActors("historical", graph::ActorType::Country);
  for (auto& p : later) addPhrase(p.surface, p.match);

  auto loadNamed = [&](const char* key, EntryKind kind) {
    const rapidjson::Value* list = array(key);
    if (!list) return;
    for (auto& o : list->GetArray()) {
      val.onlyKeys(o, {"name", "aliases"});
      std::string n = val.str(o, "name", true);
      addPhrase(n, {0, 0, kind, 0, n});
      for (auto& alias : val.strings(o, "aliases")) addPhrase(alias, {0, 0, kind, 0, n});
    }
  };
  loadNamed("bodies", EntryKind::Body);
  loadNamed("titles", EntryKind::Title);

  for (auto& g : val.strings(doc, "group_nouns")) group_nouns_.insert(lower(g));
  for (auto& g : val.strings(doc, "speech_verbs")) speech_verbs_.insert(lower(g));
  for (auto& g : val.strings(doc, "speaking_groups")) speaking_groups_.insert(lower(g));
  if (const rapidjson::Value* regions = array("regions")) {
    for (auto& o : regions->GetArray()) {
      val.onlyKeys(o, {"name", "aliases"});
      std::string n = val.str(o, "name", true);
      regions_[n] = n;
      for (auto& alias : val.strings(o, "aliases")) regions_[alias] = n;
    }
  }
  for (const char* key : {"honorifics", "first_names"}) {
    auto it = doc.FindMember(key);
    if (it == doc.MemberEnd()) continue;
    if (!it->value.IsObject()) val.fail(doc, std::string("\"") + key + "\" must be an object");
    val.onlyKeys(it->value, {"male", "female"});
    for (const char* g : {"male", "female"})
      for (auto& n : val.strings(it->value, g)) genders_[n] = g;
  }
  if (const rapidjson::Value* list = array("descriptions")) {
    for (auto& o : list->GetArray()) {
      val.onlyKeys(o, {"words", "types", "armed"});
      Description d;
      d.armed = val.flag(o, "armed");
      for (auto& t : val.strings(o, "types")) {
        auto parsed = graph::parseActorType(t);
        if (!parsed) val.fail(o, "unknown actor type \"" + t + "\"");
        d.types.push_back(*parsed);
      }
      if (d.types.empty()) val.fail(o, "\"types\" must list at least one actor type");
      auto words = val.strings(o, "words");
      if (words.empty()) val.fail(o, "\"words\" must list at least one word");
      for (auto& w : words) descriptions_[lower(w)] = d;
    }
  }
}

void Lexicon::loadIsoCodes(const std::string& dir) {
  auto load = [&](const std::string& file, const char* key) {
    std::string path = dir + "/" + file;
    std::string text = readWhole(path);
    rapidjson::Document doc;
    doc.Parse(text.c_str(), text.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember(key) || !doc[key].IsArray())
      throw kg::InputError(path, std::string("not an iso-codes file (no \"") + key + "\" array)");
    return doc;
  };
  auto get = [](const rapidjson::Value& o, const char* k) -> std::string {
    auto it = o.FindMember(k);
    return it != o.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
  };
  rapidjson::Document countries = load("iso_3166-1.json", "3166-1");
  for (auto& c : countries["3166-1"].GetArray()) {
    if (!c.IsObject()) continue;
    std::string code = get(c, "alpha_2");
    std::string name = get(c, "name");
    std::string common = get(c, "common_name");
    std::string official = get(c, "official_name");
    if (code.empty() || name.empty()) continue;
    std::string canonical;
    if (auto it = iso_names_.find(code); it != iso_names_.end()) canonical = it->second;
    else canonical = !common.empty() ? common : name;
    iso_names_[code] = canonical;
    CanonicalActor a;
    a.name = canonical;
    a.type = graph::ActorType::Country;
    std::size_t idx = addActor(a);
    for (const std::string& n : {canonical, name, common, official})
      if (!n.empty() && n.find(", ") == std::string::npos) addPhrase(n, {0, 0, EntryKind::Actor, idx, {}});
  }
  rapidjson::Document subdivisions = load("iso_3166-2.json", "3166-2");
  for (auto& s : subdivisions["3166-2"].GetArray()) {
    if (!s.IsObject()) continue;
    const std::string code = get(s, "code");
    if (code.size() == 5 && (code.rfind("US-", 0) == 0 || code.rfind("CA-", 0) == 0))
      state_codes_.insert(code.substr(3));
    std::string name = get(s, "name");
    if (name.size() < 3 || !std::isupper(static_cast<unsigned char>(name[0]))) continue;
    if (phrases_.count(normalizeSurface(name))) continue;
    CanonicalActor a;
    a.name = stripDiacritics(name);
    a.type = graph::ActorType::Location;
    if (by_name_.count(a.name)) continue;
    std::size_t idx = addActor(a);
    addPhrase(name, {0, 0, EntryKind::Place, idx, {}});
  }
}

std::optional<PhraseMatch> Lexicon::longestMatch(const std::vector<std::string>& forms,
                                                 const std::vector<bool>& space_after,
                                                 std::size_t i) const {
  if (i >= forms.size()) return std::nullopt;
  // Most words start no phrase. An ASCII word is its own normal form without marks, so
  // its first-word test is one look-up that allocates nothing.
  const std::string& form = forms[i];
  if (std::all_of(form.begin(), form.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    if (!first_words_.contains(std::string_view(form).substr(0, form.find_first_of(" -'"))))
      return std::nullopt;
  } else {
    std::string first = normalizeSurface(form);
    std::string head = first.substr(0, first.find_first_of(" -'"));
    if (!first_words_.count(head)) {
      std::string bare = stripDiacritics(head);
      if (bare == head || !first_words_.count(bare)) return std::nullopt;
    }
  }
  std::optional<PhraseMatch> best;
  std::string key;
  for (std::size_t j = i; j < forms.size() && j < i + maxPhraseTokens(); ++j) {
    if (j > i && space_after[j - 1]) key += ' ';
    key += normalizeSurface(forms[j]);
    auto it = phrases_.find(key);
    if (it == phrases_.end()) {
      std::string bare = stripDiacritics(key);
      if (bare != key) it = phrases_.find(bare);
    }
    if (it != phrases_.end()) {
      best = it->second;
      best->first = i;
      best->last = j + 1;
    }
  }
  return best;
}

std::optional<PhraseMatch> Lexicon::find(std::string_view surface) const {
  auto it = phrases_.find(normalizeSurface(stripThe(std::string(surface))));
  if (it == phrases_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> Lexicon::actorByName(std::string_view name) const {
  auto it = by_name_.find(std::string(name));
  if (it == by_name_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> Lexicon::personBySurname(std::string_view surname) const {
  auto it = surnames_.find(std::string(surname));
  if (it == surnames_.end() || it->second == kAmbiguous) return std::nullopt;
  return it->second;
}

std::string Lexicon::adjectiveOf(std::string_view country) const {
  auto it = adjectives_.find(std::string(country));
  return it == adjectives_.end() ? std::string() : it->second;
}

std::string Lexicon::genderOf(std::string_view word) const {
  auto it = genders_.find(std::string(word));
  return it == genders_.end() ? std::string() : it->second;
}

const Description* Lexicon::description(std::string_view lower_word) const {
  auto it = descriptions_.find(std::string(lower_word));
  return it == descriptions_.end() ? nullptr : &it->second;
}

}  // namespace kg::extract::entities
