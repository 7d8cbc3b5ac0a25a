#pragma once
// Settings of the deployed stack that become values of the materialize-monitoring umbrella
// chart: how the Thanos ruler gets its rules, compaction and retention per resolution, query
// deduplication and partial response, store time partitions, Loki retention, and what the
// kube-state-metrics allowlist keeps besides the metrics the rules and dashboards use.

#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/model/rules.h"
#include "compiler/model/thanos_ruler_stack.h"

namespace mzr::model {

// How the thanos chart's ruler gets the rule groups: mounted from `thanos.ruler.rules` (inline),
// or imported from the PrometheusRule resources that carry the stack's rule selector.
enum class ThanosRulesVia : uint8_t { Inline, PrometheusRule };

// A store gateway shard restricted to a time range (`--min-time`/`--max-time`); an empty bound
// is open.
struct StorePartition {
  std::string min;
  std::string max;
  Span span;
};

// Loki's `retention_stream`: streams matching the selector are kept for the period; the highest
// priority wins when several match.
struct LokiStreamRetention {
  Text selector;
  Text period;
  int priority = 1;
  Span span;
};

struct LokiTenantRetention {
  Text tenant;
  std::optional<Text> period;
  std::vector<LokiStreamRetention> streams;
  Span span;
};

struct ChartStack {
  ThanosRulesVia thanos_rules = ThanosRulesVia::Inline;
  Span thanos_rules_span;  // of the `rules` setting; invalid when it is not written
  // Who runs the Thanos ruler: the chart, or prometheus-operator from a ThanosRuler resource.
  ThanosRulerStack thanos_ruler;
  // Compactor retention of raw, 5m and 1h blocks; unset keeps the chart's value.
  std::optional<Text> retention_raw;
  std::optional<Text> retention_5m;
  std::optional<Text> retention_1h;
  std::optional<bool> downsampling;  // unset keeps Thanos' default (on)
  std::optional<std::vector<Text>> replica_labels;
  std::optional<bool> query_partial_response;
  std::vector<StorePartition> store_partitions;
  std::optional<Text> loki_retention;
  std::vector<LokiStreamRetention> loki_streams;
  std::vector<LokiTenantRetention> loki_tenants;
  // kube-state-metrics: derive `metricAllowlist` from the kube_* metrics used (on by default),
  // keeping these metrics as well.
  bool ksm_allowlist = true;
  std::vector<Text> ksm_keep;
  // node-exporter: run only the collectors of the umbrella's list whose metrics are used (on by
  // default), and these collectors as well.
  bool node_collectors_derived = true;
  std::vector<Text> node_keep;
  // The pipeline's gateway: when asked, drop every catalog metric that no rule or dashboard
  // uses (`pipeline.metrics.gateway.denyMetrics`), except these.
  bool pipeline_drop_unused = false;
  std::vector<Text> pipeline_keep;
  Span span;  // of the chart block; invalid when there is none
};

}  // namespace mzr::model
