#pragma once
// The way back from the bytes of a YAML scalar's value to the bytes of the file: plain scalars
// folded over several lines, single- and double-quoted scalars with escapes and line folding,
// literal and folded block scalars. JSON strings are double-quoted YAML scalars.

#include "compiler/base/embedded.h"
#include "compiler/base/source.h"
#include "compiler/load/yaml.h"

namespace mzr::yaml {

// The scalar's value with a source offset for each of its bytes. Where the source cannot be
// aligned with the value (which does not happen for text the YAML parser produced from this file),
// the remaining bytes point at the scalar's start.
EmbeddedText embedded_scalar(const SourceFile& file, const Node& node);

}  // namespace mzr::yaml
