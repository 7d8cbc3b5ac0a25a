#pragma once
// Kahan summation with Neumaier's improvement, as Prometheus sums (its util/kahansum.Inc): `sum`
// gains `inc`, and `c` the rounding error of that addition; an infinite sum clears `c`.

#include <cmath>

namespace mzr::eval {

inline void kahan_inc(double inc, double& sum, double& c) {
  double t = sum + inc;
  if (std::isinf(t)) {
    c = 0;
  } else if (std::fabs(sum) >= std::fabs(inc)) {
    c += (sum - t) + inc;
  } else {
    c += (inc - t) + sum;
  }
  sum = t;
}

}  // namespace mzr::eval
