#include "extract/text/conllu_text.h"

#include <algorithm>

namespace kg::extract {

namespace {

bool startsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

bool hasSpaceAfterNo(const std::string& misc) {
  return misc.find("SpaceAfter=No") != std::string::npos;
}

PrfScore prf(std::vector<Span> gold, std::vector<Span> system) {
  std::sort(gold.begin(), gold.end());
  std::sort(system.begin(), system.end());
  PrfScore s;
  s.gold = gold.size();
  s.system = system.size();
  std::size_t i = 0, j = 0;
  while (i < gold.size() && j < system.size()) {
    if (gold[i] == system[j]) {
      ++s.correct;
      ++i;
      ++j;
    } else if (gold[i] < system[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  s.precision = s.system ? 100.0 * static_cast<double>(s.correct) / static_cast<double>(s.system) : 0;
  s.recall = s.gold ? 100.0 * static_cast<double>(s.correct) / static_cast<double>(s.gold) : 0;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  return s;
}

}  // namespace

std::vector<Span> surfaceTokens(const Sentence& sentence) {
  std::vector<Span> out;
  std::size_t mw = 0;
  const auto& words = sentence.tokens;
  for (std::size_t i = 0; i < words.size(); ++i) {
    while (mw < sentence.multiword.size() &&
           static_cast<std::size_t>(sentence.multiword[mw].last) < i + 1)
      ++mw;
    if (mw < sentence.multiword.size() &&
        static_cast<std::size_t>(sentence.multiword[mw].first) == i + 1) {
      std::size_t last = static_cast<std::size_t>(sentence.multiword[mw].last) - 1;
      if (last >= words.size()) last = words.size() - 1;
      out.emplace_back(words[i].begin, words[last].end);
      i = last;
      continue;
    }
    out.emplace_back(words[i].begin, words[i].end);
  }
  return out;
}

ConlluText rebuildConlluText(const std::vector<Sentence>& sentences, const std::string&) {
  ConlluText out;
  for (std::size_t si = 0; si < sentences.size(); ++si) {
    const Sentence& s = sentences[si];
    bool new_par = false;
    for (const std::string& c : s.comments)
      if (startsWith(c, "newpar") || startsWith(c, "newdoc")) new_par = true;
    if (!out.text.empty()) out.text += new_par ? "\n\n" : " ";
    // Surface forms, and the sentence text (from "# text" or rebuilt from SpaceAfter).
    std::vector<std::string> forms;
    std::string rebuilt;
    std::size_t mw = 0;
    for (std::size_t i = 0; i < s.tokens.size(); ++i) {
      while (mw < s.multiword.size() && static_cast<std::size_t>(s.multiword[mw].last) < i + 1) ++mw;
      std::string form = s.tokens[i].form, misc = s.tokens[i].misc;
      if (mw < s.multiword.size() && static_cast<std::size_t>(s.multiword[mw].first) == i + 1) {
        form = s.multiword[mw].form;
        misc = s.multiword[mw].misc;
        i = static_cast<std::size_t>(s.multiword[mw].last) - 1;
      }
      forms.push_back(form);
      rebuilt += form;
      if (!hasSpaceAfterNo(misc)) rebuilt += ' ';
    }
    std::string text = s.text.empty() ? rebuilt : s.text;
    while (!text.empty() && text.back() == ' ') text.pop_back();
    std::size_t base = out.text.size();
    out.text += text;
    std::size_t pos = 0, first = std::string::npos, last = 0;
    for (const std::string& f : forms) {
      while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
      std::size_t at = text.compare(pos, f.size(), f) == 0 ? pos : text.find(f, pos);
      if (f.empty() || at == std::string::npos) {
        ++out.unaligned;
        continue;
      }
      out.tokens.emplace_back(base + at, base + at + f.size());
      if (first == std::string::npos) first = base + at;
      last = base + at + f.size();
      pos = at + f.size();
    }
    if (first != std::string::npos) out.sentences.emplace_back(first, last);
  }
  out.text += '\n';
  return out;
}

SegmentationScore scoreSegmentation(const ConlluText& gold, const std::vector<Sentence>& system) {
  std::vector<Span> tokens, sentences;
  for (const Sentence& s : system) {
    auto t = surfaceTokens(s);
    if (t.empty()) continue;
    sentences.emplace_back(t.front().first, t.back().second);
    tokens.insert(tokens.end(), t.begin(), t.end());
  }
  SegmentationScore score;
  score.tokens = prf(gold.tokens, tokens);
  score.sentences = prf(gold.sentences, sentences);
  return score;
}

}  // namespace kg::extract
