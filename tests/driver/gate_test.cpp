// Using mzrules as a CI gate: it never passes without having checked, it checks every reference
// to a recording rule, and its findings can be limited, baselined and suppressed.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

constexpr const char* kRecorded =
    "groups:\n- name: rec\n  rules:\n  - record: job:up:sum\n    expr: sum by (job) (up)\n";

// -- It never passes without having checked -----------------------------------------------------

TEST(Gate, NoSettingsAndNoDefaultFoldersIsAnError) {
  MemoryFileSystem fs;
  fs.add("monitoring/rules.yaml", kRecorded);
  for (const char* command : {"check", "build"}) {
    auto r = run_cli(fs, {command, "--color=never"});
    EXPECT_EQ(r.code, 1) << command;
    EXPECT_TRUE(has(r.err,
                    "error[E1301]: no sources found: there is no mzrules.yaml here or in "
                    "a parent directory, and none of the default source folders 'rules', "
                    "'alerts', 'dashboards' holds a source file"))
        << r.err;
  }
}

TEST(Gate, SettingsWhoseFoldersHoldNothingAreAnError) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [rules]\n");
  fs.add("rules/README.md", "nothing here\n");
  auto r = run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.err,
                  "mzrules.yaml:1:11: error[E1301]: no sources found: searched the source "
                  "folders 'rules' of 'mzrules.yaml'"))
      << r.err;
}

TEST(Gate, MissingConfiguredFolderIsAnError) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [rules, alerts]\n");
  fs.add("rules/r.yaml", kRecorded);
  auto r = run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.err,
                  "mzrules.yaml:1:18: error[E0001]: source folder 'alerts' named in "
                  "mzrules.yaml does not exist (searched 'alerts')"))
      << r.err;
  // The default folders, without mzrules.yaml, may be missing as long as one holds sources.
  MemoryFileSystem defaults;
  defaults.add("rules/r.yaml", kRecorded);
  EXPECT_EQ(run_cli(defaults, {"check"}).code, 0);
}

TEST(Gate, HumanOutputEndsWithWhatWasChecked) {
  MemoryFileSystem fs;
  fs.add("rules/r.yaml",
         "groups:\n- name: a\n  rules:\n  - record: job:up:sum\n    expr: sum by (job) (up)\n"
         "  - alert: Down\n    expr: job:up:sum == 0\n");
  fs.add("alerts/am.yml",
         "route: {receiver: a, routes: [{receiver: a}]}\nreceivers: [{name: a}]\n");
  fs.add("alerts/t.yaml", "route_tests:\n  - {alert: Down, receivers: [a]}\n");
  auto r = run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err,
            "checked 3 files: 1 rule group, 2 rules (1 alert), 0 dashboards, 2 routes, 1 test\n");
  // Machine formats stay one document.
  auto json = run_cli(fs, {"check", "--format=json"});
  EXPECT_EQ(json.out, "[]\n");
  EXPECT_EQ(json.err, "");
}

// -- Every reference checked ------------------------------------------------------------------

TEST(Gate, AlertReadingAnUnrecordedSeriesIsE0815) {
  MemoryFileSystem fs;
  fs.add("rules/rec.yaml", kRecorded);
  fs.add("rules/alerts.yaml",
         "groups:\n- name: a\n  rules:\n  - alert: Down\n    expr: job:up:summ == 0\n"
         "  - record: job:up:max\n    expr: max(job:up:sum) + max(cluster:up:sum)\n");
  auto r = run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.err,
                  "rules/alerts.yaml:5:11: error[E0815]: no recording rule records "
                  "'job:up:summ', did you mean 'job:up:sum'?"))
      << r.err;
  EXPECT_TRUE(has(r.err, "error[E0815]: no recording rule records 'cluster:up:sum'")) << r.err;
  EXPECT_FALSE(has(r.err, "records 'job:up:sum'")) << r.err;
  // The name recorded: nothing to report.
  fs.add("rules/alerts.yaml",
         "groups:\n- name: a\n  rules:\n  - alert: Down\n"
         "    expr: job:up:sum == 0\n");
  EXPECT_EQ(run_cli(fs, {"check"}).code, 0);
}

