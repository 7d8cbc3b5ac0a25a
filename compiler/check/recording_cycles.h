#pragma once
// Dependency cycles between recording rules: rules that, through each other, read their own
// output.

#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/model/rules.h"

namespace mzr {

struct RecordingDeps {
  const model::Rule* rule;
  std::vector<std::string> reads;  // metric names the expression selects
};

void check_recording_cycles(const std::vector<RecordingDeps>& rules, Diagnostics& diags);

}  // namespace mzr
