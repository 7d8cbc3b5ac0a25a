#include "compiler/eval/store.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace mzr::eval {

namespace {
constexpr uint64_t kStaleBits = 0x7ff0000000000002ULL;
}

double stale_nan() {
  return std::bit_cast<double>(kStaleBits);
}
bool is_stale(double v) {
  return std::bit_cast<uint64_t>(v) == kStaleBits;
}

Series& Store::series_for(const Labels& labels) {
  std::string sig = signature(labels);
  auto it = index_.find(sig);
  if (it != index_.end()) return series_[it->second];
  label_sets_.push_back(labels);
  index_.emplace(std::move(sig), series_.size());
  series_.push_back(Series{&label_sets_.back(), {}});
  return series_.back();
}

void Store::insert(Series& s, Sample sample) {
  auto& v = s.samples;
  if (v.empty() || v.back().t < sample.t) {
    v.push_back(sample);
    return;
  }
  auto it = std::lower_bound(v.begin(), v.end(), sample.t,
                             [](const Sample& a, int64_t t) { return a.t < t; });
  if (it != v.end() && it->t == sample.t) {
    *it = sample;
  } else {
    v.insert(it, sample);
  }
}

void Store::add(const Labels& labels, int64_t t, double v) {
  insert(series_for(labels), Sample{t, v, nullptr});
}

namespace {
// The counter-reset hint a histogram appended after `prev` (null when the previous sample is
// not a histogram) has when Prometheus' TSDB reads it back: gauges stay gauges; a histogram
// that starts a chunk is "unknown" (the chunk's own reset header is not trusted on reading,
// prometheus/prometheus#15346); a chunk starts at the first histogram, after a gauge, at a
// counter reset (explicit or detected) and at a change of schema, zero threshold or custom
// bounds. Every other histogram continues its chunk: "not a reset".
CounterResetHint stored_hint(const Histogram& h, const Histogram* prev) {
  using H = CounterResetHint;
  if (h.hint == H::Gauge) return H::Gauge;
  if (h.hint == H::Reset || prev == nullptr || prev->hint == H::Gauge) return H::Unknown;
  if (h.count < prev->count || h.schema != prev->schema ||
      h.zero_threshold != prev->zero_threshold ||
      (h.custom() && h.custom_bounds != prev->custom_bounds)) {
    return H::Unknown;
  }
  Histogram unhinted = h;
  unhinted.hint = H::Unknown;
  return detect_reset(unhinted, *prev) ? H::Unknown : H::NotReset;
}
}  // namespace

void Store::add_histogram(const Labels& labels, int64_t t, Histogram h) {
  Series& s = series_for(labels);
  const Histogram* prev = nullptr;
  if (!s.samples.empty() && s.samples.back().t < t) prev = s.samples.back().h;
  h.hint = stored_hint(h, prev);
  histograms_.push_back(std::move(h));
  insert(s, Sample{t, 0, &histograms_.back()});
}

void Store::clear() {
  series_.clear();
  index_.clear();
  label_sets_.clear();
  histograms_.clear();
}

size_t Store::sample_count() const {
  size_t n = 0;
  for (const Series& s : series_) n += s.samples.size();
  return n;
}

}  // namespace mzr::eval
