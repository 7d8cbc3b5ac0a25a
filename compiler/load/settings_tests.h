#pragma once
// The parts of mzrules.yaml about rule unit tests: 'tests' and 'coverage'.

#include "compiler/base/diagnostics.h"
#include "compiler/load/decode.h"
#include "compiler/model/settings.h"

namespace mzr {

// Takes the 'tests' and 'coverage' fields from the settings' top-level mapping:
//
//   tests: [alerts/tests/*.yaml]
//   coverage: {alerts_fire: 100, alerts_silent: 100, recording_rules: 100}
void read_test_settings(yaml::FieldReader& f, model::Settings& settings, Diagnostics& diags);

}  // namespace mzr
