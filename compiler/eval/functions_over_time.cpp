// PromQL's *_over_time functions, deriv, predict_linear and double_exponential_smoothing.

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

// Prometheus' info when a function of floats meets a range holding floats and histograms.
void ignored_histograms(Ctx& c, const RangeElem& r, const std::vector<Point>& floats) {
  if (floats.empty() || floats.size() == r.points.size()) return;
  c.ev.info(c.arg_span(0),
            "ignored histograms in a range containing both floats and histograms for metric "
            "name " +
                go_quote(get(r.labels, kMetricName)));
}

// Applies fn to the float points of each series that has any.
void over_time(Ctx& c, const std::function<double(const std::vector<Point>&)>& fn,
               bool include_histograms = false) {
  for (const RangeElem& r : c.args[0].mat) {
    std::vector<Point> buf;
    const std::vector<Point>& s = include_histograms ? r.points : floats_of(r, buf);
    if (s.empty()) continue;
    if (!include_histograms) ignored_histograms(c, r, s);
    c.emit(r.labels, r.drop_name, fn(s));
  }
}

// sum_over_time and avg_over_time: floats as before; a range of histograms only is summed (and
// averaged, incrementally once the sum overflows); a mix is dropped with a warning.
void sum_avg_over_time(Ctx& c, bool avg, double (*floats)(const std::vector<Point>&)) {
  for (const RangeElem& r : c.args[0].mat) {
    std::vector<Point> fs, hs;
    for (const Point& p : r.points) (p.h != nullptr ? hs : fs).push_back(p);
    Span span = c.arg_span(0);
    if (!fs.empty() && !hs.empty()) {
      c.ev.warn(span, "encountered a mix of histograms and floats for metric name " +
                          go_quote(get(r.labels, kMetricName)));
      continue;
    }
    if (!fs.empty()) {
      c.emit(r.labels, r.drop_name, floats(fs));
      continue;
    }
    if (hs.empty()) continue;
    bool reset = false, not_reset = false, reconciled = false, incompatible = false;
    auto track = [&](const Histogram& h) {
      reset |= h.hint == CounterResetHint::Reset;
      not_reset |= h.hint == CounterResetHint::NotReset;
    };
    // Adds b to a with Kahan compensation in k (Prometheus' KahanAdd).
    auto plus = [&](Histogram& a, std::optional<Histogram>& k, const Histogram& b) {
      KahanAdded d = kahan_add(a, k, b);
      reconciled |= d.bounds_reconciled;
      incompatible |= !d.ok;
      return d.ok;
    };
    Histogram sum = copy_of(*hs[0].h), mean;
    std::optional<Histogram> comp;
    track(sum);
    bool incremental = false;
    for (size_t i = 1; i < hs.size() && !incompatible; ++i) {
      const Histogram& h = *hs[i].h;
      track(h);
      auto count = static_cast<double>(i + 1);
      if (!avg) {
        plus(sum, comp, h);
        continue;
      }
      if (!incremental) {
        Histogram next = sum;
        std::optional<Histogram> next_comp = comp;
        if (!plus(next, next_comp, h)) break;
        if (!has_overflow(next)) {
          sum = std::move(next);
          comp = std::move(next_comp);
          continue;
        }
        incremental = true;
        mean = scale(sum, count - 1, true);
        if (comp) comp = scale(*comp, count - 1, true);
      }
      double q = (count - 1) / count;
      if (comp) comp = scale(*comp, q, false);
      mean = scale(mean, q, false);
      plus(mean, comp, scale(h, count, true));
    }
    if (reset && not_reset) {
      c.ev.warn(span, "conflicting counter resets during histogram aggregation");
    }
    if (reconciled) c.ev.info(span, "mismatched custom buckets were reconciled during aggregation");
    if (incompatible) {
      c.ev.warn(span,
                "vector contains a mix of histograms with exponential and custom buckets schemas "
                "for metric name " +
                    go_quote(get(r.labels, kMetricName)));
      continue;
    }
    auto n = static_cast<double>(hs.size());
    Histogram out = !avg ? std::move(sum) : incremental ? std::move(mean) : scale(sum, n, true);
    if (comp) {
      // The compensation has the sum's buckets: nothing to reconcile.
      if (auto d = combine(out, !avg || incremental ? *comp : scale(*comp, n, true), 1)) {
        out = std::move(*d);
      }
    }
    c.emit_histogram(r.labels, r.drop_name, c.ev.keep(std::move(out)));
  }
}

