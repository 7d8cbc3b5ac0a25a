#pragma once
// Parsing of time interval fields with Alertmanager's rules and error texts
// (timeinterval.go): "HH:MM" times, weekday, day-of-month, month and year ranges "a:b".

#include <optional>
#include <string>
#include <string_view>

#include "compiler/model/alertmanager.h"

namespace mzr::routing {

// Minutes since midnight for "HH:MM" (00:00..23:59 or 24:00).
std::optional<int> parse_clock(std::string_view text, std::string* error);
std::optional<model::AmTimeOfDay> parse_time_of_day(std::string_view start, std::string_view end,
                                                    std::string* error);
std::optional<model::AmRange> parse_weekday_range(std::string_view text, std::string* error);
std::optional<model::AmRange> parse_day_of_month_range(std::string_view text, std::string* error);
std::optional<model::AmRange> parse_month_range(std::string_view text, std::string* error);
std::optional<model::AmRange> parse_year_range(std::string_view text, std::string* error);

}  // namespace mzr::routing
