#include "compiler/dsl/url_secrets.h"

#include <fmt/format.h>

#include "compiler/base/url_credentials.h"

namespace mzr::dsl {

bool url_without_credentials(std::string_view key, std::string_view url, Span at,
                             Diagnostics& diags) {
  if (!url_userinfo(url)) return true;
  diags.mark_secret(at);
  diags.report(DiagKind::AmSecretInSource, at,
               fmt::format("credentials are written in the URL in '{}'; secrets never enter the "
                           "repository: leave them out of the URL",
                           key));
  return false;
}

}  // namespace mzr::dsl
