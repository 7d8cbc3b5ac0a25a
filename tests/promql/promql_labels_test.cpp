// Label-set inference and the warnings it enables.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "compiler/base/file_system.h"
#include "compiler/promql/labels.h"
#include "tests/promql/promql_test_util.h"
#include "tests/test_support.h"

namespace mzr::testing {
namespace {

constexpr std::string_view kCatalog = R"(
# kind      name                   labels
counter     mz_query_total         {namespace, pod, session_type, statement_type}
gauge       mz_active_sessions     {namespace, pod, session_type}
histogram   mz_parse_seconds       {namespace, pod}
summary     rpc_seconds            {service}
info        mz_cluster_info        {cluster_id, name}
)";

struct Inferred {
  std::string labels;                 // format_labels, or "-" for scalars and strings
  std::vector<std::string> warnings;  // "line:col: message"
};

Inferred infer(const std::string& expr) {
  std::string error;
  auto catalog = promql::parse_catalog(kCatalog, &error);
  EXPECT_TRUE(catalog.has_value()) << error;
  PromqlRun run;
  run_promql(run, expr, all_promql_features());
  EXPECT_TRUE(run.result.ok) << expr << ": " << run.first();
  auto labels = promql::infer_labels(run.result.root, *catalog, run.diags);
  return {labels ? promql::format_labels(*labels) : "-", run.messages()};
}

TEST(PromqlLabels, Selectors) {
  EXPECT_EQ(infer("mz_active_sessions").labels, "{__name__, namespace, pod, session_type}");
  EXPECT_EQ(infer("unknown_metric{job=\"a\", x=~\".*\"}").labels, "{__name__, job, ...}");
  EXPECT_EQ(infer("mz_parse_seconds_bucket").labels, "{__name__, le, namespace, pod}");
  EXPECT_EQ(infer("mz_parse_seconds_count").labels, "{__name__, namespace, pod}");
  EXPECT_EQ(infer("rpc_seconds").labels, "{__name__, quantile, service}");
  EXPECT_EQ(infer("{__name__=\"mz_active_sessions\"}").labels,
            "{__name__, namespace, pod, session_type}");
  EXPECT_EQ(infer("1 + 2").labels, "-");
  // Negation is arithmetic: the metric name goes, the other labels stay.
  EXPECT_EQ(infer("-mz_active_sessions").labels, "{namespace, pod, session_type}");
  EXPECT_EQ(infer("+mz_active_sessions").labels, "{__name__, namespace, pod, session_type}");
}

// A regex matcher that cannot match the empty string guarantees its label; simple patterns are
// decided without RE2, which must not change the answer.
TEST(PromqlLabels, RegexMatchersThatMatchTheEmptyString) {
  EXPECT_EQ(infer("x{a=~\"2..|3..\", b=~\"kube-.*\", c=~\".+\", d=~\"x.*y\"}").labels,
            "{__name__, a, b, c, d, ...}");
  EXPECT_EQ(infer("x{a=~\".*\", b=~\"x|\", c=~\"|x\", d=~\"\", e=~\".*.*\"}").labels,
            "{__name__, ...}");
  EXPECT_EQ(infer("x{a!~\".*\", b!~\"x\", c!~\"x|\"}").labels, "{__name__, a, c, ...}");
  // Not simple, so RE2 decides.
  EXPECT_EQ(infer("x{a=~\"(x)?\", b=~\"[a-z]+\", c=~\"x?\", d=~\"\\\\d*\"}").labels,
            "{__name__, b, ...}");
}

TEST(PromqlLabels, Aggregations) {
  EXPECT_EQ(infer("sum by (namespace, statement_type) (rate(mz_query_total[5m]))").labels,
            "{namespace, statement_type}");
  EXPECT_EQ(infer("sum without (pod) (mz_active_sessions)").labels, "{namespace, session_type}");
  EXPECT_EQ(infer("sum without (pod) (unknown)").labels, "{...}");
  EXPECT_EQ(infer("sum(mz_active_sessions)").labels, "{}");
  // A grouping label the input cannot carry is not in the output: the catalog closes the set.
  EXPECT_EQ(infer("sum by (namespace, cluster_id) (mz_active_sessions)").labels, "{namespace}");
  EXPECT_EQ(infer("max by (namespace, cluster_id) (unknown)").labels, "{cluster_id, namespace}");
  EXPECT_EQ(infer("topk(3, mz_active_sessions)").labels,
            "{__name__, namespace, pod, session_type}");
  EXPECT_EQ(infer("count_values by (namespace) (\"v\", mz_active_sessions)").labels,
            "{namespace, v}");
  EXPECT_EQ(infer("count_values without (pod) (\"pod\", mz_active_sessions)").labels,
            "{namespace, session_type}");
}

TEST(PromqlLabels, Functions) {
  EXPECT_EQ(infer("rate(mz_query_total[5m])").labels,
            "{namespace, pod, session_type, statement_type}");
  EXPECT_EQ(infer("last_over_time(mz_active_sessions[5m])").labels,
            "{__name__, namespace, pod, session_type}");
  EXPECT_EQ(infer("label_replace(mz_active_sessions, \"x\", \"$1\", \"pod\", \"(.*)\")").labels,
            "{__name__, namespace, pod, session_type, x}");
  EXPECT_EQ(infer("absent(up{job=\"a\", env=\"b\", env!=\"c\", x=~\"y\"})").labels, "{job}");
  EXPECT_EQ(infer("absent(sum(up))").labels, "{}");
  EXPECT_EQ(
      infer("histogram_quantile(0.9, sum by (le, namespace) (rate(mz_parse_seconds_bucket[5m])))")
          .labels,
      "{namespace}");
  EXPECT_EQ(infer("vector(1)").labels, "{}");
  EXPECT_EQ(infer("hour()").labels, "{}");
  EXPECT_EQ(infer("scalar(up)").labels, "-");
}

TEST(PromqlLabels, BinaryOperators) {
  EXPECT_EQ(infer("mz_active_sessions > 1").labels, "{__name__, namespace, pod, session_type}");
  EXPECT_EQ(infer("mz_active_sessions > bool 1").labels, "{namespace, pod, session_type}");
  EXPECT_EQ(infer("mz_active_sessions * 2").labels, "{namespace, pod, session_type}");
  EXPECT_EQ(infer("mz_active_sessions / on(namespace, pod) mz_query_total").labels,
            "{namespace, pod}");
  EXPECT_EQ(infer("mz_active_sessions / ignoring(session_type) mz_query_total").labels,
            "{namespace, pod}");
  EXPECT_EQ(
      infer("mz_active_sessions * on(namespace) group_left(cluster_id) mz_cluster_info").labels,
      "{cluster_id, namespace, pod, session_type}");
  EXPECT_EQ(infer("up * on(job) group_right(instance) mz_cluster_info").labels,
            "{cluster_id, instance, name}");
  EXPECT_EQ(infer("mz_active_sessions and mz_query_total").labels,
            "{__name__, namespace, pod, session_type}");
  EXPECT_EQ(infer("mz_active_sessions or up").labels,
            "{__name__, namespace, pod, session_type, ...}");
}

TEST(PromqlLabels, WarningsOnlyWhenTheCatalogProvesIt) {
  EXPECT_EQ(
      infer("sum by (instance) (mz_active_sessions)").warnings,
      std::vector<std::string>{"1:1: grouping by label \"instance\" that the operand never has"});
  EXPECT_TRUE(infer("sum by (instance) (unknown_metric)").warnings.empty());
  EXPECT_EQ(
      infer("mz_active_sessions * on(namespace) group_left(cluster_id) mz_cluster_info").warnings,
      std::vector<std::string>{"1:1: matching on label \"namespace\" that the operand never has"});
  EXPECT_EQ(infer("mz_active_sessions * on(pod) group_left(cluster) mz_query_total").warnings,
            std::vector<std::string>{
                "1:1: group_left(\"cluster\") copies a label the right side never has"});
  EXPECT_EQ(infer("rate(mz_active_sessions[5m])").warnings,
            std::vector<std::string>{
                "1:1: rate() of gauge \"mz_active_sessions\"; use deriv() or delta() for gauges"});
  EXPECT_TRUE(infer("rate(mz_query_total[5m])").warnings.empty());
  EXPECT_EQ(infer("histogram_quantile(0.9, sum by (namespace) (rate(mz_parse_seconds_bucket[5m])))")
                .warnings,
            std::vector<std::string>{
                "1:25: histogram_quantile() over a vector that never has the \"le\" label"});
}

// A one-to-one match is reported only when a side certainly has several series per match group:
// a varying label (here `le` of histogram buckets) that is not part of the matching signature.
TEST(PromqlLabels, OneToOneMatchThatIsCertainlyManyToOne) {
  const std::string buckets = "rate(mz_parse_seconds_bucket[5m])";
  const std::string count = "rate(mz_parse_seconds_count[5m])";
  auto warning = [](std::string_view at, std::string_view side, std::string_view labels) {
    return std::vector<std::string>{
        fmt::format("{}: one-to-one vector matching, but the {} side has several series per "
                    "match group: they differ in {}, which is not matched on",
                    at, side, labels)};
  };
  EXPECT_EQ(infer(buckets + " / on(namespace, pod) " + count).warnings,
            warning("1:1", "left", "\"le\""));
  EXPECT_EQ(infer(buckets + " / ignoring(le) " + count).warnings, warning("1:1", "left", "\"le\""));
  EXPECT_EQ(infer(count + " / on(namespace) sum by (namespace, le) (" + buckets + ")").warnings,
            warning("1:50", "right", "\"le\""));
  EXPECT_EQ(infer(buckets + " > bool on() vector(1)").warnings, warning("1:1", "left", "\"le\""));
  EXPECT_EQ(infer(buckets + " / on(pod) " + buckets).warnings,
            std::vector<std::string>{
                "1:1: one-to-one vector matching, but both sides have several series per match "
                "group: they differ in \"le\", which is not matched on"});

  // Certainly one series per group, or not certainly several: no warning.
  for (const std::string& ok : std::vector<std::string>{
           buckets + " / " + buckets,                         // le is in the signature
           buckets + " / on(namespace, pod, le) " + buckets,  // matched on le
           buckets + " / ignoring(le) group_left " + count,   // explicit many-to-one
           count + " / on(namespace) group_right sum by (namespace, le) (" + buckets + ")",
           "rate(mz_parse_seconds_bucket{le=\"0.5\"}[5m]) / on(namespace, pod) " + count,
           "rate(mz_parse_seconds_bucket{le=~\"0.5|1\"}[5m]) / on(namespace, pod) " + count,
           "sum by (namespace, pod) (" + buckets + ") / on(namespace, pod) " + count,
           "topk by (namespace, pod) (1, " + buckets + ") / on(namespace, pod) " + count,
           "(" + buckets + " > 0.5) / on(namespace, pod) " + count,  // a filter
           "(" + buckets + " and " + count + ") / on(namespace, pod) " + count,
           buckets + " and on(namespace, pod) " + count,  // set operator
           "histogram_quantile(0.9, " + buckets + ") / on(namespace, pod) " + count,
           "label_replace(" + buckets + ", \"le\", \"x\", \"\", \"\") / on(namespace, pod) " +
               count,
           "count_values without (pod) (\"v\", " + buckets +
               ") / on(namespace, v) count_values without (pod) (\"v\", " + count + ")",
           // A closed set with labels beyond the signature is not enough: info series like
           // these have one per cluster, whatever their other labels.
           "mz_cluster_info * on(cluster_id) mz_cluster_info",
           "rate(mz_query_total[5m]) / on(namespace) mz_active_sessions",
           "rate(unknown_bucket[5m]) / on(job) rate(unknown_count[5m])",
       }) {
    EXPECT_TRUE(infer(ok).warnings.empty()) << ok << "\n" << infer(ok).warnings.front();
  }
}

TEST(PromqlLabels, CatalogFormatErrors) {
  std::string error;
  EXPECT_FALSE(promql::parse_catalog("countr x {a}", &error).has_value());
  EXPECT_EQ(error, "line 1: unknown metric kind 'countr'");
  EXPECT_FALSE(promql::parse_catalog("\ngauge y {a", &error).has_value());
  EXPECT_EQ(error, "line 2: missing '}'");
}

TEST(PromqlExprCommand, PrintsTypeAndLabelsOrDiagnostics) {
  MemoryFileSystem fs;
  RunResult ok = run_cli(fs, {"expr", "sum by (a) (rate(x[5m]))"});
  EXPECT_EQ(ok.code, 0);
  EXPECT_EQ(ok.out, "instant vector {a}\n");
  RunResult bad = run_cli(fs, {"expr", "rate(x)"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_EQ(bad.err,
            "<expr>:1:6: error[E0407]: expected type range vector in call to function \"rate\", "
            "got instant vector\n"
            " 1 | rate(x)\n"
            "   |      ^\n"
            "1 error, 0 warnings\n");
  EXPECT_EQ(run_cli(fs, {"expr", "--features=", "x[1m+1m]"}).code, 1);
  EXPECT_EQ(run_cli(fs, {"expr", "x[1m+1m]"}).out, "range vector {__name__, ...}\n");
  EXPECT_EQ(run_cli(fs, {"expr", "--features=promql-nope", "x"}).code, 2);
  EXPECT_EQ(
      run_cli(fs, {"expr", "--features=promql-experimental-functions", "sort_by_label(x, \"a\")"})
          .out,
      "instant vector {__name__, ...}\n");
}

}  // namespace
}  // namespace mzr::testing
