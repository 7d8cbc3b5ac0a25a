// Classic template variables → the v2 variable kinds, with the spec fields v2 requires.

#include "compiler/emit/dashboard_to_v2_parts.h"

namespace mzr::emit::v2 {
namespace {

std::string hide(const Json& v) {
  switch (integer(v, "hide").value_or(0)) {
    case 1: return "hideLabel";
    case 2: return "hideVariable";
    case 3: return "inControlsMenu";
    default: return "dontHide";
  }
}

std::string refresh(const Json& v) {
  switch (integer(v, "refresh").value_or(0)) {
    case 1: return "onDashboardLoad";
    case 2: return "onTimeRangeChanged";
    default: return "never";
  }
}

std::string sort(const Json& v) {
  static constexpr const char* kSorts[] = {"disabled",
                                           "alphabeticalAsc",
                                           "alphabeticalDesc",
                                           "numericalAsc",
                                           "numericalDesc",
                                           "alphabeticalCaseInsensitiveAsc",
                                           "alphabeticalCaseInsensitiveDesc",
                                           "naturalAsc",
                                           "naturalDesc"};
  int64_t s = integer(v, "sort").value_or(0);
  return s >= 0 && s < 9 ? kSorts[s] : "disabled";
}

Json option(const Json& o) {
  Json out = Json::object();
  const Json* text_v = member(o, "text");
  const Json* value = member(o, "value");
  out["text"] = text_v && (text_v->is_string() || text_v->is_array()) ? *text_v : Json("");
  out["value"] = value && (value->is_string() || value->is_array()) ? *value : Json("");
  if (value && !value->is_string() && !value->is_array()) out["value"] = value->dump();
  if (text_v && !text_v->is_string() && !text_v->is_array()) out["text"] = text_v->dump();
  if (const Json* s = member(o, "selected"); s && s->is_boolean()) out["selected"] = *s;
  return out;
}

Json current(const Json& v) {
  const Json* c = member(v, "current");
  if (c == nullptr || !c->is_object()) return Json{{"text", ""}, {"value", ""}};
  Json out = option(*c);
  out.erase("selected");
  return out;
}

Json options(const Json& v) {
  Json out = Json::array();
  if (const Json* list = member(v, "options"); list && list->is_array()) {
    for (const Json& o : *list) {
      if (o.is_object()) out.push_back(option(o));
    }
  }
  return out;
}

// The query as text (custom, constant, interval, textbox variables).
std::string query_text(const Json& v) {
  const Json* q = member(v, "query");
  if (q && q->is_object()) return text(*q, "query");
  return text(v, "query");
}

// label, description: only when set, after the kind's own fields.
void describe(const Json& v, Json& spec) {
  if (std::string l = text(v, "label"); !l.empty()) spec["label"] = l;
  if (std::string d = text(v, "description"); !d.empty()) spec["description"] = d;
}

void all_value(const Json& v, Json& spec) {
  if (const Json* a = member(v, "allValue"); a && a->is_string() && !a->get<std::string>().empty())
    spec["allValue"] = *a;
}

Json kind(const char* name, Json spec) {
  return Json{{"kind", name}, {"spec", std::move(spec)}};
}

Json query_variable(const Json& v, const Datasources& ds) {
  Json spec = Json::object();
  spec["name"] = text(v, "name");
  spec["current"] = current(v);
  spec["hide"] = hide(v);
  spec["refresh"] = refresh(v);
  spec["skipUrlSync"] = flag(v, "skipUrlSync", false);
  // Newer Grafana keeps the datasource's query object ({query, refId, qryType}); older versions
  // a string.
  Json q = Json::object();
  if (const Json* source = member(v, "query"); source && source->is_object()) {
    q = *source;
    q.erase("refId");
    q.erase("datasource");
  } else {
    q["query"] = text(v, "query");
  }
  spec["query"] = ds.data_query(member(v, "datasource"), std::move(q));
  spec["regex"] = text(v, "regex");
  spec["sort"] = sort(v);
  spec["options"] = options(v);
  spec["multi"] = flag(v, "multi", false);
  spec["includeAll"] = flag(v, "includeAll", false);
  spec["allowCustomValue"] = flag(v, "allowCustomValue", true);
  describe(v, spec);
  if (std::string d = text(v, "definition"); !d.empty()) spec["definition"] = d;
  all_value(v, spec);
  return kind("QueryVariable", std::move(spec));
}

Json datasource_variable(const Json& v) {
  Json spec = Json::object();
  spec["name"] = text(v, "name");
  spec["pluginId"] = query_text(v);
  spec["refresh"] = refresh(v);
  spec["regex"] = text(v, "regex");
  spec["current"] = current(v);
  spec["options"] = options(v);
  spec["multi"] = flag(v, "multi", false);
  spec["includeAll"] = flag(v, "includeAll", false);
  spec["hide"] = hide(v);
  spec["skipUrlSync"] = flag(v, "skipUrlSync", false);
  spec["allowCustomValue"] = flag(v, "allowCustomValue", true);
  describe(v, spec);
  all_value(v, spec);
  return kind("DatasourceVariable", std::move(spec));
}

Json custom_variable(const Json& v) {
  Json spec = Json::object();
  spec["name"] = text(v, "name");
  spec["query"] = query_text(v);
  spec["current"] = current(v);
  spec["options"] = options(v);
  spec["multi"] = flag(v, "multi", false);
  spec["includeAll"] = flag(v, "includeAll", false);
  spec["hide"] = hide(v);
  spec["skipUrlSync"] = flag(v, "skipUrlSync", false);
  spec["allowCustomValue"] = flag(v, "allowCustomValue", true);
  describe(v, spec);
  all_value(v, spec);
  return kind("CustomVariable", std::move(spec));
}

Json interval_variable(const Json& v) {
  Json spec = Json::object();
  spec["name"] = text(v, "name");
  spec["query"] = query_text(v);
  spec["current"] = current(v);
  spec["options"] = options(v);
  spec["auto"] = flag(v, "auto", false);
  spec["auto_min"] = text(v, "auto_min");
  spec["auto_count"] = integer(v, "auto_count").value_or(0);
  spec["refresh"] = "onTimeRangeChanged";
  spec["hide"] = hide(v);
  spec["skipUrlSync"] = flag(v, "skipUrlSync", false);
  describe(v, spec);
  return kind("IntervalVariable", std::move(spec));
}

// Constant and text variables: a value, no options.
Json value_variable(const char* name, const Json& v) {
  Json spec = Json::object();
  spec["name"] = text(v, "name");
  std::string value = query_text(v);
  spec["query"] = value;
  // Their value is the query unless one was chosen.
  spec["current"] = member(v, "current") ? current(v) : Json{{"text", value}, {"value", value}};
  spec["hide"] = hide(v);
  spec["skipUrlSync"] = flag(v, "skipUrlSync", false);
  describe(v, spec);
  return kind(name, std::move(spec));
}

// Ad hoc filters and group-by name their datasource beside the spec.
Json with_datasource(const char* name, Json spec, const Json& v, const Datasources& ds) {
  const Json* source = member(v, "datasource");
  Json out = Json::object();
  out["kind"] = name;
  out["group"] = ds.plugin_of(source);
  out["spec"] = std::move(spec);
  if (auto uid = ds.uid_of(source)) out["datasource"] = Json{{"name", *uid}};
  return out;
}

Json adhoc_variable(const Json& v, const Datasources& ds) {
  Json spec = Json::object();
  spec["name"] = text(v, "name");
  for (const char* list : {"baseFilters", "filters", "defaultKeys"}) {
    const Json* f = member(v, list);
    spec[list] = f && f->is_array() ? *f : Json::array();
  }
  spec["hide"] = hide(v);
  spec["skipUrlSync"] = flag(v, "skipUrlSync", false);
  spec["allowCustomValue"] = flag(v, "allowCustomValue", true);
  describe(v, spec);
  return with_datasource("AdhocVariable", std::move(spec), v, ds);
}

Json group_by_variable(const Json& v, const Datasources& ds) {
  Json spec = Json::object();
  spec["name"] = text(v, "name");
  spec["current"] = current(v);
  spec["options"] = options(v);
  spec["multi"] = flag(v, "multi", true);
  spec["hide"] = hide(v);
  spec["skipUrlSync"] = flag(v, "skipUrlSync", false);
  describe(v, spec);
  return with_datasource("GroupByVariable", std::move(spec), v, ds);
}

Json switch_variable(const Json& v) {
  Json spec = Json::object();
  spec["name"] = text(v, "name");
  const Json* c = member(v, "current");
  std::string value =
      c && c->is_object() ? text(*c, "value", "false") : text(v, "current", "false");
  spec["current"] = value;
  spec["enabledValue"] = text(v, "enabledValue", "true");
  spec["disabledValue"] = text(v, "disabledValue", "false");
  spec["hide"] = hide(v);
  spec["skipUrlSync"] = flag(v, "skipUrlSync", false);
  describe(v, spec);
  return kind("SwitchVariable", std::move(spec));
}

}  // namespace

Json variables(const Json& classic, const Datasources& ds) {
  Json out = Json::array();
  // Inputs of an exported dashboard the caller did not resolve and the dashboard uses: a hidden
  // datasource variable of the input's plugin, which Grafana sets to the first datasource of
  // that type.
  if (const Json* inputs = member(classic, "__inputs"); inputs && inputs->is_array()) {
    Json rest = classic;
    rest.erase("__inputs");
    std::string body = rest.dump();
    for (const Json& in : *inputs) {
      std::string name = text(in, "name");
      if (text(in, "type") != "datasource" || name.empty() || ds.options.inputs.count(name) ||
          body.find("${" + name + "}") == std::string::npos)
        continue;
      Json v = Json{{"name", name}, {"query", text(in, "pluginId")}, {"hide", 2}};
      if (std::string l = text(in, "label"); !l.empty()) v["label"] = l;
      out.push_back(datasource_variable(v));
    }
  }
  const Json* templating = member(classic, "templating");
  const Json* list = templating ? member(*templating, "list") : nullptr;
  if (list == nullptr || !list->is_array()) return out;
  for (const Json& v : *list) {
    if (!v.is_object()) continue;
    std::string type = text(v, "type");
    if (type == "query") {
      out.push_back(query_variable(v, ds));
    } else if (type == "datasource") {
      out.push_back(datasource_variable(v));
    } else if (type == "custom") {
      out.push_back(custom_variable(v));
    } else if (type == "interval") {
      out.push_back(interval_variable(v));
    } else if (type == "constant") {
      out.push_back(value_variable("ConstantVariable", v));
    } else if (type == "textbox") {
      out.push_back(value_variable("TextVariable", v));
    } else if (type == "adhoc") {
      out.push_back(adhoc_variable(v, ds));
    } else if (type == "groupby") {
      out.push_back(group_by_variable(v, ds));
    } else if (type == "switch") {
      out.push_back(switch_variable(v));
    }
    // system and snapshot variables are Grafana's own; v2 has no kind for them.
  }
  return out;
}

}  // namespace mzr::emit::v2
