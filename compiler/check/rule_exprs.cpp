#include "compiler/check/rule_exprs.h"

#include <fmt/format.h>

namespace mzr {

void check_rule_exprs(const model::RuleSet& set, const promql::Options& options,
                      Diagnostics& diags) {
  // LogQL rule sets are checked by the LogQL front end.
  if (set.language != model::QueryLanguage::PromQL) return;
  for (const model::RuleGroup& g : set.groups) {
    for (const model::Rule& r : g.rules) {
      if (r.expr.text.empty()) continue;  // reported by the loader
      promql::ParseResult result = promql::parse_expr(r.expr, options, diags);
      if (!result.ok) continue;
      if (result.type != promql::ValueType::Vector && result.type != promql::ValueType::Scalar) {
        diags.report(DiagKind::RuleResultNotVector, r.expr_span,
                     fmt::format("rule expression returns a {}; rules need an instant vector or a "
                                 "scalar",
                                 promql::documented_name(result.type)));
      }
    }
  }
}

}  // namespace mzr
