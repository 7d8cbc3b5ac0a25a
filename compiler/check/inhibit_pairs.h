#pragma once
// Whether an inhibit rule can ever mute one of the repository's alerts: some alert its source
// matchers match and some alert its target matchers match must agree on every 'equal' label
// (a missing label is the empty string), and must not be excluded by Alertmanager's rule that
// an alert matching both sides is not muted by a source that matches both sides too.

#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/check/routing_analysis.h"
#include "compiler/routing/inhibit.h"

namespace mzr {

// Reports W1310 when no (source, target) pair of `sources` x `targets` can satisfy `rule`.
void check_inhibit_pairs(const routing::InhibitRule& rule,
                         const std::vector<const AlertLabels*>& sources,
                         const std::vector<const AlertLabels*>& targets, Diagnostics& diags);

}  // namespace mzr
