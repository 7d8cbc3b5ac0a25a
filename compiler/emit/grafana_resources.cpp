#include "compiler/emit/grafana_resources.h"

#include <fmt/format.h>

#include <cctype>

#include "compiler/emit/dashboard_to_v2.h"
#include "compiler/emit/output_names.h"

namespace mzr::emit {
namespace {

constexpr const char* kOperatorApi = "grafana.integreatly.org/v1beta1";

YamlValue resource(const char* kind, const std::string& name, const model::GrafanaStack& g) {
  YamlValue doc = YamlValue::map();
  doc.add("apiVersion", YamlValue::string(kOperatorApi));
  doc.add("kind", YamlValue::string(kind));
  YamlValue& md = doc.add("metadata", YamlValue::map());
  md.add("name", YamlValue::string(name));
  md.add("namespace", YamlValue::string(g.namespace_name));
  return doc;
}

YamlValue& spec_with_selector(YamlValue& doc, const model::GrafanaStack& g) {
  YamlValue& spec = doc.add("spec", YamlValue::map());
  YamlValue& selector = spec.add("instanceSelector", YamlValue::map());
  if (!g.instance_selector.empty()) {
    YamlValue& labels = selector.add("matchLabels", YamlValue::map());
    for (const model::LabelPair& p : g.instance_selector)
      labels.add(p.name.value, YamlValue::string(p.value.value));
  }
  return spec;
}

// The UID a dashboard is deployed under: its own, or its file's name.
std::string dashboard_uid(const model::Dashboard& d, const SourceManager& sm) {
  if (!d.uid.value.empty()) return d.uid.value;
  std::string path = d.span.valid() ? sm.file(d.span.file).path() : "dashboard";
  path = path.substr(path.find_last_of('/') + 1);
  path = path.substr(0, path.find_first_of(".["));
  return resource_name(path);
}

// The folder a dashboard goes in: its own, or the stack's.
std::optional<std::string> folder_of(const model::Dashboard& d, const model::GrafanaStack& g) {
  if (d.folder) return d.folder->value;
  if (g.folder_uid) return g.folder_uid->value;
  return std::nullopt;
}

// The stack's datasource for an exported dashboard's `${DS_X}` input: the one of the input's
// plugin type, the default one when there are several.
const model::GrafanaDatasource* input_datasource(const model::Variable& input,
                                                 const model::GrafanaStack& g) {
  const model::GrafanaDatasource* match = nullptr;
  for (const model::GrafanaDatasource& ds : g.datasources) {
    if (ds.type.value == input.plugin_id && (!match || ds.is_default)) match = &ds;
  }
  return match;
}

void emit_classic(const model::Dashboard& d, const model::GrafanaStack& g, const SourceManager& sm,
                  OutputSet& out) {
  std::string uid = dashboard_uid(d, sm);
  std::string name = resource_name(uid);
  YamlValue doc = resource("GrafanaDashboard", name, g);
  YamlValue& spec = spec_with_selector(doc, g);
  if (auto folder = folder_of(d, g)) spec.add("folderUID", YamlValue::string(*folder));
  spec.add("uid", YamlValue::string(uid));
  // `${DS_X}` inputs of exported dashboards: the stack's datasource of the same type.
  YamlValue inputs = YamlValue::seq();
  for (const model::Variable& v : d.variables) {
    if (!v.is_input) continue;
    const model::GrafanaDatasource* match = input_datasource(v, g);
    if (!match) continue;
    YamlValue& in = inputs.push(YamlValue::map());
    in.add("inputName", YamlValue::string(v.name.value));
    in.add("datasourceName",
           YamlValue::string(match->name.empty() ? match->uid.value : match->name));
  }
  if (!inputs.empty()) spec.add("datasources", std::move(inputs));
  spec.add(
      "json",
      YamlValue::string(
          d.document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n"));
  out.add("grafana/dashboards/" + output_component(name) + ".yaml", write_yaml(doc), d.span);
}

// A GrafanaManifest whose template is the v2 resource `v2` (apiVersion, kind, metadata, spec).
void emit_manifest(const std::string& uid, const std::optional<std::string>& folder,
                   const nlohmann::ordered_json& v2, const model::GrafanaStack& g, Span origin,
                   OutputSet& out) {
  std::string name = resource_name(uid);
  YamlValue doc = resource("GrafanaManifest", name, g);
  YamlValue& spec = spec_with_selector(doc, g);
  nlohmann::ordered_json tmpl = nlohmann::ordered_json::object();
  const auto* api =
      v2.contains("apiVersion") && v2["apiVersion"].is_string() ? &v2["apiVersion"] : nullptr;
  tmpl["apiVersion"] = api && !api->get<std::string>().empty() ? api->get<std::string>()
                                                               : "dashboard.grafana.app/v2";
  tmpl["kind"] = "Dashboard";
  nlohmann::ordered_json md = v2.contains("metadata") && v2["metadata"].is_object()
                                  ? v2["metadata"]
                                  : nlohmann::ordered_json::object();
  md["name"] = uid;
  if (folder) {
    if (!md.contains("annotations") || !md["annotations"].is_object())
      md["annotations"] = nlohmann::ordered_json::object();
    md["annotations"]["grafana.app/folder"] = *folder;
  }
  tmpl["metadata"] = md;
  tmpl["spec"] = v2.contains("spec") ? v2["spec"] : nlohmann::ordered_json::object();
  spec.add("template", yaml_of_json(tmpl));
  out.add("grafana/manifests/" + output_component(name) + ".yaml", write_yaml(doc), origin);
}

void emit_v2(const model::Dashboard& d, const model::GrafanaStack& g, const SourceManager& sm,
             OutputSet& out) {
  nlohmann::ordered_json resource = d.document;
  if (resource.is_object() && !d.api_version.empty()) resource["apiVersion"] = d.api_version;
  emit_manifest(dashboard_uid(d, sm), folder_of(d, g), resource, g, d.span, out);
}

// A classic dashboard converted to v2; `${DS_X}` inputs become the stack's datasources as in
// emit_classic.
void emit_classic_as_v2(const model::Dashboard& d, const model::GrafanaStack& g,
                        const SourceManager& sm, OutputSet& out) {
  V2Options options;
  options.uid = dashboard_uid(d, sm);
  for (const model::GrafanaDatasource& ds : g.datasources) {
    options.datasource_types[ds.uid.value] = ds.type.value;
    if (ds.is_default) options.default_datasource = ds.uid.value;
  }
  for (const model::Variable& v : d.variables) {
    if (!v.is_input) continue;
    if (const model::GrafanaDatasource* match = input_datasource(v, g))
      options.inputs[v.name.value] = match->uid.value;
  }
  emit_manifest(options.uid, folder_of(d, g), classic_to_v2(d.document, options), g, d.span, out);
}

void emit_folder(const model::GrafanaStack& g, OutputSet& out) {
  if (!g.folder_uid) return;
  std::string name = resource_name(g.folder_uid->value);
  YamlValue doc = resource("GrafanaFolder", name, g);
  YamlValue& spec = spec_with_selector(doc, g);
  spec.add("uid", YamlValue::string(g.folder_uid->value));
  spec.add("title",
           YamlValue::string(g.folder_title.empty() ? g.folder_uid->value : g.folder_title));
  out.add("grafana/folders/" + output_component(name) + ".yaml", write_yaml(doc),
          g.folder_uid->span);
}

void emit_datasource(const model::GrafanaDatasource& ds, const model::GrafanaStack& g,
                     OutputSet& out) {
  std::string name = resource_name(ds.uid.value);
  YamlValue doc = resource("GrafanaDatasource", name, g);
  YamlValue& spec = spec_with_selector(doc, g);
  spec.add("uid", YamlValue::string(ds.uid.value));
  YamlValue& body = spec.add("datasource", YamlValue::map());
  body.add("name", YamlValue::string(ds.name.empty() ? ds.uid.value : ds.name));
  body.add("type", YamlValue::string(ds.type.value));
  body.add("access", YamlValue::string("proxy"));
  if (!ds.url.empty()) body.add("url", YamlValue::string(ds.url));
  body.add("isDefault", YamlValue::raw(ds.is_default ? "true" : "false"));
  body.add("editable", YamlValue::raw("false"));
  if (ds.type.value == "prometheus") {
    YamlValue& json = body.add("jsonData", YamlValue::map());
    if (ds.thanos) json.add("prometheusType", YamlValue::string("Thanos"));
    json.add("httpMethod", YamlValue::string("POST"));
  } else if (ds.type.value == "loki" && !ds.tenant.empty()) {
    body.add("jsonData", YamlValue::map())
        .add("httpHeaderName1", YamlValue::string("X-Scope-OrgID"));
    body.add("secureJsonData", YamlValue::map())
        .add("httpHeaderValue1", YamlValue::string(ds.tenant));
  }
  out.add("grafana/datasources/" + output_component(name) + ".yaml", write_yaml(doc), ds.uid.span);
}

}  // namespace

std::string resource_name(std::string_view uid) {
  std::string out;
  for (char c : uid) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "dashboard" : out;
}

YamlValue yaml_of_json(const nlohmann::ordered_json& j) {
  switch (j.type()) {
    case nlohmann::ordered_json::value_t::object: {
      YamlValue m = YamlValue::map();
      for (const auto& [k, v] : j.items()) m.add(k, yaml_of_json(v));
      return m;
    }
    case nlohmann::ordered_json::value_t::array: {
      YamlValue s = YamlValue::seq();
      for (const auto& v : j) s.push(yaml_of_json(v));
      return s;
    }
    case nlohmann::ordered_json::value_t::string: return YamlValue::string(j.get<std::string>());
    case nlohmann::ordered_json::value_t::null: return YamlValue::raw("null");
    default:
      return YamlValue::raw(
          j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  }
}

model::DashboardSchema deploy_schema(const model::Dashboard& d,
                                     std::optional<model::DashboardSchema> setting) {
  if (d.schema == model::DashboardSchema::V2) return model::DashboardSchema::V2;
  if (d.deploy_schema) return *d.deploy_schema;
  return setting.value_or(d.schema);
}

void emit_grafana(const std::vector<model::Dashboard>& dashboards,
                  const model::GrafanaStack& grafana, const SourceManager& sm,
                  std::optional<model::DashboardSchema> schema, OutputSet& out) {
  for (const model::Dashboard& d : dashboards) {
    if (d.schema == model::DashboardSchema::V2) {
      emit_v2(d, grafana, sm, out);
    } else if (deploy_schema(d, schema) == model::DashboardSchema::V2) {
      emit_classic_as_v2(d, grafana, sm, out);
    } else {
      emit_classic(d, grafana, sm, out);
    }
  }
  if (!dashboards.empty()) emit_folder(grafana, out);
  for (const model::GrafanaDatasource& ds : grafana.datasources) emit_datasource(ds, grafana, out);
}

}  // namespace mzr::emit
