#include "compiler/check/unique_names.h"

#include <fmt/format.h>

#include <map>

namespace mzr {

void check_unique_names(const std::vector<model::RuleSet>& sets,
                        const std::vector<model::Catalog>& catalogs, Diagnostics& diags) {
  std::map<std::string, Span> groups;
  for (const model::RuleSet& set : sets) {
    if (set.format != model::RuleSourceFormat::Mzr) continue;
    for (const model::RuleGroup& g : set.groups) {
      auto [it, inserted] = groups.emplace(g.name.value, g.name.span);
      if (!inserted) {
        diags
            .report(DiagKind::DslDuplicateGroup, g.name.span,
                    fmt::format("rule group '{}' is defined twice", g.name.value))
            .note(it->second, "first defined here");
      }
    }
  }
  std::map<std::string, Span> metrics;
  for (const model::Catalog& c : catalogs) {
    for (const model::MetricDecl& m : c.metrics) {
      auto [it, inserted] = metrics.emplace(m.name.value, m.name.span);
      if (!inserted) {
        diags
            .report(DiagKind::DslDuplicateMetric, m.name.span,
                    fmt::format("metric '{}' is declared twice", m.name.value))
            .note(it->second, "first declared here");
      }
    }
  }
}

}  // namespace mzr
