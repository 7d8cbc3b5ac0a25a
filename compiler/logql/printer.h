#pragma once
// The canonical text of a LogQL query: one space around operators and between stages, strings
// double-quoted, parentheses only where precedence needs them, literals as they were written.
// Parsing the printed text gives the same tree (the round-trip tests hold this on every corpus).

#include <string>

#include "compiler/logql/ast.h"

namespace mzr::logql {

std::string print(const Expr* e);
std::string print(const LabelFilter* f);

}  // namespace mzr::logql
