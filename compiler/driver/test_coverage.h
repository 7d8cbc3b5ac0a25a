#pragma once
// Test coverage (`mzrules test --coverage`): which alerts a passing rule unit test expects to
// fire and which it expects silent, which recording rules a passing query test reads, which
// routes and receivers a route test reaches. Tests count from both formats: `test rules` blocks
// and promtool files; a promtool file's rule files (the repository's generated ones under out/,
// or its sources) are matched to the repository's rules by group and rule name.

#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/check/route_tests.h"
#include "compiler/model/alertmanager.h"
#include "compiler/model/rule_test.h"
#include "compiler/model/rule_test_settings.h"
#include "compiler/model/rules.h"
#include "compiler/ruletest/runner.h"

namespace mzr::driver {

// One run of a rule test file: the test model, the rule sets its groups ran against, the results.
struct RuleTestRunView {
  const model::RuleTestFile* file = nullptr;
  std::vector<const model::RuleSet*> rule_sets;
  const std::vector<ruletest::GroupResult>* groups = nullptr;
};

struct CoverageEntry {
  std::string kind;   // "alert", "recording rule", "route", "receiver"
  std::string group;  // rule group, for rules
  std::string name;   // the rule's name, the route's matchers and receiver, the receiver's name
  Span span;
  bool fires = false;    // alerts: a passing test expects it to fire
  bool silent = false;   // alerts: a passing test expects no alert of it
  bool covered = false;  // recording rules, routes, receivers
};

struct Coverage {
  std::vector<CoverageEntry> alerts;
  std::vector<CoverageEntry> recording_rules;
  std::vector<CoverageEntry> routes;
  std::vector<CoverageEntry> receivers;
};

// `route_results` are the route tests that ran against `config` (may be null).
Coverage compute_coverage(const std::vector<model::RuleSet>& repository,
                          const std::vector<RuleTestRunView>& runs,
                          const model::AlertmanagerConfig* config,
                          const std::vector<RouteTestResult>& route_results);

// The table `mzrules test --coverage` prints.
std::string coverage_table(const Coverage& c, const SourceManager& sources);
// The same as a JSON object.
std::string coverage_json(const Coverage& c, const SourceManager& sources);

// E1413 for every minimum of `minimums` that `c` does not reach; false when one is missed.
bool check_coverage(const Coverage& c, const model::CoverageMinimums& minimums, Diagnostics& diags);

}  // namespace mzr::driver
