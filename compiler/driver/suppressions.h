#pragma once
// Inline suppressions: a comment `mzrules-ignore CODE[, CODE...]: reason` in a YAML, jsonnet or
// .mzr source (after '#' or '//') drops the findings of those codes on the line it applies to:
// its own line when it follows content, else the next line. The reason is required (E1305); a
// suppression that drops nothing is reported (W1306), so that it does not outlive its finding.

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"

namespace mzr::driver {

void apply_suppressions(const SourceManager& sources, Diagnostics& diags);

}  // namespace mzr::driver
