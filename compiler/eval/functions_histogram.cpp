// PromQL's histogram functions: histogram_quantile over classic buckets and native histograms,
// histogram_fraction, and the histogram_count/_sum/_avg/_stddev/_stdvar family.

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cmath>
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

// Go's strconv.ParseFloat for `le` values.
std::optional<double> parse_float(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool neg = false;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  std::string lower;
  for (char ch : body) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  double v = 0;
  if (lower == "inf" || lower == "infinity") {
    v = INFINITY;
  } else if (lower == "nan") {
    v = std::nan("");
  } else {
    auto r = std::from_chars(body.data(), body.data() + body.size(), v);
    if (r.ec != std::errc() || r.ptr != body.data() + body.size()) return std::nullopt;
    if (body[0] == '+' || body[0] == '-') return std::nullopt;
  }
  return neg ? -v : v;
}

bool almost_equal(double a, double b, double epsilon) {
  constexpr double kMinNormal = 2.2250738585072014e-308;
  if (std::isnan(a) && std::isnan(b)) return true;
  if (a == b) return true;
  double abs_sum = std::fabs(a) + std::fabs(b);
  double diff = std::fabs(a - b);
  if (a == 0 || b == 0 || abs_sum < kMinNormal) return diff < epsilon * kMinNormal;
  return diff / std::min(abs_sum, std::numeric_limits<double>::max()) < epsilon;
}

struct Bucket {
  double upper;
  double count;
};

// Where BucketQuantile had to make the buckets monotonic: the bounds of the buckets it raised
// and the largest decrease it removed.
struct Forced {
  bool forced = false;
  double min_bucket = INFINITY;
  double max_bucket = -INFINITY;
  double max_diff = 0;
};

// Prometheus' BucketQuantile; fills `forced` when buckets had to be made monotonic.
double bucket_quantile(double q, std::vector<Bucket> buckets, Forced& forced) {
  forced = Forced{};
  if (std::isnan(q)) return std::nan("");
  if (q < 0) return -INFINITY;
  if (q > 1) return INFINITY;
  std::stable_sort(buckets.begin(), buckets.end(),
                   [](const Bucket& a, const Bucket& b) { return a.upper < b.upper; });
  if (!std::isinf(buckets.back().upper) || buckets.back().upper < 0) return std::nan("");
  std::vector<Bucket> merged;
  for (const Bucket& b : buckets) {
    if (!merged.empty() && merged.back().upper == b.upper) {
      merged.back().count += b.count;
    } else {
      merged.push_back(b);
    }
  }
  double prev = merged[0].count;
  for (size_t i = 1; i < merged.size(); ++i) {
    double curr = merged[i].count;
    if (curr == prev) continue;
    if (almost_equal(prev, curr, 1e-12)) {
      merged[i].count = prev;
      continue;
    }
    if (curr < prev) {
      merged[i].count = prev;
      forced.forced = true;
      forced.min_bucket = std::min(forced.min_bucket, merged[i].upper);
      forced.max_bucket = std::max(forced.max_bucket, merged[i].upper);
      forced.max_diff = std::max(forced.max_diff, prev - curr);
      continue;
    }
    prev = curr;
  }
  if (merged.size() < 2) return std::nan("");
  double observations = merged.back().count;
  if (observations == 0) return std::nan("");
  double rank = q * observations;
  size_t b = 0;
  while (b < merged.size() - 1 && !(merged[b].count >= rank)) ++b;
  if (b == merged.size() - 1) return merged[merged.size() - 2].upper;
  if (b == 0 && merged[0].upper <= 0) return merged[0].upper;
  double start = 0, end = merged[b].upper, count = merged[b].count;
  if (b > 0) {
    start = merged[b - 1].upper;
    count -= merged[b - 1].count;
    rank -= merged[b - 1].count;
  }
  return start + (end - start) * (rank / count);
}

// Prometheus' HistogramQuantile for a native histogram: linear interpolation in custom buckets
// and the zero bucket, exponential in exponential buckets.
// Where NaN observations (a NaN sum) made a native quantile or fraction doubtful.
enum class NanNote { None, Result, Skew, Fraction };

