#pragma once
// Reads a rule unit-test file in promtool's format (`promtool test rules`), decoding it as
// promtool does (yaml.UnmarshalStrict: unknown fields are errors):
//
//   rule_files: [rules.yml]            # relative to this file; globs
//   evaluation_interval: 1m            # default 1m
//   group_eval_order: [g1, g2]
//   fuzzy_compare: false
//   tests:
//     - interval: 1m                   # of the input series; default evaluation_interval
//       name: ...
//       external_labels: {...}
//       external_url: ...
//       start_timestamp: 0             # Unix seconds or RFC 3339
//       input_series: [{series: 'up{job="a"}', values: '1 1 0'}]
//       alert_rule_test: [{eval_time: 5m, alertname: X, exp_alerts: [{exp_labels: {...},
//                                                                     exp_annotations: {...}}]}]
//       promql_expr_test: [{expr: ..., eval_time: 5m, exp_samples: [{labels: ..., value: 1}]}]

#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/file_system.h"
#include "compiler/load/read_bounds.h"
#include "compiler/load/yaml.h"
#include "compiler/model/rule_test.h"

namespace mzr {

model::RuleTestFile load_rule_test_file(const yaml::Stream& stream, SourceId id,
                                        Diagnostics& diags);

// The rule files a test file names, as promtool finds them: each entry relative to the test
// file's folder, a glob in its last element expanded (sorted). Nothing outside the repository is
// looked at (E0010); an entry that matches no file gets W1401.
std::vector<std::string> resolve_rule_test_rule_files(const FileSystem& fs,
                                                      const ReadBounds& bounds,
                                                      const std::string& test_file_path,
                                                      const model::RuleTestFile& file,
                                                      Diagnostics& diags);

}  // namespace mzr
