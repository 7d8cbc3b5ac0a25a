#pragma once
// Checks of Grafana dashboards: every query parsed in its datasource's language after variable
// expansion and checked against the metric catalogs and recording rules; variables, UIDs, panel
// ids and the grid; lints in the spirit of Grafana's dashboard-linter.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/suggest.h"
#include "compiler/check/metric_families.h"
#include "compiler/frontend/promql.h"
#include "compiler/model/catalog.h"
#include "compiler/model/dashboard.h"
#include "compiler/model/rules.h"
#include "compiler/promql/labels.h"

namespace mzr {

struct DashboardCheckOptions {
  promql::Options promql;
  // What queries may read: the catalogs' metrics and the recorded series of recording rules.
  const promql::Catalog* catalog = nullptr;
  MetricFamilies families;  // the metric families the catalogs describe in full
  // Names of every recording rule; views into the rule sets.
  std::unordered_set<std::string_view> recorded;
  bool has_recording_rules = false;
  // Suggestions among `recorded` for misspelt recorded names, kept across queries (set by
  // dashboard_check_options; without it there are none).
  std::shared_ptr<Suggester> recorded_suggestions;
  // Datasources the stack declares, by UID → plugin type; empty when it declares none.
  std::map<std::string, std::string> datasources;
  // The plugin type of Grafana's default datasource, for queries that name none.
  std::string default_datasource_type = "prometheus";
};

struct DashboardStats {
  size_t dashboards = 0;
  size_t panels = 0;
  size_t queries = 0;           // panel queries with an expression
  size_t promql = 0;            // parsed as PromQL
  size_t logql = 0;             // parsed as LogQL
  size_t variable_queries = 0;  // variable queries parsed (label_values, query_result, ...)
  size_t skipped = 0;           // queries of other datasources, not checked
};

// The options for a compilation's catalogs and rule sets.
DashboardCheckOptions dashboard_check_options(const std::vector<model::Catalog>& catalogs,
                                              const std::vector<model::RuleSet>& rule_sets,
                                              const promql::Catalog* catalog);

DashboardStats check_dashboards(const std::vector<model::Dashboard>& dashboards,
                                const DashboardCheckOptions& options, Diagnostics& diags);

namespace dash {
// The parts, each in its own file.
void check_dashboard_queries(const model::Dashboard& d, const DashboardCheckOptions& options,
                             DashboardStats& stats, Diagnostics& diags);
void check_dashboard_variables(const model::Dashboard& d, Diagnostics& diags);
void check_dashboard_layout(const model::Dashboard& d, Diagnostics& diags);
void check_dashboard_uids(const std::vector<model::Dashboard>& dashboards, Diagnostics& diags);
}  // namespace dash

}  // namespace mzr
