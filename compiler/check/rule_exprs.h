#pragma once
// The expressions of rules: parsed and type-checked in their query language, with diagnostics
// at their place in the rule file.

#include "compiler/base/diagnostics.h"
#include "compiler/model/rules.h"
#include "compiler/promql/promql.h"

namespace mzr {

void check_rule_exprs(const model::RuleSet& set, const promql::Options& options,
                      Diagnostics& diags);

}  // namespace mzr
