#pragma once
// Parses a .mzr file into its syntax tree. Syntax errors are reported and parsing recovers, so
// one run reports several independent mistakes; the tree holds whatever could be read.

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/dsl/ast.h"

namespace mzr::syntax {

dsl::File parse_mzr(const SourceManager& sm, SourceId id, Diagnostics& diags);

}  // namespace mzr::syntax
