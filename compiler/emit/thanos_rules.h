#pragma once
// Thanos Ruler output: for each rule set (a rule file, a PrometheusRule or a .mzr file with rule
// groups), a plain rule file in Prometheus' format with Thanos' partial_response_strategy, a
// PrometheusRule resource for the ruler's rule selector, and the umbrella chart values of the
// thanos subchart's ruler: on, the rule files mounted (`thanos.ruler.rules`, passed through Helm
// `tpl`) or imported by the rule selector, alerts to the umbrella's Alertmanager.

#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/emit/output.h"
#include "compiler/model/rules.h"
#include "compiler/model/stack.h"

namespace mzr::emit {

// Writes `thanos/rules/<name>.yaml` and `thanos/prometheusrules/<name>.yaml`, and adds the
// `thanos.ruler` values to `out.chart_values`. `root` is the project root the source paths are made
// relative to, so output does not depend on where mzrules runs. LogQL rule sets are not Thanos's
// and are skipped.
void emit_thanos(const std::vector<model::RuleSet>& sets, const model::Stack& stack,
                 const SourceManager& sm, const std::string& root, OutputSet& out);

// Text for a value that Helm passes through `tpl`: every "{{" becomes {{ "{{" }}, so Prometheus
// templates reach the ruler unchanged.
std::string escape_for_tpl(std::string_view text);

}  // namespace mzr::emit
