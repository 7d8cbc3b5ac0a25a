// PromQL's counter and gauge range functions: rate, increase, delta (extrapolated, anchored and
// smoothed), irate, idelta, resets, changes.

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

double interpolate_counter(const Point& p1, const Point& p2, int64_t t, bool counter) {
  double y1 = p1.f, y2 = p2.f;
  if (counter && y2 < y1) y1 = 0;
  return y1 + (y2 - y1) * static_cast<double>(t - p1.t) / static_cast<double>(p2.t - p1.t);
}

// Prometheus' extendedRate: rate, increase and delta over an anchored or smoothed range.
void extended_rate(Ctx& c, const RangeElem& r, bool counter, bool rate) {
  const Val& m = c.args[0];
  std::vector<Point> buf;
  const std::vector<Point>& f = floats_of(r, buf);
  if (f.empty() || f.size() != r.points.size()) return;
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
    std::vector<Point> buf;
    const std::vector<Point>& s = floats_of(r, buf);
    if (s.size() < 2) continue;
    if (counter) not_a_counter_info(c, r);
    double result = s.back().f - s.front().f;
    if (counter) {
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
    if (counter && result > 0 && s.front().f >= 0) {
      double to_zero = sampled * (s.front().f / result);
      if (to_zero < to_start) to_start = to_zero;
    }
    interval += to_start;
    if (to_end >= threshold) to_end = avg / 2;
    interval += to_end;
    double factor = interval / sampled;
    if (rate) factor /= static_cast<double>(m.range_end - m.range_start) / 1000;
    c.emit(r.labels, r.drop_name, result * factor);
  }
}

void instant_value(Ctx& c, bool rate) {
  for (const RangeElem& r : c.args[0].mat) {
    std::vector<Point> buf;
    const std::vector<Point>& s = floats_of(r, buf);
    if (s.size() < 2) continue;
    const Point& prev = s[s.size() - 2];
    const Point& last = s.back();
    double v = last.f;
    if (!rate || !(last.f < prev.f)) v = last.f - prev.f;
    int64_t dt = last.t - prev.t;
    if (dt == 0) continue;
    if (rate) v /= static_cast<double>(dt) / 1000;
    c.emit(r.labels, r.drop_name, v);
  }
}

}  // namespace

void register_rate_functions(FunctionTable& m) {
  m["rate"] = [](Ctx& c) { extrapolated_rate(c, true, true); };
  m["increase"] = [](Ctx& c) { extrapolated_rate(c, true, false); };
  m["delta"] = [](Ctx& c) { extrapolated_rate(c, false, false); };
  m["irate"] = [](Ctx& c) { instant_value(c, true); };
  m["idelta"] = [](Ctx& c) { instant_value(c, false); };
  auto count_changes = [](bool resets) {
    return [resets](Ctx& c) {
      for (const RangeElem& r : c.args[0].mat) {
        std::vector<Point> buf;
        const std::vector<Point>& s = floats_of(r, buf);
        if (s.empty()) continue;
        auto from = first_index(c.args[0], s);
        if (!from) continue;
        double n = 0;
        for (size_t i = *from + 1; i < s.size(); ++i) {
          double x = s[i].f, y = s[i - 1].f;
          if (resets) {
            n += x < y ? 1 : 0;
          } else if (!(x == y || (std::isnan(x) && std::isnan(y)))) {
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
