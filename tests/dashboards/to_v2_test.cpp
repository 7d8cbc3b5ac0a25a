// Classic dashboards deployed as dashboard.grafana.app/v2: the converted GrafanaManifest against
// a golden file, the round trips (load what was emitted, check it, emit again: the same bytes)
// for both schemas, the choice of schema, and the `dashboards.schema` setting.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "compiler/check/dashboard_checks.h"
#include "compiler/driver/pipeline.h"
#include "compiler/emit/dashboard_to_v2.h"
#include "compiler/emit/grafana_resources.h"
#include "tests/golden_file.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

namespace fs = std::filesystem;
using Schema = model::DashboardSchema;

model::Text text(std::string s) {
  return model::Text{std::move(s), {}};
}

model::GrafanaStack stack() {
  model::GrafanaStack g;
  g.instance_selector.push_back(
      {text("monitoring.materialize.cloud/grafana-instance"), text("mzmon")});
  g.folder_uid = text("mz-mon");
  model::GrafanaDatasource thanos;
  thanos.uid = text("mzmon-thanos");
  thanos.type = text("prometheus");
  thanos.is_default = true;
  model::GrafanaDatasource loki;
  loki.uid = text("mzmon-loki");
  loki.type = text("loki");
  g.datasources = {thanos, loki};
  return g;
}

struct Built {
  emit::OutputSet out;
  std::string errors;
  std::vector<model::Dashboard> dashboards;
};

Built build(FileSystem& files, const std::vector<std::string>& paths,
            std::optional<Schema> schema) {
  Built b;
  driver::Compilation c;
  driver::compile(files, paths, c);
  for (const Diagnostic& d : c.diags.all()) {
    if (d.severity == Severity::Error) b.errors += d.message + "\n";
  }
  emit::emit_grafana(c.dashboards, stack(), c.sources, schema, b.out);
  b.dashboards = std::move(c.dashboards);
  return b;
}

// Loads the emitted dashboards and manifests again and emits them with the same setting.
Built rebuild(const Built& first, std::optional<Schema> schema) {
  auto [emitted, paths] = testing::emitted_dashboards(first.out.files);
  return build(emitted, paths, schema);
}

std::string testdata() {
  return testing::source_dir() + "/tests/testdata/dashboard_emit";
}

TEST(DashboardToV2, ConvertedManifestMatchesGolden) {
  RealFileSystem files(testdata());
  Built b = build(files, {"classic_full.json"}, Schema::V2);
  ASSERT_EQ(b.errors, "");
  ASSERT_EQ(b.out.files.count("grafana/manifests/emit-classic-full.yaml"), 1u);
  EXPECT_EQ(b.out.files.count("grafana/dashboards/emit-classic-full.yaml"), 0u);
  const std::string& bytes = b.out.files.at("grafana/manifests/emit-classic-full.yaml");
  testing::expect_golden(testdata() + "/classic_full.manifest.yaml", bytes);
}

