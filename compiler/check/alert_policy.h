#pragma once
// The project's policy for alerts: labels every alert must carry (with their allowed values)
// and annotations it must have.

#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/model/rule_policy.h"
#include "compiler/model/rules.h"

namespace mzr {

void check_alert_policy(const std::vector<model::RuleSet>& sets, const model::RulePolicy& policy,
                        Diagnostics& diags);

}  // namespace mzr
