// What each Alertmanager integration requires and forbids, as one table: a row per integration
// kind, its steps in the order Alertmanager's UnmarshalYAML checks them, and for the few rules
// that no step expresses, a function of the row. A new integration is one row. Messages are
// Alertmanager's (v0.34, config/notifiers.go and config/config.go).

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/check/alertmanager_checks.h"

namespace mzr {
namespace {

using model::AmIntegration;
using model::AmSetting;
using model::AmValue;

constexpr std::string_view kSlackAppUrl = "https://slack.com/api/chat.postMessage";

bool is_set(const AmSetting* s) {
  return s != nullptr && s->shape != AmSetting::Shape::Null &&
         (s->shape != AmSetting::Shape::Scalar || !s->value.value.empty());
}

const AmSetting* find(const std::vector<AmSetting>& ss, std::string_view name) {
  for (const AmSetting& s : ss) {
    if (s.name.value == name) return &s;
  }
  return nullptr;
}

const AmValue* field(const AmValue& mapping, std::string_view key) {
  if (mapping.kind != AmValue::Kind::Mapping) return nullptr;
  for (const model::AmValueEntry& e : mapping.entries) {
    if (e.key.value == key) return &e.value;
  }
  return nullptr;
}

// One check of an integration's settings.
struct Step {
  enum class Kind {
    OneOf,      // exactly one of names[0], names[1]
    Exclusive,  // at most one of names[0], names[1]
    Required,   // one of `names` in the integration or one of `globals` in 'global'
    Choice,     // names[0], when set, is one of `allowed`
  };
  Kind kind;
  std::vector<std::string_view> names;
  std::vector<std::string_view> globals;
  std::vector<std::string_view> allowed;
  std::string_view message;  // Required, Choice: '{0}' is the kind, '{1}' the value
};

Step one_of(std::string_view a, std::string_view b) {
  return {Step::Kind::OneOf, {a, b}, {}, {}, {}};
}
Step exclusive(std::string_view a, std::string_view b) {
  return {Step::Kind::Exclusive, {a, b}, {}, {}, {}};
}
Step required(std::initializer_list<std::string_view> names,
              std::initializer_list<std::string_view> globals, std::string_view message) {
  return {Step::Kind::Required, names, globals, {}, message};
}
Step choice(std::string_view name, std::initializer_list<std::string_view> allowed,
            std::string_view message) {
  return {Step::Kind::Choice, {name}, {}, allowed, message};
}

class IntegrationChecker;
using Extra = void (IntegrationChecker::*)(const AmIntegration&);

struct Row {
  std::string_view kind;
  std::vector<Step> steps;
  Extra extra = nullptr;  // runs after the steps
};

class IntegrationChecker {
 public:
  IntegrationChecker(const model::AmGlobal& global, Diagnostics& diags)
      : global_(global), diags_(diags) {}

  void check(const AmIntegration& in) {
    for (const Row& row : rows()) {
      if (row.kind != in.kind) continue;
      for (const Step& step : row.steps) run(step, in);
      if (row.extra != nullptr) (this->*row.extra)(in);
      return;
    }
  }

  void check_global() {
    const std::vector<AmSetting>& ss = global_.settings;
    for (auto [a, b] : {std::pair{"slack_app_token", "slack_app_token_file"},
                        std::pair{"slack_api_url", "slack_api_url_file"},
                        std::pair{"opsgenie_api_key", "opsgenie_api_key_file"},
                        std::pair{"victorops_api_key", "victorops_api_key_file"},
                        std::pair{"telegram_bot_token", "telegram_bot_token_file"},
                        std::pair{"smtp_auth_password", "smtp_auth_password_file"},
                        std::pair{"rocketchat_token", "rocketchat_token_file"},
                        std::pair{"rocketchat_token_id", "rocketchat_token_id_file"},
                        std::pair{"smtp_auth_secret", "smtp_auth_secret_file"},
                        std::pair{"wechat_api_secret", "wechat_api_secret_file"},
                        std::pair{"mattermost_webhook_url", "mattermost_webhook_url_file"}}) {
      conflict(ss, a, b);
    }
    bool app_token =
        is_set(find(ss, "slack_app_token")) || is_set(find(ss, "slack_app_token_file"));
    const AmSetting* api_url = find(ss, "slack_api_url");
    bool webhook = is_set(api_url) || is_set(find(ss, "slack_api_url_file"));
    if (app_token && webhook) {
      // The old workaround (slack_api_url set to the app URL) stays allowed.
      const AmSetting* app_url = find(ss, "slack_app_url");
      std::string effective_app_url =
          is_set(app_url) ? app_url->value.value : std::string(kSlackAppUrl);
      if (!is_set(api_url) || api_url->value.value != effective_app_url) {
        const AmSetting* at = is_set(api_url) ? api_url : find(ss, "slack_api_url_file");
        diags_.report(DiagKind::AmConflictingSettings, at->name.span,
                      "at most one of 'slack_app_token'/'slack_app_token_file' and "
                      "'slack_api_url'/'slack_api_url_file' must be configured");
      }
    }
  }

