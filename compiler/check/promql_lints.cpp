#include "compiler/check/promql_lints.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "compiler/check/label_values.h"
#include "compiler/promql/functions.h"
#include "compiler/promql/walk.h"

namespace mzr {

Span metric_name_span(const promql::VectorSelector* vs) {
  if (!vs->name.empty()) {
    Span s = vs->span;
    s.end = std::min<uint32_t>(s.end, s.begin + static_cast<uint32_t>(vs->name.size()));
    return s;
  }
  for (const promql::Matcher& m : vs->matchers) {
    if (m.name == "__name__") return m.span;
  }
  return vs->span;
}

namespace {

using promql::as;

// The metric a selector reads: its name, or the value of a `__name__="..."` matcher.
std::string_view metric_name(const promql::VectorSelector* vs) {
  std::string_view name = vs->name;
  for (const promql::Matcher& m : vs->matchers) {
    if (m.name == "__name__" && m.op == promql::MatchOp::Equal) name = m.value;
  }
  return name;
}

// The name a catalog lookup uses: the name written, else the first `__name__="..."` matcher.
std::string catalog_name(const promql::VectorSelector* vs) {
  if (!vs->name.empty()) return vs->name;
  for (const promql::Matcher& m : vs->matchers) {
    if (m.name == "__name__" && m.op == promql::MatchOp::Equal) return m.value;
  }
  return {};
}

bool from_variable(const PromqlLintEnv& env, Span s) {
  return env.from_variable && env.from_variable(s);
}

// A name the catalogs declare or a recording rule records: nothing to say about it.
bool known(const PromqlLintEnv& env, std::string_view name) {
  return (env.catalog != nullptr && env.catalog->find(name)) ||
         (env.recorded != nullptr && env.recorded->count(name) != 0);
}

// ---- the lints ---------------------------------------------------------------------------------

void range_shorter_than_two_scrapes(const PromqlLintNode& node, const PromqlLintEnv& env,
                                    Diagnostics& diags) {
  const auto* m = as<promql::MatrixSelector>(node.expr);
  if (m == nullptr) return;
  // Ranges computed with duration arithmetic are not judged.
  const auto* lit = as<promql::NumberLiteral>(m->range);
  if (lit == nullptr) return;
  auto ms = static_cast<int64_t>(std::llround(lit->value * 1000));
  if (ms <= 0 || ms >= 2 * env.scrape_interval.ms) return;
  diags.report(DiagKind::RangeShorterThanTwoScrapes, m->range->span,
               fmt::format("range of {} is shorter than two scrape intervals ({} each); a "
                           "single missed scrape leaves too few samples",
                           format_duration(Duration{ms}), format_duration(env.scrape_interval)));
}

void matcher_matches_no_known_value(const PromqlLintNode& node, const PromqlLintEnv& env,
                                    Diagnostics& diags) {
  const auto* vs = as<promql::VectorSelector>(node.expr);
  if (vs == nullptr || env.catalog == nullptr) return;
  check_label_values(
      vs, *env.catalog, [&](const promql::Matcher& m) { return from_variable(env, m.span); },
      diags);
}

// A renamed recording rule would otherwise silently empty every query that reads it. Silent
// when the repository has no recording rules: its queries then read another repository's.
void unknown_recorded_metric(const PromqlLintNode& node, const PromqlLintEnv& env,
                             Diagnostics& diags) {
  const auto* vs = as<promql::VectorSelector>(node.expr);
  if (vs == nullptr || !env.has_recording_rules) return;
  std::string_view name = metric_name(vs);
  if (name.find(':') == std::string_view::npos || from_variable(env, metric_name_span(vs))) return;
  if (known(env, name)) return;
  std::string hint =
      env.recorded_suggestions != nullptr ? env.recorded_suggestions->did_you_mean(name) : "";
  diags.report(DiagKind::UnknownRecordedMetric, metric_name_span(vs),
               fmt::format("no recording rule records '{}'{}", name, hint));
}

// An alert's threshold on a counter's raw value fires forever once the counter passes it (and
// stops at a restart): what is meant is its rate or increase.
void raw_counter_compared(const PromqlLintNode& node, const PromqlLintEnv& env,
                          Diagnostics& diags) {
  const auto* b = as<promql::BinaryExpr>(node.expr);
  if (b == nullptr || env.catalog == nullptr || !promql::is_comparison(b->op) || b->return_bool) {
    return;
  }
  for (const promql::Expr* side : {b->lhs, b->rhs}) {
    const auto* vs = as<promql::VectorSelector>(promql::unparen(side));
    if (vs == nullptr) continue;
    auto m = env.catalog->find(catalog_name(vs));
    if (m && m->kind == promql::MetricKind::Counter) {
      diags.report(DiagKind::PromqlRawCounterCompared, vs->span,
                   fmt::format("counter \"{}\" is compared raw; compare its rate() or "
                               "increase() instead",
                               m->name));
    }
  }
}

void unknown_metric(const PromqlLintNode& node, const PromqlLintEnv& env, Diagnostics& diags) {
  const auto* vs = as<promql::VectorSelector>(node.expr);
  if (vs == nullptr || env.families == nullptr) return;
  std::string_view name = metric_name(vs);
  if (name.empty() || name.find(':') != std::string_view::npos) return;
  if (from_variable(env, metric_name_span(vs)) || known(env, name)) return;
  std::string_view family = env.families->closed_family_of(name);
  if (family.empty()) return;
  diags.report(DiagKind::UnknownMetric, metric_name_span(vs),
               fmt::format("metric '{}' is not in the catalogs, which describe the '{}' metrics "
                           "in full{}",
                           name, family, env.families->suggestions->did_you_mean(name)));
}

void raw_counter_shown(const PromqlLintNode& node, const PromqlLintEnv& env, Diagnostics& diags) {
  const auto* vs = as<promql::VectorSelector>(node.expr);
  if (vs == nullptr || node.raw_counter_ok || env.catalog == nullptr) return;
  if (from_variable(env, metric_name_span(vs))) return;
  auto info = env.catalog->find(vs->name);
  if (!info || info->kind != promql::MetricKind::Counter || vs->name.ends_with("_bucket") ||
      vs->name.ends_with("_created")) {
    return;
  }
  diags.report(DiagKind::DashboardRawCounter, vs->span,
               fmt::format("counter '{}' is shown as its raw value; wrap it in rate() or "
                           "increase()",
                           vs->name));
}

void fixed_rate_window(const PromqlLintNode& node, const PromqlLintEnv& env, Diagnostics& diags) {
  const auto* c = as<promql::Call>(node.expr);
  if (c == nullptr || c->args.empty()) return;
  std::string_view f = c->func->name;
  if (f != "rate" && f != "irate" && f != "increase") return;
  const auto* ms = as<promql::MatrixSelector>(promql::unparen(c->args[0]));
  if (ms == nullptr || (env.dashboard_window && env.dashboard_window(ms->range))) return;
  diags.report(DiagKind::DashboardRateInterval, ms->range ? ms->range->span : ms->span,
               fmt::format("{}() over a fixed window; use '$__rate_interval', which follows the "
                           "dashboard's resolution and scrape interval",
                           f));
}

// One row per lint; rows on the same node run in this order.
constexpr PromqlLint kLints[] = {
    {DiagKind::RangeShorterThanTwoScrapes, "a range selector shorter than two scrape intervals",
     true, true, false, range_shorter_than_two_scrapes},
    {DiagKind::MatcherMatchesNoKnownValue,
     "a matcher that matches none of the values the deployment gives a catalog's label", true, true,
     true, matcher_matches_no_known_value},
    {DiagKind::UnknownRecordedMetric,
     "a recorded name (level:metric:operation) that no recording rule records", true, true, true,
     unknown_recorded_metric},
    {DiagKind::PromqlRawCounterCompared,
     "a counter's raw value compared with a threshold in an alert's condition", false, true, false,
     raw_counter_compared},
    {DiagKind::UnknownMetric,
     "a metric missing from catalogs that describe its family (prefix) in full", true, true, true,
     unknown_metric},
    {DiagKind::DashboardRawCounter, "a counter shown as its raw value", false, false, true,
     raw_counter_shown},
    {DiagKind::DashboardRateInterval,
     "rate(), irate() or increase() over a fixed window rather than the dashboard's", false, false,
     true, fixed_rate_window},
};

// Functions for which a raw counter is as good as any series.
bool raw_counter_ok_in(std::string_view f) {
  return f == "absent" || f == "present_over_time" || f == "timestamp" || f == "changes" ||
         f == "resets" || f == "absent_over_time" || f == "count_over_time" ||
         f == "last_over_time" || f == "label_replace" || f == "label_join" ||
         f == "max_over_time" || f == "min_over_time";
}

struct Runner {
  std::vector<const PromqlLint*> lints;
  const PromqlLintEnv& env;
  Diagnostics& diags;

