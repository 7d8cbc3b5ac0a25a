// The table of PromQL lints: each row runs on the kinds of query it names and on no other, the
// same way for recording rules, alerts and dashboard queries.

#include "compiler/check/promql_lints.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "tests/promql/promql_test_util.h"

namespace mzr {
namespace {

constexpr std::string_view kCatalog = R"(
# kind      name                   labels
counter     mz_query_total         {namespace, pod}
gauge       mz_active_sessions     {namespace, pod}
)";

std::vector<std::string> lint(const std::string& expr, QueryKind kind) {
  std::string error;
  auto catalog = promql::parse_catalog(kCatalog, &error);
  EXPECT_TRUE(catalog.has_value()) << error;
  testing::PromqlRun run;
  testing::run_promql(run, expr);
  EXPECT_TRUE(run.result.ok) << expr << ": " << run.first();
  std::unordered_set<std::string_view> recorded = {"job:mz_query:rate5m"};
  MetricFamilies families;
  families.closed = {"mz_"};
  families.names = std::make_shared<const std::vector<std::string>>(
      std::vector<std::string>{"mz_active_sessions", "mz_query_total"});
  families.suggestions = std::make_shared<Suggester>(
      std::vector<std::string_view>(families.names->begin(), families.names->end()));
  PromqlLintEnv env;
  env.catalog = &*catalog;
  env.recorded = &recorded;
  env.has_recording_rules = true;
  env.scrape_interval = Duration{30'000};
  env.families = &families;
  run_promql_lints(run.result.root, kind, env, run.diags);
  return run.messages();
}

TEST(PromqlLints, RawCounterComparedOnlyInAlerts) {
  const std::vector<std::string> raw = {
      "1:1: counter \"mz_query_total\" is compared raw; compare its rate() or increase() "
      "instead"};
  EXPECT_EQ(lint("mz_query_total > 100", QueryKind::Alert), raw);
  EXPECT_EQ(lint("(mz_query_total) > 100", QueryKind::Alert),
            (std::vector<std::string>{"1:2: counter \"mz_query_total\" is compared raw; compare "
                                      "its rate() or increase() instead"}));
  EXPECT_TRUE(lint("mz_query_total > 100", QueryKind::Recording).empty());
  EXPECT_TRUE(lint("rate(mz_query_total[5m]) > 100", QueryKind::Alert).empty());
  EXPECT_TRUE(lint("mz_active_sessions > 100", QueryKind::Alert).empty());
  EXPECT_TRUE(lint("mz_query_total > bool 100", QueryKind::Alert).empty());
}

TEST(PromqlLints, RangeWindowsOnRulesNotDashboards) {
  const std::vector<std::string> short_range = {
      "1:21: range of 45s is shorter than two scrape intervals (30s each); a single missed "
      "scrape leaves too few samples"};
  EXPECT_EQ(lint("rate(mz_query_total[45s])", QueryKind::Recording), short_range);
  EXPECT_EQ(lint("rate(mz_query_total[45s])", QueryKind::Alert), short_range);
  EXPECT_TRUE(lint("rate(mz_query_total[1m])", QueryKind::Alert).empty());
  // On a dashboard the window is the dashboard's concern, reported by its own row.
  EXPECT_EQ(lint("rate(mz_query_total[45s])", QueryKind::Dashboard),
            (std::vector<std::string>{
                "1:21: rate() over a fixed window; use '$__rate_interval', which follows the "
                "dashboard's resolution and scrape interval"}));
}

TEST(PromqlLints, UnknownRecordedNamesEverywhere) {
  for (QueryKind kind : {QueryKind::Recording, QueryKind::Alert, QueryKind::Dashboard}) {
    EXPECT_EQ(lint("job:mz_query:rate1m > 0", kind),
              (std::vector<std::string>{"1:1: no recording rule records 'job:mz_query:rate1m'"}))
        << static_cast<int>(kind);
    EXPECT_TRUE(lint("job:mz_query:rate5m > 0", kind).empty());
  }
}

TEST(PromqlLints, RawCountersShownOnDashboards) {
  EXPECT_EQ(lint("sum(mz_query_total)", QueryKind::Dashboard),
            (std::vector<std::string>{"1:5: counter 'mz_query_total' is shown as its raw value; "
                                      "wrap it in rate() or increase()"}));
  EXPECT_TRUE(lint("count(mz_query_total)", QueryKind::Dashboard).empty());
  EXPECT_TRUE(lint("absent(mz_query_total)", QueryKind::Dashboard).empty());
  EXPECT_TRUE(lint("sum(mz_query_total)", QueryKind::Recording).empty());
}

// W0816 on every kind of query, with the closest declared name when there is one.
TEST(PromqlLints, UnknownMetricsOfAClosedFamilyEverywhere) {
  for (QueryKind kind : {QueryKind::Recording, QueryKind::Alert, QueryKind::Dashboard}) {
    EXPECT_EQ(lint("absent(mz_missing_total)", kind),
              (std::vector<std::string>{"1:8: metric 'mz_missing_total' is not in the catalogs, "
                                        "which describe the 'mz_' metrics in full"}))
        << static_cast<int>(kind);
    EXPECT_EQ(lint("absent(mz_query_totl)", kind),
              (std::vector<std::string>{
                  "1:8: metric 'mz_query_totl' is not in the catalogs, which describe the 'mz_' "
                  "metrics in full, did you mean 'mz_query_total'?"}))
        << static_cast<int>(kind);
    EXPECT_TRUE(lint("absent(other_missing_total)", kind).empty());
  }
}

// W1311: a matcher on a label whose values the deployment fixes, matching none of them, in rules
// and dashboard queries alike; a matcher a dashboard's template variable wrote is not judged.
TEST(PromqlLints, MatchersMatchingNoKnownValue) {
  promql::Catalog catalog;
  promql::MetricInfo up{"mz_up", promql::MetricKind::Gauge, {"job"}, {}, false, {}};
  up.values["job"] = {"environmentd", "clusterd"};
  catalog.add(up);
  PromqlLintEnv env;
  env.catalog = &catalog;
  auto lint_with = [&](const std::string& expr, QueryKind kind) {
    testing::PromqlRun run;
    testing::run_promql(run, expr);
    EXPECT_TRUE(run.result.ok) << expr << ": " << run.first();
    run_promql_lints(run.result.root, kind, env, run.diags);
    return run.messages();
  };
  const std::vector<std::string> none = {
      "1:7: 'job' takes the values \"clusterd\", \"environmentd\" in this deployment; this "
      "matcher matches none of them, so it selects nothing, did you mean 'clusterd'?"};
  EXPECT_EQ(lint_with("mz_up{job=\"clusterdd\"}", QueryKind::Recording), none);
  EXPECT_EQ(lint_with("mz_up{job=\"clusterdd\"}", QueryKind::Alert), none);
  EXPECT_EQ(lint_with("mz_up{job=\"clusterdd\"}", QueryKind::Dashboard), none);
  env.from_variable = [](Span s) { return s.begin <= 10 && s.end > 10; };  // `job=` + variable
  EXPECT_TRUE(lint_with("mz_up{job=\"clusterdd\"}", QueryKind::Dashboard).empty());
  env.from_variable = nullptr;
  EXPECT_TRUE(lint_with("mz_up{job=~\"cluster.*\"}", QueryKind::Alert).empty());
  EXPECT_TRUE(lint_with("mz_up{job=\"\"}", QueryKind::Alert).empty());  // a missing label
}

TEST(PromqlLints, OneRowPerCodeAndEveryRowRunsSomewhere) {
  std::set<DiagKind> codes;
  for (const PromqlLint& l : promql_lints()) {
    EXPECT_TRUE(codes.insert(l.code).second) << l.checks;
    EXPECT_TRUE(l.on_recording || l.on_alert || l.on_dashboard) << l.checks;
    EXPECT_FALSE(l.checks.empty());
  }
  EXPECT_TRUE(codes.count(DiagKind::PromqlRawCounterCompared));
  EXPECT_TRUE(codes.count(DiagKind::DashboardRawCounter));
}

}  // namespace
}  // namespace mzr