 private:
  static const std::vector<Row>& rows() {
    static const std::vector<Row> table = {
        {"discord", {one_of("webhook_url", "webhook_url_file")}},
        {"email",
         {required({"to"}, {}, "missing 'to' address in email config"),
          exclusive("auth_password", "auth_password_file"),
          exclusive("auth_secret", "auth_secret_file"),
          required({"smarthost"}, {"smtp_smarthost"},
                   "no global SMTP smarthost set ('global.smtp_smarthost' or 'smarthost')"),
          required({"from"}, {"smtp_from"},
                   "no global SMTP from set ('global.smtp_from' or 'from')")},
         &IntegrationChecker::email_headers},
        {"incidentio",
         {one_of("url", "url_file"), exclusive("alert_source_token", "alert_source_token_file")}},
        {"pagerduty",
         {required({"routing_key", "routing_key_file", "service_key", "service_key_file"}, {},
                   "missing service or routing key in PagerDuty config"),
          exclusive("routing_key", "routing_key_file"),
          exclusive("service_key", "service_key_file")}},
        {"slack",
         {exclusive("api_url", "api_url_file"), exclusive("app_token", "app_token_file")},
         &IntegrationChecker::slack},
        {"webhook", {one_of("url", "url_file")}},
        {"opsgenie",
         {exclusive("api_key", "api_key_file"),
          required({"api_key", "api_key_file"}, {"opsgenie_api_key", "opsgenie_api_key_file"},
                   "no global OpsGenie API Key set either inline or in a file")},
         &IntegrationChecker::opsgenie_responders},
        {"wechat",
         {exclusive("api_secret", "api_secret_file"),
          required({"api_secret", "api_secret_file"},
                   {"wechat_api_secret", "wechat_api_secret_file"},
                   "no global Wechat Api Secret set either inline or in a file"),
          required({"corp_id"}, {"wechat_api_corp_id"}, "no global Wechat CorpID set"),
          choice("message_type", {"text", "markdown"},
                 "weChat message type '{1}' does not match valid options ^(text|markdown)$")}},
        {"pushover",
         {one_of("user_key", "user_key_file"), one_of("token", "token_file")},
         &IntegrationChecker::pushover},
        {"victorops",
         {required({"routing_key"}, {}, "missing 'routing_key' in VictorOps config"),
          exclusive("api_key", "api_key_file"),
          required({"api_key", "api_key_file"}, {"victorops_api_key", "victorops_api_key_file"},
                   "no global VictorOps API Key set")},
         &IntegrationChecker::victorops_custom_fields},
        {"sns", {}, &IntegrationChecker::sns},
        {"telegram",
         {exclusive("bot_token", "bot_token_file"),
          required({"bot_token", "bot_token_file"},
                   {"telegram_bot_token", "telegram_bot_token_file"},
                   "missing 'bot_token' or 'bot_token_file' on telegram config"),
          required({"chat_id", "chat_id_file"}, {}, "missing 'chat_id' on telegram config"),
          choice("parse_mode", {"Markdown", "MarkdownV2", "HTML"},
                 "unknown 'parse_mode' on telegram config, must be Markdown, MarkdownV2, HTML "
                 "or empty string")}},
        {"webex",
         {required({"room_id"}, {}, "missing 'room_id' on webex config")},
         &IntegrationChecker::webex},
        {"msteams",
         {required({"webhook_url", "webhook_url_file"}, {},
                   "no {0} webhook URL or URLFile provided"),
          exclusive("webhook_url", "webhook_url_file")}},
        {"msteamsv2",
         {required({"webhook_url", "webhook_url_file"}, {},
                   "no {0} webhook URL or URLFile provided"),
          exclusive("webhook_url", "webhook_url_file")}},
        {"jira",
         {required({"project"}, {}, "missing 'project' in jira config"),
          required({"issue_type"}, {}, "missing 'issue_type' in jira config"),
          required({"api_url"}, {"jira_api_url"}, "no global Jira Cloud URL set")}},
        {"rocketchat",
         {exclusive("token", "token_file"), exclusive("token_id", "token_id_file")},
         &IntegrationChecker::rocketchat},
        {"mattermost",
         {exclusive("webhook_url", "webhook_url_file"),
          required({"webhook_url", "webhook_url_file"},
                   {"mattermost_webhook_url", "mattermost_webhook_url_file"},
                   "missing 'webhook_url' or 'webhook_url_file' on mattermost config")}},
    };
    return table;
  }

