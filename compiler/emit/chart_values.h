#pragma once
// The values file of the materialize-monitoring umbrella chart 0.18.1:
// `helm/materialize-monitoring-values.yaml`, what a user passes with `helm install -f`. The rule,
// Alertmanager and Loki emitters put their parts under the subcharts' aliases (`thanos`,
// `alertmanager`, `loki`); this adds the parts that come from the stack settings and from what
// the rules and dashboards use, and writes the file.
//
// Addresses of the chart's own services are written as Helm templates over the release name and
// namespace, in values the chart passes through `tpl`, never as a fixed name.

#include <string>
#include <vector>

#include "compiler/emit/output.h"
#include "compiler/model/catalog.h"
#include "compiler/model/dashboard.h"
#include "compiler/model/rules.h"
#include "compiler/model/stack.h"

namespace mzr::emit {

inline constexpr std::string_view kChartValuesPath = "helm/materialize-monitoring-values.yaml";

// `host:port` of the Alertmanager the umbrella chart deploys (the alertmanager subchart's
// fullname: the release name, with "-alertmanager" unless it already contains it), as a Helm
// template for a value the chart passes through `tpl`.
std::string chart_alertmanager_address();
// The thanos subchart's receive Service, its remote-write port (10908), as a Helm template.
std::string chart_thanos_remote_write_url();

// The metric names starting with `prefix` that the rules' and dashboards' queries name, read from
// their text: every `kube_…` (or `prefix…`) word not inside a longer name. A name followed by a
// regular expression wildcard (`kube_pod_.*`) stands for every catalog metric it begins. Never
// fewer than the queries use.
std::vector<std::string> used_kube_metrics(const std::vector<model::RuleSet>& sets,
                                           const std::vector<model::Dashboard>& dashboards,
                                           const std::vector<model::Catalog>& catalogs,
                                           std::string_view prefix = "kube_");

void emit_chart_values(const std::vector<model::RuleSet>& sets,
                       const std::vector<model::Dashboard>& dashboards,
                       const std::vector<model::Catalog>& catalogs, const model::Stack& stack,
                       OutputSet& out);

}  // namespace mzr::emit