std::pair<double, double> linear_regression(const std::vector<Point>& s, int64_t intercept_t) {
  double n = 0, sum_x = 0, cx = 0, sum_y = 0, cy = 0, sum_xy = 0, cxy = 0, sum_x2 = 0, cx2 = 0;
  double init_y = s[0].f;
  bool const_y = true;
  for (size_t i = 0; i < s.size(); ++i) {
    if (const_y && i > 0 && s[i].f != init_y) const_y = false;
    n += 1;
    double x = static_cast<double>(s[i].t - intercept_t) / 1e3;
    kahan_add(x, sum_x, cx);
    kahan_add(s[i].f, sum_y, cy);
    kahan_add(x * s[i].f, sum_xy, cxy);
    kahan_add(x * x, sum_x2, cx2);
  }
  if (const_y) {
    if (std::isinf(init_y)) return {std::nan(""), std::nan("")};
    return {0, init_y};
  }
  sum_x += cx;
  sum_y += cy;
  sum_xy += cxy;
  sum_x2 += cx2;
  double cov = sum_xy - sum_x * sum_y / n;
  double var = sum_x2 - sum_x * sum_x / n;
  double slope = cov / var;
  return {slope, sum_y / n - slope * sum_x / n};
}

double avg_of(const std::vector<Point>& s) {
  double sum = s[0].f, count = 1, mean = 0, kc = 0;
  bool incremental = false;
  for (size_t i = 1; i < s.size(); ++i) {
    count = static_cast<double>(i + 1);
    double f = s[i].f;
    if (!incremental) {
      double ns = sum, nc = kc;
      kahan_add(f, ns, nc);
      if (!std::isinf(ns)) {
        sum = ns;
        kc = nc;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      kc /= count - 1;
    }
    double q = (count - 1) / count;
    double m = q * mean, cc = q * kc;
    kahan_add(f / count, m, cc);
    mean = m;
    kc = cc;
  }
  if (incremental) return mean + kc;
  return sum / count + kc / count;
}

double variance_of(const std::vector<Point>& s) {
  double count = 0, mean = 0, cmean = 0, aux = 0, caux = 0;
  for (const Point& p : s) {
    count += 1;
    double delta = p.f - (mean + cmean);
    kahan_add(delta / count, mean, cmean);
    kahan_add(delta * (p.f - (mean + cmean)), aux, caux);
  }
  return (aux + caux) / count;
}

double compare_over_time(const std::vector<Point>& s, bool ts,
                         const std::function<bool(double, double)>& better) {
  double best = s[0].f;
  int64_t best_t = s[0].t;
  for (const Point& p : s) {
    if (better(p.f, best)) {
      best = p.f;
      best_t = p.t;
    }
  }
  return ts ? static_cast<double>(best_t) / 1000 : best;
}

void double_exponential_smoothing(Ctx& c) {
  double sf = c.args[1].scalar, tf = c.args[2].scalar;
  auto fmt6 = [](double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%f", v);
    return std::string(buf);
  };
  if (sf <= 0 || sf >= 1) {
    c.ev.fail("invalid smoothing factor. Expected: 0 < sf < 1, got: " + fmt6(sf), c.call->span);
  }
  if (tf <= 0 || tf >= 1) {
    c.ev.fail("invalid trend factor. Expected: 0 < tf < 1, got: " + fmt6(tf), c.call->span);
  }
  for (const RangeElem& r : c.args[0].mat) {
    std::vector<Point> buf;
    const std::vector<Point>& s = floats_of(r, buf);
    ignored_histograms(c, r, s);
    if (s.size() < 2) continue;
    double s0 = 0, s1 = s[0].f, b = s[1].f - s[0].f;
    for (size_t i = 1; i < s.size(); ++i) {
      double x = sf * s[i].f;
      if (i - 1 != 0) b = tf * (s1 - s0) + (1 - tf) * b;
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    c.emit(r.labels, r.drop_name, s1);
  }
}

}  // namespace

void register_over_time_functions(FunctionTable& m) {
  m["deriv"] = [](Ctx& c) {
    for (const RangeElem& r : c.args[0].mat) {
      std::vector<Point> buf;
      const std::vector<Point>& s = floats_of(r, buf);
      ignored_histograms(c, r, s);
      if (s.size() < 2) continue;
      c.emit(r.labels, r.drop_name, linear_regression(s, s[0].t).first);
    }
  };
  m["predict_linear"] = [](Ctx& c) {
    double d = c.args[1].scalar;
    for (const RangeElem& r : c.args[0].mat) {
      std::vector<Point> buf;
      const std::vector<Point>& s = floats_of(r, buf);
      ignored_histograms(c, r, s);
      if (s.size() < 2) continue;
      auto [slope, intercept] = linear_regression(s, c.t);
      c.emit(r.labels, r.drop_name, slope * d + intercept);
    }
  };
  m["avg_over_time"] = [](Ctx& c) { sum_avg_over_time(c, true, avg_of); };
  m["sum_over_time"] = [](Ctx& c) {
    sum_avg_over_time(c, false, [](const std::vector<Point>& s) {
      double sum = 0, k = 0;
      for (const Point& p : s) kahan_add(p.f, sum, k);
      return std::isinf(sum) ? sum : sum + k;
    });
  };
  m["count_over_time"] = [](Ctx& c) {
    over_time(
        c, [](const std::vector<Point>& s) { return static_cast<double>(s.size()); }, true);
  };
  m["min_over_time"] = [](Ctx& c) {
    over_time(c, [](const std::vector<Point>& s) {
      return compare_over_time(s, false, [](double a, double b) { return a < b || std::isnan(b); });
    });
  };
  m["max_over_time"] = [](Ctx& c) {
    over_time(c, [](const std::vector<Point>& s) {
      return compare_over_time(s, false, [](double a, double b) { return a > b || std::isnan(b); });
    });
  };
  m["ts_of_min_over_time"] = [](Ctx& c) {
    over_time(c, [](const std::vector<Point>& s) {
      return compare_over_time(s, true, [](double a, double b) { return a <= b || std::isnan(b); });
    });
  };
  m["ts_of_max_over_time"] = [](Ctx& c) {
    over_time(c, [](const std::vector<Point>& s) {
      return compare_over_time(s, true, [](double a, double b) { return a >= b || std::isnan(b); });
    });
  };
  m["ts_of_last_over_time"] = [](Ctx& c) {
    over_time(
        c, [](const std::vector<Point>& s) { return static_cast<double>(s.back().t) / 1000; },
        true);
  };
  m["ts_of_first_over_time"] = [](Ctx& c) {
    over_time(
        c, [](const std::vector<Point>& s) { return static_cast<double>(s.front().t) / 1000; },
        true);
  };
  m["stddev_over_time"] = [](Ctx& c) {
    over_time(c, [](const std::vector<Point>& s) { return std::sqrt(variance_of(s)); });
  };
  m["stdvar_over_time"] = [](Ctx& c) { over_time(c, variance_of); };
  m["quantile_over_time"] = [](Ctx& c) {
    double q = c.args[0].scalar;
    for (const RangeElem& r : c.args[1].mat) {
      std::vector<double> v;
      for (const Point& p : r.points) {
        if (p.h == nullptr) v.push_back(p.f);
      }
      if (v.empty()) continue;
      // As Prometheus: a warning only where a series has floats to take the quantile of.
      if (std::isnan(q) || q < 0 || q > 1) {
        c.ev.warn(c.arg_span(0), "quantile value should be between 0 and 1, got " + format_g(q));
      }
      if (v.size() != r.points.size()) {
        c.ev.info(c.arg_span(0),
                  "ignored histograms in a range containing both floats and histograms for "
                  "metric name " +
                      go_quote(get(r.labels, kMetricName)));
      }
      c.emit(r.labels, r.drop_name, quantile(q, v));
    }
  };
  m["mad_over_time"] = [](Ctx& c) {
    over_time(c, [](const std::vector<Point>& s) {
      std::vector<double> v;
      for (const Point& p : s) {
        if (std::isnan(p.f)) return std::nan("");  // the median is undefined
        v.push_back(p.f);
      }
      double median = quantile(0.5, v);
      for (double& x : v) x = std::fabs(x - median);
      return quantile(0.5, v);
    });
  };
  m["double_exponential_smoothing"] = double_exponential_smoothing;
  auto last_first = [](bool last) {
    return [last](Ctx& c) {
      for (const RangeElem& r : c.args[0].mat) {
        if (r.points.empty()) continue;
        const Point& p = last ? r.points.back() : r.points.front();
        Elem e{r.labels, p.f, p.h, c.t, r.drop_name};
        if (c.call->func->drops_name) c.ev.drop_name(e);
        c.out.vec.push_back(std::move(e));
      }
    };
  };
  m["last_over_time"] = last_first(true);
  m["first_over_time"] = last_first(false);
  m["present_over_time"] = [](Ctx& c) {
    over_time(
        c, [](const std::vector<Point>&) { return 1.0; }, true);
  };
}

}  // namespace mzr::eval::detail
