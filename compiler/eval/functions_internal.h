#pragma once
// What the files of PromQL's functions share: the call's context, the function table they each
// add their functions to, and helpers used by more than one of them.

#include <functional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/eval/evaluator.h"
#include "compiler/promql/functions.h"

namespace mzr::eval::detail {

struct Ctx {
  Evaluator& ev;
  const promql::Call* call;
  std::vector<Val>& args;
  int64_t t;
  Val out;

  Span arg_span(size_t i) const { return call->args[i]->span; }
  // A result sample for one input series, named as the function says.
  void emit(Labels labels, bool drop, double f) {
    Elem e{std::move(labels), f, nullptr, t, drop};
    if (call->func->drops_name) ev.drop_name(e);
    out.vec.push_back(std::move(e));
  }
  // A histogram result sample for one input series.
  void emit_histogram(Labels labels, bool drop, const Histogram* h) {
    Elem e{std::move(labels), 0, h, t, drop};
    if (call->func->drops_name) ev.drop_name(e);
    out.vec.push_back(std::move(e));
  }
};

using Impl = std::function<void(Ctx&)>;
using FunctionTable = std::unordered_map<std::string_view, Impl>;

// Applies fn to each float sample of the first argument (histogram samples are skipped).
void map_floats(Ctx& c, const std::function<double(double)>& fn);
// The float points of a series: the series' own points when it has no histogram, else a copy
// in `buf`.
const std::vector<Point>& floats_of(const RangeElem& r, std::vector<Point>& buf);

// Each file adds its functions to the table.
void register_label_functions(FunctionTable& m);
void register_histogram_functions(FunctionTable& m);
void register_rate_functions(FunctionTable& m);
void register_over_time_functions(FunctionTable& m);

}  // namespace mzr::eval::detail
