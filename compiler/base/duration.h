#pragma once
// Prometheus durations (model.ParseDuration): integer groups with units y w d h m s ms, each at
// most once, largest first; "0" alone is zero. A year is 365 days, a week 7 days.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mzr {

struct Duration {
  int64_t ms = 0;
  friend auto operator<=>(const Duration&, const Duration&) = default;
};

struct DurationError {
  std::string message;  // "not a valid duration string: \"5m1h\"" and the like
};

// Returns the duration, or an error whose message follows Prometheus' wording.
std::optional<Duration> parse_duration(std::string_view s, DurationError* error = nullptr);

// Canonical text, as Prometheus prints it ("1h30m", "0s").
std::string format_duration(Duration d);

}  // namespace mzr
