// `mzrules routes` answers from the repository's routing configuration even when other files of
// the repository have errors (a broken dashboard, a rule's query), saying how many; errors in the
// configuration itself, or in a .mzr file that does not parse, still stop it.

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

void repository(MemoryFileSystem& fs) {
  fs.add("mzrules.yaml", "sources: [alerts, dashboards]\n");
  fs.add("alerts/alertmanager.yml",
         "route:\n"
         "  receiver: default\n"
         "  routes:\n"
         "  - matchers: [team=\"db\"]\n"
         "    receiver: db\n"
         "receivers: [{name: default}, {name: db}]\n");
  fs.add("alerts/rules.yaml",
         "groups:\n"
         "- name: g\n"
         "  rules:\n"
         "  - alert: DbDown\n"
         "    expr: up{job=\"db\"} == 0\n"
         "    labels: {team: db, severity: page}\n"
         "  - alert: Broken\n"
         "    expr: sum(rate(x[5m])\n"
         "    labels: {team: web}\n");
  fs.add("dashboards/broken.json", "{\"panels\": [ {\"id\": 1,, } ]}\n");
}

TEST(RoutesWithErrors, UnrelatedErrorsDoNotStopTheAnswer) {
  MemoryFileSystem fs;
  repository(fs);
  auto check = testing::run_cli(fs, {"check"});
  EXPECT_EQ(check.code, 1);

  auto show = testing::run_cli(fs, {"routes", "show"});
  EXPECT_EQ(show.code, 0) << show.err;
  EXPECT_NE(show.out.find("{team=\"db\"}  receiver: db"), std::string::npos) << show.out;
  EXPECT_NE(show.err.find("mzrules routes: 2 errors in files the routing configuration is not "
                          "read from; 'mzrules check' reports them"),
            std::string::npos)
      << show.err;

  auto test = testing::run_cli(fs, {"routes", "test", "team=db"});
  EXPECT_EQ(test.code, 0) << test.err;
  EXPECT_EQ(test.out, "db\n");

  // The alert table is made of the rules, so the broken rule stops it.
  auto alerts = testing::run_cli(fs, {"routes", "show", "--alerts"});
  EXPECT_EQ(alerts.code, 1) << alerts.out;
  EXPECT_NE(alerts.err.find("alerts/rules.yaml:8:"), std::string::npos) << alerts.err;
}

TEST(RoutesWithErrors, ErrorsInTheConfigurationStillStopIt) {
  MemoryFileSystem fs;
  repository(fs);
  fs.add("alerts/alertmanager.yml",
         "route:\n"
         "  receiver: default\n"
         "  group_wait: soon\n"
         "receivers: [{name: default}]\n");
  auto r = testing::run_cli(fs, {"routes", "show"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("alerts/alertmanager.yml:3:"), std::string::npos) << r.err;
}

TEST(RoutesWithErrors, AMzrFileThatDoesNotParseStopsIt) {
  MemoryFileSystem fs;
  repository(fs);
  fs.add("alerts/more.mzr", "receiver pager {\n");  // may have held routing blocks
  auto r = testing::run_cli(fs, {"routes", "show"});
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.err.find("alerts/more.mzr:"), std::string::npos) << r.err;
}

// Alertmanager refuses a configuration whose notification template files do not parse: they are
// part of the routing configuration.
TEST(RoutesWithErrors, ABrokenTemplateFileStopsIt) {
  MemoryFileSystem fs;
  repository(fs);
  fs.add("alerts/alertmanager.yml",
         "route: {receiver: default}\n"
         "receivers: [{name: default}]\n"
         "templates: ['t/*.tmpl']\n");
  fs.add("alerts/t/a.tmpl", "{{ define \"x\" }}{{ humanise 1 }}{{ end }}\n");
  auto r = testing::run_cli(fs, {"routes", "test", "team=db"});
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.err.find("a.tmpl:1:20: error[E1101]"), std::string::npos) << r.err;
}

// The alert table is made of the rules: a rule file that does not load stops it, a dashboard
// does not.
TEST(RoutesWithErrors, TheAlertTableNeedsItsRules) {
  MemoryFileSystem fs;
  repository(fs);
  fs.add("alerts/rules.yaml", "groups: [\n");
  auto r = testing::run_cli(fs, {"routes", "show", "--alerts"});
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.err.find("alerts/rules.yaml:"), std::string::npos) << r.err;

  MemoryFileSystem ok;
  repository(ok);
  ok.add("alerts/rules.yaml",
         "groups:\n- name: g\n  rules:\n  - alert: DbDown\n    expr: up == 0\n"
         "    labels: {team: db}\n");
  auto t = testing::run_cli(ok, {"routes", "show", "--alerts"});
  EXPECT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("DbDown"), std::string::npos) << t.out;
  EXPECT_NE(t.err.find("1 error in dashboards, which the table does not read"), std::string::npos)
      << t.err;
}

}  // namespace
}  // namespace mzr
