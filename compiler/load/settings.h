#pragma once
// Finds and reads the project settings file, mzrules.yaml.

#include <optional>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/base/file_system.h"
#include "compiler/base/source.h"
#include "compiler/model/settings.h"

namespace mzr {

inline constexpr const char* kSettingsFile = "mzrules.yaml";

// Looks for mzrules.yaml in `start` and its parents (given as a relative path like "." and
// walked with ".."), returning the directory that has it.
std::optional<std::string> find_settings_root(const FileSystem& fs, int max_levels = 32);

// Reads `root`/mzrules.yaml. Returns nullopt (with diagnostics) when it is unusable.
std::optional<model::Settings> load_settings(const FileSystem& fs, const std::string& root,
                                             SourceManager& sm, Diagnostics& diags);

// Applies the diagnostic levels of the settings to a diagnostics collection.
void apply_severities(const model::Settings& settings, Diagnostics& diags);

}  // namespace mzr
