#include "compiler/routing/inhibit.h"

#include "compiler/routing/route_tree.h"

namespace mzr::routing {

std::vector<InhibitRule> compile_inhibit_rules(const model::AlertmanagerConfig& config) {
  std::vector<InhibitRule> out;
  for (const model::AmInhibitRule& r : config.inhibit_rules) {
    InhibitRule rule;
    rule.source = compile_matchers(r.source_matchers);
    rule.target = compile_matchers(r.target_matchers);
    for (const model::Text& e : r.equal) rule.equal.push_back(e.value);
    rule.rule = &r;
    out.push_back(std::move(rule));
  }
  return out;
}

std::optional<Inhibition> find_inhibition(const std::vector<InhibitRule>& rules,
                                          const LabelSet& target,
                                          const std::vector<LabelSet>& firing) {
  for (size_t i = 0; i < rules.size(); ++i) {
    const InhibitRule& rule = rules[i];
    if (!matches_all(rule.target, target)) continue;
    bool two_sided_target = matches_all(rule.source, target);
    for (size_t s = 0; s < firing.size(); ++s) {
      const LabelSet& source = firing[s];
      if (!matches_all(rule.source, source)) continue;
      bool equal = true;
      for (const std::string& name : rule.equal) {
        if (label_value(source, name) != label_value(target, name)) {
          equal = false;
          break;
        }
      }
      if (!equal) continue;
      if (two_sided_target && matches_all(rule.target, source)) continue;
      return Inhibition{i, s};
    }
  }
  return std::nullopt;
}

}  // namespace mzr::routing
