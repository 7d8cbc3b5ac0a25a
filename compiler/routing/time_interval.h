#pragma once
// Time intervals evaluated as Alertmanager evaluates them (timeinterval.ContainsTime and the
// mute/active notification stages): each spec's present fields are ANDed, ranges within a field
// ORed; a named interval matches when any spec does.

#include <date/date.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/model/alertmanager.h"
#include "compiler/routing/route_tree.h"

namespace mzr::routing {

using Instant = date::sys_seconds;

// Whether the location names a known time zone ("UTC", "Local" or an IANA name).
bool is_known_location(std::string_view location);

bool spec_contains(const model::AmTimeSpec& spec, Instant at);
bool interval_contains(const model::AmTimeInterval& interval, Instant at);

struct MuteResult {
  bool muted = false;
  std::string because;  // the interval that mutes, or "outside active intervals"
};

// Whether notifications of a matched route are muted at `at`: any of its mute intervals
// contains the instant, or it has active intervals and none contains it. Unknown names count
// as not matching (the loader rejects them).
MuteResult route_muted(const RouteOptions& options, const model::AlertmanagerConfig& config,
                       Instant at);

// Parses an RFC 3339 timestamp ("2024-05-01T10:00:00Z", "...+02:00", fractional seconds).
std::optional<Instant> parse_rfc3339(std::string_view text);

}  // namespace mzr::routing
