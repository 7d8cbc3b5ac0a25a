#pragma once
// Alerts whose expression has no condition: no comparison, filter or set operation decides
// which series are returned, so the alert fires whenever the metric exists.

#include "compiler/base/diagnostics.h"
#include "compiler/model/rules.h"
#include "compiler/promql/ast.h"

namespace mzr {

// Whether the series `e` returns are selected by a condition (a comparison without 'bool',
// 'and'/'unless', absent()), directly or through functions and aggregations that keep it.
bool has_condition(const promql::Expr* e);

void check_alert_condition(const model::Rule& rule, const promql::Expr* root, Diagnostics& diags);

}  // namespace mzr
