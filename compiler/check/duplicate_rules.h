#pragma once
// Rules in one file with the same name and the same labels (group labels included), as
// promtool's duplicate check finds them.

#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/model/rules.h"

namespace mzr {

void check_duplicate_rules(const model::RuleSet& set, Diagnostics& diags);

// Recording rules with the same name and labels in different files: both write the same series.
// (Within one file check_duplicate_rules reports them.)
void check_recordings_across_files(const std::vector<model::RuleSet>& sets, Diagnostics& diags);

}  // namespace mzr
