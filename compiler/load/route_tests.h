#pragma once
// Route test files: YAML with a top-level `route_tests` list (docs/route-tests.md).
//
//   route_tests:
//     - name: critical adapter alerts page        # optional
//       alert: EnvdNotAcceptingConnections         # optional: the rule's labels + alertname
//       labels: {namespace: prod}                  # added to, and overriding, the rule's
//       at: 2024-12-25T10:00:00Z                   # optional: leave out muted routes
//       inhibited_by: [{severity: critical}]       # optional: must be inhibited by these
//       not_inhibited_by: [{severity: info}]       # optional: must not be inhibited by these
//       receivers: [pagerduty-adapter, slack-oncall]

#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/load/yaml.h"
#include "compiler/model/route_test.h"

namespace mzr {

std::vector<model::RouteTest> load_route_tests(const yaml::Stream& stream, Diagnostics& diags);

}  // namespace mzr
