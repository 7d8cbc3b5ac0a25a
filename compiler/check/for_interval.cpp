#include "compiler/check/for_interval.h"

#include <fmt/format.h>

#include "compiler/base/duration.h"

namespace mzr {

void check_for_interval(const model::RuleGroup& g, const model::Rule& r, Diagnostics& diags) {
  if (r.kind != model::RuleKind::Alerting || !g.interval || !r.for_duration) return;
  if (r.for_duration->value.ms <= 0 || !(r.for_duration->value < g.interval->value)) return;
  diags.report(
      DiagKind::ForShorterThanInterval, r.for_duration->span,
      fmt::format("'for: {}' is shorter than the group's interval of {}",
                  format_duration(r.for_duration->value), format_duration(g.interval->value)));
}

}  // namespace mzr
