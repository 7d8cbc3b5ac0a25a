#pragma once
// Go's time.Time and time.Duration as templates see them: Format with Go's reference layout,
// String, and the methods templates call (Format, Unix, UnixMilli, UTC, Add, ...).

#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/template/value.h"

namespace mzr::tmpl {

// Go's Time.Format(layout).
std::string go_time_format(const Value& t, std::string_view layout);
// Go's Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST".
std::string go_time_string(const Value& t);
// Go's Duration.String(): "1h2m3.5s", "100ms", "0s".
std::string go_duration_string(int64_t ns);
// The time `sec` seconds and `nsec` nanoseconds after the epoch, in UTC.
Value utc_time(int64_t sec, int32_t nsec);

}  // namespace mzr::tmpl
