// The knowledge graph: one node per actor, one edge per
// (subject, relation, object, negated), merged from triple mentions.
// Boost.Graph is the storage and the algorithms, hidden behind this header.
//
//   kg::graph::KnowledgeGraph g;
//   for (auto& t : kg::graph::readTriplesFile("triples.jsonl")) g.add(t);
//   if (auto russia = g.findActor("moscow"))          // any alias, any case
//     for (auto& n : g.neighbors(*russia, {.depth = 2})) ...
//
// Merging is idempotent (a mention added twice counts once) and independent
// of order: the graph is a function of the *set* of mentions added, so
// building shards and merge()-ing them equals one build over all input.
// A mention is identified by (doc, sentence offsets, subject/object spans,
// folded subject/object names, relation, negated); of two records with the same
// key the smaller by content is kept. Actors are numbered by folded name,
// relations by (subject, relation, object, negated), evidence by (doc, offsets,
// spans): ids and every aggregate are the same for equal mention sets.
//
// Derived data (actors, relations, adjacency) is rebuilt lazily on the first
// query after add()/merge(); references returned by actor()/relation() stay
// valid until the next add()/merge(). Not safe for concurrent use, even const.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "graph/triple.h"

namespace kg::graph {

using ActorId = std::size_t;     // dense index of an actor, 0..actorCount()-1
using RelationId = std::size_t;  // dense index of a relation edge, 0..relationCount()-1

// One sentence supporting a relation: the provenance of a mention.
struct Evidence {
  std::string doc;              // document name
  ByteSpan sentence_offset;     // raw byte offsets of the sentence
  std::string sentence;         // clean sentence text
  std::string subject_text;     // words naming the subject
  ByteSpan subject_span;        // raw offsets of subject_text
  std::string object_text;      // words naming the object
  ByteSpan object_span;         // raw offsets of object_text
  std::string lemma;            // verb lemma
  Modality modality = Modality::Asserted;  // modality of this mention
  std::string attributed_to;    // reported speaker, empty = none
  double confidence = 1.0;      // this mention's confidence
  std::string extractor;        // rule that produced it
  std::string subject_role;     // role the words give the subject ("foreign minister of Russia")
  std::string object_role;      // role the words give the object
  friend bool operator==(const Evidence&, const Evidence&) = default;
};

// A node: one real-world actor.
struct Actor {
  std::string name;                             // canonical name: its most frequent spelling
                                                //   (ties: byte-wise smallest)
  ActorType type = ActorType::Other;            // majority type over its mentions (ties: enum order)
  std::map<std::string, std::size_t> aliases;   // names written -> distinct mentions (no pronouns,
                                                //   nor descriptions without a capital)
  std::size_t mentions = 0;                     // distinct mentions (doc + span)
  std::set<std::string> documents;              // documents that mention it
  std::map<std::string, std::size_t> roles;     // role -> distinct mentions giving it
  friend bool operator==(const Actor&, const Actor&) = default;
};

// An edge: all mentions of one (subject, relation, object, negated).
struct Relation {
  ActorId subject = 0;                          // source actor
  ActorId object = 0;                           // target actor
  std::string relation;                         // "negotiates-with"
  bool negated = false;                         // "not negotiates-with"
  std::size_t weight = 0;                       // distinct mentions (>= 1)
  double confidence = 0;                        // noisy-or of the mentions' confidences
  std::map<Modality, std::size_t> modalities;   // mentions per modality
  std::vector<Evidence> evidence;               // sorted (doc, offsets, ...), no duplicates
  std::set<std::string> documents;              // documents that support it
  friend bool operator==(const Relation&, const Relation&) = default;
};

// Which edges a neighbourhood query follows.
enum class Direction { Out, In, Both };

// Centrality measures for top().
enum class Centrality { Degree, WeightedDegree, PageRank, Betweenness };

// The key actors are compared by: Unicode NFC + case folding (ASCII lower-casing
// when the text is not valid UTF-8), outer whitespace trimmed, inner runs collapsed.
std::string foldName(std::string_view name);

// "out"/"in"/"both" and "degree"/"weighted-degree"/"pagerank"/"betweenness";
// nullopt for anything else.
std::optional<Direction> parseDirection(std::string_view name);
std::optional<Centrality> parseCentrality(std::string_view name);
std::string_view toString(Centrality c);

struct NeighborQuery {
  Direction direction = Direction::Both;  // which edges to follow
  std::size_t depth = 1;                  // hops (>= 1)
  std::string relation;                   // only edges with this relation; empty = all
};

// An actor reached by neighbors(), with the edge that first reached it.
struct Neighbor {
  ActorId actor = 0;        // the neighbour
  std::size_t depth = 0;    // hops from the start (1 = adjacent)
  RelationId via = 0;       // an edge (on a shortest route) that reached it
};

// A shortest path: actors[0] is the start, relations[i] joins actors[i] and actors[i+1]
// (followed in either direction).
struct Path {
  std::vector<ActorId> actors;
  std::vector<RelationId> relations;
};

struct RankedActor {
  ActorId actor = 0;
  double score = 0;  // degree: edges in + out; weighted degree: their weights; PageRank:
                     // weighted, sums to 1; betweenness: Brandes, unnormalised, undirected
};

class KnowledgeGraph {
 public:
  KnowledgeGraph();
  ~KnowledgeGraph();
  KnowledgeGraph(const KnowledgeGraph& other);
  KnowledgeGraph& operator=(const KnowledgeGraph& other);
  KnowledgeGraph(KnowledgeGraph&&) noexcept;
  KnowledgeGraph& operator=(KnowledgeGraph&&) noexcept;

