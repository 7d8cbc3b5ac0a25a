#pragma once
// PromQL evaluation with the semantics of Prometheus 3's engine (promql/engine.go): instant and
// range queries over a Store, with the lookback delta, left-open ranges, staleness, `offset`,
// `@`, subqueries, aggregations, binary operators and functions. Errors and annotations come back
// as values; report() turns them into diagnostics.
//
//   eval::QueryOptions options;
//   eval::Outcome out = eval::range_query(store, root, start, end, step, options);
//   if (out.ok) print(out.result);

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/eval/store.h"
#include "compiler/promql/ast.h"

namespace mzr::eval {

struct QueryOptions {
  int64_t lookback_ms = 5 * 60 * 1000;
  // Prometheus' --query.max-samples and --query.timeout defaults.
  size_t max_samples = 50'000'000;
  std::chrono::milliseconds timeout{2 * 60 * 1000};
  // Feature promql-delayed-name-removal: `__name__` is removed at the end of the evaluation
  // rather than by each operation (so label_replace can still read it).
  bool delayed_name_removal = false;
  // The step of subqueries written without one (`[5m:]`); Prometheus uses the rule group's
  // interval or the global evaluation interval (1m by default).
  int64_t default_subquery_step_ms = 60 * 1000;
  bool experimental_functions = true;
  // Source offset of the query's first byte: annotation texts end with a (line:column) in the
  // query, as Prometheus writes them.
  uint32_t query_base = 0;
};

struct Point {
  int64_t t = 0;
  double f = 0;
  const Histogram* h = nullptr;
};

struct InstantSample {
  Labels labels;
  double f = 0;
  const Histogram* h = nullptr;
};

struct SeriesPoints {
  Labels labels;
  std::vector<Point> points;
};

struct Result {
  promql::ValueType type = promql::ValueType::None;
  double scalar = 0;  // ValueType::Scalar
  std::string string;
  std::vector<InstantSample> vector;  // in the engine's order (meaningful after sort())
  std::vector<SeriesPoints> matrix;   // range queries, or an instant range-vector result
};

struct Annotation {
  bool warning = false;  // else info
  std::string message;   // Prometheus' text, "PromQL warning: ... (1:6)"
  Span span;
};

struct Outcome {
  bool ok = false;
  Result result;
  DiagKind error_kind = DiagKind::EvalFailed;
  std::string error;  // Prometheus' message
  Span error_span;
  std::vector<Annotation> annotations;
};

Outcome instant_query(const Store& store, const promql::Expr* root, int64_t t_ms,
                      const QueryOptions& options);
Outcome range_query(const Store& store, const promql::Expr* root, int64_t start_ms, int64_t end_ms,
                    int64_t step_ms, const QueryOptions& options);

// The error (E1001–E1003) and the annotations (W1004, I1005) of an outcome as diagnostics.
void report(const Outcome& outcome, Span query, Diagnostics& diags);

}  // namespace mzr::eval
