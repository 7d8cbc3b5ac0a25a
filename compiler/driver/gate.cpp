#include "compiler/driver/gate.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "compiler/driver/baseline.h"
#include "compiler/driver/changed_files.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/path_levels.h"
#include "compiler/driver/suppressions.h"

namespace mzr::driver {

void add_gate_options(CLI::App& app, GateOptions& options) {
  app.add_option("--baseline", options.baseline,
                 "report only the findings this baseline file does not hold");
  app.add_option("--write-baseline", options.write_baseline,
                 "write the findings to this file as a baseline (they are then not reported)");
  app.add_option("--max-warnings", options.max_warnings,
                 "fail when there are more warnings than this")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--changed-from", options.changed_from,
                 "check everything, but report only the findings in files changed since this git "
                 "ref, and those the change caused elsewhere");
}

void finish_diagnostics(Compilation& c) {
  apply_path_levels(c.settings, c.sources, c.diags);
  apply_suppressions(c.sources, c.diags);
}

int apply_gate(Compilation& c, const GateOptions& options, const Recheck& recheck,
               Environment& env) {
  finish_diagnostics(c);
  if (!options.write_baseline.empty()) {
    FsError err;
    std::string text = baseline_json(c.sources, c.diags);
    if (!env.fs.write_atomic(options.write_baseline, text, err)) {
      env.err << fmt::format("mzrules: cannot write the baseline '{}': {}\n",
                             options.write_baseline, err.message);
      return kExitUsage;
    }
    env.err << fmt::format("mzrules: wrote {} findings to the baseline '{}'\n",
                           c.diags.all().size(), options.write_baseline);
    c.diags.relevel([](const Diagnostic&) { return Severity::Off; });
  } else if (!options.baseline.empty()) {
    std::string text, error;
    FsError err;
    if (!env.fs.read(options.baseline, text, err)) {
      error = err.message;
    } else if (apply_baseline(c.sources, text, c.diags, error)) {
      error.clear();
    }
    if (!error.empty()) {
      c.diags.report(DiagKind::InvalidBaseline, {},
                     fmt::format("cannot use the baseline '{}': {}", options.baseline, error));
    }
  }
  if (!options.changed_from.empty()) keep_changed_findings(c, options.changed_from, recheck, env);
  if (options.max_warnings >= 0) {
    size_t warnings = c.diags.count(Severity::Warning);
    if (warnings > static_cast<size_t>(options.max_warnings)) {
      c.diags.report(DiagKind::TooManyWarnings, {},
                     fmt::format("{} warnings, more than --max-warnings {} allows", warnings,
                                 options.max_warnings));
    }
  }
  return -1;
}

}  // namespace mzr::driver
