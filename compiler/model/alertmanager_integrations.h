#pragma once
// What each Alertmanager integration ('<kind>_configs' in a receiver) accepts: its settings and
// which of them hold secrets. The settings follow Alertmanager's configuration reference
// (v0.34); nested mappings (http_config, tls_config, sigv4, ...) are listed by their key only.

#include <string_view>
#include <vector>

namespace mzr::model {

struct IntegrationKind {
  std::string_view kind;  // "slack"
  std::string_view key;   // "slack_configs"
  std::vector<std::string_view> settings;
  std::vector<std::string_view> secrets;  // settings whose literal value is a credential
};

const std::vector<IntegrationKind>& integration_kinds();
const IntegrationKind* find_integration_by_key(std::string_view key);

// Settings of the 'global' section, and which of them hold secrets.
const std::vector<std::string_view>& global_settings();
const std::vector<std::string_view>& global_secrets();

// Keys inside an 'http_config' (at any depth) whose literal value is a credential.
bool is_http_secret_key(std::string_view key);

}  // namespace mzr::model
