#include "compiler/driver/routes_render.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string_view>

#include "compiler/template/alertmanager.h"
#include "compiler/template/exec.h"
#include "compiler/template/parse.h"

namespace mzr::driver {
namespace {

// The message fields of each integration whose defaults are Alertmanager's built-in templates
// (config/notifiers.go at 0.34): the setting, and the template its default calls ("" when the
// setting has no default).
struct MessageField {
  std::string_view setting;
  std::string_view default_template;
};

struct IntegrationFields {
  std::string_view kind;
  std::vector<MessageField> fields;
};

const std::vector<IntegrationFields>& message_fields() {
  static const std::vector<IntegrationFields> table = {
      {"slack",
       {{"title", "slack.default.title"},
        {"pretext", "slack.default.pretext"},
        {"text", "slack.default.text"},
        {"fallback", "slack.default.fallback"},
        {"footer", "slack.default.footer"}}},
      {"pagerduty",
       {{"description", "pagerduty.default.description"},
        {"client", "pagerduty.default.client"},
        {"details", "pagerduty.default.instances"}}},
      {"email",
       {{"headers", "email.default.subject"}, {"html", "email.default.html"}, {"text", ""}}},
      {"opsgenie",
       {{"message", "opsgenie.default.message"}, {"description", "opsgenie.default.description"}}},
      {"victorops",
       {{"state_message", "victorops.default.state_message"},
        {"entity_display_name", "victorops.default.entity_display_name"}}},
      {"wechat", {{"message", "wechat.default.message"}}},
      {"pushover",
       {{"title", "pushover.default.title"},
        {"message", "pushover.default.message"},
        {"url", "pushover.default.url"}}},
      {"sns", {{"subject", "sns.default.subject"}, {"message", "sns.default.message"}}},
      {"telegram", {{"message", "telegram.default.message"}}},
      {"discord", {{"title", "discord.default.title"}, {"message", "discord.default.message"}}},
      {"webex", {{"message", "webex.default.message"}}},
      {"msteams",
       {{"title", "msteams.default.title"},
        {"summary", "msteams.default.summary"},
        {"text", "msteams.default.text"}}},
      {"msteamsv2", {{"title", "msteamsv2.default.title"}, {"text", "msteamsv2.default.text"}}},
      {"jira", {{"summary", "jira.default.summary"}, {"description", "jira.default.description"}}},
      {"rocketchat", {{"title", "rocketchat.default.title"}, {"text", "rocketchat.default.text"}}},
      {"mattermost", {{"title", "mattermost.default.title"}, {"text", "mattermost.default.text"}}},
  };
  return table;
}

const IntegrationFields* fields_of(std::string_view kind) {
  for (const IntegrationFields& f : message_fields()) {
    if (f.kind == kind) return &f;
  }
  return nullptr;
}

// model.LabelSet's Fingerprint: FNV-1a over the sorted names and values, each followed by 0xff.
std::string fingerprint(const routing::LabelSet& labels) {
  uint64_t h = 14695981039346656037ULL;
  auto add = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xffU) * 1099511628211ULL;
  };
  for (const auto& [name, value] : labels) {
    add(name);
    add(value);
  }
  return fmt::format("{:016x}", h);
}

