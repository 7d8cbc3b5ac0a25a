#include "compiler/dsl/lower.h"

#include <fmt/format.h>

#include <map>
#include <variant>

#include "compiler/dsl/lower_chart.h"
#include "compiler/dsl/lower_grafana.h"
#include "compiler/dsl/lower_loki.h"
#include "compiler/dsl/lower_tests.h"
#include "compiler/dsl/lower_thanos_ruler.h"

namespace mzr::dsl {
namespace {

// The lambdas of a std::visit, one per alternative. Each takes its block type exactly, so none
// stands in for another.
template <typename... F>
struct Handlers : F... {
  using F::operator()...;
};
template <typename... F>
Handlers(F...) -> Handlers<F...>;

model::Text text(const Name& n) {
  return {n.value, n.span};
}
model::Text text(const Text& t) {
  return {t.value, t.span};
}
model::TimeSpan time_span(const DurationValue& d) {
  return {d.value, d.span};
}

std::vector<model::LabelPair> pairs(const LabelMap& m) {
  std::vector<model::LabelPair> out;
  for (const LabelPair& p : m.pairs) out.push_back({text(p.name), text(p.value)});
  return out;
}

bool valid_partial_response(const Name& n, Diagnostics& diags) {
  if (n.value == "warn" || n.value == "abort") return true;
  diags.report(DiagKind::DslInvalidValue, n.span,
               fmt::format("partial_response is 'warn' or 'abort', not '{}'", n.value));
  return false;
}

// `complete_checks_off`: after syntax errors, missing parts are what the parser could not read.
model::RuleGroup group(const RuleGroupBlock& b, bool complete_checks_off, Diagnostics& diags) {
  model::RuleGroup g;
  g.name = text(b.name);
  g.span = b.span;
  if (b.options.every) g.interval = time_span(*b.options.every);
  if (b.options.offset) g.query_offset = time_span(*b.options.offset);
  if (b.options.limit) g.limit = *b.options.limit;
  if (b.options.partial_response && b.loki) {
    diags.report(DiagKind::DslOptionNotForGroup, b.options.partial_response->span,
                 "'partial_response' is a Thanos option; Loki groups do not have it");
  } else if (b.options.partial_response &&
             valid_partial_response(*b.options.partial_response, diags)) {
    g.partial_response_strategy = text(*b.options.partial_response);
  }
  if (b.options.tenant && !b.loki) {
    diags.report(DiagKind::DslOptionNotForGroup, b.options.tenant->span,
                 fmt::format("'tenant' is an option of Loki groups; write 'loki {} {}' to have "
                             "the Loki ruler evaluate this group",
                             b.alerting ? "alerts" : "rules", b.name.value));
  } else if (b.options.tenant && valid_loki_tenant(*b.options.tenant, diags)) {
    g.tenant = text(*b.options.tenant);
  }
  if (b.options.labels) g.labels = pairs(*b.options.labels);
  for (const RecordRule& r : b.records) {
    model::Rule rule;
    rule.kind = model::RuleKind::Recording;
    rule.name = text(r.name);
    rule.expr = r.expr.text;
    rule.expr_span = r.expr.span;
    if (r.labels) rule.labels = pairs(*r.labels);
    rule.span = r.span;
    g.rules.push_back(std::move(rule));
  }
  for (const AlertRule& a : b.alerts) {
    model::Rule rule;
    rule.kind = model::RuleKind::Alerting;
    rule.name = text(a.name);
    rule.span = a.span;
    if (a.for_duration) rule.for_duration = time_span(*a.for_duration);
    if (a.keep_firing_for) rule.keep_firing_for = time_span(*a.keep_firing_for);
    std::map<std::string, Span> annotation_at;
    auto annotate = [&](const std::string& key, Span key_span, const Text& value) {
      auto [it, inserted] = annotation_at.emplace(key, key_span);
      if (!inserted) {
        diags
            .report(DiagKind::DslDuplicateField, key_span,
                    fmt::format("annotation '{}' is given twice in alert '{}'", key, a.name.value))
            .note(it->second, "first given here");
        return;
      }
      rule.annotations.push_back({{key, key_span}, text(value)});
    };
    bool has_expr = false;
    for (const AlertField& f : a.fields) {
      switch (f.kind) {
        case AlertField::Kind::Expr:
          has_expr = true;
          rule.expr = f.expr->text;
          rule.expr_span = f.expr->span;
          break;
        case AlertField::Kind::Labels: rule.labels = pairs(*f.map); break;
        case AlertField::Kind::Annotations:
          for (const LabelPair& p : f.map->pairs) annotate(p.name.value, p.name.span, p.value);
          break;
        case AlertField::Kind::Summary: annotate("summary", f.keyword, *f.text); break;
        case AlertField::Kind::Description: annotate("description", f.keyword, *f.text); break;
        case AlertField::Kind::Runbook: annotate("runbook_url", f.keyword, *f.text); break;
      }
    }
    if (!has_expr && !complete_checks_off) {
      diags.report(DiagKind::DslMissingExpr, a.name.span,
                   fmt::format("alert '{}' has no 'expr'", a.name.value));
    }
    g.rules.push_back(std::move(rule));
  }
  return g;
}

model::Catalog catalog(const MetricsBlock& b) {
  model::Catalog c;
  c.name = text(b.name);
  c.span = b.span;
  if (b.target_labels) {
    for (const Name& n : *b.target_labels) c.target_labels.push_back(text(n));
  }
  for (const Metric& m : b.metrics) {
    model::MetricDecl d;
    d.type = static_cast<model::MetricType>(m.type);
    d.name = text(m.name);
    if (m.labels) {
      for (const Name& n : *m.labels) d.labels.push_back(text(n));
    }
    d.labels_known = m.labels.has_value();
    if (m.help) d.help = text(*m.help);
    d.span = m.span;
    c.metrics.push_back(std::move(d));
  }
  return c;
}

model::Stack stack(const StackBlock& b, Diagnostics& diags) {
  model::Stack s;
  s.span = b.span;
  for (const StackEntry& e : b.entries) {
    switch (e.kind) {
      case StackEntry::Kind::ExternalLabels: s.external_labels = pairs(*e.map); break;
      case StackEntry::Kind::Thanos:
        if (e.thanos_partial_response &&
            valid_partial_response(*e.thanos_partial_response, diags)) {
          s.thanos_partial_response = text(*e.thanos_partial_response);
        }
        break;
      case StackEntry::Kind::RulesNamespace:
        if (auto why = namespace_problem(e.text->value)) {
          diags.report(DiagKind::ChartInvalidKubernetesName, e.text->span,
                       fmt::format("'{}' is not a Kubernetes namespace: {}", e.text->value, *why));
        }
        s.rules_namespace = e.text->value;
        break;
      case StackEntry::Kind::RuleSelector: s.rule_selector = pairs(*e.map); break;
      case StackEntry::Kind::Loki: lower_loki_settings(e, s.loki, diags); break;
      case StackEntry::Kind::Grafana: lower_grafana_settings(e, s.grafana, diags); break;
      case StackEntry::Kind::Chart: lower_chart_settings(e, s.chart, diags); break;
    }
  }
  // An empty selector makes the thanos chart's importer take every PrometheusRule in the cluster.
  if (s.chart.thanos_rules == model::ThanosRulesVia::PrometheusRule && s.rule_selector.empty()) {
    diags.report(DiagKind::DslInvalidValue, s.chart.span,
                 "the Thanos ruler imports PrometheusRules by the stack's 'rule_selector', which "
                 "is empty: it would import every PrometheusRule in the cluster, not only ours");
  }
  check_thanos_ruler(s, diags);
  return s;
}

}  // namespace

void lower(const File& file, Lowered& out, Diagnostics& diags) {
  model::RuleSet set;
  set.format = model::RuleSourceFormat::Mzr;
  set.file = file.source;
  model::RuleSet loki = set;
  loki.language = model::QueryLanguage::LogQL;
  // One handler per kind of block and no default: a kind added to `Item` without a way to
  // lower it does not compile.
  Handlers handlers{
      [&](const RuleGroupBlock& g) {
        (g.loki ? loki : set).groups.push_back(group(g, file.has_errors, diags));
      },
      [&](const StreamsBlock& st) { out.streams.push_back(lower_streams(st)); },
      [&](const MetricsBlock& m) { out.catalogs.push_back(catalog(m)); },
      [&](const StackBlock& s) {
        if (out.stack) {
          diags.report(DiagKind::DslDuplicateStack, s.span, "the stack is described twice")
              .note(out.stack->span, "first described here");
        } else {
          out.stack = stack(s, diags);
        }
      },
      [&](const AmBlock& am) { lower_alertmanager(am, out.alertmanager, diags); },
      [&](const RouteTestBlock& t) { out.route_tests.push_back(lower_route_test(t)); },
      [&](const RuleTestBlock& rt) { out.rule_tests.push_back(lower_rule_test(rt, diags)); },
      [&](const DashboardBlock& d) { out.dashboards.push_back(d); },
  };
  for (const Item& item : file.items) std::visit(handlers, item);
  if (!set.groups.empty()) out.rule_sets.push_back(std::move(set));
  if (!loki.groups.empty()) out.rule_sets.push_back(std::move(loki));
}

}  // namespace mzr::dsl
