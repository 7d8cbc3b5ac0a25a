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
  std::string_view line;  // the line as read
  std::string masked;     // the line with its secrets masked, when it holds one
  bool has_secret = false;
  size_t begin = 0;
  size_t end = 0;

  // The text to echo.
  std::string_view text() const { return has_secret ? std::string_view(masked) : line; }
};
MaskedLine mask_secrets(const Diagnostics& diags, SourceId file, uint32_t line_start,
                        std::string_view line, size_t begin, size_t end);

}  // namespace mzr
