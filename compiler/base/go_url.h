#pragma once
// The errors of Go's net/url.Parse, which Alertmanager runs on every URL setting before its own
// checks (http or https, a host): control characters anywhere, a malformed percent escape, a
// port that is not a number, a character that may not stand in a host name (a space, '{', '|',
// ...) or in the user information, an unclosed '[' in the host.

#include <optional>
#include <string>
#include <string_view>

namespace mzr {

// Go's message for the first problem url.Parse finds, without the URL itself (which may hold a
// secret), or nullopt when it parses.
std::optional<std::string> go_url_parse_error(std::string_view url);

}  // namespace mzr
