// dashboard.grafana.app/v2 and v2beta1: `elements` keyed by name, a nested `layout` referring to
// them, `variables` as kinds with specs, queries as DataQuery objects grouped by plugin.

#include <fmt/format.h>

#include <map>
#include <set>

#include "compiler/load/dashboard_load.h"
#include "compiler/load/dashboard_reader.h"
#include "compiler/load/decode.h"

namespace mzr::dash {
namespace {

std::optional<model::VariableKind> variable_kind(std::string_view k) {
  using K = model::VariableKind;
  static constexpr std::pair<std::string_view, K> kKinds[] = {
      {"QueryVariable", K::Query},       {"CustomVariable", K::Custom},
      {"ConstantVariable", K::Constant}, {"DatasourceVariable", K::Datasource},
      {"IntervalVariable", K::Interval}, {"TextVariable", K::Textbox},
      {"AdhocVariable", K::Adhoc},       {"GroupByVariable", K::GroupBy},
      {"SwitchVariable", K::Switch}};
  for (const auto& [name, kind] : kKinds) {
    if (name == k) return kind;
  }
  return std::nullopt;
}

// {kind: DataQuery, group: <plugin>, datasource: {name}, spec: {expr, ...}}; v2beta1 also
// accepts {kind: <plugin>, spec: {...}} with the datasource beside the query.
struct DataQuery {
  model::DatasourceRef datasource;
  const yaml::Node* spec = nullptr;
};

DataQuery read_data_query(const yaml::Node* q, Reader& r) {
  DataQuery out;
  if (!r.mapping(q, "a query")) return out;
  auto kind = r.text(q->get("kind"), "a query's 'kind'");
  std::optional<model::Text> plugin;
  if (kind && kind->value == "DataQuery") {
    plugin = r.text(q->get("group"), "a query's 'group'");
  } else if (kind) {
    plugin = kind;
  }
  out.datasource = r.datasource(q->get("datasource"));
  if (plugin && !plugin->value.empty()) {
    out.datasource.type = plugin;
    out.datasource.present = true;
    if (!out.datasource.span.valid()) out.datasource.span = plugin->span;
  }
  out.spec = q->get("spec");
  if (out.spec && !r.mapping(out.spec, "a query's 'spec'")) out.spec = nullptr;
  return out;
}

void read_expr(const yaml::Node* spec, Reader& r, model::PanelQuery& q) {
  if (spec == nullptr) return;
  const yaml::Node* e = spec->get("expr");
  if (yaml::is_null_text(e)) e = spec->get("query");
  if (yaml::is_null_text(e)) return;
  if (!r.text(e, "a query's 'expr'")) return;
  q.expr = r.embedded(e);
  q.expr_span = e->span;
  q.has_expr = true;
  q.legend = r.text(spec->get("legendFormat"), "a query's 'legendFormat'");
}

model::Panel read_element(const std::string& key, const yaml::Node* n, Reader& r) {
  model::Panel p;
  p.element = key;
  p.span = n->span;
  auto kind = r.text(n->get("kind"), "an element's 'kind'");
  const yaml::Node* spec = n->get("spec");
  if (!kind) {
    r.missing(n, "kind", fmt::format("element '{}'", key));
    return p;
  }
  if (kind->value == "LibraryPanel") {
    p.type = model::Text{"library-panel", kind->span};
    if (r.mapping(spec, "a library panel's 'spec'")) {
      if (auto t = r.text(spec->get("title"), "a panel's 'title'")) p.title = *t;
      if (const yaml::Node* id = spec->get("id")) {
        p.id = r.integer(id, "a panel's 'id'");
        p.id_span = id->span;
      }
    }
    return p;
  }
  if (kind->value != "Panel") {
    r.diags().report(
        DiagKind::DashboardInvalidValue, kind->span,
        fmt::format("unknown element kind '{}'; expected Panel or LibraryPanel", kind->value));
    return p;
  }
  if (!r.mapping(spec, "a panel's 'spec'")) return p;
  if (const yaml::Node* id = spec->get("id")) {
    p.id = r.integer(id, "a panel's 'id'");
    p.id_span = id->span;
  }
  if (auto t = r.text(spec->get("title"), "a panel's 'title'")) p.title = *t;
  p.links = r.links(spec->get("links"), "a panel's 'links'");
  if (const yaml::Node* viz = spec->get("vizConfig"); r.mapping(viz, "a panel's 'vizConfig'")) {
    if (auto t = r.text(viz->get("group"), "'vizConfig.group'")) {
      p.type = *t;
      if (!is_known_panel_type(t->value)) {
        r.diags().report(DiagKind::DashboardUnknownPanelType, t->span,
                         fmt::format("unknown panel type '{}'", t->value));
      }
    }
    const yaml::Node* vs = viz->get("spec");
    if (vs && vs->is_mapping()) {
      if (const yaml::Node* fc = vs->get("fieldConfig"); fc && fc->is_mapping()) {
        if (const yaml::Node* d = fc->get("defaults"); d && d->is_mapping())
          p.unit = r.text(d->get("unit"), "'fieldConfig.defaults.unit'");
      }
    }
  } else if (!spec->get("vizConfig")) {
    r.missing(spec, "vizConfig", fmt::format("panel '{}'", key));
  }
  const yaml::Node* data = spec->get("data");
  if (!r.mapping(data, "a panel's 'data'")) return p;
  const yaml::Node* ds = data->get("spec");
  if (!r.mapping(ds, "'data.spec'")) return p;
  const yaml::Node* queries = ds->get("queries");
  if (!r.sequence(queries, "'data.spec.queries'")) return p;
  for (const yaml::Node* pq : queries->items) {
    if (!r.mapping(pq, "a panel query")) continue;
    const yaml::Node* qs = pq->get("spec");
    if (!r.mapping(qs, "a panel query's 'spec'")) continue;
    model::PanelQuery q;
    q.span = pq->span;
    if (auto id = r.text(qs->get("refId"), "a query's 'refId'")) q.ref_id = *id;
    q.hidden = r.boolean(qs->get("hidden"), "a query's 'hidden'", false);
    DataQuery dq = read_data_query(qs->get("query"), r);
    q.datasource = dq.datasource;
    if (!q.datasource.uid) {
      // v2beta1 drafts keep the datasource beside the query.
      model::DatasourceRef beside = r.datasource(qs->get("datasource"));
      if (beside.uid) q.datasource.uid = beside.uid;
      if (!q.datasource.type && beside.type) q.datasource.type = beside.type;
      q.datasource.present |= beside.present;
    }
    read_expr(dq.spec, r, q);
    p.queries.push_back(std::move(q));
  }
  return p;
}

model::Variable read_variable(const yaml::Node* n, Reader& r, bool& ok) {
  model::Variable v;
  v.span = n->span;
  ok = false;
  auto kind_text = r.text(n->get("kind"), "a variable's 'kind'");
  if (!kind_text) {
    r.missing(n, "kind", "the variable");
    return v;
  }
  auto kind = variable_kind(kind_text->value);
  if (!kind) {
    r.diags().report(DiagKind::DashboardInvalidValue, kind_text->span,
                     fmt::format("unknown variable kind '{}'; expected QueryVariable, "
                                 "CustomVariable, ConstantVariable, DatasourceVariable, "
                                 "IntervalVariable, TextVariable, AdhocVariable, "
                                 "GroupByVariable or SwitchVariable",
                                 kind_text->value));
    return v;
  }
  v.kind = *kind;
  const yaml::Node* spec = n->get("spec");
  if (!r.mapping(spec, "a variable's 'spec'")) {
    if (!spec) r.missing(n, "spec", "the variable");
    return v;
  }
  auto name = r.text(spec->get("name"), "a variable's 'name'");
  if (!name) {
    r.missing(spec, "name", "the variable");
    return v;
  }
  v.name = *name;
  const yaml::Node* q = spec->get("query");
  if (v.kind == model::VariableKind::Query) {
    DataQuery dq = read_data_query(q, r);
    v.datasource = dq.datasource;
    model::PanelQuery tmp;
    read_expr(dq.spec, r, tmp);
    if (tmp.has_expr) {
      v.query = std::move(tmp.expr);
      v.query_span = tmp.expr_span;
      v.has_query = true;
    }
  } else if (q && q->is_scalar()) {
    v.query = r.embedded(q);
    v.query_span = q->span;
    v.has_query = true;
  }
  if (v.kind == model::VariableKind::Datasource) {
    if (auto plugin = r.text(spec->get("pluginId"), "a variable's 'pluginId'"))
      v.plugin_id = plugin->value;
  }
  v.multi = r.boolean(spec->get("multi"), "a variable's 'multi'", false);
  v.include_all = r.boolean(spec->get("includeAll"), "a variable's 'includeAll'", false);
  v.all_value = r.text(spec->get("allValue"), "a variable's 'allValue'");
  const yaml::Node* current = spec->get("current");
  if (current && current->is_scalar()) {
    v.values.push_back(current->value);  // switch variables
  } else if (current && current->is_mapping()) {
    if (const yaml::Node* value = current->get("value")) {
      if (value->is_scalar()) v.values.push_back(value->value);
      if (value->is_sequence()) {
        for (const yaml::Node* i : value->items) {
          if (i->is_scalar()) v.values.push_back(i->value);
        }
      }
    }
  }
  if (const yaml::Node* options = spec->get("options"); options && options->is_sequence()) {
    for (const yaml::Node* o : options->items) {
      const yaml::Node* value = o->is_mapping() ? o->get("value") : nullptr;
      if (value && value->is_scalar()) v.values.push_back(value->value);
    }
  }
  ok = true;
  return v;
}

struct Layout {
  std::map<std::string, model::Panel>& elements;
  std::map<std::string, const yaml::Node*>& element_nodes;
  std::vector<model::Panel>& out;
  std::set<std::string> placed;
  Reader& r;

