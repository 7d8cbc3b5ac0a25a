#include "compiler/emit/thanos_ruler.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <optional>

#include "compiler/emit/rule_yaml.h"
#include "compiler/emit/yaml_writer.h"
#include "compiler/model/rule_resource_labels.h"

namespace mzr::emit {
namespace {

// The label Kubernetes sets on every namespace to its name (since 1.21): the way a namespace
// selector names exactly one namespace.
constexpr const char* kNamespaceNameLabel = "kubernetes.io/metadata.name";
// prometheus-operator gives each ruler replica this label (`--label`) and drops it from alerts;
// stating the drop keeps the alerts of the replicas identical whatever the operator's version.
constexpr const char* kReplicaLabel = "thanos_ruler_replica";
constexpr const char* kDefaultName = "mzrules";
constexpr const char* kAlertmanagersKey = "alertmanagers.yaml";

using Version = std::array<int, 3>;

std::optional<Version> parse_version(std::string_view s) {
  if (s.starts_with('v')) s.remove_prefix(1);
  Version v{};
  for (int i = 0; i < 3; ++i) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v[i]);
    if (ec != std::errc()) return std::nullopt;
    s.remove_prefix(static_cast<size_t>(end - s.data()));
    if (i < 2) {
      if (!s.starts_with('.')) return std::nullopt;
      s.remove_prefix(1);
    }
  }
  return v;
}

// What prometheus-operator removes from a PrometheusRule before a Thanos ruler older than the
// version that supports it reads it (pkg/operator/rules.go, sanitizePrometheusRulesSpec).
struct GroupSetting {
  const char* what;
  Version since;
  Span at;
};

std::vector<GroupSetting> version_bound_settings(const model::RuleGroup& g) {
  std::vector<GroupSetting> out;
  if (g.limit != 0) out.push_back({"limit", {0, 24, 0}, g.name.span});
  if (g.query_offset) out.push_back({"query_offset", {0, 38, 0}, g.query_offset->span});
  if (!g.labels.empty()) out.push_back({"group labels", {0, 39, 0}, g.labels.front().name.span});
  for (const model::Rule& r : g.rules) {
    if (r.keep_firing_for) {
      out.push_back({"keep_firing_for", {0, 34, 0}, r.keep_firing_for->span});
      break;
    }
  }
  return out;
}

void check_groups(const std::vector<model::RuleSet>& sets, const model::ThanosRulerStack& ruler,
                  OutputSet& out) {
  std::optional<Version> version;
  if (ruler.version) version = parse_version(ruler.version->value);
  for (const model::RuleSet& set : sets) {
    if (set.language != model::QueryLanguage::PromQL) continue;
    for (const model::RuleGroup& g : set.groups) {
      for (const GroupSetting& s : version_bound_settings(g)) {
        std::string since = fmt::format("{}.{}.{}", s.since[0], s.since[1], s.since[2]);
        if (!version) {
          out.problems.push_back(
              {DiagKind::ThanosRulerGroupSettingUnknownVersion,
               s.at,
               fmt::format("group '{}' sets {}, which prometheus-operator passes to a Thanos "
                           "ruler only from Thanos {} on, and the ruler's 'version' is not "
                           "given: the operator's default image decides whether it is kept",
                           g.name.value, s.what, since),
               {{ruler.span, "the ruler deployed by prometheus-operator"}}});
        } else if (*version < s.since) {
          out.problems.push_back(
              {DiagKind::ThanosRulerGroupSettingDropped,
               s.at,
               fmt::format("group '{}' sets {}, which prometheus-operator removes for a Thanos "
                           "ruler older than {}: the ruler runs {} and would evaluate the group "
                           "without it",
                           g.name.value, s.what, since, ruler.version->value),
               {{ruler.version->span, "the ruler's Thanos version"}}});
        }
      }
    }
  }
}

YamlValue secret_ref(const model::SecretKeyRef& ref) {
  YamlValue v = YamlValue::map();
  v.add("name", YamlValue::string(ref.secret.value));
  v.add("key", YamlValue::string(ref.key.value));
  return v;
}

