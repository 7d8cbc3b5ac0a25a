#include "compiler/base/duration.h"

#include <fmt/format.h>

#include <array>
#include <limits>

namespace mzr {
namespace {

struct Unit {
  std::string_view name;
  int64_t ms;
};

constexpr std::array<Unit, 7> kUnits = {{{"y", 365LL * 24 * 3600 * 1000},
                                         {"w", 7LL * 24 * 3600 * 1000},
                                         {"d", 24LL * 3600 * 1000},
                                         {"h", 3600LL * 1000},
                                         {"m", 60LL * 1000},
                                         {"s", 1000},
                                         {"ms", 1}}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::optional<Duration> parse_duration(std::string_view s, DurationError* error) {
  auto fail = [&](std::string message) -> std::optional<Duration> {
    if (error) error->message = std::move(message);
    return std::nullopt;
  };
  auto invalid = [&] { return fail(fmt::format("not a valid duration string: \"{}\"", s)); };
  if (s.empty()) return fail("empty duration string");
  if (s == "0") return Duration{0};
  size_t i = 0;
  size_t next_unit = 0;  // units must appear in kUnits order
  int64_t total = 0;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start) return invalid();
    std::string_view digits = s.substr(start, i - start);
    size_t ustart = i;
    while (i < s.size() && !is_digit(s[i])) ++i;
    std::string_view unit = s.substr(ustart, i - ustart);
    size_t u = 0;
    while (u < kUnits.size() && kUnits[u].name != unit) ++u;
    if (u == kUnits.size()) {
      if (unit.empty()) return invalid();
      return fail(fmt::format("unknown unit \"{}\" in duration \"{}\"", unit, s));
    }
    if (u < next_unit) return invalid();
    next_unit = u + 1;
    int64_t n = 0;
    for (char c : digits) {
      if (n > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10)
        return fail("duration out of range");
      n = n * 10 + (c - '0');
    }
    if (n > std::numeric_limits<int64_t>::max() / kUnits[u].ms)
      return fail("duration out of range");
    n *= kUnits[u].ms;
    if (total > std::numeric_limits<int64_t>::max() - n) return fail("duration out of range");
    total += n;
  }
  return Duration{total};
}

std::string format_duration(Duration d) {
  if (d.ms == 0) return "0s";
  std::string out;
  int64_t ms = d.ms;
  if (ms < 0) {
    out += '-';
    ms = -ms;
  }
  for (const Unit& u : kUnits) {
    // Like Prometheus, weeks are only used when the duration is a whole number of weeks.
    if (u.name == "w" && ms % u.ms != 0) continue;
    if (ms >= u.ms) {
      out += fmt::format("{}{}", ms / u.ms, u.name);
      ms %= u.ms;
    }
  }
  return out;
}

}  // namespace mzr
