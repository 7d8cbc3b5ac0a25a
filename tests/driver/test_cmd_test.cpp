// `mzrules test` as a command: help, options, and its answers when there is nothing to run.

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

TEST(CliTest, HelpNamesTheOptions) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"test", "--help"});
  EXPECT_EQ(r.code, 0);
  for (const char* o : {"--junit", "--config.file", "--verbose"}) {
    EXPECT_NE(r.out.find(o), std::string::npos) << o;
  }
}

TEST(CliTest, EmptyRepositoryHasNoTests) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"test"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "no route tests in the repository\n");
}

TEST(CliTest, MissingPathFails) {
  MemoryFileSystem fs;
  auto r = run_cli(fs, {"test", "nowhere"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no such file or directory: 'nowhere'"), std::string::npos) << r.err;
}

TEST(CliTest, JunitReportOfPassingTests) {
  MemoryFileSystem fs;
  fs.add("alerts/am.yml", "route: {receiver: a}\nreceivers: [{name: a}]\n");
  fs.add("alerts/t.yaml", "route_tests:\n  - {labels: {x: \"<&>\"}, receivers: [a]}\n");
  auto r = run_cli(fs, {"test", "--junit=out.xml"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  std::string xml;
  FsError err;
  ASSERT_TRUE(fs.read("out.xml", xml, err));
  EXPECT_EQ(xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"mzrules route tests\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
            "  <testsuite name=\"alerts/t.yaml\" tests=\"1\" failures=\"0\" errors=\"0\" "
            "skipped=\"0\">\n"
            "    <testcase name=\"{x=&quot;&lt;&amp;&gt;&quot;}\" classname=\"alerts/t.yaml\" "
            "file=\"alerts/t.yaml\" line=\"2\"/>\n"
            "  </testsuite>\n"
            "</testsuites>\n");
}

// A broken dashboard is 'check''s business: 'test' runs, reports its results and passes, while
// 'check' on the same repository fails on the dashboard.
TEST(CliTest, DashboardErrorsDoNotFailTheTests) {
  MemoryFileSystem fs;
  fs.add("alerts/am.yml", "route: {receiver: a}\nreceivers: [{name: a}]\n");
  fs.add("alerts/t.yaml", "route_tests:\n  - {labels: {x: y}, receivers: [a]}\n");
  fs.add("dashboards/broken.json", "{\"panels\": [ {\"id\": 1,, } ]}\n");
  fs.add("dashboards/bad-query.json",
         "{\"uid\": \"q\", \"title\": \"Q\", \"panels\": [{\"id\": 1, \"type\": "
         "\"timeseries\", \"gridPos\": {\"x\": 0, \"y\": 0, \"w\": 12, \"h\": 8}, "
         "\"targets\": [{\"expr\": \"sum(rate(x[5m])\"}]}]}\n");
  auto r = run_cli(fs, {"test", "--color=never"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.err.find("dashboards/"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("1 passed"), std::string::npos) << r.out;
  auto c = run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(c.code, 1) << c.err;
  EXPECT_NE(c.err.find("dashboards/broken.json:1:"), std::string::npos) << c.err;
  EXPECT_NE(c.err.find("dashboards/bad-query.json:1:"), std::string::npos) << c.err;
}

// A .mzr file may hold rules and a dashboard: the dashboard's findings stay out of 'test', the
// rules' stay in, also those of a lint rules share with dashboards (E0815).
TEST(CliTest, DashboardInARuleFileIsLeftOutRulesAreNot) {
  MemoryFileSystem fs;
  fs.add("alerts/am.yml", "route: {receiver: a}\nreceivers: [{name: a}]\n");
  fs.add("alerts/t.yaml", "route_tests:\n  - {labels: {x: y}, receivers: [a]}\n");
  fs.add("alerts/app.mzr",
         "rules app every 1m {\n"
         "  record job:up:sum = sum by (job) (up)\n"
         "}\n"
         "alerts app.alerts {\n"
         "  alert Down {\n"
         "    expr job:up:summ == 0\n"
         "    labels { severity warning }\n"
         "    summary \"down\"\n"
         "  }\n"
         "}\n"
         "dashboard d \"D\" {\n"
         "  timeseries \"A\" { query job:up:summ  width 12 }\n"
         "}\n");
  auto c = run_cli(fs, {"check", "--color=never"});
  EXPECT_NE(c.err.find("alerts/app.mzr:6:"), std::string::npos) << c.err;
  EXPECT_NE(c.err.find("alerts/app.mzr:12:"), std::string::npos) << c.err;
  auto r = run_cli(fs, {"test", "--color=never"});
  EXPECT_NE(r.err.find("alerts/app.mzr:6:10: error[E0815]"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("alerts/app.mzr:12:"), std::string::npos) << r.err;
}

// Problems of what the tests read still reach the test run.
TEST(CliTest, RuleAndRoutingErrorsStillShow) {
  MemoryFileSystem fs;
  fs.add("alerts/am.yml", "route: {receiver: a, group_wait: soon}\nreceivers: [{name: a}]\n");
  fs.add("alerts/t.yaml", "route_tests:\n  - {labels: {x: y}, receivers: [a]}\n");
  auto r = run_cli(fs, {"test", "--color=never"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("alerts/am.yml:1:"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mzr
