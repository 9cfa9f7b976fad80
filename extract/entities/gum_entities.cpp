#include "extract/entities/gum_entities.h"

#include <unordered_map>

namespace kg::extract::entities {

namespace {

// The value of "Entity=" in a MISC column ("" if none).
std::string entityField(const std::string& misc) {
  std::size_t pos = 0;
  while ((pos = misc.find("Entity=", pos)) != std::string::npos) {
    if (pos == 0 || misc[pos - 1] == '|') {
      std::size_t end = misc.find('|', pos);
      return misc.substr(pos + 7, end == std::string::npos ? std::string::npos : end - pos - 7);
    }
    pos += 7;
  }
  return "";
}

}  // namespace

std::vector<GumMention> gumMentions(const Sentence& s, std::string* problem) {
  struct Open {
    std::size_t first;
    std::string type;
  };
  std::unordered_map<std::string, std::vector<Open>> open;
  std::vector<GumMention> out;
  auto report = [problem](const std::string& what) {
    if (problem != nullptr && problem->empty()) *problem = what;
  };
  auto close = [&](const std::string& id, std::size_t last) {
    auto it = open.find(id);
    if (it == open.end() || it->second.empty()) {
      report("Entity bracket '" + id + ")' closes nothing");
      return;
    }
    GumMention m;
    m.first = it->second.back().first;
    m.last = last;
    m.id = id;
    m.type = it->second.back().type;
    it->second.pop_back();
    m.head = last - 1;
    for (std::size_t k = m.first; k < last; ++k) {
      int h = s.tokens[k].head;
      if (h <= 0 || static_cast<std::size_t>(h - 1) < m.first || static_cast<std::size_t>(h - 1) >= last) {
        m.head = k;
        break;
      }
    }
    out.push_back(std::move(m));
  };
  for (std::size_t i = 0; i < s.tokens.size(); ++i) {
    const std::string e = entityField(s.tokens[i].misc);
    std::size_t p = 0;
    while (p < e.size()) {
      if (e[p] == '(') {
        std::size_t q = e.find_first_of("()", p + 1);
        std::string body = e.substr(p + 1, q == std::string::npos ? std::string::npos : q - p - 1);
        std::size_t dash = body.find('-');
        std::string id = body.substr(0, dash);
        if (id.empty()) {
          report("Entity bracket without an id: '" + e + "'");
          break;
        }
        std::string type;
        if (dash != std::string::npos) {
          std::size_t dash2 = body.find('-', dash + 1);
          type = body.substr(dash + 1, dash2 == std::string::npos ? std::string::npos : dash2 - dash - 1);
        }
        open[id].push_back({i, type});
        if (q != std::string::npos && e[q] == ')') {
          close(id, i + 1);
          p = q + 1;
        } else {
          p = q == std::string::npos ? e.size() : q;
        }
      } else {
        std::size_t q = e.find(')', p);
        if (q == std::string::npos) {
          report("unbalanced Entity value '" + e + "'");
          break;
        }
        close(e.substr(p, q - p), i + 1);
        p = q + 1;
      }
    }
  }
  for (const auto& [id, stack] : open)
    if (!stack.empty()) report("Entity bracket '(" + id + "' not closed");
  return out;
}

}  // namespace kg::extract::entities
