// Prometheus' own rule-loader cases (model/rulefmt/testdata) and every rule file of the real
// corpora, checked the way Prometheus checks them.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

namespace fs = std::filesystem;

struct Finding {
  std::string code;
  int line;
};

// Runs `mzrules check --format=json` on one file and returns its error-level findings.
std::vector<Finding> errors_of(FileSystem& files, const std::string& path) {
  auto r = testing::run_cli(files, {"check", "--format=json", path});
  std::vector<Finding> out;
  for (const auto& d : nlohmann::json::parse(r.out)) {
    if (d["severity"] == "error") out.push_back({d["code"], d.value("line", 0)});
  }
  return out;
}

TEST(RulefmtCorpus, GoodFilesPassAndBadFilesFailOnTheRightLine) {
  MZR_REQUIRE_CORPUS(corpus);
  std::string dir = corpus + "/real/prometheus-testdata/model/rulefmt/testdata";
  RealFileSystem files(dir);
  // The defect of each structurally bad file: the code mzrules reports and the line Prometheus'
  // loader points at.
  const std::map<std::string, Finding> bad = {
      {"bad_field.bad.yaml", {"E0106", 8}},
      {"duplicate_grp.bad.yaml", {"E0302", 3}},
      {"invalid_label_name.bad.yaml", {"E0309", 7}},
      {"invalid_record_name.bad.yaml", {"E0308", 4}},
      {"no_rec_alert.bad.yaml", {"E0303", 4}},
      {"noexpr.bad.yaml", {"E0305", 4}},
      {"record_and_alert.bad.yaml", {"E0304", 4}},
      {"record_and_for.bad.yaml", {"E0306", 6}},
      {"record_and_keep_firing_for.bad.yaml", {"E0306", 6}},
      {"bad_expr.bad.yaml", {"E0407", 5}},  // `rate(hi)`: rate needs a range vector
  };
  // Bad only under other settings or with a PromQL parser: checked elsewhere.
  const std::set<std::string> elsewhere = {
      "legacy_validation_annotation.bad.yaml",  // legacy name validation: test below
  };
  int checked = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    auto errors = errors_of(files, name);
    if (name.ends_with(".good.yaml") || name == "test.yaml" || name == "test_aliases.yaml") {
      EXPECT_TRUE(errors.empty()) << name << " should pass; first error " << errors[0].code;
      ++checked;
    } else if (auto it = bad.find(name); it != bad.end()) {
      ASSERT_EQ(errors.size(), 1u) << name;
      EXPECT_EQ(errors[0].code, it->second.code) << name;
      EXPECT_EQ(errors[0].line, it->second.line) << name;
      ++checked;
    } else {
      EXPECT_TRUE(elsewhere.count(name)) << "unclassified corpus file " << name;
    }
  }
  EXPECT_EQ(checked, 15);
}

TEST(RulefmtCorpus, LegacyNameValidation) {
  MZR_REQUIRE_CORPUS(corpus);
  std::string dir = corpus + "/real/prometheus-testdata/model/rulefmt/testdata/";
  MemoryFileSystem files;
  files.add("mzrules.yaml", "names: legacy\n");
  for (std::string name :
       {"legacy_validation_annotation.bad.yaml", "legacy_validation_annotation.good.yaml",
        "utf-8_lname.good.yaml", "utf-8_annotation.good.yaml"}) {
    files.add(name, testing::read_file(dir + name));
  }
  auto bad = errors_of(files, "legacy_validation_annotation.bad.yaml");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].code, "E0310");
  EXPECT_EQ(bad[0].line, 7);
  EXPECT_TRUE(errors_of(files, "legacy_validation_annotation.good.yaml").empty());
  // The UTF-8 names that are valid in Prometheus 3 are rejected under the legacy scheme.
  EXPECT_EQ(errors_of(files, "utf-8_lname.good.yaml").size(), 1u);
  EXPECT_EQ(errors_of(files, "utf-8_annotation.good.yaml").size(), 1u);
}