double native_quantile(double q, const Histogram& h, NanNote& note) {
  if (q < 0) return -INFINITY;
  if (q > 1) return INFINITY;
  if (h.count == 0 || std::isnan(q)) return std::nan("");
  std::vector<BucketBounds> bs = buckets(h);
  bool forward = std::isnan(h.sum) || q < 0.5;
  if (!forward) std::reverse(bs.begin(), bs.end());
  double rank = forward ? q * h.count : (1 - q) * h.count;
  double count = 0;
  BucketBounds b = bs.empty() ? BucketBounds{0, 0, false, true, 0} : bs.back();
  size_t i = 0;
  for (; i < bs.size(); ++i) {
    b = bs[i];
    if (b.count == 0) continue;
    count += b.count;
    if (count >= rank) break;
  }
  if (!h.custom() && b.lower < 0 && b.upper > 0) {
    if (h.negative.empty() && !h.positive.empty()) b.lower = 0;
    if (h.positive.empty() && !h.negative.empty()) b.upper = 0;
  } else if (h.custom()) {
    if (std::isinf(b.lower) && b.lower < 0) {
      if (b.upper <= 0) return b.upper;
      b.lower = 0;
    } else if (std::isinf(b.upper) && b.upper > 0) {
      return b.lower;
    }
  }
  if (count > h.count) count = h.count;
  if (count < rank) {
    if (std::isnan(h.sum)) {
      note = NanNote::Result;
      return std::nan("");
    }
    return b.upper;
  }
  if (forward) {
    rank -= count - b.count;
  } else {
    rank = count - rank;
  }
  if (std::isnan(h.sum)) {
    double all = count;
    for (size_t j = i + 1; j < bs.size(); ++j) all += bs[j].count;
    if (all < h.count) note = NanNote::Skew;
  }
  double fraction = rank / b.count;
  if (h.custom() || (b.lower <= 0 && b.upper >= 0)) return b.lower + (b.upper - b.lower) * fraction;
  double log_lower = std::log2(std::fabs(b.lower)), log_upper = std::log2(std::fabs(b.upper));
  if (b.lower > 0) return std::exp2(log_lower + (log_upper - log_lower) * fraction);
  return -std::exp2(log_upper + (log_lower - log_upper) * (1 - fraction));
}

// Prometheus' HistogramFraction for a native histogram.
double native_fraction(double lower, double upper, const Histogram& h, NanNote& note) {
  if (h.count == 0 || std::isnan(lower) || std::isnan(upper)) return std::nan("");
  if (lower >= upper) return 0;
  double count = 0, rank = 0, lower_rank = 0, upper_rank = 0;
  bool lower_set = false, upper_set = false;
  for (BucketBounds b : buckets(h)) {
    count += b.count;
    bool zero_bucket = false;
    if (h.custom()) {
      if (std::isinf(b.lower) && b.lower < 0 && b.upper > 0) b.lower = 0;
    } else if (b.lower <= 0 && b.upper >= 0) {
      zero_bucket = true;
      if (h.negative.empty() && !h.positive.empty()) b.lower = 0;
      if (h.positive.empty() && !h.negative.empty()) b.upper = 0;
    }
    auto linear = [&](double v) {
      if (std::isinf(b.lower) && b.lower < 0) return b.count;
      return rank + b.count * (v - b.lower) / (b.upper - b.lower);
    };
    auto exponential = [&](double v) {
      double ll = std::log2(std::fabs(b.lower)), lu = std::log2(std::fabs(b.upper));
      double lv = std::log2(std::fabs(v));
      double below = v > 0 ? (lv - ll) / (lu - ll) : 1 - ((lv - lu) / (ll - lu));
      return rank + b.count * below;
    };
    if (!lower_set && b.lower >= lower) {
      lower_rank = rank;
      lower_set = true;
    }
    if (!upper_set && b.lower >= upper) {
      upper_rank = rank;
      upper_set = true;
    }
    if (lower_set && upper_set) break;
    if (!lower_set && b.lower < lower && b.upper > lower) {
      lower_rank = h.custom() || zero_bucket ? linear(lower) : exponential(lower);
      lower_set = true;
    }
    if (!upper_set && b.lower < upper && b.upper > upper) {
      upper_rank = h.custom() || zero_bucket ? linear(upper) : exponential(upper);
      upper_set = true;
    }
    if (lower_set && upper_set) break;
    rank += b.count;
  }
  if (std::isnan(h.sum)) {
    count = 0;
    for (const BucketBounds& x : buckets(h)) count += x.count;
    if (count < h.count) note = NanNote::Fraction;
  } else {
    count = h.count;
  }
  if (!lower_set || lower_rank > count) lower_rank = count;
  if (!upper_set || upper_rank > count) upper_rank = count;
  return (upper_rank - lower_rank) / h.count;
}

