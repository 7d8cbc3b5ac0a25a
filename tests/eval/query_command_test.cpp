// `mzrules query`: instant and range evaluation against a series file, printed as promtool prints
// query results or as the `data` object of Prometheus' HTTP API; bad input is a diagnostic.

#include <gtest/gtest.h>

#include "compiler/base/file_system.h"
#include "tests/test_support.h"

namespace mzr {
namespace {

constexpr const char* kSeries =
    "# two counters and a gauge\n"
    "load 1m\n"
    "  http_requests_total{job=\"api\", instance=\"0\"} 0+10x10\n"
    "  http_requests_total{job=\"api\", instance=\"1\"} 0+20x10\n"
    "  temperature{room=\"a\"} 20 21 _ 23 stale\n";

testing::RunResult query(const std::vector<std::string>& args,
                         const std::string& series = kSeries) {
  MemoryFileSystem fs;
  fs.add("series.txt", series);
  std::vector<std::string> all = {"query", "--color=never", "--series", "series.txt"};
  all.insert(all.end(), args.begin(), args.end());
  return testing::run_cli(fs, all);
}

TEST(QueryCommand, InstantQueryPrintsLikePromtool) {
  auto r = query({"--time", "5m", "sum by (job) (rate(http_requests_total[5m]))"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "{job=\"api\"} => 0.5 @[300]\n");
}

TEST(QueryCommand, InstantQueryAsJson) {
  auto r = query({"--time", "300", "--format=json", "http_requests_total{instance=\"1\"}"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"http_requests_"
            "total\",\"instance\":\"1\",\"job\":\"api\"},\"value\":[300,\"100\"]}]}\n");
}

TEST(QueryCommand, RangeQueryFollowsStaleness) {
  auto r = query({"--start", "0", "--end", "5m", "--step", "1m", "temperature"});
  EXPECT_EQ(r.code, 0) << r.err;
  // No sample at 2m: the one at 1m is still within the lookback; the marker at 4m ends it.
  EXPECT_EQ(r.out, "temperature{room=\"a\"} =>\n20 @[0]\n21 @[60]\n21 @[120]\n23 @[180]\n");
}

TEST(QueryCommand, RangeQueryAsJson) {
  auto r = query({"--start", "1970-01-01T00:01:00Z", "--end", "120", "--step", "30s",
                  "--format=json", "scalar(sum(temperature))"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[60,\"21\"],"
            "[90,\"21\"],[120,\"21\"]]}]}\n");
}

TEST(QueryCommand, HistogramSeriesWithDeltasAndHints) {
  // The series notation's histogram deltas apply at every step, and an explicit counter-reset
  // hint is kept: rate() over a gauge histogram warns that it is not a counter.
  const std::string series =
      "load 1m\n"
      "  h {{schema:0 sum:1 count:1 buckets:[1]}}+{{schema:0 sum:2 count:2 buckets:[1 1]}}x4\n"
      "  g {{schema:0 sum:1 count:1 buckets:[1] counter_reset_hint:gauge}}x4\n";
  auto r = query({"--time", "4m", "histogram_count(h)"}, series);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "{} => 9 @[240]\n");
  r = query({"--time", "4m", "histogram_count(rate(h[4m]))"}, series);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "{} => 0.033333333333333326 @[240]\n");  // Prometheus agrees
  r = query({"--time", "4m", "rate(g[4m])"}, series);
  EXPECT_NE(r.err.find("this native histogram metric is not a counter"), std::string::npos)
      << r.err;
}

TEST(QueryCommand, ScalarResult) {
  auto r = query({"--time", "1m", "1 + 2 * 3"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "scalar: 7 @[60]\n");
}

TEST(QueryCommand, DefaultTimeIsTheLastSample) {
  auto r = query({"count(http_requests_total)"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "{} => 2 @[600]\n");
}

TEST(QueryCommand, OpenMetricsSeries) {
  auto r = query({"--time", "20", "up"},
                 "# TYPE up gauge\nup{job=\"a\"} 1 10\nup{job=\"b\"} 0 15.5\n# EOF\n");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "up{job=\"a\"} => 1 @[20]\nup{job=\"b\"} => 0 @[20]\n");
}

TEST(QueryCommand, MalformedSeriesHasAPosition) {
  auto r = query({"up"}, "load 1m\n  up{job=\"a\" 1 2\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("error[E1000]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("series.txt:2:"), std::string::npos) << r.err;
}

TEST(QueryCommand, EvaluationErrorIsADiagnostic) {
  auto r = query({"--time", "5m", "http_requests_total + on() http_requests_total"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("error[E1003]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("many-to-many matching not allowed"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(QueryCommand, SampleLimit) {
  auto r = query({"--time", "10m", "--max-samples", "5", "http_requests_total[10m]"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("error[E1001]"), std::string::npos) << r.err;
}

TEST(QueryCommand, Timeout) {
  // Days of one-second subquery steps: never finishes within a millisecond.
  auto r = query({"--time", "10m", "--timeout", "1ms",
                  "max_over_time(sum_over_time(http_requests_total[1d:1s])[1d:1s])"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("error[E1002]"), std::string::npos) << r.err;
}

TEST(QueryCommand, AnnotationsAreDiagnostics) {
  auto r = query({"--time", "5m", "rate(temperature[5m]) or quantile(2, temperature)"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("info[I1005]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("metric might not be a counter"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("warning[W1004]"), std::string::npos) << r.err;
}

TEST(QueryCommand, BadTimes) {
  EXPECT_NE(query({"--time", "yesterday", "up"}).err.find("error[E1006]"), std::string::npos);
  EXPECT_NE(query({"--start", "10m", "--end", "5m", "--step", "1m", "up"}).err.find("E1006"),
            std::string::npos);
  EXPECT_NE(query({"--start", "0", "--end", "1d", "--step", "1s", "up"}).err.find("11,000"),
            std::string::npos);
}

}  // namespace
}  // namespace mzr
