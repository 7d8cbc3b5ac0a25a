#pragma once
// URLs of the stack ('url' of a Grafana datasource, the Loki ruler's 'alertmanager_url' and
// 'remote_write_url') are written to the output as they are, so credentials inside them are
// refused like every other secret in the repository (AmSecretInSource), and never printed.

#include <string_view>

#include "compiler/base/diagnostics.h"

namespace mzr::dsl {

// False, with the error reported and the value marked secret, when `url` carries credentials.
bool url_without_credentials(std::string_view key, std::string_view url, Span at,
                             Diagnostics& diags);

}  // namespace mzr::dsl
