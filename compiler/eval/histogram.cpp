#include "compiler/eval/histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "compiler/eval/format.h"
#include "compiler/eval/histogram_internal.h"

namespace mzr::eval {

namespace {
std::string list(const std::vector<double>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ' ';
    out += format_value(v[i]);
  }
  return out + "]";
}
}  // namespace

std::string to_string(const Histogram& h) {
  std::string out = "{{";
  if (h.custom()) {
    out += "schema:-53 custom_values:" + list(h.custom_bounds) + " ";
  } else {
    out += "schema:" + std::to_string(h.schema) + " ";
  }
  out += "count:" + format_value(h.count) + " sum:" + format_value(h.sum);
  if (h.zero_count != 0) out += " z_bucket:" + format_value(h.zero_count);
  if (h.zero_threshold != 0) out += " z_bucket_w:" + format_value(h.zero_threshold);
  if (h.positive_offset != 0) out += " offset:" + std::to_string(h.positive_offset);
  if (!h.positive.empty()) out += " buckets:" + list(h.positive);
  if (h.negative_offset != 0) out += " n_offset:" + std::to_string(h.negative_offset);
  if (!h.negative.empty()) out += " n_buckets:" + list(h.negative);
  return out + "}}";
}

namespace histogram_detail {
double bound(int32_t index, int32_t schema) {
  if (schema <= 0) return std::ldexp(1.0, index * (1 << -schema));
  int32_t per = 1 << schema;
  int32_t k = index & (per - 1);
  int32_t exp = (index >> schema) + 1;
  double frac = std::exp2(static_cast<double>(k) / per) / 2;
  if (frac == 0.5 && exp == 1025) return std::numeric_limits<double>::max();
  return std::ldexp(frac, exp);
}

int32_t target_index(int32_t idx, int32_t from, int32_t to) {
  if (to >= from) return idx;
  return ((idx - 1) >> (from - to)) + 1;  // Prometheus' targetIdx
}

CounterResetHint adjust_hint(CounterResetHint a, CounterResetHint b, bool& collision) {
  using H = CounterResetHint;
  if (a == b || a == H::Gauge) return a;
  if (b == H::Gauge) return H::Gauge;
  if (a == H::Unknown || b == H::Unknown) return H::Unknown;
  collision = true;
  return H::Unknown;
}

std::vector<double> intersect(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      out.push_back(a[i]);
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}
}  // namespace histogram_detail

using namespace histogram_detail;

std::vector<BucketBounds> buckets(const Histogram& h) {
  std::vector<BucketBounds> out;
  if (h.custom()) {
    for (size_t i = 0; i < h.positive.size(); ++i) {
      auto idx = static_cast<size_t>(h.positive_offset) + i;
      double upper = idx < h.custom_bounds.size() ? h.custom_bounds[idx] : INFINITY;
      double lower =
          idx == 0 ? -INFINITY : h.custom_bounds[std::min(idx, h.custom_bounds.size()) - 1];
      out.push_back(BucketBounds{lower, upper, false, true, h.positive[i]});
    }
    return out;
  }
  // As Prometheus' AllBucketIterator: a bound inside the zero bucket moves to its edge, and the
  // zero bucket is there when it holds a positive count.
  double zt = h.zero_threshold;
  for (size_t i = h.negative.size(); i-- > 0;) {
    int32_t idx = h.negative_offset + static_cast<int32_t>(i);
    BucketBounds b{-bound(idx, h.schema), -bound(idx - 1, h.schema), true, false, h.negative[i]};
    if (b.upper < 0 && b.upper > -zt) b.upper = -zt;
    out.push_back(b);
  }
  if (h.zero_count > 0) out.push_back(BucketBounds{-zt, zt, true, true, h.zero_count});
  for (size_t i = 0; i < h.positive.size(); ++i) {
    int32_t idx = h.positive_offset + static_cast<int32_t>(i);
    BucketBounds b{bound(idx - 1, h.schema), bound(idx, h.schema), false, true, h.positive[i]};
    if (b.lower > 0 && b.lower < zt) b.lower = zt;
    out.push_back(b);
  }
  return out;
}