YamlValue string_seq(const std::vector<model::Text>& items) {
  YamlValue seq = YamlValue::seq();
  for (const model::Text& t : items) seq.push(YamlValue::string(t.value));
  return seq;
}

// matchLabels for '=', NotIn for '!='; without a selector written, every label ours carry.
YamlValue rule_selector(const model::Stack& stack) {
  YamlValue sel = YamlValue::map();
  const auto& written = stack.chart.thanos_ruler.rule_selector;
  if (!written) {
    YamlValue& labels = sel.add("matchLabels", YamlValue::map());
    for (const auto& [k, v] : model::prometheus_rule_labels(stack))
      labels.add(k, YamlValue::string(v));
    return sel;
  }
  YamlValue labels = YamlValue::map();
  YamlValue expressions = YamlValue::seq();
  for (const model::LabelRequirement& r : *written) {
    if (r.op == model::LabelRequirement::Op::Equals) {
      labels.add(r.name.value, YamlValue::string(r.value.value));
    } else {
      YamlValue e = YamlValue::map();
      e.add("key", YamlValue::string(r.name.value));
      e.add("operator", YamlValue::string("NotIn"));
      e.add("values", YamlValue::seq()).push(YamlValue::string(r.value.value));
      expressions.push(std::move(e));
    }
  }
  if (!labels.empty()) sel.add("matchLabels", std::move(labels));
  if (!expressions.empty()) sel.add("matchExpressions", std::move(expressions));
  return sel;
}

YamlValue metadata(const std::string& name, const std::string& ns) {
  YamlValue m = YamlValue::map();
  m.add("name", YamlValue::string(name));
  m.add("namespace", YamlValue::string(ns));
  m.add("labels", YamlValue::map())
      .add(model::kManagedByLabel, YamlValue::string(model::kManagedByValue));
  return m;
}

}  // namespace

std::string thanos_alertmanagers_config(const std::string& url) {
  std::string_view rest = url;
  std::string scheme = rest.starts_with("https://") ? "https" : "http";
  rest.remove_prefix(scheme.size() + 3);
  size_t slash = rest.find('/');
  std::string host(rest.substr(0, slash));
  std::string prefix = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
  while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
  if (prefix == "/") prefix.clear();
  // host:port, [v6]:port; the port defaults to the scheme's.
  size_t close = host.rfind(']');
  size_t colon = host.rfind(':');
  if (colon == std::string::npos || (close != std::string::npos && colon < close))
    host += scheme == "https" ? ":443" : ":80";
  YamlValue am = YamlValue::map();
  am.add("static_configs", YamlValue::seq()).push(YamlValue::string(host));
  am.add("scheme", YamlValue::string(scheme));
  if (!prefix.empty()) am.add("path_prefix", YamlValue::string(prefix));
  am.add("api_version", YamlValue::string("v2"));
  YamlValue root = YamlValue::map();
  root.add("alertmanagers", YamlValue::seq()).push(std::move(am));
  return write_yaml(root);
}

