// Internal to tests/: data-driven actor tests. A case file (tests/data/coref/resolution.txt,
// tests/data/entities/actors.txt) names a rule ("case:"), then gives examples: a text
// ("text:"; "\n" is a line break, "\n\n" a new paragraph) and what must hold of it, one
// "expect:" line each:
//   expect: he -> Vladimir Putin      kg resolves "he", and every "he" it resolves names
//                                     Vladimir Putin
//   expect: it -> nothing             kg resolves no "it"
//   expect: Kremlin = Russia          the first mention "Kremlin", resolved or named, has
//                                     that canonical name
//   expect: authorities = nothing     no mention "authorities" at all
// and after the canonical name, optionally: "| COUNTRY" (the type), "| affiliation=Russia",
// "| role=foreign minister of Russia", "| affiliation=" (none), "| name=Sergei Lavrov" (the
// name without the title before it; "name=" for none), "| also=China" (the second actor
// of a description of two). The words are the mention's text, as written (case counts).
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "extract/document.h"
#include "graph/triple.h"
#include "test_support.h"

namespace kg::test {

// One "expect:" line.
struct ActorExpectation {
  int line = 0;
  std::string words;                       // the mention's text
  bool resolved = true;                    // "->": resolved mentions; "=": the first mention
  std::string canonical;                   // "" for "nothing"
  std::string type;                        // ActorType name, or "" for any
  std::optional<std::string> affiliation;  // checked when given ("" = none)
  std::optional<std::string> role;         // checked when given
  std::optional<std::string> name;         // Mention::name_text, checked when given
  std::optional<std::string> also;         // Mention::also's name, checked when given
};

// One example of a rule: a text and what must hold of it.
struct ActorCase {
  std::string file;
  std::string rule;  // the "case:" line above it
  std::string text;
  std::vector<ActorExpectation> expect;
};

// Reads the cases of `path`; a malformed line fails the test with its line number.
inline std::vector<ActorCase> readActorCases(const std::filesystem::path& path) {
  std::istringstream in(readFile(path));
  std::vector<ActorCase> cases;
  std::string rule, line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    const std::string where = path.filename().string() + ":" + std::to_string(number);
    if (line.empty() || line[0] == '#') continue;
    const auto colon = line.find(':');
    REQUIRE_MESSAGE(colon != std::string::npos, where, ": no 'key:'");
    const std::string key = line.substr(0, colon),
                      value = trimmedField(std::string_view(line).substr(colon + 1));
    if (key == "case") {
      rule = value;
    } else if (key == "text") {
      REQUIRE_MESSAGE(!rule.empty(), where, ": a text before any case");
      ActorCase c{path.filename().string(), rule, "", {}};
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (value.compare(i, 2, "\\n") == 0) {
          c.text += '\n';
          ++i;
        } else {
          c.text += value[i];
        }
      }
      c.text += '\n';
      cases.push_back(std::move(c));
    } else if (key == "expect") {
      REQUIRE_MESSAGE(!cases.empty(), where, ": an expectation before any text");
      ActorExpectation e;
      e.line = number;
      auto arrow = value.find(" -> ");
      e.resolved = arrow != std::string::npos;
      if (!e.resolved) arrow = value.find(" = ");
      REQUIRE_MESSAGE(arrow != std::string::npos, where,
                      ": expected 'words -> canonical' or 'words = canonical'");
      e.words = value.substr(0, arrow);
      std::string rest = value.substr(arrow + (e.resolved ? 4 : 3));
      std::vector<std::string> fields;
      for (std::size_t bar; (bar = rest.find(" | ")) != std::string::npos;
           rest = rest.substr(bar + 3)) {
        fields.push_back(trimmedField(rest.substr(0, bar)));
      }
      fields.push_back(trimmedField(rest));
      if (fields[0] != "nothing") e.canonical = fields[0];
      for (std::size_t f = 1; f < fields.size(); ++f) {
        if (fields[f].rfind("affiliation=", 0) == 0) {
          e.affiliation = fields[f].substr(12);
        } else if (fields[f].rfind("role=", 0) == 0) {
          e.role = fields[f].substr(5);
        } else if (fields[f].rfind("name=", 0) == 0) {
          e.name = fields[f].substr(5);
        } else if (fields[f].rfind("also=", 0) == 0) {
          e.also = fields[f].substr(5);
        } else {
          e.type = fields[f];
        }
      }
      REQUIRE_MESSAGE((!e.canonical.empty() || fields.size() == 1), where,
                      ": nothing has no attributes");
      cases.back().expect.push_back(std::move(e));
    } else {
      FAIL(where, ": unknown key '", key, "'");
    }
  }
  return cases;
}

// Checks the expectations of `c` on `doc`, its text annotated; `describe` lists the
// mentions in failure messages.
inline void checkActorCase(const extract::Document& doc, const ActorCase& c,
                           const std::string& describe) {
  for (const ActorExpectation& e : c.expect) {
    INFO(c.file, ":", e.line, ": ", c.rule);
    INFO("mentions: ", describe);
    int found = 0;
    for (const auto& s : doc.sentences) {
      for (const extract::Mention& m : s.mentions) {
        if (m.text != e.words || (e.resolved && !m.resolved_reference)) continue;
        ++found;
        if (!e.resolved && found > 1) continue;  // "=": the first mention only
        CHECK(m.canonical == e.canonical);
        if (!e.type.empty()) CHECK(std::string(graph::toString(m.type)) == e.type);
        if (e.affiliation) CHECK(m.affiliation == *e.affiliation);
        if (e.role) CHECK(m.role == *e.role);
        if (e.name) CHECK(m.name_text == *e.name);
        if (e.also) CHECK((m.also.size() == 1 && m.also[0].canonical == *e.also));
      }
    }
    if (e.canonical.empty()) {
      CHECK(found == 0);
    } else {
      CHECK(found > 0);
    }
  }
}

}  // namespace kg::test
