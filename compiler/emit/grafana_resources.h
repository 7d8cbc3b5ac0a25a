#pragma once
// grafana-operator output (grafana.integreatly.org/v1beta1), every resource with the stack's
// instance selector:
//   grafana/dashboards/<name>.yaml   GrafanaDashboard, classic dashboards as inline `json`
//   grafana/manifests/<name>.yaml    GrafanaManifest wrapping a dashboard.grafana.app v2 resource
//   grafana/folders/<name>.yaml      GrafanaFolder for the stack's dashboard folder
//   grafana/datasources/<name>.yaml  GrafanaDatasource for each datasource the stack declares

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/emit/output.h"
#include "compiler/emit/yaml_writer.h"
#include "compiler/model/dashboard.h"
#include "compiler/model/dashboard_stack.h"

namespace mzr::emit {

// Each dashboard is deployed in the schema deploy_schema() gives; `schema` is the project's
// `dashboards.schema` setting.
void emit_grafana(const std::vector<model::Dashboard>& dashboards,
                  const model::GrafanaStack& grafana, const SourceManager& sm,
                  std::optional<model::DashboardSchema> schema, OutputSet& out);

// The schema a dashboard is deployed in: the one its source chose, else the project's setting,
// else the one it is written in. Dashboards written in v2 are deployed as v2 whatever is asked
// (Grafana has no conversion from v2 to classic); check_dashboard_layout notes when a source
// asks otherwise.
model::DashboardSchema deploy_schema(const model::Dashboard& d,
                                     std::optional<model::DashboardSchema> setting);

// A Kubernetes object name for a Grafana UID: lower case, '_' and other characters as '-'.
std::string resource_name(std::string_view uid);

// JSON as a YAML value, keeping the order of object members.
YamlValue yaml_of_json(const nlohmann::ordered_json& j);

}  // namespace mzr::emit
