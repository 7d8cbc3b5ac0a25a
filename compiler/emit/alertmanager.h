#pragma once
// Alertmanager output: `alertmanager/alertmanager.yml` (the repository's routing configuration
// in canonical form), its notification templates under `alertmanager/templates/`, and
// the `alertmanager` part of the umbrella chart's values (chart_values.h): the alertmanager
// subchart (prometheus-community/alertmanager: `config`, `templates`, `extraSecretMounts`). Secrets
// are only ever file references; a literal secret setting is never written.

#include "compiler/emit/output.h"
#include "compiler/model/alertmanager.h"

namespace mzr::emit {

void emit_alertmanager(const model::AlertmanagerConfig& config, OutputSet& out);

// The configuration as alertmanager.yml text (without the header comment).
std::string alertmanager_yaml(const model::AlertmanagerConfig& config);

}  // namespace mzr::emit
