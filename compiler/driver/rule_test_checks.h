#pragma once
// Checks of the rule unit tests written in the DSL (`test rules`), before any of them runs:
// what can be known from the tests and the repository's rules alone. `mzrules check` and
// `mzrules test` both report them.

#include "compiler/driver/pipeline.h"

namespace mzr::driver {

// Unknown alerts (E1412), repeated test names (E1410), series that do not parse (E1400),
// expectations after the last sample (W1409) and expected labels the alert can never carry
// (E1411, from the label-set inference of the alerts' expressions).
void check_dsl_rule_tests(Compilation& c);

}  // namespace mzr::driver
