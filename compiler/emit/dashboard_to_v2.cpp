// Classic dashboard JSON → dashboard.grafana.app/v2: the dashboard's own fields, datasources,
// annotations, links and time settings. Panels and layout are in dashboard_to_v2_panels.cpp,
// variables in dashboard_to_v2_variables.cpp.

#include <cctype>

#include "compiler/emit/dashboard_to_v2_parts.h"

namespace mzr::emit {
namespace v2 {

const Json* member(const Json& o, std::string_view key) {
  if (!o.is_object()) return nullptr;
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string text(const Json& o, std::string_view key, std::string_view fallback) {
  const Json* v = member(o, key);
  if (v == nullptr) return std::string(fallback);
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number() || v->is_boolean()) return v->dump();
  return std::string(fallback);
}

bool flag(const Json& o, std::string_view key, bool fallback) {
  const Json* v = member(o, key);
  if (v == nullptr) return fallback;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_number()) return v->get<double>() != 0;
  return fallback;
}

std::optional<int64_t> integer(const Json& o, std::string_view key) {
  const Json* v = member(o, key);
  if (v == nullptr || !v->is_number()) return std::nullopt;
  if (v->is_number_integer()) return v->get<int64_t>();
  double d = v->get<double>();
  if (d != static_cast<double>(static_cast<int64_t>(d))) return std::nullopt;
  return static_cast<int64_t>(d);
}

std::optional<std::string> variable_name(std::string_view s) {
  auto word = [](std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
  };
  std::string_view inner;
  if (s.starts_with("${") && s.ends_with("}")) {
    inner = s.substr(2, s.size() - 3);
    inner = inner.substr(0, inner.find(':'));
  } else if (s.starts_with("[[") && s.ends_with("]]")) {
    inner = s.substr(2, s.size() - 4);
  } else if (s.starts_with("$")) {
    inner = s.substr(1);
  }
  if (!word(inner)) return std::nullopt;
  return std::string(inner);
}

std::string Datasources::plugin_of(const Json* ds) const {
  if (ds == nullptr) return "";
  if (ds->is_object()) {
    std::string type = text(*ds, "type");
    if (!type.empty() && !variable_name(type)) return type;
  }
  auto uid = uid_of(ds);
  if (!uid) return "";
  if (auto var = variable_name(*uid)) {
    auto it = variable_plugins.find(*var);
    return it == variable_plugins.end() ? "" : it->second;
  }
  auto it = options.datasource_types.find(*uid);
  return it == options.datasource_types.end() ? "" : it->second;
}

std::optional<std::string> Datasources::uid_of(const Json* ds) const {
  if (ds == nullptr) return std::nullopt;
  if (ds->is_string()) return ds->get<std::string>();
  if (const Json* uid = member(*ds, "uid"); uid && uid->is_string()) return uid->get<std::string>();
  return std::nullopt;
}

Json Datasources::data_query(const Json* ds, Json spec) const {
  Json fallback;
  if (ds == nullptr && !options.default_datasource.empty()) {
    fallback = options.default_datasource;
    ds = &fallback;
  }
  Json q = Json::object();
  q["kind"] = "DataQuery";
  q["group"] = plugin_of(ds);
  q["version"] = "v0";
  q["spec"] = spec.is_object() ? std::move(spec) : Json::object();
  if (auto uid = uid_of(ds)) q["datasource"] = Json{{"name", *uid}};
  return q;
}

Json annotations(const Json& classic, const Datasources& ds) {
  Json out = Json::array();
  const Json* ann = member(classic, "annotations");
  const Json* list = ann ? member(*ann, "list") : nullptr;
  if (list == nullptr || !list->is_array()) return out;
  static constexpr std::string_view kOwn[] = {"builtIn",   "datasource", "enable", "hide",
                                              "iconColor", "name",       "filter", "target"};
  for (const Json& a : *list) {
    if (!a.is_object()) continue;
    Json spec = Json::object();
    if (const Json* target = member(a, "target"); target && target->is_object()) {
      spec = *target;
      spec.erase("refId");
      spec.erase("datasource");
    }
    for (const auto& [k, v] : a.items()) {
      if (std::find(std::begin(kOwn), std::end(kOwn), k) == std::end(kOwn)) spec[k] = v;
    }
    Json s = Json::object();
    s["query"] = ds.data_query(member(a, "datasource"), std::move(spec));
    s["enable"] = flag(a, "enable", true);
    s["hide"] = flag(a, "hide", false);
    s["iconColor"] = text(a, "iconColor");
    s["name"] = text(a, "name");
    if (flag(a, "builtIn", false)) s["builtIn"] = true;
    if (const Json* filter = member(a, "filter"); filter && filter->is_object())
      s["filter"] = *filter;
    out.push_back(Json{{"kind", "AnnotationQuery"}, {"spec", std::move(s)}});
  }
  return out;
}

Json dashboard_links(const Json& classic) {
  Json out = Json::array();
  const Json* links = member(classic, "links");
  if (links == nullptr || !links->is_array()) return out;
  for (const Json& l : *links) {
    if (!l.is_object()) continue;
    Json v = Json::object();
    v["title"] = text(l, "title");
    v["type"] = text(l, "type") == "dashboards" ? "dashboards" : "link";
    v["icon"] = text(l, "icon", "external link");
    v["tooltip"] = text(l, "tooltip");
    if (const Json* url = member(l, "url"); url && url->is_string()) v["url"] = *url;
    Json tags = Json::array();
    if (const Json* t = member(l, "tags"); t && t->is_array()) {
      for (const Json& tag : *t) {
        if (tag.is_string()) tags.push_back(tag);
      }
    }
    v["tags"] = std::move(tags);
    v["asDropdown"] = flag(l, "asDropdown", false);
    v["targetBlank"] = flag(l, "targetBlank", false);
    v["includeVars"] = flag(l, "includeVars", false);
    v["keepTime"] = flag(l, "keepTime", false);
    out.push_back(std::move(v));
  }
  return out;
}

Json time_settings(const Json& classic) {
  Json out = Json::object();
  const Json* time = member(classic, "time");
  const Json* picker = member(classic, "timepicker");
  static const Json kNone = Json::object();
  const Json& t = time ? *time : kNone;
  const Json& p = picker ? *picker : kNone;
  out["from"] = text(t, "from", "now-6h");
  out["to"] = text(t, "to", "now");
  const Json* refresh = member(classic, "refresh");
  out["autoRefresh"] = refresh && refresh->is_string() ? refresh->get<std::string>() : "";
  Json intervals = Json::array();
  if (const Json* ri = member(p, "refresh_intervals"); ri && ri->is_array()) {
    for (const Json& i : *ri) {
      if (i.is_string()) intervals.push_back(i);
    }
  } else {
    intervals = Json{"5s", "10s", "30s", "1m", "5m", "15m", "30m", "1h", "2h", "1d"};
  }
  out["autoRefreshIntervals"] = std::move(intervals);
  out["hideTimepicker"] = flag(p, "hidden", false);
  out["fiscalYearStartMonth"] = integer(classic, "fiscalYearStartMonth").value_or(0);
  std::string tz = text(classic, "timezone");
  out["timezone"] = tz.empty() ? "browser" : tz;
  std::string week = text(classic, "weekStart");
  if (week == "saturday" || week == "monday" || week == "sunday") out["weekStart"] = week;
  if (std::string delay = text(p, "nowDelay"); !delay.empty()) out["nowDelay"] = delay;
  return out;
}

namespace {

// `${DS_X}` of the caller's inputs replaced by their datasource UIDs, in every string.
void replace_inputs(Json& j, const std::map<std::string, std::string>& inputs) {
  if (j.is_string()) {
    std::string s = j.get<std::string>();
    if (s.find("${") == std::string::npos) return;
    for (const auto& [name, uid] : inputs) {
      std::string ref = "${" + name + "}";
      for (size_t at = s.find(ref); at != std::string::npos; at = s.find(ref, at + uid.size()))
        s.replace(at, ref.size(), uid);
    }
    j = s;
  } else if (j.is_structured()) {
    for (auto& v : j) replace_inputs(v, inputs);
  }
}

}  // namespace
}  // namespace v2