// Prometheus' BucketFraction: the share of observations between lower and upper in classic
// buckets, interpolating linearly inside a bucket.
double bucket_fraction(double lower, double upper, std::vector<Bucket> bs) {
  if (bs.empty()) return std::nan("");
  std::stable_sort(bs.begin(), bs.end(),
                   [](const Bucket& x, const Bucket& y) { return x.upper < y.upper; });
  if (!std::isinf(bs.back().upper) || bs.back().upper < 0) return std::nan("");
  std::vector<Bucket> merged;
  for (const Bucket& b : bs) {
    if (!merged.empty() && merged.back().upper == b.upper) {
      merged.back().count += b.count;
    } else {
      merged.push_back(b);
    }
  }
  double count = merged.back().count;
  if (count == 0 || std::isnan(lower) || std::isnan(upper)) return std::nan("");
  if (lower >= upper) return 0;
  double rank = 0, lower_rank = 0, upper_rank = 0;
  bool lower_set = false, upper_set = false;
  double lower_bound = merged[0].upper <= 0 ? -INFINITY : 0.0;
  for (size_t i = 0; i < merged.size(); ++i) {
    const Bucket& b = merged[i];
    if (i > 0) lower_bound = merged[i - 1].upper;
    double upper_bound = b.upper;
    auto interpolate = [&](double v) {
      if (lower_bound == -INFINITY) return b.count;
      return rank + (b.count - rank) * (v - lower_bound) / (upper_bound - lower_bound);
    };
    if (!lower_set && lower_bound >= lower) {
      lower_rank = rank;
      lower_set = true;
    }
    if (!upper_set && lower_bound >= upper) {
      upper_rank = rank;
      upper_set = true;
    }
    if (lower_set && upper_set) break;
    if (!lower_set && lower_bound < lower && upper_bound > lower) {
      lower_rank = interpolate(lower);
      lower_set = true;
    }
    if (!upper_set && lower_bound < upper && upper_bound > upper) {
      upper_rank = interpolate(upper);
      upper_set = true;
    }
    if (lower_set && upper_set) break;
    rank = b.count;
  }
  if (!lower_set || lower_rank > count) lower_rank = count;
  if (!upper_set || upper_rank > count) upper_rank = count;
  return (upper_rank - lower_rank) / count;
}

