// Internal: reads the JSON rule tables into a small tree that remembers the line
// of every value, so that a wrong entry is reported as "file:line: problem".
#include "extract/relations/lexicon.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "graph/error.h"

namespace kg::extract::relations {
namespace {

// A JSON value with the line it starts on.
struct Node {
  enum Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = kNull;
  std::string text;                                   // string value
  bool flag = false;                                  // boolean value
  std::vector<std::unique_ptr<Node>> items;           // array items
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> members;  // object members
  std::size_t line = 0;                               // 1-based line
};

// A RapidJSON input stream over a string that counts lines.
struct LineStream {
  using Ch = char;
  const char* begin;
  const char* p;
  const char* end;
  std::size_t line = 1;
  Ch Peek() const { return p < end ? *p : '\0'; }
  Ch Take() {
    if (p >= end) return '\0';
    Ch c = *p++;
    if (c == '\n') ++line;
    return c;
  }
  std::size_t Tell() const { return static_cast<std::size_t>(p - begin); }
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  std::size_t PutEnd(Ch*) { return 0; }
};

// Builds the Node tree from SAX events.
struct TreeBuilder : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder> {
  const LineStream* stream = nullptr;
  std::unique_ptr<Node> root;
  std::vector<Node*> stack;
  std::string key;

  Node* add(Node::Kind kind) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->line = stream->line;
    Node* raw = node.get();
    if (stack.empty()) {
      root = std::move(node);
    } else if (stack.back()->kind == Node::kArray) {
      stack.back()->items.push_back(std::move(node));
    } else {
      stack.back()->members.emplace_back(key, std::move(node));
    }
    return raw;
  }
  bool Default() { return add(Node::kNull) != nullptr; }
  bool Bool(bool b) {
    add(Node::kBool)->flag = b;
    return true;
  }
  bool Int(int) { return add(Node::kNumber) != nullptr; }
  bool Uint(unsigned) { return add(Node::kNumber) != nullptr; }
  bool Int64(int64_t) { return add(Node::kNumber) != nullptr; }
  bool Uint64(uint64_t) { return add(Node::kNumber) != nullptr; }
  bool Double(double) { return add(Node::kNumber) != nullptr; }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    add(Node::kString)->text.assign(s, n);
    return true;
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    key.assign(s, n);
    return true;
  }
  bool StartObject() {
    stack.push_back(add(Node::kObject));
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    stack.pop_back();
    return true;
  }
  bool StartArray() {
    stack.push_back(add(Node::kArray));
    return true;
  }
  bool EndArray(rapidjson::SizeType) {
    stack.pop_back();
    return true;
  }
};

std::unique_ptr<Node> parseFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot be opened for reading (rule table)");
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  LineStream stream{text.data(), text.data(), text.data() + text.size()};
  TreeBuilder builder;
  builder.stream = &stream;
  rapidjson::Reader reader;
  rapidjson::ParseResult ok = reader.Parse(stream, builder);
  if (!ok) {
    throw InputError(path, stream.line,
                     std::string("malformed JSON: ") + rapidjson::GetParseError_En(ok.Code()));
  }
  if (!builder.root || builder.root->kind != Node::kObject)
    throw InputError(path, 1, "expected a JSON object at the top");
  return std::move(builder.root);
}

const Node* member(const Node& obj, const std::string& name) {
  for (const auto& [k, v] : obj.members)
    if (k == name) return v.get();
  return nullptr;
}

const Node& requireArray(const Node& root, const std::string& name, const std::string& path) {
  const Node* n = member(root, name);
  if (!n) throw InputError(path, root.line, "missing the list \"" + name + "\"");
  if (n->kind != Node::kArray) throw InputError(path, n->line, "\"" + name + "\" must be a list");
  return *n;
}

std::set<std::string> wordSet(const Node& root, const std::string& name, const std::string& path) {
  std::set<std::string> out;
  for (const auto& item : requireArray(root, name, path).items) {
    if (item->kind != Node::kString || item->text.empty())
      throw InputError(path, item->line, "\"" + name + "\" must hold non-empty strings");
    if (!out.insert(item->text).second)
      throw InputError(path, item->line, "\"" + item->text + "\" is listed twice in \"" + name + "\"");
  }
  return out;
}

// The string field `name` of an entry; required fields must be non-empty.
std::string field(const Node& entry, const std::string& name, bool required,
                  const std::string& path) {
  const Node* n = member(entry, name);
  if (!n) {
    if (required) throw InputError(path, entry.line, "entry lacks the field \"" + name + "\"");
    return "";
  }
  if (n->kind != Node::kString) throw InputError(path, n->line, "\"" + name + "\" must be a string");
  if (required && n->text.empty())
    throw InputError(path, n->line, "\"" + name + "\" must not be empty");
  return n->text;
}

