#pragma once
// The expressions of rules: parsed and type-checked in their query language at their place in
// the source; label sets inferred against the metric catalogs, with each recording rule adding
// its result to the catalog for the rules after it; alert templates checked against the labels
// their series can carry.

#include <map>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/frontend/promql.h"
#include "compiler/model/catalog.h"
#include "compiler/model/rule_policy.h"
#include "compiler/model/rules.h"
#include "compiler/promql/labels.h"

namespace mzr {

// The inferred label sets of the alerting rules' PromQL expressions, for the routing analysis.
// Rules whose expression did not check, or whose language is LogQL, are absent.
using AlertSeriesLabels = std::map<const model::Rule*, promql::LabelSet>;

// `recorded`, when given, receives the catalog with the recorded series added (for dashboards).
void check_rule_exprs(const std::vector<model::RuleSet>& sets,
                      const std::vector<model::Catalog>& catalogs, const promql::Options& options,
                      const model::RulePolicy& policy, Diagnostics& diags,
                      AlertSeriesLabels* alert_labels = nullptr,
                      promql::Catalog* recorded = nullptr, const SourceManager* sources = nullptr);

}  // namespace mzr
