#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/dsl/lower_dashboard_lowerer.h"

namespace mzr::dsl::dashboard_lowering {
namespace {

constexpr std::array<std::string_view, 17> kVariableSettings = {
    "query",   "custom", "constant",    "textbox", "interval",    "datasource_type",
    "adhoc",   "label",  "description", "multi",   "include_all", "all_value",
    "current", "hide",   "datasource",  "regex",   "sort"};

// The settings that make a variable of a kind other than query, and Grafana's name for it.
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kKinds = {{
    {"custom", "custom"},
    {"constant", "constant"},
    {"textbox", "textbox"},
    {"interval", "interval"},
    {"datasource_type", "datasource"},
    {"adhoc", "adhoc"},
}};

constexpr std::array<std::pair<std::string_view, model::VariableKind>, 7> kModelKinds = {{
    {"query", model::VariableKind::Query},
    {"custom", model::VariableKind::Custom},
    {"constant", model::VariableKind::Constant},
    {"textbox", model::VariableKind::Textbox},
    {"interval", model::VariableKind::Interval},
    {"datasource", model::VariableKind::Datasource},
    {"adhoc", model::VariableKind::Adhoc},
}};

}  // namespace

// What a variable's body says, gathered before its JSON is put together.
struct DashboardLowerer::VariableParts {
  std::optional<std::string> kind;        // Grafana's type: query, custom, ...
  const DashEntry* kind_entry = nullptr;  // the setting that made it other than a query
  Expression query;
  std::vector<const DashEntry*> settings;  // known settings, each once
};

J DashboardLowerer::variable(const DashEntry& e) {
  model::Variable v;
  v.name = {e.key.value, e.key.span};
  v.span = e.span;
  J j = J::object();
  j["name"] = v.name.value;
  VariableParts parts = variable_parts(e);
  if (!parts.kind) {
    diags_.report(DiagKind::DslInvalidValue, e.key.span,
                  fmt::format("variable '{}' has no values: give it a query ('variable {} = "
                              "label_values(...)'), or one of custom, constant, textbox, "
                              "interval, datasource_type or adhoc",
                              e.key.value, e.key.value));
    return j;
  }
  const std::string& kind = *parts.kind;
  j["type"] = kind;
  for (const auto& [k, mk] : kModelKinds) {
    if (k == kind) v.kind = mk;
  }
  if (kind == "query" || kind == "adhoc") variable_source(e, parts, v, j);
  variable_values(parts, v, j);
  for (const DashEntry* s : parts.settings) variable_setting(*s, kind, v, j);
  if (!j.contains("current")) j["current"] = J::object();
  if (!j.contains("hide")) j["hide"] = 0;
  d_.variables.push_back(std::move(v));
  return j;
}

// The variable's kind and query, and the settings of its body, with what is misplaced, unknown,
// repeated or contradictory reported.
DashboardLowerer::VariableParts DashboardLowerer::variable_parts(const DashEntry& e) {
  VariableParts parts;
  const DashEntry* query = nullptr;
  if (e.expr) {
    parts.kind = "query";
    parts.query = *e.expr;
    query = &e;
  }
  std::map<std::string, Span> seen;
  for (const DashEntry& s : e.body) {
    const std::string& key = s.key.value;
    if (misplaced(s, "a variable", true, false, false)) continue;
    if (s.kind != DashEntry::Kind::Query) {
      if (std::find(kVariableSettings.begin(), kVariableSettings.end(), key) ==
          kVariableSettings.end()) {
        if (!key.empty()) unknown(s.key, "variable setting", words(kVariableSettings));
      } else if (is_setting(s) && first(seen, s)) {
        parts.settings.push_back(&s);
      }
      continue;
    }
    if (!first(seen, s)) continue;
    if (query) {
      diags_.report(DiagKind::DslDuplicateField, s.keyword, "the variable's query is given twice");
      continue;
    }
    query = &s;
    if (s.expr) parts.query = *s.expr;
    if (parts.kind && *parts.kind != "query") {
      diags_.report(DiagKind::DslInvalidValue, s.keyword,
                    fmt::format("a variable is of one kind; this one is already {}", *parts.kind));
      continue;
    }
    parts.kind = "query";
  }
  for (const DashEntry* s : parts.settings) {
    for (const auto& [key, k] : kKinds) {
      if (s->key.value != key) continue;
      if (parts.kind) {
        diags_.report(
            DiagKind::DslInvalidValue, s->key.span,
            fmt::format("a variable is of one kind; this one is already {}", *parts.kind));
        continue;
      }
      parts.kind = std::string(k);
      parts.kind_entry = s;
    }
  }
  return parts;
}

// The datasource of a query or ad hoc filter variable: its `datasource`, the datasource an
// `adhoc` setting names, or the default Prometheus one.
void DashboardLowerer::variable_source(const DashEntry& e, const VariableParts& parts,
                                       model::Variable& v, J& j) {
  const DashEntry* datasource_entry = nullptr;
  for (const DashEntry* s : parts.settings) {
    if (s->key.value == "datasource") datasource_entry = s;
  }
  std::optional<Source> src;
  if (datasource_entry) {
    src = named_source(*datasource_entry);
  } else if (*parts.kind == "adhoc" && parts.kind_entry) {
    src = named_source(*parts.kind_entry);
  } else {
    src = default_source("prometheus", e.key.span, "variable");
  }
  if (src) {
    j["datasource"] = src->json;
    v.datasource = src->ref;
  }
}

// The values: the query, or what the kind's setting lists.
void DashboardLowerer::variable_values(const VariableParts& parts, model::Variable& v, J& j) {
  const std::string& kind = *parts.kind;
  if (kind == "query") {
    v.query = parts.query.text;
    v.query_span = parts.query.span;
    v.has_query = !parts.query.text.text.empty();
    j["query"] = dedented(parts.query.text.text);
    j["definition"] = j["query"];
    j["refresh"] = 2;  // on time range change
    j["regex"] = "";
    j["sort"] = 1;
    return;
  }
  const DashEntry* k = parts.kind_entry;
  if (k == nullptr || kind == "adhoc") return;
  const std::string& key = k->key.value;
  if (key == "datasource_type") {
    if (auto t = values_.one_of(k->values, k->key, {"prometheus", "loki"})) {
      v.plugin_id = t->value;
      j["query"] = t->value;
      j["regex"] = "";
    }
  } else if (key == "constant" || key == "textbox") {
    if (auto t = values_.scalar(k->values, k->key)) {
      j["query"] = t->value;
      v.values.push_back(t->value);
      v.query = EmbeddedText::verbatim(t->value, t->span.file, t->span.begin);
      if (key == "constant") j["hide"] = 2;
      j["current"] = {{"text", t->value}, {"value", t->value}};
    }
  } else if (auto list = values_.scalars(k->values, k->key)) {
    std::string joined;
    J options = J::array();
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string& item = (*list)[i].value;
      joined += (i > 0 ? "," : "") + item;
      v.values.push_back(item);
      options.push_back({{"selected", i == 0}, {"text", item}, {"value", item}});
    }
    j["query"] = joined;
    j["options"] = std::move(options);
    if (!list->empty()) {
      const std::string& current = list->front().value;
      j["current"] = {{"text", current}, {"value", current}};
    }
    if (key == "interval") j["auto"] = false;
  }
}

