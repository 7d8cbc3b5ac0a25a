// The values file of the materialize-monitoring umbrella chart: the Thanos ruler's part, the
// stack's chart settings, the derived kube-state-metrics allowlist, and the errors for settings
// the pinned chart cannot express and for namespaces Kubernetes rejects. The rendered chart is
// checked by the oracle test tests/oracle/helm_chart_values.py.

#include "compiler/emit/chart_values.h"

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

constexpr const char* kValuesFile = "out/helm/materialize-monitoring-values.yaml";

constexpr const char* kAlerts =
    "alerts pods every 1m {\n"
    "  alert PodNotReady for 5m {\n"
    "    expr sum by (namespace) (kube_pod_status_ready{condition=\"false\"}) > 0\n"
    "      and on (namespace) count by (namespace) ({__name__=~\"kube_deployment_.*\"}) > 0\n"
    "    labels { severity = \"warning\" }\n"
    "    summary \"{{ $labels.namespace }} has pods not ready\"\n"
    "  }\n"
    "}\n";

MemoryFileSystem project(const std::string& stack) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\n");
  fs.add("alerts/a.mzr", kAlerts);
  fs.add("alerts/stack.mzr", stack);
  return fs;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ChartValues, TheRulerIsOnWithoutTheChartsExampleAndAlertsTheReleasesAlertmanager) {
  MemoryFileSystem fs = project("stack {\n  rule_selector { role = \"mz-rules\" }\n}\n");
  auto r = run_cli(fs, {"build"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string& v = fs.files().at(kValuesFile);
  EXPECT_TRUE(has(v,
                  "thanos:\n  ruler:\n    enabled: true\n    rules:\n"
                  "      example-alerts.yaml: |\n        groups: []\n"
                  "      alerts-a.yaml: |\n"))
      << v;
  // Through tpl: the Prometheus template is escaped, the address is a template of the release.
  EXPECT_TRUE(has(v, "summary: \"{{ \"{{\" }} $labels.namespace }} has pods not ready\"")) << v;
  EXPECT_TRUE(has(v,
                  "    alertmanagers:\n      config: |\n        alertmanagers:\n"
                  "          - static_configs:\n              - \"" +
                      emit::chart_alertmanager_address() + "\"\n"))
      << v;
  EXPECT_TRUE(has(v, "    autoImportPrometheusRules:\n      enabled: false\n")) << v;
  EXPECT_FALSE(has(v, "mzmon")) << v;
  // The per-chart files are gone.
  EXPECT_EQ(fs.files().count("out/helm/thanos-values.yaml"), 0u);
  EXPECT_EQ(fs.files().count("out/helm/loki-values.yaml"), 0u);
}

TEST(ChartValues, PrometheusRuleImportBySelectorMountsNoRules) {
  MemoryFileSystem fs = project(
      "stack {\n  rule_selector { role = \"mz-rules\" }\n"
      "  chart { thanos { rules prometheusrule } }\n}\n");
  auto r = run_cli(fs, {"build"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string& v = fs.files().at(kValuesFile);
  EXPECT_TRUE(has(v,
                  "    rules:\n      example-alerts.yaml: |\n        groups: []\n"
                  "    alertmanagers:\n"))
      << v;
  EXPECT_TRUE(has(v,
                  "    autoImportPrometheusRules:\n      enabled: true\n      labelSelector:\n"
                  "        role: mz-rules\n"))
      << v;
  EXPECT_FALSE(has(v, "alerts-a.yaml")) << v;
  // The PrometheusRules it imports are still written, with the selector's labels.
  EXPECT_TRUE(has(fs.files().at("out/thanos/prometheusrules/alerts-a.yaml"), "role: mz-rules"));
}

TEST(ChartValues, ImportWithAnEmptySelectorIsAnError) {
  MemoryFileSystem fs = project("stack {\n  chart { thanos { rules prometheusrule } }\n}\n");
  auto r = run_cli(fs, {"build", "--color=never"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.err, "it would import every PrometheusRule in the cluster")) << r.err;
}

TEST(ChartValues, StackSettingsBecomeTheChartsValues) {
  MemoryFileSystem fs = project(
      "stack {\n"
      "  chart {\n"
      "    thanos {\n"
      "      retention { raw 15d, \"5m\" 60d, \"1h\" 2y }\n"
      "      downsampling false\n"
      "      replica_labels [replica]\n"
      "      partial_response false\n"
      "      store_partition { min \"\", max \"-1w\" }\n"
      "    }\n"
      "    loki {\n"
      "      retention 14d\n"
      "      stream_retention { selector \"{namespace=\\\"dev\\\"}\", period 1d, priority 3 }\n"
      "      tenant_retention { tenant \"ops\"  period 60d }\n"
      "    }\n"
      "  }\n"
      "}\n");
  auto r = run_cli(fs, {"build"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string& v = fs.files().at(kValuesFile);
  EXPECT_TRUE(has(v,
                  "  compactor:\n    retention:\n      resolutionRaw: \"15d\"\n"
                  "      resolution5m: \"60d\"\n      resolution1h: \"2y\"\n"
                  "    extraArgs:\n"))
      << v;
  EXPECT_TRUE(has(v, "      - \"--downsampling.disable\"\n")) << v;
  EXPECT_TRUE(has(v,
                  "  query:\n    replicaLabels:\n      - replica\n    extraArgs:\n"
                  "      - \"--log.level=info\"\n      - \"--no-query.partial-response\"\n"))
      << v;
  EXPECT_TRUE(has(v,
                  "  storegateway:\n    sharded:\n      enabled: true\n      timePartitioning:\n"
                  "        - min: \"\"\n          max: \"-1w\"\n"))
      << v;
  EXPECT_TRUE(has(v,
                  "    limits_config:\n      retention_period: \"14d\"\n      retention_stream:\n"
                  "        - selector: \"{namespace=\\\"dev\\\"}\"\n          priority: 3\n"
                  "          period: \"1d\"\n"))
      << v;
  EXPECT_TRUE(has(v,
                  "    runtimeConfig:\n      overrides:\n        ops:\n"
                  "          retention_period: \"60d\"\n"))
      << v;
}

TEST(ChartValues, TheAllowlistKeepsEveryKubeMetricTheQueriesNameAndTheKeepList) {
  MemoryFileSystem fs =
      project("stack {\n  chart { kube_state_metrics { keep [kube_node_info] } }\n}\n");
  auto r = run_cli(fs, {"build"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string& v = fs.files().at(kValuesFile);
  size_t at = v.find("kube-state-metrics:\n  metricAllowlist:\n");
  ASSERT_NE(at, std::string::npos) << v;
  std::string list = v.substr(at);
  EXPECT_TRUE(has(list, "    - kube_pod_status_ready\n")) << list;
  EXPECT_TRUE(has(list, "    - kube_node_info\n")) << list;
  // `kube_deployment_.*` stands for every catalog metric it begins.
  EXPECT_TRUE(has(list, "    - kube_deployment_spec_replicas\n")) << list;
  EXPECT_FALSE(has(list, "    - kube_deployment_\n")) << list;
  EXPECT_FALSE(has(list, "kube_pod_info\n")) << list;

  MemoryFileSystem off = project("stack {\n  chart { kube_state_metrics { allowlist off } }\n}\n");
  ASSERT_EQ(run_cli(off, {"build"}).code, 0);
  EXPECT_FALSE(has(off.files().at(kValuesFile), "metricAllowlist")) << off.files().at(kValuesFile);
}

TEST(ChartValues, NodeExporterRunsTheCollectorsOfUsedMetrics) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\n");
  fs.add("alerts/a.mzr",
         "alerts nodes every 1m {\n  alert Full {\n"
         "    expr node_filesystem_avail_bytes < 1 and on () node_load1 > 0\n"
         "    labels { severity = \"warning\" }\n  }\n}\n");
  fs.add("alerts/stack.mzr", "stack {\n  chart { node_exporter { keep [hwmon] } }\n}\n");
  auto r = run_cli(fs, {"build"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string& v = fs.files().at(kValuesFile);
  size_t at = v.find("node-exporter:\n  extraArgs:\n    - \"--collector.disable-defaults\"\n");
  ASSERT_NE(at, std::string::npos) << v;
  std::string args = v.substr(at);
  for (const char* kept : {"--collector.loadavg\"", "--collector.filesystem\"",
                           "--collector.filesystem.mount-points-exclude=", "--collector.hwmon\""}) {
    EXPECT_TRUE(has(args, kept)) << kept << "\n" << args;
  }
  for (const char* dropped : {"--collector.cpu\"", "--collector.netdev", "--collector.vmstat"}) {
    EXPECT_FALSE(has(args, dropped)) << dropped << "\n" << args;
  }
  EXPECT_TRUE(has(v, "# node-exporter runs 3 of the chart's 30 collectors")) << v;

  MemoryFileSystem bad = project("stack {\n  chart { node_exporter { keep [gpu] } }\n}\n");
  auto r2 = run_cli(bad, {"build", "--color=never"});
  EXPECT_EQ(r2.code, 1);
  EXPECT_TRUE(has(r2.err,
                  "error[E1200]: node-exporter collector 'gpu' is not one the "
                  "materialize-monitoring 0.18.1 chart runs"))
      << r2.err;
}

TEST(ChartValues, ThePipelineDropsOnlyCatalogMetricsNothingUsesWhenAsked) {
  MemoryFileSystem fs =
      project("stack {\n  chart { pipeline { drop_unused true, keep [kube_node_info] } }\n}\n");
  auto r = run_cli(fs, {"build"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string& v = fs.files().at(kValuesFile);
  size_t at = v.find("pipeline:\n  metrics:\n    gateway:\n      denyMetrics:\n");
  ASSERT_NE(at, std::string::npos) << v;
  std::string deny = v.substr(at);  // the last section
  EXPECT_FALSE(has(deny, "- kube_pod_status_ready\n")) << deny;
  EXPECT_FALSE(has(deny, "- kube_node_info\n")) << deny;
  EXPECT_FALSE(has(deny, "- kube_deployment_spec_replicas\n")) << deny;  // kube_deployment_.*
  EXPECT_TRUE(has(deny, "- kube_pod_info\n")) << deny;
  EXPECT_TRUE(has(v, "# The pipeline drops the ")) << v;
  // Off unless asked.
  MemoryFileSystem off = project("stack {}\n");
  ASSERT_EQ(run_cli(off, {"build"}).code, 0);
  EXPECT_FALSE(has(off.files().at(kValuesFile), "denyMetrics"));
}

TEST(ChartValues, UsedKubeMetricsSkipLongerNames) {
  model::RuleSet set;
  model::RuleGroup g;
  model::Rule rule;
  rule.expr.text = "sum(kube_pod_info) + my_kube_thing + namespace:kube_node_info:sum";
  g.rules.push_back(rule);
  set.groups.push_back(g);
  auto used = emit::used_kube_metrics({set}, {}, {});
  // A recording rule's name that contains a kube_ metric keeps it too: more, never fewer.
  EXPECT_EQ(used, (std::vector<std::string>{"kube_node_info", "kube_pod_info"}));
}

TEST(ChartValues, SettingsThePinnedChartCannotExpressAreErrors) {
  MemoryFileSystem fs = project("stack {\n  chart { thanos { retention { \"10m\" 30d } } }\n}\n");
  auto r = run_cli(fs, {"build", "--color=never"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.err,
                  "alerts/stack.mzr:2:32: error[E1200]: retention for resolution '10m' "
                  "cannot be expressed by materialize-monitoring 0.18.1"))
      << r.err;

  MemoryFileSystem two = project(
      "stack {\n  grafana {\n"
      "    datasource { uid a  type prometheus }\n"
      "    datasource { uid b  type prometheus }\n"
      "  }\n}\n");
  auto r2 = run_cli(two, {"build", "--color=never"});
  EXPECT_EQ(r2.code, 1);
  EXPECT_TRUE(has(r2.err,
                  "error[E1200]: a second Prometheus datasource cannot be expressed by "
                  "materialize-monitoring 0.18.1"))
      << r2.err;
}

TEST(ChartValues, NamespacesKubernetesRejectsAreErrors) {
  MemoryFileSystem fs =
      project("stack {\n  rules_namespace \"Monitoring\"\n  grafana { namespace \"-obs\" }\n}\n");
  auto r = run_cli(fs, {"build", "--color=never"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.err,
                  "alerts/stack.mzr:2:19: error[E1201]: 'Monitoring' is not a Kubernetes "
                  "namespace: 'M' is not a lowercase letter, digit or '-'"))
      << r.err;
  EXPECT_TRUE(has(r.err,
                  "error[E1201]: '-obs' is not a Kubernetes namespace: it starts or ends "
                  "with '-'"))
      << r.err;
}

TEST(ChartValues, BadChartSettingsAreReportedWhereTheyAre) {
  MemoryFileSystem fs = project(
      "stack {\n  chart {\n    thanos { retention { raw 30 }  store_partition { max \"2w\" } }\n"
      "    loki { stream_retention { period 7d } }\n    grafana {}\n  }\n}\n");
  auto r = run_cli(fs, {"build", "--color=never"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.err, "'raw' takes a duration such as 30d")) << r.err;
  EXPECT_TRUE(has(r.err, "'max' is a time Thanos reads")) << r.err;
  EXPECT_TRUE(has(r.err, "a stream retention needs a 'selector'")) << r.err;
  EXPECT_TRUE(has(r.err, "unknown chart setting 'grafana'")) << r.err;
}

TEST(ChartValues, TheChartBlockFormatsAndStaysTheSame) {
  const std::string text =
      "stack {\n"
      "  chart {\n"
      "    thanos { rules inline, retention { raw 30d, \"5m\" 90d } }\n"
      "  }\n"
      "}\n";
  MemoryFileSystem fs;
  fs.add("a.mzr", text);
  ASSERT_EQ(run_cli(fs, {"fmt", "a.mzr"}).code, 0);
  std::string once = fs.files().at("a.mzr");
  EXPECT_TRUE(has(once, "chart {")) << once;
  ASSERT_EQ(run_cli(fs, {"fmt", "a.mzr"}).code, 0);
  EXPECT_EQ(fs.files().at("a.mzr"), once);
  EXPECT_EQ(run_cli(fs, {"check", "a.mzr"}).code, 0);
}

}  // namespace
}  // namespace mzr
