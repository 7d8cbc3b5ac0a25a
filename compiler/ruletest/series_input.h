#pragma once
// The input series of a rule unit-test group in the series notation (syntax/series_notation.h),
// as promtool's lazy loader feeds them to the storage: the samples up to each evaluation time,
// no later ones, so that a query never sees the future.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/eval/histogram.h"
#include "compiler/eval/labels.h"
#include "compiler/eval/store.h"
#include "compiler/model/rule_test.h"
#include "compiler/syntax/series_notation.h"

namespace mzr::ruletest {

class SeriesInput {
 public:
  struct Pending {
    int64_t t = 0;
    const eval::Labels* labels = nullptr;
    double f = 0;
    std::optional<eval::Histogram> h;
  };

  // Adds to `store` every sample with a time at or before `ts` not yet added.
  void append_till(int64_t ts, eval::Store& store);

  std::vector<eval::Labels> label_sets;  // one per input series, kept for `samples`
  std::vector<Pending> samples;          // in time order once loaded
  size_t next = 0;
};

// Parses the group's input series (samples at start, start + interval, ...). False, with a
// diagnostic at the offending character, when one does not parse.
bool load_input_series(const model::RuleTestGroup& group, int64_t interval_ms, int64_t start_ms,
                       SeriesInput& out, Diagnostics& diags);

// The conversions every reader of the series notation shares: a description's labels as the
// engine's label set, and a histogram value (with its `+`/`-` delta added `steps` times, one
// histogram addition per step as Prometheus' parser does it) as the engine's histogram.
// `previous`, when given, is the value one step earlier of the same `a+bxN` item (see
// continues_item): then only the last step is added.
eval::Labels series_labels(const std::map<std::string, std::string>& labels);
eval::Histogram series_histogram(const syntax::SeriesValue& value,
                                 const eval::Histogram* previous = nullptr);
bool continues_item(const syntax::SeriesValue& prev, const syntax::SeriesValue& value);

// A metric with equality labels ('up{job="a"}', '{a="b"}'), as promtool's ParseMetric reads the
// labels of an expected sample.
std::optional<eval::Labels> parse_metric(const std::string& text);

// One native histogram value ('{{schema:0 sum:5 count:4 buckets:[1 2 1]}}').
std::optional<eval::Histogram> parse_histogram_value(const std::string& text, std::string& error);

}  // namespace mzr::ruletest
