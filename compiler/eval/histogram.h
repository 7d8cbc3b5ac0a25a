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

// The outcome of adding or subtracting two histograms (Prometheus' FloatHistogram.Add and Sub):
// nullopt when one has exponential and the other custom buckets. Custom buckets with different
// bounds are added on the bounds both have (`bounds_reconciled`); `collision` says one was
// marked as a counter reset and the other as not one.
struct Combined {
  std::optional<Histogram> h;
  bool bounds_reconciled = false;
  bool collision = false;
};
// a + sign * b, at the coarser schema of the two, with the wider zero bucket.
Combined add(const Histogram& a, const Histogram& b, double sign);
// Prometheus' FloatHistogram.KahanAdd: `h` gains `other`, every count and the sum added with
// Kahan (Neumaier) compensation, the compensation terms kept in `c` (made on the first call, with
// h's bucket layout). What remains is h plus c: add(h, *c, 1). `ok` is false, and h unchanged,
// when one has exponential and the other custom buckets.
struct KahanAdded {
  bool ok = false;
  bool bounds_reconciled = false;
  bool collision = false;
};
KahanAdded kahan_add(Histogram& h, std::optional<Histogram>& c, const Histogram& other);
// add(...).h, for callers that do not report the annotations.
std::optional<Histogram> combine(const Histogram& a, const Histogram& b, double sign);
// Every count and the sum multiplied by k (divided when `divide`); a negative k makes it a
// gauge, dividing by zero drops the buckets.
Histogram scale(const Histogram& h, double k, bool divide);
// The same histogram at a lower (coarser) exponential schema.
Histogram to_schema(const Histogram& h, int32_t schema);
// Prometheus' FloatHistogram.DetectReset: whether `curr` follows `prev` with a counter reset.
bool detect_reset(const Histogram& curr, const Histogram& prev);
// Prometheus' FloatHistogram.TrimBuckets: the observations above `rhs` removed (`upper`, the
// operator '</'), or those below it ('>/'); buckets cut by rhs keep their interpolated share,
// and the sum is estimated from the buckets' midpoints.
Histogram trim(const Histogram& h, double rhs, bool upper);
// Prometheus' FloatHistogram.Copy: a copy of custom buckets has no zero bucket (a zero count
// made NaN by 0/0 does not survive it).
Histogram copy_of(const Histogram& h);
// Prometheus' FloatHistogram.HasOverflow: a count, the sum or a custom bound is infinite.
bool has_overflow(const Histogram& h);
// Drops the empty buckets at both ends of the positive and negative buckets.
void compact(Histogram& h);

// Prometheus' FloatHistogram.String(), what promtool prints and count_values uses as a label:
// {count:20, sum:10, [-2,-1):2, [-0.001,0.001]:2, (1,2]:2}.
std::string prometheus_string(const Histogram& h);

}  // namespace mzr::eval
