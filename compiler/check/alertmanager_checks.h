#pragma once
// Alertmanager's configuration-wide validation, run on the model whichever format it came from
// (alertmanager.yml or the DSL): what each integration requires and forbids, global settings
// that exclude each other (alertmanager_integrations.cpp), and the root route's constraints and
// the references between routes, receivers and time intervals (alertmanager_references.cpp).
// Messages are Alertmanager's own, as its loader reports them; where it stops at the first
// error, every problem is reported here.

#include "compiler/base/diagnostics.h"
#include "compiler/model/alertmanager.h"

namespace mzr {

// Everything below, in Alertmanager's order.
void check_alertmanager_config(const model::AlertmanagerConfig& config, Diagnostics& diags);

// The 'global' section and every integration of every receiver.
void check_alertmanager_integrations(const model::AlertmanagerConfig& config, Diagnostics& diags);

// The root route, unique receiver and time interval names, and the names routes refer to.
void check_alertmanager_references(const model::AlertmanagerConfig& config, Diagnostics& diags);

}  // namespace mzr
