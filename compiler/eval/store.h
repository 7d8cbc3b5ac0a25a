#pragma once
// The in-memory series store the engine reads: one entry per label set (interned: a label set is
// stored once, and series refer to it), each with its samples in time order. A sample is a
// float, a staleness marker (Prometheus' special NaN) or a native histogram.

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/eval/histogram.h"
#include "compiler/eval/labels.h"

namespace mzr::eval {

// Prometheus' staleness marker: a NaN with a payload of its own (value.StaleNaN).
double stale_nan();
bool is_stale(double v);

struct Sample {
  int64_t t = 0;  // milliseconds since the epoch
  double f = 0;
  const Histogram* h = nullptr;  // owned by the store; null for a float (or stale marker)
};

struct Series {
  const Labels* labels = nullptr;  // interned, owned by the store
  std::vector<Sample> samples;     // strictly increasing timestamps
};

class Store {
 public:
  // Adds a float sample (or a staleness marker); a sample at a time already present replaces it.
  void add(const Labels& labels, int64_t t, double v);
  void add_histogram(const Labels& labels, int64_t t, Histogram h);
  void clear();

  const std::vector<Series>& series() const { return series_; }
  size_t sample_count() const;

 private:
  Series& series_for(const Labels& labels);
  void insert(Series& s, Sample sample);

  std::deque<Labels> label_sets_;                  // stable addresses
  std::unordered_map<std::string, size_t> index_;  // signature → position in series_
  std::vector<Series> series_;
  std::deque<Histogram> histograms_;
};

}  // namespace mzr::eval
