// Matchers on labels whose values the deployment fixes (catalogs.label_values): one that matches
// none of them selects nothing (W1311).

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

TEST(LabelValues, MatcherThatMatchesNoKnownValue) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml",
         "sources: [rules]\n"
         "catalogs:\n"
         "  label_values:\n"
         "    mz:\n"
         "      job: [podMonitor/environmentd/metrics, podMonitor/clusterd/metrics, "
         "kube-state-metrics]\n"
         "    nope: {job: [x]}\n");
  fs.add("rules/m.mzr", "metrics mz {\n  target_labels { job, instance }\n  gauge up\n}\n");
  fs.add("rules/r.yaml", R"(groups:
- name: g
  rules:
  - record: a:up:sum
    expr: sum(up{job=~"materialize"})
  - record: b:up:sum
    expr: sum(up{job="kube-state-metric"})
  - record: c:up:sum
    expr: sum(up{job=~"podMonitor/.*"}) + sum(up{job!="kube-state-metrics"})
  - record: d:up:sum
    expr: sum(up{job=~"materialize|"}) + sum(up{instance="x"})
)");
  auto r = testing::run_cli(fs, {"check", "--color=never"});
  EXPECT_NE(r.err.find("rules/r.yaml:5:18: warning[W1311]: 'job' takes the values "
                       "\"kube-state-metrics\", \"podMonitor/clusterd/metrics\", "
                       "\"podMonitor/environmentd/metrics\" in this deployment; this matcher "
                       "matches none of them, so it selects nothing\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("rules/r.yaml:7:18: warning[W1311]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'kube-state-metrics'?"), std::string::npos) << r.err;
  // A regex matching known values, a negative matcher, a matcher that also matches a missing
  // label, and a label without fixed values are fine.
  EXPECT_NE(r.err.find("'catalogs.label_values' names catalog 'nope', which is not loaded"),
            std::string::npos)
      << r.err;
  size_t count = 0;
  for (size_t i = r.err.find("[W1311]"); i != std::string::npos; i = r.err.find("[W1311]", i + 1))
    ++count;
  EXPECT_EQ(count, 2u) << r.err;
}

// Dashboard queries get W1311 too, at the matcher inside the JSON string; a matcher whose value
// a template variable writes is not judged, whatever the variable's values.
TEST(LabelValues, DashboardQueries) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml",
         "sources: [rules, dashboards]\n"
         "catalogs:\n"
         "  label_values:\n"
         "    mz: {job: [podMonitor/environmentd/metrics, kube-state-metrics]}\n");
  fs.add("rules/m.mzr", "metrics mz {\n  target_labels { job, instance }\n  gauge up\n}\n");
  fs.add("dashboards/d.json", R"json({
  "uid": "d", "title": "D", "schemaVersion": 39,
  "templating": {"list": [
    {"name": "job", "type": "custom", "query": "materialize,other"}
  ]},
  "panels": [
    {"id": 1, "type": "timeseries", "title": "A", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
     "targets": [{"refId": "A", "expr": "sum(up{job=\"materialize\"})"
},
                 {"refId": "B", "expr": "sum(up{job=~\"$job\"})"},
                 {"refId": "C", "expr": "sum(up{job=\"kube-state-metrics\"})"}]
}
  ]
  }
)json");
  auto r = testing::run_cli(fs, {"check", "--color=never"});
  EXPECT_NE(r.err.find("dashboards/d.json:8:49: warning[W1311]: 'job' takes the values "
                       "\"kube-state-metrics\", \"podMonitor/environmentd/metrics\" in this "
                       "deployment; this matcher matches none of them, so it selects nothing\n"),
            std::string::npos)
      << r.err;
  size_t count = 0;
  for (size_t i = r.err.find("[W1311]"); i != std::string::npos; i = r.err.find("[W1311]", i + 1))
    ++count;
  EXPECT_EQ(count, 1u) << r.err;
}

}  // namespace
}  // namespace mzr
