// The knowledge graph. The source of truth is the SET of mentions, stored
// compactly (interned strings, one small record per mention, an open-addressing
// hash set over the mention keys). Everything else (actors, relations, the
// Boost.Graph adjacency lists, the name index) is derived from that set on the
// first query after a change, in a canonical order: actors sorted by their
// folded name, relations by (subject, relation, object, negated), evidence by
// (doc, offsets, spans). So the graph is a function of the set, whatever the
// order of add()/merge() calls.
#include "graph/knowledge_graph.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include "graph/error.h"

namespace kg::graph {

namespace {

using StrId = std::uint32_t;
constexpr StrId kNoStr = std::numeric_limits<StrId>::max();
constexpr std::uint32_t kEmptySlot = std::numeric_limits<std::uint32_t>::max();

bool isSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Whether the words of a mention may be an alias of its actor, one that findActor()
// answers to: a name. A pronoun ("it", "They") or a description ("the country", "this
// organization": no capital letter) resolved to an actor is a mention of it, not a name;
// an acronym ("US") is no pronoun.
bool nameLike(std::string_view text) {
  static constexpr std::array<std::string_view, 24> kPronouns = {
      "he",  "she", "it",   "they",  "him", "her",   "them",  "his",
      "its", "their", "theirs", "we", "us",  "our",   "ours",  "i",
      "me",  "my",  "you",  "your",  "who", "whom",  "which", "that"};
  bool capital = !text.empty() && static_cast<unsigned char>(text[0]) >= 0x80;  // "Émile"
  bool lower = false;
  for (unsigned char c : text) {
    capital = capital || (c >= 'A' && c <= 'Z');
    lower = lower || (c >= 'a' && c <= 'z');
  }
  if (!capital) return false;
  if (!lower && text.size() > 1) return true;
  return std::find(kPronouns.begin(), kPronouns.end(), foldName(text)) == kPronouns.end();
}

// Interned strings: each distinct string is stored once, in large blocks, and
// named by a small id; a flat open-addressing table finds them (no per-string
// allocation, which dominated the merge time with std::unordered_map).
class StringPool {
 public:
  StringPool() = default;
  StringPool(const StringPool& other) { *this = other; }
  StringPool& operator=(const StringPool& other) {
    if (this == &other) return *this;
    blocks_.clear();
    views_.clear();
    hashes_.clear();
    slots_.clear();
    block_capacity_ = 0;
    used_ = 0;
    for (std::string_view s : other.views_) intern(s);  // same ids, same order
    return *this;
  }

  StrId intern(std::string_view s) {
    if ((views_.size() + 1) * 2 > slots_.size()) rehash();
    const std::uint64_t h = std::hash<std::string_view>{}(s);
    const std::uint64_t tag = h & kTagMask;
    const std::size_t mask = slots_.size() - 1;
    std::size_t pos = h & mask;
    for (; slots_[pos] != kEmpty; pos = (pos + 1) & mask) {
      if ((slots_[pos] & kTagMask) != tag) continue;
      StrId id = static_cast<StrId>(slots_[pos]);
      if (views_[id] == s) return id;
    }
    if (views_.size() >= kNoStr - 1) throw Error("knowledge graph: too many distinct strings");
    StrId id = static_cast<StrId>(views_.size());
    views_.push_back(store(s));
    hashes_.push_back(h);
    slots_[pos] = tag | id;
    return id;
  }
  StrId find(std::string_view s) const {
    if (slots_.empty()) return kNoStr;
    const std::uint64_t h = std::hash<std::string_view>{}(s);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t pos = h & mask; slots_[pos] != kEmpty; pos = (pos + 1) & mask) {
      if ((slots_[pos] & kTagMask) != (h & kTagMask)) continue;
      StrId id = static_cast<StrId>(slots_[pos]);
      if (views_[id] == s) return id;
    }
    return kNoStr;
  }
  std::string_view str(StrId id) const { return views_[id]; }
  std::size_t size() const { return views_.size(); }

 private:
  static constexpr std::size_t kBlockSize = std::size_t{1} << 20;
  // A slot holds (high 32 bits of the hash | string id); all ones = empty.
  static constexpr std::uint64_t kTagMask = 0xFFFFFFFF00000000ull;
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

  std::string_view store(std::string_view s) {
    if (s.empty()) return {};
    if (used_ + s.size() > block_capacity_) {
      block_capacity_ = std::max(kBlockSize, s.size());
      blocks_.push_back(std::make_unique<char[]>(block_capacity_));
      used_ = 0;
    }
    char* p = blocks_.back().get() + used_;
    std::memcpy(p, s.data(), s.size());
    used_ += s.size();
    return {p, s.size()};
  }
  void rehash() {
    std::size_t cap = slots_.empty() ? 1024 : slots_.size() * 2;
    slots_.assign(cap, kEmpty);
    for (StrId id = 0; id < views_.size(); ++id) {
      std::size_t pos = hashes_[id] & (cap - 1);
      while (slots_[pos] != kEmpty) pos = (pos + 1) & (cap - 1);
      slots_[pos] = (hashes_[id] & kTagMask) | id;
    }
  }

