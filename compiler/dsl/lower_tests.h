#pragma once
// Lowering of `test route` blocks into model::RouteTest, and of `test rules` blocks into the
// test groups of promtool's format (model::RuleTestGroup).

#include "compiler/base/diagnostics.h"
#include "compiler/dsl/ast.h"
#include "compiler/model/route_test.h"
#include "compiler/model/rule_test.h"

namespace mzr::dsl {

model::RouteTest lower_route_test(const RouteTestBlock& b);

// Entries for the same alert at the same time make one 'alert_rule_test'; a series is split into
// its description and its values, an expression test into its query and expected samples.
// Mistakes of the block's own syntax are reported (E0760); the series notation and
// the queries are checked when the tests are checked and run.
model::RuleTestGroup lower_rule_test(const RuleTestBlock& b, Diagnostics& diags);

}  // namespace mzr::dsl
