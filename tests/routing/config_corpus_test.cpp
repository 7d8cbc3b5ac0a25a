#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "tests/require.h"
#include "tests/routing/am_test_util.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

// Alertmanager's verdicts (config/config_test.go) for corpus/real/alertmanager-configs: the
// invalid files with the error Alertmanager gives. Every other configuration in the folder is
// valid (its own tests load them), so a file added to the corpus is checked as valid unless it
// is listed here.
struct Invalid {
  const char* path;
  const char* error;  // "line:col: CODE message": Alertmanager's reason, at its position
};

const Invalid kInvalid[] = {
    {"config/testdata/conf.mattermost-both-webhook-url-and-file.yml",
     "3:3: E0615 at most one of 'mattermost_webhook_url' and 'mattermost_webhook_url_file' must be "
     "configured"},
    {"config/testdata/conf.mattermost-no-webhook-url.yml",
     "7:9: E0616 missing 'webhook_url' or 'webhook_url_file' on mattermost config"},
    {"config/testdata/conf.mattermost-valid-receiver-both-webhook-url-and-file.yml",
     "3:3: E0615 at most one of 'mattermost_webhook_url' and 'mattermost_webhook_url_file' must be "
     "configured"},
    {"config/testdata/conf.nil-match_re-route.yml",
     "5:9: E0602 invalid regexp value for 'invalid_label'"},
    {"config/testdata/conf.nil-source_match_re-inhibition.yml",
     "7:7: E0602 invalid regexp value for 'invalid_source_label'"},
    {"config/testdata/conf.nil-target_match_re-inhibition.yml",
     "9:7: E0602 invalid regexp value for 'invalid_target_label'"},
    {"config/testdata/conf.opsgenie-both-file-and-apikey.yml",
     "3:3: E0615 at most one of 'opsgenie_api_key' and 'opsgenie_api_key_file' must be configured"},
    {"config/testdata/conf.opsgenie-default-apikey-old-team.yml",
     "16:9: E0106 unknown field 'teams' in opsgenie config"},
    {"config/testdata/conf.opsgenie-no-apikey.yml",
     "14:9: E0616 no global OpsGenie API Key set either inline or in a file"},
    {"config/testdata/conf.rocketchat-both-token-and-tokenfile.yml",
     "2:3: E0615 at most one of 'rocketchat_token' and 'rocketchat_token_file' must be configured"},
    {"config/testdata/conf.rocketchat-both-tokenid-and-tokenidfile.yml",
     "2:3: E0615 at most one of 'rocketchat_token_id' and 'rocketchat_token_id_file' must be "
     "configured"},
    {"config/testdata/conf.rocketchat-no-token.yml",
     "16:9: E0616 no global Rocketchat Token set either inline or in a file"},
    {"config/testdata/conf.slack-both-file-and-token.yml",
     "3:3: E0615 at most one of 'slack_app_token' and 'slack_app_token_file' must be configured"},
    {"config/testdata/conf.slack-both-file-and-url.yml",
     "3:3: E0615 at most one of 'slack_api_url' and 'slack_api_url_file' must be configured"},
    {"config/testdata/conf.slack-both-url-and-token.yml",
     "3:3: E0615 at most one of 'slack_app_token'/'slack_app_token_file' and "
     "'slack_api_url'/'slack_api_url_file' must be configured"},
    {"config/testdata/conf.slack-no-api-url-or-token.yml",
     "7:9: E0616 no Slack API URL nor App token set either inline or in a file"},
    {"config/testdata/conf.slack-update-message-and-webhook.yml",
     "13:25: E0617 'update_message' can only be used with bot tokens; 'api_url' must be set to "
     "https://slack.com/api/chat.postMessage"},
    {"config/testdata/conf.smtp-both-password-and-file.yml",
     "6:3: E0615 at most one of 'smtp_auth_password' and 'smtp_auth_password_file' must be "
     "configured"},
    {"config/testdata/conf.sns-invalid.yml",
     "7:9: E0616 must provide either a Target ARN, Topic ARN, or Phone Number for SNS config"},
    {"config/testdata/conf.telegram-both-bot-token-and-file.yml",
     "3:3: E0615 at most one of 'telegram_bot_token' and 'telegram_bot_token_file' must be "
     "configured"},
    {"config/testdata/conf.telegram-no-bot-token.yml",
     "7:9: E0616 missing 'bot_token' or 'bot_token_file' on telegram config"},
    {"config/testdata/conf.telegram-valid-receiver-both-bot-token-and-file.yml",
     "3:3: E0615 at most one of 'telegram_bot_token' and 'telegram_bot_token_file' must be "
     "configured"},
    {"config/testdata/conf.victorops-both-file-and-apikey.yml",
     "3:3: E0615 at most one of 'victorops_api_key' and 'victorops_api_key_file' must be "
     "configured"},
    {"config/testdata/conf.victorops-no-apikey.yml", "14:9: E0616 no global VictorOps API Key set"},
    {"config/testdata/conf.wechat-both-file-and-secret.yml",
     "3:3: E0615 at most one of 'wechat_api_secret' and 'wechat_api_secret_file' must be "
     "configured"},
    {"config/testdata/conf.wechat-no-api-secret.yml",
     "7:9: E0616 no global Wechat Api Secret set either inline or in a file"},
};

