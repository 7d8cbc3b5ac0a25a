// Time interval evaluation and inhibition, with cases from Alertmanager's semantics.

#include <gtest/gtest.h>

#include "compiler/routing/inhibit.h"
#include "compiler/routing/time_interval.h"
#include "tests/routing/am_test_util.h"

namespace mzr::routing {
namespace {

Instant at(const char* rfc3339) {
  return *parse_rfc3339(rfc3339);
}

TEST(RoutingTimeInterval, Rfc3339) {
  EXPECT_EQ(parse_rfc3339("2024-05-06T20:00:00+02:00"), parse_rfc3339("2024-05-06T18:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2024-05-06T18:00:00.250Z"), parse_rfc3339("2024-05-06T18:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2024-05-06 18:00"));
  EXPECT_FALSE(parse_rfc3339("2024-02-30T00:00:00Z"));
}

TEST(RoutingTimeInterval, Evaluation) {
  testing::LoadedAm am;
  testing::load_am(am, R"(route:
  receiver: a
  routes:
  - matchers: [x="1"]
    mute_time_intervals: [offhours]
  - matchers: [x="2"]
    active_time_intervals: [business, lastdays]
receivers: [{name: a}]
time_intervals:
- name: offhours
  time_intervals:
  - {times: [{start_time: "18:00", end_time: "24:00"}], weekdays: ['monday:friday'], location: Europe/Berlin}
- name: business
  time_intervals:
  - {times: [{start_time: "09:00", end_time: "17:00"}], weekdays: ['Monday:FRIDAY'], months: ['may:june'], years: ['2024']}
- name: lastdays
  time_intervals:
  - {days_of_month: ['-2:-1']}
- name: never
  time_intervals: []
)");
  ASSERT_EQ(am.lines(), std::vector<std::string>{});
  const model::AlertmanagerConfig& c = am.config;
  const model::AmTimeInterval& off = *c.find_time_interval("offhours");
  // Monday 2024-05-06, 18:00 in Berlin is 16:00 UTC (CEST, +2).
  EXPECT_FALSE(interval_contains(off, at("2024-05-06T15:59:00Z")));
  EXPECT_TRUE(interval_contains(off, at("2024-05-06T16:00:00Z")));
  EXPECT_TRUE(interval_contains(off, at("2024-05-06T21:59:00Z")));
  EXPECT_FALSE(interval_contains(off, at("2024-05-06T22:00:00Z")));  // midnight: end excluded
  EXPECT_FALSE(interval_contains(off, at("2024-05-04T20:00:00Z")));  // Saturday
  // The end of a time range is excluded at any minute, not only at midnight (UTC: no location).
  const model::AmTimeInterval& business = *c.find_time_interval("business");
  EXPECT_TRUE(interval_contains(business, at("2024-05-06T16:59:00Z")));
  EXPECT_FALSE(interval_contains(business, at("2024-05-06T17:00:00Z")));
  EXPECT_TRUE(interval_contains(business, at("2024-05-06T09:00:00Z")));
  // In winter Berlin is +1.
  EXPECT_TRUE(interval_contains(off, at("2024-01-08T17:00:00Z")));
  EXPECT_FALSE(interval_contains(off, at("2024-01-08T16:59:00Z")));
  // Negative days count from the month's end: 30 and 31 May, 28 and 29 February 2024.
  const model::AmTimeInterval& last = *c.find_time_interval("lastdays");
  EXPECT_TRUE(interval_contains(last, at("2024-05-30T00:00:00Z")));
  EXPECT_FALSE(interval_contains(last, at("2024-05-29T23:59:00Z")));
  EXPECT_TRUE(interval_contains(last, at("2024-02-28T12:00:00Z")));
  EXPECT_FALSE(interval_contains(*c.find_time_interval("never"), at("2024-02-28T12:00:00Z")));

  RoutingTree tree = RoutingTree::build(*c.route);
  const RouteOptions& muted = tree.root().children[0]->options;
  const RouteOptions& active = tree.root().children[1]->options;
  EXPECT_TRUE(route_muted(muted, c, at("2024-05-06T20:00:00Z")).muted);
  EXPECT_EQ(route_muted(muted, c, at("2024-05-06T20:00:00Z")).because, "offhours");
  EXPECT_FALSE(route_muted(muted, c, at("2024-05-06T10:00:00Z")).muted);
  EXPECT_FALSE(route_muted(active, c, at("2024-05-06T10:00:00Z")).muted);  // business hours
  EXPECT_FALSE(route_muted(active, c, at("2024-07-31T03:00:00Z")).muted);  // last days
  MuteResult outside = route_muted(active, c, at("2024-07-10T10:00:00Z"));
  EXPECT_TRUE(outside.muted);
  EXPECT_EQ(outside.because, "outside active intervals");
  // The root has no intervals: never muted.
  EXPECT_FALSE(route_muted(tree.root().options, c, at("2024-05-06T20:00:00Z")).muted);
}

TEST(RoutingInhibit, EqualAndSelfMatch) {
  testing::LoadedAm am;
  testing::load_am(am, R"(route: {receiver: a}
receivers: [{name: a}]
inhibit_rules:
- source_matchers: [severity="critical"]
  target_matchers: [severity=~"warning|critical"]
  equal: [cluster]
)");
  ASSERT_EQ(am.lines(), std::vector<std::string>{});
  std::vector<InhibitRule> rules = compile_inhibit_rules(am.config);
  LabelSet warning{{"severity", "warning"}, {"cluster", "c1"}};
  LabelSet critical_c1{{"severity", "critical"}, {"cluster", "c1"}};
  LabelSet critical_c2{{"severity", "critical"}, {"cluster", "c2"}};
  EXPECT_TRUE(find_inhibition(rules, warning, {critical_c1}));
  EXPECT_FALSE(find_inhibition(rules, warning, {critical_c2}));  // 'equal' differs
  // A missing label on both sides counts as equal.
  EXPECT_TRUE(find_inhibition(rules, {{"severity", "warning"}}, {{{"severity", "critical"}}}));
  // An alert matching both sides is not inhibited by another alert matching both sides,
  // including itself.
  EXPECT_FALSE(find_inhibition(rules, critical_c1, {critical_c1}));
  EXPECT_FALSE(find_inhibition(rules, critical_c1,
                               {{{"severity", "critical"}, {"cluster", "c1"}, {"x", "y"}}}));
  EXPECT_FALSE(find_inhibition(rules, warning, {}));
}

}  // namespace
}  // namespace mzr::routing
