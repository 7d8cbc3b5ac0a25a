#pragma once
// The lints on PromQL expressions, as one table: a row per lint names its diagnostic, what it
// checks and the kinds of query it runs on, and one walk (promql/walk.h) runs every row that
// applies to the query at hand, whether a recording rule's, an alert's or a dashboard panel's.
// Adding a lint is adding a row.
//
// Lints that need the result of a fold over the expression rather than a node and what lies
// above it (label inference's, the type of the result, an alert's condition) stay with the fold.

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/duration.h"
#include "compiler/base/suggest.h"
#include "compiler/check/metric_families.h"
#include "compiler/promql/ast.h"
#include "compiler/promql/labels.h"

namespace mzr {

enum class QueryKind : uint8_t { Recording, Alert, Dashboard };

// What the lints may consult; each row reads the parts it needs.
struct PromqlLintEnv {
  const promql::Catalog* catalog = nullptr;  // the metrics the catalogs declare
  // What the repository's recording rules record, and suggestions among those names.
  const std::unordered_set<std::string_view>* recorded = nullptr;
  bool has_recording_rules = false;
  Suggester* recorded_suggestions = nullptr;
  Duration scrape_interval{};                // rules
  const MetricFamilies* families = nullptr;  // the metric families the catalogs describe in full
  // Dashboards: text that a template variable expands to, which no lint judges; and whether a
  // range is the dashboard's own window ($__rate_interval, $__range).
  std::function<bool(Span)> from_variable;
  std::function<bool(const promql::Expr*)> dashboard_window;
};

// A node as the walk reaches it.
struct PromqlLintNode {
  const promql::Expr* expr;
  // Its value reaches the result only through a function or aggregation for which a raw counter
  // is as good as any series (rate(), count(), absent(), ...), or through a range selector.
  bool raw_counter_ok;
};

struct PromqlLint {
  DiagKind code;
  std::string_view checks;  // what it checks, for readers of the table
  bool on_recording, on_alert, on_dashboard;
  void (*run)(const PromqlLintNode& node, const PromqlLintEnv& env, Diagnostics& diags);

  bool runs_on(QueryKind k) const {
    return k == QueryKind::Recording ? on_recording
           : k == QueryKind::Alert   ? on_alert
                                     : on_dashboard;
  }
};

std::span<const PromqlLint> promql_lints();

// Runs every lint of the table that applies to `kind` over `root`. `raw_counter_ok`: the query's
// value itself is not shown as it is (a variable's label_values() selector).
void run_promql_lints(const promql::Expr* root, QueryKind kind, const PromqlLintEnv& env,
                      Diagnostics& diags, bool raw_counter_ok = false);

// The span of a selector's metric name: written before the braces, or its `__name__` matcher.
Span metric_name_span(const promql::VectorSelector* vs);

}  // namespace mzr
