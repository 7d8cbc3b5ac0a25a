// Rule unit tests (promtool's format) run by `mzrules test` on an in-memory repository: alert
// states over time, recording rules and their staleness, templates, promtool's failure texts,
// and a diagnostic at its position for every kind of bad input.

#include <gtest/gtest.h>

#include "compiler/base/file_system.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

constexpr const char* kRules = R"(groups:
  - name: g
    rules:
      - record: job:up:sum
        expr: sum by (job) (up == 1)
      - alert: InstanceDown
        expr: up == 0
        for: 5m
        labels:
          severity: page
        annotations:
          summary: 'Instance {{ $labels.instance }} of {{ $labels.job }} down ({{ $value }})'
      - alert: Flapping
        expr: up == 0
        keep_firing_for: 3m
)";

testing::RunResult run_test(const std::string& test_file, std::vector<std::string> extra = {}) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [tests]\n");
  fs.add("tests/rules.yml", kRules);
  fs.add("tests/t.yml", test_file);
  std::vector<std::string> args = {"test", "--color=never"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back("tests/t.yml");
  return testing::run_cli(fs, args);
}

// 'for: 5m' holds the alert pending for five minutes; it fires from the first evaluation at
// least five minutes after it became active, and its annotation is expanded with the sample.
TEST(RuleTests, AlertsPendThenFire) {
  auto r = run_test(R"(rule_files: [rules.yml]
tests:
  - name: down
    interval: 1m
    input_series:
      - series: 'up{job="api", instance="a:1"}'
        values: '1 1 0x10'
    alert_rule_test:
      - eval_time: 5m
        alertname: InstanceDown
      - eval_time: 7m
        alertname: InstanceDown
        exp_alerts:
          - exp_labels: {job: api, instance: 'a:1', severity: page}
            exp_annotations: {summary: 'Instance a:1 of api down (0)'}
)");
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Processing test file: tests/t.yml\n  SUCCESS\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("rule unit tests: 1 groups passed, 0 failed"), std::string::npos);
}

// A failing expectation reads as promtool's and is reported where it is written.
TEST(RuleTests, FailuresReadAsPromtoolsAndHavePositions) {
  auto r = run_test(R"(rule_files: [rules.yml]
tests:
  - name: early
    input_series:
      - series: 'up{job="api", instance="a:1"}'
        values: '0x10'
    alert_rule_test:
      - eval_time: 4m
        alertname: InstanceDown
        exp_alerts:
          - exp_labels: {job: api, instance: 'a:1', severity: page}
)");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("  FAILED:\n"
                       "    name: early,\n"
                       "    alertname: InstanceDown, time: 4m, \n"
                       "        exp:[\n"
                       "            0:\n"
                       "              Labels:{alertname=\"InstanceDown\", instance=\"a:1\", "
                       "job=\"api\", severity=\"page\"}\n"
                       "              Annotations:{}\n"
                       "            ], \n"
                       "        got:[]\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("tests/t.yml:8:9: error[E1403]: alert 'InstanceDown' at 4m: expected 1 "
                       "firing alert, got 0"),
            std::string::npos)
      << r.err;
}

// A recording rule's series ends with a staleness marker when the rule stops returning it, so
// the lookback does not keep it alive; keep_firing_for keeps an alert firing after its
// condition ends.
TEST(RuleTests, StalenessAndKeepFiringFor) {
  auto r = run_test(R"(rule_files: [rules.yml]
tests:
  - input_series:
      - series: 'up{job="api", instance="a:1"}'
        values: '1 1 0 0 1 1 1 1 1 1'
    alert_rule_test:
      - eval_time: 5m
        alertname: Flapping
        exp_alerts:
          - exp_labels: {job: api, instance: 'a:1'}
      - eval_time: 7m
        alertname: Flapping
    promql_expr_test:
      - expr: job:up:sum
        eval_time: 1m
        exp_samples:
          - labels: 'job:up:sum{job="api"}'
            value: 1
      - expr: job:up:sum
        eval_time: 2m
        exp_samples: []
)");
  EXPECT_EQ(r.code, 0) << r.out << r.err;
}

TEST(RuleTests, ExpressionResultsAreCompared) {
  auto r = run_test(R"(rule_files: [rules.yml]
tests:
  - input_series:
      - series: 'up{job="api", instance="a:1"}'
        values: '1'
    promql_expr_test:
      - expr: job:up:sum * 2
        eval_time: 0m
        exp_samples:
          - labels: '{job="api"}'
            value: 3
)");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("    expr: \"job:up:sum * 2\", time: 0s,\n"
                       "        exp: {job=\"api\"} 3E+00\n"
                       "        got: {job=\"api\"} 2E+00\n"),
            std::string::npos)
      << r.out;
}

