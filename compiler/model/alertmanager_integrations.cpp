#include "compiler/model/alertmanager_integrations.h"

namespace mzr::model {

const std::vector<IntegrationKind>& integration_kinds() {
  static const std::vector<IntegrationKind> kinds = {
      {"discord", "discord_configs",
       {"send_resolved", "http_config", "webhook_url", "webhook_url_file", "content", "title",
        "message", "username", "avatar_url"},
       {"webhook_url"}},
      {"email", "email_configs",
       {"send_resolved", "to", "from", "hello", "smarthost", "auth_username", "auth_password",
        "auth_password_file", "auth_secret", "auth_secret_file", "auth_identity", "headers", "html",
        "text", "require_tls", "tls_config", "force_implicit_tls", "threading"},
       {"auth_password", "auth_secret"}},
      {"incidentio", "incidentio_configs",
       {"send_resolved", "http_config", "url", "url_file", "alert_source_token",
        "alert_source_token_file", "max_alerts", "timeout"},
       {"alert_source_token"}},
      {"pagerduty", "pagerduty_configs",
       {"send_resolved", "http_config", "service_key", "service_key_file", "routing_key",
        "routing_key_file", "url", "client", "client_url", "description", "details", "images",
        "links", "source", "severity", "class", "component", "group", "timeout"},
       {"service_key", "routing_key"}},
      {"slack", "slack_configs",
       {"send_resolved", "http_config", "api_url", "api_url_file", "app_token", "app_token_file",
        "app_url", "channel", "username", "color", "title", "title_link", "pretext", "text",
        "fields", "short_fields", "footer", "fallback", "callback_id", "icon_emoji", "icon_url",
        "image_url", "thumb_url", "link_names", "mrkdwn_in", "actions", "update_message",
        "message_text", "timeout"},
       {"api_url", "app_token"}},
      {"webhook", "webhook_configs",
       {"send_resolved", "http_config", "url", "url_file", "max_alerts", "timeout", "payload"},
       {}},
      {"opsgenie", "opsgenie_configs",
       {"send_resolved", "http_config", "api_key", "api_key_file", "api_url", "message",
        "description", "source", "details", "entity", "responders", "actions", "tags", "note",
        "priority", "update_alerts"},
       {"api_key"}},
      {"wechat", "wechat_configs",
       {"send_resolved", "http_config", "api_secret", "api_secret_file", "corp_id", "message",
        "api_url", "to_user", "to_party", "to_tag", "agent_id", "message_type"},
       {"api_secret"}},
      {"pushover", "pushover_configs",
       {"send_resolved", "http_config", "user_key", "user_key_file", "token", "token_file", "title",
        "message", "url", "url_title", "device", "sound", "priority", "retry", "expire", "ttl",
        "html", "monospace"},
       {"user_key", "token"}},
      {"victorops", "victorops_configs",
       {"send_resolved", "http_config", "api_key", "api_key_file", "api_url", "routing_key",
        "message_type", "state_message", "entity_display_name", "monitoring_tool",
        "custom_fields"},
       {"api_key"}},
      {"sns", "sns_configs",
       {"send_resolved", "http_config", "api_url", "sigv4", "topic_arn", "phone_number",
        "target_arn", "subject", "message", "attributes"},
       {}},
      {"telegram", "telegram_configs",
       {"send_resolved", "http_config", "api_url", "bot_token", "bot_token_file", "chat_id",
        "chat_id_file", "message_thread_id", "message", "disable_notifications", "parse_mode"},
       {"bot_token"}},
      {"webex", "webex_configs", {"send_resolved", "http_config", "api_url", "message", "room_id"},
       {}},
      {"msteams", "msteams_configs",
       {"send_resolved", "http_config", "webhook_url", "webhook_url_file", "title", "summary",
        "text"},
       {"webhook_url"}},
      {"msteamsv2", "msteamsv2_configs",
       {"send_resolved", "http_config", "webhook_url", "webhook_url_file", "title", "text"},
       {"webhook_url"}},
      {"jira", "jira_configs",
       {"send_resolved", "http_config", "api_url", "api_type", "project", "summary",
        "description", "labels", "priority", "issue_type", "reopen_transition",
        "resolve_transition", "wont_fix_resolution", "reopen_duration", "fields"},
       {}},
      {"rocketchat", "rocketchat_configs",
       {"send_resolved", "http_config", "api_url", "channel", "token", "token_file", "token_id",
        "token_id_file", "color", "emoji", "icon_url", "text", "title", "title_link", "fields",
        "short_fields", "image_url", "thumb_url", "link_names", "actions"},
       {"token", "token_id"}},
      {"mattermost", "mattermost_configs",
       {"send_resolved", "http_config", "webhook_url", "webhook_url_file", "channel", "username",
        "text", "icon_url", "icon_emoji", "attachments", "props", "priority"},
       {"webhook_url"}},
  };
  return kinds;
}

const IntegrationKind* find_integration_by_key(std::string_view key) {
  for (const IntegrationKind& k : integration_kinds()) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

const std::vector<std::string_view>& global_settings() {
  static const std::vector<std::string_view> names = {
      "resolve_timeout", "http_config", "jira_api_url", "smtp_from", "smtp_hello",
      "smtp_smarthost", "smtp_auth_username", "smtp_auth_password", "smtp_auth_password_file",
      "smtp_auth_secret", "smtp_auth_secret_file", "smtp_auth_identity", "smtp_require_tls",
      "smtp_tls_config", "smtp_force_implicit_tls", "slack_api_url", "slack_api_url_file",
      "slack_app_token", "slack_app_token_file", "slack_app_url", "pagerduty_url",
      "opsgenie_api_url", "opsgenie_api_key", "opsgenie_api_key_file", "wechat_api_url",
      "wechat_api_secret", "wechat_api_secret_file", "wechat_api_corp_id", "victorops_api_url",
      "victorops_api_key", "victorops_api_key_file", "telegram_api_url", "telegram_bot_token",
      "telegram_bot_token_file", "webex_api_url", "rocketchat_api_url", "rocketchat_token",
      "rocketchat_token_file", "rocketchat_token_id", "rocketchat_token_id_file",
      "mattermost_webhook_url", "mattermost_webhook_url_file"};
  return names;
}

const std::vector<std::string_view>& global_secrets() {
  static const std::vector<std::string_view> names = {
      "smtp_auth_password", "smtp_auth_secret", "slack_api_url", "slack_app_token",
      "opsgenie_api_key", "wechat_api_secret", "victorops_api_key", "telegram_bot_token",
      "rocketchat_token", "rocketchat_token_id", "mattermost_webhook_url"};
  return names;
}

}  // namespace mzr::model
