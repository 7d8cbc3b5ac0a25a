#pragma once
// The '*_file' settings of the repository's Alertmanager configuration name files of mounted
// Kubernetes Secrets, /etc/alertmanager/secrets/<secret>/<key>: the folder becomes the name of a
// Secret and of a volume, the file a key of the Secret (load/alertmanager_files.h). A path that
// climbs with '..' or names what Kubernetes cannot create would mount something else, or
// something over the configuration itself, so it is refused with the reason.

#include <optional>
#include <string>
#include <string_view>

namespace mzr {

// Why `path` cannot be read as a secret file; nullopt when it can. Paths outside the secrets
// folder are not judged here beyond their '..' segments (they get no mount, W0624).
std::optional<std::string> secret_file_problem(std::string_view path);

// Kubernetes' rules (apimachinery validation): a Secret name is a DNS-1123 subdomain, a volume
// name a DNS-1123 label, a key of a Secret's data [-._a-zA-Z0-9]+ and neither '.' nor '..'.
std::optional<std::string> dns1123_subdomain_problem(std::string_view name);
std::optional<std::string> dns1123_label_problem(std::string_view name);
std::optional<std::string> secret_key_problem(std::string_view key);

}  // namespace mzr
