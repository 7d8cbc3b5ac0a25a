#include "compiler/check/duplicate_rules.h"

#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

namespace mzr {

void check_duplicate_rules(const model::RuleSet& set, Diagnostics& diags) {
  using Key = std::pair<std::string, std::map<std::string, std::string>>;
  std::map<Key, const model::Rule*> first;
  for (const model::RuleGroup& g : set.groups) {
    for (const model::Rule& r : g.rules) {
      if (r.name.value.empty()) continue;
      std::map<std::string, std::string> labels;
      for (const model::LabelPair& l : g.labels) labels[l.name.value] = l.value.value;
      for (const model::LabelPair& l : r.labels) labels[l.name.value] = l.value.value;
      auto [it, inserted] = first.emplace(Key{r.name.value, std::move(labels)}, &r);
      if (!inserted) {
        std::string_view kind = r.kind == model::RuleKind::Recording ? "recording" : "alerting";
        diags.report(DiagKind::DuplicateRule, r.name.span,
                     fmt::format("duplicate {} rule '{}' with the same labels", kind, r.name.value))
            .note(it->second->name.span, "first defined here");
      }
    }
  }
}

}  // namespace mzr
