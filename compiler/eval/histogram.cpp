#include "compiler/eval/histogram.h"

#include <cmath>
#include <limits>
#include <map>

#include "compiler/eval/format.h"

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

namespace {
// The upper bound of exponential bucket `index` (Prometheus' getBound).
double bound(int32_t index, int32_t schema) {
  if (schema <= 0) return std::ldexp(1.0, index * (1 << -schema));
  int32_t per = 1 << schema;
  int32_t k = index & (per - 1);
  int32_t exp = (index >> schema) + 1;
  double frac = std::exp2(static_cast<double>(k) / per) / 2;
  if (frac == 0.5 && exp == 1025) return std::numeric_limits<double>::max();
  return std::ldexp(frac, exp);
}
}  // namespace

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
  for (size_t i = h.negative.size(); i-- > 0;) {
    int32_t idx = h.negative_offset + static_cast<int32_t>(i);
    out.push_back(
        BucketBounds{-bound(idx, h.schema), -bound(idx - 1, h.schema), true, false, h.negative[i]});
  }
  if (h.zero_count != 0) {
    out.push_back(BucketBounds{-h.zero_threshold, h.zero_threshold, true, true, h.zero_count});
  }
  for (size_t i = 0; i < h.positive.size(); ++i) {
    int32_t idx = h.positive_offset + static_cast<int32_t>(i);
    out.push_back(
        BucketBounds{bound(idx - 1, h.schema), bound(idx, h.schema), false, true, h.positive[i]});
  }
  return out;
}

namespace {
using BucketMap = std::map<int32_t, double>;

BucketMap to_map(const std::vector<double>& v, int32_t offset, int32_t from, int32_t to) {
  BucketMap m;
  for (size_t i = 0; i < v.size(); ++i) {
    int32_t idx = offset + static_cast<int32_t>(i);
    if (to < from) idx = ((idx - 1) >> (from - to)) + 1;  // Prometheus' targetIdx
    m[idx] += v[i];
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
}  // namespace

std::optional<Histogram> combine(const Histogram& a, const Histogram& b, double sign) {
  if (a.custom() != b.custom()) return std::nullopt;
  if (a.custom() && a.custom_bounds != b.custom_bounds) return std::nullopt;
  Histogram out;
  out.schema = std::min(a.schema, b.schema);
  out.custom_bounds = a.custom_bounds;
  out.zero_threshold = std::max(a.zero_threshold, b.zero_threshold);
  out.zero_count = a.zero_count + sign * b.zero_count;
  out.count = a.count + sign * b.count;
  out.sum = a.sum + sign * b.sum;
  BucketMap pos = to_map(a.positive, a.positive_offset, a.schema, out.schema);
  for (const auto& [idx, c] : to_map(b.positive, b.positive_offset, b.schema, out.schema)) {
    pos[idx] += sign * c;
  }
  BucketMap neg = to_map(a.negative, a.negative_offset, a.schema, out.schema);
  for (const auto& [idx, c] : to_map(b.negative, b.negative_offset, b.schema, out.schema)) {
    neg[idx] += sign * c;
  }
  from_map(pos, out.positive, out.positive_offset);
  from_map(neg, out.negative, out.negative_offset);
  return out;
}

Histogram scale(const Histogram& h, double k, bool divide) {
  Histogram out = h;
  auto apply = [&](double& v) { v = divide ? v / k : v * k; };
  apply(out.count);
  apply(out.sum);
  apply(out.zero_count);
  for (double& v : out.positive) apply(v);
  for (double& v : out.negative) apply(v);
  out.hint = CounterResetHint::Unknown;
  return out;
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
