#pragma once
// What 'mzrules routes' needs of the repository: its routing configuration. Errors elsewhere (a
// broken dashboard, a rule's query, a test file) do not change which receivers an alert reaches,
// so they do not stop the answer; errors in a file the configuration is read from, in the
// settings, or a .mzr file that did not parse (its routing blocks may be missing) do.

#include <cstddef>

#include "compiler/driver/pipeline.h"
#include "compiler/model/alertmanager.h"

namespace mzr::driver {

struct RoutingErrors {
  size_t blocking = 0;   // errors that leave the routing configuration in doubt
  size_t elsewhere = 0;  // errors that do not
};

RoutingErrors classify_routing_errors(const Compilation& c,
                                      const model::AlertmanagerConfig& config);

}  // namespace mzr::driver
