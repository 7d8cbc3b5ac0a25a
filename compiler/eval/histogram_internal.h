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

// addCustomBucketsWithMismatches' mapping: calls add(i, to) for each custom bucket i of `h`, `to`
// being the bucket of `bounds` (a subset of h's bounds) it falls in, or `overflow` beyond the
// last of them.
template <class Add>
void for_each_custom_target(const Histogram& h, const std::vector<double>& bounds, size_t overflow,
                            Add add) {
  size_t k = 0;
  for (size_t i = 0; i < h.positive.size(); ++i) {
    auto src = static_cast<size_t>(h.positive_offset) + i;
    size_t to = overflow;
    if (src < h.custom_bounds.size()) {
      while (k < bounds.size()) {
        if (bounds[k] >= h.custom_bounds[src]) {
          to = k;
          break;
        }
        ++k;
      }
    }
    add(i, to);
  }
}

}  // namespace mzr::eval::histogram_detail