TEST(Gate, RecordingRuleDefinedInTwoFilesIsAWarning) {
  MemoryFileSystem fs;
  fs.add("rules/a.yaml", kRecorded);
  fs.add("rules/b.yaml", kRecorded);
  auto r = run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(has(r.err,
                  "rules/b.yaml:4:13: warning[W1302]: recording rule 'job:up:sum' with "
                  "these labels is also defined in another file"))
      << r.err;
  EXPECT_TRUE(has(r.err, "rules/a.yaml:4:13: note: defined here too")) << r.err;
  // Other labels make it another series.
  fs.add("rules/b.yaml", std::string(kRecorded) + "    labels: {env: prod}\n");
  EXPECT_FALSE(has(run_cli(fs, {"check"}).err, "W1302"));
}

TEST(Gate, CheckChecksRouteTests) {
  MemoryFileSystem fs;
  fs.add("rules/r.yaml", "groups:\n- name: a\n  rules:\n  - alert: Down\n    expr: up == 0\n");
  fs.add("alerts/am.yml", "route: {receiver: a}\nreceivers: [{name: a}]\n");
  fs.add("alerts/t.yaml",
         "route_tests:\n  - {alert: Dwn, receivers: [b]}\n"
         "  - {alert: Down, receivers: [a, a]}\n");
  auto r = run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.err, "error[E0661]")) << r.err;
  EXPECT_TRUE(has(r.err, "error[E0664]")) << r.err;
}

// -- Findings people can live with ------------------------------------------------------------

TEST(Gate, MaxWarnings) {
  MemoryFileSystem fs;
  fs.add("rules/a.yaml", kRecorded);
  fs.add("rules/b.yaml", kRecorded);  // one warning: W1302
  EXPECT_EQ(run_cli(fs, {"check", "--max-warnings=1"}).code, 0);
  auto r = run_cli(fs, {"check", "--color=never", "--max-warnings", "0"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.err, "error[E1303]: 1 warnings, more than --max-warnings 0 allows")) << r.err;
  EXPECT_EQ(run_cli(fs, {"check", "--max-warnings=-1"}).code, 2);
}

