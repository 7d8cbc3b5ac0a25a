#include "compiler/check/recorded_references.h"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/check/expr_walk.h"

namespace mzr {
namespace {

// The span of the metric name: written before the braces, or the `__name__` matcher.
Span name_span(const promql::VectorSelector* vs) {
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

}  // namespace

RecordedReferences::RecordedReferences(const std::vector<model::RuleSet>& sets) {
  for (const model::RuleSet& set : sets) {
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) {
        if (r.kind == model::RuleKind::Recording && !r.name.value.empty())
          recorded_.insert(r.name.value);
      }
    }
  }
  suggest_ = std::make_unique<Suggester>(
      std::vector<std::string_view>(recorded_.begin(), recorded_.end()));
}

void RecordedReferences::check(const promql::Expr* root, const promql::Catalog& catalog,
                               Diagnostics& diags) {
  if (recorded_.empty()) return;
  walk_expr(root, [&](const promql::Expr* e) {
    const auto* vs = promql::as<promql::VectorSelector>(e);
    if (vs == nullptr) return;
    std::string_view name = vs->name;
    for (const promql::Matcher& m : vs->matchers) {
      if (m.name == "__name__" && m.op == promql::MatchOp::Equal) name = m.value;
    }
    if (name.find(':') == std::string_view::npos || recorded_.count(name)) return;
    if (catalog.find(name)) return;
    diags.report(
        DiagKind::DashboardUnknownRecordedMetric, name_span(vs),
        fmt::format("no recording rule records '{}'{}", name, suggest_->did_you_mean(name)));
  });
}

}  // namespace mzr