// The boolean field `name` of an entry (false when absent).
bool flagField(const Node& entry, const std::string& name, const std::string& path) {
  const Node* n = member(entry, name);
  if (!n) return false;
  if (n->kind != Node::kBool)
    throw InputError(path, n->line, "\"" + name + "\" must be true or false");
  return n->flag;
}

void checkFields(const Node& entry, const std::set<std::string>& known, const std::string& path) {
  if (entry.kind != Node::kObject) throw InputError(path, entry.line, "expected an object");
  for (const auto& [k, v] : entry.members)
    if (!known.count(k)) throw InputError(path, v->line, "unknown field \"" + k + "\"");
}

}  // namespace

Lexicon Lexicon::load(const std::string& dir) {
  Lexicon lex;
  const std::string lv_path = dir + "/light_verbs.json";
  auto lv = parseFile(lv_path);
  for (const auto& e : requireArray(*lv, "light_verbs", lv_path).items) {
    checkFields(*e, {"verb", "noun", "noun_prep", "prep", "relation", "lemma", "literal"}, lv_path);
    LightVerb v;
    v.verb = field(*e, "verb", true, lv_path);
    v.noun = field(*e, "noun", true, lv_path);
    v.noun_prep = field(*e, "noun_prep", false, lv_path);
    v.prep = field(*e, "prep", false, lv_path);
    v.relation = field(*e, "relation", true, lv_path);
    v.lemma = field(*e, "lemma", true, lv_path);
    v.literal = flagField(*e, "literal", lv_path);
    v.line = e->line;
    lex.light_verbs.push_back(std::move(v));
  }
  for (const auto& e : requireArray(*lv, "event_nouns", lv_path).items) {
    checkFields(*e, {"noun", "prep", "relation", "lemma", "by_affiliation"}, lv_path);
    EventNoun n;
    n.noun = field(*e, "noun", true, lv_path);
    n.prep = field(*e, "prep", true, lv_path);
    n.relation = field(*e, "relation", true, lv_path);
    n.lemma = field(*e, "lemma", true, lv_path);
    n.by_affiliation = flagField(*e, "by_affiliation", lv_path);
    lex.event_nouns.push_back(std::move(n));
  }

  const std::string rw_path = dir + "/relation_words.json";
  auto rw = parseFile(rw_path);
  lex.relational_nouns = wordSet(*rw, "relational_nouns", rw_path);
  lex.role_modifiers = wordSet(*rw, "role_modifiers", rw_path);
  lex.speaking_roles = wordSet(*rw, "speaking_roles", rw_path);
  lex.request_verbs = wordSet(*rw, "request_verbs", rw_path);
  lex.reporting_verbs = wordSet(*rw, "reporting_verbs", rw_path);
  lex.addressee_verbs = wordSet(*rw, "addressee_verbs", rw_path);
  lex.commissive_verbs = wordSet(*rw, "commissive_verbs", rw_path);
  lex.reciprocal_verbs = wordSet(*rw, "reciprocal_verbs", rw_path);
  lex.intention_verbs = wordSet(*rw, "intention_verbs", rw_path);
  lex.accusation_verbs = wordSet(*rw, "accusation_verbs", rw_path);
  lex.praise_verbs = wordSet(*rw, "praise_verbs", rw_path);
  lex.prevention_verbs = wordSet(*rw, "prevention_verbs", rw_path);
  lex.object_control_verbs = wordSet(*rw, "object_control_verbs", rw_path);
  lex.negative_verbs = wordSet(*rw, "negative_verbs", rw_path);
  lex.clause_prepositions = wordSet(*rw, "clause_prepositions", rw_path);
  lex.skip_matrix_verbs = wordSet(*rw, "skip_matrix_verbs", rw_path);
  lex.light_verb_heads = wordSet(*rw, "light_verb_heads", rw_path);
  lex.state_passive_verbs = wordSet(*rw, "state_passive_verbs", rw_path);
  lex.quantity_nouns = wordSet(*rw, "quantity_nouns", rw_path);
  lex.fraction_nouns = wordSet(*rw, "fraction_nouns", rw_path);
  lex.abstract_nouns = wordSet(*rw, "abstract_nouns", rw_path);
  lex.possessor_nouns = wordSet(*rw, "possessor_nouns", rw_path);
  lex.event_holders = wordSet(*rw, "event_holders", rw_path);
  lex.event_verbs = wordSet(*rw, "event_verbs", rw_path);
  lex.intention_nouns = wordSet(*rw, "intention_nouns", rw_path);
  lex.time_nouns = wordSet(*rw, "time_nouns", rw_path);
  lex.possible_auxes = wordSet(*rw, "possible_auxes", rw_path);
  lex.future_auxes = wordSet(*rw, "future_auxes", rw_path);
  return lex;
}

}  // namespace kg::extract::relations
