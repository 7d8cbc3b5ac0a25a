#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "compiler/routing/matcher_parse.h"
#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr::routing {
namespace {

std::string describe(const Matchers& ms) {
  std::string out;
  for (const Matcher& m : ms) out += m.name + std::string(op_text(m.op)) + "[" + m.value + "] ";
  return out;
}

TEST(RoutingMatcher, ConformanceCases) {
  MZR_REQUIRE_CORPUS(corpus);
  std::ifstream in(corpus + "/conformance/am-matcher-cases.json");
  ASSERT_TRUE(in.good());
  nlohmann::json cases = nlohmann::json::parse(in);
  int agree = 0, total = 0;
  for (const auto& c : cases) {
    ++total;
    std::string input = c["input"];
    bool classic = c["parser"] == "classic";
    bool single = c["entry"] == "matcher";
    MatchersResult r = classic  ? parse_classic_matchers(input)
                       : single ? parse_utf8_matcher(input)
                                : parse_utf8_matchers(input);
    bool ok = r.ok() == c["valid"].get<bool>();
    if (ok && r.ok()) {
      Matchers want;
      for (const auto& m : c["matchers"]) {
        want.push_back({m["name"], *parse_op(m["op"].get<std::string>()), m["value"], nullptr});
      }
      ok = want == *r.matchers;
      EXPECT_TRUE(ok) << c["parser"] << " " << input << ": got " << describe(*r.matchers)
                      << " want " << describe(want);
    } else {
      EXPECT_TRUE(ok) << c["parser"] << " " << input << ": " << (r.ok() ? "accepted" : r.error);
    }
    agree += ok ? 1 : 0;
  }
  EXPECT_EQ(total, 129);
  EXPECT_EQ(agree, total);
  std::cout << "[ RoutingMatcher ] conformance: " << agree << "/" << total << " cases agree\n";
}

struct ErrorCase {
  const char* input;
  const char* classic;
  const char* utf8;
};

// Exact error texts as Alertmanager prints them (reference: alertmanager-semantics.md §2).
TEST(RoutingMatcher, ErrorTexts) {
  const ErrorCase cases[] = {
      {"{\"foo\"=\"bar\"}", "bad matcher format: \"foo\"=\"bar\"", nullptr},
      {"foo=\"\\d+\"", nullptr, "4:9: \"\\d+\": invalid input"},
      {"{foo=\"bar\\w\"}", nullptr, "5:12: \"bar\\w\": invalid input"},
      {"{foo=bar\\n}", nullptr, "8:9: \\: invalid input: expected a comma or close brace"},
      {",", "bad matcher format: ", "0:1: unexpected ,: expected label name"},
      {"{,}", "bad matcher format: ", "1:2: unexpected ,: expected label name"},
      {"{", nullptr, "0:1: end of input: expected close brace"},
      {"foo=bar}", nullptr, "0:8: }: expected opening brace"},
      {"{foo=bar", nullptr, "0:8: end of input: expected close brace"},
      {"{foo=bar}}", nullptr, "9:10: }: expected end of input"},
      {"{foo=}b", nullptr, "5:6: unexpected }: expected label value"},
      {"{foo=:\"bar\"}", "matcher value contains unescaped double quote: :\"bar\"",
       "6:11: unexpected \"bar\": expected a comma or close brace"},
      {"job=", nullptr, "end of input: expected label value"},
      {"job=\"value", "matcher value contains unescaped double quote: \"value",
       "4:10: \"value: missing end \": expected label value"},
      {"tricky=~~~", nullptr, "8:9: ~: invalid input: expected label value"},
      {"foo==bar", nullptr, "4:5: unexpected =: expected label value"},
      {"foo=bar baz", nullptr, "8:11: unexpected baz: expected a comma or close brace"},
      {"foo!bar", "bad matcher format: foo!bar",
       "3:4: !: expected one of '=~': expected an operator such as '=', '!=', '=~' or '!~'"},
      {"{foo=~\"invalid[regexp\"}", "error parsing regexp: missing closing ]: `[regexp)$`",
       "failed to create matcher: error parsing regexp: missing closing ]: `[regexp)$`"},
  };
  for (const ErrorCase& c : cases) {
    MatchersResult classic = parse_classic_matchers(c.input);
    MatchersResult utf8 = parse_utf8_matchers(c.input);
    if (c.classic) {
      EXPECT_FALSE(classic.ok()) << c.input;
      EXPECT_EQ(classic.error, c.classic) << c.input;
    } else {
      EXPECT_TRUE(classic.ok()) << c.input << ": " << classic.error;
    }
    if (c.utf8) {
      EXPECT_FALSE(utf8.ok()) << c.input;
      EXPECT_EQ(utf8.error, c.utf8) << c.input;
    } else {
      EXPECT_TRUE(utf8.ok()) << c.input << ": " << utf8.error;
    }
  }
}

TEST(RoutingMatcher, FallbackMode) {
  // UTF-8 fails, classic succeeds: classic result with the incompatibility flag.
  CompatResult r = parse_matchers_compat("foo=\"\\d+\"", MatcherMode::Fallback);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.incompatible);
  EXPECT_EQ(r.matchers->front().value, "\\d+");
  // Both succeed but differ: classic wins, flagged as disagreement.
  r = parse_matchers_compat("foo=\"\\t\"", MatcherMode::Fallback);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.disagreement);
  EXPECT_EQ(r.matchers->front().value, "\\t");
  // Only UTF-8 succeeds: its result, no warning.
  r = parse_matchers_compat("{\"foo\"=\"bar\"}", MatcherMode::Fallback);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.incompatible || r.disagreement);
  EXPECT_EQ(r.matchers->front().name, "foo");
  // Both fail: the classic error.
  r = parse_matchers_compat("foo!bar", MatcherMode::Fallback);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, "bad matcher format: foo!bar");
  // Strict mode rejects what only the classic parser accepts.
  EXPECT_FALSE(parse_matchers_compat("foo=\"\\d+\"", MatcherMode::Utf8Strict).ok());
  // Single matchers from the command line.
  EXPECT_EQ(parse_matcher_compat("{team=db}", MatcherMode::Fallback).error,
            "unexpected open or close brace: {team=db}");
  r = parse_matcher_compat("a=b,c=d", MatcherMode::Fallback);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.matchers->front().value, "b,c=d");
  r = parse_matcher_compat("bad-name=x", MatcherMode::Fallback);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.matchers->front().name, "bad-name");
}

