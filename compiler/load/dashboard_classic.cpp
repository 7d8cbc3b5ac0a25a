// Classic dashboard JSON: `panels` (rows holding their panels when collapsed), the older `rows`,
// `templating.list` and `__inputs`.

#include <fmt/format.h>

#include "compiler/load/dashboard_load.h"
#include "compiler/load/dashboard_reader.h"
#include "compiler/load/decode.h"

namespace mzr::dash {
namespace {

std::optional<model::VariableKind> variable_kind(std::string_view t) {
  using K = model::VariableKind;
  static constexpr std::pair<std::string_view, K> kKinds[] = {
      {"query", K::Query},           {"custom", K::Custom},     {"constant", K::Constant},
      {"datasource", K::Datasource}, {"interval", K::Interval}, {"textbox", K::Textbox},
      {"adhoc", K::Adhoc},           {"groupby", K::GroupBy},   {"switch", K::Switch},
      {"system", K::System},         {"snapshot", K::Snapshot}};
  for (const auto& [name, kind] : kKinds) {
    if (name == t) return kind;
  }
  return std::nullopt;
}

void read_values(const yaml::Node* current, const yaml::Node* options, model::Variable& v) {
  auto add = [&](const yaml::Node* value) {
    if (value == nullptr) return;
    if (value->is_scalar()) {
      v.values.push_back(value->value);
    } else if (value->is_sequence()) {
      for (const yaml::Node* i : value->items) {
        if (i->is_scalar()) v.values.push_back(i->value);
      }
    }
  };
  if (current && current->is_mapping()) add(current->get("value"));
  if (options && options->is_sequence()) {
    for (const yaml::Node* o : options->items) {
      if (o->is_mapping()) add(o->get("value"));
    }
  }
}

model::Variable read_variable(const yaml::Node* n, Reader& r, bool& ok) {
  model::Variable v;
  v.span = n->span;
  ok = false;
  auto name = r.text(n->get("name"), "a variable's 'name'");
  if (!name) {
    r.missing(n, "name", "the variable");
    return v;
  }
  v.name = *name;
  auto type = r.text(n->get("type"), "a variable's 'type'");
  if (!type) {
    r.missing(n, "type", fmt::format("variable '{}'", v.name.value));
    return v;
  }
  auto kind = variable_kind(type->value);
  if (!kind) {
    r.diags().report(DiagKind::DashboardInvalidValue, type->span,
                     fmt::format("unknown variable type '{}'; expected query, custom, constant, "
                                 "datasource, interval, textbox, adhoc, groupby or switch",
                                 type->value));
    return v;
  }
  v.kind = *kind;
  v.datasource = r.datasource(n->get("datasource"));
  const yaml::Node* q = n->get("query");
  // Query variables of newer Grafana versions hold an object: {query: "...", refId, qryType}.
  if (q && q->is_mapping()) q = q->get("query");
  if (q && q->is_scalar()) {
    v.query = r.embedded(q);
    v.query_span = q->span;
    v.has_query = true;
    if (v.kind == model::VariableKind::Datasource) v.plugin_id = q->value;
  } else if (q && !yaml::is_null_text(q)) {
    r.text(q, "a variable's 'query'");
  }
  v.multi = r.boolean(n->get("multi"), "a variable's 'multi'", false);
  v.include_all = r.boolean(n->get("includeAll"), "a variable's 'includeAll'", false);
  v.all_value = r.text(n->get("allValue"), "a variable's 'allValue'");
  read_values(n->get("current"), n->get("options"), v);
  ok = true;
  return v;
}

model::PanelQuery read_target(const yaml::Node* n, Reader& r) {
  model::PanelQuery q;
  q.span = n->span;
  if (auto id = r.text(n->get("refId"), "a target's 'refId'")) q.ref_id = *id;
  q.datasource = r.datasource(n->get("datasource"));
  if (const yaml::Node* e = n->get("expr"); e && !yaml::is_null_text(e)) {
    if (r.text(e, "a target's 'expr'")) {
      q.expr = r.embedded(e);
      q.expr_span = e->span;
      q.has_expr = true;
    }
  }
  q.legend = r.text(n->get("legendFormat"), "a target's 'legendFormat'");
  q.hidden = r.boolean(n->get("hide"), "a target's 'hide'", false);
  return q;
}

model::Panel read_panel(const yaml::Node* n, Reader& r);

void read_panels(const yaml::Node* list, std::string_view what, Reader& r,
                 std::vector<model::Panel>& out) {
  if (!r.sequence(list, what)) return;
  for (const yaml::Node* p : list->items) {
    if (!r.mapping(p, "a panel")) continue;
    out.push_back(read_panel(p, r));
  }
}

model::Panel read_panel(const yaml::Node* n, Reader& r) {
  model::Panel p;
  p.span = n->span;
  if (const yaml::Node* id = n->get("id")) {
    p.id = r.integer(id, "a panel's 'id'");
    p.id_span = id->span;
  }
  if (auto t = r.text(n->get("title"), "a panel's 'title'")) p.title = *t;
  if (auto t = r.text(n->get("type"), "a panel's 'type'")) {
    p.type = *t;
    if (!is_known_panel_type(t->value)) {
      r.diags().report(DiagKind::DashboardUnknownPanelType, t->span,
                       fmt::format("unknown panel type '{}'", t->value));
    }
  } else if (!n->get("type")) {
    r.missing(n, "type",
              p.title.value.empty() ? std::string("the panel")
                                    : fmt::format("panel '{}'", p.title.value));
  }
  p.datasource = r.datasource(n->get("datasource"));
  if (const yaml::Node* targets = n->get("targets"); r.sequence(targets, "a panel's 'targets'")) {
    for (const yaml::Node* t : targets->items) {
      if (r.mapping(t, "a target")) p.queries.push_back(read_target(t, r));
    }
  }
  if (const yaml::Node* g = n->get("gridPos"); r.mapping(g, "a panel's 'gridPos'")) {
    model::GridPos pos;
    pos.span = g->span;
    pos.x = r.integer(g->get("x"), "'gridPos.x'").value_or(0);
    pos.y = r.integer(g->get("y"), "'gridPos.y'").value_or(0);
    pos.w = r.integer(g->get("w"), "'gridPos.w'").value_or(0);
    pos.h = r.integer(g->get("h"), "'gridPos.h'").value_or(0);
    p.grid = pos;
  }
  if (const yaml::Node* fc = n->get("fieldConfig"); fc && fc->is_mapping()) {
    if (const yaml::Node* d = fc->get("defaults"); d && d->is_mapping())
      p.unit = r.text(d->get("unit"), "'fieldConfig.defaults.unit'");
  }
  if (!p.unit) {
    // Old graph panels: the unit of the left axis.
    if (const yaml::Node* ax = n->get("yaxes");
        ax && ax->is_sequence() && !ax->items.empty() && ax->items[0]->is_mapping())
      p.unit = r.text(ax->items[0]->get("format"), "'yaxes[0].format'");
    else if (const yaml::Node* f = n->get("format"); f && f->is_scalar())
      p.unit = model::Text{f->value, f->span};
  }
  if (auto rep = r.text(n->get("repeat"), "a panel's 'repeat'"); rep && !rep->value.empty())
    p.repeat = rep;
  p.collapsed = r.boolean(n->get("collapsed"), "a row's 'collapsed'", false);
  p.links = r.links(n->get("links"), "'links'");
  read_panels(n->get("panels"), "a row's 'panels'", r, p.panels);
  return p;
}

}  // namespace

model::Dashboard load_classic(const yaml::Node* root, Reader& r) {
  model::Dashboard d;
  d.schema = model::DashboardSchema::Classic;
  d.span = root->span;
  d.document = to_json(root);
  if (auto uid = r.text(root->get("uid"), "the dashboard's 'uid'")) d.uid = *uid;
  if (auto t = r.text(root->get("title"), "the dashboard's 'title'")) d.title = *t;
  if (const yaml::Node* tags = root->get("tags"); r.sequence(tags, "'tags'")) {
    for (const yaml::Node* t : tags->items) {
      if (auto s = r.text(t, "a tag")) d.tags.push_back(*s);
    }
  }
  // Exported dashboards declare the datasources they need as inputs: `${DS_PROMETHEUS}`.
  if (const yaml::Node* inputs = root->get("__inputs"); r.sequence(inputs, "'__inputs'")) {
    for (const yaml::Node* in : inputs->items) {
      if (!in->is_mapping()) continue;
      auto type = r.text(in->get("type"), "an input's 'type'");
      auto name = r.text(in->get("name"), "an input's 'name'");
      if (!type || !name || type->value != "datasource") continue;
      model::Variable v;
      v.kind = model::VariableKind::Datasource;
      v.name = *name;
      v.span = in->span;
      if (auto plugin = r.text(in->get("pluginId"), "an input's 'pluginId'"))
        v.plugin_id = plugin->value;
      v.is_input = true;
      d.variables.push_back(std::move(v));
    }
  }
  if (const yaml::Node* templating = root->get("templating");
      r.mapping(templating, "'templating'")) {
    if (const yaml::Node* list = templating->get("list"); r.sequence(list, "'templating.list'")) {
      for (const yaml::Node* v : list->items) {
        if (!r.mapping(v, "a variable")) continue;
        bool ok = false;
        model::Variable var = read_variable(v, r, ok);
        if (ok) d.variables.push_back(std::move(var));
      }
    }
  }
  read_panels(root->get("panels"), "'panels'", r, d.panels);
  // Dashboards of schema versions before 16 hold rows with their panels.
  if (const yaml::Node* rows = root->get("rows"); r.sequence(rows, "'rows'")) {
    for (const yaml::Node* row : rows->items) {
      if (!r.mapping(row, "a row")) continue;
      model::Panel p;
      p.span = row->span;
      p.type = model::Text{"row", row->span};
      if (auto t = r.text(row->get("title"), "a row's 'title'")) p.title = *t;
      read_panels(row->get("panels"), "a row's 'panels'", r, p.panels);
      d.panels.push_back(std::move(p));
    }
  }
  d.links = r.links(root->get("links"), "'links'");
  return d;
}

}  // namespace mzr::dash
