#include "compiler/dsl/lower_chart.h"

#include <fmt/format.h>

#include <cctype>
#include <map>

#include "compiler/base/duration.h"
#include "compiler/dsl/lower_thanos_ruler.h"
#include "compiler/dsl/lower_values.h"

namespace mzr::dsl {
namespace {

model::Text model_text(const Text& t) {
  return {t.value, t.span};
}

class ChartLowerer {
 public:
  ChartLowerer(model::ChartStack& out, Diagnostics& diags)
      : out_(out), diags_(diags), values_(diags) {}

  void settings(const AmValueNode& body, Span keyword) {
    out_.span = keyword;
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (!setting(e, "the chart settings") || !values_.first(seen, e.key)) continue;
      if (e.key.value == "thanos") {
        if (const AmValueNode* b = values_.body_of(e)) thanos(*b);
      } else if (e.key.value == "loki") {
        if (const AmValueNode* b = values_.body_of(e)) loki(*b);
      } else if (e.key.value == "kube_state_metrics") {
        if (const AmValueNode* b = values_.body_of(e)) kube_state_metrics(*b);
      } else if (e.key.value == "node_exporter") {
        if (const AmValueNode* b = values_.body_of(e)) node_exporter(*b);
      } else if (e.key.value == "pipeline") {
        if (const AmValueNode* b = values_.body_of(e)) pipeline(*b);
      } else {
        values_.unknown_key(e.key, "chart setting",
                            {"thanos", "loki", "kube_state_metrics", "node_exporter", "pipeline"});
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

  std::optional<model::Text> duration(const AmEntry& e) {
    auto v = values_.scalar(e.values, e.key);
    if (!v) return std::nullopt;
    DurationError error;
    if (!parse_duration(v->value, &error)) {
      diags_.report(
          DiagKind::DslInvalidValue, v->span,
          fmt::format("'{}' takes a duration such as 30d: {}", e.key.value, error.message));
      return std::nullopt;
    }
    return model_text(*v);
  }

  // `thanos { rules inline  retention { raw 30d, "5m" 90d, "1h" 365d }  downsampling true
  //           replica_labels [...]  partial_response true  store_partition { min "" max "-2w" } }`
  void thanos(const AmValueNode& body) {
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (!setting(e, "the chart's thanos settings")) continue;
      const std::string& key = e.key.value;
      if (key != "store_partition" && !values_.first(seen, e.key)) continue;
      if (key == "rules") {
        out_.thanos_rules_span = e.span;
        if (auto v = values_.one_of(e.values, e.key, {"inline", "prometheusrule"}))
          out_.thanos_rules = v->value == "inline" ? model::ThanosRulesVia::Inline
                                                   : model::ThanosRulesVia::PrometheusRule;
      } else if (key == "ruler") {
        if (const AmValueNode* b = values_.body_of(e))
          lower_thanos_ruler(*b, e.key.span, out_.thanos_ruler, diags_);
      } else if (key == "retention") {
        if (const AmValueNode* b = values_.body_of(e)) retention(*b);
      } else if (key == "downsampling") {
        out_.downsampling = values_.boolean(e.values, e.key);
      } else if (key == "replica_labels") {
        if (auto v = values_.scalars(e.values, e.key)) {
          std::vector<model::Text> labels;
          for (const Text& t : *v) labels.push_back(model_text(t));
          out_.replica_labels = std::move(labels);
        }
      } else if (key == "partial_response") {
        out_.query_partial_response = values_.boolean(e.values, e.key);
      } else if (key == "store_partition") {
        if (const AmValueNode* b = values_.body_of(e)) store_partition(*b, e.span);
      } else {
        values_.unknown_key(e.key, "chart thanos setting",
                            {"rules", "ruler", "retention", "downsampling", "replica_labels",
                             "partial_response", "store_partition"});
      }
    }
  }

  // The thanos chart's compactor keeps one retention per resolution Thanos downsamples to: raw,
  // 5m and 1h (`compactor.retention.resolutionRaw`, `resolution5m`, `resolution1h`).
  void retention(const AmValueNode& body) {
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (!setting(e, "a retention block") || !values_.first(seen, e.key)) continue;
      const std::string& key = e.key.value;
      std::optional<model::Text>* slot = key == "raw"  ? &out_.retention_raw
                                         : key == "5m" ? &out_.retention_5m
                                         : key == "1h" ? &out_.retention_1h
                                                       : nullptr;
      if (slot == nullptr) {
        diags_.report(DiagKind::ChartSettingUnsupported, e.key.span,
                      fmt::format("retention for resolution '{}' cannot be expressed by {} (thanos "
                                  "chart 0.30.0): Thanos keeps raw blocks and downsamples to 5m "
                                  "and 1h only, so the resolutions are raw, \"5m\" and \"1h\"",
                                  key, kChartVersion));
        continue;
      }
      if (auto d = duration(e)) *slot = *d;
    }
  }

