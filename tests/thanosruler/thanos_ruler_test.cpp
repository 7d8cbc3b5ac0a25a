// The ThanosRuler resource of an operator-run Thanos ruler: the fixture project's output against
// its goldens, the chart's ruler switched off, the rule-group settings the operator drops for the
// ruler's Thanos version, and the value checks the CRD makes.

#include "compiler/emit/thanos_ruler.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "compiler/dsl/lower_thanos_ruler.h"
#include "tests/golden_file.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

namespace fs = std::filesystem;
using testing::run_cli;

std::string here() {
  return testing::source_dir() + "/tests/thanosruler";
}

// The fixture project under tests/thanosruler/project, without any output of its own.
MemoryFileSystem fixture() {
  MemoryFileSystem files;
  fs::path root = here() + "/project";
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::string rel = fs::relative(e.path(), root).generic_string();
    if (rel.starts_with("out/")) continue;
    files.add(rel, testing::read_file(e.path().string()));
  }
  return files;
}

TEST(ThanosRuler, FixtureBuildsTheGoldenResources) {
  MemoryFileSystem files = fixture();
  auto r = run_cli(files, {"build", "--color=never"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto& out = files.files();
  testing::expect_golden(here() + "/golden/mz-ruler.yaml",
                         out.at("out/thanos/thanosruler/mz-ruler.yaml"));
  testing::expect_golden(here() + "/golden/mz-ruler-alertmanagers.yaml",
                         out.at("out/thanos/thanosruler/mz-ruler-alertmanagers.yaml"));
  // The chart's ruler stays off: the operator's evaluates the groups.
  const std::string& values = out.at("out/helm/materialize-monitoring-values.yaml");
  EXPECT_NE(values.find("  ruler:\n    enabled: false\n"), std::string::npos) << values;
  EXPECT_EQ(values.find("autoImportPrometheusRules"), std::string::npos) << values;
  // The PrometheusRules it selects are written as in chart mode.
  EXPECT_TRUE(out.count("out/thanos/prometheusrules/alerts-db.yaml"));
  EXPECT_TRUE(out.count("out/thanos/prometheusrules/rules-errors.yaml"));
}

// A project whose stack runs the ruler by the operator with `ruler_lines`, and `groups`.
MemoryFileSystem project(const std::string& ruler_lines, const std::string& groups) {
  MemoryFileSystem files;
  files.add("mzrules.yaml", "sources: [alerts]\ncatalogs:\n  stdlib: false\n");
  files.add("alerts/stack.mzr",
            "stack {\n  rule_selector { role = \"r\" }\n  chart { thanos { ruler {\n"
            "    deployed_by operator\n    query_endpoints [\"thanos-query:10901\"]\n"
            "    alertmanager_url \"http://am:9093\"\n" +
                ruler_lines + "  } } }\n}\n");
  if (!groups.empty()) files.add("alerts/g.mzr", groups);
  return files;
}

constexpr const char* kOffsetGroup =
    "metrics m {\n  target_labels { job }\n  gauge up {}\n}\n"
    "rules g every 1m offset 30s {\n  record job:up:sum = sum by (job) (up)\n}\n";

TEST(ThanosRuler, QueryOffsetNeedsThanos038) {
  MemoryFileSystem old = project("    version \"v0.37.2\"\n", kOffsetGroup);
  auto r = run_cli(old, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("error[E1606]: group 'g' sets query_offset, which prometheus-operator "
                       "removes for a Thanos ruler older than 0.38.0"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alerts/g.mzr:5:25"), std::string::npos) << r.err;

  MemoryFileSystem unknown = project("", kOffsetGroup);
  r = run_cli(unknown, {"check", "--color=never"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("warning[W1607]: group 'g' sets query_offset"), std::string::npos) << r.err;

  MemoryFileSystem recent = project("    version \"v0.38.0\"\n", kOffsetGroup);
  r = run_cli(recent, {"check", "--color=never"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("1607"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("1606"), std::string::npos) << r.err;
}

TEST(ThanosRuler, GroupLabelsLimitAndKeepFiringFor) {
  MemoryFileSystem files = project("    version \"v0.23.0\"\n",
                                   "metrics m {\n  target_labels { job }\n  gauge up {}\n}\n"
                                   "alerts a every 1m limit 10 labels { team = \"x\" } {\n"
                                   "  alert A keep_firing_for 5m {\n    expr up == 0\n  }\n}\n");
  auto r = run_cli(files, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1) << r.err;
  for (const char* what : {"sets limit,", "sets group labels,", "sets keep_firing_for,"})
    EXPECT_NE(r.err.find(what), std::string::npos) << what << "\n" << r.err;
}

TEST(ThanosRuler, NoRulesToSelect) {
  MemoryFileSystem files = project("", "");
  auto r = run_cli(files, {"build", "--color=never"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("error[E1604]: the ThanosRuler would select no PrometheusRule"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(files.files().count("out/thanos/thanosruler/mzrules.yaml"));
}

// Loki's rule groups are the Loki ruler's: with only those, the ThanosRuler has nothing either.
TEST(ThanosRuler, LokiRulesAreNotForIt) {
  MemoryFileSystem files = project("", "");
  files.add("mzrules.yaml",
            "sources: [alerts]\nloki_rules: [alerts/loki]\ncatalogs:\n  stdlib: false\n");
  files.add("alerts/loki/app.yaml",
            "groups:\n- name: g\n  rules:\n  - record: x:rate1m\n"
            "    expr: sum(rate({app=\"a\"}[1m]))\n");
  auto r = run_cli(files, {"build", "--color=never"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("error[E1604]: the ThanosRuler would select no PrometheusRule"),
            std::string::npos)
      << r.err;
}

TEST(ThanosRuler, ChartModeWritesNoThanosRuler) {
  MemoryFileSystem files = project("", kOffsetGroup);
  files.add("alerts/stack.mzr", "stack {\n  rule_selector { role = \"r\" }\n}\n");
  auto r = run_cli(files, {"build", "--color=never"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const auto& [path, _] : files.files())
    EXPECT_EQ(path.find("thanosruler"), std::string::npos);
  EXPECT_NE(files.files().at("out/helm/materialize-monitoring-values.yaml").find("enabled: true"),
            std::string::npos);
}

TEST(ThanosRuler, CrdDurationPattern) {
  for (const char* ok : {"0", "30s", "1d12h", "1y2w3d4h5m6s7ms", "500ms", "90m"})
    EXPECT_FALSE(dsl::crd_duration_problem(ok)) << ok;
  for (const char* bad : {"", "1h30d", "1.5h", "30", "s", "1m1m", "5mss", "-1h", "1H"})
    EXPECT_TRUE(dsl::crd_duration_problem(bad)) << bad;
}

TEST(ThanosRuler, AlertmanagersConfig) {
  EXPECT_EQ(emit::thanos_alertmanagers_config("http://am.monitoring.svc:9093"),
            "alertmanagers:\n  - static_configs:\n      - am.monitoring.svc:9093\n"
            "    scheme: http\n    api_version: v2\n");
  EXPECT_EQ(emit::thanos_alertmanagers_config("https://am.example.com/prefix/"),
            "alertmanagers:\n  - static_configs:\n      - am.example.com:443\n"
            "    scheme: https\n    path_prefix: /prefix\n    api_version: v2\n");
  EXPECT_NE(emit::thanos_alertmanagers_config("http://[::1]/").find("\"[::1]:80\""),
            std::string::npos);
}

}  // namespace
}  // namespace mzr
