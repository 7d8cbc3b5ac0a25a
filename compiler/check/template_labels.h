#pragma once
// The label names an alert's Go templates read from $labels: `$labels.x`, `.Labels.x` and
// `index $labels "x"`. Not a template parser: enough for the forms alert templates use.

#include <string>
#include <vector>

namespace mzr {

std::vector<std::string> labels_read(const std::string& tmpl);

}  // namespace mzr
