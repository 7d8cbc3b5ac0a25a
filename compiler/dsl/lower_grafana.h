#pragma once
// Lowers the stack's `grafana { ... }` settings: the grafana-operator instance the resources are
// for, their namespace and folder, and the datasources the stack provides.

#include "compiler/base/diagnostics.h"
#include "compiler/dsl/ast.h"
#include "compiler/model/dashboard_stack.h"

namespace mzr::dsl {

void lower_grafana_settings(const StackEntry& e, model::GrafanaStack& out, Diagnostics& diags);

}  // namespace mzr::dsl
