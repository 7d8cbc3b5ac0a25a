#pragma once
// `--changed-from REF`: everything is checked, but only the findings the change is responsible
// for are reported: those in files that changed since REF (committed, staged, unstaged or
// untracked), and those anywhere that REF's own content does not have (a dashboard broken by a
// renamed recording rule). REF's content is checked from a copy that git writes to a temporary
// folder.

#include <functional>
#include <string>

#include "compiler/driver/environment.h"
#include "compiler/driver/pipeline.h"

namespace mzr::driver {

// Checks the sources of another file system (REF's content) into a fresh compilation, as the
// command did with the current ones.
using Recheck = std::function<void(const FileSystem& fs, Compilation& c)>;

// Drops the findings of `c` the change since `ref` is not responsible for. Where git cannot
// answer, keeps them all and reports E1307.
void keep_changed_findings(Compilation& c, const std::string& ref, const Recheck& recheck,
                           Environment& env);

}  // namespace mzr::driver
