#pragma once
// The labels of the PrometheusRule resources mzrules writes: what a ThanosRuler's rule selector
// must match, and require, to select them and no other PrometheusRule.

#include <string>
#include <utility>
#include <vector>

#include "compiler/model/rules.h"
#include "compiler/model/stack.h"

namespace mzr::model {

inline constexpr const char* kManagedByLabel = "app.kubernetes.io/managed-by";
inline constexpr const char* kManagedByValue = "mzrules";

using LabelSet = std::vector<std::pair<std::string, std::string>>;

// Every label each emitted PrometheusRule carries: managed-by, then the stack's rule selector.
inline LabelSet prometheus_rule_labels(const Stack& stack) {
  LabelSet out = {{kManagedByLabel, kManagedByValue}};
  for (const LabelPair& p : stack.rule_selector) {
    if (p.name.value != kManagedByLabel) out.emplace_back(p.name.value, p.value.value);
  }
  return out;
}

// The labels of the PrometheusRule written for `set`: a repository PrometheusRule's own labels,
// then ours (which win over its own of the same name, so that the stack's ruler selects it).
inline LabelSet prometheus_rule_labels(const RuleSet& set, const Stack& stack) {
  LabelSet out = set.format == RuleSourceFormat::PrometheusRule ? set.resource_labels : LabelSet{};
  for (const auto& [key, value] : prometheus_rule_labels(stack)) {
    bool replaced = false;
    for (auto& [k, v] : out) {
      if (k == key) {
        v = value;
        replaced = true;
      }
    }
    if (!replaced) out.emplace_back(key, value);
  }
  return out;
}

// The namespace of the PrometheusRule written for `set`: a repository PrometheusRule keeps its
// own; every other goes to the stack's rules namespace.
inline const std::string& prometheus_rule_namespace(const RuleSet& set, const Stack& stack) {
  if (set.format == RuleSourceFormat::PrometheusRule && !set.resource_namespace.empty())
    return set.resource_namespace;
  return stack.rules_namespace;
}

}  // namespace mzr::model
