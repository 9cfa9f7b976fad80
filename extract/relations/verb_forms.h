// Internal to extract/relations: English verb forms for relation names.
//
//   verbs::thirdPerson("negotiate") == "negotiates"; thirdPerson("carry") == "carries"
#pragma once

#include <string>
#include <string_view>

namespace kg::extract::verbs {

// The 3rd person singular present of a lemma ("be" -> "is", "flee" -> "flees").
inline std::string thirdPerson(std::string_view lemma) {
  std::string l(lemma);
  if (l.empty()) return l;
  if (l == "be") return "is";
  if (l == "have") return "has";
  if (l == "do") return "does";
  if (l == "go") return "goes";
  auto ends = [&](std::string_view suf) {
    return l.size() >= suf.size() && l.compare(l.size() - suf.size(), suf.size(), suf) == 0;
  };
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  if (ends("s") || ends("x") || ends("z") || ends("ch") || ends("sh") ||
      (ends("o") && l.size() > 1 && !vowel(l[l.size() - 2])))
    return l + "es";
  if (ends("y") && l.size() > 1 && !vowel(l[l.size() - 2])) return l.substr(0, l.size() - 1) + "ies";
  return l + "s";
}

}  // namespace kg::extract::verbs
