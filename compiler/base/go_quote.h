#pragma once
// Go's double-quoted string literals (strconv.Quote-like), the quoting PromQL and LogQL read back.

#include <string>
#include <string_view>

namespace mzr {

// The double-quoted Go literal whose unquoting is `s`: ", \ and control characters escaped,
// valid UTF-8 kept, bytes that are not UTF-8 written as \xNN.
std::string go_quote(std::string_view s);

}  // namespace mzr
