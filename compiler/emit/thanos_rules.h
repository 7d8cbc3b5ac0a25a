#pragma once
// Thanos Ruler rule files: one file per rule set, in Prometheus' rule file format with Thanos'
// partial_response_strategy on groups.

#include <vector>

#include "compiler/base/source.h"
#include "compiler/emit/output.h"
#include "compiler/model/rules.h"

namespace mzr::emit {

// Adds `thanos/rules/<name>.yaml` for each rule set. `root` is the project root the source
// paths are made relative to, so output names do not depend on where mzrules runs.
void emit_thanos_rules(const std::vector<model::RuleSet>& sets, const SourceManager& sm,
                       const std::string& root, OutputSet& out);

}  // namespace mzr::emit
