// `versions.alertmanager` in mzrules.yaml: keys newer than the pinned release are errors
// (E0627) at their position, in alertmanager.yml and in the DSL, as that Alertmanager would
// refuse the file; without a pin every key of the deployed release is accepted.

#include <gtest/gtest.h>

#include "compiler/model/alertmanager_versions.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

constexpr const char* kConfig = R"(route:
  receiver: team
  labels: {tier: one}
receivers:
- name: team
  msteamsv2_configs:
  - webhook_url_file: /etc/alertmanager/secrets/teams/url
  webhook_configs:
  - url_file: /etc/alertmanager/secrets/hook/url
    http_config:
      http_headers: {X-Team: {values: [a]}}
tracing: {endpoint: "collector:4317"}
)";

testing::RunResult check_with(const std::string& settings) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\n" + settings);
  fs.add("alerts/alertmanager.yml", kConfig);
  return testing::run_cli(fs, {"check", "--color=never"});
}

TEST(AlertmanagerVersionPin, KeysNewerThanThePinAreErrorsAtTheKey) {
  auto r = check_with("versions: {alertmanager: \"0.27\"}\n");
  EXPECT_EQ(r.code, 1) << r.err;
  for (const char* expected :
       {"alerts/alertmanager.yml:3:3: error[E0627]: 'labels' needs Alertmanager 0.34 or newer; "
        "'versions.alertmanager' in mzrules.yaml is 0.27",
        "alerts/alertmanager.yml:6:3: error[E0627]: 'msteamsv2_configs' needs Alertmanager 0.28",
        "alerts/alertmanager.yml:11:7: error[E0627]: 'http_headers' needs Alertmanager 0.28",
        "alerts/alertmanager.yml:12:1: error[E0627]: 'tracing' needs Alertmanager 0.30"}) {
    EXPECT_NE(r.err.find(expected), std::string::npos) << expected << "\n" << r.err;
  }
  // url_file arrived in 0.26: accepted.
  EXPECT_EQ(r.err.find("'url_file'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("4 errors"), std::string::npos) << r.err;
}

TEST(AlertmanagerVersionPin, TheDeployedReleaseAndNoPinAcceptEverything) {
  for (const char* settings :
       {"versions: {alertmanager: \"0.34\"}\n", "versions: {alertmanager: v0.34.1}\n", ""}) {
    auto r = check_with(settings);
    EXPECT_EQ(r.err.find("E0627"), std::string::npos) << settings << r.err;
  }
  auto r = check_with("versions: {alertmanager: \"0.30\"}\n");
  EXPECT_NE(r.err.find("'labels' needs Alertmanager 0.34"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("'tracing' needs"), std::string::npos) << r.err;
}

TEST(AlertmanagerVersionPin, TheDslIsCheckedAtItsOwnPositions) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\nversions: {alertmanager: \"0.25\"}\n");
  fs.add("alerts/routing.mzr",
         "route { receiver team }\n"
         "receiver team {\n"
         "  msteams { webhook_url_file \"/etc/alertmanager/secrets/teams/url\" }\n"
         "}\n");
  auto r = testing::run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("alerts/routing.mzr:3:3: error[E0627]: 'msteams_configs' needs "
                       "Alertmanager 0.26"),
            std::string::npos)
      << r.err;
}

TEST(AlertmanagerVersionPin, ThePinMustBeACoveredRelease) {
  for (const char* bad : {"\"0.19\"", "\"0.35\"", "\"1\"", "abc", "\"0.27.x\""}) {
    auto r = check_with(std::string("versions: {alertmanager: ") + bad + "}\n");
    EXPECT_EQ(r.code, 1) << bad;
    EXPECT_NE(r.err.find("error[E0201]: 'versions.alertmanager' must be a release from 0.20 to "
                         "0.34"),
              std::string::npos)
        << bad << "\n"
        << r.err;
  }
}

TEST(AlertmanagerVersionPin, ReleaseNumbers) {
  using model::AmVersion;
  using model::parse_am_version;
  EXPECT_EQ(parse_am_version("0.27"), (AmVersion{0, 27}));
  EXPECT_EQ(parse_am_version("v0.27.3"), (AmVersion{0, 27}));
  EXPECT_EQ(parse_am_version("0"), std::nullopt);
  EXPECT_EQ(parse_am_version("0.27."), std::nullopt);
  EXPECT_EQ(parse_am_version("0.27.1.2"), std::nullopt);
  EXPECT_EQ(parse_am_version(""), std::nullopt);
  EXPECT_EQ(model::am_key_since("Config", "tracing"), (AmVersion{0, 30}));
  EXPECT_EQ(model::am_key_since("Config", "route"), std::nullopt);  // in every release
  EXPECT_EQ(model::am_child_scope("Receiver", "slack_configs"), "SlackConfig");
  EXPECT_EQ(model::am_child_scope("Headers", "X-Anything"), "Header");
}

}  // namespace
}  // namespace mzr
