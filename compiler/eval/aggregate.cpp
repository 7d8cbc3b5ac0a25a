// Aggregation operators (Prometheus' aggregation and aggregationK).

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include "compiler/base/go_quote.h"
#include "compiler/eval/evaluator.h"
#include "compiler/eval/format.h"

namespace mzr::eval::detail {

using namespace promql;

namespace {

struct Group {
  Labels labels;
  double value = 0;
  double kahan = 0;
  double mean = 0;
  double count = 0;
  bool incremental = false;
  bool drop_name = false;
  bool floats = false;              // a float sample was seen (histograms are not aggregated yet)
  std::optional<Histogram> hsum;    // sum and avg of native histograms
  std::optional<Histogram> hmean;   // avg once the sum overflowed: the incremental mean
  std::optional<Histogram> hkahan;  // the Kahan compensation of hsum or hmean
  double histograms = 0;
  bool incompatible = false;
  bool reset_seen = false, not_reset_seen = false;
  std::vector<double> values;  // quantile
  std::vector<Elem> members;   // topk, bottomk, limitk
};

Labels group_labels(const Labels& ls, const AggregateExpr* a) {
  if (!a->without) return keep_only(ls, a->grouping);
  Labels out = without(ls, a->grouping, true);
  drop_metadata(out);
  return out;
}

// topk keeps the largest, NaN last; bottomk the smallest, NaN last.
bool before(double a, double b, bool top) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return top ? a > b : a < b;
}

int64_t k_parameter(Evaluator& ev, const AggregateExpr* a, const Val& param) {
  double k = param.scalar;
  if (std::isnan(k)) ev.fail("Parameter value is NaN", a->param->span);
  if (k >= 9.2e18) return std::numeric_limits<int64_t>::max();
  if (k <= -9.2e18) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(k);
}

// Prometheus' xxhash64 of a label set (labels.Hash), for limit_ratio's sampling.
uint64_t xxhash64(std::string_view data) {
  constexpr uint64_t p1 = 11400714785074694791ULL, p2 = 14029467366897019727ULL,
                     p3 = 1609587929392839161ULL, p4 = 9650029242287828579ULL,
                     p5 = 2870177450012600261ULL;
  auto rotl = [](uint64_t x, int r) { return (x << r) | (x >> (64 - r)); };
  auto read64 = [](const char* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
  };
  auto read32 = [](const char* p) {
    uint64_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
  };
  auto round = [&](uint64_t acc, uint64_t input) {
    acc += input * p2;
    acc = rotl(acc, 31);
    return acc * p1;
  };
  auto merge = [&](uint64_t acc, uint64_t val) {
    acc ^= round(0, val);
    return acc * p1 + p4;
  };
  const char* p = data.data();
  const char* end = p + data.size();
  uint64_t h;
  if (data.size() >= 32) {
    uint64_t v1 = p1 + p2, v2 = p2, v3 = 0, v4 = 0 - p1;
    while (p + 32 <= end) {
      v1 = round(v1, read64(p));
      v2 = round(v2, read64(p + 8));
      v3 = round(v3, read64(p + 16));
      v4 = round(v4, read64(p + 24));
      p += 32;
    }
    h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
    h = merge(h, v1);
    h = merge(h, v2);
    h = merge(h, v3);
    h = merge(h, v4);
  } else {
    h = p5;
  }
  h += data.size();
  while (p + 8 <= end) {
    h ^= round(0, read64(p));
    h = rotl(h, 27) * p1 + p4;
    p += 8;
  }
  if (p + 4 <= end) {
    h ^= read32(p) * p1;
    h = rotl(h, 23) * p2 + p3;
    p += 4;
  }
  while (p < end) {
    h ^= static_cast<unsigned char>(*p) * p5;
    h = rotl(h, 11) * p1;
    ++p;
  }
  h ^= h >> 33;
  h *= p2;
  h ^= h >> 29;
  h *= p3;
  h ^= h >> 32;
  return h;
}

uint64_t labels_hash(const Labels& ls) {
  std::string b;
  for (const Label& l : ls) {
    b += l.name;
    b += '\xff';
    b += l.value;
    b += '\xff';
  }
  return xxhash64(b);
}

}  // namespace

