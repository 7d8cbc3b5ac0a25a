#pragma once
// Placing a range of a decoded string value back in its source file. A value read from YAML or
// .mzr may differ from the text it was written as (escapes, folded lines, concatenation), so the
// range is found by its text: where that text occurs in the written form exactly as often as in
// the value, the k-th occurrence in one is the k-th in the other.

#include <cstdint>
#include <string_view>

#include "compiler/base/source.h"

namespace mzr {

// Where bytes [begin, end) of `value`, written at `span`, are in the source; `span` itself when
// they cannot be placed exactly (or `sources` is null).
Span locate_in_text(Span span, std::string_view value, uint32_t begin, uint32_t end,
                    const SourceManager* sources);

}  // namespace mzr