TEST(Gate, BaselineReportsOnlyNewFindings) {
  MemoryFileSystem fs;
  fs.add("rules/a.yaml", kRecorded);
  fs.add("rules/b.yaml", kRecorded);
  fs.add("rules/c.yaml", "groups:\n- name: c\n  rules:\n  - alert: A\n    expr: a:b:c > 0\n");
  auto w = run_cli(fs, {"check", "--write-baseline=baseline.json"});
  EXPECT_EQ(w.code, 0) << w.err;
  EXPECT_TRUE(has(w.err, "wrote 2 findings to the baseline 'baseline.json'")) << w.err;
  std::string text;
  FsError err;
  ASSERT_TRUE(fs.read("baseline.json", text, err));
  auto doc = nlohmann::json::parse(text);
  ASSERT_EQ(doc["findings"].size(), 2u);
  EXPECT_EQ(doc["findings"][0]["code"], "E0815");
  EXPECT_EQ(doc["findings"][0]["file"], "rules/c.yaml");
  EXPECT_EQ(doc["findings"][1]["code"], "W1302");

  auto r = run_cli(fs, {"check", "--color=never", "--baseline=baseline.json"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(has(r.err, "[E0815]")) << r.err;
  // Lines shifted by an unrelated edit: still in the baseline.
  fs.add("rules/c.yaml",
         "# a comment\n\ngroups:\n- name: c\n  rules:\n  - alert: A\n"
         "    expr: a:b:c > 0\n");
  EXPECT_EQ(run_cli(fs, {"check", "--baseline=baseline.json"}).code, 0);
  // A second finding of the same kind is new.
  fs.add("rules/c.yaml",
         "groups:\n- name: c\n  rules:\n  - alert: A\n    expr: a:b:c > 0\n"
         "  - alert: B\n    expr: x:y:z > 0\n");
  r = run_cli(fs, {"check", "--color=never", "--baseline=baseline.json"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.err, "'x:y:z'")) << r.err;
  EXPECT_FALSE(has(r.err, "'a:b:c'")) << r.err;
  // The same finding twice where the baseline holds it once: one is new.
  fs.add("rules/c.yaml",
         "groups:\n- name: c\n  rules:\n  - alert: A\n    expr: a:b:c > 0\n"
         "  - alert: B\n    expr: a:b:c > 1\n");
  r = run_cli(fs, {"check", "--color=never", "--baseline=baseline.json"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_TRUE(has(r.err, "rules/c.yaml:7:11: error[E0815]")) << r.err;
  EXPECT_FALSE(has(r.err, "rules/c.yaml:5:11: error[E0815]")) << r.err;
  // A file that is no baseline.
  fs.add("bad.json", "[1, 2]");
  r = run_cli(fs, {"check", "--color=never", "--baseline=bad.json"});
  EXPECT_TRUE(has(r.err, "error[E1304]: cannot use the baseline 'bad.json'")) << r.err;
}

TEST(Gate, SuppressionsNeedAReason) {
  MemoryFileSystem fs;
  fs.add("rules/rec.yaml", kRecorded);
  fs.add("rules/a.yaml",
         "groups:\n- name: a\n  rules:\n  - alert: A\n"
         "    # mzrules-ignore E0815: recorded by the platform team's Prometheus\n"
         "    expr: a:b:c > 0\n"
         "  - alert: B\n    expr: x:y:z > 0 # mzrules-ignore E0815\n"
         "  - alert: C\n    expr: up == 0 # mzrules-ignore E0815: stale\n");
  auto r = run_cli(fs, {"check", "--color=never"});
  EXPECT_FALSE(has(r.err, "'a:b:c'")) << r.err;
  EXPECT_TRUE(has(r.err, "rules/a.yaml:8:21: error[E1305]: the suppression gives no reason"))
      << r.err;
  EXPECT_TRUE(has(r.err, "error[E0815]: no recording rule records 'x:y:z'")) << r.err;
  EXPECT_TRUE(has(r.err,
                  "rules/a.yaml:10:19: warning[W1306]: nothing to suppress: no E0815 is "
                  "reported on line 10"))
      << r.err;
  fs.add("rules/b.mzr", "# mzrules-ignore NOPE1: why\nalerts g {}\n");
  r = run_cli(fs, {"check", "--color=never"});
  EXPECT_TRUE(has(r.err, "rules/b.mzr:1:1: error[E1305]: 'NOPE1' is not a diagnostic code"))
      << r.err;
}

TEST(Gate, LevelsPerPath) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml",
         "sources: [vendor, rules]\n"
         "overrides:\n"
         "  - paths: [vendor/mixin-*]\n"
         "    diagnostics: {W1302: off, W0314: error}\n");
  fs.add("vendor/mixin-a/rules.yaml", kRecorded);
  fs.add("rules/a.yaml", kRecorded);
  fs.add("rules/b.yaml", kRecorded);
  fs.add("rules/empty.yaml", "groups:\n- name: e\n");
  auto r = run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 0) << r.err;
  // The first definition is vendored, the findings are in rules/: they stay.
  EXPECT_TRUE(has(r.err, "rules/a.yaml:4:13: warning[W1302]")) << r.err;
  EXPECT_TRUE(has(r.err, "rules/b.yaml:4:13: warning[W1302]")) << r.err;
  EXPECT_TRUE(has(r.err, "rules/empty.yaml:2:9: warning[W0314]")) << r.err;
  // Findings in vendor/ follow the override.
  fs.add("vendor/mixin-a/empty.yaml", "groups:\n- name: e\n");
  fs.add("vendor/mixin-a/copy.yaml", kRecorded);
  r = run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.err, "vendor/mixin-a/empty.yaml:2:9: error[W0314]")) << r.err;
  EXPECT_FALSE(has(r.err, "vendor/mixin-a/copy.yaml:4:13: warning[W1302]")) << r.err;
  EXPECT_FALSE(has(r.err, "vendor/mixin-a/rules.yaml:4:13: warning[W1302]")) << r.err;
  EXPECT_TRUE(has(r.err, "rules/a.yaml:4:13: warning[W1302]")) << r.err;
  // Errors cannot be re-levelled; entries need paths.
  fs.add("mzrules.yaml", "overrides:\n  - diagnostics: {E0815: off}\n");
  r = run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.err, "'E0815' is an error; errors cannot be re-levelled")) << r.err;
  EXPECT_TRUE(has(r.err, "an 'overrides' entry needs 'paths'")) << r.err;
}

