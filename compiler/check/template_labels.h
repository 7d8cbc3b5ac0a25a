#pragma once
// The label names an alert's Go templates read from $labels: `$labels.x`, `.Labels.x` and
// `index $labels "x"`. Not a template parser: enough for the forms alert templates use.

#include <functional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/model/rules.h"

namespace mzr {

std::vector<std::string> labels_read(const std::string& tmpl);

// Reports each `$labels.x` in the labels and annotations of alert `r` (of group `g`) that its
// series can never carry: `may_have` says which labels they may carry, `series_labels` lists them
// for the note. Only for closed label sets; the caller decides that.
void check_template_labels(const model::RuleGroup& g, const model::Rule& r,
                           const std::function<bool(const std::string&)>& may_have,
                           const std::string& series_labels, Diagnostics& diags);

}  // namespace mzr
