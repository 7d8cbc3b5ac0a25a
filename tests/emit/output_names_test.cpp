// Values from sources that name output files (resource names, dashboard UIDs, tenants, source
// file names) can neither leave the output directory nor land two sources in one file, and the
// manifest holds any name.

#include "compiler/emit/output_names.h"

#include <gtest/gtest.h>

#include "compiler/emit/loki_rules.h"
#include "compiler/emit/manifest.h"
#include "compiler/emit/writer.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

MemoryFileSystem project(const std::string& sources = "[rules]") {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: " + sources + "\n");
  return fs;
}

std::string rules_in(const std::string& group, const std::string& record) {
  return "rules " + group + " every 1m {\n  record " + record + " = sum by (job) (up)\n}\n";
}

bool wrote_outside_out(const MemoryFileSystem& fs) {
  for (const auto& [path, _] : fs.files()) {
    if (path.rfind("out/", 0) != 0 && path.rfind("rules/", 0) != 0 &&
        path.rfind("dashboards/", 0) != 0 && path != "mzrules.yaml")
      return true;
  }
  return false;
}

TEST(OutputNames, ComponentsAreSafeAndKeepSafeNames) {
  EXPECT_EQ(emit::output_component("rules-node"), "rules-node");
  EXPECT_EQ(emit::output_component("v1..2"), "v1..2");
  EXPECT_EQ(emit::output_component("x/../../escaped"), "x-..-..-escaped");
  EXPECT_EQ(emit::output_component(".."), "-.");
  EXPECT_EQ(emit::output_component(".hidden"), "-hidden");
  EXPECT_EQ(emit::output_component(""), "-");
  EXPECT_EQ(emit::output_component("a\nb\x1b[31m"), "a-b--31m");
  std::string long_name(300, 'a');
  std::string cut = emit::output_component(long_name);
  EXPECT_EQ(cut.size(), 200u);
  EXPECT_NE(cut, emit::output_component(long_name + "b"));  // the hash tells them apart
  EXPECT_TRUE(emit::is_safe_output_path("loki/rules/team..a/x.yaml"));
  for (const char* bad : {"../x", "a/../b", "/etc/x", "a//b", "a/./b", "a/", "x\ny",
                          ".mzrules-staging/0", "a/.mzrules-manifest"}) {
    EXPECT_FALSE(emit::is_safe_output_path(bad)) << bad;
  }
}

