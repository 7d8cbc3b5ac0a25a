#pragma once
// What each Alertmanager integration ('<kind>_configs' in a receiver) accepts: its settings. The
// settings follow Alertmanager's configuration reference (v0.34); nested mappings (http_config,
// tls_config, sigv4, ...) are listed by their key only. Which of them hold secrets is in
// alertmanager_secrets.h.

#include <string_view>
#include <vector>

namespace mzr::model {

struct IntegrationKind {
  std::string_view kind;  // "slack"
  std::string_view key;   // "slack_configs"
  std::vector<std::string_view> settings;
};

const std::vector<IntegrationKind>& integration_kinds();
const IntegrationKind* find_integration_by_key(std::string_view key);

// Settings of the 'global' section.
const std::vector<std::string_view>& global_settings();

}  // namespace mzr::model