TEST(DashboardToV2, ConvertedManifestLoadsAsTheSameDashboard) {
  RealFileSystem files(testdata());
  Built first = build(files, {"classic_full.json"}, Schema::V2);
  ASSERT_EQ(first.errors, "");
  Built second = rebuild(first, Schema::V2);
  EXPECT_EQ(second.errors, "") << "the converted dashboard checks clean";
  ASSERT_EQ(second.dashboards.size(), 1u);
  const model::Dashboard& classic = first.dashboards.front();
  const model::Dashboard& v2 = second.dashboards.front();
  EXPECT_EQ(v2.schema, Schema::V2);
  EXPECT_EQ(v2.uid.value, "emit-classic-full");
  EXPECT_EQ(v2.folder->value, "mz-mon");
  EXPECT_EQ(v2.title.value, classic.title.value);
  EXPECT_EQ(v2.tags.size(), 2u);
  // Every variable but none is kept, with its kind.
  ASSERT_EQ(v2.variables.size(), classic.variables.size());
  for (size_t i = 0; i < v2.variables.size(); ++i) {
    EXPECT_EQ(v2.variables[i].kind, classic.variables[i].kind) << v2.variables[i].name.value;
    EXPECT_EQ(v2.variables[i].name.value, classic.variables[i].name.value);
    EXPECT_EQ(v2.variables[i].plugin_id, classic.variables[i].plugin_id);
    if (v2.variables[i].kind != model::VariableKind::Datasource) {
      EXPECT_EQ(v2.variables[i].query.text, classic.variables[i].query.text)
          << v2.variables[i].name.value;
    }
  }
  // Panels (rows are layout in v2) with their queries, datasources and positions.
  std::vector<const model::Panel*> before, after;
  model::for_each_panel(classic.panels, [&](const model::Panel& p) {
    if (p.type.value != "row") before.push_back(&p);
  });
  model::for_each_panel(v2.panels, [&](const model::Panel& p) { after.push_back(&p); });
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    const model::Panel& a = *after[i];
    const model::Panel& b = *before[i];
    EXPECT_EQ(a.title.value, b.title.value);
    ASSERT_EQ(a.queries.size(), b.queries.size()) << a.title.value;
    for (size_t q = 0; q < a.queries.size(); ++q) {
      EXPECT_EQ(a.queries[q].expr.text, b.queries[q].expr.text);
      EXPECT_EQ(a.queries[q].hidden, b.queries[q].hidden);
      const model::DatasourceRef& want =
          b.queries[q].datasource.present ? b.queries[q].datasource : b.datasource;
      ASSERT_TRUE(a.queries[q].datasource.uid);
      EXPECT_EQ(a.queries[q].datasource.uid->value, want.uid->value);
      EXPECT_EQ(a.queries[q].datasource.type->value, want.type->value);
    }
    ASSERT_TRUE(a.grid) << a.title.value;
    EXPECT_EQ(a.grid->w, b.grid->w);
    EXPECT_EQ(a.grid->h, b.grid->h);
    EXPECT_EQ(a.grid->x, b.grid->x);
  }
  // Rows' grids start at the row: "Request rate" sat at y=5 below the row at y=4.
  EXPECT_EQ(after[2]->title.value, "Request rate by $pod");
  EXPECT_EQ(after[2]->grid->y, 0);
  // The panel without an id got the next free one; the library panel stays a library panel.
  EXPECT_EQ(after[5]->id, 24);
  EXPECT_EQ(after[6]->type.value, "library-panel");
}

TEST(DashboardToV2, RoundTripsGiveTheSameBytes) {
  RealFileSystem files(testdata());
  for (std::optional<Schema> schema :
       {std::optional<Schema>(Schema::V2), std::optional<Schema>(Schema::Classic),
        std::optional<Schema>()}) {
    Built first = build(files, {"classic_full.json"}, schema);
    ASSERT_EQ(first.errors, "");
    Built second = rebuild(first, schema);
    EXPECT_EQ(second.errors, "");
    EXPECT_EQ(second.out.files, first.out.files);
    // Once converted, a dashboard stays v2 whatever the setting says.
    Built third = rebuild(second, Schema::Classic);
    EXPECT_EQ(third.out.files, first.out.files);
  }
}

