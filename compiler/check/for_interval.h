#pragma once
// W0321: an alert whose 'for' is shorter than its group's evaluation interval; the alert cannot
// fire sooner than one interval, whatever its 'for' says. The same for Prometheus and Loki groups.

#include "compiler/base/diagnostics.h"
#include "compiler/model/rules.h"

namespace mzr {

void check_for_interval(const model::RuleGroup& g, const model::Rule& r, Diagnostics& diags);

}  // namespace mzr
