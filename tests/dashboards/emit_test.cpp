// grafana-operator output: one golden file per resource kind, and the round trip (the emitted
// resources load and check clean, and emitting them again gives the same bytes).

#include <gtest/gtest.h>

#include <filesystem>

#include "compiler/driver/pipeline.h"
#include "compiler/emit/grafana_resources.h"
#include "tests/golden_file.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

namespace fs = std::filesystem;

model::Text text(std::string s) {
  return model::Text{std::move(s), {}};
}

model::GrafanaStack stack() {
  model::GrafanaStack g;
  g.instance_selector.push_back(
      {text("monitoring.materialize.cloud/grafana-instance"), text("mzmon")});
  g.folder_uid = text("mz-mon");
  g.folder_title = "Materialize";
  model::GrafanaDatasource thanos;
  thanos.uid = text("mzmon-thanos");
  thanos.type = text("prometheus");
  thanos.name = "Thanos";
  thanos.url = "http://thanos-query.monitoring.svc:9090";
  thanos.thanos = true;
  thanos.is_default = true;
  model::GrafanaDatasource loki;
  loki.uid = text("mzmon-loki");
  loki.type = text("loki");
  loki.name = "Loki";
  loki.url = "http://loki-gateway.monitoring.svc";
  loki.tenant = "loki";
  g.datasources = {thanos, loki};
  return g;
}

emit::OutputSet build(FileSystem& files, const std::vector<std::string>& paths,
                      const model::GrafanaStack& g, std::string* errors) {
  driver::Compilation c;
  driver::compile(files, paths, c);
  for (const Diagnostic& d : c.diags.all()) {
    if (d.severity == Severity::Error) *errors += d.message + "\n";
  }
  emit::OutputSet out;
  emit::emit_grafana(c.dashboards, g, c.sources, std::nullopt, out);
  return out;
}

TEST(GrafanaEmit, OneGoldenPerResourceKind) {
  std::string input = testing::source_dir() + "/tests/testdata/dashboards";
  RealFileSystem files(input);
  std::string errors;
  emit::OutputSet out = build(files, {"good.json", "good_v2.yaml"}, stack(), &errors);
  EXPECT_EQ(errors, "");
  std::set<std::string> kinds;
  std::string expected_dir = testing::source_dir() + "/tests/dashboards/emit/";
  for (const auto& [path, bytes] : out.files) {
    kinds.insert(path.substr(0, path.rfind('/')));
    testing::expect_golden(expected_dir + path, bytes);
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"grafana/dashboards", "grafana/manifests",
                                          "grafana/folders", "grafana/datasources"}));
  EXPECT_EQ(out.files.size(), 5u);
}

// Every panel setting the DSL has, as the dashboard JSON it becomes.
TEST(GrafanaEmit, DslPanelSettingsGolden) {
  std::string input = testing::source_dir() + "/tests/dashboards/dsl";
  RealFileSystem files(input);
  std::string errors;
  emit::OutputSet out = build(files, {"every_setting.mzr"}, stack(), &errors);
  EXPECT_EQ(errors, "");
  const std::string path = "grafana/dashboards/every-setting.yaml";
  ASSERT_TRUE(out.files.count(path)) << "no " << path;
  testing::expect_golden(testing::source_dir() + "/tests/dashboards/emit_dsl/" + path,
                         out.files.at(path));
}

TEST(GrafanaEmit, RoundTripGivesTheSameBytes) {
  std::string input = testing::source_dir() + "/tests/testdata/dashboards";
  RealFileSystem files(input);
  std::string errors;
  emit::OutputSet first = build(files, {"good.json", "good_v2.yaml"}, stack(), &errors);
  ASSERT_EQ(errors, "");
  auto [emitted, paths] = testing::emitted_dashboards(first.files);
  ASSERT_EQ(paths.size(), 2u);
  emit::OutputSet second = build(emitted, paths, stack(), &errors);
  EXPECT_EQ(errors, "") << "the emitted resources check clean";
  EXPECT_EQ(second.files, first.files);
}

TEST(GrafanaEmit, ResourceNames) {
  EXPECT_EQ(emit::resource_name("mz-mon-env-top"), "mz-mon-env-top");
  EXPECT_EQ(emit::resource_name("Node_Exporter__Full"), "node-exporter-full");
  EXPECT_EQ(emit::resource_name("__"), "dashboard");
}

}  // namespace
}  // namespace mzr
