#pragma once
// Internal to compiler/syntax: one pass over the PromQL tokens before ANTLR parses them. It
// reports lexical errors with Prometheus' wording (bad numbers, unterminated strings, bad escapes,
// stray characters), unbalanced brackets, and input nested deeper than the parser may recurse.

#include <vector>

#include "compiler/base/diagnostics.h"
#include "compiler/syntax/promql_tokens.h"

namespace mzr::syntax {

// False after reporting the first problem found.
bool prescan_promql(const std::vector<PromqlToken>& tokens, const PromqlPositions& positions,
                    Diagnostics& diags);

}  // namespace mzr::syntax
