#pragma once
// Reads Prometheus/Thanos rule files and PrometheusRule custom resources into the rule model,
// validating their structure the way Prometheus' rule loader (rulefmt) and the PrometheusRule
// CRD do.

#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/names.h"
#include "compiler/load/jsonnet.h"
#include "compiler/load/yaml.h"
#include "compiler/model/rules.h"

namespace mzr {

struct RuleLoadOptions {
  NameScheme names = NameScheme::Utf8;
};

// A plain rule file: one YAML document with top-level 'groups'. Only the first document counts,
// as in Prometheus.
model::RuleSet load_rule_file(const yaml::Stream& stream, const SourceFile& file, SourceId id,
                              const RuleLoadOptions& options, Diagnostics& diags);

// Every PrometheusRule document of a (multi-document) YAML file; other documents are ignored.
std::vector<model::RuleSet> load_prometheus_rules(const yaml::Stream& stream,
                                                  const SourceFile& file, SourceId id,
                                                  const RuleLoadOptions& options,
                                                  Diagnostics& diags);

// Moves the positions of a rule set read from evaluated jsonnet back into the jsonnet source
// where the map finds them (names, label values, expressions that occur there once).
void relocate_to_jsonnet(const JsonnetSourceMap& map, model::RuleSet& set);

}  // namespace mzr
