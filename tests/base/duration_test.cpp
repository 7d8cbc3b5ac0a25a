#include "compiler/base/duration.h"

#include <gtest/gtest.h>

namespace mzr {
namespace {

int64_t ms(std::string_view s) {
  auto d = parse_duration(s);
  return d ? d->ms : -1;
}

std::string error(std::string_view s) {
  DurationError e;
  EXPECT_FALSE(parse_duration(s, &e)) << s;
  return e.message;
}

TEST(Duration, ParsesPrometheusDurations) {
  EXPECT_EQ(ms("0"), 0);
  EXPECT_EQ(ms("0s"), 0);
  EXPECT_EQ(ms("90s"), 90'000);
  EXPECT_EQ(ms("1h30m"), 5'400'000);
  EXPECT_EQ(ms("54s321ms"), 54'321);
  EXPECT_EQ(ms("1y"), 365LL * 86'400'000);
  EXPECT_EQ(ms("2w1d"), 15LL * 86'400'000);
}

TEST(Duration, RejectsWhatPrometheusRejects) {
  EXPECT_EQ(error("5m1h"), "not a valid duration string: \"5m1h\"");
  EXPECT_EQ(error("1h1h"), "not a valid duration string: \"1h1h\"");
  EXPECT_EQ(error("5y1hs"), "unknown unit \"hs\" in duration \"5y1hs\"");
  EXPECT_EQ(error("300"), "not a valid duration string: \"300\"");
  EXPECT_EQ(error("1.5h"), "unknown unit \".\" in duration \"1.5h\"");
  EXPECT_EQ(error("-5m"), "not a valid duration string: \"-5m\"");
  EXPECT_EQ(error(""), "empty duration string");
  EXPECT_EQ(error("99999999999999999999s"), "duration out of range");
}

TEST(Duration, FormatsCanonically) {
  EXPECT_EQ(format_duration({0}), "0s");
  EXPECT_EQ(format_duration({5'400'000}), "1h30m");
  EXPECT_EQ(format_duration({14LL * 86'400'000}), "2w");
  EXPECT_EQ(format_duration({15LL * 86'400'000}), "15d");
  EXPECT_EQ(format_duration({1'500}), "1s500ms");
}

}  // namespace
}  // namespace mzr
