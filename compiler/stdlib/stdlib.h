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

// The library's catalogs, with spans into its sources, which are registered as
// "<stdlib>/NAME.mzr". `only` limits them to the named catalogs when not empty. Metrics that
// `own` (the repository's catalogs) declare are left out, so a repository can restate a library
// metric. The catalogs come from tables the build lowered (tables.h): the same values
// parse_catalogs gives, without parsing. The library's sources report no diagnostics (the build
// fails if they do), so `diags` receives none.
std::vector<model::Catalog> load_catalogs(SourceManager& sm, Diagnostics& diags,
                                          const std::vector<model::Catalog>& own,
                                          const std::vector<std::string>& only = {});

// Registers the library's sources in `sm` and parses and lowers them: every catalog, in file
// order. The build uses it to write the tables; tests compare the two.
std::vector<model::Catalog> parse_catalogs(SourceManager& sm, Diagnostics& diags);

}  // namespace mzr::stdlib