// The configurations of the corpus folder, relative to it, sorted.
std::vector<std::string> corpus_configs(const std::string& base) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(base)) {
    std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".yml" || ext == ".yaml"))
      out.push_back(std::filesystem::relative(e.path(), base).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const Invalid* invalid(const std::string& path) {
  for (const Invalid& c : kInvalid) {
    if (path == c.path) return &c;
  }
  return nullptr;
}

TEST(RoutingConfigCorpus, ValidConfigsLoadWithoutErrors) {
  MZR_REQUIRE_CORPUS(corpus);
  std::string base = corpus + "/real/alertmanager-configs/";
  size_t valid = 0;
  for (const std::string& path : corpus_configs(base)) {
    if (invalid(path) != nullptr) continue;
    testing::LoadedAm am;
    testing::load_am(am, testing::read_file(base + path), path);
    EXPECT_EQ(am.lines(Severity::Error), std::vector<std::string>{}) << path;
    EXPECT_TRUE(am.config.route.has_value()) << path;
    ++valid;
  }
  testing::LoadedAm kp;
  testing::load_am(kp,
                   testing::read_file(corpus + "/real/kube-prometheus/split/alertmanager.yaml"));
  EXPECT_EQ(kp.lines(), std::vector<std::string>{});
  EXPECT_EQ(kp.config.receivers.size(), 4u);
  EXPECT_EQ(kp.config.inhibit_rules.size(), 3u);
  std::cout << "[ RoutingConfigCorpus ] " << valid << " valid configurations load without errors\n";
  // The corpus README: 20 valid in config/testdata, plus the documentation and HA examples.
  EXPECT_GE(valid, 23u);
}

TEST(RoutingConfigCorpus, InvalidConfigsAreRejected) {
  MZR_REQUIRE_CORPUS(corpus);
  std::string base = corpus + "/real/alertmanager-configs/";
  std::vector<std::string> present = corpus_configs(base);
  for (const Invalid& c : kInvalid) {
    EXPECT_TRUE(std::binary_search(present.begin(), present.end(), std::string(c.path)))
        << c.path << " is listed as invalid but is not in the corpus";
    testing::LoadedAm am;
    testing::load_am(am, testing::read_file(base + c.path), c.path);
    std::vector<std::string> errors = am.lines(Severity::Error);
    EXPECT_NE(std::find(errors.begin(), errors.end(), c.error), errors.end())
        << c.path << ": got " << (errors.empty() ? "no error" : errors.front());
  }
}

// Literal secrets load (Alertmanager accepts them) with a warning on each.
TEST(RoutingConfigCorpus, LiteralSecretsAreWarnings) {
  MZR_REQUIRE_CORPUS(corpus);
  testing::LoadedAm am;
  testing::load_am(
      am, testing::read_file(corpus + "/real/alertmanager-configs/config/testdata/conf.good.yml"));
  EXPECT_FALSE(am.has_errors());
  std::vector<std::string> want = {
      "6:23: W0601 a password is written in plain text in 'smtp_auth_password'; prefer "
      "'smtp_auth_password_file' with a mounted secret",
      "8:18: W0601 a webhook URL is written in plain text in 'slack_api_url'; prefer "
      "'slack_api_url_file' with a mounted secret",
  };
  std::vector<std::string> got = am.lines();
  ASSERT_GE(got.size(), 2u);
  EXPECT_EQ(std::vector<std::string>(got.begin(), got.begin() + 2), want);
  size_t routing_keys = std::count_if(got.begin(), got.end(), [](const std::string& l) {
    return l.find("W0601 a key is written in plain text in 'routing_key'") != std::string::npos;
  });
  EXPECT_EQ(routing_keys, 3u);
}

}  // namespace
}  // namespace mzr
