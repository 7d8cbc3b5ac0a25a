#pragma once
// Canonical PromQL text for a syntax tree: one space around binary operators, durations with
// units, names quoted only when they are not legacy-valid. Parsing the output gives back the
// same tree (same_tree), which the round-trip tests check over the corpora.

#include <string>

#include "compiler/base/go_quote.h"
#include "compiler/promql/ast.h"

namespace mzr::promql {

std::string print(const Expr* e);

// A Go-style double-quoted string literal, as PromQL reads it back.
inline std::string quote_string(std::string_view s) {
  return go_quote(s);
}

}  // namespace mzr::promql
