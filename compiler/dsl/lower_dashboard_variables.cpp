#include <fmt/format.h>

#include "compiler/base/suggest.h"
#include "compiler/dsl/lower_dashboard_lowerer.h"

namespace mzr::dsl::dashboard_lowering {
namespace {

constexpr std::array<std::string_view, 17> kVariableSettings = {
    "query",   "custom", "constant",    "textbox", "interval",    "datasource_type",
    "adhoc",   "label",  "description", "multi",   "include_all", "all_value",
    "current", "hide",   "datasource",  "regex",   "sort"};

}  // namespace

J DashboardLowerer::variable(const DashEntry& e) {
  model::Variable v;
  v.name = {e.key.value, e.key.span};
  v.span = e.span;
  J j = J::object();
  j["name"] = v.name.value;
  std::optional<std::string> kind;
  const DashEntry* query = nullptr;
  Expression query_expr;
  if (e.expr) {
    kind = "query";
    query_expr = *e.expr;
    query = &e;
  }
  std::map<std::string, Span> seen;
  std::vector<const DashEntry*> settings;
  for (const DashEntry& s : e.body) {
    const std::string& key = s.key.value;
    if (misplaced(s, "a variable", true, false, false)) continue;
    if (s.kind == DashEntry::Kind::Query) {
      if (!first(seen, s)) continue;
      if (query) {
        diags_.report(DiagKind::DslDuplicateField, s.keyword,
                      "the variable's query is given twice");
        continue;
      }
      query = &s;
      if (s.expr) query_expr = *s.expr;
    } else if (std::find(kVariableSettings.begin(), kVariableSettings.end(), key) ==
               kVariableSettings.end()) {
      if (!key.empty()) unknown(s.key, "variable setting", words(kVariableSettings));
      continue;
    } else if (!is_setting(s)) {
      continue;
    } else if (!first(seen, s)) {
      continue;
    } else {
      settings.push_back(&s);
      continue;
    }
    if (kind && *kind != "query") {
      diags_.report(DiagKind::DslInvalidValue, s.keyword,
                    fmt::format("a variable is of one kind; this one is already {}", *kind));
      continue;
    }
    kind = "query";
  }
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kKinds = {{
      {"custom", "custom"},
      {"constant", "constant"},
      {"textbox", "textbox"},
      {"interval", "interval"},
      {"datasource_type", "datasource"},
      {"adhoc", "adhoc"},
  }};
  const DashEntry* kind_entry = nullptr;
  for (const DashEntry* s : settings) {
    for (const auto& [key, k] : kKinds) {
      if (s->key.value != key) continue;
      if (kind) {
        diags_.report(DiagKind::DslInvalidValue, s->key.span,
                      fmt::format("a variable is of one kind; this one is already {}", *kind));
        continue;
      }
      kind = std::string(k);
      kind_entry = s;
    }
  }
  if (!kind) {
    diags_.report(DiagKind::DslInvalidValue, e.key.span,
                  fmt::format("variable '{}' has no values: give it a query ('variable {} = "
                              "label_values(...)'), or one of custom, constant, textbox, "
                              "interval, datasource_type or adhoc",
                              e.key.value, e.key.value));
    return j;
  }
  j["type"] = *kind;
  static constexpr std::array<std::pair<std::string_view, model::VariableKind>, 7> kModelKinds = {{
      {"query", model::VariableKind::Query},
      {"custom", model::VariableKind::Custom},
      {"constant", model::VariableKind::Constant},
      {"textbox", model::VariableKind::Textbox},
      {"interval", model::VariableKind::Interval},
      {"datasource", model::VariableKind::Datasource},
      {"adhoc", model::VariableKind::Adhoc},
  }};
  for (const auto& [k, mk] : kModelKinds) {
    if (k == *kind) v.kind = mk;
  }
  const DashEntry* datasource_entry = nullptr;
  for (const DashEntry* s : settings) {
    if (s->key.value == "datasource") datasource_entry = s;
  }
  if (*kind == "query" || *kind == "adhoc") {
    std::optional<Source> src;
    if (datasource_entry) {
      src = named_source(*datasource_entry);
    } else if (*kind == "adhoc" && kind_entry) {
      src = named_source(*kind_entry);
    } else {
      src = default_source("prometheus", e.key.span, "variable");
    }
    if (src) {
      j["datasource"] = src->json;
      v.datasource = src->ref;
    }
  }
  if (*kind == "query") {
    v.query = query_expr.text;
    v.query_span = query_expr.span;
    v.has_query = !query_expr.text.text.empty();
    j["query"] = dedented(query_expr.text.text);
    j["definition"] = j["query"];
    j["refresh"] = 2;  // on time range change
    j["regex"] = "";
    j["sort"] = 1;
  } else if (kind_entry && *kind != "adhoc") {
    const std::string& key = kind_entry->key.value;
    if (key == "datasource_type") {
      if (auto t = values_.one_of(kind_entry->values, kind_entry->key, {"prometheus", "loki"})) {
        v.plugin_id = t->value;
        j["query"] = t->value;
        j["regex"] = "";
      }
    } else if (key == "constant" || key == "textbox") {
      if (auto t = values_.scalar(kind_entry->values, kind_entry->key)) {
        j["query"] = t->value;
        v.values.push_back(t->value);
        v.query = EmbeddedText::verbatim(t->value, t->span.file, t->span.begin);
        if (key == "constant") j["hide"] = 2;
        j["current"] = {{"text", t->value}, {"value", t->value}};
      }
    } else if (auto list = values_.scalars(kind_entry->values, kind_entry->key)) {
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
  for (const DashEntry* s : settings) {
    const std::string& key = s->key.value;
    if (key == "label") {
      if (auto t = values_.scalar(s->values, s->key)) j["label"] = t->value;
    } else if (key == "description") {
      if (auto t = values_.scalar(s->values, s->key)) j["description"] = t->value;
    } else if (key == "multi" || key == "include_all") {
      if (*kind != "query" && *kind != "custom") {
        diags_.report(DiagKind::DslInvalidValue, s->key.span,
                      fmt::format("'{}' is for query and custom variables", key));
        continue;
      }
      if (auto b = values_.boolean(s->values, s->key)) {
        j[key == "multi" ? "multi" : "includeAll"] = *b;
        (key == "multi" ? v.multi : v.include_all) = *b;
      }
    } else if (key == "all_value") {
      if (auto t = values_.scalar(s->values, s->key)) {
        j["allValue"] = t->value;
        v.all_value = mtext(*t);
      }
    } else if (key == "current") {
      if (auto t = values_.scalar(s->values, s->key))
        j["current"] = {{"text", t->value}, {"value", t->value}};
    } else if (key == "hide") {
      if (auto t = values_.one_of(s->values, s->key, {"nothing", "label", "variable"}))
        j["hide"] = t->value == "nothing" ? 0 : t->value == "label" ? 1 : 2;
    } else if (key == "regex") {
      if (auto t = values_.scalar(s->values, s->key)) j["regex"] = t->value;
    } else if (key == "sort") {
      static const std::vector<std::string_view> kSorts = {
          "none",           "alphabetical",    "alphabetical_desc",   "numerical",
          "numerical_desc", "alphabetical_ci", "alphabetical_ci_desc"};
      if (auto t = values_.one_of(s->values, s->key, kSorts)) {
        j["sort"] = std::find(kSorts.begin(), kSorts.end(), t->value) - kSorts.begin();
      }
    } else if (key == "datasource" && *kind != "query" && *kind != "adhoc") {
      diags_.report(DiagKind::DslInvalidValue, s->key.span,
                    "'datasource' is for query and ad hoc filter variables");
    }
  }
  if (!j.contains("current")) j["current"] = J::object();
  if (!j.contains("hide")) j["hide"] = 0;
  d_.variables.push_back(std::move(v));
  return j;
}

}  // namespace mzr::dsl::dashboard_lowering
