#include "compiler/dsl/lower_thanos_ruler.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <map>
#include <string_view>
#include <vector>

#include "compiler/base/names.h"
#include "compiler/base/url_credentials.h"
#include "compiler/dsl/lower_chart.h"
#include "compiler/dsl/lower_values.h"
#include "compiler/model/rule_resource_labels.h"

namespace mzr::dsl {
namespace {

constexpr std::string_view kCrd = "the ThanosRuler CRD (prometheus-operator 0.93.0)";

const std::vector<std::string_view> kRulerSettings = {"deployed_by",
                                                      "name",
                                                      "namespace",
                                                      "version",
                                                      "replicas",
                                                      "evaluation_interval",
                                                      "retention",
                                                      "query_endpoints",
                                                      "query_config",
                                                      "alertmanager_url",
                                                      "alertmanagers_config",
                                                      "object_storage",
                                                      "remote_write",
                                                      "alert_drop_labels",
                                                      "rule_selector"};
const std::vector<std::string_view> kSecretSettings = {"secret", "key"};
const std::vector<std::string_view> kRemoteWriteSettings = {"url", "authorization"};

model::Text model_text(const Text& t) {
  return {t.value, t.span};
}

bool alnum(char c) {
  return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
}

// A DNS-1123 subdomain: what Kubernetes accepts as the name of most objects.
std::optional<std::string> subdomain_problem(std::string_view s) {
  if (s.empty()) return "it is empty";
  if (s.size() > 253) return fmt::format("it has {} characters, more than 253", s.size());
  for (char c : s) {
    if (!alnum(c) && c != '-' && c != '.')
      return fmt::format("'{}' is not a lowercase letter, digit, '-' or '.'", c);
  }
  if (!alnum(s.front()) || !alnum(s.back())) return "it starts or ends with '-' or '.'";
  return std::nullopt;
}

// The key of a Secret's data: letters, digits, '-', '_' and '.'.
std::optional<std::string> secret_key_problem(std::string_view s) {
  if (s.empty()) return "it is empty";
  if (s.size() > 253) return fmt::format("it has {} characters, more than 253", s.size());
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return fmt::format("'{}' is not a letter, digit, '-', '_' or '.'", c);
  }
  return std::nullopt;
}

// vMAJOR.MINOR.PATCH with an optional pre-release or build suffix, as the operator parses image
// tags (semver, tolerant of the leading 'v').
bool version_ok(std::string_view s) {
  if (s.starts_with('v')) s.remove_prefix(1);
  int parts = 0;
  size_t i = 0;
  while (parts < 3) {
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start) return false;
    ++parts;
    if (parts < 3) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  return i == s.size() || s[i] == '-' || s[i] == '+';
}

bool http_url(std::string_view s) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (s.starts_with(scheme) && s.size() > scheme.size() && s[scheme.size()] != '/') return true;
  }
  return false;
}

// `name = "value"` or `"name" != "value"` as written in a matcher.
struct ParsedMatcher {
  std::string name;
  std::string op;
  std::string value;
};

std::optional<std::string> read_token(std::string_view s, size_t& i) {
  while (i < s.size() && s[i] == ' ') ++i;
  std::string out;
  if (i < s.size() && s[i] == '"') {
    for (++i; i < s.size() && s[i] != '"'; ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) ++i;
      out += s[i];
    }
    if (i >= s.size()) return std::nullopt;
    ++i;
    return out;
  }
  while (i < s.size() && s[i] != ' ' && s[i] != '=' && s[i] != '!' && s[i] != '~') out += s[i++];
  if (out.empty()) return std::nullopt;
  return out;
}

std::optional<ParsedMatcher> parse_matcher(std::string_view s) {
  ParsedMatcher m;
  size_t i = 0;
  auto name = read_token(s, i);
  if (!name) return std::nullopt;
  m.name = *name;
  while (i < s.size() && s[i] == ' ') ++i;
  for (std::string_view op : {"=~", "!~", "!=", "="}) {
    if (s.substr(i).starts_with(op)) {
      m.op = op;
      i += op.size();
      break;
    }
  }
  if (m.op.empty()) return std::nullopt;
  auto value = read_token(s, i);
  m.value = value.value_or("");
  while (i < s.size() && s[i] == ' ') ++i;
  if (i != s.size()) return std::nullopt;
  return m;
}