// A DSL dashboard with `schema v2`: lowered to classic JSON, deployed as v2, and the emitted
// manifest loads back, checks clean and emits the same bytes.
TEST(DashboardToV2, DslDashboardDeployedAsV2RoundTrips) {
  const char* stack_source = R"mzr(stack {
  grafana {
    instance_selector { "monitoring.materialize.cloud/grafana-instance" = "mzmon" }
    folder { uid "materialize"  title "Materialize" }
    datasource { uid thanos  name "Thanos"  type prometheus  default true }
    datasource { uid loki  name "Loki"  type loki }
  }
}
)mzr";
  const char* dashboard_source = R"mzr(dashboard mz-v2-env "Environment (v2)" {
  schema v2
  tags materialize

  variable namespace = label_values(up, namespace)

  row "Sessions" {
    stat "Up" {
      unit short
      query sum(up{namespace=~"$namespace"})
    }
    timeseries "Scrapes" {
      unit s
      repeat namespace
      query avg(scrape_duration_seconds{namespace=~"$namespace"})
      legend "{{job}}"
    }
  }

  row "Logs" {
    logs "Errors" {
      query {namespace=~"$namespace", container="environmentd"} |= "ERROR"
    }
  }
}
)mzr";
  MemoryFileSystem files;
  files.add("stack.mzr", stack_source);
  files.add("env.mzr", dashboard_source);
  driver::Compilation c;
  driver::compile(files, {"stack.mzr", "env.mzr"}, c);
  std::string errors;
  for (const Diagnostic& d : c.diags.all()) {
    if (d.severity == Severity::Error) errors += d.message + "\n";
  }
  ASSERT_EQ(errors, "");
  ASSERT_EQ(c.dashboards.size(), 1u);
  EXPECT_EQ(c.dashboards.front().schema, Schema::Classic);
  emit::OutputSet first;
  emit::emit_grafana(c.dashboards, c.stack.grafana, c.sources, Schema::Classic, first);
  const std::string manifest = "grafana/manifests/mz-v2-env.yaml";
  ASSERT_EQ(first.files.count(manifest), 1u) << "the dashboard's choice wins over the setting";

  MemoryFileSystem emitted;
  emitted.add("stack.mzr", stack_source);
  emitted.add(manifest, first.files.at(manifest));
  driver::Compilation back;
  driver::compile(emitted, {"stack.mzr", manifest}, back);
  for (const Diagnostic& d : back.diags.all()) {
    if (d.severity == Severity::Error) errors += d.message + "\n";
  }
  EXPECT_EQ(errors, "");
  ASSERT_EQ(back.dashboards.size(), 1u);
  EXPECT_EQ(back.dashboards.front().schema, Schema::V2);
  EXPECT_EQ(back.dashboards.front().panels.size(), 3u);
  emit::OutputSet second;
  emit::emit_grafana(back.dashboards, back.stack.grafana, back.sources, std::nullopt, second);
  EXPECT_EQ(second.files, first.files);
}

// The repository's own dashboards, deployed as v2: they load back clean with their panels and
// queries, and emit the same bytes again.
TEST(DashboardToV2, RepositoryDashboardsAsV2) {
  MemoryFileSystem files;
  std::string root = testing::source_dir();
  for (const char* dir : {"rules", "alerts", "dashboards"}) {
    for (const auto& e : fs::recursive_directory_iterator(root + "/" + dir)) {
      if (e.is_regular_file())
        files.add(fs::relative(e.path(), root).string(), testing::read_file(e.path().string()));
    }
  }
  driver::Compilation c;
  driver::compile(files, {}, c);
  ASSERT_FALSE(c.diags.has_errors());
  ASSERT_GE(c.dashboards.size(), 4u);
  emit::OutputSet first;
  emit::emit_grafana(c.dashboards, c.stack.grafana, c.sources, Schema::V2, first);
  MemoryFileSystem emitted;
  std::vector<std::string> paths = {"alerts/stack.mzr"};
  emitted.add(paths.front(), testing::read_file(root + "/" + paths.front()));
  for (const auto& [path, bytes] : first.files) {
    if (!path.starts_with("grafana/manifests/")) continue;
    emitted.add(path, bytes);
    paths.push_back(path);
  }
  ASSERT_EQ(paths.size(), c.dashboards.size() + 1);
  driver::Compilation again;
  driver::compile(emitted, paths, again);
  for (const Diagnostic& d : again.diags.all()) {
    EXPECT_NE(d.severity, Severity::Error) << d.message;
  }
  ASSERT_EQ(again.dashboards.size(), c.dashboards.size());
  // Panels (rows are layout in v2) and queries by dashboard UID.
  auto counts = [](const std::vector<model::Dashboard>& ds) {
    std::map<std::string, std::pair<size_t, size_t>> out;
    for (const model::Dashboard& d : ds) {
      auto& [panels, queries] = out[d.uid.value];
      model::for_each_panel(d.panels, [&](const model::Panel& p) {
        if (p.type.value == "row") return;
        ++panels;
        queries += p.queries.size();
      });
    }
    return out;
  };
  EXPECT_EQ(counts(again.dashboards), counts(c.dashboards));
  emit::OutputSet second;
  emit::emit_grafana(again.dashboards, again.stack.grafana, again.sources, std::nullopt, second);
  EXPECT_EQ(second.files, first.files);
}

