// '*_file' settings name files of Kubernetes Secrets: a path that climbs with '..' or names what
// Kubernetes cannot create is an error at the value, and nothing is written.

#include "compiler/load/secret_files.h"

#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

TEST(SecretFiles, PathsOfMountableSecretsPass) {
  EXPECT_EQ(secret_file_problem("/etc/alertmanager/secrets/slack/url"), std::nullopt);
  EXPECT_EQ(secret_file_problem("/etc/alertmanager/secrets/pager-duty/Routing_Key.txt"),
            std::nullopt);
  // Elsewhere: no mount (W0624), no error.
  EXPECT_EQ(secret_file_problem("/run/secrets/teams-url"), std::nullopt);
}

TEST(SecretFiles, KubernetesNamesAndKeysAreValidated) {
  EXPECT_NE(secret_file_problem("/etc/alertmanager/secrets/../config"), std::nullopt);
  EXPECT_NE(secret_file_problem("/etc/alertmanager/secrets/slack/../../config"), std::nullopt);
  EXPECT_NE(secret_file_problem("/etc/alertmanager/../alertmanager/secrets/a/b"), std::nullopt);
  EXPECT_NE(secret_file_problem("/etc/alertmanager/secrets/slack/.."), std::nullopt);
  EXPECT_NE(secret_file_problem("/etc/alertmanager/secrets/./url"), std::nullopt);
  EXPECT_NE(secret_file_problem("/etc/alertmanager/secrets/Slack_Hook/url"), std::nullopt);
  EXPECT_NE(secret_file_problem("/etc/alertmanager/secrets/slack/a b"), std::nullopt);
  EXPECT_NE(secret_file_problem("/etc/alertmanager/secrets/slack/."), std::nullopt);
  // A valid Secret name whose volume name 'secret-<name>' is not a DNS-1123 label.
  EXPECT_NE(secret_file_problem("/etc/alertmanager/secrets/slack.prod/url"), std::nullopt);
  EXPECT_NE(secret_file_problem("/etc/alertmanager/secrets/" + std::string(60, 'a') + "/url"),
            std::nullopt);
  EXPECT_EQ(dns1123_subdomain_problem("a.b-c"), std::nullopt);
  EXPECT_NE(dns1123_subdomain_problem("-a"), std::nullopt);
  EXPECT_NE(dns1123_subdomain_problem("a..b"), std::nullopt);
  EXPECT_NE(dns1123_subdomain_problem(std::string(254, 'a')), std::nullopt);
  EXPECT_EQ(secret_key_problem(".dockerconfigjson"), std::nullopt);
  EXPECT_NE(secret_key_problem(".."), std::nullopt);
  EXPECT_NE(secret_key_problem("a/b"), std::nullopt);
}

// The reproducer: the Secret '..' would be mounted over /etc/alertmanager.
TEST(SecretFiles, DotDotStopsTheBuildAtTheValue) {
  for (bool yaml : {true, false}) {
    MemoryFileSystem fs;
    fs.add("mzrules.yaml", "sources: [am]\n");
    if (yaml) {
      fs.add("am/alertmanager.yml",
             "route: {receiver: x}\nreceivers:\n- name: x\n"
             "  webhook_configs: [{url_file: /etc/alertmanager/secrets/../config}]\n");
    } else {
      fs.add("am/routing.mzr",
             "route { receiver x }\n"
             "receiver x { webhook { url_file \"/etc/alertmanager/secrets/../config\" } }\n");
    }
    auto r = run_cli(fs, {"build", "--color=never"});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find(yaml ? "am/alertmanager.yml:4:32: error[E0625]: "
                                "'/etc/alertmanager/secrets/../config' in 'url_file' climbs out "
                                "of its folder with '..'"
                              : "am/routing.mzr:2:33: error[E0625]"),
              std::string::npos)
        << r.err;
    for (const auto& [path, content] : fs.files()) {
      EXPECT_FALSE(path.starts_with("out/")) << path;
    }
  }
}

TEST(SecretFiles, InvalidSecretNamesAndKeysStopTheBuild) {
  for (const char* path :
       {"/etc/alertmanager/secrets/Slack_Hook/url", "/etc/alertmanager/secrets/slack/..",
        "/etc/alertmanager/secrets/./url", "/etc/alertmanager/secrets/slack/a:b"}) {
    MemoryFileSystem fs;
    fs.add("mzrules.yaml", "sources: [am]\n");
    fs.add("am/alertmanager.yml",
           std::string("route: {receiver: x}\nreceivers:\n- name: x\n"
                       "  slack_configs: [{http_config: {basic_auth: {username: u, "
                       "password_file: '") +
               path + "'}}, api_url_file: /etc/alertmanager/secrets/slack/url}]\n");
    auto r = run_cli(fs, {"build", "--color=never"});
    EXPECT_EQ(r.code, 1) << path << "\n" << r.err;
    EXPECT_NE(r.err.find("am/alertmanager.yml:4:75: error[E0625]"), std::string::npos)
        << path << "\n"
        << r.err;
    EXPECT_EQ(fs.files().count("out/helm/materialize-monitoring-values.yaml"), 0u) << path;
  }
}

}  // namespace
}  // namespace mzr