class RulerLowerer {
 public:
  RulerLowerer(model::ThanosRulerStack& out, Diagnostics& diags)
      : out_(out), diags_(diags), values_(diags) {}

  void run(const AmValueNode& body, Span keyword) {
    out_.span = keyword;
    std::map<std::string, Span> seen;
    std::vector<const AmEntry*> operator_settings;
    for (const AmEntry& e : body.entries) {
      if (e.kind == AmEntry::Kind::Continue ||
          (e.kind == AmEntry::Kind::Match && e.key.value != "rule_selector")) {
        diags_.report(DiagKind::DslInvalidValue, e.span,
                      "only 'key value' settings and 'rule_selector name = \"value\", ...' can be "
                      "written in the ruler settings");
        continue;
      }
      const std::string& key = e.key.value;
      if (key != "remote_write" && !values_.first(seen, e.key)) continue;
      if (key != "deployed_by") operator_settings.push_back(&e);
      if (key == "deployed_by") {
        if (auto v = values_.one_of(e.values, e.key, {"chart", "operator"}))
          out_.by =
              v->value == "operator" ? model::ThanosRulerBy::Operator : model::ThanosRulerBy::Chart;
      } else if (key == "name") {
        out_.name = checked(e, subdomain_problem, "a Kubernetes object name");
      } else if (key == "namespace") {
        out_.namespace_ = checked(e, namespace_problem, "a Kubernetes namespace");
      } else if (key == "version") {
        version(e);
      } else if (key == "replicas") {
        replicas(e);
      } else if (key == "evaluation_interval" || key == "retention") {
        auto d = checked(e, crd_duration_problem, "a duration the CRD accepts");
        (key == "retention" ? out_.retention : out_.evaluation_interval) = d;
      } else if (key == "query_endpoints") {
        query_endpoints(e);
      } else if (key == "query_config") {
        out_.query_config = secret_ref(e);
      } else if (key == "alertmanager_url") {
        out_.alertmanager_url = url(e);
      } else if (key == "alertmanagers_config") {
        out_.alertmanagers_config = secret_ref(e);
      } else if (key == "object_storage") {
        out_.object_storage = secret_ref(e);
      } else if (key == "remote_write") {
        remote_write(e);
      } else if (key == "alert_drop_labels") {
        alert_drop_labels(e);
      } else if (key == "rule_selector") {
        rule_selector(e);
      } else {
        operator_settings.pop_back();
        values_.unknown_key(e.key, "ruler setting", kRulerSettings);
      }
    }
    if (out_.by == model::ThanosRulerBy::Operator) return;
    for (const AmEntry* e : operator_settings) {
      diags_.report(DiagKind::ThanosRulerConflictingSettings, e->key.span,
                    fmt::format("'{}' is a setting of the ThanosRuler resource, which is written "
                                "only for a ruler deployed by prometheus-operator: add "
                                "'deployed_by operator', or remove it (the chart's ruler is "
                                "configured by the other thanos settings)",
                                e->key.value));
    }
  }

 private:
  using Problem = std::optional<std::string> (*)(std::string_view);

  std::optional<model::Text> checked(const AmEntry& e, Problem problem, std::string_view what) {
    auto v = values_.scalar(e.values, e.key);
    if (!v) return std::nullopt;
    if (auto why = problem(v->value)) {
      diags_.report(DiagKind::ThanosRulerInvalidValue, v->span,
                    fmt::format("'{}' of the ThanosRuler is {}, which '{}' is not: {}", e.key.value,
                                what, v->value, *why));
      return std::nullopt;
    }
    return model_text(*v);
  }

  void version(const AmEntry& e) {
    auto v = values_.scalar(e.values, e.key);
    if (!v) return;
    if (!version_ok(v->value)) {
      diags_.report(DiagKind::ThanosRulerInvalidValue, v->span,
                    fmt::format("'version' is the Thanos release the operator runs, "
                                "vMAJOR.MINOR.PATCH such as v0.39.2; not '{}'",
                                v->value));
      return;
    }
    out_.version = model_text(*v);
  }

