#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/dsl/lower_dashboard_lowerer.h"

namespace mzr::dsl::dashboard_lowering {

DashboardLowerer::Source DashboardLowerer::source_of(std::string_view type, std::string uid,
                                                     Span at) {
  Source s;
  s.ref.present = true;
  s.ref.type = model::Text{std::string(type), at};
  s.ref.uid = model::Text{uid, at};
  s.ref.span = at;
  s.json = {{"type", type}, {"uid", std::move(uid)}};
  return s;
}

// The default datasource of a kind: the dashboard's datasource variable, else the stack's.
std::optional<DashboardLowerer::Source> DashboardLowerer::default_source(std::string_view type,
                                                                         Span at,
                                                                         std::string_view what) {
  for (const model::Variable& v : d_.variables) {
    if (v.kind == model::VariableKind::Datasource && v.plugin_id == type)
      return source_of(type, "${" + v.name.value + "}", at);
  }
  const model::GrafanaDatasource* best = nullptr;
  for (const model::GrafanaDatasource& ds : grafana_.datasources) {
    if (ds.type.value == type && (!best || (ds.is_default && !best->is_default))) best = &ds;
  }
  if (best) return source_of(type, best->uid.value, at);
  diags_.report(DiagKind::DslNoDatasource, at,
                fmt::format("no {} datasource for this {}: the stack's grafana settings have "
                            "none, and the dashboard has no datasource variable for it",
                            type == "loki" ? "Loki" : "Prometheus", what));
  return std::nullopt;
}

// `datasource thanos` (a stack datasource) or `datasource "$ds"` (a datasource variable).
std::optional<DashboardLowerer::Source> DashboardLowerer::named_source(const DashEntry& e) {
  auto name = values_.scalar(e.values, e.key);
  if (!name) return std::nullopt;
  std::string v = name->value;
  if (v.starts_with("$")) {
    std::string var = v.substr(v.starts_with("${") ? 2 : 1);
    if (v.starts_with("${") && var.ends_with("}")) var.pop_back();
    for (const model::Variable& x : d_.variables) {
      if (x.kind == model::VariableKind::Datasource && x.name.value == var)
        return source_of(x.plugin_id, "${" + var + "}", name->span);
    }
    std::vector<std::string_view> known;
    for (const model::Variable& x : d_.variables) {
      if (x.kind == model::VariableKind::Datasource) known.push_back(x.name.value);
    }
    diags_.report(DiagKind::DslUnknownDatasource, name->span,
                  fmt::format("'{}' is not a datasource variable of this dashboard{}", var,
                              did_you_mean(var, known)));
    return std::nullopt;
  }
  std::vector<std::string_view> known;
  for (const model::GrafanaDatasource& ds : grafana_.datasources) {
    if (ds.uid.value == v) return source_of(ds.type.value, v, name->span);
    known.push_back(ds.uid.value);
  }
  diags_.report(
      DiagKind::DslUnknownDatasource, name->span,
      fmt::format("'{}' is not one of the stack's Grafana datasources{}", v,
                  known.empty() ? std::string(" (it describes none)") : did_you_mean(v, known)));
  return std::nullopt;
}

}  // namespace mzr::dsl::dashboard_lowering
