#pragma once
// The standard library: metric catalogs of the exporters every Kubernetes deployment runs
// (kube-state-metrics, node-exporter, cAdvisor and the kubelet) and of Materialize, written in
// .mzr and compiled into the binary. They feed the same catalog machinery as a repository's own
// `metrics` blocks; a repository's declaration of a metric replaces the library's.

#include <span>
#include <string_view>
#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/model/catalog.h"

namespace mzr::stdlib {

struct File {
  std::string_view name;  // e.g. "node-exporter.mzr"
  std::string_view text;
};

// Every file of the library, in name order (generated at build time).
std::span<const File> files();

// The library's catalogs, parsed from sources registered as "<stdlib>/NAME.mzr". `only` limits
// them to the named catalogs when not empty. Metrics that `own` (the repository's catalogs)
// declare are left out, so a repository can restate a library metric.
std::vector<model::Catalog> load_catalogs(SourceManager& sm, Diagnostics& diags,
                                          const std::vector<model::Catalog>& own,
                                          const std::vector<std::string>& only = {});

}  // namespace mzr::stdlib
