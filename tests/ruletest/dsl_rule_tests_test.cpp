// Rule unit tests written in the DSL (`test rules`), the 'tests' and 'coverage' settings, and the
// reports of `mzrules test`: positions and diffs of failures, JUnit cases per expectation,
// coverage tables, JSON and minimums. Each runs the CLI on an in-memory repository.

#include <gtest/gtest.h>

#include "compiler/base/file_system.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

constexpr const char* kAlerts = R"(alerts api every 1m {
  alert ApiDown for 2m {
    expr    up{job="api"} == 0
    labels  { severity = "critical" }
    summary "api {{ $labels.instance }} is down"
  }
}

rules api_rec {
  record job:up:sum = sum by (job) (up)
}
)";

constexpr const char* kTests = R"(test rules "api goes down" every 1m {
  series up{job="api", instance="a:1"} 1x3 0x20
  at 3m silent ApiDown
  at 7m fires ApiDown { job = "api", instance = "a:1", severity = "critical" }
    summary "api a:1 is down"
  at 2m expr job:up:sum -> [job:up:sum{job="api"} 1]
}
)";

testing::RunResult run(const std::vector<std::pair<std::string, std::string>>& files,
                       std::vector<std::string> args) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\n");
  for (const auto& [path, text] : files) fs.add(path, text);
  args.insert(args.begin() + 1, "--color=never");
  return testing::run_cli(fs, args);
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(DslRuleTests, PassAgainstTheRepositoryRules) {
  auto r = run({{"alerts/api.mzr", kAlerts}, {"alerts/api_tests.mzr", kTests}}, {"test"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Processing test file: alerts/api_tests.mzr\n  SUCCESS\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("rule unit tests: 1 groups passed, 0 failed"), std::string::npos) << r.out;
}

// A failure names the expectation's position and shows what differs, '-' expected, '+' got.
TEST(DslRuleTests, FailuresHavePositionsAndDiffs) {
  std::string tests = kTests;
  tests.replace(tests.find("a:1 is down"), 11, "b:2 is down");
  tests.replace(tests.find("\"api\"} 1]"), 9, "\"api\"} 2]");
  auto r = run({{"alerts/api.mzr", kAlerts}, {"alerts/api_tests.mzr", tests}}, {"test"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("  alerts/api_tests.mzr:4:3: api goes down: alert ApiDown at 7m\n"
                       "  - {alertname=\"ApiDown\", instance=\"a:1\", job=\"api\", "
                       "severity=\"critical\"} {summary=\"api b:2 is down\"}\n"
                       "  + {alertname=\"ApiDown\", instance=\"a:1\", job=\"api\", "
                       "severity=\"critical\"} {summary=\"api a:1 is down\"}\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  alerts/api_tests.mzr:6:3: api goes down: expr job:up:sum at 2m\n"
                       "  - {__name__=\"job:up:sum\", job=\"api\"} 2E+00\n"
                       "  + {__name__=\"job:up:sum\", job=\"api\"} 1E+00\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("alerts/api_tests.mzr:4:3: error[E1403]"), std::string::npos) << r.err;
}

TEST(DslRuleTests, BadInputIsReportedWhereItIsWritten) {
  const char* tests = R"(test rules "t" {
  series up{job="api"} 1x3 0xz
  at 3m silent ApiDwn
  at 90m fires ApiDown { severity = "page" }
  at 90m fires JobDown { zone = "eu" }
  at 1m expr up
  expected "3"
}

test rules "t" {
  series up{job="api"} 1
}
)";
  const char* job_down =
      "alerts jobs {\n  alert JobDown {\n    expr sum by (job) (up) == 0\n  }\n}\n";
  auto r =
      run({{"alerts/api.mzr", kAlerts}, {"alerts/jobs.mzr", job_down}, {"alerts/t.mzr", tests}},
          {"check", "alerts"});
  EXPECT_EQ(r.code, 1);
  // The first character the series notation does not accept.
  EXPECT_NE(r.err.find("alerts/t.mzr:2:30: error[E1400]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("alerts/t.mzr:3:16: error[E1412]: no alerting rule of the repository is "
                       "named 'ApiDwn', did you mean 'ApiDown'?"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alerts/t.mzr:4:26: error[E1411]: alert 'ApiDown' can never carry "
                       "severity=\"page\": the rule sets 'severity' to \"critical\""),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alerts/t.mzr:5:26: error[E1411]: alert 'JobDown' can never carry "
                       "zone=\"eu\": neither the rule's labels nor its expression's result"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alerts/t.mzr:6:14: error[E0760]: an expression test ends in "),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alerts/t.mzr:7:3: error[E0760]: unknown entry 'expected'"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alerts/t.mzr:10:12: error[E1410]: a rule test named \"t\" exists already"),
            std::string::npos)
      << r.err;
}

TEST(DslRuleTests, EvalTimeBeyondTheSeries) {
  const char* tests = R"(test rules "late" {
  series up{job="api", instance="a:1"} 0x3
  at 30m silent ApiDown
}
)";
  auto r = run({{"alerts/api.mzr", kAlerts}, {"alerts/t.mzr", tests}}, {"check", "alerts"});
  EXPECT_NE(r.err.find("alerts/t.mzr:3:6: warning[W1409]: evaluated at 1800000ms, but the last "
                       "input sample is at 180000ms"),
            std::string::npos)
      << r.err;
}

