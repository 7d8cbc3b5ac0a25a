#pragma once
// Classic dashboard JSON as a dashboard.grafana.app/v2 resource.
//
//   panels            → `elements` (Panel, or LibraryPanel for library panels), keyed
//                       "panel-<id>"; a panel without an id, or with the id of an earlier one,
//                       gets the next free id
//   targets           → `data` (QueryGroup of PanelQuery / DataQuery: group = the datasource's
//                       plugin type, datasource.name = its UID, spec = the target without
//                       refId, datasource and hide), transformations and query options beside
//   type, options,    → `vizConfig` (group = the panel type, spec = {options, fieldConfig})
//   fieldConfig
//   rows              → RowsLayout, one GridLayout per row (y counted from the row's top);
//                       panels before the first row go in a row without a header. No rows: one
//                       GridLayout. Panels without gridPos are placed after the others, 12
//                       columns wide (or `span` × 2 in pre-v16 rows), 8 units high.
//   repeat            → the layout item's (or the row's) `repeat` options
//   templating.list   → `variables` of the v2 kinds; system and snapshot variables are dropped
//   __inputs          → replaced by the datasource the caller chose for them, like
//                       grafana-operator's `datasources`; otherwise a hidden DatasourceVariable
//   time, timepicker, → timeSettings
//   refresh, timezone
//   annotations.list  → AnnotationQuery kinds (the built-in one included)
//   graphTooltip      → cursorSync (0 Off, 1 Crosshair, 2 Tooltip)
//
// Fields v2 has no place for are dropped: the dashboard's id, version and schemaVersion, and the
// panel fields of deprecated panel types (graph, singlestat) outside `options` and
// `fieldConfig`, which Grafana migrates when it loads a classic dashboard.

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace mzr::emit {

struct V2Options {
  std::string uid;  // metadata.name
  std::string api_version = "dashboard.grafana.app/v2";
  // `__inputs` datasources resolved to datasource UIDs: "DS_PROMETHEUS" → "mzmon-thanos".
  std::map<std::string, std::string> inputs;
  // Plugin types of known datasources by UID, for references that do not name a type.
  std::map<std::string, std::string> datasource_types;
  // The datasource Grafana uses for queries that name none (classic `datasource: null`); v2
  // names it. Empty: such queries stay without a datasource and with an empty group.
  std::string default_datasource;
};

// The v2 resource {apiVersion, kind: Dashboard, metadata: {name}, spec} for a classic dashboard.
// Anything that is not a dashboard object gives a dashboard with no panels.
nlohmann::ordered_json classic_to_v2(const nlohmann::ordered_json& classic,
                                     const V2Options& options);

}  // namespace mzr::emit
