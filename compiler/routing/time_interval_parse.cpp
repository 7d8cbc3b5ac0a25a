#include "compiler/routing/time_interval_parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace mzr::routing {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};
constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool fail(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return false;
}

// Go's strconv.Atoi, with its error text.
std::optional<int> atoi_go(std::string_view s, std::string* error) {
  std::string_view d = s;
  if (!d.empty() && (d[0] == '+' || d[0] == '-')) d.remove_prefix(1);
  int v = 0;
  bool digits =
      !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {
    auto [p, ec] = std::from_chars(s.data() + (s[0] == '+' ? 1 : 0), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size()) return v;
    fail(error, fmt::format("strconv.Atoi: parsing \"{}\": value out of range", s));
    return std::nullopt;
  }
  fail(error, fmt::format("strconv.Atoi: parsing \"{}\": invalid syntax", s));
  return std::nullopt;
}

// Splits "a:b" (or "a") into its ends; more than one ':' is an error.
bool split_range(std::string_view text, std::string_view& a, std::string_view& b,
                 std::string* error) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    a = b = text;
    return true;
  }
  if (text.find(':', colon + 1) != std::string_view::npos) {
    return fail(error, fmt::format("couldn't parse range {}, invalid format", text));
  }
  a = text.substr(0, colon);
  b = text.substr(colon + 1);
  return true;
}

template <size_t N>
std::optional<int> name_index(const std::array<std::string_view, N>& names, std::string_view s) {
  std::string l = lower(s);
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == l) return static_cast<int>(i);
  }
  return std::nullopt;
}

}  // namespace

std::optional<int> parse_clock(std::string_view t, std::string* error) {
  bool ok = t.size() == 5 && t[2] == ':' && std::isdigit(static_cast<unsigned char>(t[0])) &&
            std::isdigit(static_cast<unsigned char>(t[1])) &&
            std::isdigit(static_cast<unsigned char>(t[3])) &&
            std::isdigit(static_cast<unsigned char>(t[4]));
  int h = ok ? (t[0] - '0') * 10 + (t[1] - '0') : 0;
  int m = ok ? (t[3] - '0') * 10 + (t[4] - '0') : 0;
  if (ok && !((h <= 23 && m <= 59) || (h == 24 && m == 0))) ok = false;
  if (!ok) {
    fail(error, fmt::format("couldn't parse timestamp {}, invalid format", t));
    return std::nullopt;
  }
  return h * 60 + m;
}

std::optional<model::AmTimeOfDay> parse_time_of_day(std::string_view start, std::string_view end,
                                                    std::string* error) {
  if (start.empty() || end.empty()) {
    fail(error, "both start and end times must be provided");
    return std::nullopt;
  }
  auto s = parse_clock(start, error);
  if (!s) return std::nullopt;
  auto e = parse_clock(end, error);
  if (!e) return std::nullopt;
  if (*s >= *e) {
    fail(error, "start time cannot be equal or greater than end time");
    return std::nullopt;
  }
  return model::AmTimeOfDay{*s, *e};
}

std::optional<model::AmRange> parse_weekday_range(std::string_view text, std::string* error) {
  std::string_view a, b;
  if (!split_range(text, a, b, error)) return std::nullopt;
  auto begin = name_index(kWeekdays, a);
  if (!begin) {
    fail(error, fmt::format("{} is not a valid weekday", a));
    return std::nullopt;
  }
  auto end = name_index(kWeekdays, b);
  if (!end) {
    fail(error, fmt::format("{} is not a valid weekday", b));
    return std::nullopt;
  }
  if (*begin > *end) {
    fail(error, "start day cannot be before end day");
    return std::nullopt;
  }
  return model::AmRange{*begin, *end};
}

std::optional<model::AmRange> parse_day_of_month_range(std::string_view text, std::string* error) {
  std::string_view a, b;
  if (!split_range(text, a, b, error)) return std::nullopt;
  auto begin = atoi_go(a, error);
  if (!begin) return std::nullopt;
  auto end = atoi_go(b, error);
  if (!end) return std::nullopt;
  for (int v : {*begin, *end}) {
    if (v == 0 || v < -31 || v > 31) {
      fail(error, fmt::format("{} is not a valid day of the month: out of range", v));
      return std::nullopt;
    }
  }
  if (*begin < 0 && *end > 0) {
    fail(error, "end day must be negative if start day is negative");
    return std::nullopt;
  }
  // Negative days count from the end of the month; compare them as if the month had 28 days.
  int b1 = *begin < 0 ? 28 + *begin : *begin;
  int e1 = *end < 0 ? 28 + *end : *end;
  if (b1 > e1) {
    fail(error, fmt::format("end day {} is always before start day {}", *end, *begin));
    return std::nullopt;
  }
  return model::AmRange{*begin, *end};
}

std::optional<model::AmRange> parse_month_range(std::string_view text, std::string* error) {
  std::string_view a, b;
  if (!split_range(text, a, b, error)) return std::nullopt;
  auto month = [&](std::string_view s) -> std::optional<int> {
    if (auto i = name_index(kMonths, s)) return *i + 1;
    std::string ignored;
    if (auto n = atoi_go(s, &ignored)) return *n;  // numbers are not range-checked
    fail(error, fmt::format("{} is not a valid month", s));
    return std::nullopt;
  };
  auto begin = month(a);
  if (!begin) return std::nullopt;
  auto end = month(b);
  if (!end) return std::nullopt;
  if (*begin > *end) {
    fail(error, fmt::format("end month {} is before start month {}", b, a));
    return std::nullopt;
  }
  return model::AmRange{*begin, *end};
}

std::optional<model::AmRange> parse_year_range(std::string_view text, std::string* error) {
  std::string_view a, b;
  if (!split_range(text, a, b, error)) return std::nullopt;
  auto begin = atoi_go(a, error);
  if (!begin) return std::nullopt;
  auto end = atoi_go(b, error);
  if (!end) return std::nullopt;
  if (*begin > *end) {
    fail(error, fmt::format("end year {} is before start year {}", *end, *begin));
    return std::nullopt;
  }
  return model::AmRange{*begin, *end};
}

}  // namespace mzr::routing