// Finding: metadata.name 'x/../../../../../escaped' wrote '../escaped.yaml' outside the project.
TEST(OutputNames, PrometheusRuleNameCannotLeaveTheOutput) {
  MemoryFileSystem fs = project();
  fs.add("rules/p.yaml",
         "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n"
         "  name: x/../../../../../escaped\nspec:\n  groups:\n    - name: g\n      rules:\n"
         "        - record: job:up:sum\n          expr: sum by (job) (up)\n");
  auto r = run_cli(fs, {"build"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("E0022"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'x/../../../../../escaped' is not a valid Kubernetes object name"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(wrote_outside_out(fs));
  EXPECT_FALSE(fs.exists("out"));
}

// The writer's own check, should an emitter ever produce such a path.
TEST(OutputNames, WriterRefusesUnsafePaths) {
  MemoryFileSystem fs;
  emit::OutputSet out;
  out.files["thanos/rules/x/../../../../escaped.yaml"] = "x\n";
  auto result = emit::write_output(fs, "out", out);
  EXPECT_FALSE(result.ok);
  EXPECT_TRUE(result.unchanged);
  EXPECT_TRUE(fs.files().empty());
}

// Finding: the UIDs 'Node-Overview', 'node_overview' and 'NODE--OVERVIEW' became one file.
TEST(OutputNames, DashboardUidsThatShareAFileAreAnError) {
  MemoryFileSystem fs = project("[dashboards]");
  fs.add("dashboards/a.json", R"({"uid": "Node-Overview", "title": "A", "panels": []})");
  fs.add("dashboards/b.json", R"({"uid": "node_overview", "title": "B", "panels": []})");
  fs.add("dashboards/c.json", R"({"uid": "NODE--OVERVIEW", "title": "C", "panels": []})");
  auto r = run_cli(fs, {"build"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("E0020"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dashboards/a.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dashboards/b.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dashboards/c.json"), std::string::npos) << r.err;
  EXPECT_FALSE(fs.exists("out"));
}

// Finding: 'rules/a-b.mzr' and 'rules/a/b.mzr' became one file; a recording rule was lost.
TEST(OutputNames, SourcesThatShareAFileAreAnError) {
  MemoryFileSystem fs = project();
  fs.add("rules/a-b.mzr", rules_in("one", "job:up:one"));
  fs.add("rules/a/b.mzr", rules_in("two", "job:up:two"));
  auto r = run_cli(fs, {"build"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("E0020"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("rules/a-b.mzr"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("rules/a/b.mzr"), std::string::npos) << r.err;
  EXPECT_FALSE(fs.exists("out"));
}

// `check` of the whole project emits in memory, so it fails where `build` would; a check of some
// paths has only part of the model and leaves the output alone.
TEST(OutputNames, CheckFindsWhatTheBuildCouldNotWrite) {
  MemoryFileSystem fs = project();
  fs.add("rules/a-b.mzr", rules_in("one", "job:up:one"));
  fs.add("rules/a/b.mzr", rules_in("two", "job:up:two"));
  auto r = run_cli(fs, {"check"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("error[E0020]"), std::string::npos) << r.err;
  EXPECT_FALSE(fs.exists("out"));
  auto part = run_cli(fs, {"check", "rules/a-b.mzr"});
  EXPECT_EQ(part.code, 0) << part.out << part.err;
}

// Finding: 'rules/Net.mzr' and 'rules/net.mzr' gave two PrometheusRules with one name (and two
// files that are one on case-insensitive file systems).
TEST(OutputNames, NamesDifferingOnlyInCaseAreAnError) {
  MemoryFileSystem fs = project();
  fs.add("rules/Net.mzr", rules_in("one", "job:up:one"));
  fs.add("rules/net.mzr", rules_in("two", "job:up:two"));
  auto r = run_cli(fs, {"build"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("E0020"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("only in case"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("rules/Net.mzr"), std::string::npos) << r.err;
  EXPECT_FALSE(fs.exists("out"));
}

TEST(OutputNames, ResourceNamesMustBeUnique) {
  emit::OutputSet out;
  out.claim("PrometheusRule", "mzrules-rules-a-b", Span{});
  out.claim("PrometheusRule", "mzrules-rules-a-b", Span{});
  ASSERT_EQ(out.problems.size(), 1u);
  EXPECT_EQ(out.problems[0].kind, DiagKind::OutputNameClash);  // E0021
}

// Tenants name folders: only Loki's tenant IDs. The DSL already refuses others (E0709); the
// emitter refuses them too (E0023), whatever loader the rule set came from.
TEST(OutputNames, LokiTenantsAreValidated) {
  SourceManager sm;
  model::RuleSet set;
  set.language = model::QueryLanguage::LogQL;
  set.file = sm.add("rules/logs.yaml", "groups: []\n");
  model::RuleGroup g;
  g.name.value = "a";
  g.tenant = model::Text{"../../escaped", Span{set.file, 0, 1}};
  model::Rule rule;
  rule.name.value = "log:errors:rate5m";
  g.rules.push_back(rule);
  set.groups.push_back(g);
  emit::OutputSet out;
  emit::emit_loki({set}, model::Stack{}, sm, ".", out);
  ASSERT_EQ(out.problems.size(), 1u);
  EXPECT_EQ(out.problems[0].kind, DiagKind::InvalidLokiTenant);  // E0023
  for (const auto& [path, _] : out.files) EXPECT_TRUE(emit::is_safe_output_path(path)) << path;
  EXPECT_FALSE(out.files.count("loki/rules/../../escaped/rules-logs.yaml"));
}

// Finding: the manifest dropped entries with '..' ('rules/v1..2.yaml', tenant 'team..a'), so
// their files were never removed.
TEST(Manifest, NamesWithDotsRoundTrip) {
  MemoryFileSystem fs = project();
  fs.add("rules/v1..2.yaml",
         "groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum(up)\n");
  fs.add("rules/logs.mzr",
         "streams pods { namespace }\n"
         "loki rules a tenant \"team..a\" every 1m {\n"
         "  record log:errors:rate5m = sum by (namespace) (rate({namespace=\"x\"} [5m]))\n}\n");
  fs.add("mzrules.yaml", "sources: [rules]\nloki_rules: [rules/logs.mzr]\n");
  auto r = run_cli(fs, {"build"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string& manifest = fs.files().at("out/.mzrules-manifest");
  EXPECT_NE(manifest.find("\nthanos/rules/rules-v1..2.yaml\n"), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\nloki/rules/team..a/rules-logs.yaml\n"), std::string::npos) << manifest;
  FsError ignored;
  fs.remove("rules/v1..2.yaml", ignored);
  fs.remove("rules/logs.mzr", ignored);
  fs.add("rules/other.yaml",
         "groups:\n  - name: h\n    rules:\n      - record: job:up:max\n        expr: max(up)\n");
  ASSERT_EQ(run_cli(fs, {"build"}).code, 0);
  EXPECT_FALSE(fs.exists("out/thanos/rules/rules-v1..2.yaml"));
  EXPECT_FALSE(fs.exists("out/loki/rules/team..a/rules-logs.yaml"));
  EXPECT_EQ(run_cli(fs, {"build", "--check"}).code, 0);
}

TEST(Manifest, EncodingRoundTripsAnyName) {
  std::vector<std::string> names = {
      "a\nb", "100%", "#x", "sp ace", "t\xc3\xa9", std::string("n\0l", 3), "v1..2/x%0A"};
  for (const std::string& name : names) {
    std::string encoded = emit::encode_path(name);
    EXPECT_EQ(encoded.find_first_of("\n\r #"), std::string::npos) << encoded;
    EXPECT_EQ(emit::decode_path(encoded), name);
  }
  EXPECT_EQ(emit::decode_path("bad%2"), std::nullopt);
  EXPECT_EQ(emit::decode_path("bad%zz"), std::nullopt);
}

// Finding: a newline in a source file name added a manifest line, and a later build deleted the
// file it named. Names are mapped, and the manifest is encoded besides.
TEST(Manifest, NewlineInSourceNameCannotAddALine) {
  MemoryFileSystem fs = project();
  fs.add("out/README.md", "the user's\n");
  fs.add("rules/x\nREADME.md\n.yaml",
         "groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum(up)\n");
  ASSERT_EQ(run_cli(fs, {"build"}).code, 0);
  const std::string& manifest = fs.files().at("out/.mzrules-manifest");
  EXPECT_EQ(manifest.find("\nREADME.md\n"), std::string::npos) << manifest;
  FsError ignored;
  fs.remove("rules/x\nREADME.md\n.yaml", ignored);
  fs.add("rules/y.yaml",
         "groups:\n  - name: h\n    rules:\n      - record: job:up:max\n        expr: max(up)\n");
  ASSERT_EQ(run_cli(fs, {"build"}).code, 0);
  EXPECT_EQ(fs.files().at("out/README.md"), "the user's\n");
}

// A tampered manifest still names nothing outside the output directory.
TEST(Manifest, TamperedEntriesAreIgnored) {
  MemoryFileSystem fs;
  fs.add("out/.mzrules-manifest", "../victim\n%2E%2E/victim\n/etc/victim\nok/x.yaml\n");
  auto paths = emit::read_manifest(fs, "out");
  EXPECT_EQ(paths, (std::set<std::string>{"ok/x.yaml"}));
}

}  // namespace
}  // namespace mzr
