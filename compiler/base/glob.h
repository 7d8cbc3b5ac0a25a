#pragma once
// File name patterns as Go's path/filepath.Match reads them on Unix, which is how Alertmanager
// expands its `templates:` globs:
//
//   *        any sequence of characters other than '/'
//   ?        any one character (code point) other than '/'
//   [a-z0]   one character of the class; [^...] one character not in it; the class is not empty
//   \c       the character c, also inside a class
//
// A malformed pattern (an unclosed or empty class, a trailing backslash) matches nothing and is
// reported as such. Matching takes at most pattern length × name length steps: each run of
// literal characters between stars is placed at its first fit, which is enough because it always
// matches a fixed number of characters, so no earlier choice is ever revisited.

#include <string_view>

namespace mzr {

enum class GlobMatch { Yes, No, BadPattern };

GlobMatch glob_match(std::string_view pattern, std::string_view name);

// Whether the pattern has any character that Go's filepath.Glob treats as special (*, ?, [ or
// a backslash); a pattern without one names a single file.
bool glob_has_meta(std::string_view pattern);

}  // namespace mzr
