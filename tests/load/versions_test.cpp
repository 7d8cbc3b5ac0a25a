// `versions.prometheus: 2` in mzrules.yaml: legacy names, no duration expressions, Prometheus 3's
// functions unknown and holt_winters known, as Prometheus 2.55 parses queries.

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

constexpr const char* kRules = R"(groups:
- name: g
  rules:
  - record: job:up:holt
    expr: holt_winters(up[10m], 0.5, 0.5)
  - record: job:up:first
    expr: first_over_time(up[10m])
  - record: job:up:sum
    expr: sum by (job) (up)
)";

TEST(VersionPin, Prometheus2KnowsItsOwnFunctions) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [rules]\nversions: {prometheus: 2}\n");
  fs.add("rules/r.yaml", kRules);
  auto r = testing::run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(r.err.find("r.yaml:5:11"), std::string::npos) << r.err;  // holt_winters is known
  EXPECT_NE(r.err.find("rules/r.yaml:7:11: error[E0405]: unknown function with name "
                       "\"first_over_time\" in Prometheus 2: it was added in Prometheus 3"),
            std::string::npos)
      << r.err;
}

TEST(VersionPin, Prometheus3RenamedHoltWinters) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [rules]\n");
  fs.add("rules/r.yaml", kRules);
  auto r = testing::run_cli(fs, {"check", "--color=never"});
  EXPECT_NE(r.err.find("rules/r.yaml:5:11: error[E0405]: unknown function with name "
                       "\"holt_winters\"; Prometheus 3 renamed it double_exponential_smoothing"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("first_over_time"), std::string::npos) << r.err;
}

TEST(VersionPin, Prometheus2SettingsThatNeedPrometheus3AreErrors) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml",
         "sources: [rules]\n"
         "versions: {prometheus: 2}\n"
         "names: utf8\n"
         "promql: {features: [promql-duration-expr, promql-experimental-functions]}\n");
  fs.add("rules/r.yaml", "groups: []\n");
  auto r = testing::run_cli(fs, {"check", "--color=never"});
  EXPECT_NE(r.err.find("mzrules.yaml:3:8: error[E0201]: 'names: utf8' needs Prometheus 3"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("mzrules.yaml:4:21: error[E0201]: PromQL feature 'promql-duration-expr' "
                       "needs Prometheus 3"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("'promql-experimental-functions' needs"), std::string::npos) << r.err;

  fs.add("mzrules.yaml", "sources: [rules]\nversions: {prometheus: 4}\n");
  r = testing::run_cli(fs, {"check", "--color=never"});
  EXPECT_NE(r.err.find("'versions.prometheus' must be 2 or 3 (the major version), not '4'"),
            std::string::npos)
      << r.err;
}

TEST(VersionPin, Prometheus2ValidatesLegacyNames) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [rules]\nversions: {prometheus: 2}\n");
  fs.add("rules/r.yaml",
         "groups:\n- name: g\n  rules:\n  - record: job:up:sum\n"
         "    expr: sum by (job) ({\"http.requests\"})\n");
  auto r = testing::run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("rules/r.yaml:5:26: error[E0401]: a quoted metric name needs Prometheus 3"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace mzr
