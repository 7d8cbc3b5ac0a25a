#include "compiler/check/rule_exprs.h"

#include <fmt/format.h>

#include "compiler/check/loki_rules.h"
#include "compiler/check/template_labels.h"
#include "compiler/promql/labels.h"

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
      promql::MetricInfo info{m.name.value, kind_of(m.type), {}, {}};
      for (const model::Text& l : m.labels) info.labels.insert(l.value);
      for (const model::Text& l : c.target_labels) info.labels.insert(l.value);
      out.add(std::move(info));
    }
  }
  return out;
}

void check_templates(const model::RuleGroup& g, const model::Rule& r,
                     const promql::LabelSet& series, Diagnostics& diags) {
  if (!series.closed) return;
  auto check = [&](const model::LabelPair& p) {
    for (const std::string& name : labels_read(p.value.value)) {
      if (series.may_have(name) || name == "__name__") continue;
      bool static_label = false;
      for (const auto* set : {&r.labels, &g.labels}) {
        for (const model::LabelPair& l : *set) static_label |= l.name.value == name;
      }
      auto& d = diags.report(DiagKind::TemplateLabelNeverSet, p.value.span,
                             fmt::format("'$labels.{}' is always empty: the series of alert '{}' "
                                         "never carry label '{}'",
                                         name, r.name.value, name));
      d.note(r.expr_span, fmt::format("the expression returns series with labels {}",
                                      promql::format_labels(series)));
      if (static_label) {
        d.note(p.value.span, fmt::format("'{}' is a label of the rule; write its value directly, "
                                         "$labels holds only the series' labels",
                                         name));
      }
    }
  };
  for (const model::LabelPair& p : r.annotations) check(p);
  for (const model::LabelPair& p : r.labels) check(p);
}

}  // namespace

void check_rule_exprs(const std::vector<model::RuleSet>& sets,
                      const std::vector<model::Catalog>& catalogs, const promql::Options& options,
                      Diagnostics& diags, promql::Catalog* recorded) {
  promql::Catalog catalog = catalog_of(catalogs);
  for (const model::RuleSet& set : sets) {
    if (set.language == model::QueryLanguage::LogQL) continue;  // check_loki_rules
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) {
        if (r.kind == model::RuleKind::Alerting && g.interval && r.for_duration &&
            r.for_duration->value.ms > 0 && r.for_duration->value < g.interval->value) {
          diags.report(DiagKind::ForShorterThanInterval, r.for_duration->span,
                       fmt::format("'for: {}' is shorter than the group's interval of {}",
                                   format_duration(r.for_duration->value),
                                   format_duration(g.interval->value)));
        }
        if (r.expr.text.empty()) continue;  // reported by the loader
        Diagnostics parse_diags;
        promql::ParseResult result = promql::parse_expr(r.expr, options, parse_diags);
        report_parse_diagnostics(r, model::QueryLanguage::PromQL, result.root != nullptr,
                                 parse_diags, options, diags);
        if (!result.ok) continue;
        if (result.type != promql::ValueType::Vector && result.type != promql::ValueType::Scalar) {
          diags.report(DiagKind::RuleResultNotVector, r.expr_span,
                       fmt::format("rule expression returns a {}; rules need an instant vector or "
                                   "a scalar",
                                   promql::documented_name(result.type)));
          continue;
        }
        promql::InferOptions infer;
        infer.alert = r.kind == model::RuleKind::Alerting;
        auto series = promql::infer_labels(result.root, catalog, diags, infer);
        if (!series) continue;
        if (r.kind == model::RuleKind::Alerting) {
          check_templates(g, r, *series, diags);
        } else if (series->closed) {
          // The recorded series: the expression's labels plus the rule's and the group's.
          promql::MetricInfo info{r.name.value, promql::MetricKind::Gauge, series->labels,
                                  series->varying};
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
  if (recorded) *recorded = std::move(catalog);
}

}  // namespace mzr
