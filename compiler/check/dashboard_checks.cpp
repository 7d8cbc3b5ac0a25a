#include "compiler/check/dashboard_checks.h"

#include <fmt/format.h>

#include "compiler/check/dashboard_expand.h"

namespace mzr {
namespace {

void check_datasource_uids(const model::Dashboard& d, const DashboardCheckOptions& options,
                           Diagnostics& diags) {
  if (options.datasources.empty()) return;
  auto check = [&](const model::DatasourceRef& ref) {
    if (!ref.present || !ref.uid) return;
    const std::string& uid = ref.uid->value;
    if (uid.empty() || !dash::find_refs(uid).empty() || uid.rfind("-- ", 0) == 0 ||
        uid == "grafana")
      return;
    if (ref.type && ref.type->value == "datasource") return;
    if (options.datasources.count(uid)) return;
    std::string known;
    for (const auto& [u, type] : options.datasources)
      known += (known.empty() ? "'" : ", '") + u + "'";
    diags.report(DiagKind::DashboardUnknownDatasource, ref.uid->span,
                 fmt::format("no datasource has UID '{}'; the stack declares {}", uid, known));
  };
  model::for_each_panel(d.panels, [&](const model::Panel& p) {
    check(p.datasource);
    for (const model::PanelQuery& q : p.queries) check(q.datasource);
  });
  for (const model::Variable& v : d.variables) check(v.datasource);
}

}  // namespace

DashboardCheckOptions dashboard_check_options(const std::vector<model::Catalog>& catalogs,
                                              const std::vector<model::RuleSet>& rule_sets,
                                              const promql::Catalog* catalog) {
  DashboardCheckOptions o;
  o.catalog = catalog;
  o.families = metric_families(catalogs);
  // Series recorded by the Loki ruler are written to Thanos and queried there like the others.
  for (const model::RuleSet& set : rule_sets) {
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) {
        if (r.kind != model::RuleKind::Recording) continue;
        o.recorded.insert(r.name.value);
        o.has_recording_rules = true;
      }
    }
  }
  o.recorded_suggestions = std::make_shared<Suggester>(
      std::vector<std::string_view>(o.recorded.begin(), o.recorded.end()));
  return o;
}

DashboardStats check_dashboards(const std::vector<model::Dashboard>& dashboards,
                                const DashboardCheckOptions& options, Diagnostics& diags) {
  DashboardStats stats;
  for (const model::Dashboard& d : dashboards) {
    ++stats.dashboards;
    dash::check_dashboard_queries(d, options, stats, diags);
    dash::check_dashboard_variables(d, diags);
    dash::check_dashboard_layout(d, diags);
    check_datasource_uids(d, options, diags);
  }
  dash::check_dashboard_uids(dashboards, diags);
  return stats;
}

}  // namespace mzr
