// DOT through libcgraph: one node per actor (n0, n1, ... in name order), shape and
// colour by actor type; one edge per relation, dashed and labelled "not ..." when
// negated, penwidth 1 + log2(weight); a legend in a cluster; layout hints for
// dot (small graphs) and sfdp (large ones).
#include <graphviz/cgraph.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>
#include <set>
#include <sstream>
#include <string>

#include "export/exporters_internal.h"
#include "graph/error.h"

namespace kg::exporters {

namespace {

using graph::ActorType;

// How an actor type is drawn.
struct TypeStyle {
  const char* shape;  // graphviz node shape
  const char* fill;   // fill colour
  const char* style;  // graphviz style list
  const char* words;  // the shape as the legend names it
};

TypeStyle styleOf(ActorType type) {
  switch (type) {
    case ActorType::Person: return {"ellipse", "#a6cee3", "filled", "ellipse"};
    case ActorType::Organization: return {"box", "#fdbf6f", "rounded,filled", "rounded box"};
    case ActorType::Country: return {"hexagon", "#b2df8a", "filled", "hexagon"};
    case ActorType::Location: return {"house", "#cab2d6", "filled", "house"};
    case ActorType::Group: return {"octagon", "#fb9a99", "filled", "octagon"};
    case ActorType::Other: break;
  }
  return {"ellipse", "#e0e0e0", "filled,dashed", "dashed ellipse"};
}

constexpr const char* kNegatedColour = "#c0392b";
constexpr const char* kEdgeColour = "#555555";
constexpr const char* kFont = "Helvetica,Arial,sans-serif";

// A value for an escString attribute (label, tooltip): XML-safe (the SVG renderer
// emits it), line breaks become spaces, backslashes doubled so "\N", "\n" or a
// trailing backslash stay literal. Quotes are escaped by agwrite itself.
std::string dotText(std::string_view text) {
  std::string clean = detail::xmlSafe(text);
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n' || c == '\r' || c == '\t') out += ' ';
    else out += c;
  }
  return out;
}

// Text for the inside of an HTML-like label.
std::string htmlText(std::string_view text) {
  std::string out;
  for (char c : detail::xmlSafe(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// libcgraph's output discipline, writing into a std::ostream (agwrite's channel).
int putString(void* chan, const char* str) {
  auto* out = static_cast<std::ostream*>(chan);
  *out << str;
  return out->good() ? 0 : EOF;
}
int flushStream(void* chan) {
  static_cast<std::ostream*>(chan)->flush();
  return 0;
}
int noRead(void*, char*, int) { return 0; }
Agiodisc_t kStreamIo = {noRead, putString, flushStream};

// libcgraph takes char* for names and values it does not modify.
char* cs(const char* s) { return const_cast<char*>(s); }
char* cs(const std::string& s) { return const_cast<char*>(s.c_str()); }

struct GraphCloser {
  void operator()(Agraph_t* g) const { agclose(g); }
};

// The legend: one plaintext node holding an HTML table (one layout-independent
// block, so it stays whole in dot, neato and sfdp).
std::string legendHtml(const std::set<ActorType>& types, bool has_negated) {
  std::ostringstream h;
  h << "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"2\" CELLPADDING=\"4\">"
    << "<TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>";
  for (ActorType t : types) {
    TypeStyle s = styleOf(t);
    h << "<TR><TD BGCOLOR=\"" << s.fill << "\">" << htmlText(graph::toString(t))
      << "</TD><TD ALIGN=\"LEFT\">" << s.words << "</TD></TR>";
  }
  h << "<TR><TD><FONT COLOR=\"" << kEdgeColour << "\">&#8212;&#8212;&#9658;</FONT></TD>"
    << "<TD ALIGN=\"LEFT\">relation</TD></TR>";
  if (has_negated) {
    h << "<TR><TD><FONT COLOR=\"" << kNegatedColour << "\">- - -&#9658;</FONT></TD>"
      << "<TD ALIGN=\"LEFT\">not relation (negated)</TD></TR>";
  }
  h << "<TR><TD COLSPAN=\"2\">thicker edge = more mentions</TD></TR></TABLE>";
  return h.str();
}

class DotExporter : public Exporter {
 public:
  void write(const graph::KnowledgeGraph& graph, std::ostream& out,
             const ExportOptions& options) const override {
    out << detail::toDot(graph, options);
  }
  std::string_view extension() const override { return "dot"; }
};

}  // namespace

namespace detail {

std::string toDot(const graph::KnowledgeGraph& graph, const ExportOptions& options) {
  const std::vector<graph::RelationId> edges = keptRelations(graph, options.max_edges);
  const std::string layout = chooseLayout(edges.size(), options);
  const bool large = edges.size() > kDotEdgeLimit;

  // Actors to draw: every actor, or only those touching a kept edge when trimmed.
  std::vector<graph::ActorId> actors;
  if (options.max_edges > 0 && edges.size() < graph.relationCount()) {
    std::set<graph::ActorId> used;
    for (auto id : edges) {
      graph::Relation r = graph.relationSummary(id);
      used.insert(r.subject);
      used.insert(r.object);
    }
    actors.assign(used.begin(), used.end());
  } else {
    for (graph::ActorId i = 0; i < graph.actorCount(); ++i) actors.push_back(i);
  }
  std::sort(actors.begin(), actors.end(), [&graph](graph::ActorId a, graph::ActorId b) {
    const auto& x = graph.actor(a);
    const auto& y = graph.actor(b);
    return std::tie(x.name, x.type) < std::tie(y.name, y.type);
  });

  Agdisc_t disc = {&AgMemDisc, &AgIdDisc, &kStreamIo};
  std::unique_ptr<Agraph_t, GraphCloser> g(agopen(cs("kg"), Agdirected, &disc));
  if (!g) throw Error("dot: libcgraph could not create a graph");
  Agraph_t* root = g.get();

  // Graph attributes: readable in dot; overlap removal and spline choice for neato/sfdp.
  auto gset = [root](const char* name, const std::string& value) {
    agattr(root, AGRAPH, cs(name), cs(value));
  };
  gset("fontname", kFont);
  gset("outputorder", "edgesfirst");
  gset("bgcolor", "white");
  gset("pad", "0.3");
  if (!options.layout.empty() || large) gset("layout", layout);
  if (large) {
    gset("overlap", "prism");
    gset("splines", "false");
  } else {
    gset("rankdir", "LR");
    gset("nodesep", "0.35");
    gset("ranksep", "0.9");
    gset("overlap", "false");
    gset("sep", "+12");
    gset("splines", "true");
    gset("esep", "+6");
    gset("K", "1.2");  // sfdp/fdp: longer springs leave room for edge labels
  }

  // Attribute declarations (with defaults) so every node/edge can set them.
  auto ndecl = [root](const char* name, const char* def) {
    return agattr(root, AGNODE, cs(name), cs(def));
  };
  auto edecl = [root](const char* name, const char* def) {
    return agattr(root, AGEDGE, cs(name), cs(def));
  };
  ndecl("fontname", kFont);
  ndecl("fontsize", "12");
  ndecl("margin", "0.08,0.04");
  Agsym_t* n_label = ndecl("label", "\\N");
  Agsym_t* n_shape = ndecl("shape", "ellipse");
  Agsym_t* n_fill = ndecl("fillcolor", "#e0e0e0");
  Agsym_t* n_style = ndecl("style", "filled");
  Agsym_t* n_tooltip = ndecl("tooltip", "");
  ndecl("color", "#444444");
  edecl("fontname", kFont);
  edecl("fontsize", "10");
  edecl("arrowsize", "0.7");
  Agsym_t* e_label = edecl("label", "");
  Agsym_t* e_style = edecl("style", "solid");
  Agsym_t* e_color = edecl("color", kEdgeColour);
  Agsym_t* e_fontcolor = edecl("fontcolor", "#333333");
  Agsym_t* e_penwidth = edecl("penwidth", "1");
  Agsym_t* e_weight = edecl("weight", "1");
  Agsym_t* e_tooltip = edecl("tooltip", "");
  if (!large) edecl("len", "2");  // neato: room for the edge label between the nodes

  std::map<graph::ActorId, Agnode_t*> nodes;
  std::set<ActorType> types;
  for (std::size_t i = 0; i < actors.size(); ++i) {
    const graph::Actor& a = graph.actor(actors[i]);
    std::string id = "n" + std::to_string(i);
    Agnode_t* n = agnode(root, cs(id), 1);
    nodes[actors[i]] = n;
    types.insert(a.type);
    TypeStyle s = styleOf(a.type);
    agxset(n, n_label, cs(dotText(a.name)));
    agxset(n, n_shape, cs(s.shape));
    agxset(n, n_fill, cs(s.fill));
    agxset(n, n_style, cs(s.style));
    std::string aliases;
    for (const auto& [alias, count] : a.aliases) {
      if (alias == a.name) continue;
      aliases += (aliases.empty() ? "" : ", ") + alias;
    }
    std::string tip = a.name + " (" + std::string(graph::toString(a.type)) + "): " +
                      plural(a.mentions, "mention") + " in " +
                      plural(a.documents.size(), "document");
    if (!aliases.empty()) tip += "; also " + aliases;
    std::string roles;
    for (const auto& [role, count] : a.roles) roles += (roles.empty() ? "" : ", ") + role;
    if (!roles.empty()) tip += "; " + roles;
    agxset(n, n_tooltip, cs(dotText(tip)));
  }

  bool has_negated = false;
  for (graph::RelationId id : edges) {
    const graph::Relation r = graph.relationSummary(id);
    Agedge_t* e = agedge(root, nodes.at(r.subject), nodes.at(r.object), nullptr, 1);
    std::string label = (r.negated ? "not " : "") + r.relation;
    agxset(e, e_label, cs(dotText(label)));
    if (r.negated) {
      has_negated = true;
      agxset(e, e_style, cs("dashed"));
      agxset(e, e_color, cs(kNegatedColour));
      agxset(e, e_fontcolor, cs(kNegatedColour));
    }
    double pen = 1.0 + std::log2(static_cast<double>(std::max<std::size_t>(r.weight, 1)));
    agxset(e, e_penwidth, cs(number(pen)));
    agxset(e, e_weight, cs(std::to_string(std::max<std::size_t>(r.weight, 1))));
    std::string tip = graph.actor(r.subject).name + " " + label + " " + graph.actor(r.object).name + ": " +
          std::to_string(r.weight) + " evidence sentence" +
          (r.weight == 1 ? "" : "s") + ", " + plural(r.documents.size(), "document") +
          ", confidence " + number(r.confidence);
    agxset(e, e_tooltip, cs(dotText(tip)));
  }

  if (options.legend && !actors.empty()) {
    Agraph_t* cluster = agsubg(root, cs("cluster_legend"), 1);
    agsafeset(cluster, cs("label"), cs(""), cs(""));
    agsafeset(cluster, cs("style"), cs("invis"), cs(""));
    Agnode_t* legend = agnode(cluster, cs("legend"), 1);
    agxset(legend, n_shape, cs("plaintext"));
    agxset(legend, n_style, cs("solid"));
    agxset(legend, n_fill, cs("white"));
    agxset(legend, n_tooltip, cs("Legend"));
    std::string html = legendHtml(types, has_negated);
    char* label = agstrdup_html(root, cs(html));
    agxset(legend, n_label, label);
    agstrfree(root, label);
  }

  std::ostringstream out;
  if (agwrite(root, &out) != 0 || !out) throw Error("dot: libcgraph could not write the graph");
  return std::move(out).str();
}

}  // namespace detail

std::unique_ptr<Exporter> detail::makeDotExporter() { return std::make_unique<DotExporter>(); }

}  // namespace kg::exporters
