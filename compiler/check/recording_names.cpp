#include "compiler/check/recording_names.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <string_view>

#include "compiler/base/names.h"

namespace mzr {
namespace {

// The default pattern, level:metric:operations, checked without the regex engine: every rule is
// checked, and the pattern is three non-empty parts separated by colons.
bool follows_convention(std::string_view name) {
  size_t first = name.find(':');
  if (first == std::string_view::npos || first == 0) return false;
  size_t second = name.find(':', first + 1);
  return second != std::string_view::npos && second > first + 1 && second + 1 < name.size() &&
         name.find(':', second + 1) == std::string_view::npos;
}

}  // namespace

void check_recording_names(const std::vector<model::RuleSet>& sets, const model::RulePolicy& policy,
                           Diagnostics& diags) {
  RE2 pattern(policy.recording_name, RE2::Quiet);
  if (!pattern.ok()) return;  // reported when the settings were read
  bool conventional = policy.recording_name == model::RulePolicy{}.recording_name;
  for (const model::RuleSet& set : sets) {
    for (const model::RuleGroup& g : set.groups) {
      for (const model::Rule& r : g.rules) {
        if (r.kind != model::RuleKind::Recording || r.name.value.empty()) continue;
        // Names that are not plain metric names are reported as invalid, or come from a syntax
        // error; the convention is not the problem there.
        if (!is_legacy_metric_name(r.name.value)) continue;
        if (conventional ? follows_convention(r.name.value)
                         : RE2::FullMatch(r.name.value, pattern)) {
          continue;
        }
        diags.report(DiagKind::RecordingRuleName, r.name.span,
                     conventional
                         ? fmt::format("recording rule '{}' does not follow the naming "
                                       "convention level:metric:operations",
                                       r.name.value)
                         : fmt::format("recording rule '{}' does not match the naming pattern "
                                       "'{}' of the project settings",
                                       r.name.value, policy.recording_name));
      }
    }
  }
}

}  // namespace mzr
