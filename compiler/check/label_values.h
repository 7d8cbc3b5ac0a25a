#pragma once
// Matchers on labels whose values the deployment fixes for a catalog's metrics (mzrules.yaml's
// catalogs.label_values, for example the job names of the chart's scrape configurations for
// Materialize's metrics): a matcher that matches none of the values, nor a missing label,
// selects nothing (W1311). A row of the PromQL lint table (promql_lints.h) runs it on every
// selector of a rule's expression and of a dashboard query.

#include <functional>

#include "compiler/base/diagnostics.h"
#include "compiler/promql/ast.h"
#include "compiler/promql/labels.h"

namespace mzr {

// `skip` (may be empty) says which matchers are not judged: in a dashboard query, those a
// template variable wrote.
void check_label_values(const promql::VectorSelector* vs, const promql::Catalog& catalog,
                        const std::function<bool(const promql::Matcher&)>& skip,
                        Diagnostics& diags);

}  // namespace mzr
