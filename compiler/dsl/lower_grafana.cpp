#include "compiler/dsl/lower_grafana.h"

#include <fmt/format.h>

#include <map>

#include "compiler/dsl/lower_chart.h"
#include "compiler/dsl/lower_values.h"
#include "compiler/dsl/url_secrets.h"

namespace mzr::dsl {
namespace {

model::Text model_text(const Text& t) {
  return {t.value, t.span};
}

class GrafanaLowerer {
 public:
  GrafanaLowerer(model::GrafanaStack& out, Diagnostics& diags)
      : out_(out), diags_(diags), values_(diags) {}

  void settings(const AmValueNode& body, Span keyword) {
    out_.span = keyword;
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (!setting(e, "the grafana settings")) continue;
      const std::string& key = e.key.value;
      if (key != "datasource" && !first(seen, e)) continue;
      if (key == "instance_selector") {
        instance_selector(e);
      } else if (key == "namespace") {
        if (auto t = values_.scalar(e.values, e.key)) {
          if (auto why = namespace_problem(t->value)) {
            diags_.report(DiagKind::ChartInvalidKubernetesName, t->span,
                          fmt::format("'{}' is not a Kubernetes namespace: {}", t->value, *why));
          }
          out_.namespace_name = t->value;
        }
      } else if (key == "folder") {
        folder(e);
      } else if (key == "datasource") {
        datasource(e);
      } else {
        values_.unknown_key(e.key, "grafana setting",
                            {"instance_selector", "namespace", "folder", "datasource"});
      }
    }
    int defaults = 0;
    for (const model::GrafanaDatasource& ds : out_.datasources) defaults += ds.is_default ? 1 : 0;
    if (defaults > 1) {
      for (const model::GrafanaDatasource& ds : out_.datasources) {
        if (ds.is_default && --defaults == 0)
          diags_.report(DiagKind::DslInvalidValue, ds.span,
                        "more than one datasource is Grafana's default");
      }
    }
  }

 private:
  bool setting(const AmEntry& e, std::string_view where) {
    if (e.kind == AmEntry::Kind::Setting) return true;
    diags_.report(DiagKind::DslInvalidValue, e.span,
                  fmt::format("only 'key value' settings can be written in {}", where));
    return false;
  }

  bool first(std::map<std::string, Span>& seen, const AmEntry& e) {
    return values_.first(seen, e.key);
  }

  // `instance_selector { "app.kubernetes.io/instance" = "grafana" }`
  void instance_selector(const AmEntry& e) {
    const AmValueNode* body = values_.body_of(e);
    if (!body) return;
    std::map<std::string, Span> seen;
    for (const AmEntry& label : body->entries) {
      if (!setting(label, "an instance selector") || !first(seen, label)) continue;
      auto value = values_.scalar(label.values, label.key);
      if (!value) continue;
      out_.instance_selector.push_back(
          {model::Text{label.key.value, label.key.span}, model_text(*value)});
    }
  }

  // `folder { uid "materialize"  title "Materialize" }`
  void folder(const AmEntry& e) {
    const AmValueNode* body = values_.body_of(e);
    if (!body) return;
    std::map<std::string, Span> seen;
    for (const AmEntry& s : body->entries) {
      if (!setting(s, "the folder") || !first(seen, s)) continue;
      auto value = values_.scalar(s.values, s.key);
      if (!value) continue;
      if (s.key.value == "uid") {
        out_.folder_uid = model_text(*value);
      } else if (s.key.value == "title") {
        out_.folder_title = value->value;
      } else {
        values_.unknown_key(s.key, "folder setting", {"uid", "title"});
      }
    }
    if (!out_.folder_uid)
      diags_.report(DiagKind::DslInvalidValue, e.span, "the folder needs a 'uid'");
  }

  // `datasource { uid "thanos"  type prometheus  url "http://..."  thanos true  default true }`
  void datasource(const AmEntry& e) {
    const AmValueNode* body = values_.body_of(e);
    if (!body) return;
    model::GrafanaDatasource ds;
    ds.span = e.span;
    bool has_uid = false;
    bool has_type = false;
    std::map<std::string, Span> seen;
    for (const AmEntry& s : body->entries) {
      if (!setting(s, "a datasource") || !first(seen, s)) continue;
      const std::string& key = s.key.value;
      if (key == "uid") {
        if (auto v = values_.scalar(s.values, s.key)) {
          ds.uid = model_text(*v);
          has_uid = true;
        }
      } else if (key == "type") {
        if (auto v = values_.one_of(s.values, s.key, {"prometheus", "loki"})) {
          ds.type = model_text(*v);
          has_type = true;
        }
      } else if (key == "name") {
        if (auto v = values_.scalar(s.values, s.key)) ds.name = v->value;
      } else if (key == "url") {
        if (auto v = values_.scalar(s.values, s.key)) {
          // Checked first: the message below quotes the value.
          if (!url_without_credentials("url", v->value, v->span, diags_)) continue;
          if (v->value.rfind("http://", 0) == 0 || v->value.rfind("https://", 0) == 0) {
            ds.url = v->value;
          } else {
            diags_.report(DiagKind::DslInvalidValue, v->span,
                          fmt::format("'url' is an http:// or https:// URL, not '{}'", v->value));
          }
        }
      } else if (key == "thanos") {
        ds.thanos = values_.boolean(s.values, s.key).value_or(false);
      } else if (key == "default") {
        ds.is_default = values_.boolean(s.values, s.key).value_or(false);
      } else if (key == "tenant") {
        if (auto v = values_.scalar(s.values, s.key)) ds.tenant = v->value;
      } else {
        values_.unknown_key(s.key, "datasource setting",
                            {"uid", "type", "name", "url", "thanos", "default", "tenant"});
      }
    }
    if (!has_uid || !has_type) {
      diags_.report(DiagKind::DslInvalidValue, e.span,
                    fmt::format("a datasource needs {}", !has_uid ? "a 'uid'" : "a 'type'"));
      return;
    }
    if (ds.thanos && ds.type.value != "prometheus") {
      diags_.report(DiagKind::DslInvalidValue, seen["thanos"],
                    "'thanos' is for Prometheus datasources in front of Thanos Query");
    }
    if (!ds.tenant.empty() && ds.type.value != "loki") {
      diags_.report(DiagKind::DslInvalidValue, seen["tenant"], "'tenant' is for Loki datasources");
    }
    for (const model::GrafanaDatasource& other : out_.datasources) {
      if (other.uid.value == ds.uid.value) {
        diags_
            .report(DiagKind::DslDuplicateField, ds.uid.span,
                    fmt::format("datasource '{}' is described twice", ds.uid.value))
            .note(other.uid.span, "first described here");
        return;
      }
    }
    out_.datasources.push_back(std::move(ds));
  }

  model::GrafanaStack& out_;
  Diagnostics& diags_;
  ValueReader values_;
};

}  // namespace

void lower_grafana_settings(const StackEntry& e, model::GrafanaStack& out, Diagnostics& diags) {
  if (e.body) GrafanaLowerer(out, diags).settings(*e.body, e.keyword);
}

}  // namespace mzr::dsl