// Prometheus' resetHistograms: the native histograms of a vector, and its classic buckets
// grouped by their labels without `le`; a native histogram with the same labels as a group of
// buckets is dropped with the group, with a warning.
struct ClassicGroup {
  Labels labels;
  bool drop = false;
  std::string name;
  std::vector<Bucket> buckets;
};
struct Histograms {
  std::vector<Elem> natives;
  std::vector<ClassicGroup> classic;
};
Histograms resolve_histograms(Ctx& c, std::vector<Elem>& vec, size_t arg) {
  Histograms out;
  std::map<std::string, size_t> index;
  bool delayed = c.ev.options().delayed_name_removal;
  auto name_part = [&](std::string_view name) {
    return delayed && !name.empty() ? " for metric name " + go_quote(name) : std::string();
  };
  for (Elem& e : vec) {
    if (e.h != nullptr) {
      out.natives.push_back(std::move(e));
      continue;
    }
    std::string_view le = get(e.labels, "le");
    auto upper = parse_float(le);
    if (!upper || std::isnan(*upper)) {
      c.ev.warn(c.arg_span(arg), "bucket label \"le\" is missing or has a malformed value of " +
                                     go_quote(le) + name_part(get(e.labels, kMetricName)));
      continue;
    }
    Labels key = without(e.labels, {"le"}, false);
    auto [it, fresh] = index.emplace(signature(key), out.classic.size());
    if (fresh) {
      out.classic.push_back(ClassicGroup{key, false, std::string(get(e.labels, kMetricName)), {}});
    }
    out.classic[it->second].buckets.push_back(Bucket{*upper, e.f});
    out.classic[it->second].drop |= e.drop_name;
  }
  std::vector<Elem> natives;
  for (Elem& e : out.natives) {
    auto it = index.find(signature(e.labels));
    if (it != index.end() && !out.classic[it->second].buckets.empty()) {
      c.ev.warn(c.arg_span(arg), "vector contains a mix of classic and native histograms" +
                                     name_part(get(e.labels, kMetricName)));
      out.classic[it->second].buckets.clear();
      continue;
    }
    natives.push_back(std::move(e));
  }
  out.natives = std::move(natives);
  std::erase_if(out.classic, [](const ClassicGroup& g) { return g.buckets.empty(); });
  for (ClassicGroup& g : out.classic) {
    if (!delayed) drop_metadata(g.labels);
  }
  for (Elem& e : out.natives) {
    if (!delayed) drop_metadata(e.labels);
  }
  return out;
}

void report_nan(Ctx& c, NanNote note, const Elem& e, size_t arg) {
  std::string_view name = get(e.labels, kMetricName);
  std::string suffix = name.empty() ? std::string() : " for metric name " + go_quote(name);
  switch (note) {
    case NanNote::None: return;
    case NanNote::Result:
      c.ev.info(c.arg_span(arg),
                "input to histogram_quantile has NaN observations, result is NaN" + suffix);
      return;
    case NanNote::Skew:
      c.ev.info(
          c.arg_span(arg),
          "input to histogram_quantile has NaN observations, result is skewed higher" + suffix);
      return;
    case NanNote::Fraction:
      c.ev.info(c.arg_span(arg),
                "input to histogram_fraction has NaN observations, which are excluded from all "
                "fractions" +
                    suffix);
      return;
  }
}

void emit_named(Ctx& c, Labels labels, bool drop, double v) {
  Elem e{std::move(labels), v, nullptr, c.t, drop};
  c.ev.drop_name(e);
  c.out.vec.push_back(std::move(e));
}

void histogram_fraction(Ctx& c) {
  double lower = c.args[0].scalar, upper = c.args[1].scalar;
  Histograms hs = resolve_histograms(c, c.args[2].vec, 2);
  for (Elem& e : hs.natives) {
    NanNote note = NanNote::None;
    double v = native_fraction(lower, upper, *e.h, note);
    report_nan(c, note, e, 2);
    emit_named(c, std::move(e.labels), e.drop_name, v);
  }
  for (ClassicGroup& g : hs.classic) {
    emit_named(c, std::move(g.labels), g.drop, bucket_fraction(lower, upper, g.buckets));
  }
}

void check_quantile(Ctx& c, double q, size_t arg) {
  if (std::isnan(q) || q < 0 || q > 1) {
    c.ev.warn(c.arg_span(arg), "quantile value should be between 0 and 1, got " + format_g(q));
  }
}

double classic_quantile(Ctx& c, double q, const ClassicGroup& g, size_t arg) {
  Forced forced;
  double v = bucket_quantile(q, g.buckets, forced);
  if (forced.forced) {
    std::string name = c.ev.options().delayed_name_removal && !g.name.empty()
                           ? " for metric name " + go_quote(g.name)
                           : std::string();
    c.ev.forced_monotonicity(c.arg_span(arg),
                             "input to histogram_quantile needed to be fixed for monotonicity "
                             "(see https://prometheus.io/docs/prometheus/latest/querying/"
                             "functions/#histogram_quantile)" +
                                 name,
                             c.t, forced.min_bucket, forced.max_bucket, forced.max_diff);
  }
  return v;
}

