// PromQL functions (Prometheus promql/functions.go), on the values of one evaluation step: the
// function table, the math and time functions, and the call itself. The other families have a
// file each (functions_*.cpp).

#include <cmath>
#include <functional>
#include <numbers>
#include <string_view>

#include "compiler/eval/functions_internal.h"

namespace mzr::eval::detail {

using namespace promql;

void map_floats(Ctx& c, const std::function<double(double)>& fn) {
  for (Elem& e : c.args[0].vec) {
    if (e.h != nullptr) continue;
    c.emit(std::move(e.labels), e.drop_name, fn(e.f));
  }
}

namespace {

// ---- instant vector functions ------------------------------------------------------------------

Impl simple(double (*fn)(double)) {
  return [fn](Ctx& c) { map_floats(c, fn); };
}

double sgn(double v) {
  if (v < 0) return -1;
  if (v > 0) return 1;
  return v;
}

// Civil date from days since the epoch (H. Hinnant's algorithm).
struct Civil {
  int64_t year;
  unsigned month, day;
};
Civil civil_from_days(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {m <= 2 ? y + 1 : y, m, d};
}
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}
bool leap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int64_t floor_div(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

Impl date_function(std::function<double(int64_t secs)> fn) {
  return [fn](Ctx& c) {
    if (c.args.empty()) {
      c.out.vec.push_back(
          Elem{{}, fn(static_cast<int64_t>(static_cast<double>(c.t) / 1000.0)), nullptr, c.t});
      return;
    }
    map_floats(c, [&](double v) { return fn(static_cast<int64_t>(v)); });
  };
}

double days_in_month(int64_t secs) {
  Civil cv = civil_from_days(floor_div(secs, 86400));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (cv.month == 2 && leap(cv.year)) return 29;
  return kDays[cv.month - 1];
}

}  // namespace

// The float points of a series: the series' own points when it has no histogram, else a copy
// in `buf`.
const std::vector<Point>& floats_of(const RangeElem& r, std::vector<Point>& buf) {
  bool histograms = false;
  for (const Point& p : r.points) histograms |= p.h != nullptr;
  if (!histograms) return r.points;
  for (const Point& p : r.points) {
    if (p.h == nullptr) buf.push_back(p);
  }
  return buf;
}

namespace {

const FunctionTable& table() {
  static const FunctionTable t = [] {
    FunctionTable m;
    m["abs"] = simple([](double v) { return std::fabs(v); });
    m["ceil"] = simple([](double v) { return std::ceil(v); });
    m["floor"] = simple([](double v) { return std::floor(v); });
    m["exp"] = simple([](double v) { return std::exp(v); });
    m["sqrt"] = simple([](double v) { return std::sqrt(v); });
    m["ln"] = simple([](double v) { return std::log(v); });
    m["log2"] = simple([](double v) { return std::log2(v); });
    m["log10"] = simple([](double v) { return std::log10(v); });
    m["sin"] = simple([](double v) { return std::sin(v); });
    m["cos"] = simple([](double v) { return std::cos(v); });
    m["tan"] = simple([](double v) { return std::tan(v); });
    m["asin"] = simple([](double v) { return std::asin(v); });
    m["acos"] = simple([](double v) { return std::acos(v); });
    m["atan"] = simple([](double v) { return std::atan(v); });
    m["sinh"] = simple([](double v) { return std::sinh(v); });
    m["cosh"] = simple([](double v) { return std::cosh(v); });
    m["tanh"] = simple([](double v) { return std::tanh(v); });
    m["asinh"] = simple([](double v) { return std::asinh(v); });
    m["acosh"] = simple([](double v) { return std::acosh(v); });
    m["atanh"] = simple([](double v) { return std::atanh(v); });
    m["deg"] = simple([](double v) { return v * 180 / std::numbers::pi; });
    m["rad"] = simple([](double v) { return v * std::numbers::pi / 180; });
    m["sgn"] = simple(sgn);
    m["pi"] = [](Ctx& c) {
      c.out.type = ValueType::Scalar;
      c.out.scalar = std::numbers::pi;
    };
    m["time"] = [](Ctx& c) {
      c.out.type = ValueType::Scalar;
      c.out.scalar = static_cast<double>(c.t) / 1000;
    };
    auto scalar_fn = [](std::function<double(Ctx&)> fn) {
      return [fn](Ctx& c) {
        c.out.type = ValueType::Scalar;
        c.out.scalar = fn(c);
      };
    };
    m["start"] = scalar_fn([](Ctx& c) { return static_cast<double>(c.ev.start()) / 1000; });
    m["end"] = scalar_fn([](Ctx& c) { return static_cast<double>(c.ev.end()) / 1000; });
    m["range"] =
        scalar_fn([](Ctx& c) { return static_cast<double>(c.ev.end() - c.ev.start()) / 1000; });
    m["step"] = scalar_fn([](Ctx& c) {
      return c.ev.start() == c.ev.end() ? 0.0 : static_cast<double>(c.ev.step()) / 1000;
    });
    m["min_of"] = scalar_fn([](Ctx& c) { return go_min(c.args[0].scalar, c.args[1].scalar); });
    m["max_of"] = scalar_fn([](Ctx& c) { return go_max(c.args[0].scalar, c.args[1].scalar); });
    m["vector"] = [](Ctx& c) { c.out.vec.push_back(Elem{{}, c.args[0].scalar, nullptr, c.t}); };
    m["scalar"] = [](Ctx& c) {
      c.out.type = ValueType::Scalar;
      const auto& v = c.args[0].vec;
      // The one float sample of the vector (histograms do not count), else NaN.
      c.out.scalar = std::nan("");
      size_t floats = 0;
      for (const Elem& e : v) {
        if (e.h != nullptr) continue;
        c.out.scalar = ++floats == 1 ? e.f : std::nan("");
      }
    };
    m["round"] = [](Ctx& c) {
      double to = c.args.size() > 1 ? c.args[1].scalar : 1;
      double inv = 1.0 / to;
      map_floats(c, [inv](double v) { return std::floor(v * inv + 0.5) / inv; });
    };
    m["clamp"] = [](Ctx& c) {
      double lo = c.args[1].scalar, hi = c.args[2].scalar;
      if (hi < lo) return;
      map_floats(c, [lo, hi](double v) { return go_max(lo, go_min(hi, v)); });
    };
    m["clamp_min"] = [](Ctx& c) {
      double lo = c.args[1].scalar;
      map_floats(c, [lo](double v) { return go_max(lo, v); });
    };
    m["clamp_max"] = [](Ctx& c) {
      double hi = c.args[1].scalar;
      map_floats(c, [hi](double v) { return go_min(hi, v); });
    };
    m["timestamp"] = [](Ctx& c) {
      bool selector = as<VectorSelector>(unparen(c.call->args[0])) != nullptr;
      for (Elem& e : c.args[0].vec) {
        if (selector && e.t == kNoSample) continue;
        double ts = static_cast<double>(selector ? e.t : c.t) / 1000;
        c.emit(std::move(e.labels), e.drop_name, ts);
      }
    };
    // Prometheus v0.316.0 answers from the start timestamps its storage keeps with the samples:
    // over a selector, one per series with a sample (0 where none was stored, and the store
    // keeps none), over any other expression nothing.
    m["start_timestamp"] = [](Ctx& c) {
      if (as<VectorSelector>(unparen(c.call->args[0])) == nullptr) return;
      for (Elem& e : c.args[0].vec) {
        if (e.t == kNoSample) continue;
        Elem r{std::move(e.labels), 0, nullptr, c.t, e.drop_name};
        c.ev.drop_name(r);
        c.out.vec.push_back(std::move(r));
      }
    };
    m["minute"] = date_function(
        [](int64_t s) { return static_cast<double>(floor_div(s, 60) - floor_div(s, 3600) * 60); });
    m["hour"] = date_function([](int64_t s) {
      return static_cast<double>(floor_div(s, 3600) - floor_div(s, 86400) * 24);
    });
    m["day_of_week"] = date_function([](int64_t s) {
      int64_t d = floor_div(s, 86400);
      return static_cast<double>(((d % 7) + 7 + 4) % 7);
    });
    m["day_of_month"] = date_function(
        [](int64_t s) { return static_cast<double>(civil_from_days(floor_div(s, 86400)).day); });
    m["day_of_year"] = date_function([](int64_t s) {
      int64_t d = floor_div(s, 86400);
      Civil cv = civil_from_days(d);
      return static_cast<double>(d - days_from_civil(cv.year, 1, 1) + 1);
    });
    m["month"] = date_function(
        [](int64_t s) { return static_cast<double>(civil_from_days(floor_div(s, 86400)).month); });
    m["year"] = date_function(
        [](int64_t s) { return static_cast<double>(civil_from_days(floor_div(s, 86400)).year); });
    m["days_in_month"] = date_function(days_in_month);
    register_label_functions(m);
    register_histogram_functions(m);
    register_rate_functions(m);
    register_over_time_functions(m);
    return m;
  }();
  return t;
}

}  // namespace

Val apply_function(Evaluator& ev, const Call* call, std::vector<Val>& args, int64_t t) {
  Ctx c{ev, call, args, t, {}};
  c.out.type = call->func->return_type;
  auto it = table().find(call->func->name);
  if (it == table().end()) {
    ev.fail("function \"" + std::string(call->func->name) +
                "\" is not supported by mzrules' "
                "evaluator yet",
            call->span);
  }
  std::string_view name = call->func->name;
  for (const Val& a : args) {
    if (a.anchored && !(name == "resets" || name == "changes" || name == "rate" ||
                        name == "increase" || name == "delta")) {
      ev.fail(
          "anchored modifier can only be used with: changes, delta, increase, rate, resets - "
          "not with " +
              std::string(name),
          call->span);
    }
    if (a.smoothed && !(name == "rate" || name == "increase" || name == "delta")) {
      ev.fail("smoothed modifier can only be used with: delta, increase, rate - not with " +
                  std::string(name),
              call->span);
    }
  }
  if ((name == "sort" || name == "sort_desc" || name == "sort_by_label" ||
       name == "sort_by_label_desc") &&
      ev.multi_step()) {
    ev.warn(call->span,
            "sort is ineffective for range queries since results are always ordered by labels");
  }
  it->second(c);
  return std::move(c.out);
}

}  // namespace mzr::eval::detail
