// Thanos output: rule files, PrometheusRule resources and chart values, each read back by the
// loaders that check third-party files.

#include <gtest/gtest.h>

#include "compiler/emit/thanos_rules.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

TEST(Thanos, EscapesTemplatesForHelmTpl) {
  EXPECT_EQ(emit::escape_for_tpl("a {{ $labels.x }} b"), "a {{ \"{{\" }} $labels.x }} b");
  EXPECT_EQ(emit::escape_for_tpl("{{{"), "{{ \"{{\" }}{");
  EXPECT_EQ(emit::escape_for_tpl("no templates"), "no templates");
}

TEST(Thanos, EmittedFilesCheckCleanAndCarryTheStack) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\n");
  fs.add("alerts/a.mzr",
         "alerts g every 1m {\n  alert A for 5m {\n    expr sum by (job) (up) == 0\n"
         "      or vector(0) > 1\n    labels { severity = \"critical\" }\n"
         "    summary \"{{ $labels.job }} is down\"\n  }\n}\n"
         "stack {\n  thanos { partial_response warn }\n  rules_namespace \"obs\"\n"
         "  rule_selector { role = \"mz-rules\" }\n}\n");
  ASSERT_EQ(run_cli(fs, {"build"}).code, 0);
  const std::string& cr = fs.files().at("out/thanos/prometheusrules/alerts-a.yaml");
  EXPECT_NE(
      cr.find(
          "kind: PrometheusRule\nmetadata:\n  name: mzrules-alerts-a\n  namespace: obs\n  labels:\n"
          "    app.kubernetes.io/managed-by: mzrules\n    role: mz-rules\n"),
      std::string::npos)
      << cr;
  EXPECT_NE(cr.find("partial_response_strategy: warn"), std::string::npos);
  // What was emitted is accepted by mzrules' own checks for third-party files.
  MemoryFileSystem out;
  out.add("rules.yaml", fs.files().at("out/thanos/rules/alerts-a.yaml"));
  out.add("cr.yaml", cr);
  auto r = run_cli(out, {"check", "rules.yaml", "cr.yaml"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(
      r.err,
      "checked 2 files: 2 rule groups, 2 rules (2 alerts), 0 dashboards, 0 routes, 0 tests\n");
  const std::string& values = fs.files().at("out/helm/materialize-monitoring-values.yaml");
  // Inside the block the rule file is text for tpl: after rendering, the quotes are YAML's again.
  EXPECT_NE(values.find("summary: \"{{ \"{{\" }} $labels.job }} is down\""), std::string::npos)
      << values;
}

// A PrometheusRule of the repository keeps what selects it today (kube-prometheus' Prometheus
// selects `prometheus: k8s, role: alert-rules`) and gains the stack's selector labels, which win.
TEST(Thanos, RepositoryPrometheusRulesKeepTheirMetadata) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [rules]\n");
  fs.add("rules/stack.mzr", "stack {\n  rule_selector { role = \"mz-rules\" }\n}\n");
  fs.add("rules/node.yaml",
         "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n"
         "  name: node-rules\n  namespace: kube-prom\n"
         "  labels: {prometheus: k8s, role: alert-rules}\n"
         "  annotations: {owner: platform}\n"
         "spec:\n  groups:\n  - name: node\n    rules:\n"
         "    - record: job:up:sum\n      expr: sum by (job) (up)\n");
  fs.add("rules/plain.yaml",
         "groups:\n- name: plain\n  rules:\n  - record: job:up:count\n"
         "    expr: count by (job) (up)\n");
  auto r = run_cli(fs, {"build"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string cr;
  for (const auto& [path, text] : fs.files()) {
    if (path.starts_with("out/thanos/prometheusrules/") &&
        text.find("node-rules") != std::string::npos)
      cr = text;
  }
  EXPECT_NE(cr.find("metadata:\n  name: node-rules\n  namespace: kube-prom\n  labels:\n"
                    "    prometheus: k8s\n    role: mz-rules\n"
                    "    app.kubernetes.io/managed-by: mzrules\n"
                    "  annotations:\n    owner: platform\nspec:\n"),
            std::string::npos)
      << cr;
  // A plain rule file's resource is named by mzrules and goes to the stack's namespace.
  const std::string& plain = fs.files().at("out/thanos/prometheusrules/rules-plain.yaml");
  EXPECT_NE(plain.find("  name: mzrules-rules-plain\n  namespace: monitoring\n"), std::string::npos)
      << plain;
}

}  // namespace
}  // namespace mzr
