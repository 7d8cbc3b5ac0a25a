#pragma once
// Text that was embedded in another file (a YAML scalar, a JSON string, a block of the DSL),
// with the way back from each of its bytes to the byte of the file it came from. Parsers of
// embedded languages (PromQL, LogQL) work on `text` and report through `span()`, so a mistake
// inside a quoted YAML string with escapes is still shown at its real line and column.

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/base/source.h"

namespace mzr {

struct EmbeddedText {
  std::string text;
  SourceId file = kNoSource;
  // Source offset of text[i]; one more entry for the end of the text. When empty, the text is a
  // verbatim copy of the source starting at `base`.
  std::vector<uint32_t> offsets;
  uint32_t base = 0;

  // Text that is a verbatim slice of the source (DSL blocks, plain YAML scalars on one line).
  static EmbeddedText verbatim(std::string text, SourceId file, uint32_t base) {
    return EmbeddedText{std::move(text), file, {}, base};
  }

  uint32_t source_offset(uint32_t i) const {
    if (offsets.empty()) return base + i;
    return offsets[i < offsets.size() ? i : offsets.size() - 1];
  }
  // The source span of text bytes [begin, end).
  Span span(uint32_t begin, uint32_t end) const {
    uint32_t b = source_offset(begin);
    uint32_t e = end > begin ? source_offset(end - 1) + 1 : b;
    return {file, b, e < b ? b : e};
  }
};

}  // namespace mzr
