// The series notation of promqltest `load` lines and rule unit tests' `input_series`: every case
// of Prometheus' own tables (corpus/conformance/promql-series-desc-cases.json) gets the same
// verdict, and the values expand as Prometheus expands them.

#include "compiler/syntax/series_notation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/require.h"
#include "tests/test_support.h"

namespace mzr::syntax {
namespace {

using Kind = SeriesValue::Kind;

TEST(SeriesNotation, ConformanceCasesAgreeWithPrometheus) {
  MZR_REQUIRE_CORPUS(corpus);
  std::ifstream in(corpus + "/conformance/promql-series-desc-cases.json");
  nlohmann::json cases = nlohmann::json::parse(in);
  size_t valid = 0, invalid = 0;
  for (const auto& c : cases) {
    std::string input = c.at("input").get<std::string>();
    bool want = c.at("valid").get<bool>();
    SeriesError error;
    auto got = parse_series_description(input, &error);
    if (want) {
      ++valid;
      EXPECT_TRUE(got.has_value())
          << c.at("source") << ": " << input << "\n  " << error.offset << ": " << error.message;
    } else {
      ++invalid;
      EXPECT_FALSE(got.has_value()) << c.at("source") << ": " << input << " is accepted";
      if (!got) {
        EXPECT_FALSE(error.message.empty()) << input;
      }
    }
  }
  // The corpus README: 54 cases, 37 valid and 17 invalid.
  EXPECT_EQ(valid, 37u);
  EXPECT_EQ(invalid, 17u);
}

std::vector<std::string> show(const std::string& text) {
  SeriesError error;
  auto d = parse_series_description(text, &error);
  if (!d) return {"error at " + std::to_string(error.offset) + ": " + error.message};
  std::vector<std::string> out;
  for (const SeriesValue& v : d->values) {
    switch (v.kind) {
      case Kind::Omitted: out.push_back("_"); break;
      case Kind::Stale: out.push_back("stale"); break;
      case Kind::Float: {
        std::ostringstream s;
        s << v.value;
        out.push_back(s.str());
        break;
      }
      case Kind::Histogram:
        out.push_back("h" + std::to_string(v.histogram.schema) + "+" + std::to_string(v.steps));
        break;
    }
  }
  return out;
}

using V = std::vector<std::string>;

TEST(SeriesNotation, ExpandsLikePrometheus) {
  EXPECT_EQ(show("m 0+10x3"), (V{"0", "10", "20", "30"}));
  EXPECT_EQ(show("m 5-2x2"), (V{"5", "3", "1"}));
  EXPECT_EQ(show("m -3-10x2"), (V{"-3", "-13", "-23"}));
  EXPECT_EQ(show("m 7x2"), (V{"7", "7", "7"}));
  EXPECT_EQ(show("m 1x0"), (V{"1"}));
  EXPECT_EQ(show("m 3-0x4"), (V{"3", "3", "3", "3", "3"}));  // not hexadecimal
  EXPECT_EQ(show("m _x3 1 _ stale"), (V{"_", "_", "_", "1", "_", "stale"}));
  EXPECT_EQ(show("m 1 +1 -1 1e3 Inf -Inf"), (V{"1", "1", "-1", "1000", "inf", "-inf"}));
  EXPECT_EQ(show("m {{schema:1}}x1 {{schema:0}}+{{schema:2}}x2"),
            (V{"h1+0", "h1+0", "h0+0", "h0+1", "h0+2"}));
  auto nan = parse_series_description("m NaN nan");
  ASSERT_TRUE(nan);
  EXPECT_TRUE(std::isnan(nan->values[0].value));
  EXPECT_TRUE(std::isnan(nan->values[1].value));
}

TEST(SeriesNotation, Labels) {
  auto d = parse_series_description(R"(up{job="api", "a.b"="c\u00e9"} 1)");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->labels, (std::map<std::string, std::string>{
                           {"__name__", "up"}, {"job", "api"}, {"a.b", "c\xc3\xa9"}}));
  d = parse_series_description(R"({"http.requests", env="x"})");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->labels.at("__name__"), "http.requests");
  EXPECT_TRUE(d->values.empty());
  EXPECT_FALSE(parse_series_description(R"(up{job="a", job="b"} 1)"));
  EXPECT_FALSE(parse_series_description(R"(up{job=~"a"} 1)"));
  EXPECT_FALSE(parse_series_description("up{job=\"a\"}1"));
}

TEST(SeriesNotation, Histograms) {
  auto d = parse_series_description(
      "{} {{schema:1 sum:-0.5 count:4 z_bucket:1 z_bucket_w:0.001 buckets:[1 2] offset:-2 "
      "n_buckets:[3] n_offset:1 counter_reset_hint:not_reset}}");
  ASSERT_TRUE(d);
  ASSERT_EQ(d->values.size(), 1u);
  const SeriesHistogram& h = d->values[0].histogram;
  EXPECT_EQ(h.schema, 1);
  EXPECT_EQ(h.sum, -0.5);
  EXPECT_EQ(h.count, 4);
  EXPECT_EQ(h.zero_count, 1);
  EXPECT_EQ(h.zero_threshold, 0.001);
  EXPECT_EQ(h.buckets, (std::vector<double>{1, 2}));
  EXPECT_EQ(h.offset, -2);
  EXPECT_EQ(h.negative_buckets, (std::vector<double>{3}));
  EXPECT_EQ(h.negative_offset, 1);
  EXPECT_EQ(h.counter_reset_hint, "not_reset");
  d = parse_series_description("{} {{sum:1}}-{{sum:2}}x1");
  ASSERT_TRUE(d);
  ASSERT_EQ(d->values.size(), 2u);
  EXPECT_TRUE(d->values[1].subtract);
  ASSERT_TRUE(d->values[1].delta);
  EXPECT_EQ(d->values[1].delta->sum, 2);
  EXPECT_FALSE(parse_series_description("{} {{z_bucket_w:-1}}"));
  EXPECT_FALSE(parse_series_description("{} {{buckets:[]}}"));
  EXPECT_FALSE(parse_series_description("{} {{sum:1}"));
}

TEST(SeriesNotation, ErrorsArePositioned) {
  SeriesError error;
  EXPECT_FALSE(parse_series_description("m 1 2 3+3x4-4", &error));
  EXPECT_EQ(error.offset, 10u);
  EXPECT_FALSE(parse_series_description("m 1 2 _a4", &error));
  EXPECT_EQ(error.offset, 7u);
  EXPECT_FALSE(parse_series_description("m{a=\"b", &error));
  EXPECT_EQ(error.offset, 4u);
  // A repetition that would not fit in memory is refused, not attempted.
  EXPECT_FALSE(parse_series_description("m 0+1x99999999999", &error));
  EXPECT_NE(error.message.find("more than"), std::string::npos) << error.message;
}

}  // namespace
}  // namespace mzr::syntax
