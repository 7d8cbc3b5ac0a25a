#pragma once
// The parts of mzrules.yaml about rule unit tests: where promtool-format test files are
// ('tests') and the test coverage a run must reach ('coverage').

#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"

namespace mzr::model {

// A minimum in percent (0 to 100) and where mzrules.yaml sets it.
struct CoverageMinimum {
  std::optional<double> percent;
  Span span;
};

struct CoverageMinimums {
  CoverageMinimum alerts_fire;      // alerts some test makes fire
  CoverageMinimum alerts_silent;    // alerts some test expects silent
  CoverageMinimum recording_rules;  // recording rules some test queries
  CoverageMinimum routes;           // routes some route test reaches
  CoverageMinimum receivers;        // receivers some route test reaches
};

struct TestPattern {
  std::string glob;  // relative to the settings' directory; '*', '?', '[...]' and '**'
  Span span;
};

struct RuleTestSettings {
  std::vector<TestPattern> files;  // 'tests'
  CoverageMinimums coverage;       // 'coverage'
};

}  // namespace mzr::model
