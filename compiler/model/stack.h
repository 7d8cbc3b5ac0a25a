#pragma once
// Where and how the configuration is deployed.

#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/model/dashboard_stack.h"
#include "compiler/model/rules.h"

namespace mzr::model {

struct Stack {
  std::vector<LabelPair> external_labels;
  // The Thanos partial response strategy of groups that do not set their own.
  std::optional<Text> thanos_partial_response;
  // Namespace and labels of the emitted PrometheusRule resources; the labels must match the
  // Thanos ruler's rule selector.
  std::string rules_namespace = "monitoring";
  std::vector<LabelPair> rule_selector;
  GrafanaStack grafana;
  Span span;  // of the stack block; invalid when there is none
};

}  // namespace mzr::model
