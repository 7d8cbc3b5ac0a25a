#pragma once
// Baselines: the findings a repository accepts for now, so that a gate adopted on existing
// content reports only what is new. A finding is keyed by its code, its file and its message,
// with a count, not by its line: lines shift with every unrelated edit above them.
//
//   {"version": 1, "findings": [{"code": "W0816", "file": "rules/a.yaml",
//                                "message": "...", "count": 2}, ...]}

#include <optional>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"

namespace mzr::driver {

// The baseline of the findings in `diags`, as the JSON text written to a file.
std::string baseline_json(const SourceManager& sources, const Diagnostics& diags);

// Drops the findings of `diags` that `json` (a baseline) holds, as many of each key as it
// counts. Nullopt when `json` is no baseline, with the reason in `error`; else how many
// findings were dropped.
std::optional<size_t> apply_baseline(const SourceManager& sources, std::string_view json,
                                     Diagnostics& diags, std::string& error);

}  // namespace mzr::driver
