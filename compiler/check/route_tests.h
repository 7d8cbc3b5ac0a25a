#pragma once
// Running route tests: each test's label set is resolved (an alert rule's static labels, the
// stack's external labels and 'alertname', then the test's own labels), routed through the
// Alertmanager routing tree, filtered by mute/active time intervals at the test's instant, and
// checked against firing alerts for inhibition.

#include <optional>
#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/model/alertmanager.h"
#include "compiler/model/route_test.h"
#include "compiler/model/rules.h"
#include "compiler/model/stack.h"
#include "compiler/routing/matcher.h"

namespace mzr {

struct RouteTestResult {
  const model::RouteTest* test = nullptr;
  std::string name;  // the test's name, or its alert and labels
  // False when the test could not run (unknown alert, bad time): a diagnostic says why.
  bool ran = false;
  bool passed = false;
  routing::LabelSet labels;            // the routed label set
  std::vector<std::string> receivers;  // what the routing gave (after muting)
  std::vector<std::string> failures;   // one line per failed expectation
};

struct RouteTestInputs {
  const std::vector<model::RuleSet>& rule_sets;
  const model::Stack& stack;
  const model::AlertmanagerConfig& config;
};

std::vector<RouteTestResult> run_route_tests(const std::vector<model::RouteTest>& tests,
                                             const RouteTestInputs& in, Diagnostics& diags);

// "a,b" as amtool prints receivers; "(none)" for an empty list.
std::string receiver_list(const std::vector<std::string>& receivers);

}  // namespace mzr