namespace {
using BucketMap = std::map<int32_t, double>;

BucketMap to_map(const std::vector<double>& v, int32_t offset, int32_t from, int32_t to) {
  BucketMap m;
  for (size_t i = 0; i < v.size(); ++i) {
    m[target_index(offset + static_cast<int32_t>(i), from, to)] += v[i];
  }
  return m;
}

void from_map(const BucketMap& m, std::vector<double>& v, int32_t& offset) {
  v.clear();
  offset = 0;
  if (m.empty()) return;
  offset = m.begin()->first;
  v.assign(static_cast<size_t>(m.rbegin()->first - offset + 1), 0);
  for (const auto& [idx, count] : m) v[static_cast<size_t>(idx - offset)] = count;
}

// Prometheus' zeroCountForLargerThreshold: the zero count `h` would have with a zero bucket
// of at least `threshold`, and the threshold it ends up with (widened to a bucket's bound when
// the threshold falls inside a populated bucket).
std::pair<double, double> zero_count_for(const Histogram& h, double threshold) {
  if (threshold == h.zero_threshold) return {h.zero_count, threshold};
  for (;;) {
    double zc = h.zero_count;
    bool again = false;
    for (size_t i = 0; i < h.positive.size(); ++i) {
      int32_t idx = h.positive_offset + static_cast<int32_t>(i);
      double lower = bound(idx - 1, h.schema), upper = bound(idx, h.schema);
      if (lower >= threshold) break;
      zc += h.positive[i];
      if (upper > threshold) {
        if (h.positive[i] != 0) threshold = upper;
        break;
      }
    }
    for (size_t i = 0; i < h.negative.size(); ++i) {
      int32_t idx = h.negative_offset + static_cast<int32_t>(i);
      double upper = -bound(idx - 1, h.schema), lower = -bound(idx, h.schema);
      if (upper <= -threshold) break;
      zc += h.negative[i];
      if (lower < -threshold) {
        if (h.negative[i] != 0) {
          threshold = -lower;
          again = true;
        }
        break;
      }
    }
    if (!again) return {zc, threshold};
  }
}

// Empties the buckets that lie inside the (widened) zero bucket.
void trim_into_zero(Histogram& h) {
  for (size_t i = 0; i < h.positive.size(); ++i) {
    int32_t idx = h.positive_offset + static_cast<int32_t>(i);
    if (bound(idx - 1, h.schema) >= h.zero_threshold) break;
    h.positive[i] = 0;
  }
  for (size_t i = 0; i < h.negative.size(); ++i) {
    int32_t idx = h.negative_offset + static_cast<int32_t>(i);
    if (-bound(idx - 1, h.schema) <= -h.zero_threshold) break;
    h.negative[i] = 0;
  }
  compact(h);
}

// Custom buckets of `h` mapped onto `bounds` (a subset of its own bounds), added into `target`.
void map_custom(const Histogram& h, const std::vector<double>& bounds, double sign,
                std::vector<double>& target) {
  for_each_custom_target(h, bounds, target.size() - 1,
                         [&](size_t i, size_t to) { target[to] += sign * h.positive[i]; });
}
}  // namespace

void compact(Histogram& h) {
  auto trim = [](std::vector<double>& v, int32_t& offset) {
    size_t lo = 0;
    while (lo < v.size() && v[lo] == 0) ++lo;
    size_t hi = v.size();
    while (hi > lo && v[hi - 1] == 0) --hi;
    if (lo == hi) {
      v.clear();
      offset = 0;
      return;
    }
    v = std::vector<double>(v.begin() + static_cast<std::ptrdiff_t>(lo),
                            v.begin() + static_cast<std::ptrdiff_t>(hi));
    offset += static_cast<int32_t>(lo);
  };
  trim(h.positive, h.positive_offset);
  trim(h.negative, h.negative_offset);
}

Histogram copy_of(const Histogram& h) {
  Histogram out = h;
  if (out.custom()) out.zero_count = 0;
  return out;
}

bool has_overflow(const Histogram& h) {
  auto inf = [](double v) { return std::isinf(v); };
  if (inf(h.count) || inf(h.sum) || inf(h.zero_count)) return true;
  return std::any_of(h.positive.begin(), h.positive.end(), inf) ||
         std::any_of(h.negative.begin(), h.negative.end(), inf) ||
         std::any_of(h.custom_bounds.begin(), h.custom_bounds.end(), inf);
}

