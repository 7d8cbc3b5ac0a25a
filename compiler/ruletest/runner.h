#pragma once
// Runs the test groups of a rule unit-test file as `promtool test rules` does (Prometheus
// v0.316.0, cmd/promtool/unittest.go): the input series loaded step by step, the rule groups
// evaluated at every evaluation interval from the group's start up to its last eval_time, the
// firing alerts compared with 'exp_alerts' at each alert eval_time, and the 'promql_expr_test'
// queries run at the end. Failures read as promtool's do, and each is also reported as a
// diagnostic at the expectation it concerns.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/model/rule_test.h"
#include "compiler/model/rules.h"

namespace mzr::ruletest {

struct GroupResult {
  std::string name;  // the group's name, or "unnamed#<index>" as promtool says
  Span span;
  std::vector<std::string> failures;  // promtool's texts; empty when the group passed
};

struct RunOptions {
  // Which test groups run, by name (promtool's --run); unset runs all.
  std::function<bool(const std::string&)> run;
  int64_t lookback_ms = 5 * 60 * 1000;
};

// `rule_sets` are the rule files the test file names, already loaded and checked; when one of
// them failed to load, pass `rules_ok` false and every group fails as in promtool.
std::vector<GroupResult> run_rule_test_file(const model::RuleTestFile& file,
                                            const std::vector<const model::RuleSet*>& rule_sets,
                                            bool rules_ok, const RunOptions& options,
                                            Diagnostics& diags);

}  // namespace mzr::ruletest