  void node(const promql::Expr* e, bool raw_counter_ok) {
    if (e == nullptr) return;
    PromqlLintNode n{e, raw_counter_ok};
    for (const PromqlLint* l : lints) l->run(n, env, diags);
    bool children_ok = raw_counter_ok;
    const promql::Expr* counted = nullptr;  // the one child whose context differs
    if (e->kind == promql::ExprKind::MatrixSelector) {
      children_ok = true;
    } else if (const auto* c = as<promql::Call>(e)) {
      children_ok = raw_counter_ok || raw_counter_ok_in(c->func->name);
    } else if (const auto* a = as<promql::AggregateExpr>(e)) {
      if (a->op == promql::AggOp::Count || a->op == promql::AggOp::Group ||
          a->op == promql::AggOp::CountValues) {
        counted = a->expr;  // the parameter keeps the outer context
      }
    }
    promql::for_each_child(e, [&](const promql::Expr* child) {
      node(child, children_ok || (child != nullptr && child == counted));
    });
  }
};

}  // namespace

std::span<const PromqlLint> promql_lints() {
  return kLints;
}

void run_promql_lints(const promql::Expr* root, QueryKind kind, const PromqlLintEnv& env,
                      Diagnostics& diags, bool raw_counter_ok) {
  Runner r{{}, env, diags};
  for (const PromqlLint& l : kLints) {
    if (l.runs_on(kind)) r.lints.push_back(&l);
  }
  r.node(root, raw_counter_ok);
}

}  // namespace mzr
