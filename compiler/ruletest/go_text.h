#pragma once
// The few Go formats promtool's messages use: a label set as Prometheus prints one
// (labels.Labels.String), a float as strconv.FormatFloat(v, 'E', -1, 64), and durations as
// time.Duration.String and Prometheus' model.Duration.String.

#include <cstdint>
#include <string>

#include "compiler/eval/labels.h"

namespace mzr::ruletest {

// {__name__="up", job="api"}: values quoted as Go does, names quoted when not legacy names.
std::string labels_text(const eval::Labels& labels);

// 1E+00, 2.5E-01, NaN, +Inf.
std::string float_e(double v);

// 1m30s, 0s, 1h0m0s.
std::string go_duration(int64_t ms);

// 1m30s, 0s, 1h (Prometheus' shortest form).
std::string prom_duration(int64_t ms);

}  // namespace mzr::ruletest
