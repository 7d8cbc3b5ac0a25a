#include "compiler/check/duplicate_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mzr {
namespace {

using LabelView = std::pair<std::string_view, std::string_view>;

// Appends `s` behind its length, so that different lists of strings never give the same key.
void append_field(std::string& key, std::string_view s) {
  char digits[24];
  char* end = std::to_chars(digits, digits + sizeof digits, s.size()).ptr;
  key.append(digits, end);
  key += ':';
  key += s;
}

// The identity of a rule: its name and its labels (the rule's over the group's), sorted by name.
// `labels` is scratch space, kept by the caller to save allocations.
std::string rule_key(const model::RuleGroup& g, const model::Rule& r,
                     std::vector<LabelView>& labels) {
  labels.clear();
  for (const model::LabelPair& l : g.labels) labels.emplace_back(l.name.value, l.value.value);
  for (const model::LabelPair& l : r.labels) labels.emplace_back(l.name.value, l.value.value);
  // Stable, so that of two labels with one name the later (the rule's) comes last and wins.
  std::stable_sort(labels.begin(), labels.end(),
                   [](const LabelView& a, const LabelView& b) { return a.first < b.first; });
  std::string key;
  append_field(key, r.name.value);
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i + 1 < labels.size() && labels[i + 1].first == labels[i].first) continue;
    append_field(key, labels[i].first);
    append_field(key, labels[i].second);
  }
  return key;
}

}  // namespace

void check_duplicate_rules(const model::RuleSet& set, Diagnostics& diags) {
  size_t count = 0;
  for (const model::RuleGroup& g : set.groups) count += g.rules.size();
  // Rules by name and labels, in file order; a key with more than one rule is one finding.
  std::unordered_map<std::string, std::vector<const model::Rule*>> by_key;
  by_key.reserve(count);
  std::vector<const std::vector<const model::Rule*>*> order;
  std::vector<LabelView> labels;
  for (const model::RuleGroup& g : set.groups) {
    for (const model::Rule& r : g.rules) {
      if (r.name.value.empty()) continue;
      auto& rules = by_key[rule_key(g, r, labels)];
      rules.push_back(&r);
      if (rules.size() == 2) order.push_back(&rules);
    }
  }
  for (const auto* rules : order) {
    const model::Rule& first = *rules->front();
    const model::Rule& second = *(*rules)[1];
    std::string_view kind = first.kind == model::RuleKind::Recording ? "recording" : "alerting";
    auto& d = diags.report(DiagKind::DuplicateRule, second.name.span,
                           fmt::format("{} rule '{}' is defined {} times with the same labels",
                                       kind, first.name.value, rules->size()));
    d.note(first.name.span, "first defined here");
    for (size_t i = 2; i < rules->size(); ++i) d.note((*rules)[i]->name.span, "and again here");
  }
}

}  // namespace mzr
