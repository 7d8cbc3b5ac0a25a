#pragma once
// Builds `dashboard` blocks of a .mzr file into dsl::DashboardBlock. Internal to compiler/syntax.

#include "compiler/syntax/mzr_builder_tools.h"

namespace mzr::syntax {

dsl::DashboardBlock build_dashboard(antlr_Mzr::MzrParser::DashboardBlockContext* ctx,
                                    MzrBuilderTools& tools);

}  // namespace mzr::syntax
