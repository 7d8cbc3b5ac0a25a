#pragma once
// The canonical text of a .mzr file (`mzrules fmt`): fixed indentation and spacing, aligned
// catalogs, options in a fixed order, expressions re-indented but otherwise verbatim, every
// comment kept. Printing its own output again gives the same bytes.

#include <optional>
#include <string>

#include "compiler/base/diagnostics.h"
#include "compiler/base/source.h"
#include "compiler/dsl/ast.h"

namespace mzr::dsl {

// The formatted text, or nullopt (with a diagnostic) when a comment sits where the canonical form
// has no place for it: formatting never drops a comment.
std::optional<std::string> print(const File& file, const SourceFile& source, Diagnostics& diags);

}  // namespace mzr::dsl
