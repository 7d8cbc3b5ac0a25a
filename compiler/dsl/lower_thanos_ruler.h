#pragma once
// Lowers `ruler { ... }` of the chart's thanos settings: who runs the Thanos ruler (the chart, or
// prometheus-operator from a ThanosRuler resource) and, for the operator, the resource's settings,
// each checked against what the ThanosRuler CRD of prometheus-operator 0.93.0 allows
// (docs/dsl.md, "Thanos ruler run by prometheus-operator").

#include <optional>
#include <string>
#include <string_view>

#include "compiler/base/diagnostics.h"
#include "compiler/dsl/ast.h"
#include "compiler/model/stack.h"
#include "compiler/model/thanos_ruler_stack.h"

namespace mzr::dsl {

void lower_thanos_ruler(const AmValueNode& body, Span keyword, model::ThanosRulerStack& out,
                        Diagnostics& diags);

// Checks that need the whole stack: settings the operator cannot do without, the chart's `rules`
// setting beside an operator-run ruler, and whether the rule selector and namespace select
// exactly the PrometheusRules mzrules writes.
void check_thanos_ruler(const model::Stack& stack, Diagnostics& diags);

// Why `text` does not match the CRD's duration pattern
// `^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$`,
// or nullopt when it does. The empty string matches the pattern but sets nothing, so it is
// refused too.
std::optional<std::string> crd_duration_problem(std::string_view text);

}  // namespace mzr::dsl