  std::vector<std::unique_ptr<char[]>> blocks_;  // the characters; never move
  std::size_t block_capacity_ = 0;                // size of the last block
  std::size_t used_ = 0;                          // bytes used in the last block
  std::vector<std::string_view> views_;           // by id
  std::vector<std::uint64_t> hashes_;             // by id
  std::vector<std::uint64_t> slots_;              // open addressing (see kTagMask)
};

// One mention, compactly. The key fields (doc, offsets, spans, folded actor
// names, relation, negated) identify it; the rest is its payload.
struct Record {
  std::uint64_t sent_b = 0, sent_e = 0;  // sentence offsets
  std::uint64_t subj_b = 0, subj_e = 0;  // subject span
  std::uint64_t obj_b = 0, obj_e = 0;    // object span
  double confidence = 1.0;               // mention confidence
  StrId doc = 0;                         // document name
  StrId sentence = 0;                    // sentence text
  StrId subject = 0;                     // subject canonical name as spelled
  StrId subject_key = 0;                 // folded subject name
  StrId subject_text = 0;                // subject words
  StrId relation = 0;                    // relation name
  StrId lemma = 0;                       // verb lemma
  StrId object = 0;                      // object canonical name as spelled
  StrId object_key = 0;                  // folded object name
  StrId object_text = 0;                 // object words
  StrId attributed_to = 0;               // speaker ("" = none)
  StrId extractor = 0;                   // extractor name
  StrId extra = 0;                       // unknown JSON fields ("" = none)
  StrId subject_role = 0;                // role of the subject ("" = none)
  StrId object_role = 0;                 // role of the object ("" = none)
  std::uint8_t subject_type = 0;         // ActorType
  std::uint8_t object_type = 0;          // ActorType
  std::uint8_t modality = 0;             // Modality
  bool negated = false;                  // negated relation
};

bool sameKey(const Record& a, const Record& b) {
  return a.doc == b.doc && a.sent_b == b.sent_b && a.sent_e == b.sent_e && a.subj_b == b.subj_b &&
         a.subj_e == b.subj_e && a.obj_b == b.obj_b && a.obj_e == b.obj_e &&
         a.subject_key == b.subject_key && a.object_key == b.object_key &&
         a.relation == b.relation && a.negated == b.negated;
}

std::size_t hashKey(const Record& r) {
  std::uint64_t h = 0x9E3779B97F4A7C15ull;
  auto mix = [&h](std::uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    h *= 0xBF58476D1CE4E5B9ull;
  };
  mix(r.doc);
  mix(r.sent_b);
  mix(r.sent_e);
  mix(r.subj_b);
  mix(r.subj_e);
  mix(r.obj_b);
  mix(r.obj_e);
  mix(r.subject_key);
  mix(r.object_key);
  mix((static_cast<std::uint64_t>(r.relation) << 1) | (r.negated ? 1 : 0));
  return static_cast<std::size_t>(h ^ (h >> 31));
}

// The Boost.Graph storage: one vertex per ActorId, one edge per RelationId.
struct EdgeProps {
  RelationId id = 0;  // index into the relation table
};
// Edges are never removed: a vector edge list avoids one list node per edge.
using Digraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                      boost::no_property, EdgeProps, boost::no_property,
                                      boost::vecS>;
using Ugraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS,
                                     boost::no_property, EdgeProps, boost::no_property,
                                     boost::vecS>;
using SimpleUgraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

// One relation edge before materialisation: its mentions are order[first, first+count).
struct EdgeInfo {
  ActorId subject = 0;
  ActorId object = 0;
  StrId relation = 0;
  bool negated = false;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  double confidence = 0;
};

// Stops a breadth-first search once the depth limit is reached.
struct StopSearch {};

template <class Graph>
struct DepthVisitor : boost::default_bfs_visitor {
  std::vector<std::size_t>* dist;
  std::vector<RelationId>* via;
  std::size_t limit;
  DepthVisitor(std::vector<std::size_t>* d, std::vector<RelationId>* v, std::size_t l)
      : dist(d), via(v), limit(l) {}
  template <class Vertex, class G>
  void examine_vertex(Vertex u, const G&) const {
    if ((*dist)[u] >= limit) throw StopSearch{};
  }
  template <class Edge, class G>
  void tree_edge(Edge e, const G& g) const {
    auto s = boost::source(e, g);
    auto t = boost::target(e, g);
    (*dist)[t] = (*dist)[s] + 1;
    (*via)[t] = g[e].id;
  }
};

template <class Graph>
struct RelationFilter {
  const Graph* g = nullptr;
  const std::vector<EdgeInfo>* edges = nullptr;
  StrId relation = kNoStr;  // kNoStr = every edge
  template <class Edge>
  bool operator()(const Edge& e) const {
    return relation == kNoStr || (*edges)[(*g)[e].id].relation == relation;
  }
};

std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  std::iota(prev.begin(), prev.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string foldName(std::string_view name) {
  bool ascii = std::all_of(name.begin(), name.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  std::string folded;
  if (!ascii) {
    utf8proc_uint8_t* out = nullptr;
    utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()),
                                      static_cast<utf8proc_ssize_t>(name.size()), &out,
                                      static_cast<utf8proc_option_t>(
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
    if (n >= 0) folded.assign(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
    std::free(out);
    if (n < 0) ascii = true;  // not valid UTF-8: fall back to ASCII folding
  }
  if (ascii) {
    folded.assign(name);
    for (char& c : folded) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  // Trim and collapse whitespace.
  std::string result;
  result.reserve(folded.size());
  bool pending_space = false;
  for (char c : folded) {
    if (isSpace(static_cast<unsigned char>(c))) {
      pending_space = !result.empty();
      continue;
    }
    if (pending_space) result.push_back(' ');
    pending_space = false;
    result.push_back(c);
  }
  return result;
}

std::optional<Direction> parseDirection(std::string_view name) {
  if (name == "out") return Direction::Out;
  if (name == "in") return Direction::In;
  if (name == "both") return Direction::Both;
  return std::nullopt;
}

std::optional<Centrality> parseCentrality(std::string_view name) {
  if (name == "degree") return Centrality::Degree;
  if (name == "weighted-degree") return Centrality::WeightedDegree;
  if (name == "pagerank") return Centrality::PageRank;
  if (name == "betweenness") return Centrality::Betweenness;
  return std::nullopt;
}

std::string_view toString(Centrality c) {
  switch (c) {
    case Centrality::Degree: return "degree";
    case Centrality::WeightedDegree: return "weighted-degree";
    case Centrality::PageRank: return "pagerank";
    case Centrality::Betweenness: return "betweenness";
  }
  return "degree";
}

// ---------------------------------------------------------------------------

// Everything derived from the mention set, rebuilt after a change.
struct Derived {
  std::vector<Actor> actors;                          // by ActorId
  std::vector<StrId> actor_keys;                      // folded name per ActorId
  std::vector<EdgeInfo> edges;                        // by RelationId
  std::vector<std::uint32_t> order;                   // record indices, edge then evidence order
  std::unordered_map<std::string, ActorId> lookup;    // folded name or alias -> actor
  Digraph g;                                          // directed multigraph
  std::unique_ptr<Ugraph> ug;                         // the same, direction ignored (on demand)

  // The undirected view, built on first use (paths, components, ego, both-way BFS).
  const Ugraph& undirected() {
    if (!ug) {
      ug = std::make_unique<Ugraph>(actors.size());
      for (RelationId id = 0; id < edges.size(); ++id) {
        boost::add_edge(edges[id].subject, edges[id].object, EdgeProps{id}, *ug);
      }
    }
    return *ug;
  }
  std::vector<std::unique_ptr<Relation>> relations;   // materialised on demand
};

struct KnowledgeGraph::Impl {
  StringPool pool;
  std::vector<Record> records;           // the mention set
  std::vector<std::uint64_t> slots;      // open-addressing hash set of record indices
  std::vector<StrId> fold_cache;         // StrId -> StrId of its folded form (kNoStr = unknown)
  mutable std::unique_ptr<Derived> derived;  // null = stale

  Impl() = default;
  Impl(const Impl& o) : pool(o.pool), records(o.records), slots(o.slots), fold_cache(o.fold_cache) {}

  StrId folded(StrId id) {
    if (fold_cache.size() <= id) fold_cache.resize(pool.size(), kNoStr);
    if (fold_cache[id] == kNoStr) {
      StrId f = pool.intern(foldName(pool.str(id)));
      if (fold_cache.size() <= f) fold_cache.resize(pool.size(), kNoStr);
      fold_cache[id] = f;
    }
    return fold_cache[id];
  }

  // Deterministic order of payloads, by content (not by ids, which depend on history).
  bool payloadLess(const Record& a, const Record& b) const {
    auto tie = [this](const Record& r) {
      return std::make_tuple(pool.str(r.sentence), pool.str(r.subject), pool.str(r.subject_text),
                             r.subject_type, pool.str(r.object), pool.str(r.object_text),
                             r.object_type, pool.str(r.lemma), r.modality,
                             pool.str(r.attributed_to), r.confidence, pool.str(r.extractor),
                             pool.str(r.extra), pool.str(r.subject_role), pool.str(r.object_role));
    };
    return tie(a) < tie(b);
  }

  // A slot holds (32 bits of the key's hash << 32 | record index); all ones = empty.
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  static std::uint64_t slotOf(std::size_t hash, std::uint32_t index) {
    return (static_cast<std::uint64_t>(hash >> 32) << 32) | index;
  }

  void grow() {
    std::size_t cap = slots.empty() ? 1024 : slots.size() * 2;
    slots.assign(cap, kEmpty);
    for (std::uint32_t i = 0; i < records.size(); ++i) {
      std::size_t h = hashKey(records[i]);
      std::size_t pos = h & (cap - 1);
      while (slots[pos] != kEmpty) pos = (pos + 1) & (cap - 1);
      slots[pos] = slotOf(h, i);
    }
  }

  // Inserts a record; false when a mention with the same key exists (the
  // smaller payload by content is kept, so the result does not depend on order).
  bool insert(const Record& r) {
    if ((records.size() + 1) * 2 > slots.size()) grow();
    const std::size_t mask = slots.size() - 1;
    const std::size_t h = hashKey(r);
    const std::uint64_t tag = slotOf(h, 0);
    std::size_t pos = h & mask;
    while (slots[pos] != kEmpty) {
      if ((slots[pos] & 0xFFFFFFFF00000000ull) == tag) {
        Record& existing = records[static_cast<std::uint32_t>(slots[pos])];
        if (sameKey(existing, r)) {
          if (payloadLess(r, existing)) {
            existing = r;
            derived.reset();
          }
          return false;
        }
      }
      pos = (pos + 1) & mask;
    }
    if (records.size() >= kEmptySlot - 1) throw Error("knowledge graph: too many mentions");
    slots[pos] = slotOf(h, static_cast<std::uint32_t>(records.size()));
    records.push_back(r);
    derived.reset();
    return true;
  }

  Record fromTriple(const Triple& t) {
    Record r;
    r.doc = pool.intern(t.doc);
    r.sent_b = t.sentence_offset.begin;
    r.sent_e = t.sentence_offset.end;
    r.sentence = pool.intern(t.sentence);
    r.subject = pool.intern(t.subject);
    r.subject_text = pool.intern(t.subject_text);
    r.subject_type = static_cast<std::uint8_t>(t.subject_type);
    r.subj_b = t.subject_span.begin;
    r.subj_e = t.subject_span.end;
    r.relation = pool.intern(t.relation);
    r.lemma = pool.intern(t.lemma);
    r.object = pool.intern(t.object);
    r.object_text = pool.intern(t.object_text);
    r.object_type = static_cast<std::uint8_t>(t.object_type);
    r.obj_b = t.object_span.begin;
    r.obj_e = t.object_span.end;
    r.negated = t.negated;
    r.modality = static_cast<std::uint8_t>(t.modality);
    r.attributed_to = pool.intern(t.attributed_to);
    r.confidence = t.confidence;
    r.extractor = pool.intern(t.extractor);
    r.extra = pool.intern(t.extra_json == "{}" ? std::string_view() : std::string_view(t.extra_json));
    r.subject_role = pool.intern(t.subject_role);
    r.object_role = pool.intern(t.object_role);
    r.subject_key = folded(r.subject);
    r.object_key = folded(r.object);
    return r;
  }

  // Copies a record of another graph, re-interning its strings (remap caches ids).
  Record fromOther(const Impl& other, const Record& src, std::vector<StrId>& remap) {
    if (remap.size() < other.pool.size()) remap.resize(other.pool.size(), kNoStr);
    auto map = [&](StrId id) {
      if (remap[id] == kNoStr) remap[id] = pool.intern(other.pool.str(id));
      return remap[id];
    };
    Record r = src;
    r.doc = map(src.doc);
    r.sentence = map(src.sentence);
    r.subject = map(src.subject);
    r.subject_key = map(src.subject_key);
    r.subject_text = map(src.subject_text);
    r.relation = map(src.relation);
    r.lemma = map(src.lemma);
    r.object = map(src.object);
    r.object_key = map(src.object_key);
    r.object_text = map(src.object_text);
    r.attributed_to = map(src.attributed_to);
    r.extractor = map(src.extractor);
    r.extra = map(src.extra);
    r.subject_role = map(src.subject_role);
    r.object_role = map(src.object_role);
    return r;
  }

  Triple toTriple(const Record& r) const {
    Triple t;
    t.doc = pool.str(r.doc);
    t.sentence_offset = {r.sent_b, r.sent_e};
    t.sentence = pool.str(r.sentence);
    t.subject = pool.str(r.subject);
    t.subject_text = pool.str(r.subject_text);
    t.subject_type = static_cast<ActorType>(r.subject_type);
    t.subject_span = {r.subj_b, r.subj_e};
    t.relation = pool.str(r.relation);
    t.lemma = pool.str(r.lemma);
    t.object = pool.str(r.object);
    t.object_text = pool.str(r.object_text);
    t.object_type = static_cast<ActorType>(r.object_type);
    t.object_span = {r.obj_b, r.obj_e};
    t.negated = r.negated;
    t.modality = static_cast<Modality>(r.modality);
    t.attributed_to = pool.str(r.attributed_to);
    t.confidence = r.confidence;
    t.extractor = pool.str(r.extractor);
    t.extra_json = pool.str(r.extra);
    t.subject_role = pool.str(r.subject_role);
    t.object_role = pool.str(r.object_role);
    return t;
  }

  const Derived& get() const {
    if (!derived) derived = build();
    return *derived;
  }

  std::unique_ptr<Derived> build() const;
  void buildActors(Derived& d, const std::vector<std::uint32_t>& rank,
                   const std::vector<std::uint32_t>& key_to_actor) const;
  const Relation& relation(RelationId id) const;
  // Relation `id` built from its records, with or without its evidence.
  Relation materialise(RelationId id, bool with_evidence) const;
  const EdgeInfo& edge(RelationId id) const;
};

std::unique_ptr<Derived> KnowledgeGraph::Impl::build() const {
  auto d = std::make_unique<Derived>();
  const std::size_t nstr = pool.size();

  // Ranks (content order) of the strings that order actors, relations and evidence.
  std::vector<std::uint32_t> rank(nstr, 0);
  {
    std::vector<char> used(nstr, 0);
    for (const Record& r : records) {
      used[r.doc] = used[r.relation] = used[r.subject_key] = used[r.object_key] = 1;
    }
    std::vector<StrId> ids;
    for (StrId i = 0; i < nstr; ++i) {
      if (used[i]) ids.push_back(i);
    }
    std::sort(ids.begin(), ids.end(),
              [this](StrId a, StrId b) { return pool.str(a) < pool.str(b); });
    for (std::uint32_t i = 0; i < ids.size(); ++i) rank[ids[i]] = i;
  }

  // Actors: the distinct folded names, in content order.
  constexpr std::uint32_t kNoActor = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> key_to_actor(nstr, kNoActor);
  {
    std::vector<char> is_key(nstr, 0);
    for (const Record& r : records) is_key[r.subject_key] = is_key[r.object_key] = 1;
    for (StrId i = 0; i < nstr; ++i) {
      if (is_key[i]) d->actor_keys.push_back(i);
    }
    std::sort(d->actor_keys.begin(), d->actor_keys.end(),
              [&rank](StrId a, StrId b) { return rank[a] < rank[b]; });
    for (std::uint32_t i = 0; i < d->actor_keys.size(); ++i) key_to_actor[d->actor_keys[i]] = i;
  }
  buildActors(*d, rank, key_to_actor);

  // Relations: records sorted by (subject, relation, object, negated, doc, offsets, spans);
  // the key fields identify a record, so this order is total.
  struct Item {
    std::uint32_t subject, relation, object, negated, doc, index;
    std::uint64_t sent_b, sent_e, subj_b, subj_e, obj_b, obj_e;
    auto key() const {
      return std::tie(subject, relation, object, negated, doc, sent_b, sent_e, subj_b, subj_e,
                      obj_b, obj_e);
    }
  };
  {
    std::vector<Item> items(records.size());
    for (std::uint32_t i = 0; i < records.size(); ++i) {
      const Record& r = records[i];
      items[i] = Item{key_to_actor[r.subject_key], rank[r.relation], key_to_actor[r.object_key],
                      r.negated ? 1u : 0u, rank[r.doc], i, r.sent_b, r.sent_e, r.subj_b,
                      r.subj_e, r.obj_b, r.obj_e};
    }
    std::sort(items.begin(), items.end(),
              [](const Item& a, const Item& b) { return a.key() < b.key(); });
    d->order.resize(items.size());
    for (std::uint32_t i = 0; i < items.size(); ++i) {
      d->order[i] = items[i].index;
      const Item& it = items[i];
      bool starts = i == 0 || items[i - 1].subject != it.subject ||
                    items[i - 1].relation != it.relation || items[i - 1].object != it.object ||
                    items[i - 1].negated != it.negated;
      if (starts) {
        const Record& r = records[it.index];
        d->edges.push_back(EdgeInfo{it.subject, it.object, r.relation, r.negated, i, 0, 0});
      }
      ++d->edges.back().count;
    }
  }
  // Noisy-or over the evidence in its sorted order: identical floating point for equal sets.
  for (EdgeInfo& e : d->edges) {
    double none = 1.0;
    for (std::uint32_t k = e.first; k < e.first + e.count; ++k) {
      double c = std::clamp(records[d->order[k]].confidence, 0.0, 1.0);
      none *= 1.0 - c;
    }
    e.confidence = 1.0 - none;
  }

  // Boost.Graph storage.
  d->g = Digraph(d->actors.size());
  for (RelationId id = 0; id < d->edges.size(); ++id) {
    boost::add_edge(d->edges[id].subject, d->edges[id].object, EdgeProps{id}, d->g);
  }
  d->relations.resize(d->edges.size());

  // Name index: canonical names first; an alias shared by several actors goes to the
  // actor that is called so most often (ties: smaller id).
  std::unordered_map<std::string, std::pair<std::size_t, ActorId>> alias_best;
  for (ActorId a = 0; a < d->actors.size(); ++a) {
    d->lookup.emplace(std::string(pool.str(d->actor_keys[a])), a);
    for (const auto& [alias, count] : d->actors[a].aliases) {
      std::string key = foldName(alias);
      auto [it, fresh] = alias_best.emplace(key, std::make_pair(count, a));
      if (!fresh && count > it->second.first) it->second = {count, a};
    }
  }
  for (auto& [key, best] : alias_best) d->lookup.emplace(key, best.second);  // keeps names
  return d;
}

void KnowledgeGraph::Impl::buildActors(Derived& d, const std::vector<std::uint32_t>& rank,
                                       const std::vector<std::uint32_t>& key_to_actor) const {
  // One occurrence per (record, role); a mention of an actor is a distinct (doc, span).
  struct Occ {
    std::uint32_t actor, doc;
    std::uint64_t b, e;
    StrId doc_id, spelling, text, role;
    std::uint8_t type;
    auto key() const { return std::tie(actor, doc, b, e); }
  };
  std::vector<Occ> occ;
  occ.reserve(records.size() * 2);
  for (const Record& r : records) {
    occ.push_back({key_to_actor[r.subject_key], rank[r.doc], r.subj_b, r.subj_e, r.doc,
                   r.subject, r.subject_text, r.subject_role, r.subject_type});
    occ.push_back({key_to_actor[r.object_key], rank[r.doc], r.obj_b, r.obj_e, r.doc, r.object,
                   r.object_text, r.object_role, r.object_type});
  }
  std::sort(occ.begin(), occ.end(), [](const Occ& a, const Occ& b) { return a.key() < b.key(); });

  d.actors.resize(d.actor_keys.size());
  std::size_t i = 0;
  while (i < occ.size()) {
    const std::uint32_t a = occ[i].actor;
    std::map<StrId, std::size_t> spellings, texts, roles;
    std::array<std::size_t, 6> types{};
    Actor& actor = d.actors[a];
    while (i < occ.size() && occ[i].actor == a) {
      // One distinct mention: occ[i, j) share (doc, span).
      std::size_t j = i;
      while (j < occ.size() && occ[j].key() == occ[i].key()) ++j;
      ++actor.mentions;
      actor.documents.emplace_hint(actor.documents.end(), pool.str(occ[i].doc_id));
      std::vector<StrId> seen_spell, seen_text, seen_role;
      std::array<bool, 6> seen_type{};
      for (std::size_t k = i; k < j; ++k) {
        if (std::find(seen_spell.begin(), seen_spell.end(), occ[k].spelling) == seen_spell.end()) {
          seen_spell.push_back(occ[k].spelling);
          ++spellings[occ[k].spelling];
        }
        if (std::find(seen_text.begin(), seen_text.end(), occ[k].text) == seen_text.end()) {
          seen_text.push_back(occ[k].text);
          ++texts[occ[k].text];
        }
        if (!pool.str(occ[k].role).empty() &&
            std::find(seen_role.begin(), seen_role.end(), occ[k].role) == seen_role.end()) {
          seen_role.push_back(occ[k].role);
          ++roles[occ[k].role];
        }
        std::size_t t = std::min<std::size_t>(occ[k].type, 5);
        if (!seen_type[t]) {
          seen_type[t] = true;
          ++types[t];
        }
      }
      i = j;
    }
    // Display name: the most frequent spelling; ties: the smallest string.
    std::string_view best = pool.str(d.actor_keys[a]);
    std::size_t best_count = 0;
    for (const auto& [id, count] : spellings) {
      std::string_view s = pool.str(id);
      if (count > best_count || (count == best_count && s < best)) {
        best = s;
        best_count = count;
      }
    }
    actor.name = best;
    // Type: the majority; ties: the first in enum order (OTHER last).
    std::size_t best_type = 5;
    for (std::size_t t = 0; t < types.size(); ++t) {
      if (types[t] > types[best_type] || (types[t] == types[best_type] && t < best_type && types[t] > 0)) {
        best_type = t;
      }
    }
    actor.type = static_cast<ActorType>(best_type);
    for (const auto& [id, count] : texts) {
      std::string_view s = pool.str(id);
      if (!nameLike(s)) continue;
      actor.aliases[std::string(s)] += count;
    }
    for (const auto& [id, count] : roles) actor.roles[std::string(pool.str(id))] += count;
  }
}


const EdgeInfo& KnowledgeGraph::Impl::edge(RelationId id) const {
  const Derived& d = get();
  if (id >= d.edges.size()) throw std::out_of_range("knowledge graph: no relation " + std::to_string(id));
  return d.edges[id];
}

const Relation& KnowledgeGraph::Impl::relation(RelationId id) const {
  edge(id);  // checks the id, builds the derived data
  std::unique_ptr<Relation>& slot = derived->relations[id];
  if (!slot) slot = std::make_unique<Relation>(materialise(id, true));
  return *slot;
}

Relation KnowledgeGraph::Impl::materialise(RelationId id, bool with_evidence) const {
  const EdgeInfo& e = edge(id);
  const Derived& d = *derived;
  Relation r;
  r.subject = e.subject;
  r.object = e.object;
  r.relation = pool.str(e.relation);
  r.negated = e.negated;
  r.weight = e.count;
  r.confidence = e.confidence;
  if (with_evidence) r.evidence.reserve(e.count);
  for (std::uint32_t k = e.first; k < e.first + e.count; ++k) {
    const Record& m = records[d.order[k]];
    ++r.modalities[static_cast<Modality>(m.modality)];
    r.documents.emplace(pool.str(m.doc));
    if (!with_evidence) continue;
    Evidence ev;
    ev.doc = pool.str(m.doc);
    ev.sentence_offset = {m.sent_b, m.sent_e};
    ev.sentence = pool.str(m.sentence);
    ev.subject_text = pool.str(m.subject_text);
    ev.subject_span = {m.subj_b, m.subj_e};
    ev.object_text = pool.str(m.object_text);
    ev.object_span = {m.obj_b, m.obj_e};
    ev.lemma = pool.str(m.lemma);
    ev.modality = static_cast<Modality>(m.modality);
    ev.attributed_to = pool.str(m.attributed_to);
    ev.confidence = m.confidence;
    ev.extractor = pool.str(m.extractor);
    ev.subject_role = pool.str(m.subject_role);
    ev.object_role = pool.str(m.object_role);
    r.evidence.push_back(std::move(ev));
  }
  return r;
}

// ---------------------------------------------------------------------------

KnowledgeGraph::KnowledgeGraph() : impl_(std::make_unique<Impl>()) {}
KnowledgeGraph::~KnowledgeGraph() = default;
KnowledgeGraph::KnowledgeGraph(const KnowledgeGraph& other)
    : impl_(std::make_unique<Impl>(*other.impl_)) {}
KnowledgeGraph& KnowledgeGraph::operator=(const KnowledgeGraph& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
KnowledgeGraph::KnowledgeGraph(KnowledgeGraph&&) noexcept = default;
KnowledgeGraph& KnowledgeGraph::operator=(KnowledgeGraph&&) noexcept = default;

bool KnowledgeGraph::add(const Triple& triple) {
  auto empty = [](const std::string& s) { return foldName(s).empty(); };
  if (empty(triple.subject) || empty(triple.object) || triple.relation.empty()) {
    throw Error("cannot add a mention without subject, relation and object (doc '" + triple.doc +
                "', relation '" + triple.relation + "')");
  }
  bool added = impl_->insert(impl_->fromTriple(triple));
  // An argument's affiliation ("Afghan soldiers" -> Afghanistan) is a mention of the
  // edge "affiliated-with", stated by the argument's own words.
  auto affiliation = [&](const std::string& name, const std::string& text, ActorType type,
                         ByteSpan span, const std::string& role, const std::string& aff,
                         ActorType aff_type) {
    if (empty(aff) || foldName(aff) == foldName(name)) return;
    Triple a;
    a.doc = triple.doc;
    a.sentence_offset = triple.sentence_offset;
    a.sentence = triple.sentence;
    a.subject = name;
    a.subject_text = text;
    a.subject_type = type;
    a.subject_span = span;
    a.subject_role = role;
    a.relation = std::string(kAffiliatedWith);
    a.lemma = "affiliate";
    a.object = aff;
    a.object_type = aff_type;
    a.object_span = span;
    // Only the words that name the affiliation ("Afghan"), never the group's words: they
    // would become an alias of the country.
    NamedWords named = affiliationWords(text, span);
    if (!named.text.empty()) {
      a.object_text = std::move(named.text);
      a.object_span = named.span;
    }
    a.confidence = triple.confidence;
    a.extractor = "affiliation";
    added |= impl_->insert(impl_->fromTriple(a));
  };
  affiliation(triple.subject, triple.subject_text, triple.subject_type, triple.subject_span,
              triple.subject_role, triple.subject_affiliation, triple.subject_affiliation_type);
  affiliation(triple.object, triple.object_text, triple.object_type, triple.object_span,
              triple.object_role, triple.object_affiliation, triple.object_affiliation_type);
  return added;
}

void KnowledgeGraph::merge(const KnowledgeGraph& other) {
  if (&other == this) return;
  std::vector<StrId> remap;
  for (const Record& r : other.impl_->records) impl_->insert(impl_->fromOther(*other.impl_, r, remap));
}

std::size_t KnowledgeGraph::actorCount() const { return impl_->get().actors.size(); }
std::size_t KnowledgeGraph::relationCount() const { return impl_->get().edges.size(); }

const Actor& KnowledgeGraph::actor(ActorId id) const {
  const Derived& d = impl_->get();
  if (id >= d.actors.size()) throw std::out_of_range("knowledge graph: no actor " + std::to_string(id));
  return d.actors[id];
}

const Relation& KnowledgeGraph::relation(RelationId id) const { return impl_->relation(id); }
Relation KnowledgeGraph::relationSummary(RelationId id) const { return impl_->materialise(id, false); }
std::vector<Evidence> KnowledgeGraph::evidenceOf(RelationId id) const {
  return std::move(impl_->materialise(id, true).evidence);
}

std::optional<ActorId> KnowledgeGraph::findActor(std::string_view name) const {
  const Derived& d = impl_->get();
  auto it = d.lookup.find(foldName(name));
  if (it == d.lookup.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> KnowledgeGraph::suggest(std::string_view name, std::size_t n) const {
  const Derived& d = impl_->get();
  std::string query = foldName(name);
  const std::size_t limit = std::max<std::size_t>(2, query.size() / 3);
  std::vector<std::pair<std::size_t, ActorId>> scored;
  for (ActorId a = 0; a < d.actors.size(); ++a) {
    std::size_t best = editDistance(query, impl_->pool.str(d.actor_keys[a]));
    for (const auto& alias : d.actors[a].aliases) {
      best = std::min(best, editDistance(query, foldName(alias.first)));
    }
    if (best <= limit) scored.emplace_back(best, a);
  }
  std::sort(scored.begin(), scored.end(), [&d](const auto& x, const auto& y) {
    return std::tie(x.first, d.actors[x.second].name, x.second) <
           std::tie(y.first, d.actors[y.second].name, y.second);
  });
  std::vector<std::string> out;
  for (const auto& [dist, a] : scored) {
    if (out.size() >= n) break;
    out.push_back(d.actors[a].name);
  }
  return out;
}

std::vector<RelationId> KnowledgeGraph::outRelations(ActorId id) const {
  const Derived& d = impl_->get();
  actor(id);
  std::vector<RelationId> out;
  for (auto e : boost::make_iterator_range(boost::out_edges(id, d.g))) out.push_back(d.g[e].id);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<RelationId> KnowledgeGraph::inRelations(ActorId id) const {
  const Derived& d = impl_->get();
  actor(id);
  std::vector<RelationId> out;
  for (auto e : boost::make_iterator_range(boost::in_edges(id, d.g))) out.push_back(d.g[e].id);
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

// Breadth-first search (Boost) from `start` over `g`, keeping edges with the
// given relation, stopping at `depth` hops. dist[v] = hops (max = unreached).
template <class Graph>
void limitedBfs(const Graph& g, const std::vector<EdgeInfo>& edges, StrId relation,
                std::size_t start, std::size_t depth, std::vector<std::size_t>& dist,
                std::vector<RelationId>& via) {
  const std::size_t n = boost::num_vertices(g);
  dist.assign(n, std::numeric_limits<std::size_t>::max());
  via.assign(n, 0);
  dist[start] = 0;
  if (depth == 0) return;
  RelationFilter<Graph> filter{&g, &edges, relation};
  boost::filtered_graph<Graph, RelationFilter<Graph>> fg(g, filter);
  std::vector<boost::default_color_type> colors(n, boost::white_color);
  auto color_map = boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, g));
  try {
    boost::breadth_first_search(fg, start,
                                boost::visitor(DepthVisitor<Graph>(&dist, &via, depth)).color_map(color_map));
  } catch (const StopSearch&) {
  }
}

}  // namespace

std::vector<Neighbor> KnowledgeGraph::neighbors(ActorId start, const NeighborQuery& q) const {
  const Derived& d = impl_->get();
  actor(start);
  StrId rel = kNoStr;
  if (!q.relation.empty()) {
    rel = impl_->pool.find(q.relation);
    if (rel == kNoStr) return {};
  }
  std::vector<std::size_t> dist;
  std::vector<RelationId> via;
  switch (q.direction) {
    case Direction::Out: limitedBfs(d.g, d.edges, rel, start, q.depth, dist, via); break;
    case Direction::In: {
      auto rg = boost::make_reverse_graph(d.g);
      limitedBfs(rg, d.edges, rel, start, q.depth, dist, via);
      break;
    }
    case Direction::Both: limitedBfs(impl_->derived->undirected(), d.edges, rel, start, q.depth, dist, via); break;
  }
  std::vector<Neighbor> out;
  for (ActorId a = 0; a < dist.size(); ++a) {
    if (a != start && dist[a] <= q.depth) out.push_back(Neighbor{a, dist[a], via[a]});
  }
  std::sort(out.begin(), out.end(), [&d](const Neighbor& x, const Neighbor& y) {
    return std::tie(x.depth, d.actors[x.actor].name, x.actor) <
           std::tie(y.depth, d.actors[y.actor].name, y.actor);
  });
  return out;
}

std::vector<RelationId> KnowledgeGraph::relationsBetween(ActorId a, ActorId b) const {
  const Derived& d = impl_->get();
  actor(a);
  actor(b);
  std::vector<RelationId> out;
  for (auto e : boost::make_iterator_range(boost::out_edges(a, d.g))) {
    if (boost::target(e, d.g) == b) out.push_back(d.g[e].id);
  }
  if (a != b) {
    for (auto e : boost::make_iterator_range(boost::out_edges(b, d.g))) {
      if (boost::target(e, d.g) == a) out.push_back(d.g[e].id);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<Path> KnowledgeGraph::shortestPath(ActorId from, ActorId to) const {
  const Derived& d = impl_->get();
  actor(from);
  actor(to);
  if (from == to) return Path{{from}, {}};
  const Ugraph& ug = impl_->derived->undirected();
  const std::size_t n = boost::num_vertices(ug);
  // Cost 1 per hop plus a tie-breaker below 1/(n+1) that favours heavy edges: a path
  // with fewer hops always costs less, and among equal hops the heavier one wins.
  std::vector<double> cost(d.edges.size());
  for (RelationId id = 0; id < d.edges.size(); ++id) {
    cost[id] = 1.0 + 1.0 / ((static_cast<double>(d.edges[id].count) + 1.0) *
                            (static_cast<double>(n) + 1.0));
  }
  auto weight = boost::make_function_property_map<Ugraph::edge_descriptor, double>(
      [&](const Ugraph::edge_descriptor& e) { return cost[ug[e].id]; });
  std::vector<double> dist(n, std::numeric_limits<double>::infinity());
  std::vector<RelationId> pred_edge(n, 0);
  std::vector<std::size_t> pred(n);
  std::iota(pred.begin(), pred.end(), 0);
  auto index = boost::get(boost::vertex_index, ug);
  struct EdgeRecorder : boost::default_dijkstra_visitor {
    std::vector<RelationId>* pred_edge;
    const Ugraph* g;
    void edge_relaxed(const Ugraph::edge_descriptor& e, const Ugraph& graph) const {
      (*pred_edge)[boost::target(e, graph)] = (*g)[e].id;
    }
  };
  EdgeRecorder vis;
  vis.pred_edge = &pred_edge;
  vis.g = &ug;
  boost::dijkstra_shortest_paths(
      ug, from,
      boost::weight_map(weight)
          .distance_map(boost::make_iterator_property_map(dist.begin(), index))
          .predecessor_map(boost::make_iterator_property_map(pred.begin(), index))
          .visitor(vis));
  if (pred[to] == to) return std::nullopt;  // never reached
  Path path;
  for (std::size_t v = to; v != from; v = pred[v]) {
    path.actors.push_back(v);
    path.relations.push_back(pred_edge[v]);
  }
  path.actors.push_back(from);
  std::reverse(path.actors.begin(), path.actors.end());
  std::reverse(path.relations.begin(), path.relations.end());
  return path;
}

std::vector<RankedActor> KnowledgeGraph::top(Centrality by, std::size_t n) const {
  const Derived& d = impl_->get();
  const std::size_t nv = d.actors.size();
  std::vector<double> score(nv, 0.0);
  switch (by) {
    case Centrality::Degree:
      for (std::size_t v = 0; v < nv; ++v) {
        score[v] = static_cast<double>(boost::in_degree(v, d.g) + boost::out_degree(v, d.g));
      }
      break;
    case Centrality::WeightedDegree:
      for (const EdgeInfo& e : d.edges) {
        score[e.subject] += e.count;
        score[e.object] += e.count;
      }
      break;
    case Centrality::PageRank: {
      // Weighted, normalised PageRank by power iteration (Boost's page_rank ignores
      // weights and does not redistribute dangling mass): a walker follows an edge
      // with probability proportional to its weight, jumps uniformly with
      // probability 0.15, and jumps uniformly from actors without out-edges.
      if (nv == 0) break;
      const double damping = 0.85;
      std::vector<double> out_weight(nv, 0.0);
      for (const EdgeInfo& e : d.edges) out_weight[e.subject] += e.count;
      std::vector<double> pr(nv, 1.0 / static_cast<double>(nv)), next(nv);
      for (int iter = 0; iter < 200; ++iter) {
        double dangling = 0;
        for (std::size_t v = 0; v < nv; ++v) {
          if (out_weight[v] == 0) dangling += pr[v];
        }
        const double base = (1.0 - damping + damping * dangling) / static_cast<double>(nv);
        for (std::size_t v = 0; v < nv; ++v) {
          double in = 0;
          for (auto e : boost::make_iterator_range(boost::in_edges(v, d.g))) {
            std::size_t u = boost::source(e, d.g);
            in += pr[u] * static_cast<double>(d.edges[d.g[e].id].count) / out_weight[u];
          }
          next[v] = base + damping * in;
        }
        double delta = 0, total = 0;
        for (std::size_t v = 0; v < nv; ++v) {
          delta += std::abs(next[v] - pr[v]);
          total += next[v];
        }
        for (std::size_t v = 0; v < nv; ++v) pr[v] = next[v] / total;
        if (delta < 1e-12) break;
      }
      score = pr;
      break;
    }
    case Centrality::Betweenness: {
      // Brandes (Boost) on the simple undirected actor graph: parallel edges and
      // direction ignored; unnormalised, each unordered pair counted once.
      SimpleUgraph simple(nv);
      std::vector<std::pair<std::size_t, std::size_t>> pairs;
      for (const EdgeInfo& e : d.edges) {
        if (e.subject != e.object) {
          pairs.emplace_back(std::min(e.subject, e.object), std::max(e.subject, e.object));
        }
      }
      std::sort(pairs.begin(), pairs.end());
      pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
      for (const auto& [a, b] : pairs) boost::add_edge(a, b, simple);
      boost::brandes_betweenness_centrality(
          simple, boost::centrality_map(boost::make_iterator_property_map(
                      score.begin(), boost::get(boost::vertex_index, simple))));
      break;
    }
  }
  std::vector<RankedActor> ranked(nv);
  for (std::size_t v = 0; v < nv; ++v) ranked[v] = RankedActor{v, score[v]};
  std::sort(ranked.begin(), ranked.end(), [&d](const RankedActor& x, const RankedActor& y) {
    if (x.score != y.score) return x.score > y.score;
    return std::tie(d.actors[x.actor].name, x.actor) < std::tie(d.actors[y.actor].name, y.actor);
  });
  if (n < ranked.size()) ranked.resize(n);
  return ranked;
}

std::vector<std::pair<std::string, std::size_t>> KnowledgeGraph::relationTypes() const {
  const Derived& d = impl_->get();
  std::map<std::string, std::size_t> totals;
  for (const EdgeInfo& e : d.edges) totals[std::string(impl_->pool.str(e.relation))] += e.count;
  std::vector<std::pair<std::string, std::size_t>> out(totals.begin(), totals.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  return out;
}

KnowledgeGraph KnowledgeGraph::ego(ActorId center, std::size_t radius) const {
  const Derived& d = impl_->get();
  actor(center);
  std::vector<std::size_t> dist;
  std::vector<RelationId> via;
  limitedBfs(impl_->derived->undirected(), d.edges, kNoStr, center, radius, dist, via);
  KnowledgeGraph sub;
  std::vector<StrId> remap;
  for (const EdgeInfo& e : d.edges) {
    if (dist[e.subject] > radius || dist[e.object] > radius) continue;
    for (std::uint32_t k = e.first; k < e.first + e.count; ++k) {
      sub.impl_->insert(sub.impl_->fromOther(*impl_, impl_->records[d.order[k]], remap));
    }
  }
  return sub;
}

std::vector<std::vector<ActorId>> KnowledgeGraph::components() const {
  const Derived& d = impl_->get();
  const std::size_t nv = d.actors.size();
  std::vector<std::size_t> comp(nv, 0);
  std::size_t count = nv == 0 ? 0
                              : static_cast<std::size_t>(boost::connected_components(
                                    impl_->derived->undirected(),
                                    boost::make_iterator_property_map(comp.begin(),
                                                                      boost::identity_property_map())));
  std::vector<std::vector<ActorId>> out(count);
  for (ActorId a = 0; a < nv; ++a) out[comp[a]].push_back(a);
  auto by_name = [&d](ActorId x, ActorId y) {
    return std::tie(d.actors[x].name, x) < std::tie(d.actors[y].name, y);
  };
  for (auto& c : out) std::sort(c.begin(), c.end(), by_name);
  std::sort(out.begin(), out.end(), [&by_name](const auto& x, const auto& y) {
    if (x.size() != y.size()) return x.size() > y.size();
    return by_name(x.front(), y.front());
  });
  return out;
}

std::vector<RelationId> KnowledgeGraph::findRelations(ActorId subject, std::string_view relation,
                                                      ActorId object) const {
  const Derived& d = impl_->get();
  actor(subject);
  actor(object);
  std::string wanted = foldName(relation);
  std::vector<RelationId> out;
  for (auto e : boost::make_iterator_range(boost::out_edges(subject, d.g))) {
    if (boost::target(e, d.g) != object) continue;
    RelationId id = d.g[e].id;
    if (foldName(impl_->pool.str(d.edges[id].relation)) == wanted) out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Triple> KnowledgeGraph::mentions() const {
  const Derived& d = impl_->get();
  std::vector<Triple> out;
  out.reserve(d.order.size());
  for (std::uint32_t index : d.order) out.push_back(impl_->toTriple(impl_->records[index]));
  return out;
}

std::vector<Triple> KnowledgeGraph::mentionsOf(RelationId id) const {
  const Derived& d = impl_->get();
  if (id >= d.edges.size()) throw std::out_of_range("knowledge graph: no relation " + std::to_string(id));
  const EdgeInfo& e = d.edges[id];
  std::vector<Triple> out;
  out.reserve(e.count);
  for (std::uint32_t k = e.first; k < e.first + e.count; ++k) out.push_back(impl_->toTriple(impl_->records[d.order[k]]));
  return out;
}

bool operator==(const KnowledgeGraph& a, const KnowledgeGraph& b) {
  if (&a == &b) return true;
  if (a.actorCount() != b.actorCount() || a.relationCount() != b.relationCount()) return false;
  for (ActorId i = 0; i < a.actorCount(); ++i) {
    if (!(a.actor(i) == b.actor(i))) return false;
  }
  for (RelationId i = 0; i < a.relationCount(); ++i) {  // one edge at a time: no cache
    if (!(a.relationSummary(i) == b.relationSummary(i)) || a.evidenceOf(i) != b.evidenceOf(i)) return false;
  }
  return true;
}

}  // namespace kg::graph