Combined add(const Histogram& a, const Histogram& b, double sign) {
  Combined r;
  if (a.custom() != b.custom()) return r;
  Histogram out = a;
  out.hint = adjust_hint(a.hint, b.hint, r.collision);
  out.count = a.count + sign * b.count;
  out.sum = a.sum + sign * b.sum;
  if (a.custom()) {
    out.zero_count = 0;  // as Prometheus' copy of custom buckets
    if (a.custom_bounds == b.custom_bounds) {
      BucketMap pos = to_map(a.positive, a.positive_offset, 0, 0);
      for (const auto& [idx, c] : to_map(b.positive, b.positive_offset, 0, 0)) {
        pos[idx] += sign * c;
      }
      from_map(pos, out.positive, out.positive_offset);
    } else {
      r.bounds_reconciled = true;
      out.custom_bounds = intersect(a.custom_bounds, b.custom_bounds);
      std::vector<double> target(out.custom_bounds.size() + 1, 0);
      map_custom(a, out.custom_bounds, 1, target);
      map_custom(b, out.custom_bounds, sign, target);
      out.positive = std::move(target);
      out.positive_offset = 0;
      compact(out);
    }
    r.h = std::move(out);
    return r;
  }
  // The wider zero bucket of the two, widened further when it cuts a populated bucket.
  double other_zero = b.zero_count, other_threshold = b.zero_threshold;
  while (other_threshold != out.zero_threshold) {
    if (out.zero_threshold > other_threshold) {
      std::tie(other_zero, other_threshold) = zero_count_for(b, out.zero_threshold);
    }
    if (other_threshold > out.zero_threshold) {
      std::tie(out.zero_count, out.zero_threshold) = zero_count_for(out, other_threshold);
      trim_into_zero(out);
    }
  }
  out.zero_count += sign * other_zero;
  int32_t schema = std::min(a.schema, b.schema);
  out.schema = schema;
  auto merge = [&](const std::vector<double>& av, int32_t ao, const std::vector<double>& bv,
                   int32_t bo, std::vector<double>& ov, int32_t& oo) {
    BucketMap m = to_map(av, ao, a.schema, schema);
    bool below = true;
    for (const auto& [idx, c] : to_map(bv, bo, b.schema, schema)) {
      if (below && bound(idx, schema) <= out.zero_threshold) continue;
      below = false;
      m[idx] += sign * c;
    }
    from_map(m, ov, oo);
  };
  merge(out.positive, out.positive_offset, b.positive, b.positive_offset, out.positive,
        out.positive_offset);
  merge(out.negative, out.negative_offset, b.negative, b.negative_offset, out.negative,
        out.negative_offset);
  r.h = std::move(out);
  return r;
}

std::optional<Histogram> combine(const Histogram& a, const Histogram& b, double sign) {
  return add(a, b, sign).h;
}

Histogram scale(const Histogram& h, double k, bool divide) {
  Histogram out = h;
  // Prometheus copies before it multiplies, and a copy of custom buckets has no zero bucket (a
  // zero count made NaN by 0/0 does not survive the next operation).
  if (out.custom()) out.zero_count = 0;
  auto apply = [&](double& v) { v = divide ? v / k : v * k; };
  apply(out.count);
  apply(out.sum);
  apply(out.zero_count);
  if (divide && k == 0) {
    out.positive.clear();
    out.negative.clear();
    out.positive_offset = out.negative_offset = 0;
  }
  for (double& v : out.positive) apply(v);
  for (double& v : out.negative) apply(v);
  if (k < 0) out.hint = CounterResetHint::Gauge;
  return out;
}

