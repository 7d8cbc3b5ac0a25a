#pragma once
// Prometheus' series descriptions: the `metric{labels} values...` notation of the `load` lines of
// promqltest scripts and of `input_series` in rule unit test files. Values are whitespace-separated
// items that expand into one value per step:
//   1  -2.5  1e3  Inf  NaN     a number
//   _        _xN               no sample (one step; N steps)
//   stale                      a staleness marker
//   axN                        N+1 copies of a
//   a+bxN  a-bxN               N+1 values a, a+b, ..., a+N*b (added step by step, as Prometheus
//   does)
//   {{...}}  {{...}}xN  {{...}}+{{...}}xN  {{...}}-{{...}}xN   native histograms, likewise
// The grammar follows Prometheus' lexer and parser (promql/parser) for this notation, whitespace
// rules included.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mzr::syntax {

// A native histogram as written between {{ and }}; fields left out keep these defaults.
struct SeriesHistogram {
  int64_t schema = 0;
  double sum = 0;
  double count = 0;
  double zero_count = 0;      // z_bucket
  double zero_threshold = 0;  // z_bucket_w
  std::vector<double> buckets;
  int64_t offset = 0;
  std::vector<double> negative_buckets;
  int64_t negative_offset = 0;
  std::string counter_reset_hint = "unknown";  // unknown, reset, not_reset or gauge
  std::vector<double> custom_values;           // schema -53: the buckets' upper bounds

  bool operator==(const SeriesHistogram&) const = default;
};

struct SeriesValue {
  enum class Kind { Omitted, Stale, Float, Histogram };
  Kind kind = Kind::Omitted;
  double value = 0;  // Kind::Float
  // Kind::Histogram: the value is `histogram`, plus `steps` times `delta` (minus when
  // `subtract`) when there is one. Combining histograms of different bucket layouts is left to
  // whoever evaluates the series.
  SeriesHistogram histogram;
  std::optional<SeriesHistogram> delta;
  bool subtract = false;
  uint64_t steps = 0;
};

struct SeriesDescription {
  // The labels, the metric name as __name__; empty for an empty description.
  std::map<std::string, std::string> labels;
  std::vector<SeriesValue> values;  // one per step
};

struct SeriesError {
  std::string message;
  uint32_t offset = 0;  // byte offset in the text
};

// Parses one series description. The empty text is valid (no labels, no values).
std::optional<SeriesDescription> parse_series_description(std::string_view text,
                                                          SeriesError* error = nullptr);

}  // namespace mzr::syntax