// `mzrules fmt` prints the blocks canonically, and printing its own output changes nothing.
TEST(DslRuleTests, FormatIsCanonicalAndIdempotent) {
  const char* messy = R"(test   rules   "api goes down"   every 1m {
    # the input
    series up{job="api", instance="a:1"}   1x3 0x20
  at 3m    silent   ApiDown
      at 7m fires ApiDown {job="api",instance="a:1"}
     summary "api a:1 is down"   # why
     annotations {runbook_url="x"}
  at 2m expr job:up:sum -> [job:up:sum{job="api"} 1]
  external_labels {cluster="c1"}
  external_url "https://p.example"
}
)";
  MemoryFileSystem fs;
  fs.add("t.mzr", messy);
  auto first = testing::run_cli(fs, {"fmt", "--color=never", "t.mzr"});
  ASSERT_EQ(first.code, 0) << first.err;
  std::string formatted;
  FsError err;
  ASSERT_TRUE(fs.read("t.mzr", formatted, err));
  EXPECT_EQ(formatted, R"(test rules "api goes down" every 1m {
  # the input
  series up{job="api", instance="a:1"}   1x3 0x20
  at 3m silent ApiDown
  at 7m fires ApiDown { job = "api", instance = "a:1" }
    summary "api a:1 is down"  # why
    annotations { runbook_url = "x" }
  at 2m expr job:up:sum -> [job:up:sum{job="api"} 1]
  external_labels { cluster = "c1" }
  external_url "https://p.example"
}
)");
  auto second = testing::run_cli(fs, {"fmt", "--color=never", "--check", "t.mzr"});
  EXPECT_EQ(second.code, 0) << second.out << second.err;
}

constexpr const char* kPromtoolTest = R"(rule_files: [../alerts/api.yml]
tests:
  - name: yaml down
    input_series: [{series: 'up{job="api", instance="a:1"}', values: '0x10'}]
    alert_rule_test:
      - eval_time: 5m
        alertname: YamlDown
        exp_alerts: [{exp_labels: {job: api, instance: 'a:1'}}]
)";

constexpr const char* kYamlRules = R"(groups:
  - name: yaml
    rules:
      - alert: YamlDown
        expr: up == 0
      - record: job:up:max
        expr: max by (job) (up)
)";

