#pragma once
// The one traversal of LogQL expressions, as promql/walk.h is for PromQL: `for_each_child` is the
// only place that knows which subexpressions each kind of node has, and `walk` recurses by
// default. A range aggregation's child is the log query it reads (its selector and pipeline).
// The checker and the printer compute a value per node and keep their own switch.

#include <type_traits>

#include "compiler/logql/ast.h"

namespace mzr::logql {

// Calls `f(child)` for each direct subexpression of `e`, in the order they are written.
template <class F>
void for_each_child(const Expr* e, F&& f) {
  switch (e->kind) {
    case ExprKind::Log:
    case ExprKind::Literal:
    case ExprKind::Vector: return;
    case ExprKind::RangeAggregation: {
      const LogRange* range = as<RangeAggregation>(e)->range;
      if (range != nullptr) f(static_cast<const Expr*>(range->log));
      return;
    }
    case ExprKind::VectorAggregation: f(as<VectorAggregation>(e)->inner); return;
    case ExprKind::Binary:
      f(as<BinaryExpr>(e)->lhs);
      f(as<BinaryExpr>(e)->rhs);
      return;
    case ExprKind::LabelReplace: f(as<LabelReplaceExpr>(e)->inner); return;
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

}  // namespace mzr::logql
