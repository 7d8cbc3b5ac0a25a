#pragma once
// Floats written as Prometheus writes them: sample values as Go's strconv.FormatFloat(f, 'f', -1,
// 64) (the HTTP API, promtool, count_values), and numbers in messages as Go's %g.

#include <string>

namespace mzr::eval {

std::string format_value(double v);
std::string format_g(double v);

// Prometheus' label name rule (UTF-8 names are valid in Prometheus 3: any non-empty valid UTF-8).
bool is_valid_label_name(const std::string& name);

}  // namespace mzr::eval
