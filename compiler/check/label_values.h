#pragma once
// Matchers on labels whose values the deployment fixes for a catalog's metrics (mzrules.yaml's
// catalogs.label_values, for example the job names of the chart's scrape configurations for
// Materialize's metrics): a matcher that matches none of the values, nor a missing label,
// selects nothing (W1311).

#include "compiler/base/diagnostics.h"
#include "compiler/promql/ast.h"
#include "compiler/promql/labels.h"

namespace mzr {

void check_label_values(const promql::Expr* root, const promql::Catalog& catalog,
                        Diagnostics& diags);

}  // namespace mzr
