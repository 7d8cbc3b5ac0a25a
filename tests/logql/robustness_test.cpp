// Pathological input gets a diagnostic, never a crash: deep nesting, long operator chains, huge
// queries, invalid UTF-8.

#include <gtest/gtest.h>

#include "tests/logql/logql_test_util.h"

namespace mzr::logql {
namespace {

using testing::parse;

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(LogqlRobustness, DeepParenthesesAreBoundedBeforeParsing) {
  std::string q = repeat("(", 10000) + R"(count_over_time({a="b"}[5m]))" + repeat(")", 10000);
  auto p = parse(q);
  EXPECT_EQ(p->diagnostics(), "1:129: E0504 query nests more than 128 levels deep");
  EXPECT_EQ(p->result.root, nullptr);
}

TEST(LogqlRobustness, NestingWithinTheBoundParses) {
  std::string q = repeat("(", 100) + R"(count_over_time({a="b"}[5m]))" + repeat(")", 100);
  auto p = parse(q);
  EXPECT_EQ(p->diagnostics(), "");
  EXPECT_EQ(p->printed(), R"(count_over_time({a="b"} [5m]))");
}

TEST(LogqlRobustness, LongOperatorChains) {
  // Right-associative, so each ^ nests one level deeper: the bound keeps the stack safe.
  auto pow = parse("1" + repeat(" ^ 1", 1500));
  EXPECT_EQ(pow->diagnostics(), "");
  EXPECT_TRUE(pow->result.ok);
  auto too_many = parse("1" + repeat(" ^ 1", 3000));
  EXPECT_EQ(too_many->diagnostics(), "1:8003: E0504 query has more than 2000 operators");
  // Label filters side by side nest to the right as well.
  auto filters = parse(R"({a="b"} |)" + repeat(R"( x="1")", 1000));
  EXPECT_EQ(filters->diagnostics(), "");
  std::string printed = filters->printed();
  auto again = parse(printed);
  EXPECT_EQ(again->diagnostics(), "");
  EXPECT_TRUE(again->printed() == printed);  // not EXPECT_EQ: a failure would print 20 KB
}

TEST(LogqlRobustness, HugeQueriesAreRejectedLikeLokiDoes) {
  std::string q = R"({a="b"} |= ")" + std::string(10 * 1024 * 1024, 'x') + "\"";
  auto p = parse(q);
  EXPECT_EQ(p->diagnostics(),
            "1:1: E0504 input size too long (10485773 bytes; Loki accepts less than 131072)");
  std::string just_below = R"({a="b"} |= ")" + std::string(131072 - 14, 'x') + "\"";
  EXPECT_EQ(parse(just_below)->diagnostics(), "");
}

TEST(LogqlRobustness, InvalidUtf8) {
  auto p = parse("{a=\"b\xff\"}");
  EXPECT_EQ(p->diagnostics(), "1:6: E0503 invalid UTF-8 rune");
}

TEST(LogqlRobustness, MultibytePositionsAreBytes) {
  auto p = parse("{a=\"é\"} |= \"ü\" foo");
  EXPECT_EQ(p->diagnostics(), "1:18: E0501 unexpected identifier \"foo\", expected end of input");
  EXPECT_EQ(parse("{a=\"é\"} | \xc3\xa9t\xc3\xa9 = \"x\"")->printed(), "{a=\"é\"} | été=\"x\"");
}

TEST(LogqlRobustness, ByteOrderMarkIsWhiteSpace) {
  auto p = parse(
      "\xEF\xBB\xBF"
      "count_over_time({a=\"b\"}[5m]) +");
  EXPECT_EQ(p->diagnostics(), "1:34: E0501 unexpected end of input");
  EXPECT_EQ(parse("\xEF\xBB\xBF"
                  "1")
                ->printed(),
            "1");
}

TEST(LogqlRobustness, GarbageDoesNotCrash) {
  for (std::string_view q : {"}",
                             ")",
                             "|",
                             "[",
                             "]",
                             "{",
                             "((((",
                             "{a=\"b\"} | unwrap",
                             "sum by",
                             "topk(",
                             "1 +",
                             "`",
                             "\"",
                             "--",
                             "{a=\"b\"} |> ",
                             "\x01",
                             "/*",
                             "rate({a=\"b\"}[5m]) offset",
                             "label_replace(",
                             "vector(1"}) {
    auto p = parse(q);
    EXPECT_FALSE(p->result.ok) << q;
    EXPECT_NE(p->diagnostics(), "") << q;
  }
}

}  // namespace
}  // namespace mzr::logql
