// PromQL keywords: the lexer grammar lexes them as identifiers and the parser's lexer gives them
// their type by a lookup. They must behave as Prometheus' keywords do: case-insensitive, only as
// a whole identifier, and outside brackets only.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "compiler/promql/ast.h"
#include "tests/promql/promql_test_util.h"

namespace mzr::testing {
namespace {

const promql::Expr* parsed(PromqlRun& run, const std::string& expr) {
  run_promql(run, expr);
  EXPECT_TRUE(run.diags.all().empty()) << expr << ": " << run.first();
  return run.result.root;
}

std::string selector_name(const std::string& expr) {
  PromqlRun run;
  const auto* vs = promql::as<promql::VectorSelector>(parsed(run, expr));
  return vs == nullptr ? "<not a selector>" : vs->name;
}

TEST(PromqlKeywords, AnySpellingOfTheWholeWord) {
  PromqlRun run;
  const auto* a = promql::as<promql::AggregateExpr>(parsed(run, "SUM(x) By (job)"));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->op, promql::AggOp::Sum);
  EXPECT_TRUE(a->has_grouping);
  EXPECT_FALSE(a->without);

  PromqlRun off;
  const auto* vs = promql::as<promql::VectorSelector>(parsed(off, "x OfFsEt 5m"));
  ASSERT_NE(vs, nullptr);
  EXPECT_NE(vs->modifiers.offset, nullptr);

  PromqlRun inf;
  const auto* n = promql::as<promql::NumberLiteral>(parsed(inf, "-iNF"));
  ASSERT_NE(n, nullptr);
  EXPECT_TRUE(std::isinf(n->value) && n->value < 0);
  PromqlRun nan;
  const auto* m = promql::as<promql::NumberLiteral>(parsed(nan, "NaN"));
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(std::isnan(m->value));
}

TEST(PromqlKeywords, LongerIdentifiersAreNames) {
  EXPECT_EQ(selector_name("sum_x"), "sum_x");
  EXPECT_EQ(selector_name("Sum2"), "Sum2");
  EXPECT_EQ(selector_name("Infinity"), "Infinity");
  EXPECT_EQ(selector_name("offsets"), "offsets");
  EXPECT_EQ(selector_name("by:rate5m"), "by:rate5m");
  // Keywords that may name a metric, alone or with matchers.
  EXPECT_EQ(selector_name("sum"), "sum");
  EXPECT_EQ(selector_name("offset{a=\"b\"}"), "offset");
}

TEST(PromqlKeywords, PlainLabelNamesInsideBraces) {
  PromqlRun run;
  const auto* vs =
      promql::as<promql::VectorSelector>(parsed(run, "x{and=\"1\", OFFSET=\"2\", bool=\"3\"}"));
  ASSERT_NE(vs, nullptr);
  ASSERT_EQ(vs->matchers.size(), 3u);
  EXPECT_EQ(vs->matchers[0].name, "and");
  EXPECT_EQ(vs->matchers[1].name, "OFFSET");
  EXPECT_EQ(vs->matchers[2].name, "bool");
}

TEST(PromqlKeywords, InsideBracketsOnlyDurationFunctions) {
  PromqlRun run;
  run_promql(run, "foo[5m:sum]");
  EXPECT_EQ(run.first(),
            "1:8: unexpected identifier \"sum\" in subquery or range selector, expected number, "
            "duration, step(), or range()");
  PromqlRun step;
  run_promql(step, "foo[STEP()]");
  EXPECT_TRUE(step.diags.all().empty()) << step.first();
}

}  // namespace
}  // namespace mzr::testing
