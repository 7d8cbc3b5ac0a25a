#pragma once
// Grafana dashboards, whatever they were written in (classic dashboard JSON, the
// dashboard.grafana.app v2 resources, GrafanaDashboard resources wrapping either): the parts the
// checks read, each with the span it came from, and the document itself so that emitters write
// back everything the model does not describe.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/embedded.h"
#include "compiler/base/source.h"
#include "compiler/model/rules.h"

namespace mzr::model {

enum class DashboardSchema : uint8_t {
  Classic,  // the dashboard JSON of Grafana's HTTP API and of GrafanaDashboard resources
  V2,       // dashboard.grafana.app/v2 or v2beta1 (`elements`, `layout`, `variables`)
};

// Where a panel, query or variable gets its data: a datasource by plugin type and UID. Either may
// be a variable reference ("${DS_PROMETHEUS}", "$datasource"); v2 names the plugin in the query's
// `group` and the datasource in `datasource.name`.
struct DatasourceRef {
  bool present = false;
  std::optional<Text> type;
  std::optional<Text> uid;
  Span span;
};

struct PanelQuery {
  Text ref_id;
  DatasourceRef datasource;  // the query's own; empty when it uses the panel's
  // The query text (`expr`), with the way back to its bytes in the source file.
  EmbeddedText expr;
  Span expr_span;
  bool has_expr = false;
  std::optional<Text> legend;
  bool hidden = false;
  Span span;
};

struct GridPos {
  int64_t x = 0, y = 0, w = 0, h = 0;
  Span span;
};

struct DashboardLink {
  Text title;
  Text url;
  Span span;
};

struct Panel {
  std::optional<int64_t> id;
  Span id_span;
  Text type;  // the visualisation: timeseries, stat, table, logs, row, ...
  Text title;
  DatasourceRef datasource;
  std::vector<PanelQuery> queries;
  std::optional<GridPos> grid;
  std::optional<Text> unit;    // fieldConfig.defaults.unit
  std::optional<Text> repeat;  // the variable the panel repeats over
  bool collapsed = false;      // rows
  std::vector<Panel> panels;   // a row's panels as written inside it
  std::vector<DashboardLink> links;
  std::string element;  // v2: the panel's key in `elements`
  Span span;
};

enum class VariableKind : uint8_t {
  Query,
  Custom,
  Constant,
  Datasource,
  Interval,
  Textbox,
  Adhoc,
  GroupBy,
  Switch,
  System,
  Snapshot,
};
std::string_view variable_kind_name(VariableKind k);

struct Variable {
  VariableKind kind = VariableKind::Query;
  Text name;
  DatasourceRef datasource;
  // Query variables: the query (`label_values(up, job)`, PromQL, LogQL); custom: the values,
  // comma-separated; interval: the durations; constant and textbox: the value.
  EmbeddedText query;
  Span query_span;
  bool has_query = false;
  std::string plugin_id;  // datasource variables: the plugin type they list
  bool multi = false;
  bool include_all = false;
  std::optional<Text> all_value;
  std::vector<std::string> values;  // the current value(s), then the listed options
  bool is_input = false;            // an exported dashboard's `__inputs` entry (`${DS_X}`)
  Span span;
};

struct Dashboard {
  DashboardSchema schema = DashboardSchema::Classic;
  std::string api_version;  // v2: the resource's apiVersion
  Text uid;
  Text title;
  std::vector<Text> tags;
  std::vector<Variable> variables;
  // Classic: top-level panels in order, rows holding the panels written inside them; v2: the
  // elements, in the order of the layout (panels outside the layout last).
  std::vector<Panel> panels;
  std::vector<DashboardLink> links;
  std::optional<Text> folder;  // the folder UID, when the source names one
  // The schema to deploy it as, when its source chose one (`schema v2` in the DSL); otherwise the
  // project's `dashboards.schema` setting, and failing that the schema it was written in.
  std::optional<DashboardSchema> deploy_schema;
  // Classic: the dashboard JSON; v2: the resource (apiVersion, kind, metadata, spec).
  nlohmann::ordered_json document;
  Span span;
};

// Every panel of a dashboard, rows' panels after their row, in source order.
template <typename F>
void for_each_panel(const std::vector<Panel>& panels, F&& f) {
  for (const Panel& p : panels) {
    f(p);
    for_each_panel(p.panels, f);
  }
}

}  // namespace mzr::model
