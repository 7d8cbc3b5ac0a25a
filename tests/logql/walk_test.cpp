// The LogQL traversal reaches every subexpression once, parents first, in written order, and
// stops below a node when told to.

#include "compiler/logql/walk.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/logql/logql_test_util.h"

namespace mzr::logql {
namespace {

std::vector<std::string> kinds(const Expr* root, bool skip_aggregations = false) {
  std::vector<std::string> out;
  walk(root, [&](const Expr* e) {
    switch (e->kind) {
      case ExprKind::Log: out.push_back("log"); break;
      case ExprKind::RangeAggregation: out.push_back("range"); break;
      case ExprKind::VectorAggregation: out.push_back("vector"); break;
      case ExprKind::Binary: out.push_back("binary"); break;
      case ExprKind::Literal: out.push_back("literal"); break;
      case ExprKind::Vector: out.push_back("vector()"); break;
      case ExprKind::LabelReplace: out.push_back("label_replace"); break;
    }
    return !(skip_aggregations && e->kind == ExprKind::VectorAggregation);
  });
  return out;
}

TEST(LogqlWalk, VisitsParentsFirstInWrittenOrder) {
  auto p = testing::parse(
      R"(sum by (app) (rate({app="a"} |= "x" [5m])) / on (app) count_over_time({app="b"}[1m]) > 2)");
  ASSERT_TRUE(p->result.ok) << p->diagnostics();
  EXPECT_EQ(kinds(p->result.root), (std::vector<std::string>{"binary", "binary", "vector", "range",
                                                             "log", "range", "log", "literal"}));
}

TEST(LogqlWalk, ReachesTheInnerQueryOfLabelReplace) {
  auto p = testing::parse(R"q(label_replace(rate({app="a"}[1m]), "d", "$1", "app", "(.*)"))q");
  ASSERT_TRUE(p->result.ok) << p->diagnostics();
  EXPECT_EQ(kinds(p->result.root), (std::vector<std::string>{"label_replace", "range", "log"}));
}

TEST(LogqlWalk, FalseSkipsTheChildren) {
  auto p = testing::parse(R"(sum(rate({app="a"}[1m])) + vector(1))");
  ASSERT_TRUE(p->result.ok) << p->diagnostics();
  EXPECT_EQ(kinds(p->result.root, true),
            (std::vector<std::string>{"binary", "vector", "vector()"}));
}

}  // namespace
}  // namespace mzr::logql