  static bool partition_bound(std::string_view s) {
    if (s.empty()) return true;
    if (s.front() == '-') return parse_duration(s.substr(1)).has_value();
    // RFC 3339: 2024-01-02T03:04:05Z and the like.
    return s.size() >= 20 && std::isdigit(static_cast<unsigned char>(s[0])) && s[4] == '-' &&
           s[10] == 'T';
  }

  void store_partition(const AmValueNode& body, Span at) {
    model::StorePartition p;
    p.span = at;
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (!setting(e, "a store partition") || !values_.first(seen, e.key)) continue;
      if (e.key.value != "min" && e.key.value != "max") {
        values_.unknown_key(e.key, "store partition setting", {"min", "max"});
        continue;
      }
      auto v = values_.scalar(e.values, e.key);
      if (!v) continue;
      if (!partition_bound(v->value)) {
        diags_.report(DiagKind::DslInvalidValue, v->span,
                      fmt::format("'{}' is a time Thanos reads: RFC 3339, a negative duration "
                                  "relative to now such as -2w, or \"\" for an open bound; not "
                                  "'{}'",
                                  e.key.value, v->value));
        continue;
      }
      (e.key.value == "min" ? p.min : p.max) = v->value;
    }
    out_.store_partitions.push_back(std::move(p));
  }

  // `loki { retention 30d  stream_retention { selector "{...}" period 7d priority 2 }
  //         tenant_retention { tenant "loki"  period 90d  stream_retention { ... } } }`
  void loki(const AmValueNode& body) {
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (!setting(e, "the chart's loki settings")) continue;
      const std::string& key = e.key.value;
      if (key == "retention") {
        if (values_.first(seen, e.key)) out_.loki_retention = duration(e);
      } else if (key == "stream_retention") {
        if (const AmValueNode* b = values_.body_of(e)) {
          if (auto s = stream_retention(*b, e.span)) out_.loki_streams.push_back(std::move(*s));
        }
      } else if (key == "tenant_retention") {
        if (const AmValueNode* b = values_.body_of(e)) tenant_retention(*b, e.span);
      } else {
        values_.unknown_key(e.key, "chart loki setting",
                            {"retention", "stream_retention", "tenant_retention"});
      }
    }
  }

