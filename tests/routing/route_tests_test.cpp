// Route tests: the YAML and DSL forms, `mzrules test` output, exit codes and JUnit report, run
// in-process on an in-memory repository.

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

constexpr const char* kAm = R"(route:
  receiver: default
  routes:
    - matchers: ['alertname="Watchdog"']
      receiver: "null"
    - matchers: [severity="critical"]
      receiver: pager
      continue: true
      mute_time_intervals: [holidays]
    - matchers: [team="db"]
      receiver: db-chat
receivers: [{name: default}, {name: pager}, {name: db-chat}, {name: "null"}]
inhibit_rules:
  - source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: [env]
time_intervals:
  - name: holidays
    time_intervals: [{months: [december], days_of_month: ["25"]}]
)";

constexpr const char* kRules = R"(alerts db every 1m {
  alert DbDown for 5m {
    expr    up{job="db"} == 0
    labels  { severity = "critical", team = "db" }
    summary "db is down"
  }
  alert DbSlow {
    expr    up{job="db"} == 0
    labels  { severity = "warning", team = "db" }
  }
  alert Watchdog {
    expr    vector(1)
  }
}
)";

testing::RunResult run(MemoryFileSystem& fs, std::vector<std::string> args) {
  args.insert(args.begin(), "test");
  return testing::run_cli(fs, args);
}

void repository(MemoryFileSystem& fs) {
  fs.add("mzrules.yaml", "sources: [alerts]\n");
  fs.add("alerts/am.yml", kAm);
  fs.add("alerts/db.mzr", kRules);
}

