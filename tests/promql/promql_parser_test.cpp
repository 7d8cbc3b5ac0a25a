// The PromQL parser and type checker: verdicts, exact messages and exact positions.

#include "compiler/syntax/promql_parser.h"

#include <gtest/gtest.h>

#include "compiler/promql/printer.h"
#include "compiler/syntax/promql_literals.h"
#include "tests/promql/promql_test_util.h"

namespace mzr::testing {
namespace {

// "line:col: message" of the first diagnostic, or "ok: <type>".
std::string check(const std::string& expr,
                  std::set<std::string> features = {"promql-duration-expr"}) {
  PromqlRun run;
  run_promql(run, expr, std::move(features));
  if (run.diags.all().empty()) {
    return "ok: " + std::string(promql::documented_name(run.result.type));
  }
  return run.first();
}

TEST(PromqlParser, Types) {
  EXPECT_EQ(check("1"), "ok: scalar");
  EXPECT_EQ(check("\"a\""), "ok: string");
  EXPECT_EQ(check("foo"), "ok: instant vector");
  EXPECT_EQ(check("foo[5m]"), "ok: range vector");
  EXPECT_EQ(check("rate(foo[5m])[1h:]"), "ok: range vector");
  EXPECT_EQ(check("scalar(foo) + 1"), "ok: scalar");
  EXPECT_EQ(check("foo + 1"), "ok: instant vector");
  EXPECT_EQ(check("1 > bool 2"), "ok: scalar");
  EXPECT_EQ(check("time() - 5m"), "ok: scalar");
  EXPECT_EQ(check("SUM(x)"), "ok: instant vector");
  EXPECT_EQ(check("sum"), "ok: instant vector");
  EXPECT_EQ(check("x # comment"), "ok: instant vector");
  EXPECT_EQ(check("0x1F + 1e3 + Inf - NaN"), "ok: scalar");
  EXPECT_EQ(check("x @ start()"), "ok: instant vector");
  EXPECT_EQ(check("topk(3, x) without (a)"), "ok: instant vector");
  EXPECT_EQ(check("x and on() vector(1)"), "ok: instant vector");
  EXPECT_EQ(check("{\"my.metric\", job=\"a\"}"), "ok: instant vector");
  EXPECT_EQ(check("x[5m+1m]"), "ok: range vector");
  EXPECT_EQ(check("{__name__=~\"a.*\"}"), "ok: instant vector");
}

TEST(PromqlParser, SyntaxErrorsNameTheTokenAndPlace) {
  EXPECT_EQ(check(""), "1:1: no expression found in input");
  EXPECT_EQ(check("# only a comment"), "1:1: no expression found in input");
  EXPECT_EQ(check("1+"), "1:3: unexpected end of input");
  EXPECT_EQ(check("sum by (a) (x) by (b)"), "1:16: unexpected <by>");
  EXPECT_EQ(check("on{}"), "1:1: unexpected <on>");
  EXPECT_EQ(check("(1))"), "1:4: unexpected right parenthesis ')'");
  EXPECT_EQ(check("((1)"), "1:1: unclosed left parenthesis");
  EXPECT_EQ(check("foo[5m"), "1:4: unclosed left bracket");
  EXPECT_EQ(check("foo{a"), "1:6: unexpected end of input inside braces");
  EXPECT_EQ(check("foo{a=b}"),
            "1:7: unexpected identifier \"b\" in label matching, expected string");
  EXPECT_EQ(check("foo[]"),
            "1:5: unexpected \"]\" in subquery or range selector, expected number, duration, "
            "step(), or range()");
  EXPECT_EQ(check("x offset"), "1:9: unexpected end of input in offset");
  EXPECT_EQ(check("a ! b"), "1:3: unexpected character: '!'");
  EXPECT_EQ(check("foo{a:b=\"c\"}"),
            "1:5: unexpected identifier \"a:b\" in label matching, expected identifier or \"}\"");
  EXPECT_EQ(check("sum(x,)"), "1:6: trailing commas not allowed in function call args");
  EXPECT_EQ(check("rate(x[5m],)"), "1:11: trailing commas not allowed in function call args");
}

TEST(PromqlParser, LiteralErrors) {
  EXPECT_EQ(check("2.5."), "1:1: bad number or duration syntax: \"2.5.\"");
  EXPECT_EQ(check("foo[5m1h]"), "1:5: not a valid duration string: \"5m1h\"");
  EXPECT_EQ(check("foo[5y1hs]"), "1:5: unknown unit \"hs\" in duration \"5y1hs\"");
  EXPECT_EQ(check("\"abc"), "1:1: unterminated quoted string");
  EXPECT_EQ(check("'a\nb'"), "1:1: unterminated quoted string");
  EXPECT_EQ(check("`abc"), "1:1: unterminated raw string");
  EXPECT_EQ(check("\"a\\qb\""), "1:3: unknown escape sequence U+0071 'q'");
  EXPECT_EQ(check("\"\\x4g\""), "1:5: illegal character U+0067 'g' in escape sequence");
  EXPECT_EQ(check("\"\\uD800\""), "1:2: escape sequence is invalid Unicode code point");
  EXPECT_EQ(check(std::string("foo{a=\"\xff\"}")), "1:8: invalid UTF-8 rune");
  EXPECT_EQ(check("\xEF\xBB\xBFsum"), "1:1: unexpected character: U+FEFF");
  EXPECT_EQ(check("a + \xEF\xBB\xBF"), "1:5: unexpected character: '\xEF\xBB\xBF'");
}

TEST(PromqlParser, LiteralValues) {
  EXPECT_EQ(syntax::parse_promql_number("0755"), 493.0);
  EXPECT_EQ(syntax::parse_promql_number("0x_1F"), 31.0);
  EXPECT_EQ(syntax::parse_promql_number("1_000"), 1000.0);
  EXPECT_EQ(syntax::parse_promql_number("09"), 9.0);
  EXPECT_EQ(syntax::parse_promql_number(".5"), 0.5);
  EXPECT_EQ(syntax::parse_promql_number("5e-3"), 0.005);
  EXPECT_FALSE(syntax::parse_promql_number(std::string(400, '9')).has_value());
  syntax::UnquoteError err;
  EXPECT_EQ(syntax::unquote_promql_string("\"\\a\\x41\\101\\u263a\\U0001F600\\\"\"", &err),
            "\aAA\u263a\U0001F600\"");
  EXPECT_EQ(syntax::unquote_promql_string("'it\\'s'", &err), "it's");
  EXPECT_EQ(syntax::unquote_promql_string("`a\\nb`", &err), "a\\nb");
  EXPECT_FALSE(syntax::unquote_promql_string("\"\\'\"", &err).has_value());
}

TEST(PromqlParser, FunctionsAndFeatureGates) {
  EXPECT_EQ(check("Rate(x[5m])"), "1:1: unknown function with name \"Rate\", did you mean 'rate'?");
  EXPECT_EQ(check("holt_winters(x[5m], 0.5, 0.5)"),
            "1:1: unknown function with name \"holt_winters\"");
  EXPECT_EQ(check("sort_by_label(x, \"a\")"), "1:1: function \"sort_by_label\" is not enabled");
  EXPECT_EQ(check("sort_by_label(x, \"a\")", {"promql-experimental-functions"}),
            "ok: instant vector");
  EXPECT_EQ(check("limitk(2, x)"),
            "1:1: limitk() is experimental and must be enabled with "
            "--enable-feature=promql-experimental-functions");
  EXPECT_EQ(check("x[5m+1m]", {}), "1:3: experimental duration expression is not enabled");
  EXPECT_EQ(check("x offset -5m", {}), "ok: instant vector");
  EXPECT_EQ(check("x[5m] anchored"), "1:7: anchored modifier is experimental and not enabled");
  EXPECT_EQ(check("x[5m] smoothed", {"promql-extended-range-selectors"}), "ok: range vector");
  EXPECT_EQ(check("x + fill(0) y"), "1:5: binop fill modifiers are experimental and not enabled");
  EXPECT_EQ(check("x + fill_left(0) fill_right(-1) y", {"promql-binop-fill-modifiers"}),
            "ok: instant vector");
  EXPECT_EQ(check("fill + fill_left"), "ok: instant vector");
  EXPECT_EQ(check("start()"), "1:1: function \"start\" is not enabled");
}

TEST(PromqlParser, TypeErrorsPointAtTheSubExpression) {
  EXPECT_EQ(check("rate(x)"),
            "1:6: expected type range vector in call to function \"rate\", got instant vector");
  EXPECT_EQ(check("1 > 2"), "1:3: comparisons between scalars must use BOOL modifier");
  EXPECT_EQ(check("scalar(x) > scalar(y)"),
            "1:11: comparisons between scalars must use BOOL modifier");
  EXPECT_EQ(check("\"str\" + 1"),
            "1:1: binary expression must contain only scalar and instant vector types");
  EXPECT_EQ(check("foo and 1"),
            "1:1: set operator \"and\" not allowed in binary scalar expression");
  EXPECT_EQ(check("quantile(x, 0.5)"),
            "1:13: expected type instant vector in aggregation expression, got scalar");
  EXPECT_EQ(check("count_values(1, x)"),
            "1:14: expected type string in aggregation parameter, got scalar");
  EXPECT_EQ(check("x + on(a) group_left(a) y"),
            "1:3: label \"a\" must not occur in ON and GROUP clause at once");
  EXPECT_EQ(check("x unless on(a) group_left y"),
            "1:1: no grouping allowed for \"unless\" operation");
  EXPECT_EQ(check("-\"a\""),
            "1:1: unary expression only allowed on expressions of type scalar or instant vector, "
            "got \"string\"");
  EXPECT_EQ(check("x @ 100 @ 200"), "1:9: @ <timestamp> may not be set multiple times");
  EXPECT_EQ(check("x[0s]"), "1:3: duration must be greater than 0");
  EXPECT_EQ(check("rate(x[5m])[1h]"), "1:12: ranges only allowed for vector selectors");
  EXPECT_EQ(check("x offset 1m [5m]"), "1:13: no offset modifiers allowed before range");
  EXPECT_EQ(check("sum(x) offset 5m"),
            "1:8: offset modifier must be preceded by an instant vector selector or range vector "
            "selector or a subquery");
  EXPECT_EQ(check("{__name__=~\".*\"}"),
            "1:1: vector selector must contain at least one non-empty matcher");
  EXPECT_EQ(check("foo{__name__=\"bar\"}"),
            "1:5: metric name must not be set twice: \"foo\" or \"bar\"");
  EXPECT_EQ(check("floor()"), "1:1: expected 1 argument(s) in call to \"floor\", got 0");
  EXPECT_EQ(check("label_join(x, \"a\")"),
            "1:1: expected at least 3 argument(s) in call to \"label_join\", got 2");
  EXPECT_EQ(check("round(x, 1, 2)"),
            "1:1: expected at most 2 argument(s) in call to \"round\", got 3");
  EXPECT_EQ(check("topk(x)"),
            "1:1: wrong number of arguments for aggregate expression provided, expected 2, got 1");
  EXPECT_EQ(check("sum()"), "1:1: no arguments for aggregate expression provided");
  EXPECT_EQ(check("foo[5m:][1m:]"),
            "1:1: subquery is only allowed on instant vector, got matrix instead");
  EXPECT_EQ(check("x[5s/0s]"), "1:6: division by zero");
}

TEST(PromqlParser, RegexMatchersCompileWithRe2Anchored) {
  EXPECT_EQ(check("x{a=~\"(\"}"), "1:3: error parsing regexp: missing ): (");
  EXPECT_EQ(check("x{a=~\"(?=x)\"}"), "1:3: error parsing regexp: invalid perl operator: (?=");
  // Anchored: "b" alone does not match the empty string, ".*" does.
  EXPECT_EQ(check("{a=~\"b|\"}"),
            "1:1: vector selector must contain at least one non-empty matcher");
  EXPECT_EQ(check("{a=~\"b\"}"), "ok: instant vector");
  EXPECT_EQ(check("{a!~\"\"}"), "ok: instant vector");
}

TEST(PromqlParser, PrecedenceAndAssociativity) {
  std::vector<std::unique_ptr<PromqlRun>> runs;  // keeps each tree's arena alive
  auto printed_tree = [&runs](const std::string& expr) {
    PromqlRun& run = *runs.emplace_back(std::make_unique<PromqlRun>());
    run_promql(run, expr);
    EXPECT_TRUE(run.result.ok) << expr << ": " << run.first();
    return run.result.root;
  };
  auto* pow = promql::as<promql::BinaryExpr>(printed_tree("2 ^ 3 ^ 2"));
  ASSERT_NE(pow, nullptr);
  EXPECT_NE(promql::as<promql::BinaryExpr>(pow->rhs), nullptr);  // right-associative
  auto* sub = promql::as<promql::BinaryExpr>(printed_tree("a - b - c"));
  ASSERT_NE(sub, nullptr);
  EXPECT_NE(promql::as<promql::BinaryExpr>(sub->lhs), nullptr);  // left-associative
  // A sign binds like '*': -x ^ 2 is -(x ^ 2), -x * y is (-x) * y.
  auto* neg = promql::as<promql::UnaryExpr>(printed_tree("-x ^ 2"));
  ASSERT_NE(neg, nullptr);
  EXPECT_NE(promql::as<promql::BinaryExpr>(neg->expr), nullptr);
  auto* mul = promql::as<promql::BinaryExpr>(printed_tree("-x * y"));
  ASSERT_NE(mul, nullptr);
  EXPECT_NE(promql::as<promql::UnaryExpr>(mul->lhs), nullptr);
  // or < and < comparison < + < *.
  auto* lor = promql::as<promql::BinaryExpr>(printed_tree("a or b and c == d + e * f"));
  ASSERT_NE(lor, nullptr);
  EXPECT_EQ(lor->op, promql::BinOp::Or);
  // Unparenthesised arithmetic after offset belongs to the outer expression.
  auto* off = promql::as<promql::BinaryExpr>(printed_tree("foo offset 5s - 8"));
  ASSERT_NE(off, nullptr);
  EXPECT_EQ(off->op, promql::BinOp::Sub);
  // Numbers fold their sign.
  auto* num = promql::as<promql::NumberLiteral>(printed_tree("-1"));
  ASSERT_NE(num, nullptr);
  EXPECT_EQ(num->value, -1);
}

TEST(PromqlPrinter, CanonicalText) {
  auto canon = [](const std::string& expr, std::set<std::string> f = all_promql_features()) {
    PromqlRun run;
    run_promql(run, expr, std::move(f));
    EXPECT_TRUE(run.result.ok) << expr << ": " << run.first();
    return promql::print(run.result.root);
  };
  EXPECT_EQ(canon("sum   BY(a,b)(rate(x{job=\"a\"}[300s]))"),
            "sum by (a, b) (rate(x{job=\"a\"}[5m]))");
  EXPECT_EQ(canon("SUM(x) WITHOUT (a)"), "sum without (a) (x)");
  EXPECT_EQ(canon("a+on(b)group_left(c)d"), "a + on(b) group_left(c) d");
  EXPECT_EQ(canon("a > BOOL 1"), "a > bool 1");
  EXPECT_EQ(canon("{'my.metric', \"a b\"='c'}"), "{__name__=\"my.metric\", \"a b\"=\"c\"}");
  EXPECT_EQ(canon("x offset -1h30m @ 1.5"), "x @ 1.5 offset -1h30m");
  EXPECT_EQ(canon("x[5m:] @ end()"), "x[5m:] @ end()");
  EXPECT_EQ(canon("x[step() * 2:] offset -(1m)"), "x[step() * 2:] offset -(1m)");
  EXPECT_EQ(canon("x + fill_left(1) fill_right(1) y"), "x + fill(1) y");
  EXPECT_EQ(canon("`a\"b`"), "\"a\\\"b\"");
  EXPECT_EQ(canon("- -x"), "- -x");
  EXPECT_EQ(canon("x[5m] anchored"), "x[5m] anchored");
  EXPECT_EQ(canon("topk(5, x)"), "topk(5, x)");
}

TEST(PromqlParser, HostileInputGetsADiagnosticNotACrash) {
  std::string deep = std::string(10000, '(') + "1" + std::string(10000, ')');
  EXPECT_EQ(
      check(deep),
      "1:129: expression nests too deeply (more than 128 levels of parentheses and operators)");
  std::string signs = std::string(10000, '-') + "1";
  EXPECT_EQ(check(signs).substr(0, 40), "1:129: expression nests too deeply (more");
  std::string chain = "a";
  for (int i = 0; i < 20000; ++i) chain += " + a";
  EXPECT_EQ(check(chain).substr(0, 35), "1:4003: expression nests too deeply");
  std::string big(10 * 1024 * 1024, 'a');
  EXPECT_EQ(check(big), "1:1: expression is too large (10485760 bytes; the limit is 1048576)");
  std::string wide = "x";
  for (int i = 0; i < 900; ++i) wide += " or x";
  EXPECT_EQ(check(wide), "ok: instant vector");
  std::string nested_calls;
  for (int i = 0; i < 100; ++i) nested_calls += "abs(";
  nested_calls += "x" + std::string(100, ')');
  EXPECT_EQ(check(nested_calls), "ok: instant vector");
}

TEST(PromqlParser, EmbeddedPositionsMapToTheContainingFile) {
  // The expression sits in a file after a prefix, with one escape ("\t" written as two bytes)
  // before the mistake: the error must point at the file's byte, not the expression's.
  SourceManager sm;
  std::string file = "expr: \"rate(x)\\t+ foo{a=b}\"\n";
  SourceId id = sm.add("rules.yaml", file);
  EmbeddedText text;
  text.file = id;
  text.text = "rate(x)\t+ foo{a=b}";
  // text[i] -> file offset: 7 bytes before the tab map one to one from offset 7, the tab comes
  // from two bytes, the rest follows one later.
  for (uint32_t i = 0; i < text.text.size(); ++i) text.offsets.push_back(i < 8 ? 7 + i : 8 + i);
  text.offsets.push_back(static_cast<uint32_t>(8 + text.text.size()));
  Diagnostics diags;
  promql::Options options;
  promql::ParseResult r = promql::parse_expr(text, options, diags);
  EXPECT_FALSE(r.ok);
  ASSERT_EQ(diags.all().size(), 1u);
  const Diagnostic& d = diags.all()[0];
  EXPECT_EQ(d.message, "unexpected identifier \"b\" in label matching, expected string");
  EXPECT_EQ(file.substr(d.span.begin, d.span.end - d.span.begin), "b");
}

TEST(PromqlParser, NonAsciiPositionsAreBytes) {
  // Columns count bytes, as Prometheus does: "é" is two.
  EXPECT_EQ(check("{\"é\"=\"x\"} + foo{a=b}"),
            "1:20: unexpected identifier \"b\" in label matching, expected string");
}

}  // namespace
}  // namespace mzr::testing