  void place(const yaml::Node* item_spec, std::optional<model::GridPos> pos) {
    const yaml::Node* el = item_spec->get("element");
    if (!r.mapping(el, "a layout item's 'element'")) {
      if (!el) r.missing(item_spec, "element", "the layout item");
      return;
    }
    auto name = r.text(el->get("name"), "an element reference's 'name'");
    if (!name) {
      r.missing(el, "name", "the element reference");
      return;
    }
    auto it = elements.find(name->value);
    if (it == elements.end()) {
      r.diags().report(DiagKind::DashboardInvalidValue, name->span,
                       fmt::format("the layout refers to element '{}', which 'elements' does "
                                   "not define",
                                   name->value));
      return;
    }
    model::Panel p = it->second;
    p.grid = pos;
    placed.insert(name->value);
    out.push_back(std::move(p));
  }

  void walk(const yaml::Node* layout, int depth) {
    if (depth > 32 || !r.mapping(layout, "a layout")) return;
    auto kind = r.text(layout->get("kind"), "a layout's 'kind'");
    const yaml::Node* spec = layout->get("spec");
    if (!kind) {
      r.missing(layout, "kind", "the layout");
      return;
    }
    if (!r.mapping(spec, "a layout's 'spec'")) return;
    auto items = [&](std::string_view field) -> const yaml::Node* {
      const yaml::Node* list = spec->get(field);
      return r.sequence(list, fmt::format("'{}'", field)) ? list : nullptr;
    };
    if (kind->value == "GridLayout" || kind->value == "AutoGridLayout") {
      const yaml::Node* list = items("items");
      if (!list) return;
      for (const yaml::Node* item : list->items) {
        if (!r.mapping(item, "a layout item")) continue;
        const yaml::Node* is = item->get("spec");
        if (!r.mapping(is, "a layout item's 'spec'")) continue;
        std::optional<model::GridPos> pos;
        if (kind->value == "GridLayout") {
          model::GridPos g;
          g.span = is->span;
          g.x = r.integer(is->get("x"), "'x'").value_or(0);
          g.y = r.integer(is->get("y"), "'y'").value_or(0);
          g.w = r.integer(is->get("width"), "'width'").value_or(0);
          g.h = r.integer(is->get("height"), "'height'").value_or(0);
          pos = g;
        }
        place(is, pos);
      }
    } else if (kind->value == "RowsLayout" || kind->value == "TabsLayout") {
      const yaml::Node* list = items(kind->value == "RowsLayout" ? "rows" : "tabs");
      if (!list) return;
      for (const yaml::Node* row : list->items) {
        if (!r.mapping(row, "a row or tab")) continue;
        const yaml::Node* rs = row->get("spec");
        if (r.mapping(rs, "a row's or tab's 'spec'")) walk(rs->get("layout"), depth + 1);
      }
    } else {
      r.diags().report(DiagKind::DashboardInvalidValue, kind->span,
                       fmt::format("unknown layout kind '{}'; expected GridLayout, RowsLayout, "
                                   "AutoGridLayout or TabsLayout",
                                   kind->value));
    }
  }
};

}  // namespace

model::Dashboard load_v2(const yaml::Node* resource, Reader& r) {
  model::Dashboard d;
  d.schema = model::DashboardSchema::V2;
  d.span = resource->span;
  d.document = to_json(resource);
  if (auto api = r.text(resource->get("apiVersion"), "'apiVersion'")) d.api_version = api->value;
  const yaml::Node* metadata = resource->get("metadata");
  if (r.mapping(metadata, "'metadata'")) {
    if (auto name = r.text(metadata->get("name"), "'metadata.name'")) d.uid = *name;
    if (const yaml::Node* ann = metadata->get("annotations"); ann && ann->is_mapping()) {
      d.folder = r.text(ann->get("grafana.app/folder"), "the folder annotation");
    }
  }
  const yaml::Node* spec = resource->get("spec");
  if (!r.mapping(spec, "'spec'")) {
    if (!spec) r.missing(resource, "spec", "the dashboard");
    return d;
  }
  if (auto t = r.text(spec->get("title"), "the dashboard's 'title'")) d.title = *t;
  if (const yaml::Node* tags = spec->get("tags"); r.sequence(tags, "'tags'")) {
    for (const yaml::Node* t : tags->items) {
      if (auto s = r.text(t, "a tag")) d.tags.push_back(*s);
    }
  }
  if (const yaml::Node* vars = spec->get("variables"); r.sequence(vars, "'variables'")) {
    for (const yaml::Node* v : vars->items) {
      if (!r.mapping(v, "a variable")) continue;
      bool ok = false;
      model::Variable var = read_variable(v, r, ok);
      if (ok) d.variables.push_back(std::move(var));
    }
  }
  std::map<std::string, model::Panel> elements;
  std::map<std::string, const yaml::Node*> element_nodes;
  std::vector<std::string> order;
  if (const yaml::Node* els = spec->get("elements"); r.mapping(els, "'elements'")) {
    for (const yaml::Entry& e : els->entries) {
      if (!r.mapping(e.value, "an element")) continue;
      elements.emplace(e.key->value, read_element(e.key->value, e.value, r));
      element_nodes.emplace(e.key->value, e.value);
      order.push_back(e.key->value);
    }
  }
  Layout layout{elements, element_nodes, d.panels, {}, r};
  if (const yaml::Node* l = spec->get("layout")) layout.walk(l, 0);
  for (const std::string& key : order) {
    if (!layout.placed.count(key)) d.panels.push_back(elements.at(key));
  }
  d.links = r.links(spec->get("links"), "'links'");
  return d;
}

}  // namespace mzr::dash
