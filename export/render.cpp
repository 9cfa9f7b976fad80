// SVG and PNG rendered in-process through libgvc: the DOT text of dot_exporter.cpp is
// read back with agmemread, laid out (dot up to kDotEdgeLimit edges, sfdp above) and
// rendered with gvRenderData. No external `dot` binary is needed, only graphviz's
// plugin libraries (the Debian package graphviz).
#include <graphviz/gvc.h>

#include <mutex>
#include <ostream>
#include <string>

#include "export/exporters_internal.h"
#include "graph/error.h"

namespace kg::exporters {

namespace {

// Graphviz keeps its error handler and layout state in globals: one render at a time.
std::mutex& renderMutex() {
  static std::mutex m;
  return m;
}

// Collects graphviz's error messages instead of letting it print them.
std::string& capturedErrors() {
  static std::string text;
  return text;
}
int captureError(char* message) {
  capturedErrors() += message;
  return 0;
}

// Installs the capture for one render; restores graphviz's defaults afterwards.
class ErrorCapture {
 public:
  ErrorCapture() {
    capturedErrors().clear();
    previous_handler_ = agseterrf(captureError);
    previous_level_ = agseterr(AGERR);  // warnings are not worth a line on stderr
  }
  ~ErrorCapture() {
    agseterrf(previous_handler_);
    agseterr(previous_level_);
  }
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;
  // What graphviz reported, on one line.
  static std::string text() {
    std::string t = capturedErrors();
    for (char& c : t)
      if (c == '\n') c = ' ';
    while (!t.empty() && t.back() == ' ') t.pop_back();
    return t.empty() ? "no details" : t;
  }

 private:
  agusererrf previous_handler_ = nullptr;
  agerrlevel_t previous_level_ = AGWARN;
};

// The process's graphviz context, made on first use and never freed: graphviz's pango
// text-layout plugin keeps a pointer to the last font name of the context that laid out
// text, so freeing a context and rendering with a new one reads freed memory (found by
// AddressSanitizer on the second render of a process). Renders are serialised by
// renderMutex(), so one context serves them all.
GVC_t* sharedContext() {
  static GVC_t* const gvc = gvContext();
  if (gvc == nullptr) throw Error("render: graphviz could not create a context");
  return gvc;
}

// Owns a graph and its layout in the shared context; frees them in the right order.
class Render {
 public:
  Render() : gvc_(sharedContext()) {}
  ~Render() {
    if (graph_ != nullptr) {
      if (laid_out_) gvFreeLayout(gvc_, graph_);
      agclose(graph_);
    }
  }
  Render(const Render&) = delete;
  Render& operator=(const Render&) = delete;

  void read(const std::string& dot) {
    graph_ = agmemread(dot.c_str());
    if (graph_ == nullptr) {
      throw Error("render: graphviz could not read the generated DOT (" + ErrorCapture::text() +
                  ")");
    }
  }
  void layout(const std::string& engine) {
    if (gvLayout(gvc_, graph_, engine.c_str()) != 0) {
      throw Error("render: graphviz layout '" + engine + "' failed (" + ErrorCapture::text() +
                  "); are graphviz's plugins installed and registered (`dot -c` as root)?");
    }
    laid_out_ = true;
  }
  void render(const std::string& format, std::ostream& out) {
    char* data = nullptr;
    unsigned int length = 0;
    if (gvRenderData(gvc_, graph_, format.c_str(), &data, &length) != 0 || data == nullptr) {
      if (data != nullptr) gvFreeRenderData(data);
      throw Error("render: graphviz cannot render " + format + " (" + ErrorCapture::text() +
                  "); are graphviz's plugins installed and registered (`dot -c` as root)?");
    }
    out.write(data, static_cast<std::streamsize>(length));
    gvFreeRenderData(data);
    if (!out) throw Error("render: writing the " + format + " output failed");
  }

 private:
  GVC_t* gvc_ = nullptr;
  Agraph_t* graph_ = nullptr;
  bool laid_out_ = false;
};

class RenderExporter : public Exporter {
 public:
  explicit RenderExporter(std::string format) : format_(std::move(format)) {}

  void write(const graph::KnowledgeGraph& graph, std::ostream& out,
             const ExportOptions& options) const override {
    const std::string dot = detail::toDot(graph, options);
    const std::size_t edges = detail::keptRelations(graph, options.max_edges).size();
    const std::string engine = detail::chooseLayout(edges, options);
    std::lock_guard lock(renderMutex());
    ErrorCapture capture;
    Render r;
    r.read(dot);
    r.layout(engine);
    r.render(format_, out);
  }
  std::string_view extension() const override { return format_; }

 private:
  std::string format_;  // "svg" or "png"
};

}  // namespace

std::unique_ptr<Exporter> detail::makeRenderExporter(std::string format) {
  return std::make_unique<RenderExporter>(std::move(format));
}

}  // namespace kg::exporters
