#pragma once
// What Prometheus' promqltest harness does around an eval besides running it: storing classic
// histograms also as native histograms with custom buckets (load_with_nhcb), moving instant
// queries to other evaluation times with `@`, and which queries it does not move.

#include <cstdint>
#include <vector>

#include "compiler/eval/store.h"
#include "compiler/promql/ast.h"
#include "compiler/syntax/series_notation.h"

namespace mzr::testing::promqltest {

// load_with_nhcb: the classic histograms of `descs` (`_bucket` with `le`, `_count`, `_sum`) are
// also stored as native histograms with custom buckets, named without the suffix.
void add_nhcb(eval::Store& store, const std::vector<syntax::SeriesDescription>& descs,
              int64_t interval);

// step(), range(), start() or end(), or a duration expression with step or range: the result
// depends on the query's range, so the harness compares no range run with the instant one.
bool uses_time_functions(const promql::Expr* e);
// Functions whose result depends on the evaluation time: the harness does not move such queries
// to other times (Prometheus' AtModifierUnsafeFunctions, and start/end/range/step).
bool uses_unsafe_functions(const promql::Expr* e);
// The harness's rewrite: `@ t` on every selector and subquery that has none (not inside one
// that has one).
void fix_at(promql::Expr* e, double seconds);

}  // namespace mzr::testing::promqltest