void histogram_quantile(Ctx& c) {
  double q = c.args[0].scalar;
  check_quantile(c, q, 0);
  Histograms hs = resolve_histograms(c, c.args[1].vec, 1);
  for (Elem& e : hs.natives) {
    NanNote note = NanNote::None;
    double v = native_quantile(q, *e.h, note);
    report_nan(c, note, e, 1);
    emit_named(c, std::move(e.labels), e.drop_name, v);
  }
  for (ClassicGroup& g : hs.classic) {
    double v = classic_quantile(c, q, g, 1);
    emit_named(c, std::move(g.labels), g.drop, v);
  }
}

// OpenMetrics' float text (labels.FormatOpenMetricsFloat): Go's %g with ".0" when it would
// otherwise read as an integer.
std::string openmetrics_float(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::string s = format_g(v);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

void histogram_quantiles(Ctx& c) {
  std::string label = c.args[1].str;
  std::vector<double> qs;
  for (size_t i = 2; i < c.args.size(); ++i) {
    qs.push_back(c.args[i].scalar);
    check_quantile(c, qs.back(), i);
  }
  Histograms hs = resolve_histograms(c, c.args[0].vec, 0);
  for (double q : qs) {
    for (const Elem& e : hs.natives) {
      Labels ls = e.labels;
      set(ls, label, openmetrics_float(q));
      NanNote note = NanNote::None;
      double v = native_quantile(q, *e.h, note);
      report_nan(c, note, e, 0);
      emit_named(c, std::move(ls), e.drop_name, v);
    }
    for (const ClassicGroup& g : hs.classic) {
      Labels ls = g.labels;
      set(ls, label, openmetrics_float(q));
      double v = classic_quantile(c, q, g, 0);
      emit_named(c, std::move(ls), g.drop, v);
    }
  }
}

// Prometheus' histogramVariance: each bucket's observations at its geometric mean (arithmetic
// for custom buckets, zero in the zero bucket).
double histogram_variance(const Histogram& h) {
  double mean = h.sum / h.count;
  double variance = 0, c = 0;
  for (const BucketBounds& b : buckets(h)) {
    if (b.count == 0) continue;
    double v;
    if (h.custom()) {
      v = (b.upper + b.lower) / 2.0;
    } else if (b.lower <= 0 && b.upper >= 0) {
      v = 0;
    } else {
      v = std::sqrt(b.upper * b.lower);
      if (b.upper < 0) v = -v;
    }
    double delta = v - mean;
    kahan_add(b.count * delta * delta, variance, c);
  }
  return (variance + c) / h.count;
}

}  // namespace

void register_histogram_functions(FunctionTable& m) {
  m["histogram_quantile"] = histogram_quantile;
  m["histogram_fraction"] = histogram_fraction;
  m["histogram_quantiles"] = histogram_quantiles;
  auto histogram_fn = [](double (*fn)(const Histogram&)) {
    return [fn](Ctx& c) {
      for (Elem& e : c.args[0].vec) {
        if (e.h == nullptr) continue;
        Elem r{std::move(e.labels), fn(*e.h), nullptr, c.t, e.drop_name};
        c.ev.drop_name(r);
        c.out.vec.push_back(std::move(r));
      }
    };
  };
  m["histogram_count"] = histogram_fn([](const Histogram& h) { return h.count; });
  m["histogram_sum"] = histogram_fn([](const Histogram& h) { return h.sum; });
  m["histogram_avg"] = histogram_fn([](const Histogram& h) { return h.sum / h.count; });
  m["histogram_stdvar"] = histogram_fn(histogram_variance);
  m["histogram_stddev"] =
      histogram_fn([](const Histogram& h) { return std::sqrt(histogram_variance(h)); });
}

}  // namespace mzr::eval::detail