// One of the settings every kind of variable can have (those of other kinds are reported).
void DashboardLowerer::variable_setting(const DashEntry& s, const std::string& kind,
                                        model::Variable& v, J& j) {
  const std::string& key = s.key.value;
  if (key == "label") {
    if (auto t = values_.scalar(s.values, s.key)) j["label"] = t->value;
  } else if (key == "description") {
    if (auto t = values_.scalar(s.values, s.key)) j["description"] = t->value;
  } else if (key == "multi" || key == "include_all") {
    if (kind != "query" && kind != "custom") {
      diags_.report(DiagKind::DslInvalidValue, s.key.span,
                    fmt::format("'{}' is for query and custom variables", key));
      return;
    }
    if (auto b = values_.boolean(s.values, s.key)) {
      j[key == "multi" ? "multi" : "includeAll"] = *b;
      (key == "multi" ? v.multi : v.include_all) = *b;
    }
  } else if (key == "all_value") {
    if (auto t = values_.scalar(s.values, s.key)) {
      j["allValue"] = t->value;
      v.all_value = mtext(*t);
    }
  } else if (key == "current") {
    if (auto t = values_.scalar(s.values, s.key))
      j["current"] = {{"text", t->value}, {"value", t->value}};
  } else if (key == "hide") {
    if (auto t = values_.one_of(s.values, s.key, {"nothing", "label", "variable"}))
      j["hide"] = t->value == "nothing" ? 0 : t->value == "label" ? 1 : 2;
  } else if (key == "regex") {
    if (auto t = values_.scalar(s.values, s.key)) j["regex"] = t->value;
  } else if (key == "sort") {
    static const std::vector<std::string_view> kSorts = {
        "none",           "alphabetical",    "alphabetical_desc",   "numerical",
        "numerical_desc", "alphabetical_ci", "alphabetical_ci_desc"};
    if (auto t = values_.one_of(s.values, s.key, kSorts)) {
      j["sort"] = std::find(kSorts.begin(), kSorts.end(), t->value) - kSorts.begin();
    }
  } else if (key == "datasource" && kind != "query" && kind != "adhoc") {
    diags_.report(DiagKind::DslInvalidValue, s.key.span,
                  "'datasource' is for query and ad hoc filter variables");
  }
}

}  // namespace mzr::dsl::dashboard_lowering
