#pragma once
// The ThanosRuler resource (monitoring.coreos.com/v1) for a stack whose Thanos ruler
// prometheus-operator deploys (`chart { thanos { ruler { deployed_by operator ... } } }`): its
// rule selector and rule namespace selector select exactly the PrometheusRules of
// `thanos/prometheusrules/`, and, when the stack gives an Alertmanager URL, the Secret holding
// the ruler's alertmanagers configuration (an address, no credentials).

#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/emit/output.h"
#include "compiler/model/rules.h"
#include "compiler/model/stack.h"

namespace mzr::emit {

// Writes `thanos/thanosruler/<name>.yaml` and, for an `alertmanager_url`,
// `thanos/thanosruler/<name>-alertmanagers.yaml`; nothing unless the ruler is operator-run.
// Rule groups whose settings the operator removes for the ruler's Thanos version are problems
// of `out` (E1606, or W1607 when the version is not given), and so is a project without PromQL
// rules for the ruler to select (E1604).
void emit_thanos_ruler(const std::vector<model::RuleSet>& sets, const model::Stack& stack,
                       const SourceManager& sm, const std::string& root, OutputSet& out);

// The Thanos alertmanagers configuration (`--alertmanagers.config`) for one Alertmanager URL:
// http(s)://host[:port][/prefix], the port defaulting to the scheme's.
std::string thanos_alertmanagers_config(const std::string& url);

}  // namespace mzr::emit