TEST(DashboardToV2, SchemaChoice) {
  model::Dashboard classic;
  EXPECT_EQ(emit::deploy_schema(classic, std::nullopt), Schema::Classic);
  EXPECT_EQ(emit::deploy_schema(classic, Schema::V2), Schema::V2);
  classic.deploy_schema = Schema::V2;
  EXPECT_EQ(emit::deploy_schema(classic, Schema::Classic), Schema::V2);
  classic.deploy_schema = Schema::Classic;
  EXPECT_EQ(emit::deploy_schema(classic, Schema::V2), Schema::Classic);
  model::Dashboard v2;
  v2.schema = Schema::V2;
  EXPECT_EQ(emit::deploy_schema(v2, Schema::Classic), Schema::V2);
  v2.deploy_schema = Schema::Classic;
  EXPECT_EQ(emit::deploy_schema(v2, std::nullopt), Schema::V2);
}

TEST(DashboardToV2, V2AskedToBeClassicIsNoted) {
  model::Dashboard v2;
  v2.schema = Schema::V2;
  v2.title = text("Overview");
  Diagnostics diags;
  const DashboardCheckOptions options;
  check_dashboards({v2}, options, diags);
  EXPECT_EQ(diags.all().size(), 0u);
  v2.deploy_schema = Schema::Classic;
  check_dashboards({v2}, options, diags);
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diag_info(diags.all().front().kind).code, "I0840");
  EXPECT_EQ(diags.all().front().message,
            "dashboard 'Overview' is written in v2 and is deployed as v2, not as the classic "
            "dashboard its source asks for");
  EXPECT_EQ(diags.all().front().severity, Severity::Info);
}

TEST(DashboardToV2, SettingChoosesTheSchema) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [dashboards]\ndashboards:\n  schema: v2\n");
  fs.add("dashboards/d.json", testing::read_file(testdata() + "/classic_full.json"));
  auto r = testing::run_cli(fs, {"build"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs.exists("out/grafana/manifests/emit-classic-full.yaml")) << r.err;
  EXPECT_FALSE(fs.exists("out/grafana/dashboards/emit-classic-full.yaml"));

  fs.add("mzrules.yaml", "sources: [dashboards]\ndashboards:\n  schema: classic\n");
  r = testing::run_cli(fs, {"build"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs.exists("out/grafana/dashboards/emit-classic-full.yaml"));
  EXPECT_FALSE(fs.exists("out/grafana/manifests/emit-classic-full.yaml"));
}

TEST(DashboardToV2, BadSettingIsReportedAtItsValue) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "dashboards:\n  schema: v3\n  layout: rows\n");
  fs.add("r.yaml", "groups: []\n");
  auto r = testing::run_cli(fs, {"check", "--format=github", "r.yaml"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out,
            "::error file=mzrules.yaml,line=2,col=11,endLine=2,endColumn=13,title=E0201::"
            "'dashboards.schema' must be 'classic' or 'v2', not 'v3'\n"
            "::error file=mzrules.yaml,line=3,col=3,endLine=3,endColumn=9,title=E0106::unknown "
            "field 'layout' in the 'dashboards' settings\n");
}

