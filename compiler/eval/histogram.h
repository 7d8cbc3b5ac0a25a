#pragma once
// Native histograms as the engine computes with them: float counts, exponential buckets (schema
// -4..8) or custom buckets (schema -53) with their upper bounds.

#include <cstdint>
#include <optional>
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

// The notation of promqltest expectations: {{schema:0 count:3 sum:2 ...}}.
std::string to_string(const Histogram& h);

// One bucket with its bounds, in Prometheus' order: negative buckets from the lowest, the zero
// bucket, positive buckets.
struct BucketBounds {
  double lower = 0;
  double upper = 0;
  bool lower_inclusive = false;
  bool upper_inclusive = true;
  double count = 0;
};
std::vector<BucketBounds> buckets(const Histogram& h);

// a + sign * b, at the coarser schema of the two; nullopt when they cannot be combined
// (exponential with custom buckets, or custom buckets with different bounds).
std::optional<Histogram> combine(const Histogram& a, const Histogram& b, double sign);
// Every count and the sum multiplied by k (divided when `divide`).
Histogram scale(const Histogram& h, double k, bool divide);

// Prometheus' FloatHistogram.String(), what promtool prints and count_values uses as a label:
// {count:20, sum:10, [-2,-1):2, [-0.001,0.001]:2, (1,2]:2}.
std::string prometheus_string(const Histogram& h);

}  // namespace mzr::eval
