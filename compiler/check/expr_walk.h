#pragma once
// Visiting every node of a PromQL expression, parents before children.

#include "compiler/promql/ast.h"

namespace mzr {

template <class F>
void walk_expr(const promql::Expr* e, F&& visit) {
  using namespace promql;
  if (e == nullptr) return;
  visit(e);
  switch (e->kind) {
    case ExprKind::MatrixSelector: walk_expr(as<MatrixSelector>(e)->selector, visit); return;
    case ExprKind::Subquery: walk_expr(as<SubqueryExpr>(e)->expr, visit); return;
    case ExprKind::Paren: walk_expr(as<ParenExpr>(e)->expr, visit); return;
    case ExprKind::Unary: walk_expr(as<UnaryExpr>(e)->expr, visit); return;
    case ExprKind::Binary:
      walk_expr(as<BinaryExpr>(e)->lhs, visit);
      walk_expr(as<BinaryExpr>(e)->rhs, visit);
      return;
    case ExprKind::Call:
      for (const Expr* a : as<Call>(e)->args) walk_expr(a, visit);
      return;
    case ExprKind::Aggregate:
      walk_expr(as<AggregateExpr>(e)->param, visit);
      walk_expr(as<AggregateExpr>(e)->expr, visit);
      return;
    default: return;
  }
}

}  // namespace mzr