std::string rfc3339(double seconds) {
  auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Alertmanager's group key: the route's key, then the group labels.
std::string group_key(const routing::RouteNode& node, const routing::LabelSet& group) {
  std::string labels;
  for (const auto& [name, value] : group) {
    labels +=
        fmt::format("{}{}={}", labels.empty() ? "" : ", ", name, nlohmann::json(value).dump());
  }
  return fmt::format("{}:{{{}}}", node.key(), labels);
}

nlohmann::ordered_json notification(const routing::RouteNode& node, const RenderAlert& alert,
                                    const NotificationRenderOptions& options) {
  routing::LabelSet group;
  for (const auto& [name, value] : alert.labels) {
    if (node.options.group_by_all ||
        std::find(node.options.group_by.begin(), node.options.group_by.end(), name) !=
            node.options.group_by.end()) {
      group[name] = value;
    }
  }
  nlohmann::ordered_json labels(alert.labels);
  nlohmann::ordered_json annotations(alert.annotations);
  nlohmann::ordered_json a = {{"status", "firing"},
                              {"labels", labels},
                              {"annotations", annotations},
                              {"startsAt", rfc3339(options.now)},
                              {"endsAt", "0001-01-01T00:00:00Z"},
                              {"generatorURL", ""},
                              {"fingerprint", fingerprint(alert.labels)}};
  return {{"receiver", node.options.receiver},
          {"status", "firing"},
          {"alerts", nlohmann::ordered_json::array({a})},
          {"groupLabels", nlohmann::ordered_json(group)},
          {"commonLabels", labels},
          {"commonAnnotations", annotations},
          {"externalURL", options.external_url},
          {"version", "4"},
          {"groupKey", group_key(node, group)},
          {"truncatedAlerts", 0}};
}

std::string indent(const std::string& text, std::string_view prefix) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += fmt::format("{}{}\n", prefix, text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Renders texts with the configuration's template files, as Alertmanager does for each field.
class Renderer {
 public:
  Renderer(const model::AlertmanagerConfig& config, const tmpl::Value& data, double now)
      : data_(data) {
    tmpl::AlertmanagerEnv env;
    env.now = now;
    funcs_ = tmpl::alertmanager_functions(env, data_);
    options_.missing_key = tmpl::MissingKey::Zero;
    parse_.has_function = [this](std::string_view n) { return funcs_.find(n) != funcs_.end(); };
    for (const model::AmTemplateFile& f : config.template_files) {
      uint16_t src = set_.add_source(f.name, f.content);
      if (auto err = tmpl::parse(set_, src, f.name, parse_)) {
        files_error_ = fmt::format("template file '{}' does not parse: {}", f.name,
                                   tmpl::go_error_text(set_, *err));
      }
    }
  }

  // The rendering, or "error: ..." in its place.
  std::string render(const std::string& text) {
    if (!files_error_.empty()) return "error: " + files_error_;
    std::string name = fmt::format("__field_{}", count_++);
    uint16_t src = set_.add_source(name, text);
    if (auto err = tmpl::parse(set_, src, name, parse_)) {
      return "error: " + tmpl::go_error_text(set_, *err);
    }
    tmpl::ExecResult r = tmpl::execute(set_, name, data_, funcs_, options_);
    if (r.error) return "error: " + tmpl::go_error_text(set_, *r.error);
    return r.output;
  }

 private:
  tmpl::Set set_;
  const tmpl::Value& data_;
  tmpl::FuncMap funcs_;
  tmpl::ExecOptions options_;
  tmpl::ParseOptions parse_;
  std::string files_error_;
  size_t count_ = 0;
};

void field_line(std::string& out, std::string_view name, const std::string& value) {
  if (value.find('\n') == std::string::npos) {
    out += fmt::format("    {}: {}\n", name, value);
  } else {
    out += fmt::format("    {}:\n{}", name, indent(value, "      "));
  }
}

void render_value(std::string& out, const std::string& name, const model::AmValue& v,
                  Renderer& renderer) {
  switch (v.kind) {
    case model::AmValue::Kind::Scalar: field_line(out, name, renderer.render(v.scalar)); return;
    case model::AmValue::Kind::Mapping:
      for (const model::AmValueEntry& e : v.entries) {
        render_value(out, fmt::format("{}.{}", name, e.key.value), e.value, renderer);
      }
      return;
    case model::AmValue::Kind::Sequence:
      for (size_t i = 0; i < v.items.size(); ++i) {
        render_value(out, fmt::format("{}[{}]", name, i), v.items[i], renderer);
      }
      return;
    case model::AmValue::Kind::Null: return;
  }
}

bool has_action(const model::AmValue& v) {
  if (v.kind == model::AmValue::Kind::Scalar) return v.scalar.find("{{") != std::string::npos;
  for (const model::AmValue& i : v.items) {
    if (has_action(i)) return true;
  }
  for (const model::AmValueEntry& e : v.entries) {
    if (has_action(e.value)) return true;
  }
  return false;
}

void render_integration(std::string& out, const model::AmIntegration& integration, size_t index,
                        const nlohmann::ordered_json& payload, Renderer& renderer) {
  out += fmt::format("  {}_configs[{}]\n", integration.kind, index);
  if (integration.kind == "webhook") {
    field_line(out, "payload", payload.dump());
    return;
  }
  const IntegrationFields* table = fields_of(integration.kind);
  std::vector<std::string_view> shown;
  if (table != nullptr) {
    for (const MessageField& f : table->fields) {
      shown.push_back(f.setting);
      if (const model::AmSetting* s = integration.get(f.setting)) {
        render_value(out, std::string(f.setting), s->content, renderer);
      } else if (!f.default_template.empty()) {
        out += fmt::format("    {}: (Alertmanager's built-in template \"{}\")\n", f.setting,
                           f.default_template);
      }
    }
  }
  // Any other setting written as a template (a Slack field, an OpsGenie tag, ...).
  for (const model::AmSetting& s : integration.settings) {
    if (std::find(shown.begin(), shown.end(), s.name.value) != shown.end()) continue;
    if (has_action(s.content)) render_value(out, s.name.value, s.content, renderer);
  }
}

}  // namespace

std::string render_notifications(const model::AlertmanagerConfig& config,
                                 const std::vector<const routing::RouteNode*>& matched,
                                 const RenderAlert& alert,
                                 const NotificationRenderOptions& options) {
  std::string out;
  for (const routing::RouteNode* node : matched) {
    nlohmann::ordered_json payload = notification(*node, alert, options);
    tmpl::Value data = tmpl::alertmanager_data(nlohmann::json::parse(payload.dump()));
    Renderer renderer(config, data, options.now);
    const model::AmReceiver* receiver = config.find_receiver(node->options.receiver);
    out += fmt::format("{} (route {}, group {})\n", node->options.receiver, node->key(),
                       payload["groupKey"].get<std::string>().substr(node->key().size() + 1));
    if (receiver == nullptr || receiver->integrations.empty()) {
      out += "  (no integrations: nothing is sent)\n";
      continue;
    }
    std::map<std::string, size_t> per_kind;
    for (const model::AmIntegration& integration : receiver->integrations) {
      render_integration(out, integration, per_kind[integration.kind]++, payload, renderer);
    }
  }
  return out;
}

}  // namespace mzr::driver
