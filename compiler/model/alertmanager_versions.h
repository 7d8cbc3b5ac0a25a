#pragma once
// Which Alertmanager release first accepts each key of its configuration, for
// 'versions.alertmanager' in mzrules.yaml: a key newer than the pinned release makes that
// Alertmanager refuse the whole file, so mzrules refuses it first (AmFieldTooNew). The table
// covers the releases from 0.20 to the one the chart deploys; keys every covered release accepts
// are not listed.

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace mzr::model {

struct AmVersion {
  int major = 0;
  int minor = 0;

  auto operator<=>(const AmVersion&) const = default;
  std::string str() const;  // "0.27"
};

// "0.27", "0.27.1", "v0.27.0" (the patch release does not change the configuration).
std::optional<AmVersion> parse_am_version(std::string_view text);

// The oldest and newest releases the table covers.
AmVersion oldest_am_version();
AmVersion newest_am_version();

// Scopes are the names of the Go types Alertmanager decodes into: "Config" (the top level),
// "GlobalConfig", "Route", "InhibitRule", "Receiver", "SlackConfig", "HTTPClientConfig",
// "TLSConfig", "timeinterval.TimeInterval", ...

// The first release that accepts `key` in `scope`; none when every covered release does (or the
// key is unknown, which the decoder reports on its own).
std::optional<AmVersion> am_key_since(std::string_view scope, std::string_view key);

// The scope of the value under `key` in `scope` ("HTTPClientConfig" for 'http_config' in
// "SlackConfig"; for a list, of each item), or empty when it is not one the table describes.
std::string_view am_child_scope(std::string_view scope, std::string_view key);

}  // namespace mzr::model
