#pragma once
// Builds `test rules` blocks of a .mzr file into dsl::RuleTestBlock. Internal to compiler/syntax.

#include "compiler/syntax/mzr_builder_tools.h"

namespace mzr::syntax {

dsl::RuleTestBlock build_rule_test(antlr_Mzr::MzrParser::RuleTestBlockContext* ctx,
                                   MzrBuilderTools& tools);

}  // namespace mzr::syntax
