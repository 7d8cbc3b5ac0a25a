#include "compiler/check/alertmanager_checks.h"

namespace mzr {

void check_alertmanager_config(const model::AlertmanagerConfig& config, Diagnostics& diags) {
  check_alertmanager_integrations(config, diags);
  check_alertmanager_references(config, diags);
}

}  // namespace mzr
