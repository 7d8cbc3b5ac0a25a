// `mzrules routes test --inhibited-by`, alone and in the --jsonl batch mode.

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

constexpr const char* kConfig = R"(route:
  receiver: default
  routes:
    - matchers: [severity="critical"]
      receiver: pager
receivers: [{name: default}, {name: pager}]
inhibit_rules:
  - name: critical-silences-warning
    source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: [env]
  - source_matchers: [alertname="Maintenance"]
    target_matchers: [env="prod"]
)";

testing::RunResult routes(std::vector<std::string> args, const std::string& input = "") {
  MemoryFileSystem fs;
  fs.add("am.yml", kConfig);
  args.insert(args.begin(), {"routes", "test", "--config.file=am.yml"});
  return testing::run_cli(fs, args, input);
}

TEST(RouteTestsCli, InhibitedBy) {
  auto r = routes({"--inhibited-by", "severity=critical,env=prod", "severity=warning", "env=prod"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "default\n"
            "inhibited by {env=\"prod\",severity=\"critical\"} (inhibit rule "
            "'critical-silences-warning')\n");
  r = routes({"--inhibited-by={severity=critical,env=staging}", "--inhibited-by=alertname=Other",
              "severity=warning", "env=prod"});
  EXPECT_EQ(r.out, "default\nnot inhibited\n");
  r = routes({"--inhibited-by", "severity=critical,env=staging", "--inhibited-by",
              "alertname=Maintenance", "severity=warning", "env=prod"});
  EXPECT_EQ(r.out, "default\ninhibited by {alertname=\"Maintenance\"} (inhibit rule 2)\n");
  r = routes({"--inhibited-by", "severity=~crit", "severity=warning"});
  EXPECT_EQ(r.code, 2);  // a malformed argument is a usage error
  EXPECT_EQ(r.err,
            "mzrules routes: error: Failed to parse --inhibited-by labels: labels must be "
            "specified as key=value pairs\n");
}

TEST(RouteTestsCli, InhibitedByInBatchMode) {
  auto r = routes({"--jsonl", "--inhibited-by", "severity=critical,env=prod"},
                  "{\"severity\":\"warning\",\"env\":\"prod\"}\n{\"severity\":\"critical\"}\n");
  EXPECT_EQ(r.code, 0) << r.err;
  std::string first = r.out.substr(0, r.out.find('\n'));
  EXPECT_NE(first.find("\"inhibited\":true"), std::string::npos) << r.out;
  EXPECT_NE(first.find("\"inhibited_by\":{\"env\":\"prod\",\"severity\":\"critical\"}"),
            std::string::npos)
      << r.out;
  EXPECT_NE(first.find("\"inhibit_rule\":0"), std::string::npos) << r.out;
  std::string second = r.out.substr(r.out.find('\n') + 1);
  EXPECT_NE(second.find("\"inhibited\":false"), std::string::npos) << r.out;
  EXPECT_NE(second.find("\"receivers\":[\"pager\"]"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace mzr
