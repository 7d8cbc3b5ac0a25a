#pragma once
// Names that must be unique across the repository: rule groups written in .mzr (they are emitted
// and deployed together) and catalog metrics.

#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/model/catalog.h"
#include "compiler/model/rules.h"

namespace mzr {

void check_unique_names(const std::vector<model::RuleSet>& sets,
                        const std::vector<model::Catalog>& catalogs, Diagnostics& diags);

}  // namespace mzr