  void replicas(const AmEntry& e) {
    auto v = values_.scalar(e.values, e.key);
    if (!v) return;
    int64_t n = -1;
    auto [end, ec] = std::from_chars(v->value.data(), v->value.data() + v->value.size(), n);
    if (ec != std::errc() || end != v->value.data() + v->value.size() || n < 0 || n > 2147483647) {
      diags_.report(DiagKind::ThanosRulerInvalidValue, v->span,
                    fmt::format("'replicas' is an int32 of {} from 0 to 2147483647; not '{}'", kCrd,
                                v->value));
      return;
    }
    out_.replicas = n;
  }

  bool no_credentials(const Text& t, std::string_view key) {
    if (!url_userinfo(t.value)) return true;
    diags_.report(DiagKind::ThanosRulerSecretInOutput, t.span,
                  fmt::format("'{}' carries credentials, which would be written in clear into "
                              "out/; give the URL without them and reference a Secret",
                              key));
    return false;
  }

  std::optional<model::Text> url(const AmEntry& e) {
    auto v = values_.scalar(e.values, e.key);
    if (!v) return std::nullopt;
    if (!http_url(v->value)) {
      diags_.report(DiagKind::ThanosRulerInvalidValue, v->span,
                    fmt::format("'{}' is an http:// or https:// URL with a host; not '{}'",
                                e.key.value, v->value));
      return std::nullopt;
    }
    if (!no_credentials(*v, e.key.value)) return std::nullopt;
    return model_text(*v);
  }

  void query_endpoints(const AmEntry& e) {
    auto v = values_.scalars(e.values, e.key);
    if (!v) return;
    for (const Text& t : *v) {
      if (t.value.empty()) {
        diags_.report(DiagKind::ThanosRulerInvalidValue, t.span,
                      "a query endpoint is an address such as "
                      "dnssrv+_http._tcp.thanos-query.monitoring.svc; not empty");
        continue;
      }
      if (no_credentials(t, e.key.value)) out_.query_endpoints.push_back(model_text(t));
    }
  }

  // `{ secret "name"  key "file.yaml" }`
  std::optional<model::SecretKeyRef> secret_ref(const AmEntry& e) {
    const AmValueNode* body = values_.body_of(e);
    if (body == nullptr) return std::nullopt;
    return secret_ref_body(*body, e.key.value, e.span);
  }

