// Diagnostics of the PromQL front end that no rule file can reach: source files are checked for
// UTF-8 before any expression in them is parsed, so invalid UTF-8 only arrives through the API.

#include <gtest/gtest.h>

#include "compiler/base/diagnostics.h"
#include "compiler/frontend/promql.h"

namespace mzr {
namespace {

TEST(PromqlCodes, InvalidUtf8InsideAnExpression) {
  Diagnostics diags;
  EmbeddedText text = EmbeddedText::verbatim("x{a=\"\xff\"}", 0, 0);
  auto result = promql::parse_expr(text, promql::Options{}, diags);
  EXPECT_FALSE(result.ok);
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diag_info(diags.all()[0].kind).code, "E0403");
  EXPECT_EQ(diags.all()[0].span.begin, 5u);
}

}  // namespace
}  // namespace mzr