// 'tests' names promtool files outside the sources; a rule file they name that is a source is
// the source (checked once: its mistake is reported once).
TEST(DslRuleTests, TestsSettingFindsPromtoolFiles) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\ntests: ['unit/**/*_test.yml', 'none/*.yml']\n");
  fs.add("alerts/api.yml", std::string(kYamlRules) + "      - record: bad\n        expr: up +\n");
  std::string deep = kPromtoolTest;
  deep.replace(0, deep.find(']'), "rule_files: [../../alerts/api.yml");
  fs.add("unit/deep/api_test.yml", deep);
  auto r = testing::run_cli(fs, {"test", "--color=never"});
  EXPECT_NE(r.out.find("Processing test file: unit/deep/api_test.yml"), std::string::npos)
      << r.out << r.err;
  EXPECT_NE(r.err.find("mzrules.yaml:2:31: warning[W1414]: no file matches the test file pattern "
                       "'none/*.yml'"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(count(r.err, "alerts/api.yml:9:19: error"), 1u) << r.err;
}

TEST(DslRuleTests, CoverageCountsBothFormats) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\ntests: ['unit/*.yml']\n");
  fs.add("alerts/api.mzr", kAlerts);
  fs.add("alerts/api_tests.mzr", kTests);
  fs.add("alerts/api.yml", kYamlRules);
  fs.add("unit/api_test.yml", kPromtoolTest);
  auto r = testing::run_cli(fs, {"test", "--color=never", "--coverage"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("  ApiDown         yes    yes     alerts/api.mzr:2:9\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  YamlDown        yes    -       alerts/api.yml:4:16\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  job:up:sum      yes      alerts/api.mzr:10:10\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  job:up:max      -        alerts/api.yml:6:17\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  alerts_fire         2/2     100.0%\n"
                       "  alerts_silent       1/2      50.0%\n"
                       "  recording_rules     1/2      50.0%\n"),
            std::string::npos)
      << r.out;

  auto json = testing::run_cli(fs, {"test", "--format=json", "--coverage"});
  EXPECT_EQ(json.out.rfind("{\"diagnostics\": [", 0), 0u) << json.out;
  EXPECT_NE(json.out.find("\"alerts_silent\": {\n      \"covered\": 1,\n      \"percent\": 50.0,\n"
                          "      \"total\": 2\n    }"),
            std::string::npos)
      << json.out;
}

// A promtool file that tests the generated rule files under out/ counts for the sources they
// come from: rules are matched by group and rule name.
TEST(DslRuleTests, CoverageCountsTestsOfTheGeneratedRuleFiles) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\ntests: ['unit/*.yml']\n");
  fs.add("alerts/api.mzr", kAlerts);
  fs.add("out/prometheus/api.yaml", R"(groups:
  - name: api
    interval: 1m
    rules:
      - alert: ApiDown
        expr: up{job="api"} == 0
        for: 2m
        labels: {severity: critical}
  - name: api_rec
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
)");
  fs.add("unit/api_test.yml", R"(rule_files: [../out/prometheus/api.yaml]
tests:
  - input_series: [{series: 'up{job="api", instance="a:1"}', values: '1x3 0x20'}]
    alert_rule_test:
      - {eval_time: 2m, alertname: ApiDown}
      - eval_time: 7m
        alertname: ApiDown
        exp_alerts: [{exp_labels: {job: api, instance: 'a:1', severity: critical}}]
    promql_expr_test:
      - expr: job:up:sum
        eval_time: 1m
        exp_samples: [{labels: 'job:up:sum{job="api"}', value: 1}]
)");
  auto r = testing::run_cli(fs, {"test", "--color=never", "--coverage"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("  ApiDown         yes    yes     alerts/api.mzr:2:9\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  job:up:sum      yes      alerts/api.mzr:10:10\n"), std::string::npos)
      << r.out;
  // The generated file's rules are not counted as rules of their own.
  EXPECT_NE(r.out.find("  alerts_fire         1/1     100.0%\n"), std::string::npos) << r.out;
}

TEST(DslRuleTests, CoverageMinimumsFailTheRun) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml",
         "sources: [alerts]\ncoverage: {alerts_fire: 100, alerts_silent: 100, "
         "recording_rules: 0}\n");
  fs.add("alerts/api.mzr", kAlerts);
  std::string only_fires = kTests;
  only_fires.erase(only_fires.find("  at 3m silent ApiDown\n"), 22);
  fs.add("alerts/api_tests.mzr", only_fires);
  auto r = testing::run_cli(fs, {"test", "--color=never"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("mzrules.yaml:2:45: error[E1413]: test coverage 'alerts_silent' is 0.0% "
                       "(0 of 1), below the minimum 100%"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("'alerts_fire' is"), std::string::npos) << r.err;

  fs.add("mzrules.yaml", "sources: [alerts]\ncoverage: {alerts_fire: 120, routs: 1}\n");
  auto bad = testing::run_cli(fs, {"test", "--color=never"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("mzrules.yaml:2:25: error[E1415]: 'coverage.alerts_fire' must be a "
                         "percentage from 0 to 100, not '120'"),
            std::string::npos)
      << bad.err;
}

// JUnit has a case for each group and one for each of its expectations; the groups of many files
// run in parallel and report in file and group order.
TEST(DslRuleTests, JunitCasesPerExpectationInOrder) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\n");
  fs.add("alerts/api.mzr", kAlerts);
  std::string many;
  for (int i = 0; i < 8; ++i) {
    std::string t = kTests;
    t.replace(t.find("api goes down"), 13, "case " + std::to_string(i));
    many += t + "\n";
  }
  fs.add("alerts/api_tests.mzr", many);
  auto r = testing::run_cli(fs, {"test", "--color=never", "--junit", "out.xml"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  std::string xml;
  FsError err;
  ASSERT_TRUE(fs.read("out.xml", xml, err));
  EXPECT_EQ(count(xml, "<testcase "), 8u * 4u) << xml;
  size_t last = 0;
  for (int i = 0; i < 8; ++i) {
    size_t at = xml.find("name=\"case " + std::to_string(i) + " / alert ApiDown at 3m\"");
    ASSERT_NE(at, std::string::npos) << xml;
    EXPECT_GT(at, last);
    last = at;
  }
}

}  // namespace
}  // namespace mzr
