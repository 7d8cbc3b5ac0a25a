#pragma once
// Reads alertmanager.yml into the Alertmanager model, decoding it with the rules of Alertmanager's
// own loader (config/config.go and the integration configs): unknown fields, value shapes,
// matchers, regexes, group_by, intervals, URLs, literal secrets. What the configuration as a
// whole must satisfy (the root route, names that routes refer to, what each integration
// requires) is checked on the model by check/alertmanager_checks.h, whichever format it came
// from. Where Alertmanager stops at the first error, every problem is reported, each at its YAML
// position.

#include <optional>

#include "compiler/base/diagnostics.h"
#include "compiler/load/yaml.h"
#include "compiler/model/alertmanager.h"
#include "compiler/model/alertmanager_versions.h"
#include "compiler/model/settings.h"
#include "compiler/routing/matcher_parse.h"

namespace mzr {

struct AlertmanagerLoadOptions {
  // Alertmanager's --enable-feature matcher mode; the default is its default.
  routing::MatcherMode matcher_mode = routing::MatcherMode::Fallback;
  // A repository's own configuration: a literal secret is an error (AmSecretInSource), not a
  // warning, and so are credentials inside 'http_config'.
  bool secrets_by_reference = false;
  // With secrets_by_reference: the deployment replaces placeholders in secret fields
  // ('secrets.inline: substituted'), so a placeholder is a warning (AmSecretPlaceholder) and is
  // kept; any other value stays an error.
  bool secrets_substituted = false;
  // The release the configuration is for (versions.alertmanager); unset, every key is accepted.
  std::optional<model::AmVersion> version;
};

// The options for the repository's own configuration, from its settings.
AlertmanagerLoadOptions repository_alertmanager_options(const model::Settings& settings);

// The first document of `stream` as an Alertmanager configuration.
model::AlertmanagerConfig load_alertmanager_config(const yaml::Stream& stream, SourceId file,
                                                   Diagnostics& diags,
                                                   const AlertmanagerLoadOptions& options = {});

// The same for a configuration given as a value tree in alertmanager.yml's shape (the DSL's
// blocks lowered), read in place by the same decoder through yaml::NodeRef: no YAML is built,
// and every diagnostic is placed at the position the tree carries.
model::AlertmanagerConfig load_alertmanager_document(const model::AmValue& root, SourceId file,
                                                     Diagnostics& diags,
                                                     const AlertmanagerLoadOptions& options = {});

// One routing tree (the value of 'route') with the per-node checks only: no root-route
// constraints and no reference checks. For route snippets (tests, the DSL).
model::AmRoute load_alertmanager_route(const yaml::Node* route, Diagnostics& diags,
                                       const AlertmanagerLoadOptions& options = {});

}  // namespace mzr
