#include "compiler/check/alert_condition.h"

#include <fmt/format.h>

#include "compiler/promql/functions.h"

namespace mzr {

using namespace promql;

bool has_condition(const Expr* e) {
  if (e == nullptr) return false;
  switch (e->kind) {
    case ExprKind::Paren: return has_condition(as<ParenExpr>(e)->expr);
    case ExprKind::Unary: return has_condition(as<UnaryExpr>(e)->expr);
    case ExprKind::Subquery: return has_condition(as<SubqueryExpr>(e)->expr);
    case ExprKind::Binary: {
      const auto* b = as<BinaryExpr>(e);
      if (is_comparison(b->op))
        return !b->return_bool || has_condition(b->lhs) || has_condition(b->rhs);
      if (b->op == BinOp::And || b->op == BinOp::Unless) return true;
      // 'or' returns the left side's series whatever the right side does.
      if (b->op == BinOp::Or) return has_condition(b->lhs) && has_condition(b->rhs);
      // Arithmetic keeps only the series both sides have: a filtered side filters the result.
      return has_condition(b->lhs) || has_condition(b->rhs);
    }
    case ExprKind::Call: {
      const auto* c = as<Call>(e);
      std::string_view name = c->func->name;
      if (name == "absent" || name == "absent_over_time") return true;
      for (const Expr* a : c->args) {
        if (has_condition(a)) return true;
      }
      return false;
    }
    case ExprKind::Aggregate: return has_condition(as<AggregateExpr>(e)->expr);
    case ExprKind::MatrixSelector:
    case ExprKind::VectorSelector:
    case ExprKind::Number:
    case ExprKind::String:
    case ExprKind::Duration: return false;
  }
  return false;
}

void check_alert_condition(const model::Rule& rule, const Expr* root, Diagnostics& diags) {
  // A rule without a name is already an error; its condition is not the news.
  if (rule.name.value.empty() || has_condition(root)) return;
  diags.report(DiagKind::AlertWithoutCondition, rule.expr_span,
               fmt::format("alert '{}' always fires: its expression has no comparison, filter or "
                           "absent() deciding when it fires",
                           rule.name.value));
}

}  // namespace mzr
