#pragma once
// PromQL type checking, rule for rule as Prometheus' checkAST: operand types of operators,
// functions and aggregations, vector matching, subqueries, empty selectors. Each error points at
// the sub-expression at fault; one mistake gives one diagnostic.

#include "compiler/base/diagnostics.h"
#include "compiler/promql/ast.h"

namespace mzr::promql {

// Returns the expression's type; ValueType::None when it has a type error.
ValueType check(const Expr* root, Diagnostics& diags);

}  // namespace mzr::promql
