// Sums of native histograms with Kahan (Neumaier) compensation, as Prometheus' sum, avg,
// sum_over_time and avg_over_time add them (FloatHistogram.KahanAdd of Prometheus v0.316.0).
//
// Buckets are held densely here (every index between the first and the last bucket), where
// Prometheus holds spans: an index inside the range that Prometheus would hold as a gap counts as
// a present empty bucket. That changes a sum only where a compensated bucket (of a histogram
// whose resolution was reduced) lands in such a gap, by at most the last bit.

#include <algorithm>
#include <cmath>

#include "compiler/eval/histogram.h"
#include "compiler/eval/histogram_internal.h"
#include "compiler/eval/kahan.h"

namespace mzr::eval {

using namespace histogram_detail;

namespace {

struct ZeroCount {
  double count = 0;
  double threshold = 0;
  double comp = 0;
};

// Prometheus' zeroCountForLargerThreshold with a compensation histogram: the buckets that fall
// into the wider zero bucket are summed into its count with their compensation terms.
ZeroCount zero_count(const Histogram& h, double threshold, const Histogram* c) {
  double comp = c != nullptr ? c->zero_count : 0;
  if (threshold == h.zero_threshold) return {h.zero_count, threshold, comp};
  for (;;) {
    double zc = h.zero_count;
    bool again = false;
    for (size_t i = 0; i < h.positive.size(); ++i) {
      int32_t idx = h.positive_offset + static_cast<int32_t>(i);
      double lower = bound(idx - 1, h.schema), upper = bound(idx, h.schema);
      if (lower >= threshold) break;
      kahan_inc(h.positive[i], zc, comp);
      if (c != nullptr) kahan_inc(c->positive[i], zc, comp);
      if (upper > threshold) {
        if (h.positive[i] != 0) threshold = upper;
        break;
      }
    }
    for (size_t i = 0; i < h.negative.size(); ++i) {
      int32_t idx = h.negative_offset + static_cast<int32_t>(i);
      double upper = -bound(idx - 1, h.schema), lower = -bound(idx, h.schema);
      if (upper <= -threshold) break;
      kahan_inc(h.negative[i], zc, comp);
      if (c != nullptr) kahan_inc(c->negative[i], zc, comp);
      if (lower < -threshold) {
        if (h.negative[i] != 0) {
          threshold = -lower;
          again = true;  // the positive buckets are summed again for the new threshold
        }
        break;
      }
    }
    if (!again) return {zc, threshold, comp};
  }
}

// Drops the empty buckets (empty with an empty compensation) at both ends, in step.
void compact_pair(std::vector<double>& v, std::vector<double>& cv, int32_t& offset) {
  size_t lo = 0, hi = v.size();
  while (lo < hi && v[lo] == 0 && cv[lo] == 0) ++lo;
  while (hi > lo && v[hi - 1] == 0 && cv[hi - 1] == 0) --hi;
  if (lo == hi) {
    v.clear();
    cv.clear();
    offset = 0;
    return;
  }
  auto first = static_cast<std::ptrdiff_t>(lo), last = static_cast<std::ptrdiff_t>(hi);
  v = std::vector<double>(v.begin() + first, v.begin() + last);
  cv = std::vector<double>(cv.begin() + first, cv.begin() + last);
  offset += static_cast<int32_t>(lo);
}

// trimBucketsInZeroBucket: empties the buckets inside the zero bucket, in h and in c.
void trim_into_zero(Histogram& h, Histogram& c) {
  for (size_t i = 0; i < h.positive.size(); ++i) {
    int32_t idx = h.positive_offset + static_cast<int32_t>(i);
    if (bound(idx - 1, h.schema) >= h.zero_threshold) break;
    h.positive[i] = c.positive[i] = 0;
  }
  for (size_t i = 0; i < h.negative.size(); ++i) {
    int32_t idx = h.negative_offset + static_cast<int32_t>(i);
    if (-bound(idx - 1, h.schema) <= -h.zero_threshold) break;
    h.negative[i] = c.negative[i] = 0;
  }
  compact_pair(h.positive, c.positive, h.positive_offset);
  compact_pair(h.negative, c.negative, h.negative_offset);
  c.positive_offset = h.positive_offset;
  c.negative_offset = h.negative_offset;
}

// kahanReduceResolution: the buckets (and their compensation) at the lower schema `to`; buckets
// merging into one are summed with compensation.
void reduce(std::vector<double>& v, std::vector<double>& cv, int32_t& offset, int32_t from,
            int32_t to) {
  if (v.empty()) return;
  std::vector<double> nv, ncv;
  int32_t first = 0, last = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    int32_t t = target_index(offset + static_cast<int32_t>(i), from, to);
    if (nv.empty()) {
      first = last = t;
      nv.push_back(v[i]);
      ncv.push_back(cv[i]);
    } else if (t == last) {
      kahan_inc(v[i], nv.back(), ncv.back());
      kahan_inc(cv[i], nv.back(), ncv.back());
    } else {
      while (last + 1 < t) {
        nv.push_back(0);
        ncv.push_back(0);
        ++last;
      }
      nv.push_back(v[i]);
      ncv.push_back(cv[i]);
      last = t;
    }
  }
  v = std::move(nv);
  cv = std::move(ncv);
  offset = first;
}

// kahanAddBuckets: the buckets of b (with their compensation `cb`, when given) added to a (with
// its compensation `ca`); a bucket a lacks is taken over with its compensation. Exponential
// buckets of b up to the zero threshold are left out (they are in the zero bucket).
void add_buckets(std::vector<double>& a, std::vector<double>& ca, int32_t& ao,
                 const std::vector<double>& b, const std::vector<double>* cb, int32_t bo,
                 int32_t schema, double threshold, bool exponential) {
  size_t start = 0;
  if (exponential) {
    while (start < b.size() && bound(bo + static_cast<int32_t>(start), schema) <= threshold) {
      ++start;
    }
  }
  if (start == b.size()) return;
  int32_t first = bo + static_cast<int32_t>(start);
  int32_t last = bo + static_cast<int32_t>(b.size()) - 1;
  bool had = !a.empty();
  int32_t a_first = ao, a_last = ao + static_cast<int32_t>(a.size()) - 1;
  int32_t lo = had ? std::min(a_first, first) : first;
  int32_t hi = had ? std::max(a_last, last) : last;
  if (!had || lo != a_first || hi != a_last) {
    std::vector<double> na(static_cast<size_t>(hi - lo + 1), 0), nca(na.size(), 0);
    for (size_t i = 0; i < a.size(); ++i) {
      na[static_cast<size_t>(a_first - lo) + i] = a[i];
      nca[static_cast<size_t>(a_first - lo) + i] = ca[i];
    }
    a = std::move(na);
    ca = std::move(nca);
    ao = lo;
  }
  for (size_t j = start; j < b.size(); ++j) {
    int32_t idx = bo + static_cast<int32_t>(j);
    auto pos = static_cast<size_t>(idx - lo);
    double cbv = cb != nullptr ? (*cb)[j] : 0;
    if (had && idx >= a_first && idx <= a_last) {
      kahan_inc(b[j], a[pos], ca[pos]);
      if (cbv != 0) kahan_inc(cbv, a[pos], ca[pos]);
    } else {
      a[pos] = b[j];
      ca[pos] = cbv;
    }
  }
}

// addCustomBucketsWithMismatches: the custom buckets of h (with compensation `ch`, when given)
// summed into the buckets of `bounds`.
void map_custom(const Histogram& h, const std::vector<double>* ch,
                const std::vector<double>& bounds, std::vector<double>& target,
                std::vector<double>& ctarget) {
  for_each_custom_target(h, bounds, target.size() - 1, [&](size_t i, size_t to) {
    kahan_inc(h.positive[i], target[to], ctarget[to]);
    if (ch != nullptr) kahan_inc((*ch)[i], target[to], ctarget[to]);
  });
}

Histogram compensation_for(const Histogram& h) {
  Histogram c;
  c.hint = h.hint;
  c.schema = h.schema;
  c.zero_threshold = h.zero_threshold;
  c.custom_bounds = h.custom_bounds;
  c.positive.assign(h.positive.size(), 0);
  c.positive_offset = h.positive_offset;
  c.negative.assign(h.negative.size(), 0);
  c.negative_offset = h.negative_offset;
  return c;
}

}  // namespace

