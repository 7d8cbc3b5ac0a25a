#pragma once
// Lowers the stack's `chart { ... }` settings: what becomes values of the materialize-monitoring
// umbrella chart besides the rules, alerts and dashboards (docs/dsl.md, "Chart values").

#include <optional>
#include <string>
#include <string_view>

#include "compiler/base/diagnostics.h"
#include "compiler/dsl/ast.h"
#include "compiler/model/chart_stack.h"

namespace mzr::dsl {

void lower_chart_settings(const StackEntry& e, model::ChartStack& out, Diagnostics& diags);

// Why `name` is not a Kubernetes namespace (a DNS-1123 label), or nullopt when it is one.
std::optional<std::string> namespace_problem(std::string_view name);

// The chart version the settings are checked against, for messages.
inline constexpr std::string_view kChartVersion = "materialize-monitoring 0.18.1";

}  // namespace mzr::dsl
