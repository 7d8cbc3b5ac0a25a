// The repository's own monitoring content (rules/, alerts/, docs/runbooks/ and mzrules.yaml):
// it checks without warnings, and a meta-alert whose job matcher names no job of this deployment
// (the chart's scrape configurations, recorded in catalogs.label_values) is reported (W1311).

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/test_support.h"

namespace mzr {
namespace {

namespace fs = std::filesystem;

MemoryFileSystem repository() {
  MemoryFileSystem files;
  std::string root = testing::source_dir();
  files.add("mzrules.yaml", testing::read_file(root + "/mzrules.yaml"));
  for (const char* dir : {"rules", "alerts", "dashboards", "docs/runbooks"}) {
    for (const auto& e : fs::recursive_directory_iterator(root + "/" + dir)) {
      if (!e.is_regular_file()) continue;
      files.add(fs::relative(e.path(), root).string(), testing::read_file(e.path().string()));
    }
  }
  return files;
}

TEST(RepositoryAlerts, CheckIsCleanWithoutWarnings) {
  MemoryFileSystem files = repository();
  testing::RunResult r = testing::run_cli(files, {"check", "--color=never"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("warning["), std::string::npos) << r.err;
}

TEST(RepositoryAlerts, JobMatcherOfAnotherSetupIsReported) {
  MemoryFileSystem files = repository();
  std::string alerts = testing::read_file(testing::source_dir() + "/alerts/monitoring.mzr");
  const std::string chart_jobs =
      "job=~\"podMonitor/(environmentd|clusterd)/metrics|.+/mzmon-materialize-(environmentd|"
      "clusterd)\"";
  size_t at = alerts.find(chart_jobs);
  ASSERT_NE(at, std::string::npos) << "MaterializeMetricsMissing no longer reads the chart's jobs";
  alerts.replace(at, chart_jobs.size(), "job=~\"materialize\"");
  files.add("alerts/monitoring.mzr", alerts);
  testing::RunResult r = testing::run_cli(files, {"check", "--color=never"});
  EXPECT_NE(r.err.find("alerts/monitoring.mzr:18:12: warning[W1311]: 'job' takes the values"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("in this deployment; this matcher matches none of them"), std::string::npos)
      << r.err;
}

// Team channels say when an alert resolves, as the on-call channel does; only the heartbeat,
// which never resolves, does not. Read from the emitted configuration (out_is_fresh keeps it in
// step with alerts/routing.mzr).
TEST(RepositoryAlerts, SlackChannelsSendResolved) {
  std::string config =
      testing::read_file(testing::source_dir() + "/out/alertmanager/alertmanager.yml");
  size_t receivers = config.find("\nreceivers:\n");
  ASSERT_NE(receivers, std::string::npos);
  size_t end = config.find("\ntime_intervals:", receivers);
  std::string section = config.substr(receivers, end - receivers);
  size_t slack = 0;
  for (size_t at = section.find("  - name: "); at != std::string::npos;) {
    size_t next = section.find("  - name: ", at + 1);
    std::string receiver = section.substr(at, next == std::string::npos ? next : next - at);
    at = next;
    if (receiver.find("slack_configs:") == std::string::npos) continue;
    ++slack;
    bool heartbeat = receiver.starts_with("  - name: heartbeat\n");
    EXPECT_NE(receiver.find(heartbeat ? "send_resolved: false" : "send_resolved: true"),
              std::string::npos)
        << receiver;
  }
  EXPECT_GE(slack, 5u) << section;
}

}  // namespace
}  // namespace mzr
