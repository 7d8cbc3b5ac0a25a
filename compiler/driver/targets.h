#pragma once
// The outputs of `mzrules build`, as one table: a row per target system. `build` writes what
// they emit; `check` emits them too, in memory, so that a name the build could not write (an
// output-name clash, a path that escapes its folder) fails `check` as it fails `build`.

#include <string_view>
#include <vector>

#include "compiler/driver/pipeline.h"
#include "compiler/emit/output.h"

namespace mzr::driver {

struct OutputTarget {
  std::string_view name;  // for readers of the table: "thanos", "grafana", ...
  void (*emit)(const Compilation& c, emit::OutputSet& files);
};

const std::vector<OutputTarget>& output_targets();

// Every target's files for a compilation without errors, and the problems found while naming
// them reported to `c.diags`.
emit::OutputSet emit_all_targets(Compilation& c);

}  // namespace mzr::driver
