#pragma once
// The metric families the catalogs describe in full. A family is a metric name's prefix up to
// and including its first '_' ("kube_", "node_"). A catalog describes a family in full when at
// least 20 of its metrics, and at least half, belong to it: kube-state-metrics' catalog is the
// `kube_` family, cAdvisor's the `container_` one, while the kubelet catalog's nine metrics
// leave `kubelet_` open. A query that reads a name of a closed family that no catalog declares
// (and no recording rule records) reads a misspelt or vanished metric (W0816).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/suggest.h"
#include "compiler/model/catalog.h"

namespace mzr {

// "kube_" for "kube_pod_info"; empty when the name has no '_' after its first character.
std::string metric_family(std::string_view name);

struct MetricFamilies {
  std::vector<std::string> closed;  // sorted
  // Every declared metric name, and suggestions among them for misspelt ones (which view the
  // names: both are shared, so that copies stay valid).
  std::shared_ptr<const std::vector<std::string>> names;
  std::shared_ptr<Suggester> suggestions;

  // The closed family `name` belongs to, or empty.
  std::string_view closed_family_of(std::string_view name) const;
};

MetricFamilies metric_families(const std::vector<model::Catalog>& catalogs);

}  // namespace mzr
