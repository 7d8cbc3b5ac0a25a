#pragma once
// Helpers shared by histogram.cpp and histogram_kahan.cpp (Prometheus' model/histogram helpers).

#include <cstdint>
#include <vector>

#include "compiler/eval/histogram.h"

namespace mzr::eval::histogram_detail {

// The upper bound of exponential bucket `index` (Prometheus' getBound).
double bound(int32_t index, int32_t schema);
// The index bucket `idx` of schema `from` falls into at the lower schema `to` (targetIdx).
int32_t target_index(int32_t idx, int32_t from, int32_t to);
// The counter-reset hint of a sum (adjustCounterReset); `collision` when one says reset and the
// other not.
CounterResetHint adjust_hint(CounterResetHint a, CounterResetHint b, bool& collision);
// The custom bounds both sorted lists hold (intersectCustomBucketBounds).
std::vector<double> intersect(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace mzr::eval::histogram_detail
