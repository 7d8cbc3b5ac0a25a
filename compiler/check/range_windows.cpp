#include "compiler/check/range_windows.h"

#include <fmt/format.h>

#include <cmath>

#include "compiler/check/expr_walk.h"

namespace mzr {

void check_range_windows(const promql::Expr* root, Duration scrape_interval, Diagnostics& diags) {
  walk_expr(root, [&](const promql::Expr* e) {
    const auto* m = promql::as<promql::MatrixSelector>(e);
    if (m == nullptr) return;
    // Ranges computed with duration arithmetic are not judged.
    const auto* lit = promql::as<promql::NumberLiteral>(m->range);
    if (lit == nullptr) return;
    auto ms = static_cast<int64_t>(std::llround(lit->value * 1000));
    if (ms <= 0 || ms >= 2 * scrape_interval.ms) return;
    diags.report(DiagKind::RangeShorterThanTwoScrapes, m->range->span,
                 fmt::format("range of {} is shorter than two scrape intervals ({} each); a "
                             "single missed scrape leaves too few samples",
                             format_duration(Duration{ms}), format_duration(scrape_interval)));
  });
}

}  // namespace mzr