  std::optional<model::SecretKeyRef> secret_ref_body(const AmValueNode& body, std::string_view what,
                                                     Span at) {
    model::SecretKeyRef ref;
    ref.span = at;
    bool secret = false;
    bool key = false;
    bool bad = false;
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (e.kind != AmEntry::Kind::Setting || !values_.first(seen, e.key)) continue;
      if (e.key.value == "secret") {
        if (auto v = checked(e, subdomain_problem, "a Secret name")) {
          ref.secret = *v;
          secret = true;
        } else {
          bad = true;
        }
      } else if (e.key.value == "key") {
        if (auto v = checked(e, secret_key_problem, "a key of a Secret")) {
          ref.key = *v;
          key = true;
        } else {
          bad = true;
        }
      } else {
        bad = true;
        values_.unknown_key(e.key, "Secret reference setting", kSecretSettings);
      }
    }
    if (bad) return std::nullopt;
    if (!secret || !key) {
      diags_.report(
          DiagKind::ThanosRulerSecretKeyMissing, at,
          fmt::format("'{}' references a Secret without {}: write {} {{ secret \"name\" "
                      "key \"file.yaml\" }}",
                      what, !secret ? "its name ('secret')" : "the key to read ('key')", what));
      return std::nullopt;
    }
    return ref;
  }

  // `remote_write { url "http://..."  authorization { secret "name" key "token" } }`
  void remote_write(const AmEntry& e) {
    const AmValueNode* body = values_.body_of(e);
    if (body == nullptr) return;
    model::RulerRemoteWrite rw;
    rw.span = e.span;
    bool has_url = false;
    bool bad = false;
    std::map<std::string, Span> seen;
    for (const AmEntry& f : body->entries) {
      if (f.kind != AmEntry::Kind::Setting || !values_.first(seen, f.key)) continue;
      if (f.key.value == "url") {
        if (auto u = url(f)) {
          rw.url = *u;
          has_url = true;
        } else {
          bad = true;
        }
      } else if (f.key.value == "authorization") {
        const AmValueNode* b = values_.body_of(f);
        if (b == nullptr) {
          bad = true;
        } else if (auto ref = secret_ref_body(*b, "authorization", f.span)) {
          rw.authorization = *ref;
        } else {
          bad = true;
        }
      } else {
        bad = true;
        values_.unknown_key(f.key, "remote write setting", kRemoteWriteSettings);
      }
    }
    if (bad) return;
    if (!has_url) {
      diags_.report(DiagKind::ThanosRulerMissingSetting, e.span,
                    "a remote write needs its 'url' (the CRD requires it)");
      return;
    }
    out_.remote_write.push_back(std::move(rw));
  }

  void alert_drop_labels(const AmEntry& e) {
    auto v = values_.scalars(e.values, e.key);
    if (!v) return;
    for (const Text& t : *v) {
      if (!is_valid_label_name(t.value, NameScheme::Utf8)) {
        diags_.report(DiagKind::ThanosRulerInvalidValue, t.span,
                      fmt::format("'{}' is not a label name", t.value));
        continue;
      }
      out_.alert_drop_labels.push_back(model_text(t));
    }
  }

  // `rule_selector role = "mz-rules", tier != "test"`: a label selector, matchLabels for '=',
  // NotIn for '!='. Kubernetes' label selectors have no regular expressions.
  void rule_selector(const AmEntry& e) {
    out_.rule_selector_span = e.span;
    if (e.kind != AmEntry::Kind::Match) {
      diags_.report(DiagKind::DslInvalidValue, e.span,
                    "'rule_selector' takes label requirements: rule_selector name = \"value\", "
                    "other != \"value\"");
      return;
    }
    std::vector<model::LabelRequirement> reqs;
    for (const AmMatcherText& m : e.matchers) {
      auto p = parse_matcher(m.text);
      if (!p || p->op == "=~" || p->op == "!~" || p->name.empty()) {
        diags_.report(DiagKind::ThanosRulerInvalidValue, m.span,
                      fmt::format("a rule selector requirement is name = \"value\" (matchLabels) "
                                  "or name != \"value\" (NotIn): Kubernetes label selectors have "
                                  "no regular expressions; not '{}'",
                                  m.text));
        return;
      }
      if (auto why = label_key_problem(p->name)) {
        diags_.report(DiagKind::ThanosRulerInvalidValue, m.span,
                      fmt::format("'{}' is not a Kubernetes label key: {}", p->name, *why));
        return;
      }
      model::LabelRequirement r;
      r.name = {p->name, m.span};
      r.op = p->op == "=" ? model::LabelRequirement::Op::Equals
                          : model::LabelRequirement::Op::NotEquals;
      r.value = {p->value, m.span};
      r.span = m.span;
      reqs.push_back(std::move(r));
    }
    out_.rule_selector = std::move(reqs);
  }

  // A qualified name with an optional DNS subdomain prefix: [prefix/]name, the name at most 63
  // characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit.
  static std::optional<std::string> label_key_problem(std::string_view key) {
    std::string_view name = key;
    if (size_t slash = key.find('/'); slash != std::string_view::npos) {
      if (auto why = subdomain_problem(key.substr(0, slash))) return "its prefix: " + *why;
      name = key.substr(slash + 1);
    }
    if (name.empty() || name.size() > 63) return "the name is empty or longer than 63 characters";
    for (char c : name) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
        return fmt::format("'{}' is not a letter, digit, '-', '_' or '.'", c);
    }
    if (!std::isalnum(static_cast<unsigned char>(name.front())) ||
        !std::isalnum(static_cast<unsigned char>(name.back())))
      return "the name starts or ends with a character that is not a letter or digit";
    return std::nullopt;
  }

  model::ThanosRulerStack& out_;
  Diagnostics& diags_;
  ValueReader values_;
};

std::string label_list(const model::LabelSet& labels) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{}: {}", k, v);
  }
  return out;
}

}  // namespace

std::optional<std::string> crd_duration_problem(std::string_view s) {
  if (s.empty()) return "it is empty";
  if (s == "0") return std::nullopt;
  constexpr std::string_view kUnits[] = {"y", "w", "d", "h", "m", "s", "ms"};
  int last = -1;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start) return fmt::format("'{}' at offset {} is not a digit", s[i], i);
    int unit = -1;
    if (s.substr(i).starts_with("ms")) {
      unit = 6;
    } else {
      for (int u = 0; u < 6 && i < s.size(); ++u) {
        if (s[i] == kUnits[u][0]) unit = u;
      }
    }
    if (unit < 0) return "a number without one of the units y, w, d, h, m, s, ms";
    if (unit <= last) return "the units are not in the order y, w, d, h, m, s, ms, each once";
    last = unit;
    i += kUnits[unit].size();
  }
  return std::nullopt;
}

