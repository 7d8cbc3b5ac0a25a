#pragma once
// Regular expressions as Alertmanager compiles them: Go's RE2 syntax, anchored textually as
// ^(?:expr)$, with Go's error wording.

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace mzr::routing {

// Compiles ^(?:expr)$. On failure returns null and sets `error` to Go's message, e.g.
// "error parsing regexp: missing closing ]: `[regexp)$`".
std::shared_ptr<const re2::RE2> compile_anchored(std::string_view expr, std::string* error);

// Go's MatchString: an unanchored search, so that textual anchoring behaves as in Go.
bool full_match(const re2::RE2& re, std::string_view text);

}  // namespace mzr::routing
