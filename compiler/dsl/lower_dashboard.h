#pragma once
// Lowers a .mzr `dashboard` block into a classic Grafana dashboard: the JSON document Grafana
// stores (what is deployed) and the model the checks read, every part at the span it was written
// at. Panels are laid out left to right, 24 columns wide, in the order written.

#include "compiler/base/diagnostics.h"
#include "compiler/dsl/ast.h"
#include "compiler/model/dashboard.h"
#include "compiler/model/dashboard_stack.h"

namespace mzr::dsl {

// Panel datasources default to the dashboard's datasource variable of the panel's kind (Loki for
// logs panels, Prometheus otherwise), else to the stack's datasource of that kind.
model::Dashboard lower_dashboard(const DashboardBlock& block, const model::GrafanaStack& grafana,
                                 Diagnostics& diags);

}  // namespace mzr::dsl