nlohmann::ordered_json classic_to_v2(const nlohmann::ordered_json& source,
                                     const V2Options& options) {
  using v2::Json;
  Json classic = source.is_object() ? source : Json::object();
  if (!options.inputs.empty()) v2::replace_inputs(classic, options.inputs);

  v2::Datasources ds{options, {}};
  if (const Json* inputs = v2::member(classic, "__inputs"); inputs && inputs->is_array()) {
    for (const Json& in : *inputs) {
      if (v2::text(in, "type") == "datasource")
        ds.variable_plugins[v2::text(in, "name")] = v2::text(in, "pluginId");
    }
  }
  if (const Json* t = v2::member(classic, "templating")) {
    if (const Json* list = v2::member(*t, "list"); list && list->is_array()) {
      for (const Json& v : *list) {
        if (v2::text(v, "type") == "datasource")
          ds.variable_plugins[v2::text(v, "name")] = v2::text(v, "query");
      }
    }
  }

  Json spec = Json::object();
  spec["annotations"] = v2::annotations(classic, ds);
  switch (v2::integer(classic, "graphTooltip").value_or(0)) {
    case 1: spec["cursorSync"] = "Crosshair"; break;
    case 2: spec["cursorSync"] = "Tooltip"; break;
    default: spec["cursorSync"] = "Off"; break;
  }
  v2::Panels p = v2::panels(classic, ds);
  spec["elements"] = std::move(p.elements);
  spec["layout"] = std::move(p.layout);
  spec["links"] = v2::dashboard_links(classic);
  if (const Json* live = v2::member(classic, "liveNow"); live && live->is_boolean())
    spec["liveNow"] = *live;
  spec["preload"] = v2::flag(classic, "preload", false);
  Json tags = Json::array();
  if (const Json* t = v2::member(classic, "tags"); t && t->is_array()) {
    for (const Json& tag : *t) {
      if (tag.is_string()) tags.push_back(tag);
    }
  }
  spec["tags"] = std::move(tags);
  spec["timeSettings"] = v2::time_settings(classic);
  spec["title"] = v2::text(classic, "title");
  spec["variables"] = v2::variables(classic, ds);
  if (const Json* d = v2::member(classic, "description"); d && d->is_string())
    spec["description"] = *d;
  spec["editable"] = v2::flag(classic, "editable", true);

  Json out = Json::object();
  out["apiVersion"] = options.api_version;
  out["kind"] = "Dashboard";
  out["metadata"] = Json{{"name", options.uid}};
  out["spec"] = std::move(spec);
  return out;
}

}  // namespace mzr::emit