KahanAdded kahan_add(Histogram& h, std::optional<Histogram>& c, const Histogram& other) {
  KahanAdded r;
  if (h.custom() != other.custom()) return r;
  r.ok = true;
  h.hint = adjust_hint(h.hint, other.hint, r.collision);
  if (!c) c = compensation_for(h);
  Histogram& k = *c;
  // The layout of the compensation follows h's; keep it so if a caller changed either.
  k.positive.resize(h.positive.size(), 0);
  k.negative.resize(h.negative.size(), 0);
  k.positive_offset = h.positive_offset;
  k.negative_offset = h.negative_offset;
  if (!h.custom()) {
    // reconcileZeroBuckets: the wider zero bucket of the two.
    double other_zero = other.zero_count, other_threshold = other.zero_threshold, other_comp = 0;
    while (other_threshold != h.zero_threshold) {
      if (h.zero_threshold > other_threshold) {
        ZeroCount z = zero_count(other, h.zero_threshold, nullptr);
        other_zero = z.count;
        other_threshold = z.threshold;
        other_comp = z.comp;
      }
      if (other_threshold > h.zero_threshold) {
        ZeroCount z = zero_count(h, other_threshold, &k);
        h.zero_count = z.count;
        h.zero_threshold = z.threshold;
        k.zero_count = z.comp;
        trim_into_zero(h, k);
      }
    }
    kahan_inc(other_zero, h.zero_count, k.zero_count);
    kahan_inc(other_comp, h.zero_count, k.zero_count);
  }
  kahan_inc(other.count, h.count, k.count);
  kahan_inc(other.sum, h.sum, k.sum);
  if (h.custom()) {
    h.zero_count = 0;  // the sum began as Prometheus' copy, which has no zero bucket
    if (h.custom_bounds == other.custom_bounds) {
      add_buckets(h.positive, k.positive, h.positive_offset, other.positive, nullptr,
                  other.positive_offset, h.schema, h.zero_threshold, false);
    } else {
      r.bounds_reconciled = true;
      std::vector<double> bounds = intersect(h.custom_bounds, other.custom_bounds);
      std::vector<double> target(bounds.size() + 1, 0), ctarget(bounds.size() + 1, 0);
      map_custom(h, &k.positive, bounds, target, ctarget);
      map_custom(other, nullptr, bounds, target, ctarget);
      h.positive = std::move(target);
      k.positive = std::move(ctarget);
      h.positive_offset = 0;
      compact_pair(h.positive, k.positive, h.positive_offset);
      h.custom_bounds = bounds;
      k.custom_bounds = std::move(bounds);
    }
    k.positive_offset = h.positive_offset;
    return r;
  }
  if (other.schema < h.schema) {
    reduce(h.positive, k.positive, h.positive_offset, h.schema, other.schema);
    reduce(h.negative, k.negative, h.negative_offset, h.schema, other.schema);
    h.schema = other.schema;
  }
  std::vector<double> pos = other.positive, neg = other.negative;
  std::vector<double> cpos(pos.size(), 0), cneg(neg.size(), 0);
  int32_t pos_offset = other.positive_offset, neg_offset = other.negative_offset;
  bool reduced = other.schema > h.schema;
  if (reduced) {
    reduce(pos, cpos, pos_offset, other.schema, h.schema);
    reduce(neg, cneg, neg_offset, other.schema, h.schema);
  }
  add_buckets(h.positive, k.positive, h.positive_offset, pos, reduced ? &cpos : nullptr, pos_offset,
              h.schema, h.zero_threshold, true);
  add_buckets(h.negative, k.negative, h.negative_offset, neg, reduced ? &cneg : nullptr, neg_offset,
              h.schema, h.zero_threshold, true);
  k.schema = h.schema;
  k.zero_threshold = h.zero_threshold;
  k.positive_offset = h.positive_offset;
  k.negative_offset = h.negative_offset;
  return r;
}

}  // namespace mzr::eval
