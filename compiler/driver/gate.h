#pragma once
// What makes a run a CI gate, applied to the diagnostics once every check has reported:
// inline suppressions, the baseline (`--baseline`, `--write-baseline`), the findings of a change
// (`--changed-from`) and the warning limit (`--max-warnings`).

#include <string>

#include "compiler/driver/changed_files.h"
#include "compiler/driver/environment.h"
#include "compiler/driver/pipeline.h"

namespace CLI {
class App;
}

namespace mzr::driver {

struct GateOptions {
  std::string baseline;        // report only findings this baseline does not hold
  std::string write_baseline;  // write the findings as a baseline to this file
  int max_warnings = -1;       // more warnings than this are an error; -1: no limit
  std::string changed_from;    // report only findings in what changed since this git ref
};

void add_gate_options(CLI::App& app, GateOptions& options);

// What every command applies before it reports: the levels of the settings' `overrides`, then
// the suppression comments of the sources.
void finish_diagnostics(Compilation& c);

// Applies `options` (and the sources' suppression comments) to `c.diags`. Returns -1 to go on,
// or the exit code when the run cannot go on (a baseline that cannot be written).
// `recheck` runs the command's checks on REF's content for `--changed-from`.
int apply_gate(Compilation& c, const GateOptions& options, const Recheck& recheck,
               Environment& env);

}  // namespace mzr::driver