namespace {
double zero_if_inf(double x) {
  return std::isinf(x) ? 0 : x;
}

double midpoint(double lo, double hi, bool positive, bool linear) {
  if (std::isinf(lo)) {
    if (std::isinf(hi)) return 0;
    return hi > 0 ? hi / 2 : hi;
  }
  if (std::isinf(hi)) return lo;
  if (linear) return (lo + hi) / 2;
  double g = std::sqrt(std::fabs(lo * hi));
  return positive ? g : -g;
}

std::pair<double, double> trim_infinite(bool upper, const BucketBounds& b, double rhs) {
  if (std::isinf(b.lower) && b.lower < 0) {
    if (upper) {
      if (rhs >= b.upper) return {b.count, 0};
      if (rhs > 0 && b.upper > 0 && !std::isinf(b.upper)) return {b.count * rhs / b.upper, rhs / 2};
      if (b.upper <= 0) return {b.count, rhs};
      return {0, zero_if_inf(b.upper)};
    }
    if (rhs <= b.lower) return {b.count, 0};
    if (rhs >= 0 && b.upper > rhs && !std::isinf(b.upper)) {
      return {b.count * (1 - rhs / b.upper), (rhs + b.upper) / 2};
    }
    return {0, zero_if_inf(b.upper)};
  }
  if (upper) return {0, zero_if_inf(b.lower)};
  if (rhs >= b.lower) return {b.count, rhs};
  return {0, zero_if_inf(b.lower)};
}

double fraction_below(const BucketBounds& b, double v, bool linear) {
  if (linear) return (v - b.lower) / (b.upper - b.lower);
  double ll = std::log2(std::fabs(b.lower)), lu = std::log2(std::fabs(b.upper));
  double lv = std::log2(std::fabs(v));
  if (v > 0) return (lv - ll) / (lu - ll);
  return 1 - ((lv - lu) / (ll - lu));
}

// The observations of one bucket that survive the trim, and where they sit.
std::pair<double, double> trim_bucket(const BucketBounds& b, double rhs, bool upper, bool positive,
                                      bool custom) {
  bool keep_all = upper ? b.upper <= rhs : b.lower >= rhs;
  bool cut = upper ? b.lower < rhs : b.upper > rhs;
  if (keep_all) return {b.count, midpoint(b.lower, b.upper, positive, custom)};
  if (!cut) return {0, 0};
  if ((std::isinf(b.lower) && b.lower < 0) || (std::isinf(b.upper) && b.upper > 0)) {
    return trim_infinite(upper, b, rhs);
  }
  double under = rhs <= b.lower   ? 0
                 : rhs >= b.upper ? b.count
                                  : b.count * fraction_below(b, rhs, custom);
  if (upper) return {under, midpoint(b.lower, rhs, positive, custom)};
  return {b.count - under, midpoint(rhs, b.upper, positive, custom)};
}
}  // namespace

Histogram trim(const Histogram& h, double rhs, bool upper) {
  Histogram out = h;
  if (out.custom()) out.zero_count = 0;  // as Prometheus' copy of custom buckets
  double count = 0, sum = 0;
  bool trimmed = false, has_pos = false, has_neg = false;
  for (size_t i = 0; i < out.positive.size(); ++i) {
    if (out.positive[i] == 0) continue;
    has_pos = true;
    int32_t idx = out.positive_offset + static_cast<int32_t>(i);
    BucketBounds b;
    if (h.custom()) {
      auto u = static_cast<size_t>(idx);
      b.upper = u < h.custom_bounds.size() ? h.custom_bounds[u] : INFINITY;
      b.lower = u == 0 ? -INFINITY : h.custom_bounds[std::min(u, h.custom_bounds.size()) - 1];
    } else {
      b.lower = bound(idx - 1, h.schema);
      b.upper = bound(idx, h.schema);
    }
    b.count = out.positive[i];
    auto [keep, mid] = trim_bucket(b, rhs, upper, true, h.custom());
    count += keep;
    sum += mid * keep;
    if (out.positive[i] != keep) {
      out.positive[i] = keep;
      trimmed = true;
    }
  }
  for (size_t i = 0; i < out.negative.size(); ++i) {
    if (out.negative[i] == 0) continue;
    has_neg = true;
    int32_t idx = out.negative_offset + static_cast<int32_t>(i);
    BucketBounds b{-bound(idx, h.schema), -bound(idx - 1, h.schema), true, false, out.negative[i]};
    auto [keep, mid] = trim_bucket(b, rhs, upper, false, h.custom());
    count += keep;
    sum += mid * keep;
    if (out.negative[i] != keep) {
      out.negative[i] = keep;
      trimmed = true;
    }
  }
  if (out.zero_count > 0) {
    double lo = -h.zero_threshold, hi = h.zero_threshold;
    if (has_neg && !has_pos) hi = 0;
    if (has_pos && !has_neg) lo = 0;
    double keep = 0, mid = 0;
    if (upper) {
      if (rhs <= lo) {
      } else if (rhs >= hi) {
        keep = out.zero_count;
        mid = (lo + hi) / 2;
      } else {
        keep = out.zero_count * (rhs - lo) / (hi - lo);
        mid = (lo + rhs) / 2;
      }
    } else {
      if (rhs <= lo) {
        keep = out.zero_count;
        mid = (lo + hi) / 2;
      } else if (rhs >= hi) {
      } else {
        keep = out.zero_count * (hi - rhs) / (hi - lo);
        mid = (rhs + hi) / 2;
      }
    }
    if (out.zero_count != keep) {
      out.zero_count = keep;
      trimmed = true;
    }
    sum += mid * keep;
    count += keep;
  }
  if (trimmed) {
    out.count = count;
    out.sum = sum;
    compact(out);
  }
  return out;
}

