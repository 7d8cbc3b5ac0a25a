#pragma once
// Rules in one file with the same name and the same labels (group labels included), as
// promtool's duplicate check finds them.

#include "compiler/base/diagnostics.h"
#include "compiler/model/rules.h"

namespace mzr {

void check_duplicate_rules(const model::RuleSet& set, Diagnostics& diags);

}  // namespace mzr
