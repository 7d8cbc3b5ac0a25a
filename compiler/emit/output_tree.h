#pragma once
// What is on disk in the folders of the output directory that mzrules generates, for the
// freshness gate and for cleaning up after interrupted builds of older versions.

#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/file_system.h"
#include "compiler/emit/output.h"

namespace mzr::emit {

// Every file (or symbolic link, never followed) below the folders mzrules writes into: the
// top-level folders of `output` and the ones any build may write (alertmanager, grafana, helm,
// loki, thanos), plus the top level's own ".mzrules-…" entries. Paths relative to `out_dir`;
// the staging folder itself is not entered.
std::vector<std::string> generated_tree_files(const FileSystem& fs, const std::string& out_dir,
                                              const OutputSet& output);

// Whether a file name is one an interrupted build leaves behind: a staged or temporary file.
bool is_leftover_name(std::string_view name);

}  // namespace mzr::emit
