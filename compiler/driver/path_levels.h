#pragma once
// The `overrides` of mzrules.yaml: levels of diagnostics in some files only, such as vendored
// mixins. Applied once every check has reported; a diagnostic without a file keeps its level.

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/model/settings.h"

namespace mzr::driver {

// Whether `file` (as mzrules names it, relative to where it runs) is `pattern` (relative to the
// settings' directory `root`) or lies below it; each component of the pattern may be a glob.
bool path_matches(const std::string& root, const std::string& pattern, const std::string& file);

void apply_path_levels(const model::Settings& settings, const SourceManager& sources,
                       Diagnostics& diags);

}  // namespace mzr::driver
