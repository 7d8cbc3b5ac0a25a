#pragma once
// Native histograms as the engine computes with them: float counts, exponential buckets (schema
// -4..8) or custom buckets (schema -53) with their upper bounds.

#include <cstdint>
#include <string>
#include <vector>

namespace mzr::eval {

enum class CounterResetHint : uint8_t { Unknown, Reset, NotReset, Gauge };

struct Histogram {
  int32_t schema = 0;
  double zero_threshold = 0;
  double zero_count = 0;
  double count = 0;
  double sum = 0;
  // Buckets by index: positive[i] is bucket positive_offset + i (spans already expanded).
  int32_t positive_offset = 0;
  std::vector<double> positive;
  int32_t negative_offset = 0;
  std::vector<double> negative;
  std::vector<double> custom_bounds;  // schema -53: upper bounds of the buckets
  CounterResetHint hint = CounterResetHint::Unknown;

  bool custom() const { return schema == -53; }
  friend bool operator==(const Histogram&, const Histogram&) = default;
};

// Prometheus' text form of a histogram in test expectations: {{schema:0 count:3 sum:2 ...}}.
std::string to_string(const Histogram& h);

}  // namespace mzr::eval
