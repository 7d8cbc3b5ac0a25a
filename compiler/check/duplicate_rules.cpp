#include "compiler/check/duplicate_rules.h"

#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

namespace mzr {

void check_duplicate_rules(const model::RuleSet& set, Diagnostics& diags) {
  using Key = std::pair<std::string, std::map<std::string, std::string>>;
  // Rules by name and labels, in file order; a key with more than one rule is one finding.
  std::map<Key, std::vector<const model::Rule*>> by_key;
  std::vector<const std::vector<const model::Rule*>*> order;
  for (const model::RuleGroup& g : set.groups) {
    for (const model::Rule& r : g.rules) {
      if (r.name.value.empty()) continue;
      std::map<std::string, std::string> labels;
      for (const model::LabelPair& l : g.labels) labels[l.name.value] = l.value.value;
      for (const model::LabelPair& l : r.labels) labels[l.name.value] = l.value.value;
      auto& rules = by_key[Key{r.name.value, std::move(labels)}];
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
