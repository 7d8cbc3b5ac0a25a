#pragma once
// Text taken from sources (keys, names, values, whole lines) ends up in terminals, CI logs and
// annotation parsers. A control character in it could end the line early and start a forged one
// (a GitHub workflow command such as `::error ...`), move the cursor or change colours; a
// bidirectional override could make it read differently from what it is. Such characters are
// shown as escapes instead, in the style of Go's strconv.Quote: `\n`, `\r`, `\t`, `\x1b` for the
// C0 controls and DEL, `\u0085`, `\u202e` for the C1 controls, bidirectional formatting and
// line separators, `\xff` for a byte that is not part of well-formed UTF-8. Everything else,
// including a backslash, is kept as it is.

#include <cstddef>
#include <string>
#include <string_view>

namespace mzr {

// Whether the code point is shown as an escape.
bool needs_escape(char32_t rune);

// Appends the visible form of the code point (or ill-formed byte) at s[i] to `out`; returns how
// many bytes of `s` it covers and, in `escaped`, whether it was written as an escape.
size_t append_visible(std::string& out, std::string_view s, size_t i, bool& escaped);

// `s` with every character that needs it escaped.
std::string visible_text(std::string_view s);

}  // namespace mzr