Val apply_aggregate(Evaluator& ev, const AggregateExpr* a, Val input, const Val& param, int64_t t) {
  (void)t;
  Val out;
  out.type = ValueType::Vector;
  AggOp op = a->op;

  if (op == AggOp::CountValues) {
    const std::string& name = param.str;
    if (!is_valid_label_name(name)) ev.fail("invalid label name " + go_quote(name), a->span);
    std::map<Labels, double> counts;
    std::vector<Labels> order;
    for (const Elem& e : input.vec) {
      Labels ls = group_labels(e.labels, a);
      set(ls, name, e.h != nullptr ? prometheus_string(*e.h) : format_value(e.f));
      auto [it, fresh] = counts.emplace(ls, 0);
      if (fresh) order.push_back(ls);
      it->second += 1;
    }
    for (Labels& ls : order) out.vec.push_back(Elem{ls, counts[ls], nullptr, 0, false});
    ev.account(out.vec.size());  // one series per value: bounded by the sample limit
    return out;
  }

  int64_t k = 0;
  double ratio = 0;
  if (op == AggOp::Topk || op == AggOp::Bottomk || op == AggOp::Limitk) {
    k = k_parameter(ev, a, param);
    if (k < 1) return out;
  }
  if (op == AggOp::LimitRatio) {
    ratio = param.scalar;
    if (std::isnan(ratio)) ev.fail("Ratio value is NaN", a->param->span);
    if (ratio > 1) {
      ev.warn(a->param->span,
              "ratio value should be between -1 and 1, got " + format_g(ratio) + ", capping to 1");
      ratio = 1;
    } else if (ratio < -1) {
      ev.warn(a->param->span,
              "ratio value should be between -1 and 1, got " + format_g(ratio) + ", capping to -1");
      ratio = -1;
    }
  }
  if (op == AggOp::Quantile && (std::isnan(param.scalar) || param.scalar < 0 || param.scalar > 1)) {
    ev.warn(a->param->span,
            "quantile value should be between 0 and 1, got " + format_g(param.scalar));
  }

  std::map<std::string, size_t> index;
  std::vector<Group> groups;
  for (Elem& e : input.vec) {
    Labels key = group_labels(e.labels, a);
    auto [it, fresh] = index.emplace(signature(key), groups.size());
    if (fresh) {
      groups.push_back(Group{});
      groups.back().labels = std::move(key);
    }
    Group& g = groups[it->second];
    g.drop_name |= e.drop_name;
    if (op == AggOp::Count || op == AggOp::Group) {  // these count histograms too
      g.floats = true;
      g.value = op == AggOp::Count ? g.value + 1 : 1;
      continue;
    }
    if (e.h != nullptr && (op == AggOp::Sum || op == AggOp::Avg)) {
      g.histograms += 1;
      g.reset_seen |= e.h->hint == CounterResetHint::Reset;
      g.not_reset_seen |= e.h->hint == CounterResetHint::NotReset;
      if (g.incompatible) continue;
      if (!g.hsum) {
        g.hsum = copy_of(*e.h);
        continue;
      }
      // Adds y to x with Kahan compensation in c (Prometheus' KahanAdd); false when they
      // cannot be added.
      auto plus = [&](Histogram& x, std::optional<Histogram>& c, const Histogram& y) {
        KahanAdded added = kahan_add(x, c, y);
        if (added.bounds_reconciled) {
          ev.info(a->expr->span, "mismatched custom buckets were reconciled during aggregation");
        }
        if (!added.ok) {
          g.incompatible = true;
          ev.warn(a->expr->span,
                  "vector contains a mix of histograms with exponential and custom buckets "
                  "schemas for metric name " +
                      go_quote(get(e.labels, kMetricName)));
        }
        return added.ok;
      };
      if (op == AggOp::Avg && !g.hmean) {
        Histogram next = *g.hsum;
        std::optional<Histogram> c = g.hkahan;
        if (!plus(next, c, *e.h)) continue;
        if (!has_overflow(next)) {
          g.hsum = std::move(next);
          g.hkahan = std::move(c);
          continue;
        }
        g.hmean = scale(*g.hsum, g.histograms - 1, true);
        if (g.hkahan) g.hkahan = scale(*g.hkahan, g.histograms - 1, true);
      }
      if (op == AggOp::Avg) {
        double q = (g.histograms - 1) / g.histograms;
        if (g.hkahan) g.hkahan = scale(*g.hkahan, q, false);
        *g.hmean = scale(*g.hmean, q, false);
        plus(*g.hmean, g.hkahan, scale(*e.h, g.histograms, true));
        continue;
      }
      plus(*g.hsum, g.hkahan, *e.h);
      continue;
    }
    if (e.h != nullptr) {
      if (op == AggOp::Limitk || op == AggOp::LimitRatio) {
        // limitk and limit_ratio keep histograms as they are.
      } else {
        switch (op) {
          case AggOp::Min:
          case AggOp::Max:
          case AggOp::Stddev:
          case AggOp::Stdvar:
          case AggOp::Quantile:
          case AggOp::Topk:
          case AggOp::Bottomk:
            ev.info(a->expr->span,
                    "ignored histogram in " + std::string(spelling(op)) + " aggregation");
            break;
          default: break;
        }
        continue;  // native histograms: not yet aggregated
      }
    }
    double f = e.f;
    bool first = !g.floats;
    g.floats = true;
    switch (op) {
      case AggOp::Sum:
        if (first) {
          g.value = f;
        } else {
          kahan_add(f, g.value, g.kahan);
        }
        break;
      case AggOp::Avg:
        g.count += 1;
        if (first) {
          g.value = f;
          break;
        }
        if (!g.incremental) {
          double sum = g.value, c = g.kahan;
          kahan_add(f, sum, c);
          if (!std::isinf(sum)) {
            g.value = sum;
            g.kahan = c;
            break;
          }
          g.incremental = true;
          g.mean = g.value / (g.count - 1);
          g.kahan /= g.count - 1;
        }
        {
          double q = (g.count - 1) / g.count;
          double mean = q * g.mean, c = q * g.kahan;
          kahan_add(f / g.count, mean, c);
          g.mean = mean;
          g.kahan = c;
        }
        break;
      case AggOp::Count: g.value += 1; break;
      case AggOp::Min:
        if (first || g.value > f || std::isnan(g.value)) g.value = f;
        break;
      case AggOp::Max:
        if (first || g.value < f || std::isnan(g.value)) g.value = f;
        break;
      case AggOp::Group: g.value = 1; break;
      case AggOp::Stddev:
      case AggOp::Stdvar: {
        g.count += 1;
        if (first) {
          g.mean = f;
          g.value = std::isnan(f) || std::isinf(f) ? std::nan("") : 0;
          break;
        }
        double delta = f - g.mean;
        g.mean += delta / g.count;
        g.value += delta * (f - g.mean);
        break;
      }
      case AggOp::Quantile: g.values.push_back(f); break;
      case AggOp::Topk:
      case AggOp::Bottomk:
      case AggOp::Limitk: g.members.push_back(std::move(e)); break;
      case AggOp::LimitRatio: {
        double offset = static_cast<double>(labels_hash(e.labels)) /
                        static_cast<double>(std::numeric_limits<uint64_t>::max());
        if ((ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1.0 + ratio)) {
          g.members.push_back(std::move(e));
        }
        break;
      }
      case AggOp::CountValues: break;
    }
  }

  for (Group& g : groups) {
    if (op == AggOp::Topk || op == AggOp::Bottomk || op == AggOp::Limitk ||
        op == AggOp::LimitRatio) {
      if (op == AggOp::Topk || op == AggOp::Bottomk) {
        bool top = op == AggOp::Topk;
        std::stable_sort(g.members.begin(), g.members.end(),
                         [&](const Elem& x, const Elem& y) { return before(x.f, y.f, top); });
      }
      if (op != AggOp::LimitRatio && static_cast<int64_t>(g.members.size()) > k) {
        g.members.resize(static_cast<size_t>(k));
      }
      for (Elem& e : g.members) out.vec.push_back(std::move(e));
      continue;
    }
    if (g.histograms > 0) {
      if (g.floats) {
        ev.warn(a->expr->span, "encountered a mix of histograms and floats for aggregation");
        continue;
      }
      if (g.reset_seen && g.not_reset_seen) {
        ev.warn(a->expr->span, "conflicting counter resets during histogram aggregation");
      }
      if (g.incompatible || !g.hsum) continue;
      Histogram h;
      if (op != AggOp::Avg) {
        h = g.hkahan ? *combine(*g.hsum, *g.hkahan, 1) : *g.hsum;
      } else if (g.hmean) {
        h = g.hkahan ? *combine(*g.hmean, *g.hkahan, 1) : *g.hmean;
      } else {
        h = scale(*g.hsum, g.histograms, true);
        if (g.hkahan) h = *combine(h, scale(*g.hkahan, g.histograms, true), 1);
      }
      compact(h);
      out.vec.push_back(Elem{std::move(g.labels), 0, ev.keep(std::move(h)), 0, g.drop_name});
      continue;
    }
    if (!g.floats) continue;
    Elem r;
    r.labels = std::move(g.labels);
    r.drop_name = g.drop_name;
    switch (op) {
      case AggOp::Sum: r.f = g.value + g.kahan; break;
      case AggOp::Avg:
        r.f = g.incremental ? g.mean + g.kahan : g.value / g.count + g.kahan / g.count;
        break;
      case AggOp::Stdvar: r.f = g.value / g.count; break;
      case AggOp::Stddev: r.f = std::sqrt(g.value / g.count); break;
      case AggOp::Quantile: r.f = quantile(param.scalar, g.values); break;
      default: r.f = g.value; break;
    }
    out.vec.push_back(std::move(r));
  }
  return out;
}

}  // namespace mzr::eval::detail