TEST(RoutingMatcher, MatchingSemantics) {
  std::string err;
  LabelSet labels{{"x", "axxx"}, {"e", ""}};
  // Anchoring is textual: a)|(b becomes ^(?:a)|(b)$.
  auto m = make_matcher("x", MatchOp::Regex, "a)|(b", &err);
  ASSERT_TRUE(m) << err;
  EXPECT_TRUE(m->matches("axxx"));
  EXPECT_TRUE(m->matches("xxxb"));
  EXPECT_FALSE(m->matches("xxx"));
  // '.' does not match a newline.
  m = make_matcher("x", MatchOp::Regex, "a.b", &err);
  EXPECT_FALSE(m->matches("a\nb"));
  // A missing label is the empty string.
  EXPECT_TRUE(matches_all({*make_matcher("missing", MatchOp::Equal, "", &err)}, labels));
  EXPECT_TRUE(matches_all({*make_matcher("missing", MatchOp::NotRegex, ".+", &err)}, labels));
  EXPECT_FALSE(matches_all({*make_matcher("missing", MatchOp::NotEqual, "", &err)}, labels));
  // Printing and sorting.
  Matchers ms = {*make_matcher("team", MatchOp::Equal, "db", &err),
                 *make_matcher("severity", MatchOp::Regex, "critical|page", &err),
                 *make_matcher("foo bar", MatchOp::Equal, "baz", &err),
                 *make_matcher("q", MatchOp::Equal, "a\"b\\c\nd", &err)};
  sort_matchers(ms);
  EXPECT_EQ(matchers_to_string(ms),
            "{\"foo bar\"=\"baz\",q=\"a\\\"b\\\\c\\nd\",severity=~\"critical|page\",team=\"db\"}");
}

}  // namespace
}  // namespace mzr::routing
