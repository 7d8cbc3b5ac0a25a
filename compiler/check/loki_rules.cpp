#include "compiler/check/loki_rules.h"

#include <fmt/format.h>

#include "compiler/check/for_interval.h"
#include "compiler/check/template_labels.h"
#include "compiler/frontend/logql.h"

namespace mzr {
namespace {

std::string format_labels(const logql::LabelSet& s) {
  std::string out = "{";
  for (const std::string& l : s.labels) out += (out.size() > 1 ? ", " : "") + l;
  return out + "}";
}

void check_templates(const model::RuleGroup& g, const model::Rule& r, const logql::LabelSet& series,
                     const SourceManager* sources, Diagnostics& diags) {
  if (series.open) return;
  check_template_labels(
      g, r, [&](const std::string& name) { return series.may_have(name); }, format_labels(series),
      sources, diags);
}

// The expression itself, without the surrounding blanks or a YAML block scalar's indicator.
Span expression_span(const model::Rule& r) {
  const std::string& t = r.expr.text;
  size_t b = t.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return r.expr_span;
  size_t e = t.find_last_not_of(" \t\r\n") + 1;
  return r.expr.span(static_cast<uint32_t>(b), static_cast<uint32_t>(e));
}

}  // namespace

void report_parse_diagnostics(const model::Rule& rule, model::QueryLanguage language,
                              bool syntax_ok, const Diagnostics& parse_diags,
                              const promql::Options& promql_options, Diagnostics& diags) {
  if (!syntax_ok && parse_diags.has_errors()) {
    Diagnostics other;
    bool loki = language == model::QueryLanguage::LogQL;
    bool other_ok = loki ? promql::parse_expr(rule.expr, promql_options, other).ok
                         : logql::parse_logql(rule.expr, {}, other).ok;
    if (other_ok && !other.has_errors()) {
      if (loki) {
        diags.report(DiagKind::LokiRuleIsPromql, expression_span(rule),
                     fmt::format("'{}' is evaluated by the Loki ruler, but its expression is "
                                 "PromQL, not LogQL; put it in a Prometheus group",
                                 rule.name.value));
      } else {
        diags.report(DiagKind::PromqlRuleIsLogql, expression_span(rule),
                     fmt::format("this looks like LogQL, not PromQL; put '{}' in a Loki group "
                                 "('loki alerts' or 'loki rules')",
                                 rule.name.value));
      }
      return;
    }
  }
  for (const Diagnostic& d : parse_diags.all()) {
    Diagnostic& copy = diags.report(d.kind, d.span, d.message);
    for (const Note& n : d.notes) copy.note(n.span, n.message);
  }
}

void check_loki_rules(const std::vector<model::RuleSet>& sets,
                      const std::vector<model::StreamCatalog>& streams,
                      const promql::Options& promql_options, Diagnostics& diags,
                      const SourceManager* sources) {
  logql::StreamCatalog catalog;
  for (const model::StreamCatalog& c : streams) {
    for (const model::Text& l : c.labels) catalog.labels.insert(l.value);
  }
  logql::Options options;
  options.streams = streams.empty() ? nullptr : &catalog;
  // A rule must be a metric query: Loki's ruler loads a log query, but it fails at every
  // evaluation.
  options.require_metric_query = true;
  for (const model::RuleSet& set : sets) {
    if (set.language != model::QueryLanguage::LogQL) continue;
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) {
        check_for_interval(g, r, diags);
        if (r.expr.text.empty()) continue;  // reported by the loader
        Diagnostics parse_diags;
        logql::ParseResult result = logql::parse_logql(r.expr, options, parse_diags);
        report_parse_diagnostics(r, model::QueryLanguage::LogQL, result.root != nullptr,
                                 parse_diags, promql_options, diags);
        if (result.ok && r.kind == model::RuleKind::Alerting) {
          check_templates(g, r, result.labels, sources, diags);
        }
      }
    }
  }
}

}  // namespace mzr
