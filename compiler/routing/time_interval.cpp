#include "compiler/routing/time_interval.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <charconv>
#include <exception>

namespace mzr::routing {
namespace {

struct CivilTime {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;
  int weekday = 0;  // 0 = Sunday
  int minute_of_day = 0;
  int days_in_month = 0;
};

const date::time_zone* find_zone(std::string_view location) {
  try {
    if (location == "Local") return date::current_zone();
    return date::locate_zone(location);
  } catch (const std::exception&) {
    return nullptr;
  }
}

CivilTime civil(Instant at, std::string_view location) {
  std::chrono::seconds offset{0};
  if (location != "UTC" && !location.empty()) {
    if (const date::time_zone* zone = find_zone(location)) offset = zone->get_info(at).offset;
  }
  auto local = at + offset;
  auto day = date::floor<date::days>(local);
  date::year_month_day ymd{date::sys_days{day}};
  CivilTime c;
  c.year = static_cast<int>(ymd.year());
  c.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  c.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  c.weekday = static_cast<int>(date::weekday{date::sys_days{day}}.c_encoding());
  auto since_midnight = std::chrono::duration_cast<std::chrono::minutes>(local - day);
  c.minute_of_day = static_cast<int>(since_midnight.count());
  date::year_month_day_last last{ymd.year(), date::month_day_last{ymd.month()}};
  c.days_in_month = static_cast<int>(static_cast<unsigned>(last.day()));
  return c;
}

bool in_ranges(const std::vector<model::AmRange>& ranges, int v) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [&](const model::AmRange& r) { return v >= r.begin && v <= r.end; });
}

bool day_matches(const std::vector<model::AmRange>& ranges, const CivilTime& c) {
  for (const model::AmRange& r : ranges) {
    int n = c.days_in_month;
    int begin = r.begin < 0 ? n + r.begin + 1 : r.begin;
    int end = r.end < 0 ? n + r.end + 1 : r.end;
    // A range starting after the end of this month does not apply to it.
    if (begin > n) continue;
    begin = std::clamp(begin, -n, n);
    end = std::clamp(end, -n, n);
    if (c.day >= begin && c.day <= end) return true;
  }
  return false;
}

int read_int(std::string_view s, size_t pos, size_t len, bool& ok) {
  int v = 0;
  if (pos + len > s.size()) {
    ok = false;
    return 0;
  }
  auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, v);
  if (ec != std::errc() || p != s.data() + pos + len) ok = false;
  return v;
}

}  // namespace

bool is_known_location(std::string_view location) {
  if (location == "UTC" || location == "Local" || location.empty()) return true;
  return find_zone(location) != nullptr;
}

bool spec_contains(const model::AmTimeSpec& spec, Instant at) {
  CivilTime c = civil(at, spec.location);
  if (spec.times) {
    bool in = std::any_of(spec.times->begin(), spec.times->end(), [&](const model::AmTimeOfDay& t) {
      return c.minute_of_day >= t.start_minute && c.minute_of_day < t.end_minute;
    });
    if (!in) return false;
  }
  if (spec.days_of_month && !day_matches(*spec.days_of_month, c)) return false;
  if (spec.months && !in_ranges(*spec.months, c.month)) return false;
  if (spec.weekdays && !in_ranges(*spec.weekdays, c.weekday)) return false;
  if (spec.years && !in_ranges(*spec.years, c.year)) return false;
  return true;
}

bool interval_contains(const model::AmTimeInterval& interval, Instant at) {
  return std::any_of(interval.specs.begin(), interval.specs.end(),
                     [&](const model::AmTimeSpec& s) { return spec_contains(s, at); });
}

MuteResult route_muted(const RouteOptions& options, const model::AlertmanagerConfig& config,
                       Instant at) {
  for (const std::string& name : options.mute_time_intervals) {
    const model::AmTimeInterval* ti = config.find_time_interval(name);
    if (ti != nullptr && interval_contains(*ti, at)) return {true, name};
  }
  if (!options.active_time_intervals.empty()) {
    for (const std::string& name : options.active_time_intervals) {
      const model::AmTimeInterval* ti = config.find_time_interval(name);
      if (ti != nullptr && interval_contains(*ti, at)) return {false, {}};
    }
    return {true, "outside active intervals"};
  }
  return {false, {}};
}

std::optional<Instant> parse_rfc3339(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)
  bool ok = s.size() >= 20 && s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == 't') &&
            s[13] == ':' && s[16] == ':';
  if (!ok) return std::nullopt;
  int year = read_int(s, 0, 4, ok), month = read_int(s, 5, 2, ok), day = read_int(s, 8, 2, ok);
  int hour = read_int(s, 11, 2, ok), minute = read_int(s, 14, 2, ok), sec = read_int(s, 17, 2, ok);
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
  }
  int offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int sign = s[pos] == '-' ? -1 : 1;
    if (pos + 6 != s.size() || s[pos + 3] != ':') return std::nullopt;
    offset_minutes = sign * (read_int(s, pos + 1, 2, ok) * 60 + read_int(s, pos + 4, 2, ok));
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (!ok || pos != s.size()) return std::nullopt;
  date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                           date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour > 23 || minute > 59 || sec > 60) return std::nullopt;
  auto t = date::sys_days{ymd} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
           std::chrono::seconds{sec} - std::chrono::minutes{offset_minutes};
  return date::floor<std::chrono::seconds>(t);
}

}  // namespace mzr::routing
