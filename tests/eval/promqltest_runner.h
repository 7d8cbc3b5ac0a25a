#pragma once
// A runner for Prometheus' promqltest scripts (promql/promqltest/testdata/*.test): loads the
// series, runs every `eval` with mzrules' evaluator and compares the result with the
// expectations as Prometheus' harness does (../shared/corpus/conformance/promqltest/README.md).

#include <string>
#include <string_view>
#include <vector>

namespace mzr::testing {

struct EvalFailure {
  int line = 0;  // 1-based line of the `eval` command
  std::string message;
  bool float_only = false;  // no native histogram in the store or the expectations
};

struct ScriptReport {
  int evals = 0;
  int passed = 0;
  bool float_only_counted = false;
  int float_evals = 0;  // evals whose script part and query involve no native histogram
  int float_passed = 0;
  std::vector<EvalFailure> failures;
  std::string fatal;  // a script the runner could not read (a malformed command)
};

struct RunnerOptions {
  // Also run each instant query as a range query around its time and compare the middle step
  // (as the harness does); and at the other evaluation times with `@` fixed.
  bool range_check = true;
};

ScriptReport run_promqltest(std::string_view script, const RunnerOptions& options = {});

}  // namespace mzr::testing
