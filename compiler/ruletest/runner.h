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

// One expectation of a group: an 'alert_rule_test' item or a 'promql_expr_test' item.
struct ExpectationResult {
  std::string name;  // "alert X at 5m", "expr Q at 5m"
  Span span;
  bool alert = true;  // an alert expectation, else a query's
  bool passed = false;
  // On failure: what was expected and what came, one line each, '-' expected only, '+' got only.
  std::string diff;
};

struct GroupResult {
  std::string name;  // the group's name, or "unnamed#<index>" as promtool says
  Span span;
  size_t index = 0;                             // in the file's 'tests'
  std::vector<std::string> failures;            // promtool's texts; empty when the group passed
  std::vector<ExpectationResult> expectations;  // those that were evaluated, in order checked
};

struct RunOptions {
  // Which test groups run, by name (promtool's --run); unset runs all.
  std::function<bool(const std::string&)> run;
  int64_t lookback_ms = 5 * 60 * 1000;
  // Only the group at this index of the file's 'tests', to run groups in parallel.
  std::optional<size_t> only_group;
};

// `rule_sets` are the rule files the test file names, already loaded and checked; when one of
// them failed to load, pass `rules_ok` false and every group fails as in promtool.
std::vector<GroupResult> run_rule_test_file(const model::RuleTestFile& file,
                                            const std::vector<const model::RuleSet*>& rule_sets,
                                            bool rules_ok, const RunOptions& options,
                                            Diagnostics& diags);

}  // namespace mzr::ruletest
