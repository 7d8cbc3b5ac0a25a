#include "compiler/stdlib/stdlib.h"

#include <algorithm>
#include <set>
#include <string>

#include "compiler/dsl/lower.h"
#include "compiler/syntax/mzr_parser.h"

namespace mzr::stdlib {

std::vector<model::Catalog> load_catalogs(SourceManager& sm, Diagnostics& diags,
                                          const std::vector<model::Catalog>& own,
                                          const std::vector<std::string>& only) {
  std::set<std::string, std::less<>> declared;
  for (const model::Catalog& c : own) {
    for (const model::MetricDecl& m : c.metrics) declared.insert(m.name.value);
  }
  dsl::Lowered lowered;
  for (const File& f : files()) {
    SourceId id = sm.add("<stdlib>/" + std::string(f.name), std::string(f.text));
    dsl::File file = syntax::parse_mzr(sm, id, diags);
    dsl::lower(file, lowered, diags);
  }
  std::vector<model::Catalog> out;
  for (model::Catalog& c : lowered.catalogs) {
    if (!only.empty() && std::find(only.begin(), only.end(), c.name.value) == only.end()) {
      continue;
    }
    std::erase_if(c.metrics,
                  [&](const model::MetricDecl& m) { return declared.count(m.name.value) > 0; });
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace mzr::stdlib