TEST(Gate, DuplicatePanelIdsAreAWarning) {
  MemoryFileSystem fs;
  fs.add("dashboards/d.json",
         R"({"uid": "d", "title": "D", "panels": [
  {"id": 1, "type": "text", "title": "One", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 4}},
  {"id": 1, "type": "text", "title": "Two", "gridPos": {"x": 12, "y": 0, "w": 12, "h": 4}}]})");
  auto r = run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(has(r.err, "warning[W1308]: panel id 1 is also the id of panel 'One'")) << r.err;
}

TEST(Gate, ChangedFromWithoutGitIsAnError) {
  MemoryFileSystem fs;
  fs.add("rules/a.yaml", kRecorded);
  auto r = run_cli(fs, {"check", "--color=never", "--changed-from=main"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(has(r.err, "error[E1307]: --changed-from 'main': this environment cannot run git"))
      << r.err;
}

// -- Route tests in machine formats -------------------------------------------------------------

TEST(Gate, TestWritesOneDocumentInMachineFormats) {
  MemoryFileSystem fs;
  fs.add("alerts/am.yml",
         "route: {receiver: a, routes: [{matchers: [team=\"db\"], receiver: db}]}\n"
         "receivers: [{name: a}, {name: db}]\n");
  fs.add("alerts/t.yaml",
         "route_tests:\n  - {labels: {team: db}, receivers: [a]}\n"
         "  - {labels: {team: web}, receivers: [a]}\n");
  auto human = run_cli(fs, {"test", "--color=never"});
  EXPECT_EQ(human.code, 1);
  EXPECT_TRUE(has(human.out, "route tests: 1 passed, 1 failed")) << human.out;

  auto json = run_cli(fs, {"test", "--format=json"});
  EXPECT_EQ(json.code, 1);
  auto doc = nlohmann::json::parse(json.out);  // throws if it is not one document
  ASSERT_EQ(doc.size(), 1u) << json.out;
  EXPECT_EQ(doc[0]["code"], "E1309");
  EXPECT_EQ(doc[0]["file"], "alerts/t.yaml");
  EXPECT_EQ(doc[0]["line"], 2);

  auto sarif = run_cli(fs, {"test", "--format=sarif"});
  auto sdoc = nlohmann::json::parse(sarif.out);
  EXPECT_EQ(sdoc["runs"][0]["results"].size(), 1u);

  auto github = run_cli(fs, {"test", "--format=github"});
  EXPECT_EQ(github.out.rfind("::error file=alerts/t.yaml,line=2,", 0), 0u) << github.out;
  EXPECT_TRUE(has(github.out, "title=E1309::route test")) << github.out;
}

}  // namespace
}  // namespace mzr