// Every rule file and PrometheusRule in the real corpora checks without errors, except the ones
// that are invalid on purpose, each of which must be rejected.
TEST(RealCorpus, RuleFilesHaveNoFalseErrors) {
  MZR_REQUIRE_CORPUS(corpus);
  RealFileSystem files(corpus + "/real");
  // The Loki rule files; the other rule files under loki-logql are lokitool's Prometheus ones.
  const std::string tool = "loki-logql/pkg/tool/rules/testdata/";
  auto r = testing::run_cli(
      files, {"check", "--format=json", "--loki-rules=loki-logql/production",
              "--loki-rules=loki-logql/examples", "--loki-rules=" + tool + "loki_basic.yaml",
              "--loki-rules=" + tool + "loki_basic_failure.yaml",
              "--loki-rules=" + tool + "loki_basic_namespace.yaml",
              "--loki-rules=" + tool + "loki_multiple_namespace.yaml", "."});
  std::map<std::string, std::set<std::string>> errors;  // file -> codes
  int findings = 0;
  for (const auto& d : nlohmann::json::parse(r.out)) {
    ++findings;
    // Alertmanager configurations, valid and invalid, are checked in tests/routing.
    std::string file = d.value("file", "");
    if (file.rfind("alertmanager-configs/", 0) == 0) continue;
    // Dashboards are checked one by one in tests/dashboards. Checked together as one project,
    // the corpus' several copies of the kube-prometheus dashboards share UIDs (E0811), and its
    // Windows dashboards read recording rules that no rule file of the corpus defines (E0815).
    std::string code = d["code"];
    if (code.rfind("E08", 0) == 0) continue;
    if (d["severity"] == "error") errors[file].insert(code);
  }
  const std::map<std::string, std::set<std::string>> expected = {
      // Invalid on purpose upstream.
      {"loki-logql/pkg/tool/rules/testdata/loki_basic_failure.yaml", {"E0301"}},
      {"prometheus-testdata/cmd/promtool/testdata/bad-sd-file-format.yml", {"E0105"}},
      {"prometheus-testdata/cmd/promtool/testdata/bad-rules-syntax.yml", {"E0401"}},
      // Its annotation reads the undefined template variable '$label'; promtool's test expects
      // exactly that error.
      {"prometheus-testdata/cmd/promtool/testdata/rules-bad.yml", {"E0329"}},
      // Uses experimental syntax; promtool's own test enables the features (test below).
      {"prometheus-testdata/cmd/promtool/testdata/features.yml", {"E0406"}},
      {"prometheus-testdata/model/rulefmt/testdata/bad_expr.bad.yaml", {"E0407"}},
      {"prometheus-testdata/cmd/promtool/testdata/rules_extrafields.yml", {"E0106"}},
      {"prometheus-testdata/rules/fixtures/invalid_rules.yaml", {"E0106"}},
      {"prometheus-testdata/model/rulefmt/testdata/bad_field.bad.yaml", {"E0106"}},
      {"prometheus-testdata/model/rulefmt/testdata/duplicate_grp.bad.yaml", {"E0302"}},
      {"prometheus-testdata/model/rulefmt/testdata/invalid_label_name.bad.yaml", {"E0309"}},
      {"prometheus-testdata/model/rulefmt/testdata/invalid_record_name.bad.yaml", {"E0308"}},
      {"prometheus-testdata/model/rulefmt/testdata/no_rec_alert.bad.yaml", {"E0303"}},
      {"prometheus-testdata/model/rulefmt/testdata/noexpr.bad.yaml", {"E0305"}},
      {"prometheus-testdata/model/rulefmt/testdata/record_and_alert.bad.yaml", {"E0304"}},
      {"prometheus-testdata/model/rulefmt/testdata/record_and_for.bad.yaml", {"E0306"}},
      {"prometheus-testdata/model/rulefmt/testdata/record_and_keep_firing_for.bad.yaml", {"E0306"}},
      // A real defect: this Loki operator resource repeats 'tenantID' and 'groups' in its spec,
      // so Kubernetes keeps only the second half of its rules.
      {"loki-logql/operator/hack/large-rules-infra.yaml", {"E0102"}},
  };
  EXPECT_EQ(errors, expected);
  EXPECT_GT(findings, 0);
}

TEST(RealCorpus, ExperimentalSyntaxWithItsFeatures) {
  MZR_REQUIRE_CORPUS(corpus);
  MemoryFileSystem files;
  files.add(
      "mzrules.yaml",
      "promql:\n  features: [promql-experimental-functions, promql-extended-range-selectors,\n"
      "             promql-binop-fill-modifiers, promql-duration-expr]\n");
  files.add(
      "features.yml",
      testing::read_file(corpus + "/real/prometheus-testdata/cmd/promtool/testdata/features.yml"));
  auto r = testing::run_cli(files, {"check", "features.yml"});
  EXPECT_EQ(r.code, 0) << r.err;
}

}  // namespace
}  // namespace mzr