  bool has(const AmIntegration& in, std::string_view name) const { return is_set(in.get(name)); }
  bool global_has(std::string_view name) const { return is_set(global_.get(name)); }

  void run(const Step& step, const AmIntegration& in) {
    switch (step.kind) {
      case Step::Kind::OneOf:
        if (!has(in, step.names[0]) && !has(in, step.names[1])) {
          missing(in, fmt::format("one of '{}' or '{}' must be configured", step.names[0],
                                  step.names[1]));
        } else {
          conflict(in.settings, step.names[0], step.names[1]);
        }
        return;
      case Step::Kind::Exclusive: conflict(in.settings, step.names[0], step.names[1]); return;
      case Step::Kind::Required: {
        bool found = std::any_of(step.names.begin(), step.names.end(),
                                 [&](std::string_view n) { return has(in, n); }) ||
                     std::any_of(step.globals.begin(), step.globals.end(),
                                 [&](std::string_view n) { return global_has(n); });
        if (!found) missing(in, fmt::format(fmt::runtime(step.message), in.kind, ""));
        return;
      }
      case Step::Kind::Choice: {
        const AmSetting* s = in.get(step.names[0]);
        if (!is_set(s)) return;
        if (std::find(step.allowed.begin(), step.allowed.end(), s->value.value) !=
            step.allowed.end()) {
          return;
        }
        invalid(s, fmt::format(fmt::runtime(step.message), in.kind, s->value.value));
        return;
      }
    }
  }

  void missing(const AmIntegration& in, std::string message) {
    diags_.report(DiagKind::AmMissingSetting, in.span, std::move(message));
  }

  void invalid(const AmSetting* s, std::string message) {
    diags_.report(DiagKind::AmInvalidSetting, s->value.span.valid() ? s->value.span : s->span,
                  std::move(message));
  }

  // Reports when both `a` and `b` are set.
  void conflict(const std::vector<AmSetting>& ss, std::string_view a, std::string_view b) {
    const AmSetting* x = find(ss, a);
    const AmSetting* y = find(ss, b);
    if (!is_set(x) || !is_set(y)) return;
    diags_
        .report(DiagKind::AmConflictingSettings, y->name.span,
                fmt::format("at most one of '{}' and '{}' must be configured", a, b))
        .note(x->name.span, fmt::format("'{}' is set here", a));
  }

  // 'http_config.authorization' is present (an empty one counts, as in Alertmanager).
  static bool has_authorization(const AmIntegration& in) {
    const AmSetting* http = in.get("http_config");
    return http != nullptr && field(http->content, "authorization") != nullptr;
  }

  void slack(const AmIntegration& in) {
    bool local_webhook = has(in, "api_url") || has(in, "api_url_file");
    bool local_token = has(in, "app_token") || has(in, "app_token_file");
    bool authorization = has_authorization(in);
    bool token =
        local_token || (!authorization && !has(in, "api_url") &&
                        (global_has("slack_app_token") || global_has("slack_app_token_file")));
    bool webhook = local_webhook || global_has("slack_api_url") || global_has("slack_api_url_file");
    if (!webhook && !token) {
      missing(in, "no Slack API URL nor App token set either inline or in a file");
    }
    if (token && authorization) {
      diags_.report(DiagKind::AmConflictingSettings, in.get("http_config")->name.span,
                    "http authorization can't be set when using Slack App tokens");
    }
    const AmSetting* update = in.get("update_message");
    if (update && update->value.value == "true" && !token) {
      const AmSetting* url = in.get("api_url");
      std::string effective = is_set(url) ? url->value.value
                              : global_has("slack_api_url")
                                  ? global_.get("slack_api_url")->value.value
                                  : std::string();
      if (effective != kSlackAppUrl) {
        invalid(update,
                "'update_message' can only be used with bot tokens; 'api_url' must be set "
                "to https://slack.com/api/chat.postMessage");
      }
    }
  }