  // Adds one mention. Returns false when the same mention (doc, sentence
  // offsets, subject/object spans, relation, negation, actors) was already added.
  // An argument with an affiliation also adds a mention of the edge
  // "<argument> affiliated-with <affiliation>" (kAffiliatedWith), its evidence being
  // the argument's words; an argument's role is counted in Actor::roles.
  bool add(const Triple& triple);
  // Adds every mention of `other` (shard merge).
  void merge(const KnowledgeGraph& other);

  std::size_t actorCount() const;
  std::size_t relationCount() const;
  const Actor& actor(ActorId id) const;
  // The relation with its evidence, kept until the next add()/merge() (for queries
  // over a few edges; a walk over every edge holds all evidence this way).
  const Relation& relation(RelationId id) const;
  // The relation without its evidence (Relation::evidence empty), built on each call
  // and not kept: for walks over every edge (exporters).
  Relation relationSummary(RelationId id) const;
  // The evidence of one relation (as relation(id).evidence), built on each call and
  // not kept. Both throw std::out_of_range on a bad id.
  std::vector<Evidence> evidenceOf(RelationId id) const;

  // The actor whose canonical name or any alias equals `name`, case-insensitively
  // (foldName). Names win over aliases; an alias of several actors names the one
  // called so most often.
  std::optional<ActorId> findActor(std::string_view name) const;
  // Up to `n` actor names closest to `name` (edit distance over names and aliases),
  // for "unknown actor, did you mean ...".
  std::vector<std::string> suggest(std::string_view name, std::size_t n = 3) const;

  // Edges leaving / entering an actor.
  std::vector<RelationId> outRelations(ActorId id) const;
  std::vector<RelationId> inRelations(ActorId id) const;

  // Actors within `q.depth` hops, nearest first (ties by name); the start is excluded.
  std::vector<Neighbor> neighbors(ActorId start, const NeighborQuery& q = {}) const;
  // Every edge between a and b, in both directions.
  std::vector<RelationId> relationsBetween(ActorId a, ActorId b) const;
  // A shortest path ignoring direction (fewest edges, heavier edges preferred on ties);
  // nullopt when not connected.
  std::optional<Path> shortestPath(ActorId from, ActorId to) const;
  // The `n` highest-scoring actors, best first, ties by name.
  // PageRank is kg's own power iteration (damping 0.85, transitions proportional to
  // edge weight, dangling actors jump uniformly), normalised to sum to 1; Boost's
  // page_rank ignores weights. Betweenness is Boost's Brandes on the simple
  // undirected actor graph (each pair counted once, as networkx normalized=False).
  std::vector<RankedActor> top(Centrality by, std::size_t n) const;
  // Relation names with their total weight, most frequent first.
  std::vector<std::pair<std::string, std::size_t>> relationTypes() const;
  // The subgraph of everything within `radius` hops of `center` (either direction).
  KnowledgeGraph ego(ActorId center, std::size_t radius = 1) const;
  // Weakly connected components, largest first; each sorted by actor name.
  std::vector<std::vector<ActorId>> components() const;
  // Edges with the given relation name, subject and object names (any alias), and negation.
  std::vector<RelationId> findRelations(ActorId subject, std::string_view relation,
                                        ActorId object) const;

  // Every mention as a Triple (for saving and for merging), relation by relation
  // (RelationId order), each relation's mentions in evidence order.
  std::vector<Triple> mentions() const;
  // The mentions of one relation, in evidence order (a slice of mentions(); exporters
  // use it to avoid holding every mention at once); throws std::out_of_range on a bad id.
  std::vector<Triple> mentionsOf(RelationId id) const;

  // Same actors, relations and evidence (ids may differ: compares by content).
  friend bool operator==(const KnowledgeGraph& a, const KnowledgeGraph& b);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kg::graph