TEST(DashboardToV2, InputsBecomeTheCallersDatasources) {
  nlohmann::ordered_json classic = nlohmann::ordered_json::parse(R"({
    "__inputs": [{"name": "DS_PROM", "type": "datasource", "pluginId": "prometheus"},
                 {"name": "DS_OTHER", "type": "datasource", "pluginId": "influxdb"}],
    "title": "Exported",
    "panels": [{"type": "timeseries", "title": "A", "datasource": "${DS_PROM}",
                "targets": [{"expr": "up"}, {"expr": "up", "datasource": {"uid": "${DS_OTHER}"}}]}]
  })");
  emit::V2Options options;
  options.uid = "exported";
  options.inputs["DS_PROM"] = "mzmon-thanos";
  options.datasource_types["mzmon-thanos"] = "prometheus";
  nlohmann::ordered_json v2 = emit::classic_to_v2(classic, options);
  const auto& spec = v2["spec"];
  const auto& queries = spec["elements"]["panel-1"]["spec"]["data"]["spec"]["queries"];
  ASSERT_EQ(queries.size(), 2u);
  EXPECT_EQ(queries[0]["spec"]["refId"], "A");
  EXPECT_EQ(queries[0]["spec"]["query"]["group"], "prometheus");
  EXPECT_EQ(queries[0]["spec"]["query"]["datasource"]["name"], "mzmon-thanos");
  EXPECT_EQ(queries[1]["spec"]["refId"], "B");
  EXPECT_EQ(queries[1]["spec"]["query"]["group"], "influxdb");
  EXPECT_EQ(queries[1]["spec"]["query"]["datasource"]["name"], "${DS_OTHER}");
  // The unresolved input is a hidden datasource variable; the resolved one is gone.
  ASSERT_EQ(spec["variables"].size(), 1u);
  EXPECT_EQ(spec["variables"][0]["kind"], "DatasourceVariable");
  EXPECT_EQ(spec["variables"][0]["spec"]["name"], "DS_OTHER");
  EXPECT_EQ(spec["variables"][0]["spec"]["hide"], "hideVariable");
  // No rows: one grid, panels without a position placed 12 wide.
  EXPECT_EQ(spec["layout"]["kind"], "GridLayout");
  EXPECT_EQ(spec["layout"]["spec"]["items"][0]["spec"]["width"], 12);
}

TEST(DashboardToV2, QueriesWithoutDatasourceNameTheDefault) {
  nlohmann::ordered_json classic = nlohmann::ordered_json::parse(R"({
    "panels": [{"type": "stat", "id": 7, "datasource": null, "targets": [{"expr": "up"}]}]
  })");
  emit::V2Options options;
  const auto& query = [&] {
    return emit::classic_to_v2(classic, options)["spec"]["elements"]["panel-7"]["spec"]["data"]
                                                ["spec"]["queries"][0]["spec"]["query"];
  };
  EXPECT_EQ(query()["group"], "");
  EXPECT_FALSE(query().contains("datasource"));
  options.default_datasource = "mzmon-thanos";
  options.datasource_types["mzmon-thanos"] = "prometheus";
  EXPECT_EQ(query()["group"], "prometheus");
  EXPECT_EQ(query()["datasource"]["name"], "mzmon-thanos");
}

TEST(DashboardToV2, LegacyRowsBecomeRows) {
  nlohmann::ordered_json classic = nlohmann::ordered_json::parse(R"({
    "title": "Old",
    "rows": [{"title": "One", "height": "300px", "panels": [
               {"type": "graph", "id": 1, "span": 6, "targets": [{"expr": "up"}]},
               {"type": "graph", "id": 2, "span": 6}, {"type": "graph", "id": 3, "span": 4}]},
             {"title": "Two", "showTitle": false, "collapse": true, "panels": []}]
  })");
  nlohmann::ordered_json v2 = emit::classic_to_v2(classic, emit::V2Options{});
  const auto& rows = v2["spec"]["layout"]["spec"]["rows"];
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["spec"]["title"], "One");
  const auto& items = rows[0]["spec"]["layout"]["spec"]["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[1]["spec"]["x"], 12);
  EXPECT_EQ(items[2]["spec"]["x"], 0);
  EXPECT_EQ(items[2]["spec"]["y"], 10);
  EXPECT_EQ(items[2]["spec"]["width"], 8);
  EXPECT_EQ(items[2]["spec"]["height"], 10);
  EXPECT_EQ(rows[1]["spec"]["collapse"], true);
  EXPECT_EQ(rows[1]["spec"]["hideHeader"], true);
}

}  // namespace
}  // namespace mzr
