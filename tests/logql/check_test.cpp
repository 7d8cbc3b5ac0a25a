// Loki's checks after parsing, and label-set inference.

#include <gtest/gtest.h>

#include "tests/logql/logql_test_util.h"

namespace mzr::logql {
namespace {

using testing::parse;

std::string errors(std::string_view q, const Options& options = {}) {
  return parse(q, options)->diagnostics();
}

TEST(LogqlCheck, UnwrapRules) {
  EXPECT_EQ(errors(R"(sum_over_time({app="foo"}[5m]))"),
            "1:1: E0508 invalid aggregation sum_over_time without unwrap");
  EXPECT_EQ(errors(R"(count_over_time({app="foo"} | json | unwrap latency [5m]))"),
            "1:36: E0508 invalid aggregation count_over_time with unwrap");
  EXPECT_EQ(errors(R"(rate({a="b"} | unwrap x [5m]))"), "");
  EXPECT_EQ(errors(R"(rate({a="b"}[5m]))"), "");
  EXPECT_EQ(errors(R"(rate_counter({a="b"}[5m]))"),
            "1:1: E0508 invalid aggregation rate_counter without unwrap");
}

TEST(LogqlCheck, GroupingAndParameters) {
  EXPECT_EQ(errors(R"(absent_over_time({foo="bar"}[5h]) by (foo))"),
            "1:35: E0509 grouping not allowed for absent_over_time aggregation");
  EXPECT_EQ(errors(R"(max_over_time({a="b"} | unwrap x [5m]) by (c))"), "");
  EXPECT_EQ(errors(R"(quantile_over_time({a="b"} | unwrap x [5m]))"),
            "1:1: E0510 parameter required for operation quantile_over_time");
  EXPECT_EQ(errors(R"(sum_over_time(50, {a="b"} | unwrap x [5m]))"),
            "1:15: E0510 parameter 50 not supported for operation sum_over_time");
  EXPECT_EQ(errors(R"(topk(count_over_time({a="b"}[5m])))"),
            "1:1: E0510 parameter required for operation topk");
  EXPECT_EQ(errors(R"(bottomk(1.2, count_over_time({a="b"}[5m])))"),
            "1:9: E0510 invalid parameter bottomk(1.2,: the parameter must be an integer");
  EXPECT_EQ(errors(R"(topk(0, count_over_time({a="b"}[5m])))"),
            "1:6: E0510 invalid parameter (must be greater than 0) topk(0,");
  EXPECT_EQ(errors(R"(sum(3, count_over_time({a="b"}[5m])))"),
            "1:5: E0510 unsupported parameter for operation sum(3,");
  EXPECT_EQ(errors(R"(approx_topk(2, count_over_time({a="b"}[5m])) by (a))"),
            "1:46: E0509 approx_topk does not allow grouping");
  EXPECT_EQ(errors(R"(sort by (a) (count_over_time({a="b"}[5m])))"),
            "1:6: E0509 sort and sort_desc do not allow grouping by labels");
}

TEST(LogqlCheck, EmptyCompatibleSelectors) {
  const std::string message =
      " E0506 queries require at least one regexp or equality matcher that does not have an "
      "empty-compatible value; for instance, app=~\".*\" does not meet this requirement, but "
      "app=~\".+\" will";
  EXPECT_EQ(errors(R"({app=~".*"})"), "1:1:" + message);
  EXPECT_EQ(errors(R"({foo!="bar"})"), "1:1:" + message);
  EXPECT_EQ(errors("{}"), "1:1:" + message);
  EXPECT_EQ(errors(R"(1 + count_over_time({app=~".*"}[5m]))"), "1:21:" + message);
  EXPECT_EQ(errors(R"({app=~".+"})"), "");
  EXPECT_EQ(errors(R"({app="baz", foo!="bar"})"), "");
  // Filters after the selector have no such rule.
  EXPECT_EQ(errors(R"({a="b"} | foo=~".*")"), "");
}

TEST(LogqlCheck, Regexes) {
  EXPECT_EQ(errors(R"({a=~"(x"})"),
            "1:5: E0507 invalid regular expression in matcher: missing ): (x");
  EXPECT_EQ(errors(R"(label_replace(rate({a="b"}[5m]), "foo", "$1", "bar", "^^^^x43\\q"))"),
            "1:54: E0507 invalid regex in label_replace: invalid escape sequence: \\q");
  EXPECT_EQ(errors(R"q({a="b"} | regexp "(\\w+)")q"),
            "1:18: E0513 invalid regexp parser: at least one named capture such as "
            "(?P<name>...) is required");
  EXPECT_EQ(errors(R"q({a="b"} | regexp "(?<name>\\w+)")q"), "");
  EXPECT_EQ(errors(R"({a="b"} | pattern "<a><b>")"),
            "1:19: E0513 invalid pattern parser: found consecutive capture '<b>': a literal must "
            "separate captures");
  EXPECT_EQ(errors(R"({a="b"} | pattern "no captures")"),
            "1:19: E0513 invalid pattern parser: at least one named capture such as '<name>' is "
            "required");
  // Line filter regexes are compiled only when the query runs: a warning, and the query is ok.
  auto p = parse(R"({a="b"} |~ "error\\")");
  EXPECT_EQ(p->diagnostics(), "1:12: W0501 invalid regular expression in line filter: trailing \\");
  EXPECT_TRUE(p->result.ok);
}

TEST(LogqlCheck, MistakesLokiFindsOnlyWhenTheQueryRuns) {
  EXPECT_EQ(errors(R"({a="b"} |~ ip("10.0.0.0/8"))"),
            "1:12: W0501 ip() cannot be used with \"|~\"; only \"|=\" and \"!=\" take it");
  EXPECT_EQ(errors(R"({a="b"} |= ip("notanip") | addr = ip("10.0.0.300"))"),
            "1:15: W0501 \"notanip\" is not an IP address, CIDR range or address range\n"
            "1:38: W0501 \"10.0.0.300\" is not an IP address, CIDR range or address range");
  EXPECT_EQ(errors(R"({a="b"} |= ip("10.0.0.1-10.0.0.9") != ip("::1/64") | x = ip("1.2.3.4"))"),
            "");
  EXPECT_EQ(
      errors(R"({a="b"} |> "<verb> /api 200")"),
      "1:12: W0501 named capture '<verb>' is not allowed in a line filter pattern; use '<_>'");
  EXPECT_EQ(errors(R"({a="b"} |> "<_> /api 200")"), "");
  EXPECT_EQ(errors(R"({a="b"} | label_format x="{{" | line_format "{{.x}} {{.y")"),
            "1:26: W0501 template has an unclosed action: \"{{\" without \"}}\"\n"
            "1:45: W0501 template has an unclosed action: \"{{\" without \"}}\"");
  EXPECT_EQ(errors(R"({a="b"} | json bad="user[", ok="a.b[0][\"c d\"]", first="[1]")"),
            "1:20: W0501 cannot parse JSON expression \"user[\": expected .field, [\"key\"] or "
            "[index]");
  EXPECT_EQ(
      errors(R"({a="b"} | json x="a.1")"),
      "1:18: W0501 cannot parse JSON expression \"a.1\": expected .field, [\"key\"] or [index]");
  EXPECT_EQ(errors(R"q({a="b"} | regexp `(?P<x>.)(?P<x>.)`)q"),
            "1:18: W0501 regexp names the group \"x\" more than once");
}

TEST(LogqlCheck, BinaryOperations) {
  EXPECT_EQ(errors(R"({foo="bar"} + 1)"),
            "1:1: E0511 expected a metric query as left operand of \"+\", found a log query");
  EXPECT_EQ(errors(R"(count_over_time({a="b"}[1m]) > {a="b"})"),
            "1:32: E0511 expected a metric query as right operand of \">\", found a log query");
  EXPECT_EQ(errors(R"(sum(count_over_time({a="b"}[5m])) by (a) or 1)"),
            "1:45: E0512 unexpected literal for right leg of logical/set binary operation (or)");
  EXPECT_EQ(errors(R"((1 + 1) and count_over_time({a="b"}[5m]))"),
            "1:2: E0512 unexpected literal for left leg of logical/set binary operation (and)");
  EXPECT_EQ(errors(R"(stddev({foo="bar"}))"),
            "1:8: E0511 expected a metric query in stddev, found a log query");
}

TEST(LogqlCheck, MetricQueryRequirement) {
  Options rule;
  rule.require_metric_query = true;
  auto p = parse(R"({app="x"} |= "panic")", rule);
  EXPECT_EQ(p->diagnostics(),
            "1:1: E0511 a Loki rule must be a metric query, found a log query; wrap it in a range "
            "aggregation such as count_over_time(... [5m])");
  EXPECT_FALSE(p->result.ok);
  EXPECT_FALSE(p->result.metric_query);
  auto m = parse(R"(sum(count_over_time({app="x"} |= "panic" [5m])) > 0)", rule);
  EXPECT_EQ(m->diagnostics(), "");
  EXPECT_TRUE(m->result.ok);
  EXPECT_TRUE(m->result.metric_query);
}

std::string labels(const LabelSet& s) {
  std::string out = s.open ? "open{" : "{";
  for (const std::string& l : s.labels) out += (out.back() == '{' ? "" : ",") + l;
  return out + "}";
}

TEST(LogqlCheck, LabelSets) {
  StreamCatalog catalog{{"namespace", "pod", "container", "app"}};
  Options o;
  o.streams = &catalog;
  EXPECT_EQ(labels(parse(R"({app="x"})", o)->result.labels), "{app,container,namespace,pod}");
  EXPECT_EQ(labels(parse(R"({app="x"})")->result.labels), "open{app}");
  EXPECT_EQ(labels(parse(R"({app="x"} | json)", o)->result.labels),
            "open{__error__,__error_details__,app,container,namespace,pod}");
  EXPECT_EQ(labels(parse(R"({app="x"} | logfmt level, msg | __error__="" | keep level, app)", o)
                       ->result.labels),
            "{app,level}");
  EXPECT_EQ(labels(parse(R"q({app="x"} | regexp "(?P<method>\\w+) (?P<path>\\S+)" | drop pod)q", o)
                       ->result.labels),
            "{__error__,__error_details__,app,container,method,namespace,path}");
  EXPECT_EQ(
      labels(parse(R"({app="x"} | pattern "<ip> <_> <status>" | label_format ns=namespace)", o)
                 ->result.labels),
      "{app,container,ip,ns,pod,status}");
  EXPECT_EQ(
      labels(parse(R"(sum by (namespace) (count_over_time({app="x"}[5m])))", o)->result.labels),
      "{namespace}");
  EXPECT_EQ(labels(parse(R"(sum(count_over_time({app="x"}[5m])))", o)->result.labels), "{}");
  EXPECT_EQ(labels(parse(R"(absent_over_time({app="x", pod=~"p.+"}[5m]))", o)->result.labels),
            "{app}");
  EXPECT_EQ(labels(parse(R"q(label_replace(rate({app="x"}[5m]), "d", "$1", "pod", "(.*)"))q", o)
                       ->result.labels),
            "{app,container,d,namespace,pod}");
}

TEST(LogqlCheck, CatalogWarnings) {
  StreamCatalog catalog{{"namespace", "pod", "container", "app"}};
  Options o;
  o.streams = &catalog;
  EXPECT_EQ(errors(R"({app="x", level="error"})", o),
            R"(1:11: W0502 no stream in the catalog has the label "level")");
  EXPECT_EQ(errors(R"(sum by (level) (count_over_time({app="x"}[5m])))", o),
            R"(1:9: W0503 label "level" in this grouping is never present here)");
  EXPECT_EQ(errors(R"(sum by (level) (count_over_time({app="x"} | json [5m])))", o), "");
  EXPECT_EQ(errors(R"({app="x"} | logfmt level | level="error" | status >= 500)", o),
            R"(1:44: W0503 label "status" in this filter is never present here)");
  // Without a catalog nothing is known about the streams, so nothing is warned about.
  EXPECT_EQ(errors(R"(sum by (level) (count_over_time({app="x"}[5m])))"), "");
}

}  // namespace
}  // namespace mzr::logql
