#include "compiler/load/dashboard_load.h"

#include <fmt/format.h>

#include <deque>

#include "compiler/load/dashboard_reader.h"
#include "compiler/load/decode.h"

namespace mzr {
namespace {

bool scalar_is(const yaml::Node* n, std::string_view value) {
  return n && n->is_scalar() && n->value == value;
}

// `List`, `ConfigMapList`: Kubernetes' lists of resources.
bool is_list(const yaml::Node* kind) {
  return kind && kind->is_scalar() && kind->value.ends_with("List");
}

bool starts_with(const yaml::Node* n, std::string_view prefix) {
  return n && n->is_scalar() && n->value.rfind(prefix, 0) == 0;
}

bool is_v2_api(std::string_view api) {
  std::string_view v = api.substr(api.find('/') + 1);
  return v.rfind("v2", 0) == 0 || v.rfind("v3", 0) == 0;
}

// A ConfigMap whose data are dashboards (`<name>.json` keys), as kube-prometheus ships them.
bool is_dashboard_config_map(const yaml::Node* n) {
  if (!n || !n->is_mapping() || !scalar_is(n->get("kind"), "ConfigMap")) return false;
  const yaml::Node* data = n->get("data");
  if (!data || !data->is_mapping() || data->entries.empty()) return false;
  for (const yaml::Entry& e : data->entries) {
    if (!e.key->value.ends_with(".json")) return false;
  }
  return true;
}

class Loader {
 public:
  Loader(SourceId file, SourceManager& sm, Diagnostics& diags)
      : file_(file), sm_(sm), diags_(diags) {}

  void document(const yaml::Node* root, std::vector<model::Dashboard>& out) {
    dash::Reader r(sm_.file(file_), diags_);
    const yaml::Node* kind = root->get("kind");
    const yaml::Node* api = root->get("apiVersion");
    if (starts_with(api, "dashboard.grafana.app/")) {
      if (is_v2_api(api->value)) {
        out.push_back(dash::load_v2(root, r));
        return;
      }
      // v0alpha1, v1beta1: the classic model in `spec`, the UID in `metadata.name`.
      const yaml::Node* spec = root->get("spec");
      if (!r.mapping(spec, "'spec'")) return;
      model::Dashboard d = dash::load_classic(spec, r);
      const yaml::Node* md = root->get("metadata");
      if (md && md->is_mapping()) {
        if (auto name = r.text(md->get("name"), "'metadata.name'"); name && d.uid.value.empty())
          d.uid = *name;
        if (const yaml::Node* ann = md->get("annotations"); ann && ann->is_mapping())
          d.folder = r.text(ann->get("grafana.app/folder"), "the folder annotation");
      }
      out.push_back(std::move(d));
      return;
    }
    if (scalar_is(kind, "GrafanaManifest")) {
      const yaml::Node* spec = root->get("spec");
      if (!r.mapping(spec, "'spec'")) return;
      const yaml::Node* tmpl = spec->get("template");
      if (!r.mapping(tmpl, "'spec.template'")) return;
      document(tmpl, out);
      return;
    }
    if (scalar_is(kind, "GrafanaDashboard")) {
      grafana_dashboard(root, r, out);
      return;
    }
    if (is_list(kind)) {
      if (const yaml::Node* items = root->get("items"); r.sequence(items, "'items'")) {
        for (const yaml::Node* item : items->items) {
          if (is_dashboard_config_map(item) || is_dashboard_document(item)) document(item, out);
        }
      }
      return;
    }
    if (scalar_is(kind, "ConfigMap")) {
      for (const yaml::Entry& e : root->get("data")->entries) {
        if (auto d = embedded_json(e.value, e.key->value, r)) out.push_back(std::move(*d));
      }
      return;
    }
    // The HTTP API's envelope: {dashboard: {...}, folderUid, overwrite}.
    if (const yaml::Node* inner = root->get("dashboard"); inner && inner->is_mapping()) {
      model::Dashboard d = dash::load_classic(inner, r);
      if (auto f = r.text(root->get("folderUid"), "'folderUid'")) d.folder = f;
      out.push_back(std::move(d));
      return;
    }
    out.push_back(dash::load_classic(root, r));
  }

