#pragma once
// The one traversal of PromQL expressions. `for_each_child` is the only place that knows which
// subexpressions each kind of node has; `walk` recurses by default, so a pass states what it does
// at the nodes it cares about and nothing else. Passes that compute a value bottom-up (the type
// checker, label inference, the printer) keep their own exhaustive switch: they are folds, not
// walks.
//
// Children are the query's subexpressions: the ranges, steps and offsets of selectors and
// subqueries are durations, not queries, and are not visited.

#include <type_traits>

#include "compiler/promql/ast.h"

namespace mzr::promql {

// Calls `f(child)` for each direct subexpression of `e`, in the order they are written.
template <class F>
void for_each_child(const Expr* e, F&& f) {
  switch (e->kind) {
    case ExprKind::Number:
    case ExprKind::String:
    case ExprKind::Duration:
    case ExprKind::VectorSelector: return;
    case ExprKind::MatrixSelector:
      f(static_cast<const Expr*>(as<MatrixSelector>(e)->selector));
      return;
    case ExprKind::Subquery: f(static_cast<const Expr*>(as<SubqueryExpr>(e)->expr)); return;
    case ExprKind::Paren: f(static_cast<const Expr*>(as<ParenExpr>(e)->expr)); return;
    case ExprKind::Unary: f(static_cast<const Expr*>(as<UnaryExpr>(e)->expr)); return;
    case ExprKind::Binary:
      f(static_cast<const Expr*>(as<BinaryExpr>(e)->lhs));
      f(static_cast<const Expr*>(as<BinaryExpr>(e)->rhs));
      return;
    case ExprKind::Call:
      for (const Expr* a : as<Call>(e)->args) f(a);
      return;
    case ExprKind::Aggregate:
      f(static_cast<const Expr*>(as<AggregateExpr>(e)->param));  // topk(5, ...): the 5
      f(static_cast<const Expr*>(as<AggregateExpr>(e)->expr));
      return;
  }
}

// Visits `e` and every node below it, parents before children. `visit(node)` returns void, or
// bool: false skips that node's children. Null nodes (what error recovery leaves) are skipped.
template <class F>
void walk(const Expr* e, F&& visit) {
  if (e == nullptr) return;
  if constexpr (std::is_same_v<std::invoke_result_t<F&, const Expr*>, bool>) {
    if (!visit(e)) return;
  } else {
    visit(e);
  }
  for_each_child(e, [&](const Expr* child) { walk(child, visit); });
}

}  // namespace mzr::promql
