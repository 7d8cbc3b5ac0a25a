#include "compiler/promql/functions.h"

#include <algorithm>

namespace mzr::promql {
namespace {

constexpr ValueType V = ValueType::Vector;
constexpr ValueType M = ValueType::Matrix;
constexpr ValueType S = ValueType::Scalar;
constexpr ValueType Str = ValueType::String;

Function fn(std::string_view name, std::vector<ValueType> args, int variadic = 0, ValueType ret = V,
            bool experimental = false, bool drops_name = true) {
  return Function{name, std::move(args), variadic, ret, experimental, drops_name};
}

// Sorted by name so lookup can bisect.
std::vector<Function> make_table() {
  std::vector<Function> t;
  // Instant vector in, instant vector out.
  for (std::string_view n : {"abs",
                             "absent",
                             "acos",
                             "acosh",
                             "asin",
                             "asinh",
                             "atan",
                             "atanh",
                             "ceil",
                             "cos",
                             "cosh",
                             "deg",
                             "exp",
                             "floor",
                             "histogram_avg",
                             "histogram_count",
                             "histogram_sum",
                             "histogram_stddev",
                             "histogram_stdvar",
                             "ln",
                             "log10",
                             "log2",
                             "rad",
                             "sgn",
                             "sin",
                             "sinh",
                             "sqrt",
                             "tan",
                             "tanh",
                             "timestamp"}) {
    t.push_back(fn(n, {V}));
  }
  t.push_back(fn("sort", {V}, 0, V, false, false));
  t.push_back(fn("sort_desc", {V}, 0, V, false, false));
  t.push_back(fn("start_timestamp", {V}, 0, V, true));
  // Range vector in, instant vector out.
  for (std::string_view n :
       {"absent_over_time", "avg_over_time", "changes", "count_over_time", "delta", "deriv",
        "idelta", "increase", "irate", "max_over_time", "min_over_time", "present_over_time",
        "rate", "resets", "stddev_over_time", "stdvar_over_time", "sum_over_time"}) {
    t.push_back(fn(n, {M}));
  }
  t.push_back(fn("first_over_time", {M}, 0, V, false, false));
  t.push_back(fn("last_over_time", {M}, 0, V, false, false));
  for (std::string_view n : {"mad_over_time", "ts_of_first_over_time", "ts_of_last_over_time",
                             "ts_of_max_over_time", "ts_of_min_over_time"}) {
    t.push_back(fn(n, {M}, 0, V, true));
  }
  // Date functions: an optional instant vector, defaulting to vector(time()).
  for (std::string_view n : {"days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour",
                             "minute", "month", "year"}) {
    t.push_back(fn(n, {V}, 1));
  }
  t.push_back(fn("clamp", {V, S, S}));
  t.push_back(fn("clamp_max", {V, S}));
  t.push_back(fn("clamp_min", {V, S}));
  t.push_back(fn("round", {V, S}, 1));
  t.push_back(fn("predict_linear", {M, S}));
  t.push_back(fn("quantile_over_time", {S, M}));
  t.push_back(fn("histogram_quantile", {S, V}));
  t.push_back(fn("histogram_fraction", {S, S, V}));
  t.push_back(fn("label_replace", {V, Str, Str, Str, Str}, 0, V, false, false));
  t.push_back(fn("label_join", {V, Str, Str, Str}, -1, V, false, false));
  t.push_back(fn("scalar", {V}, 0, S));
  t.push_back(fn("vector", {S}));
  t.push_back(fn("time", {}, 0, S));
  t.push_back(fn("pi", {}, 0, S));
  t.push_back(fn("double_exponential_smoothing", {M, S, S}, 0, V, true));
  t.push_back(fn("histogram_quantiles", {V, Str, S, S}, 9, V, true));
  t.push_back(fn("info", {V, V}, 1, V, true, false));
  t.push_back(fn("sort_by_label", {V, Str}, -1, V, true, false));
  t.push_back(fn("sort_by_label_desc", {V, Str}, -1, V, true, false));
  for (std::string_view n : {"start", "end", "step", "range"}) t.push_back(fn(n, {}, 0, S, true));
  t.push_back(fn("max_of", {S, S}, 0, S, true));
  t.push_back(fn("min_of", {S, S}, 0, S, true));
  std::sort(t.begin(), t.end(),
            [](const Function& a, const Function& b) { return a.name < b.name; });
  return t;
}

const std::vector<Function>& table() {
  static const std::vector<Function> t = make_table();
  return t;
}

}  // namespace

const Function* find_function(std::string_view name) {
  const auto& t = table();
  auto it = std::lower_bound(t.begin(), t.end(), name,
                             [](const Function& f, std::string_view n) { return f.name < n; });
  return it != t.end() && it->name == name ? &*it : nullptr;
}

std::span<const Function> all_functions() {
  return table();
}

}  // namespace mzr::promql
