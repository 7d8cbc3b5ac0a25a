#pragma once
// How dashboards are deployed: the grafana-operator instance that picks up the emitted resources,
// the folder they go in, and the datasources the stack provides.

#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/model/rules.h"

namespace mzr::model {

struct GrafanaDatasource {
  Text uid;          // the UID dashboards refer to
  Text type;         // "prometheus" (Prometheus or Thanos) or "loki"
  std::string name;  // the name shown in Grafana; the UID when not given
  std::string url;
  bool thanos = false;      // a Prometheus datasource in front of Thanos Query
  bool is_default = false;  // Grafana's default datasource
  std::string tenant;       // Loki: the X-Scope-OrgID header's value
  Span span;
};

struct GrafanaStack {
  // Labels of the Grafana instance the resources are for (`spec.instanceSelector`).
  std::vector<LabelPair> instance_selector;
  std::string namespace_name = "monitoring";  // of the emitted resources
  std::optional<Text> folder_uid;             // the folder dashboards go in
  std::string folder_title;
  std::vector<GrafanaDatasource> datasources;
  Span span;  // of the grafana block; invalid when there is none
};

}  // namespace mzr::model
