// Internal to extract/relations: English verb forms for relation names.
//
//   verbs::thirdPerson("negotiate") == "negotiates"; thirdPerson("carry") == "carries"
#pragma once

#include <string>
#include <string_view>
#include <utility>

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

// The lemma of an irregular past form ("fled" -> "flee"), or nullptr. Relation names
// come from lemmas, so the extractor does not trust a lemmatizer's guess for these.
inline const char* irregularLemma(std::string_view form) {
  static const std::pair<const char*, const char*> kForms[] = {
      {"fled", "flee"}, {"met", "meet"}, {"led", "lead"}, {"fought", "fight"},
      {"held", "hold"}, {"sent", "send"}, {"told", "tell"}, {"said", "say"},
      {"took", "take"}, {"taken", "take"}, {"gave", "give"}, {"given", "give"},
      {"made", "make"}, {"began", "begin"}, {"begun", "begin"}, {"brought", "bring"},
      {"bought", "buy"}, {"built", "build"}, {"caught", "catch"}, {"chose", "choose"},
      {"chosen", "choose"}, {"came", "come"}, {"drew", "draw"}, {"drawn", "draw"},
      {"drove", "drive"}, {"driven", "drive"}, {"fell", "fall"}, {"fallen", "fall"},
      {"felt", "feel"}, {"found", "find"}, {"got", "get"}, {"gotten", "get"},
      {"went", "go"}, {"gone", "go"}, {"grew", "grow"}, {"grown", "grow"},
      {"heard", "hear"}, {"kept", "keep"}, {"knew", "know"}, {"known", "know"},
      {"left", "leave"}, {"lost", "lose"}, {"meant", "mean"}, {"paid", "pay"},
      {"ran", "run"}, {"rose", "rise"}, {"risen", "rise"}, {"saw", "see"}, {"seen", "see"},
      {"sought", "seek"}, {"sold", "sell"}, {"shot", "shoot"}, {"spoke", "speak"},
      {"spoken", "speak"}, {"spent", "spend"}, {"stood", "stand"}, {"struck", "strike"},
      {"swept", "sweep"}, {"thought", "think"}, {"threw", "throw"}, {"thrown", "throw"},
      {"understood", "understand"}, {"won", "win"}, {"wrote", "write"}, {"written", "write"},
      {"withdrew", "withdraw"}, {"withdrawn", "withdraw"}, {"overthrew", "overthrow"},
      {"overthrown", "overthrow"}, {"became", "become"}, {"broke", "break"},
      {"broken", "break"}, {"shook", "shake"}, {"shaken", "shake"}, {"stole", "steal"},
      {"stolen", "steal"}, {"forbade", "forbid"}, {"forbidden", "forbid"}, {"hid", "hide"},
      {"hidden", "hide"}, {"sank", "sink"}, {"sunk", "sink"}, {"slew", "slay"},
      {"undertook", "undertake"}, {"undertaken", "undertake"}, {"arose", "arise"},
      {"arisen", "arise"}, {"bore", "bear"}, {"borne", "bear"}, {"fed", "feed"},
      {"bred", "breed"}, {"sped", "speed"}, {"fled", "flee"}, {"dealt", "deal"},
      {"lent", "lend"}, {"bent", "bend"}, {"sought", "seek"}, {"taught", "teach"},
      {"wept", "weep"}, {"slept", "sleep"}, {"swore", "swear"}, {"sworn", "swear"},
      {"tore", "tear"}, {"torn", "tear"}, {"wore", "wear"}, {"worn", "wear"},
      {"froze", "freeze"}, {"frozen", "freeze"}, {"rode", "ride"}, {"ridden", "ride"}};
  for (const auto& [f, l] : kForms)
    if (form == f) return l;
  return nullptr;
}

}  // namespace kg::extract::verbs
