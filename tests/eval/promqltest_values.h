#pragma once
// promqltest's values: reading the script's words, times and numbers, comparing expected values
// with results as Prometheus' harness does, and writing results back in the script's notation
// (for the differential test, which has Prometheus' harness check mzrules' answers).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/eval/engine.h"
#include "compiler/syntax/series_notation.h"

namespace mzr::testing::promqltest {

std::string_view trim(std::string_view s);
bool starts_with(std::string_view s, std::string_view p);
// The next space-separated word of `s`, which moves past it.
std::string_view word(std::string_view& s);
// A time as the script writes it ("10m", "1h5m", "30"), in milliseconds.
std::optional<int64_t> parse_time(std::string_view s);
std::optional<double> parse_number(std::string_view s);

// Equal within the harness's relative tolerance; staleness markers only equal each other.
bool almost_equal(double a, double b);
// A sample as a failure message shows it.
std::string show(double f, const eval::Histogram* h);
// Does the expected value match a sample? `raw`: the expected histogram as written, whose
// counter-reset hint is compared when it names one.
bool value_matches(const syntax::SeriesValue& want, double f, const eval::Histogram* h,
                   const syntax::SeriesHistogram* raw);

// The expectation lines of an eval that would pass with `out` as its result.
std::string record_eval(const eval::Outcome& out, bool range, int64_t start, int64_t end,
                        int64_t step);

}  // namespace mzr::testing::promqltest
