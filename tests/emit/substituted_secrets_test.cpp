// 'secrets.inline: substituted': a repository whose deployment replaces placeholders in secret
// fields. Placeholders are warnings (W0626) and reach out/ as written, for the tooling to
// replace; a value that is not a placeholder stays an error (E0619) and never reaches out/.

#include <gtest/gtest.h>

#include <string>

#include "compiler/model/alertmanager_secrets.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

using testing::run_cli;

constexpr const char* kSubstituted = "sources: [alerts]\nsecrets: {inline: substituted}\n";

std::string config(const std::string& api_url, const std::string& routing_key) {
  return "route: {receiver: team}\n"
         "receivers:\n"
         "- name: team\n"
         "  slack_configs: [{channel: '#alerts', api_url: '" +
         api_url +
         "'}]\n"
         "  pagerduty_configs: [{routing_key: '" +
         routing_key + "'}]\n";
}

TEST(SubstitutedSecrets, PlaceholdersAreWarningsAndReachTheOutput) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", kSubstituted);
  fs.add("alerts/alertmanager.yml", config("${SLACK_URL}", "<path:secret/data/pd#key>"));
  auto r = run_cli(fs, {"build", "--color=never"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("alerts/alertmanager.yml:4:49: warning[W0626]: '${SLACK_URL}' is a "
                       "placeholder for a webhook URL in 'api_url'"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("alerts/alertmanager.yml:5:37: warning[W0626]: '<path:secret/data/pd#key>'"),
            std::string::npos)
      << r.err;
  auto out = fs.files().find("out/alertmanager/alertmanager.yml");
  ASSERT_NE(out, fs.files().end());
  EXPECT_NE(out->second.find("api_url: ${SLACK_URL}"), std::string::npos) << out->second;
  EXPECT_NE(out->second.find("routing_key: <path:secret/data/pd#key>"), std::string::npos)
      << out->second;
}

TEST(SubstitutedSecrets, RealSecretsStayErrorsAndNeverReachTheOutput) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", kSubstituted);
  fs.add("alerts/alertmanager.yml",
         config("https://hooks.slack.com/services/T0/B0/Zq8fK2mW9xLp4RtY7vBn3Hc", "${PD_KEY}"));
  auto r = run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("alerts/alertmanager.yml:4:49: error[E0619]:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("with 'secrets.inline: substituted' only placeholders are accepted"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("Zq8fK2mW9xLp4RtY7vBn3Hc"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("warning[W0626]: '${PD_KEY}'"), std::string::npos) << r.err;
}

TEST(SubstitutedSecrets, WithoutTheSettingPlaceholdersAreSecretsToo) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\n");
  fs.add("alerts/alertmanager.yml", config("${SLACK_URL}", "${PD_KEY}"));
  auto r = run_cli(fs, {"build", "--color=never"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("alerts/alertmanager.yml:4:49: error[E0619]:"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("W0626"), std::string::npos) << r.err;
  EXPECT_EQ(fs.files().count("out/alertmanager/alertmanager.yml"), 0u);
}

TEST(SubstitutedSecrets, TheSettingTakesOneOfTwoWords) {
  MemoryFileSystem fs;
  fs.add("mzrules.yaml", "sources: [alerts]\nsecrets: {inline: allowed}\n");
  fs.add("alerts/alertmanager.yml", config("${SLACK_URL}", "${PD_KEY}"));
  auto r = run_cli(fs, {"check", "--color=never"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("mzrules.yaml:2:19: error[E0201]: 'secrets.inline' must be 'refused' or "
                       "'substituted', not 'allowed'"),
            std::string::npos)
      << r.err;
}

TEST(SubstitutedSecrets, WhatCountsAsAPlaceholder) {
  using model::is_secret_placeholder;
  EXPECT_TRUE(is_secret_placeholder("${SLACK_URL}"));
  EXPECT_TRUE(is_secret_placeholder("https://hooks.slack.com/services/${SLACK_PATH}"));
  EXPECT_TRUE(is_secret_placeholder("<path:secret/data/alertmanager#slack>"));
  EXPECT_TRUE(is_secret_placeholder("ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]"));
  EXPECT_TRUE(is_secret_placeholder("Bearer ${TOKEN}"));
  EXPECT_FALSE(is_secret_placeholder("plain-password"));
  EXPECT_FALSE(is_secret_placeholder("$SLACK_URL"));  // envsubst's bare form is ambiguous
  EXPECT_FALSE(is_secret_placeholder("${}"));         // no name
  EXPECT_FALSE(is_secret_placeholder("${1X}"));       // not a variable name
  EXPECT_FALSE(is_secret_placeholder("<path:>"));     // no path
  EXPECT_FALSE(is_secret_placeholder("ENC[unclosed"));
  // A token beside the placeholder is still a token.
  EXPECT_FALSE(is_secret_placeholder("https://hooks.slack.com/services/${X}/Zq8fK2mW9xLp4RtY"));
  EXPECT_TRUE(is_secret_placeholder("https://hooks.slack.com/services/${X}/Zq8fK2mW9xLp4Rt"));
}

}  // namespace
}  // namespace mzr
