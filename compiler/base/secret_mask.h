#pragma once
// What a source excerpt shows of a line that holds a secret: the secret's text replaced by
// '***' (Diagnostics::mark_secret), so that no output format ever repeats a credential.

#include <string>
#include <string_view>

#include "compiler/base/diagnostics.h"

namespace mzr {

inline constexpr std::string_view kSecretMask = "***";

// `line` (starting at byte `line_start` of `file`) with its secret ranges masked, and the byte
// range [begin, end) of the line moved with the text: a range inside a secret covers the mask.
struct MaskedLine {
  std::string storage;    // the masked text, when the line holds a secret
  std::string_view text;  // the line to echo: `storage`, or the line itself
  size_t begin = 0;
  size_t end = 0;
};
MaskedLine mask_secrets(const Diagnostics& diags, SourceId file, uint32_t line_start,
                        std::string_view line, size_t begin, size_t end);

}  // namespace mzr