TEST(RouteTests, YamlTestsPass) {
  MemoryFileSystem fs;
  repository(fs);
  fs.add("alerts/routes.yaml", R"(route_tests:
  - alert: DbDown
    receivers: [pager, db-chat]
  - name: db warnings go to chat
    alert: DbSlow
    receivers: db-chat
  - labels: {alertname: Watchdog}
    receivers: ["null"]
  - alert: DbDown
    at: 2024-12-25T10:00:00Z
    receivers: [db-chat]
  - alert: DbSlow
    labels: {env: prod}
    inhibited_by: [{severity: critical, env: prod}]
    not_inhibited_by: {severity: critical, env: staging}
)");
  auto r = run(fs, {"-v"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("ok    alerts/routes.yaml:2:5: DbDown  -> pager,db-chat\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("ok    alerts/routes.yaml:4:5: db warnings go to chat  -> db-chat\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("route tests: 5 passed, 0 failed\n"), std::string::npos) << r.out;
}

TEST(RouteTests, FailuresShowPositionExpectedAndGot) {
  MemoryFileSystem fs;
  repository(fs);
  fs.add("alerts/routes.yaml", R"(route_tests:
  - alert: DbDown
    receivers: [db-chat]
  - alert: DbDown
    labels: {env: prod}
    inhibited_by: {severity: critical, env: prod}
  - alert: DbSlow
    labels: {env: prod}
    not_inhibited_by: {severity: critical, env: prod}
)");
  auto r = run(fs, {"--junit", "report.xml"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out,
            "FAIL  alerts/routes.yaml:2:5: DbDown\n"
            "      labels: {alertname=\"DbDown\",severity=\"critical\",team=\"db\"}\n"
            "      receivers: expected db-chat, got pager,db-chat\n"
            "FAIL  alerts/routes.yaml:4:5: DbDown {env=\"prod\"}\n"
            "      labels: {alertname=\"DbDown\",env=\"prod\",severity=\"critical\",team=\"db\"}\n"
            "      inhibition: expected inhibited by {env=\"prod\", severity=\"critical\"}, but "
            "no inhibit rule applies\n"
            "FAIL  alerts/routes.yaml:7:5: DbSlow {env=\"prod\"}\n"
            "      labels: {alertname=\"DbSlow\",env=\"prod\",severity=\"warning\",team=\"db\"}\n"
            "      inhibition: expected not inhibited, but inhibit rule #1 mutes it with firing "
            "alert {env=\"prod\", severity=\"critical\"}\n"
            "route tests: 0 passed, 3 failed\n");
  std::string xml;
  FsError err;
  ASSERT_TRUE(fs.read("report.xml", xml, err));
  EXPECT_NE(xml.find("<testsuites name=\"mzrules route tests\" tests=\"3\" failures=\"3\" "
                     "errors=\"0\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase name=\"DbDown\" classname=\"alerts/routes.yaml\" "
                     "file=\"alerts/routes.yaml\" line=\"2\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<failure message=\"receivers: expected db-chat, got pager,db-chat\">"),
            std::string::npos)
      << xml;
}

TEST(RouteTests, DslTests) {
  MemoryFileSystem fs;
  repository(fs);
  fs.add("alerts/routes.mzr", R"(test route alert DbDown -> [pager, db-chat]
test route "critical pages" { severity = "critical" } -> [pager]
test route alert DbDown at "2024-12-25T10:00:00Z" -> [db-chat]
test route alert DbSlow { env = "prod" } inhibited_by { severity = "critical", env = "prod" }
test route alert DbSlow { env = "prod" } not inhibited_by { severity = "critical" } -> [db-chat]
test route { team = "db" } -> [default]
)");
  auto r = run(fs, {});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out,
            "FAIL  alerts/routes.mzr:6:1: {team=\"db\"}\n"
            "      labels: {team=\"db\"}\n"
            "      receivers: expected default, got db-chat\n"
            "route tests: 5 passed, 1 failed\n");
  // Only the tests under the given paths run.
  fs.add("alerts/more/other.yaml", "route_tests: [{labels: {team: web}, receivers: [default]}]\n");
  r = run(fs, {"alerts/more"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "route tests: 1 passed, 0 failed\n");
}

TEST(RouteTests, ResolutionErrors) {
  MemoryFileSystem fs;
  repository(fs);
  fs.add("alerts/db2.mzr", R"(alerts db2 {
  alert DbDown {
    expr up{job="db2"} == 0
    labels { severity = "warning", team = "{{ $labels.job }}" }
  }
}
)");
  fs.add("alerts/routes.yaml", R"(route_tests:
  - alert: DbDwn
    receivers: [pager]
  - alert: DbDown
    receivers: [pager]
  - alert: DbDown
    labels: {severity: warning}
    receivers: [default]
  - labels: {team: db}
    at: tomorrow
    receivers: [db-chatt]
  - labels: {team: db}
  - receivers: [db-chat]
)");
  auto r = run(fs, {});
  EXPECT_EQ(r.code, 1);
  for (const char* e : {
           "E0661",
           "no alerting rule is named 'DbDwn', did you mean 'DbDown'?",
           "E0662",
           "2 alerting rules are named 'DbDown' with different labels",
           "W0667",
           "label 'team' of alert 'DbDown' is a template",
           "E0665",
           "invalid time 'tomorrow'",
           "E0664",
           "receiver 'db-chatt' is not defined, did you mean 'db-chat'?",
           "E0660",
           "route test expects nothing",
           "route test has neither 'alert' nor 'labels'",
       }) {
    EXPECT_NE(r.err.find(e), std::string::npos) << e << "\n" << r.err;
  }
  EXPECT_NE(r.out.find("ERROR alerts/routes.yaml:2:5: DbDwn\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("route tests: 1 passed, 0 failed, 3 not run\n"), std::string::npos) << r.out;
}

TEST(RouteTests, NeedsOneConfig) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\n");
  fs.add("alerts/db.mzr", kRules);
  fs.add("alerts/routes.mzr", "test route alert DbDown -> [pager, db-chat]\n");
  auto r = run(fs, {});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("E0663"), std::string::npos) << r.err;
  fs.add("elsewhere/am.yml", kAm);
  r = run(fs, {"--config.file", "elsewhere/am.yml"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  fs.add("alerts/am1.yml", kAm);
  fs.add("alerts/am2.yml", kAm);
  r = run(fs, {});
  EXPECT_NE(r.err.find("the sources hold 2 Alertmanager configurations"), std::string::npos)
      << r.err;
}

TEST(RouteTests, NoTestsInRepository) {
  MemoryFileSystem fs;
  repository(fs);
  auto r = run(fs, {});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "no route tests in the repository\n");
}

TEST(RouteTests, DslTestBlockErrors) {
  MemoryFileSystem fs;
  repository(fs);
  fs.add("alerts/routes.mzr", "test alert { a = \"b\" } -> [x]\ntest route { a = \"b\" }\n");
  auto r = testing::run_cli(fs, {"check"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("E0760"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unknown kind of test 'alert'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the test expects nothing"), std::string::npos) << r.err;
}

TEST(RouteTests, FmtPrintsTestsCanonically) {
  MemoryFileSystem fs;
  fs.add("t.mzr", R"(# paging
test   route alert DbDown{namespace="prod",}->[pager,db-chat]   # both
test route "title"   {severity="critical"}   at "2024-12-25T10:00:00Z" not inhibited_by {a="b"} {c="d"} -> []
)");
  auto r = testing::run_cli(fs, {"fmt", "--check", "t.mzr"});
  EXPECT_EQ(r.code, 1);
  r = testing::run_cli(fs, {"fmt", "t.mzr"});
  EXPECT_EQ(r.code, 0) << r.err;
  std::string text;
  FsError err;
  ASSERT_TRUE(fs.read("t.mzr", text, err));
  EXPECT_EQ(text,
            "# paging\n"
            "test route alert DbDown { namespace = \"prod\" } -> [pager, db-chat]  # both\n"
            "test route \"title\" { severity = \"critical\" } at \"2024-12-25T10:00:00Z\" not "
            "inhibited_by { a = \"b\" } { c = \"d\" } -> []\n");
  r = testing::run_cli(fs, {"fmt", "--check", "t.mzr"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace mzr
