#pragma once
// The paths one run reads sources from, and the bounds reading stays in: the source folders of
// mzrules.yaml, or the paths named on the command line instead.
//
// A source folder of the settings must lie in the repository, unless 'allow_sources_outside'
// says otherwise: the settings arrive with the repository (a pull request can change them). A
// path named on the command line is the user's choice: when it is written outside the
// repository (absolute, or with '..'), reads may go below it. A path written inside the
// repository stays confined to it wherever its links lead, because such names often come from
// the repository itself (`mzrules check $(git diff --name-only)`).

#include <string>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/file_system.h"
#include "compiler/load/read_bounds.h"
#include "compiler/model/settings.h"

namespace mzr {

// The bounds of a run with these settings: the repository is the settings' directory, or where
// mzrules runs when there is no settings file.
ReadBounds repository_bounds(const FileSystem& fs, const model::Settings& settings);

// The settings' source folders that exist, as the file system names them. One that leads out of
// the repository is diagnosed and left out, or opened in `bounds` when the settings allow it;
// one that mzrules.yaml names and that does not exist is an error (E0001).
std::vector<std::string> project_source_roots(const FileSystem& fs, const model::Settings& settings,
                                              ReadBounds& bounds, Diagnostics& diags);

// Opens in `bounds` the paths named on the command line that are written outside the
// repository.
void open_named_paths(const std::vector<std::string>& paths, ReadBounds& bounds);

}  // namespace mzr
