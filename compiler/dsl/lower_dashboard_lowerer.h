#pragma once
// Internal to compiler/dsl: the lowering of one `dashboard` block (lower_dashboard.h), one file
// per part around this class: lower_dashboard.cpp (the dashboard and its settings),
// lower_dashboard_sources.cpp (datasources), lower_dashboard_variables.cpp and
// lower_dashboard_panels.cpp (rows, panels and their queries).

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/dsl/ast.h"
#include "compiler/dsl/lower_values.h"
#include "compiler/model/dashboard.h"
#include "compiler/model/dashboard_stack.h"

namespace mzr::dsl::dashboard_lowering {

using J = nlohmann::ordered_json;

inline constexpr int64_t kGridWidth = 24;
// The schema version of the dashboards written; Grafana migrates older ones on load.
inline constexpr int kSchemaVersion = 39;

inline constexpr std::array<std::string_view, 25> kPanelTypes = {
    "timeseries",  "stat",       "gauge",          "bargauge",       "table",
    "logs",        "heatmap",    "text",           "piechart",       "barchart",
    "histogram",   "xychart",    "state-timeline", "status-history", "trend",
    "candlestick", "alertlist",  "dashlist",       "news",           "nodeGraph",
    "traces",      "flamegraph", "canvas",         "geomap",         "datagrid"};

bool is_panel_type(std::string_view k);

template <size_t N>
std::vector<std::string_view> words(const std::array<std::string_view, N>& a) {
  return {a.begin(), a.end()};
}

model::Text mtext(const Text& t);

// Logs panels read Loki; every other kind of panel written here reads Prometheus (Thanos).
std::string_view plugin_for_panel(std::string_view type);

// A query as Grafana's editor shows it: continuation lines lose the indentation they share, which
// in the .mzr file only said that they continue the query.
std::string dedented(std::string_view text);

// Where the next panel goes: left to right in rows of kGridWidth columns.
struct Layout {
  int64_t x = 0;
  int64_t y = 0;
  int64_t line_height = 0;

  void new_line() {
    y += line_height;
    x = 0;
    line_height = 0;
  }
  model::GridPos place(int64_t w, int64_t h) {
    if (x > 0 && x + w > kGridWidth) new_line();
    model::GridPos p;
    p.x = x;
    p.y = y;
    p.w = w;
    p.h = h;
    x += w;
    line_height = std::max(line_height, h);
    return p;
  }
};

class DashboardLowerer {
 public:
  DashboardLowerer(const model::GrafanaStack& grafana, Diagnostics& diags)
      : grafana_(grafana), diags_(diags), values_(diags) {}

  model::Dashboard dashboard(const DashboardBlock& b);

 private:
  // A datasource as the model and the JSON name it.
  struct Source {
    model::DatasourceRef ref;
    J json;
  };

  // -- shared (lower_dashboard.cpp) -----------------------------------------------------------
  void unknown(const Name& key, std::string_view what, const std::vector<std::string_view>& known);
  bool first(std::map<std::string, Span>& seen, const DashEntry& e);
  bool misplaced(const DashEntry& e, std::string_view where, bool query, bool thresholds,
                 bool variable);
  bool is_setting(const DashEntry& e);
  std::optional<model::DashboardLink> link(const DashEntry& e);
  static J builtin_annotation();
  void dashboard_setting(const DashEntry& e, J& doc);

  // -- datasources (lower_dashboard_sources.cpp) ----------------------------------------------
  Source source_of(std::string_view type, std::string uid, Span at);
  std::optional<Source> default_source(std::string_view type, Span at, std::string_view what);
  std::optional<Source> named_source(const DashEntry& e);

  // -- variables (lower_dashboard_variables.cpp) ----------------------------------------------
  struct VariableParts;
  J variable(const DashEntry& e);
  VariableParts variable_parts(const DashEntry& e);
  void variable_source(const DashEntry& e, const VariableParts& parts, model::Variable& v, J& j);
  void variable_values(const VariableParts& parts, model::Variable& v, J& j);
  void variable_setting(const DashEntry& s, const std::string& kind, model::Variable& v, J& j);

  // -- rows and panels (lower_dashboard_panels.cpp) -------------------------------------------
  void row(const DashEntry& e, J& panels);
  static J grid_json(const model::GridPos& p);
  static int64_t default_width(std::string_view type);
  static int64_t default_height(std::string_view type);
  struct PanelParts;
  std::optional<std::pair<J, model::Panel>> panel(const DashEntry& e);
  void panel_setting(const DashEntry& s, PanelParts& parts);
  J target(const DashEntry* q, const std::vector<const DashEntry*>& options,
           const std::optional<Source>& panel_source, char ref, model::Panel& p);
  J thresholds(const DashEntry& e);
  J body_json(const std::vector<DashEntry>& body);

  const model::GrafanaStack& grafana_;
  Diagnostics& diags_;
  ValueReader values_;
  model::Dashboard d_;
  int64_t next_id_ = 1;
  Layout layout_;
};

}  // namespace mzr::dsl::dashboard_lowering