void lower_thanos_ruler(const AmValueNode& body, Span keyword, model::ThanosRulerStack& out,
                        Diagnostics& diags) {
  RulerLowerer(out, diags).run(body, keyword);
}

void check_thanos_ruler(const model::Stack& stack, Diagnostics& diags) {
  const model::ThanosRulerStack& r = stack.chart.thanos_ruler;
  if (r.by != model::ThanosRulerBy::Operator) return;
  const model::ChartStack& chart = stack.chart;
  if (chart.thanos_rules == model::ThanosRulesVia::Inline && chart.thanos_rules_span.valid()) {
    diags.report(DiagKind::ThanosRulerConflictingSettings, chart.thanos_rules_span,
                 "'rules inline' mounts rule files into the chart's ruler, which does not run "
                 "when prometheus-operator deploys the ruler: the operator's ruler reads the "
                 "PrometheusRule resources; remove 'rules'");
  }
  if (!r.query_endpoints.empty() && r.query_config) {
    diags.report(DiagKind::ThanosRulerConflictingSettings, r.query_config->span,
                 "'query_config' and 'query_endpoints' are both given; the operator would use "
                 "the Secret and ignore the endpoints: keep one");
  } else if (r.query_endpoints.empty() && !r.query_config) {
    diags.report(DiagKind::ThanosRulerMissingSetting, r.span,
                 "the ThanosRuler needs where to query: 'query_endpoints [...]' or "
                 "'query_config { secret \"...\" key \"...\" }'");
  }
  if (r.alertmanager_url && r.alertmanagers_config) {
    diags.report(DiagKind::ThanosRulerConflictingSettings, r.alertmanagers_config->span,
                 "'alertmanagers_config' and 'alertmanager_url' are both given: keep one");
  } else if (!r.alertmanager_url && !r.alertmanagers_config) {
    diags.report(DiagKind::ThanosRulerMissingSetting, r.span,
                 "the ThanosRuler needs where to send alerts: 'alertmanager_url \"http://...\"' "
                 "(mzrules writes the configuration Secret) or 'alertmanagers_config { secret "
                 "\"...\" key \"...\" }'");
  }
  if (!r.rule_selector) return;
  // The selector as written against the labels every PrometheusRule of ours carries.
  model::LabelSet ours = model::prometheus_rule_labels(stack);
  auto value_of = [&](const std::string& name) -> const std::string* {
    for (const auto& [k, v] : ours) {
      if (k == name) return &v;
    }
    return nullptr;
  };
  bool matches = true;
  for (const model::LabelRequirement& q : *r.rule_selector) {
    const std::string* have = value_of(q.name.value);
    bool ok = q.op == model::LabelRequirement::Op::Equals ? have && *have == q.value.value
                                                          : !have || *have != q.value.value;
    if (ok) continue;
    matches = false;
    diags.report(DiagKind::ThanosRulerSelectsNone, q.span,
                 fmt::format("the rule selector requires {} {} \"{}\", which none of the "
                             "PrometheusRules mzrules writes satisfies: they carry {}",
                             q.name.value, q.op == model::LabelRequirement::Op::Equals ? "=" : "!=",
                             q.value.value, label_list(ours)));
  }
  if (!matches) return;
  for (const auto& [k, v] : ours) {
    bool required = false;
    for (const model::LabelRequirement& q : *r.rule_selector) {
      required |=
          q.op == model::LabelRequirement::Op::Equals && q.name.value == k && q.value.value == v;
    }
    if (required) continue;
    diags.report(DiagKind::ThanosRulerSelectsOthers, r.rule_selector_span,
                 fmt::format("the rule selector does not require {} = \"{}\", so it also selects "
                             "PrometheusRules in namespace '{}' that mzrules does not write; "
                             "require it",
                             k, v, stack.rules_namespace));
  }
}

}  // namespace mzr::dsl