void emit_thanos_ruler(const std::vector<model::RuleSet>& sets, const model::Stack& stack,
                       const SourceManager& sm, const std::string& root, OutputSet& out) {
  const model::ThanosRulerStack& ruler = stack.chart.thanos_ruler;
  if (ruler.by != model::ThanosRulerBy::Operator) return;
  check_groups(sets, ruler, out);
  bool any_rules = false;
  for (const model::RuleSet& set : sets)
    any_rules |= set.language == model::QueryLanguage::PromQL && !set.groups.empty();
  if (!any_rules) {
    out.problems.push_back({DiagKind::ThanosRulerSelectsNone,
                            ruler.span,
                            "the ThanosRuler would select no PrometheusRule: the project has no "
                            "PromQL rule groups for the ruler to evaluate",
                            {}});
    return;
  }

  std::string name = ruler.name ? ruler.name->value : kDefaultName;
  std::string ns = ruler.namespace_ ? ruler.namespace_->value : stack.rules_namespace;
  std::string header = generated_header(relative_to(sm.file(ruler.span.file).path(), root));

  YamlValue cr = YamlValue::map();
  cr.add("apiVersion", YamlValue::string("monitoring.coreos.com/v1"));
  cr.add("kind", YamlValue::string("ThanosRuler"));
  cr.add("metadata", metadata(name, ns));
  out.claim("ThanosRuler", name, ruler.span);
  YamlValue& spec = cr.add("spec", YamlValue::map());
  if (ruler.version) spec.add("version", YamlValue::string(ruler.version->value));
  if (ruler.replicas) spec.add("replicas", YamlValue::raw(std::to_string(*ruler.replicas)));
  if (ruler.evaluation_interval)
    spec.add("evaluationInterval", YamlValue::string(ruler.evaluation_interval->value));
  if (ruler.retention) spec.add("retention", YamlValue::string(ruler.retention->value));
  if (ruler.query_config) {
    spec.add("queryConfig", secret_ref(*ruler.query_config));
  } else {
    spec.add("queryEndpoints", string_seq(ruler.query_endpoints));
  }
  std::string am_secret = name + "-alertmanagers";
  if (ruler.alertmanagers_config) {
    spec.add("alertmanagersConfig", secret_ref(*ruler.alertmanagers_config));
  } else {
    YamlValue ref = YamlValue::map();
    ref.add("name", YamlValue::string(am_secret));
    ref.add("key", YamlValue::string(kAlertmanagersKey));
    spec.add("alertmanagersConfig", std::move(ref));
  }
  if (!stack.external_labels.empty()) {
    YamlValue& labels = spec.add("labels", YamlValue::map());
    for (const model::LabelPair& p : stack.external_labels)
      labels.add(p.name.value, YamlValue::string(p.value.value));
  }
  YamlValue& drop = spec.add("alertDropLabels", YamlValue::seq());
  drop.push(YamlValue::string(kReplicaLabel));
  for (const model::Text& t : ruler.alert_drop_labels) {
    if (t.value != kReplicaLabel) drop.push(YamlValue::string(t.value));
  }
  spec.add("ruleSelector", rule_selector(stack));
  spec.add("ruleNamespaceSelector", YamlValue::map())
      .add("matchLabels", YamlValue::map())
      .add(kNamespaceNameLabel, YamlValue::string(stack.rules_namespace));
  if (ruler.object_storage) spec.add("objectStorageConfig", secret_ref(*ruler.object_storage));
  if (!ruler.remote_write.empty()) {
    YamlValue& rws = spec.add("remoteWrite", YamlValue::seq());
    for (const model::RulerRemoteWrite& rw : ruler.remote_write) {
      YamlValue v = YamlValue::map();
      v.add("url", YamlValue::string(rw.url.value));
      if (rw.authorization) {
        YamlValue& auth = v.add("authorization", YamlValue::map());
        auth.add("type", YamlValue::string("Bearer"));
        auth.add("credentials", secret_ref(*rw.authorization));
      }
      rws.push(std::move(v));
    }
  }
  out.add("thanos/thanosruler/" + name + ".yaml", header + write_yaml(cr), ruler.span);

  if (!ruler.alertmanager_url) return;
  YamlValue secret = YamlValue::map();
  secret.add("apiVersion", YamlValue::string("v1"));
  secret.add("kind", YamlValue::string("Secret"));
  secret.add("metadata", metadata(am_secret, ns));
  out.claim("Secret", am_secret, ruler.alertmanager_url->span);
  secret.add("type", YamlValue::string("Opaque"));
  secret.add("stringData", YamlValue::map())
      .add(kAlertmanagersKey,
           YamlValue::string(thanos_alertmanagers_config(ruler.alertmanager_url->value)));
  out.add("thanos/thanosruler/" + am_secret + ".yaml", header + write_yaml(secret),
          ruler.alertmanager_url->span);
}

}  // namespace mzr::emit
