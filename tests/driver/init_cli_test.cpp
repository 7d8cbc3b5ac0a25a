// `mzrules init` on a repository laid out as teams lay theirs out: it names the folders that
// hold what mzrules reads, narrows around YAML it cannot read, finds Loki rule files by their
// LogQL, skips mzrules' own output, and the settings it writes make `check` read those files.

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

void repository(MemoryFileSystem& fs) {
  fs.add("monitoring/rules/node.yaml",
         "groups:\n- name: node\n  rules:\n  - alert: NodeDown\n    expr: up{job=\"node\"} == 0\n"
         "    for: 5m\n");
  fs.add("monitoring/rules/loki/app.yaml",
         "groups:\n- name: app\n  rules:\n  - alert: AppErrors\n"
         "    expr: sum by (app) (count_over_time({app=\"x\"} |= \"error\" [5m])) > 0\n");
  fs.add("monitoring/alertmanager/alertmanager.yml",
         "route:\n  receiver: default\nreceivers:\n- name: default\n");
  fs.add("monitoring/alertmanager/values.yaml", "replicas: 2\n");  // a Helm values file
  fs.add("dashboards/node.json", R"({"title": "Node", "uid": "node", "panels": []})");
  fs.add("deploy/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n");
  fs.add("out/.mzrules-manifest", "");
  fs.add("out/thanos/rules/x.yaml", "groups: []\n");
}

TEST(InitCli, NamesTheFoldersThatHoldSources) {
  MemoryFileSystem fs;
  repository(fs);
  auto r = testing::run_cli(fs, {"init", "--stdout"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("sources:\n"
                       "  - dashboards  # 1 Grafana dashboard file\n"
                       "  - monitoring/alertmanager/alertmanager.yml  # 1 Alertmanager "
                       "configuration\n"
                       "  - monitoring/rules  # 1 Prometheus rule file, 1 Loki rule file\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("loki_rules:\n  - monitoring/rules/loki\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("#   monitoring/alertmanager/values.yaml\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("# Not read: out/ holds what mzrules wrote."), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("deploy"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("jsonnet:"), std::string::npos) << r.out;
  EXPECT_FALSE(fs.exists("mzrules.yaml"));
}

TEST(InitCli, WrittenSettingsAreWhatCheckReads) {
  MemoryFileSystem fs;
  repository(fs);
  auto r = testing::run_cli(fs, {"init"});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_TRUE(fs.exists("mzrules.yaml"));
  auto c = testing::run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(c.code, 0) << c.err;
  // Both rule files, the Loki one as LogQL (no PromQL parse error), the configuration and the
  // dashboard; the unreadable values file is not a source.
  EXPECT_NE(c.err.find("checked 4 files: 2 rule groups, 2 rules (2 alerts), 1 dashboard"),
            std::string::npos)
      << c.err;
  EXPECT_EQ(c.err.find("values.yaml"), std::string::npos) << c.err;
}

TEST(InitCli, KeepsExistingSettingsAndSaysWhenNothingIsFound) {
  MemoryFileSystem fs;
  repository(fs);
  fs.add("mzrules.yaml", "sources: [x]\n");
  auto r = testing::run_cli(fs, {"init"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("'mzrules.yaml' exists; --force replaces it"), std::string::npos) << r.err;
  std::string text;
  FsError error;
  ASSERT_TRUE(fs.read("mzrules.yaml", text, error));
  EXPECT_EQ(text, "sources: [x]\n");
  EXPECT_EQ(testing::run_cli(fs, {"init", "--force"}).code, 0);

  MemoryFileSystem empty;
  empty.add("README.md", "# nothing here\n");
  empty.add("values.yaml", "replicas: 2\n");
  auto e = testing::run_cli(empty, {"init"});
  EXPECT_EQ(e.code, 1);
  EXPECT_NE(e.err.find("found nothing mzrules reads below '.' (searched 1 YAML"), std::string::npos)
      << e.err;
}

TEST(InitCli, JsonnetGetsItsLibraryFolder) {
  MemoryFileSystem fs;
  fs.add("mixin/alerts.jsonnet", "{ groups: [] }\n");
  fs.add("mixin/lib/util.libsonnet", "{}\n");
  auto r = testing::run_cli(fs, {"init", "--stdout"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("  - mixin  # 1 jsonnet program\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("# jsonnet:\n#   library_paths: [vendor]\n"), std::string::npos) << r.out;
  fs.add("vendor/github.com/x/y/lib.libsonnet", "{}\n");
  r = testing::run_cli(fs, {"init", "--stdout"});
  EXPECT_NE(r.out.find("\njsonnet:\n  library_paths: [vendor]\n"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace mzr
