// PromQL's counter and gauge range functions: rate, increase, delta (extrapolated, anchored and
// smoothed), irate, idelta, resets, changes.

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <numbers>
#include <optional>
#include <string_view>

#include "compiler/base/go_quote.h"
#include "compiler/eval/format.h"
#include "compiler/eval/functions_internal.h"

namespace mzr::eval::detail {

using namespace promql;

namespace {

// ---- range vector functions --------------------------------------------------------------------

bool counter_like(std::string_view name) {
  for (std::string_view suffix : {"_total", "_sum", "_count", "_bucket"}) {
    if (name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix) {
      return true;
    }
  }
  return false;
}

// Prometheus' info for rate() and increase() over a metric whose name does not say counter,
// given when the function returns a value for it.
void not_a_counter_info(Ctx& c, const RangeElem& r) {
  std::string_view name = get(r.labels, kMetricName);
  if (name.empty() || counter_like(name)) return;
  c.ev.info(c.arg_span(0),
            "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: " +
                go_quote(name));
}

std::string metric_name(const RangeElem& r) {
  return go_quote(get(r.labels, kMetricName));
}

void mixed_warning(Ctx& c, const RangeElem& r) {
  c.ev.warn(c.arg_span(0),
            "encountered a mix of histograms and floats for metric name " + metric_name(r));
}

void split_points(const RangeElem& r, std::vector<Point>& floats, std::vector<Point>& hists) {
  for (const Point& p : r.points) (p.h != nullptr ? hists : floats).push_back(p);
}

// Prometheus' histogramRate: the last histogram minus the first, with the counter resets in
// between added back (for a counter), at the coarsest schema of the range.
std::optional<Histogram> histogram_rate(Ctx& c, const RangeElem& r, const std::vector<Point>& s,
                                        bool counter) {
  using H = CounterResetHint;
  Span span = c.arg_span(0);
  const Histogram* prev = s.front().h;
  const Histogram* last = s.back().h;
  Histogram empty;
  if (counter && (prev->hint == H::Gauge || last->hint == H::Gauge)) {
    c.ev.warn(span, "this native histogram metric is not a counter: " + metric_name(r));
  }
  if (counter && detect_reset(*s[1].h, *prev)) {
    empty.schema = s[1].h->schema;
    empty.custom_bounds = s[1].h->custom_bounds;
    prev = &empty;
  }
  auto mixed_schemas = [&] {
    c.ev.warn(span,
              "vector contains a mix of histograms with exponential and custom buckets schemas "
              "for metric name " +
                  metric_name(r));
    return std::nullopt;
  };
  if (last->custom() != prev->custom()) return mixed_schemas();
  int32_t min_schema = std::min(last->schema, prev->schema);
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (!counter) continue;
    if (s[i].h->hint == H::Gauge) {
      c.ev.warn(span, "this native histogram metric is not a counter: " + metric_name(r));
    }
    min_schema = std::min(min_schema, s[i].h->schema);
    if (s[i].h->custom() != prev->custom()) return mixed_schemas();
  }
  Combined d = add(to_schema(*last, min_schema), *prev, -1);
  if (!d.h) return mixed_schemas();
  if (d.bounds_reconciled) {
    c.ev.info(span, "mismatched custom buckets were reconciled during subtraction");
  }
  Histogram h = std::move(*d.h);
  if (counter) {
    const Histogram* p = prev;
    for (size_t i = 1; i < s.size(); ++i) {
      const Histogram* curr = s[i].h;
      if (detect_reset(*curr, *p)) {
        Combined a = add(h, *p, 1);
        if (!a.h) return mixed_schemas();
        if (a.bounds_reconciled) {
          c.ev.info(span, "mismatched custom buckets were reconciled during addition");
        }
        h = std::move(*a.h);
      }
      p = curr;
    }
  } else if (s.front().h->hint != H::Gauge || s.back().h->hint != H::Gauge) {
    c.ev.warn(span, "this native histogram metric is not a gauge: " + metric_name(r));
  }
  h.hint = H::Gauge;
  compact(h);
  return h;
}

double interpolate_counter(const Point& p1, const Point& p2, int64_t t, bool counter) {
  double y1 = p1.f, y2 = p2.f;
  if (counter && y2 < y1) y1 = 0;
  return y1 + (y2 - y1) * static_cast<double>(t - p1.t) / static_cast<double>(p2.t - p1.t);
}

std::string mixed_schemas_message(const RangeElem& r) {
  return "vector contains a mix of histograms with exponential and custom buckets schemas for "
         "metric name " +
         metric_name(r);
}

// Prometheus' correctForCounterResetsHistogram: the sum of the histograms before each counter
// reset between the boundaries `left` and `right` of an extended range; nullopt without a reset.
// `failed` when two of them cannot be added.
std::optional<Histogram> histogram_resets(Ctx& c, const std::vector<Point>& h, size_t first,
                                          size_t last, const Histogram& left,
                                          const Histogram& right, int64_t range_start,
                                          bool smoothed, bool& failed) {
  size_t from = first + 1;
  const Histogram* prev = &left;
  if (smoothed && h[first].t < range_start && detect_reset(*h[first + 1].h, *h[first].h)) {
    // The left boundary was interpolated across this reset already.
    prev = h[first + 1].h;
    ++from;
  }
  // h[last] is `right` (or what it was interpolated towards): its own reset is checked last.
  if (from > last) return std::nullopt;
  std::optional<Histogram> correction;
  auto add_correction = [&](const Histogram& x) {
    if (!correction) {
      correction = x;
      return true;
    }
    Combined d = add(*correction, x, 1);
    if (d.bounds_reconciled) {
      c.ev.info(c.arg_span(0), "mismatched custom buckets were reconciled during addition");
    }
    if (!d.h) return false;
    correction = std::move(*d.h);
    return true;
  };
  for (size_t i = from; i < last; ++i) {
    if (detect_reset(*h[i].h, *prev) && !add_correction(*prev)) {
      failed = true;
      return std::nullopt;
    }
    prev = h[i].h;
  }
  if (detect_reset(right, *prev) && !add_correction(*prev)) {
    failed = true;
    return std::nullopt;
  }
  return correction;
}

// Prometheus' extendedHistogramRate: rate, increase and delta of native histograms over an
// anchored or smoothed range.
void extended_histogram_rate(Ctx& c, const RangeElem& r, bool counter, bool rate) {
  using H = CounterResetHint;
  const Val& m = c.args[0];
  const std::vector<Point>& h = r.points;
  Span span = c.arg_span(0);
  int64_t rs = m.range_start, re = m.range_end;
  size_t last = h.size() - 1;
  size_t above = 0;
  while (above < last && !(h[above].t > rs)) ++above;
  size_t first = above > 0 ? above - 1 : 0;
  if (m.smoothed) {
    size_t i = 0;
    while (i < last && !(h[i].t >= re)) ++i;
    last = i;
  }
  if (h[last].t <= rs) return;
  if (m.smoothed && h[first].t > re) return;
  for (size_t i = first; i <= last; ++i) {
    if (h[i].h->custom() != h[first].h->custom()) {
      c.ev.warn(span, mixed_schemas_message(r));
      return;
    }
    if (counter && h[i].h->hint == H::Gauge) {
      c.ev.warn(span, "this native histogram metric is not a counter: " + metric_name(r));
    }
  }
  std::optional<Histogram> left = *h[first].h;
  if (m.smoothed && h[first].t < rs) {
    left = interpolate_histograms(c.ev, span, *h[first].h, h[first].t, *h[first + 1].h,
                                  h[first + 1].t, rs, counter);
  }
  if (!left) {
    c.ev.warn(span, mixed_schemas_message(r));
    return;
  }
  std::optional<Histogram> right = *h[last].h;
  if (m.smoothed && last > 0 && h[last].t > re) {
    right = interpolate_histograms(c.ev, span, *h[last - 1].h, h[last - 1].t, *h[last].h, h[last].t,
                                   re, counter);
  }
  if (!right) {
    c.ev.warn(span, mixed_schemas_message(r));
    return;
  }
  if (!counter && (left->hint != H::Gauge || right->hint != H::Gauge)) {
    c.ev.warn(span, "this native histogram metric is not a gauge: " + metric_name(r));
  }
  Combined d = add(*right, *left, -1);
  if (d.bounds_reconciled) {
    c.ev.info(span, "mismatched custom buckets were reconciled during subtraction");
  }
  if (!d.h) {
    c.ev.warn(span, mixed_schemas_message(r));
    return;
  }
  Histogram result = std::move(*d.h);
  if (counter) {
    bool failed = false;
    std::optional<Histogram> correction =
        histogram_resets(c, h, first, last, *left, *right, rs, m.smoothed, failed);
    if (failed) {
      c.ev.warn(span, mixed_schemas_message(r));
      return;
    }
    if (correction) {
      Combined a = add(result, *correction, 1);
      if (a.bounds_reconciled) {
        c.ev.info(span, "mismatched custom buckets were reconciled during addition");
      }
      if (!a.h) {
        c.ev.warn(span, mixed_schemas_message(r));
        return;
      }
      result = std::move(*a.h);
    }
  }
  if (rate) result = scale(result, static_cast<double>(re - rs) / 1000, true);
  result.hint = H::Gauge;
  compact(result);
  c.emit_histogram(r.labels, r.drop_name, c.ev.keep(std::move(result)));
}

// Prometheus' extendedRate: rate, increase and delta over an anchored or smoothed range.
void extended_rate(Ctx& c, const RangeElem& r, bool counter, bool rate) {
  const Val& m = c.args[0];
  std::vector<Point> buf;
  const std::vector<Point>& f = floats_of(r, buf);
  if (r.points.empty()) return;
  if (f.empty()) {
    extended_histogram_rate(c, r, counter, rate);
    return;
  }
  if (f.size() != r.points.size()) {
    mixed_warning(c, r);
    return;
  }
  int64_t rs = m.range_start, re = m.range_end;
  size_t last = f.size() - 1;
  size_t above = 0;
  while (above < last && !(f[above].t > rs)) ++above;
  size_t first = above > 0 ? above - 1 : 0;
  if (m.smoothed) {
    size_t i = 0;
    while (i < last && !(f[i].t >= re)) ++i;
    last = i;
  }
  if (f[last].t <= rs) return;
  if (m.smoothed && f[first].t > re) return;
  double left = f[first].f;
  if (f[first].t < rs && m.smoothed) {
    left = interpolate_counter(f[first], f[first + 1], rs, counter);
  }
  double right = f[last].f;
  if (f[last].t > re && last > 0) {
    right = m.smoothed ? interpolate_counter(f[last - 1], f[last], re, counter) : f[last - 1].f;
  }
  double result = right - left;
  if (counter) {
    size_t lo = f[first].t <= rs ? first + 1 : first;
    std::ptrdiff_t hi =
        f[last].t >= re ? static_cast<std::ptrdiff_t>(last) - 1 : static_cast<std::ptrdiff_t>(last);
    double correction = 0, prev = left;
    for (auto i = static_cast<std::ptrdiff_t>(lo); i <= hi; ++i) {
      double v = f[static_cast<size_t>(i)].f;
      if (v < prev) correction += prev;
      prev = v;
    }
    if (right < prev) correction += prev;
    result += correction;
  }
  if (rate) result /= static_cast<double>(re - rs) / 1000;
  if (counter) not_a_counter_info(c, r);
  c.emit(r.labels, r.drop_name, result);
}

// The first point changes() and resets() look at: for an anchored range, the last one at or
// before the range's start; nullopt when no point is after the start.
std::optional<size_t> first_index(const Val& m, const std::vector<Point>& s) {
  if (!m.anchored) return 0;
  size_t above = 0;
  while (above < s.size() && !(s[above].t > m.range_start)) ++above;
  if (above >= s.size()) return std::nullopt;
  return above > 0 ? above - 1 : 0;
}

void extrapolated_rate(Ctx& c, bool counter, bool rate) {
  const Val& m = c.args[0];
  if (m.anchored || m.smoothed) {
    for (const RangeElem& r : m.mat) extended_rate(c, r, counter, rate);
    return;
  }
  for (const RangeElem& r : m.mat) {
    std::vector<Point> s, hs;
    split_points(r, s, hs);
    if (!s.empty() && !hs.empty()) {
      mixed_warning(c, r);
      continue;
    }
    std::optional<Histogram> hist;
    if (!hs.empty()) {
      if (hs.size() < 2) continue;
      hist = histogram_rate(c, r, hs, counter);
      if (!hist) continue;
      s = std::move(hs);
    }
    if (s.size() < 2) continue;
    double result = hist ? 0 : s.back().f - s.front().f;
    if (counter && !hist) {
      double last = 0;
      for (const Point& p : s) {
        if (p.f < last) result += last;
        last = p.f;
      }
    }
    double to_start = static_cast<double>(s.front().t - m.range_start) / 1000;
    double to_end = static_cast<double>(m.range_end - s.back().t) / 1000;
    double sampled = static_cast<double>(s.back().t - s.front().t) / 1000;
    double avg = sampled / static_cast<double>(s.size() - 1);
    double threshold = avg * 1.1;
    double interval = sampled;
    if (to_start >= threshold) to_start = avg / 2;
    if (counter) {
      double to_zero = to_start;
      if (!hist && result > 0 && s.front().f >= 0) {
        to_zero = sampled * (s.front().f / result);
      } else if (hist && hist->count > 0 && s.front().h->count >= 0) {
        to_zero = sampled * (s.front().h->count / hist->count);
      }
      if (to_zero < to_start) to_start = to_zero;
    }
    interval += to_start;
    if (to_end >= threshold) to_end = avg / 2;
    interval += to_end;
    double factor = sampled != 0 ? interval / sampled : 1.0;
    if (rate) factor /= static_cast<double>(m.range_end - m.range_start) / 1000;
    if (hist) {
      Histogram h = scale(*hist, factor, false);
      h.hint = factor < 0 ? CounterResetHint::Gauge : hist->hint;
      c.emit_histogram(r.labels, r.drop_name, c.ev.keep(std::move(h)));
    } else {
      if (counter) not_a_counter_info(c, r);
      c.emit(r.labels, r.drop_name, result * factor);
    }
  }
}

void instant_value(Ctx& c, bool rate) {
  for (const RangeElem& r : c.args[0].mat) {
    if (r.points.size() < 2) continue;
    // The last two floats and the last two histograms, ordered by time: the last two points.
    std::vector<Point> fs, hs;
    split_points(r, fs, hs);
    std::vector<Point> ss;
    for (size_t i = fs.size() >= 2 ? fs.size() - 2 : 0; i < fs.size(); ++i) ss.push_back(fs[i]);
    for (size_t i = hs.size() >= 2 ? hs.size() - 2 : 0; i < hs.size(); ++i) {
      const Point& p = hs[i];
      if (ss.empty()) {
        ss.push_back(p);
      } else if (ss.size() == 1) {
        if (p.t < ss[0].t) {
          ss.insert(ss.begin(), p);
        } else {
          ss.push_back(p);
        }
      } else if (p.t < ss[0].t) {
      } else if (p.t > ss[1].t) {
        ss[0] = ss[1];
        ss[1] = p;
      } else {
        ss[0] = p;
      }
    }
    const Point& prev = ss[0];
    const Point& last = ss[1];
    int64_t dt = last.t - prev.t;
    if (dt == 0) continue;
    if (prev.h == nullptr && last.h == nullptr) {
      double v = last.f;
      if (!rate || !(last.f < prev.f)) v = last.f - prev.f;
      if (rate) v /= static_cast<double>(dt) / 1000;
      c.emit(r.labels, r.drop_name, v);
      continue;
    }
    if (prev.h == nullptr || last.h == nullptr) {
      mixed_warning(c, r);
      continue;
    }
    using H = CounterResetHint;
    Span span = c.arg_span(0);
    if (rate && (last.h->hint == H::Gauge || prev.h->hint == H::Gauge)) {
      c.ev.warn(span, "this native histogram metric is not a counter: " + metric_name(r));
    }
    if (!rate && (last.h->hint != H::Gauge || prev.h->hint != H::Gauge)) {
      c.ev.warn(span, "this native histogram metric is not a gauge: " + metric_name(r));
    }
    Histogram h = *last.h;
    if (!rate || !detect_reset(*last.h, *prev.h)) {
      Combined d = add(*last.h, *prev.h, -1);
      if (!d.h) {
        c.ev.warn(span,
                  "vector contains a mix of histograms with exponential and custom buckets "
                  "schemas for metric name " +
                      metric_name(r));
        continue;
      }
      if (d.bounds_reconciled) {
        c.ev.info(span, "mismatched custom buckets were reconciled during subtraction");
      }
      h = std::move(*d.h);
    }
    h.hint = H::Gauge;
    compact(h);
    if (rate) h = scale(h, static_cast<double>(dt) / 1000, true);
    c.emit_histogram(r.labels, r.drop_name, c.ev.keep(std::move(h)));
  }
}

// Prometheus' FloatHistogram.Equals for changes(): the same layout and the same bits.
bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}
bool equal_histograms(const Histogram& a, const Histogram& b) {
  auto same = [](const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!same_bits(x[i], y[i])) return false;
    }
    return true;
  };
  return a.schema == b.schema && same_bits(a.count, b.count) && same_bits(a.sum, b.sum) &&
         same_bits(a.zero_count, b.zero_count) && a.zero_threshold == b.zero_threshold &&
         a.custom_bounds == b.custom_bounds && a.positive_offset == b.positive_offset &&
         a.negative_offset == b.negative_offset && same(a.positive, b.positive) &&
         same(a.negative, b.negative);
}

}  // namespace

