// The root route's constraints and the names that tie routes, receivers and time intervals
// together, with Alertmanager's messages (config/config.go, Config.UnmarshalYAML).

#include <fmt/format.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/suggest.h"
#include "compiler/check/alertmanager_checks.h"

namespace mzr {
namespace {

using model::Text;

void check_root(const model::AlertmanagerConfig& c, Diagnostics& diags) {
  if (!c.route) {
    diags.report(DiagKind::AmMissingRoute, c.route_at, "no routes provided");
    return;
  }
  const model::AmRoute& r = *c.route;
  if (!r.receiver || r.receiver->value.empty()) {
    diags.report(DiagKind::AmRootRoute, r.receiver ? r.receiver->span : c.route_key,
                 "root route must specify a default receiver");
  }
  if (r.has_match) {
    diags.report(DiagKind::AmRootRoute, r.matchers.front().span,
                 "root route must not have any matchers");
  }
  if (!r.mute_time_intervals.empty()) {
    diags.report(DiagKind::AmRootRoute, r.mute_time_intervals.front().span,
                 "root route must not have any mute time intervals");
  }
  if (!r.active_time_intervals.empty()) {
    diags.report(DiagKind::AmRootRoute, r.active_time_intervals.front().span,
                 "root route must not have any active time intervals");
  }
  if (r.continue_matching) {
    diags.report(DiagKind::AmRootRoute, r.continue_span, "cannot have continue in root route");
  }
}

void check_receiver_names(const model::AlertmanagerConfig& c, Diagnostics& diags) {
  std::map<std::string, Span> seen;
  for (const model::AmReceiver& r : c.receivers) {
    if (r.name.value.empty()) continue;  // the loader reported it
    auto [it, inserted] = seen.emplace(r.name.value, r.name.span);
    if (!inserted) {
      diags
          .report(DiagKind::AmDuplicateReceiver, r.name.span,
                  fmt::format("notification config name '{}' is not unique", r.name.value))
          .note(it->second, "first defined here");
    }
  }
}

void check_time_interval_names(const model::AlertmanagerConfig& c, Diagnostics& diags) {
  std::map<std::string, Span> seen;
  // The deprecated section is read first, as in Alertmanager.
  for (bool deprecated : {true, false}) {
    for (const model::AmTimeInterval& ti : c.time_intervals) {
      if (ti.deprecated_mute_section != deprecated || ti.name.value.empty()) continue;
      auto [it, inserted] = seen.emplace(ti.name.value, ti.name.span);
      if (!inserted) {
        diags
            .report(DiagKind::AmDuplicateTimeInterval, ti.name.span,
                    fmt::format("{}time interval '{}' is not unique", deprecated ? "mute " : "",
                                ti.name.value))
            .note(it->second, "first defined here");
      }
    }
  }
}

void check_receivers_used(const model::AmRoute& r, const model::AlertmanagerConfig& c,
                          Diagnostics& diags) {
  for (const model::AmRoute& child : r.routes) check_receivers_used(child, c, diags);
  if (!r.receiver || r.receiver->value.empty()) return;
  if (c.find_receiver(r.receiver->value) != nullptr) return;
  std::vector<std::string_view> names;
  for (const model::AmReceiver& rc : c.receivers) names.push_back(rc.name.value);
  diags.report(DiagKind::AmUndefinedReceiver, r.receiver->span,
               fmt::format("undefined receiver '{}' used in route{}", r.receiver->value,
                           did_you_mean(r.receiver->value, names)));
}

void check_time_intervals_used(const model::AmRoute& r, const model::AlertmanagerConfig& c,
                               Diagnostics& diags) {
  for (const model::AmRoute& child : r.routes) check_time_intervals_used(child, c, diags);
  std::vector<std::string_view> names;
  for (const model::AmTimeInterval& ti : c.time_intervals) names.push_back(ti.name.value);
  for (const auto* list : {&r.active_time_intervals, &r.mute_time_intervals}) {
    for (const Text& t : *list) {
      if (c.find_time_interval(t.value) != nullptr) continue;
      diags.report(DiagKind::AmUndefinedTimeInterval, t.span,
                   fmt::format("undefined time interval '{}' used in route{}", t.value,
                               did_you_mean(t.value, names)));
    }
  }
}

}  // namespace

void check_alertmanager_references(const model::AlertmanagerConfig& config, Diagnostics& diags) {
  if (!config.read) return;
  check_receiver_names(config, diags);
  check_root(config, diags);
  check_time_interval_names(config, diags);
  if (config.route) {
    check_receivers_used(*config.route, config, diags);
    check_time_intervals_used(*config.route, config, diags);
  }
}

}  // namespace mzr
