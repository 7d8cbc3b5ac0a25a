#pragma once
// Where and how the configuration is deployed.

#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/model/chart_stack.h"
#include "compiler/model/dashboard_stack.h"
#include "compiler/model/rules.h"

namespace mzr::model {

// The Loki ruler: the tenant of rule groups that name none, and where alerts and recorded series
// go. The defaults fit the materialize-monitoring umbrella chart: its static tenant 'loki', and,
// when the URLs are empty, its Alertmanager and the receive Service of the thanos subchart,
// addressed through the release name and namespace.
struct LokiStack {
  std::string tenant = "loki";
  std::string alertmanager_url;
  std::string remote_write_url;
  // Where the ruler reads rule files from its local storage: <directory>/<tenant>/<file>.
  std::string rules_directory = "/etc/loki/rules";
};

struct Stack {
  std::vector<LabelPair> external_labels;
  // The Thanos partial response strategy of groups that do not set their own.
  std::optional<Text> thanos_partial_response;
  // Namespace and labels of the emitted PrometheusRule resources; the labels must match the
  // Thanos ruler's rule selector.
  std::string rules_namespace = "monitoring";
  std::vector<LabelPair> rule_selector;
  GrafanaStack grafana;
  LokiStack loki;
  ChartStack chart;
  Span span;  // of the stack block; invalid when there is none
};

}  // namespace mzr::model
