#pragma once
// The labels of the PrometheusRule resources mzrules writes: what a ThanosRuler's rule selector
// must match, and require, to select them and no other PrometheusRule.

#include <string>
#include <utility>
#include <vector>

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

}  // namespace mzr::model
