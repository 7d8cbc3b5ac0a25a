#pragma once
// Builds the Alertmanager blocks of a .mzr file (receiver, route, inhibit, time_interval,
// global, templates) into dsl::AmBlock. Internal to compiler/syntax.

#include "compiler/syntax/mzr_builder_tools.h"

namespace mzr::syntax {

// The item's Alertmanager block, or nullopt when the item is of another kind.
std::optional<dsl::AmBlock> build_am_block(antlr_Mzr::MzrParser::ItemContext* item,
                                           MzrBuilderTools& tools);

// Values and bodies written as in Alertmanager blocks, also used by the stack's grafana settings
// and by dashboards.
dsl::AmValueNode build_am_value(antlr_Mzr::MzrParser::AmValueContext* ctx, MzrBuilderTools& tools);
dsl::AmValueNode build_am_body(antlr_Mzr::MzrParser::AmBodyContext* ctx, MzrBuilderTools& tools);

}  // namespace mzr::syntax
