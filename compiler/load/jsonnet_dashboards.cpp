#include "compiler/load/jsonnet_dashboards.h"

#include <string>

namespace mzr {
namespace {

void relocate(const JsonnetSourceMap& map, model::DatasourceRef& ds) {
  map.relocate(ds.type);
  map.relocate(ds.uid);
}

void relocate(const JsonnetSourceMap& map, std::vector<model::DashboardLink>& links) {
  for (model::DashboardLink& l : links) {
    map.relocate(l.title);
    map.relocate(l.url);
  }
}

void relocate(const JsonnetSourceMap& map, model::Panel& p) {
  if (p.id) p.id_span = map.locate(std::to_string(*p.id), p.id_span);
  map.relocate(p.type);
  map.relocate(p.title);
  relocate(map, p.datasource);
  for (model::PanelQuery& q : p.queries) {
    map.relocate(q.ref_id);
    relocate(map, q.datasource);
    if (q.has_expr) map.relocate(q.expr, q.expr_span);
    map.relocate(q.legend);
  }
  map.relocate(p.unit);
  map.relocate(p.repeat);
  relocate(map, p.links);
  for (model::Panel& inner : p.panels) relocate(map, inner);
}

}  // namespace

void relocate_to_jsonnet(const JsonnetSourceMap& map, model::Dashboard& d) {
  map.relocate(d.uid);
  map.relocate(d.title);
  for (model::Text& t : d.tags) map.relocate(t);
  map.relocate(d.folder);
  relocate(map, d.links);
  for (model::Variable& v : d.variables) {
    map.relocate(v.name);
    relocate(map, v.datasource);
    if (v.has_query) map.relocate(v.query, v.query_span);
    map.relocate(v.all_value);
  }
  for (model::Panel& p : d.panels) relocate(map, p);
}

}  // namespace mzr
