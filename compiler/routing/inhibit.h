#pragma once
// Inhibition as Alertmanager applies it (inhibit/inhibit.go): a target alert is muted by a
// firing source alert when the target matches the rule's target matchers, the source matches
// its source matchers, and every 'equal' label has the same value on both (missing = ""). An
// alert that matches both sides cannot be inhibited by a source that also matches both sides.

#include <optional>
#include <string>
#include <vector>

#include "compiler/model/alertmanager.h"
#include "compiler/routing/matcher.h"

namespace mzr::routing {

struct InhibitRule {
  Matchers source;
  Matchers target;
  std::vector<std::string> equal;
  const model::AmInhibitRule* rule = nullptr;  // valid while the model lives
};

std::vector<InhibitRule> compile_inhibit_rules(const model::AlertmanagerConfig& config);

struct Inhibition {
  size_t rule_index = 0;
  size_t source_index = 0;  // index into `firing`
};

// The first rule and firing alert that inhibit `target`, if any.
std::optional<Inhibition> find_inhibition(const std::vector<InhibitRule>& rules,
                                          const LabelSet& target,
                                          const std::vector<LabelSet>& firing);

}  // namespace mzr::routing