 private:
  void grafana_dashboard(const yaml::Node* root, dash::Reader& r,
                         std::vector<model::Dashboard>& out) {
    const yaml::Node* spec = root->get("spec");
    if (!r.mapping(spec, "'spec'")) {
      if (!spec) r.missing(root, "spec", "the GrafanaDashboard");
      return;
    }
    const yaml::Node* json = spec->get("json");
    if (!json) {
      // url, configMapRef, grafanaCom, jsonnet...: content mzrules cannot see.
      return;
    }
    auto d = embedded_json(json, "spec.json", r);
    if (!d) return;
    if (auto uid = r.text(spec->get("uid"), "'spec.uid'")) d->uid = *uid;
    if (auto f = r.text(spec->get("folderUID"), "'spec.folderUID'")) d->folder = f;
    out.push_back(std::move(*d));
  }

  // JSON held in a YAML string, read as a source of its own named after the field.
  std::optional<model::Dashboard> embedded_json(const yaml::Node* n, std::string_view field,
                                                dash::Reader& r) {
    if (!r.text(n, fmt::format("'{}'", field))) return std::nullopt;
    std::string path = fmt::format("{}[{}]", sm_.file(file_).path(), field);
    SourceId id = sm_.add(path, n->value);
    streams_.push_back(yaml::parse(sm_, id, diags_));
    const yaml::Stream& s = streams_.back();
    if (!s.ok || s.documents.empty() || !s.documents[0].root) return std::nullopt;
    const yaml::Node* root = s.documents[0].root;
    dash::Reader inner(sm_.file(id), diags_);
    if (!inner.mapping(root, "a dashboard")) return std::nullopt;
    return dash::load_classic(root, inner);
  }

  SourceId file_;
  SourceManager& sm_;
  Diagnostics& diags_;
  std::deque<yaml::Stream> streams_;
};

}  // namespace

bool is_dashboard_document(const yaml::Node* root) {
  if (!root || !root->is_mapping()) return false;
  const yaml::Node* kind = root->get("kind");
  const yaml::Node* api = root->get("apiVersion");
  if (starts_with(api, "dashboard.grafana.app/")) return true;
  if (scalar_is(kind, "GrafanaDashboard")) return true;
  if (scalar_is(kind, "GrafanaManifest")) {
    const yaml::Node* spec = root->get("spec");
    const yaml::Node* tmpl = spec && spec->is_mapping() ? spec->get("template") : nullptr;
    return tmpl && tmpl->is_mapping() &&
           starts_with(tmpl->get("apiVersion"), "dashboard.grafana.app/");
  }
  if (is_dashboard_config_map(root)) return true;
  if (is_list(kind)) {
    const yaml::Node* items = root->get("items");
    if (!items || !items->is_sequence() || items->items.empty()) return false;
    for (const yaml::Node* i : items->items) {
      if (!is_dashboard_config_map(i) && !is_dashboard_document(i)) return false;
    }
    return true;
  }
  if (kind && api) return false;
  return root->get("panels") || root->get("templating") || root->get("rows") ||
         (root->get("dashboard") && root->get("dashboard")->is_mapping());
}

std::vector<model::Dashboard> load_dashboards(const yaml::Stream& stream, SourceId file,
                                              SourceManager& sm, Diagnostics& diags) {
  std::vector<model::Dashboard> out;
  Loader loader(file, sm, diags);
  for (const yaml::Document& doc : stream.documents) {
    if (!is_dashboard_document(doc.root)) continue;
    loader.document(doc.root, out);
  }
  return out;
}

}  // namespace mzr
