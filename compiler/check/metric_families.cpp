#include "compiler/check/metric_families.h"

#include <map>
#include <set>

namespace mzr {

std::string metric_family(std::string_view name) {
  auto u = name.find('_');
  return u == std::string_view::npos || u == 0 ? std::string() : std::string(name.substr(0, u + 1));
}

std::string_view MetricFamilies::closed_family_of(std::string_view name) const {
  for (const std::string& f : closed) {
    if (name.starts_with(f)) return f;
  }
  return {};
}

// A catalog of a few metrics (the kubelet's volume statistics, an application's own counters)
// describes what its author needed, not a whole exporter.
constexpr size_t kLeastMembers = 20;

MetricFamilies metric_families(const std::vector<model::Catalog>& catalogs) {
  MetricFamilies out;
  std::set<std::string> closed;
  std::set<std::string> names;
  for (const model::Catalog& c : catalogs) {
    std::map<std::string, size_t> members;
    for (const model::MetricDecl& m : c.metrics) {
      names.insert(m.name.value);
      if (std::string f = metric_family(m.name.value); !f.empty()) ++members[f];
    }
    for (const auto& [family, n] : members) {
      if (n >= kLeastMembers && 2 * n >= c.metrics.size()) closed.insert(family);
    }
  }
  out.closed.assign(closed.begin(), closed.end());
  auto all = std::make_shared<const std::vector<std::string>>(names.begin(), names.end());
  out.suggestions =
      std::make_shared<Suggester>(std::vector<std::string_view>(all->begin(), all->end()));
  out.names = std::move(all);
  return out;
}

}  // namespace mzr
