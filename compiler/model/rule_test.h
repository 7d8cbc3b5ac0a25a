#pragma once
// A rule unit-test file in promtool's format (`promtool test rules`): the rule files it loads,
// and test groups of input series with the alerts and query results expected at given times.
// Every value keeps its span, so a failing expectation is reported where it is written.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/model/rules.h"

namespace mzr::model {

struct InputSeries {
  Text series;  // 'up{job="api"}'
  Text values;  // '1 2 _ stale 0+10x5'
  Span span;
};

struct ExpectedAlert {
  std::vector<LabelPair> labels;
  std::vector<LabelPair> annotations;
  Span span;
};

struct AlertTestCase {
  TimeSpan eval_time;
  Text alertname;
  std::vector<ExpectedAlert> alerts;
  Span span;
};

struct ExpectedSample {
  Text labels;  // a metric selector of equality labels: 'up{job="api"}'
  double value = 0;
  Text histogram;  // a native histogram value; when set, `value` is ignored
  Span span;
};

struct PromqlTestCase {
  Text expr;
  TimeSpan eval_time;
  std::vector<ExpectedSample> samples;
  Span span;
};

struct RuleTestGroup {
  std::optional<TimeSpan> interval;  // of the input series; the file's evaluation interval if unset
  std::vector<InputSeries> input_series;
  std::vector<AlertTestCase> alert_tests;
  std::vector<PromqlTestCase> promql_tests;
  std::vector<LabelPair> external_labels;
  std::string external_url;
  Text name;
  int64_t start_ms = 0;  // 'start_timestamp'; evaluation starts at this time
  Span span;
};

struct RuleTestFile {
  SourceId file = kNoSource;
  std::vector<Text> rule_files;  // as written: relative to the test file, may be globs
  std::optional<TimeSpan> evaluation_interval;
  std::vector<Text> group_eval_order;
  bool fuzzy_compare = false;
  std::vector<RuleTestGroup> tests;
};

}  // namespace mzr::model
