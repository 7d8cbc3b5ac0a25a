// Native histogram sums as Prometheus' engine computes them: Kahan-compensated sums of
// histograms (FloatHistogram.KahanAdd), and the series notation's `a+bxN`, one histogram
// addition per step.

#include <gtest/gtest.h>

#include "compiler/eval/histogram.h"
#include "compiler/ruletest/series_input.h"
#include "compiler/syntax/series_notation.h"

namespace mzr {
namespace {

eval::Histogram exponential(double count, double sum, std::vector<double> positive) {
  eval::Histogram h;
  h.count = count;
  h.sum = sum;
  h.positive_offset = 1;
  h.positive = std::move(positive);
  return h;
}

TEST(HistogramKahanSum, CompensatesWhatPlainAdditionLoses) {
  // 1 + 1e100 + 1 - 1e100: plain addition loses both ones, compensated addition keeps them.
  std::vector<eval::Histogram> hs = {exponential(1, 1, {1}), exponential(1, 1e100, {1}),
                                     exponential(1, 1, {1}), exponential(1, -1e100, {1})};
  eval::Histogram plain = hs[0];
  for (size_t i = 1; i < hs.size(); ++i) plain = *eval::combine(plain, hs[i], 1);
  EXPECT_EQ(plain.sum, 0);

  eval::Histogram sum = hs[0];
  std::optional<eval::Histogram> c;
  for (size_t i = 1; i < hs.size(); ++i) ASSERT_TRUE(eval::kahan_add(sum, c, hs[i]).ok);
  ASSERT_TRUE(c.has_value());
  eval::Histogram total = *eval::combine(sum, *c, 1);
  EXPECT_EQ(total.sum, 2);
  EXPECT_EQ(total.count, 4);
  EXPECT_EQ(total.positive, std::vector<double>{4});
}

TEST(HistogramKahanSum, ReducesTheFinerSchemaAndRefusesMixedBuckets) {
  eval::Histogram coarse = exponential(1, 1, {1});
  coarse.schema = -1;
  eval::Histogram fine = exponential(4, 4, {2, 2});  // indices 1 and 2 of schema 0: index 1 of -1
  std::optional<eval::Histogram> c;
  ASSERT_TRUE(eval::kahan_add(coarse, c, fine).ok);
  eval::Histogram total = *eval::combine(coarse, *c, 1);
  EXPECT_EQ(total.schema, -1);
  EXPECT_EQ(total.positive_offset, 1);
  EXPECT_EQ(total.positive, std::vector<double>{5});

  eval::Histogram custom;
  custom.schema = -53;
  custom.custom_bounds = {1, 2};
  custom.positive = {1};
  eval::Histogram before = coarse;
  EXPECT_FALSE(eval::kahan_add(coarse, c, custom).ok);
  EXPECT_EQ(coarse, before);
}

TEST(SeriesNotationHistograms, DeltaOfAHigherSchemaIsAddedAtTheBasesSchema) {
  auto desc = syntax::parse_series_description(
      "m {{schema:-1 sum:4 count:1 buckets:[1] offset:1}}+{{schema:0 sum:4 count:4 buckets:[2 2] "
      "offset:1}}x3");
  ASSERT_TRUE(desc.has_value());
  ASSERT_EQ(desc->values.size(), 4u);
  eval::Histogram prev;
  for (size_t i = 0; i < desc->values.size(); ++i) {
    const syntax::SeriesValue& v = desc->values[i];
    eval::Histogram whole = ruletest::series_histogram(v);
    bool next = i > 0 && ruletest::continues_item(desc->values[i - 1], v);
    EXPECT_EQ(next, i > 0);
    eval::Histogram step = ruletest::series_histogram(v, next ? &prev : nullptr);
    EXPECT_EQ(step, whole) << i;
    EXPECT_EQ(whole.schema, -1);
    EXPECT_EQ(whole.positive_offset, 1);
    EXPECT_EQ(whole.positive, std::vector<double>{1 + 4.0 * static_cast<double>(i)});
    EXPECT_EQ(whole.count, 1 + 4.0 * static_cast<double>(i));
    prev = step;
  }
}

}  // namespace
}  // namespace mzr
