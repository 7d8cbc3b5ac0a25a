#pragma once
// The rule unit-test files that the 'tests' setting of mzrules.yaml names: paths or globs
// relative to the settings' directory, '*', '?' and '[...]' within one path element and '**'
// for any number of folders.

#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/file_system.h"
#include "compiler/load/read_bounds.h"
#include "compiler/model/settings.h"

namespace mzr {

// The matching files, sorted, each once, inside the repository; a pattern that matches nothing
// gets W1414.
std::vector<std::string> expand_test_patterns(const FileSystem& fs, const ReadBounds& bounds,
                                              const model::Settings& settings, Diagnostics& diags);

}  // namespace mzr
