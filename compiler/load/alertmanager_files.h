#pragma once
// The files around the repository's Alertmanager configuration: the notification templates its
// 'templates' entries name (paths relative to the file that names them, '*' allowed in the last
// part), read so that they ship with the output, and the Kubernetes Secrets its '*_file'
// settings read from (/etc/alertmanager/secrets/<secret>/<key>), to be mounted.

#include "compiler/base/diagnostics.h"
#include "compiler/base/file_system.h"
#include "compiler/base/source.h"
#include "compiler/load/read_bounds.h"
#include "compiler/model/alertmanager.h"

namespace mzr {

// Fills `config.template_files` and `config.secret_mounts`. Absolute template paths are taken
// to be in the Alertmanager container already and are left alone. Relative ones are read only
// inside `bounds`: a template file is published in the output, so an entry leading out of the
// repository (by '..' or a symbolic link) is an error and nothing of it is read.
void resolve_alertmanager_files(const FileSystem& fs, const ReadBounds& bounds,
                                const SourceManager& sm, model::AlertmanagerConfig& config,
                                Diagnostics& diags);

inline constexpr std::string_view kAmSecretsDir = "/etc/alertmanager/secrets/";
inline constexpr std::string_view kAmConfigDir = "/etc/alertmanager/";

}  // namespace mzr
