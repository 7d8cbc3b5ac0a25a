// Template variables: references to variables that do not exist, variables nothing refers to,
// and variables whose queries refer to each other in a loop.

#include <fmt/format.h>

#include <functional>
#include <map>
#include <set>

#include "compiler/check/dashboard_checks.h"
#include "compiler/check/dashboard_expand.h"

namespace mzr::dash {
namespace {

bool is_number(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Every string of the document; `repeat` values name variables without a '$'.
void collect_uses(const nlohmann::ordered_json& j, std::set<std::string>& used, bool& include_all) {
  if (j.is_string()) {
    for (const VariableRef& r : find_refs(j.get_ref<const std::string&>())) used.insert(r.name);
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (key == "repeat" && value.is_string()) used.insert(value.get<std::string>());
      if (key == "repeat" && value.is_object() && value.contains("value") &&
          value["value"].is_string())
        used.insert(value["value"].get<std::string>());
      if ((key == "includeVars" || key == "keepTime") && value.is_boolean() && value.get<bool>() &&
          key == "includeVars")
        include_all = true;
      collect_uses(value, used, include_all);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) collect_uses(v, used, include_all);
  }
}

struct Refs {
  const EmbeddedText* text;
  std::vector<VariableRef> refs;
};

}  // namespace

void check_dashboard_variables(const model::Dashboard& d, Diagnostics& diags) {
  std::map<std::string, const model::Variable*> defined;
  for (const model::Variable& v : d.variables) defined.emplace(v.name.value, &v);

  // References in the texts that Grafana sends to datasources.
  auto undefined = [&](const EmbeddedText& text) {
    for (const VariableRef& r : find_refs(text.text)) {
      if (is_builtin(r.name) || is_number(r.name) || defined.count(r.name)) continue;
      diags.report(DiagKind::DashboardUndefinedVariable, text.span(r.begin, r.end),
                   fmt::format("variable '{}' is not defined; Grafana sends '{}' as written",
                               r.name, text.text.substr(r.begin, r.end - r.begin)));
    }
  };
  model::for_each_panel(d.panels, [&](const model::Panel& p) {
    for (const model::PanelQuery& q : p.queries) {
      if (q.has_expr) undefined(q.expr);
    }
  });
  for (const model::Variable& v : d.variables) {
    if (v.kind == model::VariableKind::Query && v.has_query) undefined(v.query);
  }

  // Loops: a query variable's query refers to variables, which refer to others...
  std::map<std::string, std::vector<std::pair<std::string, Span>>> deps;
  for (const model::Variable& v : d.variables) {
    auto& out = deps[v.name.value];
    if (v.has_query && v.kind == model::VariableKind::Query) {
      for (const VariableRef& r : find_refs(v.query.text)) {
        if (defined.count(r.name)) out.emplace_back(r.name, v.query.span(r.begin, r.end));
      }
    }
    if (v.datasource.uid) {
      for (const VariableRef& r : find_refs(v.datasource.uid->value)) {
        if (defined.count(r.name)) out.emplace_back(r.name, v.datasource.uid->span);
      }
    }
  }
  std::map<std::string, int> state;  // 1: on the path, 2: done
  std::vector<std::string> path;
  std::set<std::string> reported;
  std::function<void(const std::string&)> visit = [&](const std::string& name) {
    state[name] = 1;
    path.push_back(name);
    for (const auto& [dep, span] : deps[name]) {
      if (state[dep] == 1) {
        auto start = std::find(path.begin(), path.end(), dep);
        std::string cycle;
        for (auto it = start; it != path.end(); ++it) cycle += "'" + *it + "' → ";
        cycle += "'" + dep + "'";
        if (reported.insert(name).second) {
          diags.report(DiagKind::DashboardVariableLoop, span,
                       fmt::format("variables refer to each other in a loop: {}", cycle));
        }
      } else if (state[dep] == 0) {
        visit(dep);
      }
    }
    path.pop_back();
    state[name] = 2;
  };
  for (const model::Variable& v : d.variables) {
    if (state[v.name.value] == 0) visit(v.name.value);
  }

  // Variables nothing refers to.
  std::set<std::string> used;
  bool include_all = false;
  collect_uses(d.document, used, include_all);
  if (include_all) return;  // links pass every variable on
  for (const model::Variable& v : d.variables) {
    if (v.is_input || v.kind == model::VariableKind::Adhoc ||
        v.kind == model::VariableKind::GroupBy || used.count(v.name.value))
      continue;
    diags.report(DiagKind::DashboardUnusedVariable, v.name.span,
                 fmt::format("variable '{}' is never used", v.name.value));
  }
}

}  // namespace mzr::dash
