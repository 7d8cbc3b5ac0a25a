// 'versions.alertmanager': every key of the configuration that the pinned release does not know
// yet, at its position. One walk over the whole value tree, scope by scope as
// model/alertmanager_versions.h names them, before the decoder reads it.

#include "compiler/model/alertmanager_versions.h"

#include <fmt/format.h>

#include "compiler/load/alertmanager_decoder.h"

namespace mzr {

void AmDecoder::check_versions(NodeRef n, std::string_view scope) {
  if (!opts_.version) return;
  if (n.is_sequence()) {
    for (NodeRef item : n.items()) check_versions(item, scope);
    return;
  }
  if (!n.is_mapping()) return;
  for (const yaml::RefEntry& e : n.entries()) {
    if (!e.key.is_scalar()) continue;
    std::string_view key = e.key.value();
    if (auto since = model::am_key_since(scope, key); since && *since > *opts_.version) {
      diags_.report(DiagKind::AmFieldTooNew, e.key.span(),
                    fmt::format("'{}' needs Alertmanager {} or newer; 'versions.alertmanager' in "
                                "mzrules.yaml is {}, which refuses the configuration",
                                key, since->str(), opts_.version->str()));
      continue;
    }
    std::string_view child = model::am_child_scope(scope, key);
    if (!child.empty() && e.value) check_versions(e.value, child);
  }
}

}  // namespace mzr
