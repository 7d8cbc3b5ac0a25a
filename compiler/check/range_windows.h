#pragma once
// Range selectors shorter than two scrape intervals: too few samples for rate() and friends.

#include "compiler/base/diagnostics.h"
#include "compiler/base/duration.h"
#include "compiler/promql/ast.h"

namespace mzr {

void check_range_windows(const promql::Expr* root, Duration scrape_interval, Diagnostics& diags);

}  // namespace mzr