  // textproto.CanonicalMIMEHeaderKey makes 'x-a' and 'X-A' the same header.
  void email_headers(const AmIntegration& in) {
    const AmSetting* headers = in.get("headers");
    if (headers == nullptr || headers->content.kind != AmValue::Kind::Mapping) return;
    std::map<std::string, Span> seen;
    for (const model::AmValueEntry& e : headers->content.entries) {
      std::string canonical;
      bool upper = true;
      for (char ch : e.key.value) {
        canonical += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(ch)))
                           : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        upper = ch == '-';
      }
      auto [it, inserted] = seen.emplace(canonical, e.key.span);
      if (!inserted) {
        diags_
            .report(DiagKind::AmConflictingSettings, e.key.span,
                    fmt::format("duplicate header '{}' in email config", canonical))
            .note(it->second, "first set here");
      }
    }
  }

  void opsgenie_responders(const AmIntegration& in) {
    const AmSetting* responders = in.get("responders");
    if (responders == nullptr || responders->content.kind != AmValue::Kind::Sequence) return;
    for (const AmValue& r : responders->content.items) {
      if (r.kind != AmValue::Kind::Mapping) continue;
      auto get = [&](std::string_view k) {
        const AmValue* v = field(r, k);
        return v != nullptr && v->kind == AmValue::Kind::Scalar ? v->scalar : std::string();
      };
      if (get("id").empty() && get("username").empty() && get("name").empty()) {
        diags_.report(DiagKind::AmMissingSetting, r.span,
                      "opsgenie responder has to have at least one of 'id', 'username' or 'name'");
      }
      std::string type = get("type");
      if (type.find("{{") != std::string::npos) continue;
      for (char& ch : type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      static const std::set<std::string_view> valid = {"team", "teams", "user", "escalation",
                                                       "schedule"};
      if (!valid.count(type)) {
        const AmValue* t = field(r, "type");
        diags_.report(DiagKind::AmInvalidSetting, t ? t->span : r.span,
                      fmt::format("opsgenie responder type '{}' does not match valid options "
                                  "^(team|teams|user|escalation|schedule)$",
                                  get("type")));
      }
    }
  }

  void victorops_custom_fields(const AmIntegration& in) {
    const AmSetting* fields = in.get("custom_fields");
    if (fields == nullptr || fields->content.kind != AmValue::Kind::Mapping) return;
    static const std::set<std::string_view> reserved = {
        "routing_key",     "message_type", "state_message", "entity_display_name",
        "monitoring_tool", "entity_id",    "entity_state"};
    for (const model::AmValueEntry& e : fields->content.entries) {
      if (reserved.count(e.key.value)) {
        diags_.report(
            DiagKind::AmInvalidSetting, e.key.span,
            fmt::format("victorops custom field '{}' conflicts with a fixed field", e.key.value));
      }
    }
  }

  void pushover(const AmIntegration& in) {
    const AmSetting* html = in.get("html");
    const AmSetting* mono = in.get("monospace");
    if (html && mono && html->value.value == "true" && mono->value.value == "true") {
      diags_.report(DiagKind::AmConflictingSettings, mono->name.span,
                    "at most one of 'monospace' and 'html' must be configured");
    }
  }

  void sns(const AmIntegration& in) {
    bool a = !has(in, "target_arn"), b = !has(in, "topic_arn"), c = !has(in, "phone_number");
    // Alertmanager's own test: ((a != b) != c) || (a && b && c).
    if (((a != b) != c) || (a && b && c)) {
      missing(in, "must provide either a Target ARN, Topic ARN, or Phone Number for SNS config");
    }
  }

  void webex(const AmIntegration& in) {
    if (!has_authorization(in)) missing(in, "missing 'http_config.authorization' on webex config");
  }

  // The token is asked for only once the token ID is there.
  void rocketchat(const AmIntegration& in) {
    if (!has(in, "token_id") && !has(in, "token_id_file") && !global_has("rocketchat_token_id") &&
        !global_has("rocketchat_token_id_file")) {
      missing(in, "no global Rocketchat TokenID set either inline or in a file");
    } else if (!has(in, "token") && !has(in, "token_file") && !global_has("rocketchat_token") &&
               !global_has("rocketchat_token_file")) {
      missing(in, "no global Rocketchat Token set either inline or in a file");
    }
  }

  const model::AmGlobal& global_;
  Diagnostics& diags_;
};

}  // namespace

void check_alertmanager_integrations(const model::AlertmanagerConfig& config, Diagnostics& diags) {
  if (!config.read) return;
  IntegrationChecker checker(config.global, diags);
  checker.check_global();
  for (const model::AmReceiver& r : config.receivers) {
    for (const AmIntegration& in : r.integrations) checker.check(in);
  }
}

}  // namespace mzr
