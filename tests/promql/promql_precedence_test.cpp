// Operator precedence and associativity of the PromQL parser, shown as the tree with every
// binary and unary node parenthesised. The grammar parses operator chains flat; the grouping
// below is the builder's, and must be Prometheus' (promql/parser/generated_parser.y).

#include <gtest/gtest.h>

#include <string>

#include "compiler/promql/ast.h"
#include "tests/promql/promql_test_util.h"

namespace mzr::testing {
namespace {

std::string duration_shape(const promql::Expr* e);

std::string number(const promql::NumberLiteral* n) {
  std::string s = std::to_string(n->value);
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string shape(const promql::Expr* e) {
  using namespace promql;
  if (const auto* b = as<BinaryExpr>(e)) {
    return "(" + shape(b->lhs) + " " + std::string(spelling(b->op)) +
           (b->return_bool ? " bool" : "") + " " + shape(b->rhs) + ")";
  }
  if (const auto* u = as<UnaryExpr>(e)) {
    return "(" + std::string(u->op == BinOp::Sub ? "-" : "+") + shape(u->expr) + ")";
  }
  if (const auto* p = as<ParenExpr>(e)) return "[" + shape(p->expr) + "]";
  if (const auto* n = as<NumberLiteral>(e)) return number(n);
  if (const auto* v = as<VectorSelector>(e)) {
    return v->name +
           (v->modifiers.offset != nullptr ? " offset " + duration_shape(v->modifiers.offset) : "");
  }
  if (const auto* m = as<MatrixSelector>(e)) {
    return shape(m->selector) + "[" + duration_shape(m->range) + "]";
  }
  if (const auto* c = as<Call>(e)) {
    std::string s = "call(";
    for (size_t i = 0; i < c->args.size(); ++i) s += (i > 0 ? ", " : "") + shape(c->args[i]);
    return s + ")";
  }
  return "?";
}

std::string duration_shape(const promql::Expr* e) {
  using namespace promql;
  if (const auto* n = as<NumberLiteral>(e)) return number(n);
  const auto* d = as<DurationExpr>(e);
  if (d == nullptr) return "?";
  switch (d->op) {
    case DurationOp::Neg: return "(-" + duration_shape(d->lhs) + ")";
    case DurationOp::Pos: return "(+" + duration_shape(d->lhs) + ")";
    case DurationOp::Paren: return "[" + duration_shape(d->lhs) + "]";
    case DurationOp::Step: return "step()";
    case DurationOp::Range: return "range()";
    default: break;
  }
  const char* op = d->op == DurationOp::Add   ? "+"
                   : d->op == DurationOp::Sub ? "-"
                   : d->op == DurationOp::Mul ? "*"
                   : d->op == DurationOp::Div ? "/"
                   : d->op == DurationOp::Mod ? "%"
                   : d->op == DurationOp::Pow ? "^"
                                              : "?";
  return "(" + duration_shape(d->lhs) + " " + op + " " + duration_shape(d->rhs) + ")";
}

std::string tree(const std::string& expr) {
  PromqlRun run;
  run_promql(run, expr);
  if (!run.diags.all().empty()) return "error: " + run.first();
  return shape(run.result.root);
}

TEST(PromqlPrecedence, LevelsFromLooseToTight) {
  EXPECT_EQ(tree("a or b and c == d + e * f ^ g"), "(a or (b and (c == (d + (e * (f ^ g))))))");
  EXPECT_EQ(tree("a ^ b * c + d == e and f or g"), "((((((a ^ b) * c) + d) == e) and f) or g)");
  EXPECT_EQ(tree("a unless b and c"), "((a unless b) and c)");
  EXPECT_EQ(tree("a + b - c * d / e % f atan2 g"), "((a + b) - ((((c * d) / e) % f) atan2 g))");
  EXPECT_EQ(tree("a > b < c >= d <= e != f == g"), "((((((a > b) < c) >= d) <= e) != f) == g)");
  EXPECT_EQ(tree("a or b or c"), "((a or b) or c)");
  EXPECT_EQ(tree("a * b + c * d"), "((a * b) + (c * d))");
  EXPECT_EQ(tree("a + b * c + d"), "((a + (b * c)) + d)");
  EXPECT_EQ(tree("a == bool b + 1"), "(a == bool (b + 1))");
  EXPECT_EQ(tree("(a + b) * c"), "([(a + b)] * c)");
}

TEST(PromqlPrecedence, PowerIsRightAssociative) {
  EXPECT_EQ(tree("a ^ b ^ c"), "(a ^ (b ^ c))");
  EXPECT_EQ(tree("a ^ b ^ c * d ^ e"), "((a ^ (b ^ c)) * (d ^ e))");
  EXPECT_EQ(tree("a * b ^ c ^ d + e"), "((a * (b ^ (c ^ d))) + e)");
}

TEST(PromqlPrecedence, SignsBindLooserThanPowerAndTighterThanProducts) {
  EXPECT_EQ(tree("-a ^ b"), "(-(a ^ b))");
  EXPECT_EQ(tree("-a * b"), "((-a) * b)");
  EXPECT_EQ(tree("-a ^ b * c"), "((-(a ^ b)) * c)");
  EXPECT_EQ(tree("a ^ -b"), "(a ^ (-b))");
  EXPECT_EQ(tree("a ^ -b ^ c"), "(a ^ (-(b ^ c)))");
  EXPECT_EQ(tree("a ^ -b * c"), "((a ^ (-b)) * c)");
  EXPECT_EQ(tree("-a ^ -b ^ c"), "(-(a ^ (-(b ^ c))))");
  EXPECT_EQ(tree("a - -b"), "(a - (-b))");
  EXPECT_EQ(tree("- +a"), "(-(+a))");
  EXPECT_EQ(tree("-a offset 5m"), "(-a offset 300)");
  // A sign on a number literal is folded into it, also inside a power.
  EXPECT_EQ(tree("-2 ^ 2"), "(-(2 ^ 2))");
  EXPECT_EQ(tree("2 ^ -1"), "(2 ^ -1)");
  EXPECT_EQ(tree("- -1"), "1");
  EXPECT_EQ(tree("-1 * 2"), "(-1 * 2)");
}

TEST(PromqlPrecedence, OperandsKeepTheirOwnGrouping) {
  EXPECT_EQ(tree("rate(a[5m]) * 2 + b offset 1m - 8"), "(((call(a[300]) * 2) + b offset 60) - 8)");
  EXPECT_EQ(tree("vector(1 + 2 * 3) ^ 2"), "(call((1 + (2 * 3))) ^ 2)");
}

TEST(PromqlPrecedence, DurationExpressions) {
  EXPECT_EQ(tree("a[1m + 2m * 3]"), "a[(60 + (120 * 3))]");
  EXPECT_EQ(tree("a[1m * 2 - 30s]"), "a[((60 * 2) - 30)]");
  EXPECT_EQ(tree("a[2 ^ 3 ^ 2]"), "a[(2 ^ (3 ^ 2))]");
  EXPECT_EQ(tree("a[-(1m) ^ 2 + 5m]"), "a[((-([60] ^ 2)) + 300)]");
  EXPECT_EQ(tree("a[(1m + 2m) * 3]"), "a[([(60 + 120)] * 3)]");
  EXPECT_EQ(tree("a offset -(5m) "), "a offset (-[300])");
}

}  // namespace
}  // namespace mzr::testing