std::optional<Histogram> interpolate_histograms(Evaluator& ev, Span span, const Histogram& h1,
                                                int64_t t1, const Histogram& h2, int64_t t2,
                                                int64_t t, bool counter) {
  if (t == t1) return h1;
  if (t == t2) return h2;
  double fraction = static_cast<double>(t - t1) / static_cast<double>(t2 - t1);
  if (counter && detect_reset(h2, h1)) return scale(h2, fraction, false);
  Combined d = add(h2, h1, -1);
  if (d.bounds_reconciled) {
    ev.info(span, "mismatched custom buckets were reconciled during subtraction");
  }
  if (!d.h) return std::nullopt;
  Combined a = add(scale(*d.h, fraction, false), h1, 1);
  if (a.bounds_reconciled) {
    ev.info(span, "mismatched custom buckets were reconciled during addition");
  }
  return a.h;
}

void register_rate_functions(FunctionTable& m) {
  m["rate"] = [](Ctx& c) { extrapolated_rate(c, true, true); };
  m["increase"] = [](Ctx& c) { extrapolated_rate(c, true, false); };
  m["delta"] = [](Ctx& c) { extrapolated_rate(c, false, false); };
  m["irate"] = [](Ctx& c) { instant_value(c, true); };
  m["idelta"] = [](Ctx& c) { instant_value(c, false); };
  auto count_changes = [](bool resets) {
    return [resets](Ctx& c) {
      for (const RangeElem& r : c.args[0].mat) {
        const std::vector<Point>& s = r.points;
        if (s.empty()) continue;
        auto from = first_index(c.args[0], s);
        if (!from) continue;
        double n = 0;
        for (size_t i = *from + 1; i < s.size(); ++i) {
          const Point& cur = s[i];
          const Point& prev = s[i - 1];
          if ((cur.h == nullptr) != (prev.h == nullptr)) {
            n += 1;
          } else if (cur.h != nullptr) {
            n += (resets ? detect_reset(*cur.h, *prev.h) : !equal_histograms(*cur.h, *prev.h)) ? 1
                                                                                               : 0;
          } else if (resets) {
            n += cur.f < prev.f ? 1 : 0;
          } else if (!(cur.f == prev.f || (std::isnan(cur.f) && std::isnan(prev.f)))) {
            n += 1;
          }
        }
        c.emit(r.labels, r.drop_name, n);
      }
    };
  };
  m["resets"] = count_changes(true);
  m["changes"] = count_changes(false);
}

}  // namespace mzr::eval::detail
