// W0816 on rules as on dashboards: a metric of a family a catalog describes in full ('kube_',
// 'node_', 'container_', 'mz_') that no catalog declares, with the closest declared name.
// Families a catalog only touches ('kubelet_' beside cAdvisor's metrics) are not judged.

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

constexpr const char* kRules = R"(groups:
- name: g
  rules:
  - alert: Restarts
    expr: rate(kube_pod_container_status_restarts_totl[5m]) > 0
  - alert: Full
    expr: node_filesystem_avail_byte / node_filesystem_size_bytes < 0.1
  - alert: Other
    expr: kubelet_something_unlisted > 0 or up == 0 or my_app_requests_total > 1
  - record: kube:pods:count
    expr: count(kube_pod_info)
  - alert: Recorded
    expr: kube:pods:count > 100
)";

TEST(UnknownMetric, RulesGetTheWarningWithTheClosestName) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [rules]\n");
  fs.add("rules/r.yaml", kRules);
  auto r = testing::run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("rules/r.yaml:5:16: warning[W0816]: metric "
                       "'kube_pod_container_status_restarts_totl' is not in the catalogs, which "
                       "describe the 'kube_' metrics in full, did you mean "
                       "'kube_pod_container_status_restarts_total'?"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("rules/r.yaml:7:11: warning[W0816]: metric 'node_filesystem_avail_byte' "
                       "is not in the catalogs, which describe the 'node_' metrics in full, did "
                       "you mean 'node_filesystem_avail_bytes'?"),
            std::string::npos)
      << r.err;
  // One per name; none for families no catalog describes in full, up, or recorded names.
  size_t count = 0;
  for (size_t at = r.err.find("W0816"); at != std::string::npos; at = r.err.find("W0816", at + 1))
    ++count;
  EXPECT_EQ(count, 2u) << r.err;
}

TEST(UnknownMetric, WithoutTheCatalogsNothingIsJudged) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [rules]\ncatalogs: {stdlib: false}\n");
  fs.add("rules/r.yaml", kRules);
  auto r = testing::run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.err.find("W0816"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mzr
