#pragma once
// What 'mzrules test' reports besides its results: the diagnostics of what the tests read (rule
// files, alerts, the Alertmanager configuration, the test files, the settings), not those of
// dashboards. A broken panel is 'mzrules check''s business; it must not fail a test run or bury
// its answer.

#include "compiler/driver/pipeline.h"

namespace mzr::driver {

// Turns off every diagnostic found inside a dashboard, and every one of a file that holds
// dashboards and nothing the tests read, or is a .json file the tests do not read. A query lint
// that dashboards share with rules (E0815, W0816) still shows on the rules.
void keep_test_diagnostics(Compilation& c);

}  // namespace mzr::driver
