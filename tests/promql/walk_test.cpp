// The PromQL traversal reaches every subexpression once, parents first, in written order, skips
// the durations of ranges and offsets, and stops below a node when told to.

#include "compiler/promql/walk.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/promql/printer.h"
#include "tests/promql/promql_test_util.h"

namespace mzr {
namespace {

std::vector<std::string> visited(const std::string& expr, bool skip_calls = false) {
  testing::PromqlRun run;
  testing::run_promql(run, expr);
  EXPECT_TRUE(run.result.ok) << run.first();
  std::vector<std::string> out;
  promql::walk(run.result.root, [&](const promql::Expr* e) {
    out.push_back(promql::print(e));
    return !(skip_calls && e->kind == promql::ExprKind::Call);
  });
  return out;
}

TEST(PromqlWalk, VisitsParentsFirstInWrittenOrder) {
  EXPECT_EQ(visited("topk(3, -rate(a[5m] offset 1h)) > on(job) (b + 1)"),
            (std::vector<std::string>{
                "topk(3, -rate(a[5m] offset 1h)) > on(job) (b + 1)",
                "topk(3, -rate(a[5m] offset 1h))",
                "3",
                "-rate(a[5m] offset 1h)",
                "rate(a[5m] offset 1h)",
                "a[5m] offset 1h",
                "a offset 1h",
                "(b + 1)",
                "b + 1",
                "b",
                "1",
            }));
}

TEST(PromqlWalk, EntersSubqueriesButNotTheirDurations) {
  EXPECT_EQ(visited("max_over_time(x[1h:5m])"),
            (std::vector<std::string>{"max_over_time(x[1h:5m])", "x[1h:5m]", "x"}));
}

TEST(PromqlWalk, FalseSkipsTheChildren) {
  EXPECT_EQ(
      visited("sum(rate(a[5m])) + b", true),
      (std::vector<std::string>{"sum(rate(a[5m])) + b", "sum(rate(a[5m]))", "rate(a[5m])", "b"}));
}

}  // namespace
}  // namespace mzr
