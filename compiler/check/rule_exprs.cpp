#include "compiler/check/rule_exprs.h"

#include <fmt/format.h>

#include "compiler/check/alert_condition.h"
#include "compiler/check/for_interval.h"
#include "compiler/check/loki_rules.h"
#include "compiler/check/promql_lints.h"
#include "compiler/check/recorded_references.h"
#include "compiler/check/recording_cycles.h"
#include "compiler/check/template_labels.h"
#include "compiler/check/templates.h"
#include "compiler/promql/labels.h"
#include "compiler/promql/walk.h"

namespace mzr {
namespace {

promql::MetricKind kind_of(model::MetricType t) {
  switch (t) {
    case model::MetricType::Counter: return promql::MetricKind::Counter;
    case model::MetricType::Gauge: return promql::MetricKind::Gauge;
    case model::MetricType::Histogram: return promql::MetricKind::Histogram;
    case model::MetricType::Summary: return promql::MetricKind::Summary;
    case model::MetricType::Info: return promql::MetricKind::Info;
  }
  return promql::MetricKind::Unknown;
}

promql::Catalog catalog_of(const std::vector<model::Catalog>& catalogs) {
  promql::Catalog out;
  for (const model::Catalog& c : catalogs) {
    for (const model::MetricDecl& m : c.metrics) {
      promql::MetricInfo info{m.name.value, kind_of(m.type), {}, {}, !m.labels_known, {}};
      for (const model::Text& l : m.labels) info.labels.insert(l.value);
      for (const model::Text& l : c.target_labels) info.labels.insert(l.value);
      for (const auto& [label, values] : c.label_values) {
        info.values[label].insert(values.begin(), values.end());
      }
      out.add(std::move(info));
    }
  }
  return out;
}

void check_templates(const model::RuleGroup& g, const model::Rule& r,
                     const promql::LabelSet& series, const SourceManager* sources,
                     Diagnostics& diags) {
  if (!series.closed) return;
  check_template_labels(
      g, r, [&](const std::string& name) { return series.may_have(name) || name == "__name__"; },
      promql::format_labels(series), sources, diags);
}

// The metric names an expression selects.
std::vector<std::string> metrics_read(const promql::Expr* root) {
  std::vector<std::string> out;
  promql::walk(root, [&](const promql::Expr* e) {
    if (const auto* vs = promql::as<promql::VectorSelector>(e)) {
      if (!vs->name.empty()) out.push_back(vs->name);
      for (const promql::Matcher& m : vs->matchers) {
        if (m.name == "__name__" && m.op == promql::MatchOp::Equal) out.push_back(m.value);
      }
    }
  });
  return out;
}

void check_alert_templates(const AlertTemplateCheck& check, const model::Rule& r,
                           const SourceManager* sources, Diagnostics& diags) {
  for (const model::LabelPair& p : r.labels) check.check(r.name.value, p.value, sources, diags);
  for (const model::LabelPair& p : r.annotations)
    check.check(r.name.value, p.value, sources, diags);
}

}  // namespace

void check_rule_exprs(const std::vector<model::RuleSet>& sets,
                      const std::vector<model::Catalog>& catalogs, const promql::Options& options,
                      const model::RulePolicy& policy, Diagnostics& diags,
                      AlertSeriesLabels* alert_labels, promql::Catalog* recorded,
                      const SourceManager* sources) {
  promql::Catalog catalog = catalog_of(catalogs);
  RecordedReferences references(sets);
  PromqlLintEnv lints;
  lints.recorded = &references.names();
  lints.has_recording_rules = !references.names().empty();
  lints.recorded_suggestions = &references.suggester();
  lints.scrape_interval = policy.scrape_interval;
  MetricFamilies families = metric_families(catalogs);
  lints.families = &families;
  std::vector<RecordingDeps> deps;
  AlertTemplateCheck templates;
  for (const model::RuleSet& set : sets) {
    if (set.language == model::QueryLanguage::LogQL) {
      // The expressions are checked by check_loki_rules; the templates are the same.
      for (const model::RuleGroup& g : set.groups) {
        for (const model::Rule& r : g.rules) {
          if (r.kind == model::RuleKind::Alerting)
            check_alert_templates(templates, r, sources, diags);
        }
      }
      continue;
    }
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) {
        check_for_interval(g, r, diags);
        if (r.kind == model::RuleKind::Alerting)
          check_alert_templates(templates, r, sources, diags);
        if (r.expr.text.empty()) continue;  // reported by the loader
        Diagnostics parse_diags;
        promql::ParseResult result = promql::parse_expr(r.expr, options, parse_diags);
        report_parse_diagnostics(r, model::QueryLanguage::PromQL, result.root != nullptr,
                                 parse_diags, options, diags);
        if (!result.ok) continue;
        lints.catalog = &catalog;
        run_promql_lints(
            result.root,
            r.kind == model::RuleKind::Recording ? QueryKind::Recording : QueryKind::Alert, lints,
            diags);
        if (r.kind == model::RuleKind::Recording) {
          deps.push_back({&r, metrics_read(result.root)});
        } else {
          check_alert_condition(r, result.root, diags);
        }
        if (result.type != promql::ValueType::Vector && result.type != promql::ValueType::Scalar) {
          diags.report(DiagKind::RuleResultNotVector, r.expr_span,
                       fmt::format("rule expression returns a {}; rules need an instant vector or "
                                   "a scalar",
                                   promql::documented_name(result.type)));
          continue;
        }
        auto series = promql::infer_labels(result.root, catalog, diags);
        if (!series) continue;
        if (r.kind == model::RuleKind::Alerting) {
          check_templates(g, r, *series, sources, diags);
          if (alert_labels != nullptr) (*alert_labels)[&r] = *series;
        } else if (series->closed) {
          // The recorded series: the expression's labels plus the rule's and the group's.
          promql::MetricInfo info{r.name.value,
                                  promql::MetricKind::Gauge,
                                  std::move(series->labels),
                                  std::move(series->varying),
                                  false,
                                  {}};
          for (const model::LabelPair& l : r.labels) {
            info.labels.insert(l.name.value);
            info.varying.erase(l.name.value);  // a static value
          }
          for (const model::LabelPair& l : g.labels) {
            info.labels.insert(l.name.value);
            info.varying.erase(l.name.value);
          }
          info.labels.erase("__name__");
          catalog.add(std::move(info));
        }
      }
    }
  }
  check_recording_cycles(deps, diags);
  if (recorded) *recorded = std::move(catalog);
}

}  // namespace mzr
