#pragma once
// Recording rule names against the project's naming convention (level:metric:operations).

#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/model/rule_policy.h"
#include "compiler/model/rules.h"

namespace mzr {

void check_recording_names(const std::vector<model::RuleSet>& sets, const model::RulePolicy& policy,
                           Diagnostics& diags);

}  // namespace mzr
