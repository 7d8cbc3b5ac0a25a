// The LogQL parser: trees (through the canonical printer), keywords, and syntax errors with their
// exact messages and positions.

#include <gtest/gtest.h>

#include "tests/logql/logql_test_util.h"

namespace mzr::logql {
namespace {

using testing::parse;

std::string canonical(std::string_view q) {
  auto p = parse(q);
  EXPECT_EQ(p->diagnostics(), "") << q;
  return p->printed();
}

std::string errors(std::string_view q) {
  return parse(q)->diagnostics();
}

TEST(LogqlParser, LogQueries) {
  EXPECT_EQ(canonical(R"({ foo = "bar" })"), R"({foo="bar"})");
  EXPECT_EQ(canonical(R"({app="foo"} |= "err" or "warn" != "debug")"),
            R"({app="foo"} |= "err" or "warn" != "debug")");
  EXPECT_EQ(canonical(R"({app="foo"} |> "<_> level=error <_>" !> "debug")"),
            R"({app="foo"} |> "<_> level=error <_>" !> "debug")");
  EXPECT_EQ(canonical(R"({app="foo"}|=ip("10.0.0.0/8") or `raw\d`)"),
            R"({app="foo"} |= ip("10.0.0.0/8") or "raw\\d")");
  EXPECT_EQ(canonical(R"({app="foo"} | logfmt --strict --keep-empty a, b="c.d" | json | unpack)"),
            R"({app="foo"} | logfmt --strict --keep-empty a, b="c.d" | json | unpack)");
  EXPECT_EQ(
      canonical(
          R"({app="foo"} | line_format "{{.msg}}" | label_format a=b, c="{{.d}}" | drop x, y="z" | keep a | decolorize)"),
      R"({app="foo"} | line_format "{{.msg}}" | label_format a=b, c="{{.d}}" | drop x, y="z" | keep a | decolorize)");
  EXPECT_EQ(canonical(R"q({a="b"} # a comment
  | regexp "(?P<x>\\w+)" | pattern "<ip> <_>")q"),
            R"q({a="b"} | regexp "(?P<x>\\w+)" | pattern "<ip> <_>")q");
}

TEST(LogqlParser, LabelFilterGrouping) {
  // `and` binds tighter than `or`; a comma or juxtaposition takes everything after it.
  EXPECT_EQ(canonical(R"({a="b"} | x="1" and y="2" or z="3")"),
            R"({a="b"} | (x="1" and y="2") or z="3")");
  EXPECT_EQ(canonical(R"({a="b"} | x="1" or y="2" and z="3")"),
            R"({a="b"} | x="1" or (y="2" and z="3"))");
  EXPECT_EQ(canonical(R"({a="b"} | x="1", y="2" or z="3")"),
            R"({a="b"} | x="1" and (y="2" or z="3"))");
  EXPECT_EQ(canonical(R"({a="b"} | x="1" y="2" or z="3")"),
            R"({a="b"} | x="1" and (y="2" or z="3"))");
  EXPECT_EQ(canonical(R"({a="b"} | x > 250ms or status=~"5..", level!="debug")"),
            R"({a="b"} | x > 250ms or (status=~"5.." and level!="debug"))");
  EXPECT_EQ(canonical(R"({a="b"} | (d > 1s or s==200) and m="POST" | size >= 20KB | n < -1.5)"),
            R"({a="b"} | (d > 1s or s == 200) and m="POST" | size >= 20KB | n < -1.5)");
  EXPECT_EQ(canonical(R"({a="b"} | addr = ip("1.2.3.4") | host != ip("::1"))"),
            R"({a="b"} | addr=ip("1.2.3.4") | host!=ip("::1"))");
}

TEST(LogqlParser, MetricQueries) {
  EXPECT_EQ(
      canonical(R"(sum by (host) (rate({app="foo"} | logfmt --strict | unwrap bytes(size) [5m])))"),
      R"(sum by (host) (rate({app="foo"} | logfmt --strict | unwrap bytes(size) [5m])))");
  // The range may come before the pipeline; the canonical form puts it last.
  EXPECT_EQ(canonical(R"(count_over_time({foo="bar"}[12h] |= "error"))"),
            R"(count_over_time({foo="bar"} |= "error" [12h]))");
  EXPECT_EQ(canonical(R"(count_over_time(({foo="bar"} |= "x")[5m] offset 1h))"),
            R"(count_over_time({foo="bar"} |= "x" [5m] offset 1h))");
  EXPECT_EQ(
      canonical(
          R"(quantile_over_time(0.99, {a="b"} | json | unwrap duration_seconds(d) | __error__="" [1m]) by (host))"),
      R"(quantile_over_time(0.99, {a="b"} | json | unwrap duration_seconds(d) | __error__="" [1m]) by (host))");
  EXPECT_EQ(canonical(R"(topk(5, sum(count_over_time({a="b"}[5m])) without (c)))"),
            R"(topk(5, sum(count_over_time({a="b"} [5m])) without (c)))");
  EXPECT_EQ(canonical(R"(rate({a="b"}[5m]) > bool on (x) group_left (y) rate({a="c"}[5m]))"),
            R"(rate({a="b"} [5m]) > bool on (x) group_left (y) rate({a="c"} [5m]))");
  EXPECT_EQ(canonical(R"q(label_replace(rate({a="b"}[1m]), "d", "$1", "s", "(.*)"))q"),
            R"q(label_replace(rate({a="b"} [1m]), "d", "$1", "s", "(.*)"))q");
  EXPECT_EQ(canonical("vector(0) or rate({a=\"b\"}[1m])"), R"(vector(0) or rate({a="b"} [1m]))");
}

TEST(LogqlParser, ChainsOfAndPrintWithoutParentheses) {
  auto p = parse(R"({a="b"} | x="1", y="2" z="3" and w="4")");
  EXPECT_EQ(p->printed(), R"({a="b"} | x="1" and y="2" and z="3" and w="4")");
  EXPECT_EQ(parse(p->printed())->printed(), p->printed());
}

TEST(LogqlParser, PrecedenceAndParentheses) {
  EXPECT_EQ(canonical("1 + 2 * 3"), "1 + 2 * 3");
  EXPECT_EQ(canonical("(1 + 2) * 3"), "(1 + 2) * 3");
  EXPECT_EQ(canonical("2 ^ 3 ^ 2"), "2 ^ 3 ^ 2");
  EXPECT_EQ(canonical("(2 ^ 3) ^ 2"), "(2 ^ 3) ^ 2");
  EXPECT_EQ(canonical("1 - (2 - 3)"), "1 - (2 - 3)");
  EXPECT_EQ(canonical("1 - -1"), "1 - -1");
  EXPECT_EQ(canonical("1 > 1"), "1 > 1");  // valid in LogQL: Loki folds it
}

TEST(LogqlParser, KeywordsAreCaseInsensitiveAndFunctionNamesContextual) {
  EXPECT_EQ(canonical(R"(SUM BY (a) (Count_Over_Time({a="b"} | JSON [5m])))"),
            R"(sum by (a) (count_over_time({a="b"} | json [5m])))");
  // Function names are label names unless a call follows.
  EXPECT_EQ(canonical(R"({rate="a"} | ip="x" | bytes > 1KB | duration >= 5s | sum = 3)"),
            R"({rate="a"} | ip="x" | bytes > 1KB | duration >= 5s | sum = 3)");
  EXPECT_EQ(canonical(R"(sum by (variants, of) (count_over_time({of="bar"}[5m])))"),
            R"(sum by (variants, of) (count_over_time({of="bar"} [5m])))");
  EXPECT_EQ(
      errors(R"({json="a"})"),
      R"(1:2: E0501 unexpected keyword "json" in stream selector, expected a label name or "}")");
}

TEST(LogqlParser, SyntaxErrors) {
  EXPECT_EQ(errors(R"({foo="bar"} |~)"),
            R"(1:15: E0501 unexpected end of input in line filter, expected a string or "ip")");
  EXPECT_EQ(errors(R"({foo="bar"} foo)"),
            R"(1:13: E0501 unexpected identifier "foo", expected end of input)");
  EXPECT_EQ(errors(R"(min({foo="bar"}[5m]))"),
            R"q(1:16: E0501 unexpected range "[5m]" in aggregation, expected ")")q");
  EXPECT_EQ(errors(R"(sum by (a) (count_over_time({a="b"}[5m])) by (b))"),
            R"(1:43: E0501 unexpected keyword "by", expected end of input)");
  EXPECT_EQ(errors("-rate({a=\"b\"}[1m])"),
            R"(1:2: E0501 unexpected keyword "rate", expected a number)");
  EXPECT_EQ(errors(R"({a="b"} | distinct host)"),
            R"(1:20: E0501 unexpected identifier "host" in label filter)");
  EXPECT_EQ(errors(R"({app="foo"}[5m])"),
            R"(1:12: E0501 unexpected range "[5m]", expected end of input)");
  EXPECT_EQ(errors(R"({a="b"} | x >= ip("1.2.3.4"))"),
            R"(1:16: E0501 unexpected keyword "ip" in label filter)");
  EXPECT_EQ(
      errors(R"({foo)"),
      R"(1:5: E0501 unexpected end of input in stream selector, expected "!=", "!~", "=~" or "=")");
}

