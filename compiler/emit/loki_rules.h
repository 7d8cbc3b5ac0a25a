#pragma once
// Loki ruler output. For each tenant and each source with Loki rule groups (the Loki groups of a
// .mzr file, a rule file under the settings' `loki_rules`), a rule file
// `loki/rules/<tenant>/<namespace>.yaml`, laid out as the ruler's local rule storage reads it
// (`<directory>/<tenant>/<file>`; the file name is the rule namespace). And the `loki` part of
// the umbrella chart's values (chart_values.h): the same files under
// `loki.ruler.directories.<tenant>`, and `loki.loki.rulerConfig` with local rule storage (also as
// `ruler_storage`, which Loki reads instead with use_thanos_objstore), the Alertmanager URL and,
// when there are recording rules, remote write of the recorded series to Thanos.
//
// The Loki chart writes `ruler.directories` into its ConfigMaps with toYaml, not tpl, so alert
// templates such as {{ $labels.pod }} stay as they are (unlike the Thanos values).

#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/emit/output.h"
#include "compiler/model/rules.h"
#include "compiler/model/stack.h"

namespace mzr::emit {

// PromQL rule sets are not Loki's and are skipped. `root` is the project root the source paths
// are made relative to.
void emit_loki(const std::vector<model::RuleSet>& sets, const model::Stack& stack,
               const SourceManager& sm, const std::string& root, OutputSet& out);

}  // namespace mzr::emit