  std::optional<model::LokiStreamRetention> stream_retention(const AmValueNode& body, Span at) {
    model::LokiStreamRetention r;
    r.span = at;
    bool selector = false;
    bool period = false;
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (!setting(e, "a stream retention") || !values_.first(seen, e.key)) continue;
      if (e.key.value == "selector") {
        if (auto v = values_.scalar(e.values, e.key)) {
          std::string_view s = v->value;
          if (s.size() < 2 || s.front() != '{' || s.back() != '}') {
            diags_.report(DiagKind::DslInvalidValue, v->span,
                          "'selector' is a LogQL stream selector: {label=\"value\", ...}");
            continue;
          }
          r.selector = model_text(*v);
          selector = true;
        }
      } else if (e.key.value == "period") {
        if (auto d = duration(e)) {
          r.period = *d;
          period = true;
        }
      } else if (e.key.value == "priority") {
        if (auto n = values_.integer(e.values, e.key, 0, 1000000))
          r.priority = static_cast<int>(*n);
      } else {
        values_.unknown_key(e.key, "stream retention setting", {"selector", "period", "priority"});
      }
    }
    if (!selector || !period) {
      diags_.report(
          DiagKind::DslInvalidValue, at,
          fmt::format("a stream retention needs {}", !selector ? "a 'selector'" : "a 'period'"));
      return std::nullopt;
    }
    return r;
  }

  void tenant_retention(const AmValueNode& body, Span at) {
    model::LokiTenantRetention t;
    t.span = at;
    bool tenant = false;
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (!setting(e, "a tenant retention")) continue;
      if (e.key.value != "stream_retention" && !values_.first(seen, e.key)) continue;
      if (e.key.value == "tenant") {
        if (auto v = values_.scalar(e.values, e.key)) {
          t.tenant = model_text(*v);
          tenant = true;
        }
      } else if (e.key.value == "period") {
        t.period = duration(e);
      } else if (e.key.value == "stream_retention") {
        if (const AmValueNode* b = values_.body_of(e)) {
          if (auto s = stream_retention(*b, e.span)) t.streams.push_back(std::move(*s));
        }
      } else {
        values_.unknown_key(e.key, "tenant retention setting",
                            {"tenant", "period", "stream_retention"});
      }
    }
    if (!tenant) {
      diags_.report(DiagKind::DslInvalidValue, at, "a tenant retention needs a 'tenant'");
      return;
    }
    for (const model::LokiTenantRetention& other : out_.loki_tenants) {
      if (other.tenant.value == t.tenant.value) {
        diags_
            .report(DiagKind::DslDuplicateField, t.tenant.span,
                    fmt::format("the retention of tenant '{}' is given twice", t.tenant.value))
            .note(other.tenant.span, "first given here");
        return;
      }
    }
    out_.loki_tenants.push_back(std::move(t));
  }

  // `kube_state_metrics { allowlist derived|off  keep [kube_pod_info, ...] }`
  void kube_state_metrics(const AmValueNode& body) {
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (!setting(e, "the chart's kube_state_metrics settings") || !values_.first(seen, e.key))
        continue;
      if (e.key.value == "allowlist") {
        if (auto v = values_.one_of(e.values, e.key, {"derived", "off"}))
          out_.ksm_allowlist = v->value == "derived";
      } else if (e.key.value == "keep") {
        if (auto v = values_.scalars(e.values, e.key)) {
          for (const Text& t : *v) out_.ksm_keep.push_back(model_text(t));
        }
      } else {
        values_.unknown_key(e.key, "kube_state_metrics setting", {"allowlist", "keep"});
      }
    }
  }

  // `node_exporter { collectors derived|chart  keep [hwmon] }`
  void node_exporter(const AmValueNode& body) {
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (!setting(e, "the chart's node_exporter settings") || !values_.first(seen, e.key))
        continue;
      if (e.key.value == "collectors") {
        if (auto v = values_.one_of(e.values, e.key, {"derived", "chart"}))
          out_.node_collectors_derived = v->value == "derived";
      } else if (e.key.value == "keep") {
        if (auto v = values_.scalars(e.values, e.key)) {
          for (const Text& t : *v) out_.node_keep.push_back(model_text(t));
        }
      } else {
        values_.unknown_key(e.key, "node_exporter setting", {"collectors", "keep"});
      }
    }
  }

  // `pipeline { drop_unused true  keep [up, ...] }`
  void pipeline(const AmValueNode& body) {
    std::map<std::string, Span> seen;
    for (const AmEntry& e : body.entries) {
      if (!setting(e, "the chart's pipeline settings") || !values_.first(seen, e.key)) continue;
      if (e.key.value == "drop_unused") {
        out_.pipeline_drop_unused = values_.boolean(e.values, e.key).value_or(false);
      } else if (e.key.value == "keep") {
        if (auto v = values_.scalars(e.values, e.key)) {
          for (const Text& t : *v) out_.pipeline_keep.push_back(model_text(t));
        }
      } else {
        values_.unknown_key(e.key, "pipeline setting", {"drop_unused", "keep"});
      }
    }
  }

  model::ChartStack& out_;
  Diagnostics& diags_;
  ValueReader values_;
};

}  // namespace

void lower_chart_settings(const StackEntry& e, model::ChartStack& out, Diagnostics& diags) {
  if (e.body) ChartLowerer(out, diags).settings(*e.body, e.keyword);
}

std::optional<std::string> namespace_problem(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (name.size() > 63) return fmt::format("it has {} characters, more than 63", name.size());
  for (char c : name) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
      return fmt::format("'{}' is not a lowercase letter, digit or '-'", c);
  }
  if (name.front() == '-' || name.back() == '-') return "it starts or ends with '-'";
  return std::nullopt;
}

}  // namespace mzr::dsl