TEST(LogqlParser, LiteralErrors) {
  EXPECT_EQ(errors(R"(rate({a="b"}[5minutes]))"),
            R"(1:13: E0502 unknown unit "minutes" in duration "5minutes")");
  EXPECT_EQ(errors(R"(count_over_time({a="b"}[1.5m]))"),
            R"(1:24: E0502 unknown unit "." in duration "1.5m")");
  EXPECT_EQ(errors(R"(rate({a="b"}[5))"), R"(1:13: E0502 missing closing ']' in duration)");
  EXPECT_EQ(errors(R"({a='b'})"),
            "1:4: E0502 single quotes do not delimit strings in LogQL; use double quotes or "
            "backticks");
  EXPECT_EQ(errors(R"({a="b\q"})"),
            R"(1:4: E0502 invalid string literal: unknown escape sequence \q)");
  EXPECT_EQ(errors(R"({a="b})"), R"(1:4: E0502 string literal is not terminated)");
  EXPECT_EQ(errors(R"({a="b"} | logfmt | c > 0x10)"),
            R"(1:24: E0502 unable to parse literal as a float: "0x10")");
  EXPECT_EQ(
      errors(R"({a="b"} | logfmt --lenient)"),
      R"(1:18: E0514 unknown parser flag "--lenient"; logfmt accepts --strict and --keep-empty)");
  EXPECT_EQ(errors("# only a comment"), "1:1: E0505 no query found in input");
  EXPECT_EQ(errors(""), "1:1: E0505 no query found in input");
}

TEST(LogqlParser, SpansPointIntoTheContainingFile) {
  // The query sits at offset 10 of a file, after a YAML-ish prefix.
  SourceManager sources;
  std::string file = "expr: |\n  {a=\"b\"} |= \"x\" or";
  SourceId id = sources.add("rules.yaml", file);
  Diagnostics diags;
  ParseResult r = parse_logql(EmbeddedText::verbatim(file.substr(10), id, 10), Options{}, diags);
  EXPECT_FALSE(r.ok);
  ASSERT_EQ(diags.all().size(), 1u);
  LineCol lc = sources.file(id).line_col(diags.all()[0].span.begin);
  EXPECT_EQ(lc.line, 2u);
  EXPECT_EQ(lc.column, 20u);  // end of input, after "or"
}

}  // namespace
}  // namespace mzr::logql