Histogram to_schema(const Histogram& h, int32_t schema) {
  if (h.custom() || schema >= h.schema) return h;
  Histogram out = h;
  out.schema = schema;
  from_map(to_map(h.positive, h.positive_offset, h.schema, schema), out.positive,
           out.positive_offset);
  from_map(to_map(h.negative, h.negative_offset, h.schema, schema), out.negative,
           out.negative_offset);
  return out;
}

namespace {
// detectReset over one side: buckets of `prev` (at the schema of `curr`, above the threshold)
// that `curr` lacks or holds fewer observations in.
bool side_reset(const BucketMap& curr, const BucketMap& prev) {
  for (const auto& [idx, c] : prev) {
    auto it = curr.find(idx);
    double now = it == curr.end() ? 0 : it->second;
    if (it == curr.end() ? c != 0 : now < c) return true;
  }
  return false;
}

BucketMap above(const std::vector<double>& v, int32_t offset, int32_t from, int32_t to,
                double threshold) {
  BucketMap m;
  bool below = threshold != 0;
  for (size_t i = 0; i < v.size(); ++i) {
    int32_t idx = offset + static_cast<int32_t>(i);
    if (below && bound(idx, from) <= threshold) continue;
    below = false;
    m[target_index(idx, from, to)] += v[i];
  }
  return m;
}

double rollup(const Histogram& h, double upto, size_t& pos) {
  double sum = 0;
  std::vector<BucketBounds> bs = buckets(h);
  while (pos < bs.size() && bs[pos].upper <= upto) sum += bs[pos++].count;
  return sum;
}
}  // namespace

bool detect_reset(const Histogram& curr, const Histogram& prev) {
  if (curr.hint == CounterResetHint::Reset) return true;
  if (curr.hint == CounterResetHint::NotReset) return false;
  if (curr.count < prev.count) return true;
  if (curr.custom()) {
    if (!prev.custom()) return true;
    if (curr.custom_bounds != prev.custom_bounds) {
      size_t ci = 0, pi = 0, cpos = 0, ppos = 0;
      while (ci <= curr.custom_bounds.size() && pi <= prev.custom_bounds.size()) {
        double cb = ci < curr.custom_bounds.size() ? curr.custom_bounds[ci] : INFINITY;
        double pb = pi < prev.custom_bounds.size() ? prev.custom_bounds[pi] : INFINITY;
        if (cb == pb) {
          if (rollup(curr, cb, cpos) < rollup(prev, cb, ppos)) return true;
          ++ci;
          ++pi;
        } else if (cb < pb) {
          ++ci;
        } else {
          ++pi;
        }
      }
      return false;
    }
  } else if (prev.custom()) {
    return true;
  }
  if (curr.schema > prev.schema) return true;
  if (curr.zero_threshold < prev.zero_threshold) return true;
  auto [prev_zero, threshold] = zero_count_for(prev, curr.zero_threshold);
  if (threshold != curr.zero_threshold) return true;
  if (curr.zero_count < prev_zero) return true;
  double t = curr.custom() ? 0 : curr.zero_threshold;
  return side_reset(above(curr.positive, curr.positive_offset, curr.schema, curr.schema, t),
                    above(prev.positive, prev.positive_offset, prev.schema, curr.schema, t)) ||
         side_reset(above(curr.negative, curr.negative_offset, curr.schema, curr.schema, t),
                    above(prev.negative, prev.negative_offset, prev.schema, curr.schema, t));
}

std::string prometheus_string(const Histogram& h) {
  std::string out = "{count:" + format_g(h.count) + ", sum:" + format_g(h.sum);
  for (const BucketBounds& b : buckets(h)) {
    if (b.count == 0) continue;
    out += std::string(", ") + (b.lower_inclusive ? "[" : "(") + format_g(b.lower) + "," +
           format_g(b.upper) + (b.upper_inclusive ? "]" : ")") + ":" + format_g(b.count);
  }
  return out + "}";
}

}  // namespace mzr::eval