TEST(RuleTests, RunSelectsGroupsByName) {
  const char* file = R"(rule_files: [rules.yml]
tests:
  - name: right
    input_series: [{series: 'up{job="a"}', values: '1'}]
    promql_expr_test: [{expr: up, eval_time: 0m, exp_samples: [{labels: 'up{job="a"}', value: 1}]}]
  - name: wrong
    input_series: [{series: 'up{job="a"}', values: '1'}]
    promql_expr_test: [{expr: up, eval_time: 0m, exp_samples: [{labels: 'up{job="a"}', value: 2}]}]
)";
  EXPECT_EQ(run_test(file).code, 1);
  EXPECT_EQ(run_test(file, {"--run", "rig"}).code, 0);
  EXPECT_EQ(run_test(file, {"--run", "wrong"}).code, 1);
}

struct BadCase {
  const char* file;
  const char* expected;  // in the diagnostics
};

TEST(RuleTests, BadInputGetsADiagnosticAtItsPosition) {
  const BadCase cases[] = {
      {"rule_files: [rules.yml]\ntests:\n  - input_series:\n"
       "      - series: 'up{job=\"a\"'\n        values: '1'\n",
       "tests/t.yml:5:17: error[E1400]: malformed input series"},
      {"rule_files: [nothing*.yml]\ntests: []\n",
       "tests/t.yml:1:14: warning[W1401]: no file matches the rule file pattern 'nothing*.yml'"},
      {"rule_files: [rules.yml]\ntests:\n  - alert_rule_test:\n      - eval_time: 1m\n",
       "tests/t.yml:4:9: error[E1405]: an item under alert_rule_test misses required attribute "
       "alertname at eval_time 1m"},
      {"rule_files: [rules.yml]\ngroup_eval_order: [g, g]\ntests: []\n",
       "tests/t.yml:2:23: error[E1406]: group name repeated in evaluation order: g"},
      {"rule_files: [rules.yml]\ntests:\n  - alert_rule_test:\n"
       "      - {eval_time: 1m, alertname: InstanceDwn}\n",
       "tests/t.yml:4:36: warning[W1407]: no rule file of this test defines the alert "
       "'InstanceDwn'"},
      {"rule_files: [rules.yml]\ntests:\n  - promql_expr_test:\n"
       "      - {expr: up, eval_time: 0m, exp_samples: [{labels: 'up{', value: 1}]}\n",
       "tests/t.yml:4:49: error[E1408]: expected sample \"up{\": cannot parse the labels"},
  };
  for (const BadCase& c : cases) {
    auto r = run_test(c.file);
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.file << "\n" << r.err;
  }
}

TEST(RuleTests, RuleFilesThatDoNotLoadOrFailToEvaluate) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [tests]\n");
  fs.add("other/bad.yml",
         "groups:\n  - name: b\n    rules:\n      - record: x\n        expr: up +\n");
  fs.add("other/join.yml",
         "groups:\n  - name: j\n    rules:\n      - record: j\n        expr: a + on(k) b\n");
  fs.add("tests/bad.yml", "rule_files: [../other/bad.yml]\ntests: [{name: one}]\n");
  fs.add("tests/join.yml",
         "rule_files: [../other/join.yml]\ntests:\n  - input_series:\n"
         "      - {series: 'a{k=\"1\"}', values: '1'}\n"
         "      - {series: 'b{k=\"1\", x=\"1\"}', values: '1'}\n"
         "      - {series: 'b{k=\"1\", x=\"2\"}', values: '1'}\n"
         "    promql_expr_test: [{expr: j, eval_time: 0m}]\n");
  auto r = testing::run_cli(fs, {"test", "--color=never", "tests/bad.yml"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("tests/bad.yml:1:14: error[E1402]: the rule file 'other/bad.yml' "
                       "does not load"),
            std::string::npos)
      << r.err;
  r = testing::run_cli(fs, {"test", "--color=never", "tests/join.yml"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("other/join.yml:5:15: error[E1404]: evaluating 'j' at 0s failed: "),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("    rule: j, time: 0s, err: "), std::string::npos) << r.out;
}

}  // namespace
}  // namespace mzr
